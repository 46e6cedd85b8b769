"""Pydantic models of /api/reviews (documentation and tests only: the routes return plain JSON)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .models import ID, Concept, Evidence, Ref

SRC = ID + "source/a-hrc-15-16/"


class UnitRef(BaseModel):
    iri: str = Field(description="the source unit (paragraph, recommendation, footnote, annex)")
    number: int | None
    label: str
    unit: str = Field(description="its number as the document writes it: 23, 98.4, footnote 1, annex")


class Session(Ref):
    number: int | None
    start: str | None
    end: str | None


class Member(BaseModel):
    iri: str
    person: Ref | None
    role: Concept | None = Field(description="head, deputy-head or member of the delegation")
    post: str | None = Field(description="the post exactly as the annex writes it")
    organization: Ref | None
    attributed_to: list[Ref] = Field(description="whose words: the annex is the delegation's text")
    evidence: list[Evidence]


class Delegation(Ref):
    on_behalf_of: Ref | None
    head: Ref | None
    members: list[Member]
    evidence: list[Evidence]


class ReviewDocument(Ref):
    symbol: str | None
    kind: Concept | None
    prepared_by: list[Ref]
    legal_basis: str | None
    evidence: list[Evidence]


class DocumentRef(Ref):
    symbol: str | None
    page: str = Field(description="the document's reading page")


class Act(BaseModel):
    iri: str
    kind: Concept | None
    verb: str | None = Field(description="the report's verb: commended, noted with concern, asked …")
    quote: str | None = Field(description="what the State did, in the report's words")
    question: bool
    themes: list[Concept]
    paragraph: UnitRef | None


class Statement(Ref):
    speaker: Ref | None = Field(description="whose statement: a State, or the Working Group for a summary of unnamed delegations")
    name_in_source: str | None
    collective: bool
    speaker_description: str | None
    delivered: bool | None = Field(description="false for the statements footnote 1 lists as not delivered")
    made_recommendations: bool | None
    paragraph: UnitRef | None
    themes: list[Concept]
    note: str | None
    acts: list[Act]


class Reply(Ref):
    speaker: Ref | None
    paragraph: UnitRef | None
    quotes: list[str]
    themes: list[Concept]
    concerns: list[Ref]
    answers: list[Ref]
    note: str | None
    evidence: list[Evidence]


class Dialogue(Ref):
    delivered: int | None
    not_delivered: int | None
    evidence: list[Evidence]
    statements: list[Statement]
    replies: list[Reply]


class Claim(Ref):
    status_claim: bool
    quotes: list[str]
    speaker: Ref | None
    paragraph: UnitRef | None
    treaty: Ref | None
    claimed_status: Concept | None
    note: str | None
    evidence: list[Evidence]


class DelegationFigure(Ref):
    measure: Concept | None
    value: Any
    qualifier: str | None
    unit: Concept | None
    quotes: list[str]
    speaker: Ref | None
    paragraph: UnitRef | None
    note: str | None
    evidence: list[Evidence]


class DelegationSaid(BaseModel):
    claims: list[Claim]
    figures: list[DelegationFigure]


class PositionSummary(BaseModel):
    position: Concept
    as_of: str | None
    response_due: str | None = Field(description="YYYY-MM where the report gives a month only")
    numbers: list[str]
    count: int = Field(description="numbered recommendations")
    clauses: int
    evidence: list[Evidence]
    attributed_to: list[Ref]
    explorer: str


class ReviewSummary(Ref):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "iri": ID + "review/upr-blr-2010", "label": "Universal Periodic Review of Belarus, 12 May 2010", "key": "upr-blr-2010",
        "state_under_review": {"iri": ID + "state/BLR", "label": "Belarus"},
        "session": {"iri": ID + "session/upr-wg-8", "label": "Eighth session of the Working Group on the Universal Periodic Review, 3-14 May 2010",
                    "number": 8, "start": "2010-05-03", "end": "2010-05-14"},
        "review_date": "2010-05-12", "adoption_date": "2010-05-14",
        "troika": [{"iri": ID + "state/NOR", "label": "Norway"}, {"iri": ID + "state/PHL", "label": "Philippines"},
                   {"iri": ID + "state/SEN", "label": "Senegal"}],
        "outcome": [{"iri": ID + "source/a-hrc-15-16", "label": "Report of the Working Group on the Universal Periodic Review: Belarus",
                     "symbol": "A/HRC/15/16", "page": "/sources/a-hrc-15-16"}],
        "evidence": [{"paragraph": SRC + "para/2", "number": 2, "quote": None, "label": "A/HRC/15/16, paragraph 2"}],
        "page": "/reviews/upr-blr-2010", "api": "/api/reviews/upr-blr-2010"}]})
    key: str
    state_under_review: Ref | None
    session: Session | None
    review_date: str | None
    adoption_date: str | None
    troika: list[Ref]
    outcome: list[DocumentRef]
    evidence: list[Evidence]
    page: str
    api: str


class ReviewList(BaseModel):
    items: list[ReviewSummary]
    total: int


class Review(Ref):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "iri": ID + "review/upr-blr-2010", "label": "Universal Periodic Review of Belarus, 12 May 2010", "key": "upr-blr-2010",
        "state_under_review": {"iri": ID + "state/BLR", "label": "Belarus"},
        "session": {"iri": ID + "session/upr-wg-8", "label": "Eighth session of the Working Group on the Universal Periodic Review, 3-14 May 2010",
                    "number": 8, "start": "2010-05-03", "end": "2010-05-14"},
        "review_date": "2010-05-12", "review_meeting": {"iri": ID + "meeting/upr-wg-8/16", "label": "16th meeting …"},
        "adoption_date": "2010-05-14", "adoption_meeting": {"iri": ID + "meeting/upr-wg-8/17", "label": "17th meeting …"},
        "troika": [{"iri": ID + "state/NOR", "label": "Norway"}, {"iri": ID + "state/PHL", "label": "Philippines"},
                   {"iri": ID + "state/SEN", "label": "Senegal"}],
        "delegation": {"iri": ID + "delegation/upr-blr-2010", "label": "Delegation of Belarus at the review of 12 May 2010",
                       "on_behalf_of": {"iri": ID + "state/BLR", "label": "Belarus"},
                       "head": {"iri": ID + "person/mikhail-khvostov", "label": "Mikhail Khvostov"}, "members": [], "evidence": []},
        "documents": [{"iri": ID + "document/a-hrc-wg-6-8-blr-1", "label": "A/HRC/WG.6/8/BLR/1 (national report of Belarus)",
                       "symbol": "A/HRC/WG.6/8/BLR/1", "kind": None, "prepared_by": [], "legal_basis": None, "evidence": []}],
        "questions_in_advance_from": [{"iri": ID + "state/ARG", "label": "Argentina"}],
        "outcome": [], "outcome_considered_at": None, "inferred_inputs": [], "note": None, "attributed_to": [], "evidence": [],
        "dialogue": None, "delegation_said": {"claims": [], "figures": []}, "recommendations": []}]})
    key: str
    state_under_review: Ref | None
    session: Session | None
    review_date: str | None
    review_meeting: Ref | None
    adoption_date: str | None
    adoption_meeting: Ref | None
    troika: list[Ref]
    delegation: Delegation | None
    documents: list[ReviewDocument]
    questions_in_advance_from: list[Ref]
    outcome: list[DocumentRef]
    outcome_considered_at: Ref | None
    inferred_inputs: list[DocumentRef] = Field(description="documents the data links to the review as inputs by inference (with a note)")
    note: str | None
    attributed_to: list[Ref]
    evidence: list[Evidence]
    dialogue: Dialogue | None
    delegation_said: DelegationSaid = Field(description="claims and figures attributed to the delegation: its words, not the report's findings")
    recommendations: list[PositionSummary]

"""Pydantic models of the /api answers: they document the OpenAPI schema (with examples) and the
tests validate real answers against them. Routes return plain JSON, so a data change can never
turn into a validation 500."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")
Scalar = str | int | float | bool | None

ID = "https://w3id.org/rightsgraph/id/"


class ErrorDetail(BaseModel):
    code: int = Field(description="the HTTP status")
    message: str = Field(description="what was wrong, for people")
    detail: Any = Field(None, description="machine-readable detail, where there is any")


class ErrorBody(BaseModel):
    """The one shape of every 4xx and 5xx answer."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"error": {"code": 404, "message": "no state with code 'XYZ'", "detail": None}}]})
    error: ErrorDetail


class Ref(BaseModel):
    iri: str
    label: str


class Concept(Ref):
    notation: str


class Evidence(BaseModel):
    paragraph: str = Field(description="IRI of the source paragraph")
    number: int | None = Field(description="the paragraph's number in its document")
    quote: str | None = Field(description="the exact words of the paragraph the fact rests on")
    label: str


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="items in the whole list (after filters)")
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page, or null on the last one")


class State(Ref):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "iri": ID + "state/BLR", "label": "Belarus", "code": "BLR", "alt_labels": ["Republic of Belarus"],
        "government": {"iri": ID + "organization/government-blr", "label": "Government of the Republic of Belarus"},
        "same_as": ["http://www.wikidata.org/entity/Q184"], "evidence": []}]})
    code: str | None
    alt_labels: list[str]
    government: Ref | None
    same_as: list[str]
    evidence: list[Evidence]


class Hedge(Ref):
    """An editorial flag (rg:Ambiguity) on a statement or a derived status: the data records what the source says
    and this says how it was read. Its page is the IRI (/id/ambiguity/...)."""

    note: Scalar = Field(description="how the source was read, and why it is in doubt")


class SourceRef(Ref):
    symbol: Scalar = Field(description="the document's symbol (A/HRC/15/16), or null")
    date: Scalar = Field(description="the document's date at its precision (2009; 2010-06-21)")
    author: Ref | None = Field(description="who wrote the document")


class Action(Ref):
    type: str | None = Field(description="notation of the action type: signature, ratification, accession...")
    date: Scalar = Field(description="rg:actionDate at the precision the source gives (2001-08), or null: undated")
    not_later_than: Scalar = Field(description="rg:notLaterThan: for an undated action, the upper bound the source gives "
                                               "(the report's own date, 2009)")
    reported_date: Scalar = Field(description="rg:reportedDate: a date the report gives without saying which step it dates "
                                              "(3 May 2003: domestic act or deposit?), never the date of becoming bound")
    without_reservations: bool | None
    wording: str = Field(description="the action for people: 'accession, August 2001, without reservations'; 'ratification, "
                                     "undated (no later than 2009)'")
    according_to: str = Field(description="whose words, in words: 'according to the United Nations Country Team in Belarus in its "
                                          "submission ... (2009), ¶ 4'")
    source: SourceRef | None = Field(description="the document the action is read from")
    hedges: list[Hedge] = Field(description="the editorial flags on this action")
    note: Scalar


class Assertion(Ref):
    status: list[str]
    basis: Literal["stated", "implied-by-recommendation"] | str = Field(
        description="stated (a source says so) or implied-by-recommendation (inferred from a recommendation to ratify, sign or accede)")
    as_of: Scalar = Field(description="the date the status holds for, at the source's precision (2009; 2010-05-12)")
    attributed_to: list[Ref] = Field(description="whose assertion it is (empty for an implied one: an inference of the project)")
    according_to: str = Field(description="whose it is and as of when, in words: 'according to the United Nations Country Team in "
                                          "Belarus in its submission ... (2009), ¶ 2, as of 2009'; 'implied by recommendation 98.4 in "
                                          "A/HRC/15/16 (...), as of 12 May 2010'")
    source: SourceRef | None = Field(description="the document it is read from")
    implied_by: list[Ref] = Field(description="for an implied status: the recommendation clauses it is inferred from")
    recommendations: list[str] = Field(description="for an implied status: the numbers of those clauses' recommendations (98.4)")
    recommending_states: list[Ref] = Field(description="for an implied status: the States that recommended it")
    positions: list[dict] = Field(description="for an implied status: the State under review's positions on those recommendations")
    hedges: list[Hedge] = Field(description="the editorial flags on this assertion")
    note: Scalar


class PartyStatus(Ref):
    """The party status the build derives (rules/party-to.rq): the actions it rests on and the flags on them
    (rules/party-status-hedge.rq)."""

    based_on: list[dict] = Field(description="the treaty actions it rests on (rg:basedOn): iri, label, type")
    hedges: list[Hedge] = Field(description="the flags that hedge it (rg:hedgedBy)")


class Claim(Ref):
    """A speaker's status claim (rg:StatusClaim), e.g. the delegation's at the review: a claim, never a status."""

    claimed_status: list[str] = Field(description="what is claimed: party")
    wording: str = Field(description="the claim with whose it is: 'party (the delegation's claim)'")
    attributed_to: list[Ref]
    as_of: Scalar
    scope: Scalar = Field(description="where the claim names no treaty: the treaties it covers in the speaker's words")
    treaty: Ref | None
    made_at: Ref | None = Field(description="the meeting where it was made")
    according_to: str = Field(description="'claimed by the delegation of Belarus at the review of 12 May 2010, as recorded in A/HRC/15/16, ¶ 56'")
    source: SourceRef | None
    hedges: list[Hedge]
    note: Scalar
    evidence: list[Evidence]


class TreatyStanding(Ref):
    """A state's standing towards one treaty, with the evidence for it."""

    # the ICRMW for Belarus: not party, stated (2009, hedged) and implied (2010)
    model_config = ConfigDict(json_schema_extra={"examples": [
        {'iri': ID + 'treaty/untc-IV-13',
         'label': 'International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families',
         'key': 'untc-IV-13',
         'status': 'not-party',
         'hedged': True,
         'hedges': [{'iri': ID + 'ambiguity/unct-blr-2009/labour-migrants-convention',
                     'label': "Which convention is 'the Convention on Labour Migrants Rights', and what 'not ratified' says",
                     'note': "The report's name matches no treaty title. It is read as the UN International Convention on the Protection "
                             'of the Rights of All Migrant Workers and Members of …'}],
         'party_status': None,
         'intentions': [],
         'actions': [],
         'assertions': [{'iri': ID + 'status-assertion/BLR/untc-IV-13/unct-blr-2009-p66',
                         'label': 'Belarus has not ratified the Migrant Workers Convention',
                         'status': ['not-party'],
                         'basis': 'stated',
                         'as_of': '2009',
                         'attributed_to': [{'iri': ID + 'organization/unct-belarus',
                                            'label': 'United Nations Country Team in Belarus'}],
                         'according_to': 'according to the United Nations Country Team in Belarus in its submission for the Universal '
                                         'Periodic Review of Belarus (2009), ¶ 66, as of 2009',
                         'source': {'iri': ID + 'source/unct-blr-2009',
                                    'label': 'United Nations Country Team in Belarus: submission for the Universal Periodic Review of '
                                             'Belarus (2009)',
                                    'symbol': None,
                                    'date': '2009',
                                    'author': {'iri': ID + 'organization/unct-belarus',
                                               'label': 'United Nations Country Team in Belarus'}},
                         'implied_by': [],
                         'recommendations': [],
                         'recommending_states': [],
                         'positions': [],
                         'hedges': [{'iri': ID + 'ambiguity/unct-blr-2009/labour-migrants-convention',
                                     'label': "Which convention is 'the Convention on Labour Migrants Rights', and what 'not ratified' "
                                              'says',
                                     'note': "The report's name matches no treaty title. It is read as the UN International Convention "
                                             'on the Protection of the Rights of All Migrant Workers and Members of …'}],
                         'note': None},
                        {'iri': ID + 'status-assertion/BLR/untc-IV-13/a-hrc-15-16-implied',
                         'label': 'Belarus not party to untc-IV-13 on 12 May 2010, as implied by recommendations 97.1',
                         'status': ['not-party'],
                         'basis': 'implied-by-recommendation',
                         'as_of': '2010-05-12',
                         'attributed_to': [],
                         'according_to': 'implied by recommendation 97.1 in A/HRC/15/16 (Report of the Working Group on the Universal '
                                         'Periodic Review: Belarus), as of 12 May 2010',
                         'source': {'iri': ID + 'source/a-hrc-15-16',
                                    'label': 'Report of the Working Group on the Universal Periodic Review: Belarus',
                                    'symbol': 'A/HRC/15/16',
                                    'date': '2010-06-21',
                                    'author': {'iri': ID + 'organization/upr-working-group',
                                               'label': 'Working Group on the Universal Periodic Review'}},
                         'implied_by': [{'iri': ID + 'recommendation/a-hrc-15-16/97.1-1',
                                         'label': 'Examine, in the spirit of its engagement in favour of human rights, the possibility '
                                                  'of adhering to the …'},
                                        {'iri': ID + 'recommendation/a-hrc-15-16/97.1-2',
                                         'label': 'Consider signing and ratifying the International Convention on the Rights of All '
                                                  'Migrant Workers and Members …'}],
                         'recommendations': ['97.1'],
                         'recommending_states': [{'iri': ID + 'state/DZA', 'label': 'Algeria'},
                                                 {'iri': ID + 'state/EGY', 'label': 'Egypt'}],
                         'positions': [{'iri': ID + 'position/a-hrc-15-16/97.1',
                                        'label': 'Position of Belarus on recommendation 97.1: supported',
                                        'value': {'iri': ID + 'concept/recommendation-position/supported',
                                                  'label': 'supported',
                                                  'notation': 'supported'},
                                        'as_of': '2010-05-14',
                                        'response_due': None,
                                        'attributed_to': [{'iri': ID + 'state/BLR', 'label': 'Belarus'}],
                                        'recorded_by': [{'iri': ID + 'organization/upr-working-group',
                                                         'label': 'Working Group on the Universal Periodic Review'}]}],
                         'hedges': [],
                         'note': 'An inference, not a statement of the report: a State recommends ratifying, signing or acceding to an '
                                 'instrument only if …'}],
         'bases': ['implied-by-recommendation', 'stated'],
         'claims': [],
         'evidence': [{'paragraph': ID + 'source/unct-blr-2009/para/66',
                       'number': 66,
                       'quote': 'so far it has not ratified the Convention on Labour Migrants Rights',
                       'label': 'United Nations Country Team in Belarus: submission for the Universal Periodic Review of Belarus (2009), '
                                'paragraph 66'},
                      {'paragraph': ID + 'source/a-hrc-15-16/para/97.1',
                       'number': None,
                       'quote': 'International Convention on the Protection of the Rights of All Migrant Workers and Members of Their '
                                'Families',
                       'label': 'A/HRC/15/16, recommendation 97.1'}]}
    ]})
    key: str
    status: Literal["party", "signatory", "not-party", "unknown"] = Field(
        description="party (derived rg:partyTo), else signatory (rg:signatoryOf), else not-party (a status assertion), else unknown. "
                    "A speaker's claim (claims) never makes a status")
    hedged: bool = Field(description="whether an editorial flag hedges the status (see hedges)")
    hedges: list[Hedge] = Field(description="the flags on what the status rests on: the derived party status's rg:hedgedBy, the "
                                            "signatures of a signatory, the not-party assertions")
    party_status: PartyStatus | None = Field(description="the derived party status (rg:PartyStatus) with its basis and hedges, or null")
    intentions: list[str] = Field(description="notations of other asserted statuses, e.g. considering-accession")
    bases: list[str] = Field(description="the bases of the not-party assertions: stated, implied-by-recommendation")
    actions: list[Action]
    assertions: list[Assertion]
    claims: list[Claim] = Field(description="status claims about this treaty (the delegation's at the review): "
                                            "'party (the delegation's claim)', kept apart from the status")
    evidence: list[Evidence]


class StateStanding(Ref):
    status: str
    intentions: list[str]
    hedged: bool
    hedges: list[Hedge]
    claims: list[str] = Field(description="status claims, in words: 'party (the delegation's claim)'")


class Treaty(Ref):
    key: str
    alt_labels: list[str]
    untc_number: Scalar
    ets_number: Scalar
    adoption_date: Scalar
    supplements: list[Ref]
    supplemented_by: list[Ref]
    themes: list[Concept]
    protects: list[Concept]
    evidence: list[Evidence]


class TreatyDetail(Treaty):
    parties: list[StateStanding] = Field(description="every state the data says something about for this treaty")


class Organization(Ref):
    kind: Literal["intergovernmental", "government", "civil-society"] | None
    acronym: Scalar
    alt_labels: list[str]
    parent: Ref | None
    jurisdiction: Ref | None
    evidence: list[Evidence]


class Programme(Ref):
    kind: Literal["programme", "project"]
    start_date: Scalar
    end_date: Scalar
    funders: list[Ref]
    co_funders: list[Ref]
    implementers: list[Ref]
    partners: list[Ref]
    coordinators: list[Ref]
    adopted_by: list[Ref]
    part_of: Ref | None
    follows_up: list[Ref]
    budget: list[dict[str, Scalar]]
    objectives: list[Scalar]
    themes: list[Concept]
    target_groups: list[Concept]
    evidence: list[Evidence]


class Numbered(Ref):
    number: str | None = Field(description="the recommendation's number in its document, e.g. 98.4")


class Position(Ref):
    value: Concept | None = Field(description="supported, to be examined, ... (the recommendation-position scheme)")
    as_of: Scalar = Field(description="the date the document records the position (xsd:date)")
    response_due: Scalar = Field(description="when a response is due, at the precision the document gives (2010-09)")
    attributed_to: list[Ref] = Field(description="whose position it is (the State under review)")
    recorded_by: list[Ref] = Field(description="who recorded it (the Working Group's report)")
    evidence: list[Evidence]


class Recommendation(Ref):
    recommended_by: list[Ref] = Field(description="the UNCT, or the recommending State(s) of a clause")
    attributed_to: list[Ref] = Field(description="whose words the recommendation is (prov:wasAttributedTo)")
    addressed_to: list[Ref]
    action: Concept | None
    themes: list[Concept]
    concerns: list[Ref] = Field(description="instruments (treaties, with UN Treaty Collection keys), laws, articles and other targets")
    recommendation: Numbered | None = Field(description="the numbered recommendation a clause belongs to (2010: 97.x, 98.x)")
    clause: Scalar = Field(description="the clause's place in its numbered recommendation")
    source: Ref | None = Field(description="the document the recommendation is in")
    positions: list[Position] = Field(description="the positions of the State under review recorded on it, oldest first")
    note: Scalar
    evidence: list[Evidence]


class Count(Ref):
    count: int


class RecommendationFacets(BaseModel):
    recommended_by: list[Count] = Field(description="recommendations per recommending State (or body), most first")
    concerns: list[Count] = Field(description="recommendations per instrument or other target, most first")
    positions: list[Count] = Field(description="recommendations per latest recorded position")


class RecommendationPage(Page[Recommendation]):
    facets: RecommendationFacets = Field(description="counts over the whole filtered list, not only this page")


class Obligation(Ref):
    arises_from: list[Ref]
    articles: list[Scalar]
    bearers: list[Ref]
    rights_holders: list[Concept]
    state_roles: list[Concept]
    themes: list[Concept]
    note: Scalar
    evidence: list[Evidence]


class Figure(Ref):
    measure: Concept | None
    value: Scalar
    unit: Concept | None
    qualifier: Scalar
    period_start: Scalar
    period_end: Scalar
    ref_area: Ref | None
    breakdown: Ref | None
    breakdown_kind: Concept | None
    part_of: Ref | None
    evidence: list[Evidence]


class Match(BaseModel):
    field: Literal["label", "quote"]
    text: str


class SearchHit(Ref):
    types: list[str]
    matches: list[Match]


ERRORS = {
    400: {"model": ErrorBody, "description": "a parameter is wrong"},
    404: {"model": ErrorBody, "description": "no such resource"},
    406: {"model": ErrorBody, "description": "none of the accepted media types is available"},
}

"""A/HRC/15/16 (the Working Group's report on Belarus, 2010) against the PDF's own numbering and words.

Every expected value here was read from the original PDF (shared/sources/…-2010.pdf, 23 pages,
checked with `pdftotext -layout`), not from the generated data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from rightsgraph.namespaces import ID, RG
from rightsgraph.sources import documents, segment

ROOT = Path(__file__).resolve().parents[2]
DOC = next(d for d in documents(ROOT) if d.key == "a-hrc-15-16")
BASE = "https://w3id.org/rightsgraph/id/source/a-hrc-15-16"


@pytest.fixture(scope="module")
def report():
    return segment(DOC)


@pytest.fixture(scope="module")
def graph():
    return Graph().parse(ROOT / "data" / "sources" / "a-hrc-15-16.ttl")


def test_99_paragraphs_in_order(report):
    assert list(report.paragraphs) == list(range(1, 100))
    assert report.paragraphs[1].startswith("The Working Group on the Universal Periodic Review, established in accordance with Human Rights Council resolution 5/1")
    assert report.paragraphs[1].endswith("At its 17th meeting, held on 14 May 2010, the Working Group adopted the report on Belarus.")
    assert report.paragraphs[52].startswith("Israel noted the efforts of Belarus regarding anti-trafficking legislation")
    assert report.paragraphs[97] == ("The recommendations formulated during the interactive dialogue and listed below "
                                     "have been examined by Belarus and enjoy its support:")
    assert report.paragraphs[98].endswith("no later than the fifteenth session of the Human Rights Council, in September 2010:")
    assert report.paragraphs[99].endswith("They should not be construed as endorsed by the Working Group as a whole.")


def test_55_and_38_recommendations_in_order(report):
    labels = list(report.subunits)
    assert labels == [f"97.{k}" for k in range(1, 56)] + [f"98.{k}" for k in range(1, 39)]
    r = report.subunits
    assert r["97.1"].text.startswith("Examine, in the spirit of its engagement in favour of human rights, the possibility of adhering to the International Convention on the Protection of the Rights of All Migrant Workers")
    assert r["97.1"].text.endswith("(Egypt);")
    assert r["97.55"].text.endswith("to accompany it in its projects of human and social development (Morocco).")
    assert r["98.1"].text == "Ratify the Second Optional Protocol to the International Convention on Civil and Political Rights (Brazil) (Italy);"
    assert r["98.4"].text.startswith("Sign (Iraq)/sign and ratify (Spain)/accede to (Czech Republic)/ratify (Brazil)/ratify and implement (Switzerland) the Optional Protocol")
    assert r["98.38"].text.endswith("to participate freely in the political process without fear of retribution (Canada).")


def test_recommendations_are_not_in_their_paragraphs_text(report):
    assert "Examine" not in report.paragraphs[97]
    assert "Ratify" not in report.paragraphs[98]
    assert "(Morocco)" not in report.paragraphs[98]


def test_recommendation_split_by_a_page_break_is_whole(report):
    # 97.26 runs from p. 15 to p. 16; 98.17 from p. 19 to p. 20
    assert "continue to implement its comprehensive programme to combat human trafficking" in report.subunits["97.26"].text
    assert "abolish the death penalty as soon as possible, and, in the meantime, establish an immediate moratorium" in report.subunits["98.17"].text


def test_the_widely_spaced_line_of_98_34_reads_as_printed(report):
    assert report.subunits["98.34"].text == "Simplify the issuance of permissions for holding assemblies (Lithuania);"


def test_non_hyphenated_at_line_ends_keeps_its_hyphen(report):
    texts = [u.text for u in report.units]
    assert not any("nongovernmental" in t or "nonregistered" in t for t in texts)
    assert "harassment and closure of non-governmental organizations" in report.paragraphs[73]
    assert "acting on behalf of a non-registered organization" in report.subunits["98.9"].text


def test_footnote_1_lists_31_states_and_stays_out_of_paragraph_21(report):
    (note,) = report.footnotes
    assert note.number == 1
    *states, last = note.text.rstrip(".").split(", ")
    states += last.split(" and ")  # "… Serbia and South Africa"
    assert len(states) == 31
    assert states[0] == "Viet Nam" and states[-1] == "South Africa" and "the Holy See" in states
    assert note.referenced_by == "para/21"
    p21 = report.paragraphs[21]
    assert "Viet Nam" not in p21
    assert "will be posted on the extranet of the universal periodic review when available. Recommendations made during the dialogue" in p21
    # the paragraph the footnote interrupts at the page foot (p. 5 to p. 6) is whole
    assert "It noted impressive results in the area of basic economic and social rights" in report.paragraphs[23]
    assert "Viet Nam" not in report.paragraphs[23]


def test_page_headers_and_numbers_are_dropped(report):
    # 23 pages, each headed A/HRC/15/16; pages 2-23 are numbered at their foot
    assert report.line_roles.count("page-header") == 23
    numbers = [report.lines[i] for i, role in enumerate(report.line_roles) if role == "page-number"]
    assert numbers == [str(n) for n in range(2, 24)]
    for unit in report.units:
        assert "A/HRC/15/16" not in unit.text, unit.name
    assert "and that the budget financed 40 per cent of the costs" in report.paragraphs[90]  # p. 12 to p. 13


def test_sections(report):
    s = report.sections
    assert s[1] == s[4] == "Introduction"
    assert s[5] == s[20] == "I. Summary of the proceedings of the review process / A. Presentation by the State under review"
    assert s[21] == s[96] == "I. Summary of the proceedings of the review process / B. Interactive dialogue and responses by the State under review"
    assert s[97] == s[99] == "II. Conclusions and/or recommendations"
    assert report.subunits["98.1"].section == "II. Conclusions and/or recommendations"


def test_the_annex_composition_of_the_delegation(report):
    annex = report.annex
    assert annex.section == "Annex: Composition of the delegation"
    assert annex.text.startswith("The delegation of Belarus was headed by H.E. Mr. Mikhail Khvostov, Ambassador Extraordinary and Plenipotentiary")
    assert annex.text.count("•") == 4
    assert annex.text.endswith("Mr. Andrei Taranda, Counsellor, Permanent Mission to the United Nations Office and other International Organizations at Geneva.")
    assert "Composition of the delegation" not in annex.text


def test_the_cover_page_gives_date_and_previous_symbol(report):
    assert "21 June 2010" in report.cover.text
    assert "Previously issued under document symbol A/HRC/WG.6/8/L.15." in report.cover.text
    assert "Contents" not in report.cover.text and "Introduction" not in report.cover.text


def test_the_document_resource(graph):
    d = URIRef(BASE)
    assert graph.value(d, RG.documentSymbol) == Literal("A/HRC/15/16")
    assert graph.value(d, RG.previousSymbol) == Literal("A/HRC/WG.6/8/L.15")
    assert graph.value(d, DCTERMS.date) == Literal("2010-06-21", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert graph.value(d, DCTERMS.creator) == ID["organization/upr-working-group"]
    assert graph.value(d, RG.forReview) == ID["review/upr-blr-2010"]
    assert graph.value(d, RG.layout) == ID["concept/source-layout/number-own-line"]


def test_recommendation_resources_link_to_their_paragraph(graph):
    r = URIRef(f"{BASE}/para/97.1")
    assert graph.value(r, RG.subunitOf) == URIRef(f"{BASE}/para/97")
    assert graph.value(r, RG.unitNumber) == Literal("97.1")
    assert graph.value(r, RG.position) == Literal(1)
    assert graph.value(r, RG.paragraphOf) == URIRef(BASE)
    assert graph.value(r, RG.paragraphNumber) is None
    assert len(set(graph.subjects(RG.subunitOf, URIRef(f"{BASE}/para/98")))) == 38
    assert graph.value(URIRef(f"{BASE}/footnote/1"), DCTERMS.isReferencedBy) == URIRef(f"{BASE}/para/21")
    for unit in ("annex", "cover", "footnote/1", "para/1", "para/99", "para/98.38"):
        assert graph.value(URIRef(f"{BASE}/{unit}"), RG.text) is not None, unit

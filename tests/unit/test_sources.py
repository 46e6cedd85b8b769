"""The report becomes 69 paragraphs whose texts every quote is checked against."""

from __future__ import annotations

from rightsgraph.sources import catalog, paragraphs_graph, parse_report


def report_text(root):
    return (root / "data" / "sources" / "unct-belarus-upr-2009.txt").read_text(encoding="utf-8")


def test_all_69_paragraphs_in_order(root):
    report = parse_report(report_text(root))
    assert list(report.paragraphs) == list(range(1, 70))
    assert report.paragraphs[1].startswith("This report is drafted by the United Nations Country Team in Belarus")
    assert report.paragraphs[69].endswith("should not be imposed by the State.")


def test_headings_and_footnotes_stay_out_of_paragraph_text(root):
    report = parse_report(report_text(root))
    assert "Rights of refugees, asylum-seekers" not in report.paragraphs[20]
    assert report.sections[21].endswith("Rights of refugees, asylum-seekers, and stateless persons")
    assert "Soderkoping process' was launched" not in report.paragraphs[48]
    assert "public information activities to make the public opinion receptive" in report.paragraphs[48]
    assert [f.number for f in report.footnotes] == [2]
    assert "launched in early 2001" in report.footnotes[0].text


def test_committed_sources_match_the_report(root):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    for doc, expected in catalog(root):
        committed = Graph().parse(root / "data" / "sources" / f"{doc.key}.ttl")
        assert isomorphic(committed, paragraphs_graph(doc, expected)), "run `rightsgraph sources` to regenerate"


def test_line_breaks_become_single_spaces(root):
    report = parse_report(report_text(root))
    assert "in August 2001 without reservations. Belarus is not party to the 1954" in report.paragraphs[2]
    assert all("  " not in text and "\n" not in text for text in report.paragraphs.values())


def test_the_2009_submission_has_no_symbol_and_no_stated_review(root):
    from rdflib import Graph, URIRef

    from rightsgraph.namespaces import ID, RG

    g = Graph().parse(root / "data" / "sources" / "unct-blr-2009.ttl")
    d = URIRef(ID["source/unct-blr-2009"])
    assert g.value(d, RG.documentSymbol) is None  # the text gives none; none is invented
    assert g.value(d, RG.forReview) is None  # that it fed the 2010 review is practice, not in the text
    assert g.value(d, RG.layout) == ID["concept/source-layout/number-inline"]

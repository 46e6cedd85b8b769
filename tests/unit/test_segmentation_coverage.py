"""Coverage per source: every unit of every document (paragraph, recommendation, footnote, annex, cover), cited or not."""

from __future__ import annotations

import pytest
from rdflib import Graph

from rightsgraph.coverage import coverage, format_summary, summary, unit_coverage, unit_kind, unit_name

DATA = """
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rg: <https://w3id.org/rightsgraph/def#> .
@prefix s: <https://w3id.org/rightsgraph/id/source/> .
s:a a rg:SourceDocument .
s:b a rg:SourceDocument .
<https://w3id.org/rightsgraph/id/source/a/para/2> a rg:Paragraph ; rg:paragraphOf s:a ; rg:paragraphNumber 2 .
<https://w3id.org/rightsgraph/id/source/a/para/10> a rg:Paragraph ; rg:paragraphOf s:a ; rg:paragraphNumber 10 .
<https://w3id.org/rightsgraph/id/source/a/para/10.2> a rg:Paragraph ; rg:paragraphOf s:a ; rg:unitNumber "10.2" .
<https://w3id.org/rightsgraph/id/source/a/para/10.10> a rg:Paragraph ; rg:paragraphOf s:a ; rg:unitNumber "10.10" .
<https://w3id.org/rightsgraph/id/source/a/footnote/1> a rg:Paragraph ; rg:paragraphOf s:a .
<https://w3id.org/rightsgraph/id/source/a/annex> a rg:Paragraph ; rg:paragraphOf s:a .
<https://w3id.org/rightsgraph/id/source/a/cover> a rg:Paragraph ; rg:paragraphOf s:a .
<https://w3id.org/rightsgraph/id/source/b/para/1> a rg:Paragraph ; rg:paragraphOf s:b ; rg:paragraphNumber 1 .
<https://w3id.org/rightsgraph/id/x/1> prov:wasDerivedFrom <https://w3id.org/rightsgraph/id/source/a/para/10.10> ,
    <https://w3id.org/rightsgraph/id/source/a/annex> .
<https://w3id.org/rightsgraph/id/x/2> prov:wasDerivedFrom <https://w3id.org/rightsgraph/id/source/b/para/1> .
<https://w3id.org/rightsgraph/id/source/a/para/2> prov:wasDerivedFrom s:a .
"""
A = "https://w3id.org/rightsgraph/id/source/a"
B = "https://w3id.org/rightsgraph/id/source/b"


@pytest.fixture(scope="module")
def graph():
    return Graph().parse(data=DATA, format="turtle")


def test_every_unit_of_every_source_in_document_order(graph):
    table = unit_coverage(graph)
    assert list(table) == [A, B]
    assert list(table[A]) == ["cover", "2", "10", "10.2", "10.10", "footnote/1", "annex"]
    assert table[A]["10.10"] == ["https://w3id.org/rightsgraph/id/x/1"]
    assert table[A]["annex"] == ["https://w3id.org/rightsgraph/id/x/1"]
    assert table[A]["2"] == []  # a paragraph's own derivation from its document is not a citation
    assert table[B] == {"1": ["https://w3id.org/rightsgraph/id/x/2"]}


def test_one_source_only(graph):
    assert list(unit_coverage(graph, B)) == [B]
    assert unit_coverage(graph, "https://w3id.org/rightsgraph/id/source/none") == {}


def test_summary_counts_each_kind(graph):
    units = unit_coverage(graph)[A]
    assert summary(units) == {"cover": (0, 1), "paragraph": (0, 2), "recommendation": (1, 2), "footnote": (0, 1), "annex": (1, 1)}
    assert format_summary(units) == "2 of 7 units cited (cover 0/1, paragraphs 0/2, recommendations 1/2, footnotes 0/1, annex 1/1)"


def test_unit_names_and_kinds():
    assert unit_name(A, A + "/para/97.1") == "97.1"
    assert [unit_kind(n) for n in ("21", "97.1", "footnote/1", "annex", "cover", "weird/x")] == [
        "paragraph", "recommendation", "footnote", "annex", "cover", "other"]


def test_numbered_paragraph_coverage_is_unchanged(graph):
    assert coverage(graph, A) == {2: [], 10: []}
    assert coverage(graph, B) == {1: ["https://w3id.org/rightsgraph/id/x/2"]}


def test_the_cli_reports_each_source(root, built, capsys, monkeypatch):
    from rightsgraph import cli

    build_dir = next(p for p in built.path.parents if (p / "current").exists())
    monkeypatch.setenv("RIGHTSGRAPH_BUILD_DIR", str(build_dir))
    assert cli.main(["--root", str(root), "coverage", "--source", "a-hrc-15-16", "--json"]) == 0
    import json

    units = json.loads(capsys.readouterr().out)
    assert [k for k in units if "." in k] == [f"97.{k}" for k in range(1, 56)] + [f"98.{k}" for k in range(1, 39)]
    assert {"cover", "1", "99", "footnote/1", "annex"} <= set(units)
    assert cli.main(["--root", str(root), "coverage"]) == 0
    out = capsys.readouterr().out
    assert "# a-hrc-15-16: " in out and "# unct-blr-2009: " in out and "\n97.1: " in out

"""The instruments the 2010 Working Group report (A/HRC/15/16) names, and their identifiers.

Where each instrument is named, and in which words, is read from the report's text
(../shared/sources/a-hrc-15-16-upr-wg-belarus-2010.txt), split into its numbered paragraphs here;
the identifiers are the verified ones of docs/identifiers.md. Each check has a negative case beside it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from rightsgraph.build.loading import load_layers
from rightsgraph.namespaces import RG
from rightsgraph.build.validation import validate

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "data" / "sources" / "a-hrc-15-16-upr-wg-belarus-2010.txt"  # the project's copy of ../shared/sources/
IDENTIFIERS_DOC = ROOT / "docs" / "identifiers.md"
ID = "https://w3id.org/rightsgraph/id/"
PARA = ID + "source/a-hrc-15-16/para/"
RGSH = "https://w3id.org/rightsgraph/def/shapes#"


def treaty(key: str) -> URIRef:
    return URIRef(f"{ID}treaty/{key}")


# (paragraph, the report's words, the node they name), read from the report.
NAMED = [
    ("97.1", "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families", "untc-IV-13"),
    ("97.1", "International Convention on the Rights of All Migrant Workers and Members of Their Families", "untc-IV-13"),
    ("43", "ratify the Convention on the Rights of Persons with Disabilities", "untc-IV-15"),
    ("97.2", "adhering to the Convention on the Rights of Persons with Disabilities", "untc-IV-15"),
    ("98.2", "Ratify the Convention on the Rights of Persons with Disabilities", "untc-IV-15"),
    ("98.3", "the Convention on the Rights of Persons with Disabilities and its Optional Protocol", "untc-IV-15-a"),
    ("98.1", "Ratify the Second Optional Protocol to the International Convention on Civil and Political Rights", "untc-IV-12"),
    ("98.16", "Second Optional Protocol to the International Covenant on Civil and Political Rights", "untc-IV-12"),
    ("98.17", "ratify the Second Optional Protocol to the International Covenant on Civil and Political Rights", "untc-IV-12"),
    ("98.4", "the Optional Protocol to the Convention against Torture and other Cruel, Inhuman or Degrading Treatment or Punishment", "untc-IV-9-b"),
    ("56", "party to the Convention against Torture", "untc-IV-9"),
    ("97.15", "the Convention against Torture", "untc-IV-9"),
    ("98.21", "article 1 of CAT", "untc-IV-9"),
    ("98.5", "Sign and ratify the Optional Protocol to the International Covenant on Economic, Social and Cultural Rights", "untc-IV-3-a"),
    ("98.5", "International Covenant on Economic, Social and Cultural Rights", "untc-IV-3"),
    ("98.6", "International Convention for the Protection of All Persons from Enforced Disappearance", "untc-IV-16"),
    ("98.6", "International Convention on the Protection of All Persons from Enforced Disappearance", "untc-IV-16"),
    ("98.20", "ratify the International Convention for the Protection of All Persons from Enforced Disappearance", "untc-IV-16"),
    ("53", "as provided for in the International Covenant on Civil and Political Rights", "untc-IV-4"),
    ("98.11", "the requirements of the International Covenant on Civil and Political Rights", "untc-IV-4"),
    ("98.17", "the Sixth and Thirteenth Protocols to the European Convention on Human Rights", "coe-ets-114"),
    ("98.17", "the Sixth and Thirteenth Protocols to the European Convention on Human Rights", "coe-ets-187"),
    ("98.17", "European Convention on Human Rights", "coe-ets-5"),
]

# A protocol and the treaty it supplements (from the protocols' titles).
PARENT = {
    "untc-IV-15-a": "untc-IV-15",
    "untc-IV-12": "untc-IV-4",
    "untc-IV-9-b": "untc-IV-9",
    "untc-IV-3-a": "untc-IV-3",
    "coe-ets-114": "coe-ets-5",
    "coe-ets-187": "coe-ets-5",
}

# Named nowhere in the report: the graph must not claim the 2010 report names them.
NOT_NAMED = {
    "untc-IV-8": "Discrimination against Women",
    "untc-IV-11": "Convention on the Rights of the Child",
    "untc-IV-2": "Racial Discrimination",
    "untc-XVIII-10": "Rome Statute",
    "untc-V-2": "Status of Refugees",
}


def report_units() -> dict[str, str]:
    """The report's numbered paragraphs (1-99) and recommendations (97.1 ...), whitespace-normalised,
    page headers and page numbers dropped."""
    units: dict[str, list[str]] = {}
    current = None
    for line in REPORT.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text == "A/HRC/15/16" or re.fullmatch(r"\d{1,2}", text):
            continue
        head = re.fullmatch(r"(\d{1,2})\.", text) or re.match(r"(9[78]\.\d{1,2})\.\s", text)
        if head:
            current = head.group(1)
            units[current] = []
            text = text[head.end():]
        if current is not None:
            units[current].append(text)
    return {n: " ".join(" ".join(parts).split()) for n, parts in units.items()}


@pytest.fixture(scope="module")
def units() -> dict[str, str]:
    return report_units()


@pytest.fixture(scope="module")
def layers():
    return load_layers(ROOT)


@pytest.fixture(scope="module")
def data(layers) -> Graph:
    return layers.data


def named_in_2010(graph: Graph, node) -> bool:
    return any(str(p).startswith(PARA) for p in graph.objects(node, PROV.wasDerivedFrom))


def identifiers(graph: Graph, node) -> set[str]:
    return {str(v) for p in (RG.untcNumber, RG.etsNumber) for v in graph.objects(node, p)}


def marked_unverified(graph: Graph, node) -> bool:
    return any(re.search(r"unverified|no verified", str(n), re.I) for n in graph.objects(node, RG.note))


def unidentified(graph: Graph) -> list[str]:
    """Treaties the 2010 report names with neither a verified identifier nor an unverified marker."""
    return sorted(str(t) for t in graph.subjects(RDF.type, RG.Treaty)
                  if named_in_2010(graph, t) and not identifiers(graph, t) and not marked_unverified(graph, t))


def shared_identifiers(graph: Graph) -> dict[str, list[str]]:
    seen: dict[str, set[str]] = {}
    for t in graph.subjects(RDF.type, RG.Treaty):
        for p, prefix in ((RG.untcNumber, "untc"), (RG.etsNumber, "ets")):
            for v in graph.objects(t, p):
                seen.setdefault(f"{prefix}:{v}", set()).add(str(t))
    return {k: sorted(v) for k, v in seen.items() if len(v) > 1}


# ---------------------------------------------------------------- the report's words

def test_the_report_is_split_into_its_units(units):
    assert {"1", "43", "56", "99", "97.1", "97.55", "98.1", "98.38"} <= set(units)
    assert units["98.17"].startswith("Consider abolishing the death penalty")
    assert "Sixth and Thirteenth Protocols" not in units["98.16"]


@pytest.mark.parametrize("unit,words,key", NAMED, ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None)
def test_named_instrument_has_a_node_citing_the_paragraph(units, data, unit, words, key):
    assert words in units[unit], f"the report's {unit} does not say {words!r}"
    node = treaty(key)
    assert (node, RDF.type, RG.Treaty) in data, f"no treaty node {key}"
    assert URIRef(PARA + unit) in set(data.objects(node, PROV.wasDerivedFrom)), f"{key} does not cite {unit}"


def test_wording_absent_from_a_paragraph_is_caught(units):
    assert "Optional Protocol" not in units["97.2"]
    assert "European Convention on Human Rights" not in units["98.1"]


@pytest.mark.parametrize("key,words", sorted(NOT_NAMED.items()))
def test_instruments_the_report_does_not_name_are_not_cited_from_it(units, data, key, words):
    assert not any(words in text for text in units.values()), f"the report does name {words!r}"
    assert not named_in_2010(data, treaty(key)), f"{key} cites the 2010 report, which does not name it"


def test_declarations_the_report_names(units, data):
    assert all("Millennium Declaration" in units[n] for n in ("27", "32", "63", "97.53"))
    assert "Paris Principles" in units["97.4"]
    for key, paras in (("millennium-declaration", {"27", "32", "63", "97.53"}), ("paris-principles", {"97.4"})):
        node = URIRef(f"{ID}declaration/{key}")
        assert (node, RDF.type, RG.Declaration) in data
        assert {str(p).removeprefix(PARA) for p in data.objects(node, PROV.wasDerivedFrom)} == paras


# ---------------------------------------------------------------- identifiers

def test_every_treaty_the_report_names_is_identified_or_marked(data):
    assert unidentified(data) == []


def test_a_treaty_without_identifier_or_marker_fails(data):
    g = Graph()
    for triple in data:
        g.add(triple)
    node = treaty("coe-ets-114")
    g.remove((node, RG.note, None))
    g.add((node, RG.note, Literal("Read as Protocol No. 6.", lang="en")))
    assert unidentified(g) == [str(node)]


def test_identifier_matches_the_iri_key(data):
    for t in data.subjects(RDF.type, RG.Treaty):
        key = str(t).removeprefix(f"{ID}treaty/")
        for v in data.objects(t, RG.untcNumber):
            assert key == f"untc-{v}", (key, str(v))
        for v in data.objects(t, RG.etsNumber):
            assert key == f"coe-ets-{v}", (key, str(v))


def verified_in_docs() -> dict[str, str]:
    """docs/identifiers.md, 2010 section: identifier -> the table row that verifies it."""
    text = IDENTIFIERS_DOC.read_text(encoding="utf-8")
    section = text.split("## Instruments of the 2010 report", 1)[1].split("### What the 2010 report names", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4:
            for kind, number in re.findall(r"(UNTC|ETS) `([^`]+)`", cells[1]):
                rows[("untc:" if kind == "UNTC" else "ets:") + number] = line
    return rows


def test_every_2010_identifier_is_in_the_verification_table(data):
    rows = verified_in_docs()
    for t in data.subjects(RDF.type, RG.Treaty):
        if named_in_2010(data, t):
            for v in data.objects(t, RG.untcNumber):
                assert f"untc:{v}" in rows, f"{t}: UNTC {v} not in docs/identifiers.md's 2010 table"
            for v in data.objects(t, RG.etsNumber):
                assert f"ets:{v}" in rows, f"{t}: ETS {v} not in docs/identifiers.md's 2010 table"


def test_the_unverified_number_stays_out_of_the_graph(data):
    rows = verified_in_docs()
    assert "ets:114" not in rows  # the docs say "ETS 114 **unverified**", not "ETS `114`"
    node = treaty("coe-ets-114")
    assert identifiers(data, node) == set()
    assert marked_unverified(data, node)


def test_no_two_treaties_share_an_identifier(data):
    assert shared_identifiers(data) == {}


def test_a_shared_identifier_is_caught(data):
    g = Graph()
    for triple in data:
        g.add(triple)
    g.add((treaty("op2-iccpr"), RDF.type, RG.Treaty))
    g.add((treaty("op2-iccpr"), RG.untcNumber, Literal("IV-12")))
    assert shared_identifiers(g) == {"untc:IV-12": [str(treaty("op2-iccpr")), str(treaty("untc-IV-12"))]}


# ---------------------------------------------------------------- protocols

@pytest.mark.parametrize("protocol,parent", sorted(PARENT.items()))
def test_protocol_supplements_its_treaty(data, protocol, parent):
    assert set(data.objects(treaty(protocol), RG.supplements)) == {treaty(parent)}
    assert (treaty(parent), RDF.type, RG.Treaty) in data


def test_every_2010_protocol_supplements_a_treaty(data):
    for t in data.subjects(RDF.type, RG.Treaty):
        label = " ".join(str(v) for v in data.objects(t, RDFS.label))
        if named_in_2010(data, t) and re.match(r"(Second )?(Optional )?Protocol\b", label):
            assert set(data.objects(t, RG.supplements)), f"{t} ({label}) supplements nothing"



# ---------------------------------------------------------------- what the graph links

def test_treaties_the_2010_facts_link_are_identified_or_marked(data):
    """Every treaty IRI that a fact from the 2010 report points at is a treaty node with an identifier
    or an unverified marker (recommendation clauses, status assertions, ...)."""
    linked = {o for s, p, o in data
              if isinstance(o, URIRef) and str(o).startswith(f"{ID}treaty/") and named_in_2010(data, s)}
    for node in linked:
        assert (node, RDF.type, RG.Treaty) in data, f"{node} is linked from the 2010 report but is no treaty node"
        assert identifiers(data, node) or marked_unverified(data, node), node


# ---------------------------------------------------------------- the shapes enforce the same

def _violations(layers, graph: Graph, shape: str) -> list:
    g = Graph()
    for triple in graph:
        g.add(triple)
    for triple in layers.ontology:
        g.add(triple)
    return [r for r in validate(g, layers.shapes, layers.ontology) if r.shape == RGSH + shape and r.severity == "Violation"]


def _treaty_subgraph(data: Graph, *keys: str) -> Graph:
    g = Graph()
    for key in keys:
        for p, o in data.predicate_objects(treaty(key)):
            g.add((treaty(key), p, o))
    return g


def test_shape_rejects_a_2010_treaty_without_identifier_or_marker(layers, data):
    g = _treaty_subgraph(data, "coe-ets-114")
    assert _violations(layers, g, "TreatyVerificationShape") == []
    g.remove((treaty("coe-ets-114"), RG.note, None))
    hits = _violations(layers, g, "TreatyVerificationShape")
    assert [h.focus for h in hits] == [str(treaty("coe-ets-114"))]


def test_shape_rejects_a_shared_identifier(layers, data):
    g = _treaty_subgraph(data, "untc-IV-12", "untc-IV-4")
    assert _violations(layers, g, "TreatyIdentifierUniqueShape") == []
    g.add((treaty("op2-iccpr"), RDF.type, RG.Treaty))
    g.add((treaty("op2-iccpr"), RG.untcNumber, Literal("IV-12")))
    hits = _violations(layers, g, "TreatyIdentifierUniqueShape")
    assert sorted(h.focus for h in hits) == [str(treaty("op2-iccpr")), str(treaty("untc-IV-12"))]

"""The SELECT JSON that engine/oxigraph.py writes by hand on the max_rows path (speed, issue 12) is,
byte for byte, json.dumps of the SPARQL 1.1 JSON results dictionaries, and means what pyoxigraph's
own serialiser says, on terms chosen to break a hand-written encoder."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from rightsgraph import formats
from rightsgraph.engine.oxigraph import OxigraphEngine, _json_term, _solutions

EX = "http://example.org/"
HOSTILE = [
    ox.Literal('quote " backslash \\ tab \t newline \n cr \r nul-ish \x01 end'),
    ox.Literal("unicode: é 中文 \u2028 \U0001F600"),
    ox.Literal("chat", language="fr"),
    ox.Literal("Straße", language="de-CH"),
    ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal("2010-05-12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
    ox.Literal("x", datatype=ox.NamedNode("http://example.org/dt%22é")),
    ox.NamedNode("http://example.org/a%22b~c"),
    ox.NamedNode("http://example.org/é"),
    ox.BlankNode("b0"),
]


def _reference(variables, rows) -> bytes:
    """What the max_rows path wrote before: dictionaries, then json.dumps."""
    names = [v.value for v in variables]
    bindings = [{n: _json_term(row[n]) for n in names if row[n] is not None} for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


@pytest.fixture(scope="module")
def store():
    s = ox.Store()
    for i, term in enumerate(HOSTILE):
        s.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), term))
    s.add(ox.Quad(ox.NamedNode(f"{EX}t"), ox.NamedNode(f"{EX}p"), ox.Triple(ox.NamedNode(f"{EX}s0"), ox.NamedNode(f"{EX}p"), ox.Literal("q"))))
    return s


QUERIES = [
    f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s",
    f"SELECT ?s ?o ?missing WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}none> ?missing }} }} ORDER BY ?s",  # unbound
    f"SELECT ?o (STRLEN(STR(?o)) AS ?n) (LANG(?o) AS ?l) WHERE {{ ?s <{EX}p> ?o FILTER(isLiteral(?o)) }}",
    "SELECT ?x WHERE { VALUES ?x { } }",  # no rows
    'SELECT ?weird WHERE { BIND("v" AS ?weird) }',
]


@pytest.mark.parametrize("query", QUERIES)
def test_hand_written_json_is_json_dumps_byte_for_byte(store, query):
    answer = store.query(query)
    rows = list(answer)
    assert _solutions(answer.variables, rows, formats.results("json")) == _reference(answer.variables, rows)


@pytest.mark.parametrize("query", QUERIES)
def test_hand_written_json_means_what_pyoxigraph_serialises(store, query):
    ours = json.loads(_solutions((a := store.query(query)).variables, list(a), formats.results("json")))
    theirs = json.loads(store.query(query).serialize(format=ox.QueryResultsFormat.JSON))
    assert ours == theirs


def test_a_changed_term_changes_the_json(store):
    """The negative: the comparison above can fail (a literal's language or datatype matters)."""
    answer = store.query(f"SELECT ?o WHERE {{ <{EX}s2> <{EX}p> ?o }}")
    rows = list(answer)
    body = _solutions(answer.variables, rows, formats.results("json"))
    assert b'"xml:lang":"fr"' in body
    other = store.query(f"SELECT ?o WHERE {{ <{EX}s3> <{EX}p> ?o }}")
    assert _solutions(other.variables, list(other), formats.results("json")) != body


@pytest.mark.parametrize("fmt", ["xml", "csv", "tsv"])
def test_other_results_formats_of_a_cut_answer_are_pyoxigraphs(store, fmt, tmp_path):
    nq = tmp_path / "d.nq"
    nq.write_bytes(store.dump(format=ox.RdfFormat.N_QUADS))
    engine = OxigraphEngine(nq)
    query = f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s"
    cut = engine.query(query, fmt=fmt, max_rows=1000)
    whole = engine.query(query, fmt=fmt)
    assert cut.body == whole.body and not cut.truncated
    assert engine.query(query, fmt=fmt, max_rows=3).truncated

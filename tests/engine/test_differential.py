"""Differential tests: oxigraph, rdflib, and the worker pool give the same answers on one build."""

from __future__ import annotations

import json

import pytest

from rightsgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH

from .corpus import ASKS, CONSTRUCTS, SELECTS, named_queries, row_multiset, same_graph, with_prefixes

@pytest.fixture(scope="module")
def named(root):
    return {name: (text, bindings) for name, text, bindings in named_queries(root)}


def test_there_are_named_queries(named):
    assert len(named) >= 3


def test_named_queries_agree(named, oxigraph, rdflib_engine, pool):
    for name, (text, bindings) in named.items():
        expected = row_multiset(rdflib_engine.select(text, bindings), text)
        assert row_multiset(oxigraph.select(text, bindings), text) == expected, name
        assert row_multiset(pool.select(text, bindings), text) == expected, name


def test_headline_answer_is_not_empty(named, oxigraph):
    text, bindings = named["unratified-conventions"]
    assert oxigraph.select(text, bindings)


@pytest.mark.parametrize("name", sorted(SELECTS))
def test_select_agrees(name, oxigraph, rdflib_engine, pool):
    query = with_prefixes(SELECTS[name])
    expected = rdflib_engine.select(query)
    assert row_multiset(oxigraph.select(query)) == row_multiset(expected)
    assert row_multiset(pool.select(query)) == row_multiset(expected)


def test_selects_are_not_vacuous(oxigraph):
    empty = [name for name, q in SELECTS.items() if not oxigraph.select(with_prefixes(q))]
    assert empty == [], f"queries with no rows compare nothing: {empty}"


@pytest.mark.parametrize("name", sorted(ASKS))
def test_ask_agrees(name, oxigraph, rdflib_engine, pool):
    query, expected = ASKS[name]
    for engine in (oxigraph, rdflib_engine, pool):
        result = engine.query(with_prefixes(query), fmt="json")
        assert result.kind == "ask"
        assert json.loads(result.body)["boolean"] is expected, engine.name


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_construct_agrees(name, oxigraph, rdflib_engine, pool):
    query = with_prefixes(CONSTRUCTS[name])
    reference = rdflib_engine.query(query, fmt="ntriples")
    assert reference.kind == "graph" and reference.body.strip()
    for engine in (oxigraph, pool):
        result = engine.query(query, fmt="ntriples")
        assert result.kind == "graph"
        assert same_graph(result.body, reference.body, "nt"), engine.name


def test_dataset_selection_agrees(oxigraph, rdflib_engine, pool):
    """default_graphs selects graphs of the store: only asserted data, no inferred triples."""
    query = with_prefixes("SELECT ?s ?t WHERE { ?s rg:partyTo ?t }")
    results = []
    for engine in (oxigraph, rdflib_engine, pool):
        body = engine.query(query, fmt="json", default_graphs=[str(DATA_GRAPH)]).body
        only_data = json.loads(body)["results"]["bindings"]
        body = engine.query(query, fmt="json", default_graphs=[str(INFERRED_GRAPH)]).body
        only_inferred = json.loads(body)["results"]["bindings"]
        results.append((len(only_data), len(only_inferred)))
    assert results[0][0] == 0 and results[0][1] > 0
    assert len(set(results)) == 1, results


def test_select_json_bodies_parse_the_same(oxigraph, pool):
    """The pool passes the oxigraph engine's serialised answer through unchanged in content."""
    query = with_prefixes(SELECTS["group-by-count"])
    a = json.loads(oxigraph.query(query, fmt="json").body)
    b = json.loads(pool.query(query, fmt="json").body)
    key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
    assert a["head"] == b["head"]
    assert sorted(map(key, a["results"]["bindings"])) == sorted(map(key, b["results"]["bindings"]))

"""Helpers the data tests share: a SPARQL SELECT over an rdflib graph with the project's prefixes, a named
query of the checkout run on an engine, and the ISO 3166-1 code at the end of a State's IRI."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from rightsgraph.namespaces import sparql_prologue
from rightsgraph.query.named import load_queries

ROOT = Path(__file__).resolve().parents[2]


def select(graph: Graph, body: str) -> list[dict]:
    """The rows of a SELECT (the project's prefixes declared), each as {variable: term}."""
    result = graph.query(sparql_prologue() + body)
    return [{str(v): row[v] for v in result.vars} for row in result]


def named(engine, name: str, **params) -> list[dict]:
    """The rows of the checkout's named query ``name`` with its parameters bound, on ``engine``."""
    query = load_queries(ROOT / "queries")[name]
    return engine.select(query.text, query.bind(params))


def iso(state) -> str:
    """'…/id/state/BLR' -> 'BLR'."""
    return str(state).rsplit("/", 1)[-1]

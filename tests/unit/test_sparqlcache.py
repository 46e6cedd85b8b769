"""The parsed-query cache changes speed only: validation and query answers stay the same."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor

from rightsgraph.query import sparqlcache
from rightsgraph.build.loading import load_layers
from rightsgraph.build.validation import validate


def uncached(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
    if isinstance(strOrQuery, str):
        strOrQuery = translateQuery(parseQuery(strOrQuery), base, initNs)
    return evalQuery(self.graph, strOrQuery, initBindings, base)


def test_validation_is_identical_with_and_without_the_cache(root, monkeypatch):
    layers = load_layers(root)
    data = layers.validation_graph()
    # break one fact so the SPARQL-based constraints have something to report
    data.add((URIRef("https://w3id.org/rightsgraph/id/state/BLR"), URIRef("https://w3id.org/rightsgraph/def#isoCode"), Literal("BLX")))
    cached = validate(data, layers.shapes, layers.ontology)
    monkeypatch.setattr(SPARQLProcessor, "query", uncached)
    plain = validate(data, layers.shapes, layers.ontology)
    assert cached == plain
    assert any(v.focus.endswith("/state/BLR") for v in cached)


def test_bindings_are_not_cached_with_the_query():
    sparqlcache.install()
    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:p"), Literal(1)))
    g.add((URIRef("urn:b"), URIRef("urn:p"), Literal(2)))
    q = "SELECT ?o WHERE { ?s <urn:p> ?o }"
    assert [r.o for r in g.query(q, initBindings={"s": URIRef("urn:a")})] == [Literal(1)]
    assert [r.o for r in g.query(q, initBindings={"s": URIRef("urn:b")})] == [Literal(2)]

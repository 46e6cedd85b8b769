"""Comunica (the pinned @comunica/query-sparql and @comunica/query-sparql-link-traversal, Node.js) against
a real uvicorn serving the session's release: over the SPARQL endpoint, over a dump file, over an /id
document, and by link traversal from a resource's IRI. Each answer equals the same query run in-process
by the service's own engine (issue 14, "Tests")."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

pytestmark = pytest.mark.server

PREFIXES = ("PREFIX rg: <https://w3id.org/rightsgraph/def#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
BLR = "https://w3id.org/rightsgraph/id/state/BLR"
TREATIES = PREFIXES + "SELECT ?treaty ?label WHERE { ?treaty a rg:Treaty ; rdfs:label ?label } ORDER BY ?treaty ?label"
PARTY_TO = PREFIXES + f"SELECT DISTINCT ?treaty ?label WHERE {{ <{BLR}> rg:partyTo ?treaty . ?treaty rdfs:label ?label }}"
RESULTS = "application/sparql-results+json"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rows(doc: dict) -> list[tuple]:
    """SPARQL JSON results as comparable rows (xsd:string written or not, as RDF 1.1 says they are equal)."""
    def term(t: dict) -> tuple:
        return (t["type"].replace("typed-literal", "literal"), t["value"], t.get("xml:lang", ""),
                "" if t.get("datatype") == XSD_STRING else t.get("datatype", ""))

    names = doc["head"]["vars"]
    return [tuple(term(b[v]) if v in b else None for v in names) for b in doc["results"]["bindings"]]


def expected(engine, query: str) -> list[tuple]:
    return rows(json.loads(engine.query(query, fmt="json").body))


def answered(output: str) -> list[tuple]:
    return rows(json.loads(output))


def test_select_over_the_sparql_endpoint(comunica, live, engine):
    got = answered(comunica("comunica-sparql", f"sparql@{live}/sparql", TREATIES, "-t", RESULTS))
    assert got == expected(engine, TREATIES) and len(got) > 10  # the endpoint runs the ORDER BY: same order


def test_construct_over_the_sparql_endpoint(comunica, live, engine):
    query = PREFIXES + f"CONSTRUCT {{ <{BLR}> rg:partyTo ?t }} WHERE {{ <{BLR}> rg:partyTo ?t }}"
    got = Graph().parse(data=comunica("comunica-sparql", f"sparql@{live}/sparql", query, "-t", "application/n-triples"), format="nt")
    want = Graph().parse(data=engine.query(query, fmt="ntriples").body, format="nt")
    assert set(got) == set(want) and len(want) > 3


def test_query_over_a_dump_file(comunica, live, engine):
    """The Turtle dump as a file source: Comunica downloads and parses it, then answers locally."""
    got = answered(comunica("comunica-sparql", f"{live}/dumps/dataset.ttl", TREATIES, "-t", RESULTS))
    assert got == expected(engine, TREATIES)


def test_every_named_graph_of_the_nquads_dump(comunica, live, engine):
    """The N-Quads dump holds the store: the same triples in each named graph."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    got = answered(comunica("comunica-sparql", f"{live}/dumps/dataset.nq", query, "-t", RESULTS))
    want = expected(engine, query)
    assert [(g, n[1]) for g, n in got] == [(g, n[1]) for g, n in want] and len(want) >= 3


def test_query_over_an_id_document(comunica, live, engine):
    """/id/state/BLR as a source (negotiated by Comunica's Accept): its outgoing triples are the store's."""
    query = f"SELECT DISTINCT ?p ?o WHERE {{ <{BLR}> ?p ?o FILTER(!isBlank(?o)) }} ORDER BY ?p ?o"
    got = sorted(answered(comunica("comunica-sparql", f"{live}/id/state/BLR", query, "-t", RESULTS)))
    assert got == sorted(expected(engine, query)) and len(got) > 5


def test_link_traversal_from_a_resource_iri(comunica, proxy, engine):
    """Zero-knowledge traversal from the IRI in the query: BLR's document gives the treaties, their documents
    the labels. The dataset's IRIs are https://w3id.org/...: the proxy answers them from the live server."""
    got = sorted(answered(comunica("comunica-sparql-link-traversal", "-p", proxy.url, PARTY_TO, "-t", RESULTS)))
    assert got == sorted(expected(engine, PARTY_TO)) and len(got) > 3
    documents = {u for u in proxy.asked if u.startswith("https://w3id.org/rightsgraph/id/treaty/")}
    assert BLR in proxy.asked and len(documents) >= len(got)  # it did traverse: one document per treaty at least

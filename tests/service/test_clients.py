"""Real clients against a real uvicorn: SPARQLWrapper and rdflib's SPARQLStore get the answers the
in-process engine gives, and raw HTTP/1.1 requests see the headers the service promises."""

from __future__ import annotations

import http.client
import json
from urllib.parse import quote, urlsplit

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.server

SELECT = """PREFIX rg: <https://w3id.org/rightsgraph/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?treaty ?label WHERE { ?treaty a rg:Treaty ; rdfs:label ?label } ORDER BY ?treaty"""
CONSTRUCT = """PREFIX rg: <https://w3id.org/rightsgraph/def#>
CONSTRUCT { ?s rg:partyTo ?t } WHERE { ?s rg:partyTo ?t }"""
ASK = "ASK { <https://w3id.org/rightsgraph/id/state/BLR> <https://w3id.org/rightsgraph/def#partyTo> <https://w3id.org/rightsgraph/id/treaty/untc-V-2> }"


def expected_rows(oxigraph) -> list[tuple[str, str]]:
    return [(str(r["treaty"]), str(r["label"])) for r in oxigraph.select(SELECT)]


def test_sparqlwrapper(live, oxigraph):
    endpoint = SPARQLWrapper(live + "/sparql")
    endpoint.setQuery(SELECT)
    endpoint.setReturnFormat(JSON)
    rows = endpoint.query().convert()["results"]["bindings"]
    assert [(r["treaty"]["value"], r["label"]["value"]) for r in rows] == expected_rows(oxigraph)

    endpoint.setReturnFormat(XML)
    doc = endpoint.query().convert()
    assert len(doc.getElementsByTagName("result")) == len(rows)

    endpoint.setMethod("POST")
    endpoint.setReturnFormat(JSON)
    endpoint.setQuery(ASK)
    assert endpoint.query().convert()["boolean"] is True

    endpoint.setMethod("GET")
    endpoint.setQuery(CONSTRUCT)
    endpoint.setReturnFormat(TURTLE)
    graph = Graph().parse(data=endpoint.query().convert(), format="turtle")
    expected = Graph().parse(data=oxigraph.query(CONSTRUCT, fmt="ntriples").body, format="nt")
    assert set(graph) == set(expected) and len(graph) > 3


def test_sparqlwrapper_get_every_format(live, oxigraph):
    """On GET, SPARQLWrapper puts format=tsv&format=text/tab-separated-values (and output=, results=) in
    the URL: keys, media types and repeated values are understood, the first acceptable one wins."""
    endpoint = SPARQLWrapper(live + "/sparql")
    endpoint.setMethod("GET")
    endpoint.setQuery(SELECT)
    endpoint.setReturnFormat(TSV)
    response = endpoint.query()
    assert response.response.headers["Content-Type"].startswith("text/tab-separated-values")
    lines = response.convert().decode("utf-8").splitlines()
    assert lines[0] == "?treaty\t?label" and len(lines) == len(expected_rows(oxigraph)) + 1

    expected = Graph().parse(data=oxigraph.query(CONSTRUCT, fmt="ntriples").body, format="nt")
    endpoint.setQuery(CONSTRUCT)
    for fmt, media in ((RDFXML, "application/rdf+xml"), (JSONLD, "application/ld+json"), (N3, "text/turtle"), (TURTLE, "text/turtle")):
        endpoint.setReturnFormat(fmt)
        response = endpoint.query()
        assert response.response.headers["Content-Type"].split(";")[0] == media, fmt
        converted = response.convert()
        graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format="turtle")
        assert set(graph) == set(expected) and len(graph) > 3, fmt


@pytest.mark.parametrize("query, expected", [
    ("format=tsv&format=text/tab-separated-values", "text/tab-separated-values"),
    ("format=text/csv", "text/csv"),
    ("format=pdf&output=xml", "application/sparql-results+xml"),
    ("output=csv&results=json", "text/csv"),
    ("results=application/sparql-results%2Bxml", "application/sparql-results+xml"),
])
def test_format_parameters_first_acceptable_wins(live, query, expected):
    response, _ = raw(live, "GET", f"/sparql?query={quote(SELECT)}&{query}")
    assert response.status == 200 and response.getheader("Content-Type").split(";")[0] == expected


@pytest.mark.parametrize("query", ["format=pdf", "format=image/png&output=text/turtle"])
def test_format_parameters_none_acceptable_is_406(live, query):
    response, data = raw(live, "GET", f"/sparql?query={quote(SELECT)}&{query}")
    assert response.status == 406 and "Accept" in response.getheader("Vary")
    assert "tsv" in json.loads(data)["error"]["detail"]["available"]


def test_rdflib_sparqlstore_json_construct(live, oxigraph):
    """SPARQLStore(returnFormat="json") sends only the results media type, also for CONSTRUCT: it gets Turtle."""
    store = Graph(store=SPARQLStore(live + "/sparql", returnFormat="json"))
    constructed = store.query(CONSTRUCT).graph
    expected = Graph().parse(data=oxigraph.query(CONSTRUCT, fmt="ntriples").body, format="nt")
    assert set(constructed) == set(expected) and len(constructed) > 3
    response, _ = raw(live, "GET", "/sparql?query=" + quote(CONSTRUCT), {"Accept": "application/sparql-results+json"})
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/turtle")


@pytest.mark.parametrize("accept", ["image/png", "application/pdf, image/*"])
def test_construct_accept_that_excludes_everything_is_406(live, accept):
    response, data = raw(live, "GET", "/sparql?query=" + quote(CONSTRUCT), {"Accept": accept})
    assert response.status == 406 and "Accept" in response.getheader("Vary")
    assert json.loads(data)["error"]["code"] == 406


def test_rdflib_sparqlstore(live, oxigraph):
    graph = Graph(store=SPARQLStore(live + "/sparql", returnFormat="json"))
    assert [(str(r.treaty), str(r.label)) for r in graph.query(SELECT)] == expected_rows(oxigraph)
    assert graph.query(ASK).askAnswer is True
    xml_store = Graph(store=SPARQLStore(live + "/sparql", returnFormat="xml", method="POST"))
    assert len(list(xml_store.query(SELECT))) == len(expected_rows(oxigraph))
    constructed = Graph(store=SPARQLStore(live + "/sparql", returnFormat="xml")).query(CONSTRUCT).graph  # RDF/XML back
    assert len(constructed) == len(oxigraph.select("SELECT ?s ?t WHERE { ?s <https://w3id.org/rightsgraph/def#partyTo> ?t }"))


def raw(live: str, method: str, path: str, headers: dict | None = None, body: bytes | None = None):
    parts = urlsplit(live)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def test_headers_on_the_wire(live):
    response, data = raw(live, "GET", "/sparql?query=" + quote(SELECT), {"Accept": "application/sparql-results+json"})
    assert response.status == 200 and response.version == 11
    assert response.getheader("Content-Type") == "application/sparql-results+json"
    assert int(response.getheader("Content-Length")) == len(data)
    assert response.getheader("ETag").startswith('"') and "Accept" in response.getheader("Vary")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    json.loads(data)

    response, data = raw(live, "GET", "/id/state/BLR", {"Accept": "text/html"})
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Content-Security-Policy").startswith("default-src 'self'")
    assert response.getheader("X-Frame-Options") == "DENY" and response.getheader("Referrer-Policy") == "no-referrer"

    response, data = raw(live, "HEAD", "/dumps/dataset.ttl")
    assert response.status == 200 and data == b""
    assert response.getheader("Content-Type").startswith("text/turtle") and int(response.getheader("Content-Length")) > 1000
    assert response.getheader("Last-Modified").endswith("GMT")

    response, data = raw(live, "GET", "/dumps/dataset.ttl", {"Range": "bytes=0-9"})
    assert response.status == 206 and len(data) == 10

    response, data = raw(live, "OPTIONS", "/api/states", {"Origin": "https://app.example", "Access-Control-Request-Method": "GET"})
    assert response.status == 200 and response.getheader("Access-Control-Allow-Origin") == "*"

    response, data = raw(live, "POST", "/sparql", {"Content-Type": "application/sparql-query", "Content-Length": "5000000"}, b"ASK {}")
    assert response.status == 413


def test_keep_alive_serves_many_requests_on_one_connection(live):
    parts = urlsplit(live)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    for _ in range(20):
        conn.request("GET", "/api/states/BLR")
        response = conn.getresponse()
        assert response.status == 200
        assert json.loads(response.read())["code"] == "BLR"
    conn.close()

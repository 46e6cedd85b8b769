"""Content negotiation: every format, q-values, wildcards, aliases, ?format= and 406 — on /sparql,
/id, /def and /.well-known/void."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

import pytest
from rdflib import Dataset, Graph

from rightsgraph.api.conneg import GRAPH_OFFERS, RESULT_OFFERS, choose, parse_accept

SELECT = "SELECT ?s ?label WHERE { ?s a <https://w3id.org/rightsgraph/def#Treaty> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/rightsgraph/def#Treaty> ; ?p ?o }"
ASK = "ASK { <https://w3id.org/rightsgraph/id/state/BLR> ?p ?o }"

RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/n-quads": "nquads",
                  "application/trig": "trig", "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("application/xml", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
        ("application/*", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/csv;q=1.0, application/sparql-results+xml;q=0.9", "text/csv"),
        ("text/tab-separated-values, */*;q=0.1", "text/tab-separated-values"),
        ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
        ("image/png, text/csv;q=0.2", "text/csv"),
        ("text/csv; charset=utf-8", "text/csv"),
        ("nonsense, text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_select_accept_table(client, accept, expected):
    headers = {} if accept is None else {"Accept": accept}
    r = client.get("/sparql", params={"query": SELECT}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == expected
    assert "Accept" in r.headers["vary"]


def test_select_formats_parse_and_agree(client):
    bodies = {}
    for media in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"):
        r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": media})
        assert r.status_code == 200
        bodies[media] = r.content
    rows = json.loads(bodies["application/sparql-results+json"])["results"]["bindings"]
    xml = ElementTree.fromstring(bodies["application/sparql-results+xml"])
    assert len(xml.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == len(rows) > 5
    assert len(list(csv.reader(io.StringIO(bodies["text/csv"].decode())))) == len(rows) + 1
    assert bodies["text/tab-separated-values"].decode().splitlines()[0] == "?s\t?label"
    assert len(bodies["text/tab-separated-values"].decode().splitlines()) == len(rows) + 1


@pytest.mark.parametrize("media", list(RDFLIB_FORMATS))
def test_construct_every_format_parses_to_the_same_graph(client, media):
    reference = Graph().parse(data=client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"}).content,
                              format="nt")
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": media})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    if media in ("application/n-quads", "application/trig"):
        ds = Dataset()
        ds.parse(data=r.content, format=RDFLIB_FORMATS[media])
        parsed = Graph()
        for s, p, o, _ in ds.quads():
            parsed.add((s, p, o))
    else:
        parsed = Graph().parse(data=r.content, format=RDFLIB_FORMATS[media])
    assert len(parsed) == len(reference) > 20


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, "text/turtle"),
        ("*/*", "text/turtle"),
        ("application/*", "application/n-triples"),
        ("application/json", "application/ld+json"),
        ("application/xml", "application/rdf+xml"),
        ("application/ld+json;q=0.8, application/rdf+xml", "application/rdf+xml"),
        ("text/turtle;q=0.1, application/trig;q=0.2", "application/trig"),
    ],
)
def test_construct_accept_table(client, accept, expected):
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={} if accept is None else {"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize("accept", ["text/csv", "image/png", "application/n-triples", "text/plain"])
def test_ask_without_a_boolean_format_is_406(client, accept):
    r = client.get("/sparql", params={"query": ASK}, headers={"Accept": accept})
    assert r.status_code == 406
    assert r.json()["error"]["code"] == 406
    assert "application/sparql-results+json" in r.json()["error"]["detail"]["available"]


def test_ask_json_and_xml(client):
    assert client.get("/sparql", params={"query": ASK}).json()["boolean"] is True
    xml = client.get("/sparql", params={"query": ASK}, headers={"Accept": "application/sparql-results+xml"}).content
    assert ElementTree.fromstring(xml).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


@pytest.mark.parametrize("query, accept", [(SELECT, "text/turtle"), (SELECT, "image/png"), (CONSTRUCT, "image/png"),
                                           (CONSTRUCT, "application/json;q=0"), (SELECT, "application/json;q=0")])
def test_nothing_acceptable_is_406(client, query, accept):
    r = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 406
    assert set(r.json()["error"]) == {"code", "message", "detail"}
    assert "Accept" in r.headers["vary"]


@pytest.mark.parametrize("accept", ["text/csv", "application/sparql-results+json", "application/sparql-results+xml, text/csv;q=0.5"])
def test_graph_answer_to_a_results_accept_is_the_default_rdf(client, accept):
    """A client that names only SPARQL results types for a CONSTRUCT gets Turtle (as Fuseki answers), not 406."""
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == "text/turtle"
    assert len(Graph().parse(data=r.content, format="turtle")) > 20


@pytest.mark.parametrize("name, expected", [("n3", "text/turtle"), ("text/turtle", "text/turtle"), ("rdf+xml", "application/rdf+xml"),
                                            ("application/ld+json", "application/ld+json"), ("json-ld", "application/ld+json")])
def test_construct_format_parameter_spellings(client, name, expected):
    r = client.get("/sparql", params={"query": CONSTRUCT, "format": name})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == expected


def test_browsers_get_html_and_programs_do_not(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": browser})
    assert r.headers["content-type"].startswith("text/html")
    assert "<table" in r.text
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "application/sparql-results+json, */*;q=0.1"})
    assert r.headers["content-type"] == "application/sparql-results+json"


@pytest.mark.parametrize("path", ["/id/state/BLR", "/def", "/.well-known/void"])
@pytest.mark.parametrize("accept, expected", [
    (None, "text/turtle"), ("application/ld+json", "application/ld+json"), ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"), ("application/json", "application/ld+json"),
])
def test_rdf_resources_negotiate(client, path, accept, expected):
    r = client.get(path, headers={} if accept is None else {"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == expected
    Graph().parse(data=r.content, format=RDFLIB_FORMATS[expected])


@pytest.mark.parametrize("name, expected", [("turtle", "text/turtle"), ("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                                            ("json", "application/ld+json"), ("ntriples", "application/n-triples"),
                                            ("rdfxml", "application/rdf+xml"), ("xml", "application/rdf+xml"), ("html", "text/html")])
def test_format_parameter_overrides_accept(client, name, expected):
    r = client.get("/id/treaty/untc-V-2", params={"format": name}, headers={"Accept": "application/rdf+xml;q=0.1"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == expected


def test_unknown_format_parameter_is_406(client):
    r = client.get("/id/treaty/untc-V-2", params={"format": "pdf"})
    assert r.status_code == 406
    assert "turtle" in r.json()["error"]["detail"]["available"]


def test_accept_parser():
    ranges = parse_accept("text/html;level=1;q=0.7, */*;q=0.1, bad, a/b;q=2, text/*;q=x")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [("text", "html", 0.7), ("*", "*", 0.1)]
    assert choose(None, RESULT_OFFERS)[1] == "json"
    assert choose("application/rdf+xml", RESULT_OFFERS) is None
    assert choose("application/rdf+xml", GRAPH_OFFERS)[1] == "rdfxml"
    assert choose("*/*;q=0.5, text/turtle;q=0", GRAPH_OFFERS)[1] == "ntriples"

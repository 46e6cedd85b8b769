"""/sparql beyond the W3C suite: the three ways to send a query, dataset parameters, the service
description, truncation, relative IRIs, the answer cache and its ETags, and the guard."""

from __future__ import annotations

from contextlib import nullcontext

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from rightsgraph.errors import QueryRefused
from rightsgraph.query.guard import analyse
from rightsgraph.namespaces import SD

from .conftest import MAX_ROWS

COUNT_STATES = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a <https://w3id.org/rightsgraph/def#State> }"
DATA = "https://w3id.org/rightsgraph/graph/data"
ONTOLOGY = "https://w3id.org/rightsgraph/graph/ontology"


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_direct_agree(client, oxigraph):
    expected = int(oxigraph.select(COUNT_STATES)[0]["n"])
    assert expected > 10
    assert count(client.get("/sparql", params={"query": COUNT_STATES})) == expected
    assert count(client.post("/sparql", data={"query": COUNT_STATES})) == expected
    assert count(client.post("/sparql", content=COUNT_STATES.encode(), headers={"Content-Type": "application/sparql-query"})) == expected
    assert count(client.post("/sparql", content=COUNT_STATES.encode(),
                             headers={"Content-Type": "application/sparql-query; charset=UTF-8"})) == expected


def test_default_graph_is_the_union_and_dataset_parameters_select_graphs(client):
    union = count(client.get("/sparql", params={"query": COUNT_STATES}))
    assert count(client.get("/sparql", params={"query": COUNT_STATES, "default-graph-uri": DATA})) == union
    assert count(client.get("/sparql", params={"query": COUNT_STATES, "default-graph-uri": ONTOLOGY})) == 0
    assert count(client.get("/sparql", params={"query": COUNT_STATES, "default-graph-uri": "http://nowhere.example/g"})) == 0
    named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(client.get("/sparql", params={"query": named})) == 4
    assert count(client.get("/sparql", params=[("query", named), ("named-graph-uri", DATA), ("named-graph-uri", ONTOLOGY)])) == 2


def test_from_selects_a_graph_of_the_store(client):
    assert count(client.get("/sparql", params={"query": COUNT_STATES.replace("WHERE", f"FROM <{ONTOLOGY}> WHERE")})) == 0
    assert count(client.get("/sparql", params={"query": COUNT_STATES.replace("WHERE", f"FROM <{DATA}> WHERE")})) > 10
    # the protocol's dataset wins over the query's
    query = COUNT_STATES.replace("WHERE", f"FROM <{ONTOLOGY}> WHERE")
    assert count(client.get("/sparql", params={"query": query, "default-graph-uri": DATA})) > 10


def test_relative_iris_resolve_against_the_endpoint(client):
    r = client.get("/sparql", params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    assert r.text.startswith("<http://testserver/s> <http://testserver/p>")


@pytest.mark.parametrize("params, message", [
    ([("query", "ASK {}"), ("query", "ASK {}")], "exactly one query"),
    ([("update", "CLEAR ALL")], "read-only"),
    ([("query", "ASK {}"), ("using-graph-uri", "http://x/")], "SPARQL Update"),
    ([("query", "ASK {}"), ("default-graph-uri", "not an iri")], "absolute IRIs"),
    ([("query", "")], "empty"),
    ([("query", "ASK {")], "syntax"),
    ([("query", "INSERT DATA { <a:b> <a:c> <a:d> }")], "read-only"),
    ([("query", "hello")], "not a SPARQL query"),
])
def test_bad_get_requests(client, params, message):
    r = client.get("/sparql", params=params)
    assert r.status_code == 400, r.text
    assert message in r.json()["error"]["message"]


def test_bad_posts(client):
    assert client.post("/sparql", content=b"ASK {}").status_code == 400  # no Content-Type
    assert client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    assert client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "multipart/form-data; boundary=x"}).status_code == 415
    assert client.post("/sparql", content="ASK {}".encode("utf-16"), headers={"Content-Type": "application/sparql-query"}).status_code == 400
    assert client.post("/sparql", content="ASK {}".encode("utf-16"),
                       headers={"Content-Type": "application/sparql-query; charset=UTF-16"}).status_code == 400
    assert client.post("/sparql", content=b"query=%FF%FE", headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 400
    assert client.post("/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}).status_code == 400
    assert client.post("/sparql?query=ASK%7B%7D", content=b"ASK {}", headers={"Content-Type": "application/sparql-query"}).status_code == 400
    for method in ("PUT", "DELETE", "PATCH"):
        r = client.request(method, "/sparql", params={"query": "ASK {}"})
        assert r.status_code == 405
        assert set(r.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}


@pytest.mark.server
def test_service_description_names_the_requested_endpoint(client, live):
    for base, r in (("http://testserver", client.get("/sparql", headers={"Accept": "text/turtle"})),
                    (live, httpx.get(live + "/sparql", headers={"Accept": "text/turtle"}))):
        assert r.status_code == 200
        g = Graph().parse(data=r.content, format="turtle")
        service = next(g.subjects(RDF.type, SD.Service))
        assert g.value(service, SD.endpoint) == URIRef(base + "/sparql")
        assert g.value(service, SD.supportedLanguage) == SD.SPARQL11Query
        assert (service, SD.feature, SD.UnionDefaultGraph) in g
        assert len(set(g.objects(service, SD.resultFormat))) == 10
        names = {str(g.value(n, SD.name)) for n in g.subjects(RDF.type, SD.NamedGraph)}
        assert names == {f"https://w3id.org/rightsgraph/graph/{n}" for n in ("ontology", "data", "inferred", "sources")}


def test_service_description_by_post_and_in_every_rdf_format(client):
    r = client.post("/sparql", content=b"", headers={"Accept": "application/ld+json", "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/ld+json"
    assert len(Graph().parse(data=r.content, format="json-ld")) > 20


def test_results_are_cut_at_max_rows_with_a_signal(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    assert r.headers["x-result-truncated"] == "true" and r.headers["x-result-limit"] == str(MAX_ROWS)
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
    assert len(r.text.strip().splitlines()) == MAX_ROWS and r.headers["x-result-truncated"] == "true"
    small = client.get("/sparql", params={"query": COUNT_STATES})
    assert "x-result-truncated" not in small.headers


def test_answers_are_cached_with_etags(client, service):
    query = COUNT_STATES + " # etag test"
    first = client.get("/sparql", params={"query": query})
    etag = first.headers["etag"]
    hits = service.responses.hits
    second = client.get("/sparql", params={"query": query})
    assert second.headers["etag"] == etag and second.content == first.content
    assert service.responses.hits == hits + 1  # sent again by the response memo
    assert client.get("/sparql", params={"query": query}, headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/sparql", params={"query": query}, headers={"If-None-Match": '"other"'}).status_code == 200
    other = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert other.headers["etag"] != etag


def test_nondeterministic_queries_are_not_cached(client):
    query = "SELECT (STRUUID() AS ?u) WHERE {}"
    a = client.get("/sparql", params={"query": query}).json()["results"]["bindings"][0]["u"]["value"]
    b = client.get("/sparql", params={"query": query}).json()["results"]["bindings"][0]["u"]["value"]
    assert a != b


def test_head_is_get_without_a_body(client):
    get = client.get("/sparql", params={"query": COUNT_STATES})
    head = client.head("/sparql", params={"query": COUNT_STATES})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]
    assert head.headers["etag"] == get.headers["etag"]


def test_guard_walks_the_algebra():
    limits = {"max_length": 10_000, "max_nesting": 32}
    for query in ("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",
                  "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE SILENT ?g { ?s ?p ?o } } }",
                  "ASK { OPTIONAL { service <http://example.org/> {} } }"):
        with pytest.raises(QueryRefused) as refused:
            analyse(query, **limits)
        assert refused.value.feature == "SERVICE" and refused.value.status == 400
    assert analyse("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", **limits).dataset_in_query
    assert not analyse("SELECT * WHERE { ?s <http://example.org/service> 'SERVICE' } # SERVICE", **limits).dataset_in_query
    with pytest.raises(QueryRefused, match="LOAD"):
        analyse("LOAD <http://example.org/data.ttl>", **limits)
    with pytest.raises(QueryRefused) as too_long:
        analyse("ASK {}" + " " * 10_000, **limits)
    assert too_long.value.status == 413
    with pytest.raises(QueryRefused, match="nests"):
        analyse("ASK " + "{" * 33 + "}" * 33, **limits)
    assert analyse("ASK " + "{" * 30 + "}" * 30, **limits).form == "ask"
    assert analyse("SELECT (NOW() AS ?t) {}", **limits).deterministic is False


def test_guard_parses_only_what_the_lexical_scan_cannot_decide():
    limits = {"max_length": 10_000, "max_nesting": 32}
    decided = ["SELECT (STR(?s) AS ?x) (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), 'a')) } GROUP BY ?s",
               "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT (xsd:integer('1') AS ?x) {}",
               "SELECT (<http://www.w3.org/2001/XMLSchema#date>('2001-08-01') AS ?d) {}",
               "SELECT * WHERE { ?s <http://example.org/p(> 'f(x)' } # <http://example.org/f>(?s)"]
    for query in decided:
        assert analyse(query, **limits).parsed is False, query  # no call of an unknown IRI: no parse needed
    parsed = ["PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:p (1 2) }",  # a collection, not a call
              "PREFIX xsd: <http://example.org/not-xsd#> SELECT (xsd:integer('1') AS ?x) {}",
              "PREFIX x: <http://www.w3.org/2001/XMLSchema#> PREFIX x: <http://example.org/> SELECT (x:f(1) AS ?y) {}",
              "SELECT * WHERE { ?s ?p '\\u0041' }"]
    assert analyse(parsed[0], **limits).parsed is True
    for query in parsed[1:]:
        with pytest.raises(QueryRefused) if "example.org" in query else nullcontext():
            assert analyse(query, **limits).parsed is True
    for call in ("PREFIX ex: <http://example.org/fn#> SELECT (ex:run(1) AS ?x) {}",
                 "SELECT * WHERE { ?s ?p ?o FILTER <http://example.org/fn#run> (?o) }",
                 "BASE <http://example.org/fn/> SELECT (<run>(1) AS ?x) {}",
                 "PREFIX : <http://example.org/fn#> SELECT * WHERE { ?s ?p ?o FILTER(:run(?o)) }"):
        with pytest.raises(QueryRefused) as refused:
            analyse(call, **limits)
        assert refused.value.feature == "extension function" and refused.value.extra["function"] in ("http://example.org/fn#run", "http://example.org/fn/run")


def test_guard_falls_back_to_the_lexical_scan_where_rdflib_cannot_parse():
    limits = {"max_length": 100_000, "max_nesting": 64}
    call = "<http://www.w3.org/2001/XMLSchema#string>(?o0) = 'x' && <http://example.org/fn#f>(1)"
    long_bgp = " ".join(f"?s{i} <http://example.org/p> ?o{i} ." for i in range(300))  # rdflib's parser recurses too deep
    fallback = analyse(f"SELECT * WHERE {{ {long_bgp} FILTER({call}) }}", **limits)
    assert fallback.parsed is False and fallback.form == "select"  # the engine decides (oxigraph: unknown function)
    with pytest.raises(QueryRefused) as refused:
        analyse(f"SELECT * WHERE {{ {long_bgp} SERVICE <http://127.0.0.1:9/> {{ ?a ?b ?c }} }}", **limits)
    assert refused.value.feature == "SERVICE"
    slow = f"SELECT * WHERE {{ ?s ?p ?o FILTER({call} || " + " || ".join(f"?o = {i}" for i in range(3000)) + ") }"
    assert analyse(slow, **limits, budget=0.01).parsed is False  # past its parse budget (seconds here): the engine decides
    assert analyse(f"SELECT * FROM <http://example.org/> WHERE {{ {long_bgp} }}", **limits).dataset_in_query


def test_a_query_rdflib_cannot_parse_is_still_answered(client):
    patterns = " ".join(f"<https://w3id.org/rightsgraph/id/state/BLR> <https://w3id.org/rightsgraph/def#isoCode> ?c{i} ." for i in range(120))
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {patterns} }}"
    assert analyse(query, max_length=100_000, max_nesting=64).parsed is False
    assert count(client.get("/sparql", params={"query": query})) == 1


def test_the_editor_page(client):
    r = client.get("/sparql", params={"example": "unratified-conventions"}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and "<textarea" in r.text and "Unratified conventions" in r.text
    assert "rg:StatusAssertion" in r.text

"""The threat model's service rows: no outbound requests (a canary server on loopback must see no
connection), updates refused and data unchanged, caps on bodies and queries, killed runaway
queries with /health still fast, and parameters bound as terms."""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlsplit

import httpx
import pytest
from security.harness import canary_server

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def canary():
    with canary_server() as server:
        yield server


def rows(response) -> list:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def settle(canary) -> int:
    time.sleep(0.3)  # any connection a request set off would have arrived by now
    return canary.connections


def test_the_canary_counts_connections(canary):
    httpx.get(canary.url, timeout=5)
    assert settle(canary) == 1


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "PREFIX s: <{url}> SELECT * WHERE {{ SERVICE s: {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ " + " ".join(f"?s <http://x/p{i}> ?o{i} ." for i in range(150)) + " SERVICE <{url}> {{ ?a ?b ?c }} }}",
])
def test_service_is_refused_and_nothing_is_fetched(client, canary, template):
    query = template.format(url=canary.url)
    for response in (client.get("/sparql", params={"query": query}),
                     client.post("/sparql", data={"query": query}),
                     client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})):
        assert response.status_code == 400, response.text
        assert "SERVICE" in response.json()["error"]["message"]
        assert response.json()["error"]["detail"] == {"refused": "SERVICE"}
    assert settle(canary) == 0


def test_graph_names_are_only_names(client, canary):
    url = canary.url + "data.nt"
    assert rows(client.get("/sparql", params={"query": f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"})) == []
    assert rows(client.get("/sparql", params={"query": f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"})) == []
    assert rows(client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": url})) == []
    assert rows(client.get("/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": url})) == []
    assert rows(client.get("/sparql", params={"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"})) == []
    assert rows(client.get("/queries/treaty-status", params={"state": url})) == []
    assert settle(canary) == 0


def test_updates_are_refused_and_the_data_is_unchanged(client, canary):
    before = rows(client.get("/sparql", params={"query": COUNT_ALL}))[0]["n"]["value"]
    attempts = [
        client.get("/sparql", params={"update": "CLEAR ALL"}),
        client.post("/sparql", data={"update": "DROP ALL"}),
        client.post("/sparql", content=b"DELETE WHERE { ?s ?p ?o }", headers={"Content-Type": "application/sparql-update"}),
        client.get("/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"}),
        client.get("/sparql", params={"query": "PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }"}),
        client.get("/sparql", params={"query": f"LOAD <{canary.url}>"}),
        client.post("/sparql", data={"query": f"LOAD <{canary.url}> INTO GRAPH <http://x/g>"}),
        client.get("/sparql", params={"query": "CLEAR GRAPH <https://w3id.org/rightsgraph/graph/data>"}),
    ]
    for r in attempts:
        assert r.status_code == 400, r.text
        assert "read-only" in r.json()["error"]["message"]
    assert rows(client.get("/sparql", params={"query": COUNT_ALL + " # again"}))[0]["n"]["value"] == before
    assert settle(canary) == 0


@pytest.mark.server
def test_oversized_bodies_are_413(client, live, service_settings):
    limit = service_settings.max_body_bytes
    big = b"query=" + b"x" * limit
    r = client.post("/sparql", content=big, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413 and r.json()["error"]["code"] == 413

    def chunks():
        for _ in range(limit // 1000 + 2):
            yield b"#" * 1000

    r = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    # and on the wire, chunked, against uvicorn
    parts = urlsplit(live)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("POST", "/sparql", body=chunks(), headers={"Content-Type": "application/sparql-query", "Transfer-Encoding": "chunked"},
                 encode_chunked=True)
    response = conn.getresponse()
    assert response.status == 413 and b'"code":413' in response.read()
    conn.close()


def test_huge_and_deep_queries_never_reach_an_engine(client, service_settings):
    long_query = "ASK {}" + " " * service_settings.max_query_length
    assert client.post("/sparql", content=long_query.encode(), headers={"Content-Type": "application/sparql-query"}).status_code == 413
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000  # would crash the engine's parser
    r = client.post("/sparql", content=deep.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and "nests" in r.json()["error"]["message"]
    assert client.get("/sparql", params={"query": "ASK { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }"}).status_code == 400


@pytest.mark.server
def test_a_runaway_query_is_killed_and_health_stays_fast(live, service_settings):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    outcome = {}

    def run():
        started = time.monotonic()
        outcome["response"] = httpx.get(live + "/sparql", params={"query": runaway}, timeout=30)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)
    health = []
    while thread.is_alive():
        started = time.monotonic()
        assert httpx.get(live + "/health", timeout=5).json() == {"status": "ok"}
        health.append(time.monotonic() - started)
        time.sleep(0.05)
    thread.join()
    response = outcome["response"]
    assert response.status_code == 503
    assert response.headers["retry-after"].isdigit()
    assert response.json()["error"]["code"] == 503
    assert outcome["seconds"] < service_settings.query_timeout + 1.5
    assert health and max(health) < 0.5, health
    # the pool replaced the worker: the next query is answered
    deadline = time.monotonic() + 15
    while True:
        again = httpx.get(live + "/sparql", params={"query": "ASK {}"}, timeout=10)
        if again.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert again.status_code == 200 and again.json()["boolean"] is True


@pytest.mark.parametrize("params, message", [
    ({"state": "BLR' } ; DROP ALL ; #"}, "ISO 3166-1 alpha-3"),
    ({"state": "BLR", "treaty": "https://x/> } UNION { ?s ?p ?o"}, "absolute IRI"),
    ({"state": "BLR", "treaty": "javascript:alert(1)"}, "absolute IRI"),
    ({"state": ["BLR", "SWE"]}, "given 2 times"),
    ({"state": "BLR", "evil": "1"}, "unknown parameter"),
    ({}, "needs parameter"),
])
def test_named_query_parameters_are_typed(client, params, message):
    r = client.get("/queries/treaty-status", params=params)
    assert r.status_code == 400
    assert message in r.json()["error"]["message"]

"""SECURITY.md rows 1-2 (and guardrail 1): no outbound I/O on behalf of a request. SERVICE in every
form and LOAD are refused on the parsed query, naming the feature; FROM, FROM NAMED and the dataset
parameters only select graphs of the store, so a URL or a file named there is an empty graph. The
canary server must see no connection and the canary file no open."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.server

SERVICE_FORMS = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "ASK {{ FILTER NOT EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "PREFIX c: <{url}> SELECT * WHERE {{ SERVICE c: {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?a ?b ?c }} VALUES ?x {{ 1 }} # SERVICE in a comment is fine; this one is not:\n"
    "ASK {{ SERVICE <{url}> {{}} }}",
    r"SELECT * WHERE {{ \u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",  # a codepoint escape (rdflib decodes it)
    r"SELECT * WHERE {{ SERV\u0049CE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ " + " ".join(f"?s <http://x/p{i}> ?o{i} ." for i in range(300)) + " SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ BIND(" + "+".join(["1"] * 900) + " AS ?n) SERVICE <{url}> {{ ?a ?b ?c }} }}",  # slow for rdflib
]


def _ways(server: str, query: str):
    yield httpx.get(server + "/sparql", params={"query": query}, timeout=10)
    yield httpx.post(server + "/sparql", data={"query": query}, timeout=10)
    yield httpx.post(server + "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=10)


@pytest.mark.parametrize("template", SERVICE_FORMS, ids=range(len(SERVICE_FORMS)))
def test_service_in_every_form_is_refused_and_nothing_is_fetched(server, canary, template):
    query = template.format(url=canary.url)
    for r in _ways(server, query):
        if r.status_code == 414 and r.request.method == "GET":  # too long for a URL: refused before anything
            continue
        assert r.status_code == 400, r.text[:300]
        error = r.json()["error"]
        assert "SERVICE" in error["message"] and error["detail"]["refused"] == "SERVICE"
    assert canary.touched() == 0


def test_load_is_refused_and_nothing_is_fetched(server, canary, canary_file):
    for text in (f"LOAD <{canary.url}>", f"LOAD SILENT <{canary.url}> INTO GRAPH <http://x/g>", f"LOAD <{canary_file.uri}>",
                 f"PREFIX x: <http://x/> LOAD <{canary.url}>", f"SELECT * {{}} ; LOAD <{canary.url}>"):
        for r in _ways(server, text):
            assert r.status_code == 400, (text, r.text[:200])
            assert r.json()["error"]["detail"] is None or r.json()["error"]["detail"].get("refused") in ("LOAD", "update", "syntax")
    assert canary.touched() == 0
    assert canary_file.opens == []


def _bindings(r) -> list:
    assert r.status_code == 200, r.text[:300]
    return r.json()["results"]["bindings"]


def test_graph_names_only_select_graphs_of_the_store(server, canary, canary_file):
    names = [canary.url + "data.nt", canary_file.uri, "file:///etc/passwd", canary.url + "ctx.jsonld"]
    for name in names:
        for r in (
            httpx.get(server + "/sparql", params={"query": f"SELECT * FROM <{name}> WHERE {{ ?s ?p ?o }}"}),
            httpx.get(server + "/sparql", params={"query": f"SELECT * FROM NAMED <{name}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}),
            httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": name}),
            httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": name}),
            httpx.post(server + "/sparql", data={"query": f"SELECT * FROM <{name}> FROM NAMED <{name}> WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"}),
        ):
            assert _bindings(r) == []  # an unknown graph is empty
            assert canary_file.secret not in r.text
        construct = httpx.get(server + "/sparql", params={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"})
        assert construct.status_code == 200 and canary_file.secret not in construct.text
    assert httpx.get(server + "/queries/treaty-status", params={"state": canary.url}).json()["results"]["bindings"] == []
    assert canary.touched() == 0
    assert canary_file.opens == [], canary_file.opens


def test_a_graph_of_the_store_is_selected_by_name(server):
    data = "https://w3id.org/rightsgraph/graph/data"
    r = httpx.get(server + "/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{data}> WHERE {{ ?s ?p ?o }}"})
    assert int(_bindings(r)[0]["n"]["value"]) > 0


@pytest.mark.parametrize("call", [
    "<{url}f>(?s)", "<http://example.org/fn#run>('x')", "ex:shell('id')", "<file:///bin/sh>(1)", "<http://jena.apache.org/ARQ/function#wait>(1000)",
])
def test_extension_functions_are_refused_by_name(server, canary, call):
    text = "PREFIX ex: <http://example.org/ex#> SELECT * WHERE { ?s ?p ?o FILTER(" + call.format(url=canary.url) + ") } LIMIT 1"
    r = httpx.get(server + "/sparql", params={"query": text})
    assert r.status_code == 400, r.text[:300]
    error = r.json()["error"]
    assert error["detail"]["refused"] == "extension function"
    assert error["detail"]["function"] in error["message"]
    assert canary.touched() == 0


def test_builtin_functions_and_casts_still_work(server):
    text = ("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT (xsd:integer('7') + STRLEN(CONCAT('a', 'b')) AS ?n)"
            " (<http://www.w3.org/2001/XMLSchema#string>(1) AS ?s) WHERE {}")
    row = _bindings(httpx.get(server + "/sparql", params={"query": text}))[0]
    assert row["n"]["value"] == "9" and row["s"]["value"] == "1"

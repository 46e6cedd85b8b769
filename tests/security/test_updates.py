"""SECURITY.md row 3: updates on the read endpoint (INSERT, DELETE, DROP, LOAD, CLEAR, update via GET,
the update media type and parameters) are 4xx, and the data is unchanged (here, and for the whole
suite in conftest.nothing_lost)."""

from __future__ import annotations

import httpx
import pytest

from .harness import dataset_digest

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
UPDATES = [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "INSERT DATA { GRAPH <https://w3id.org/rightsgraph/graph/data> { <http://x/a> <http://x/b> <http://x/c> } }",
    "DELETE DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "WITH <https://w3id.org/rightsgraph/graph/data> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "DROP ALL", "DROP SILENT GRAPH <https://w3id.org/rightsgraph/graph/data>", "CLEAR DEFAULT", "CREATE GRAPH <http://x/g>",
    "ADD DEFAULT TO <http://x/g>", "MOVE <https://w3id.org/rightsgraph/graph/data> TO <http://x/g>", "COPY DEFAULT TO <http://x/g>",
    "LOAD <http://127.0.0.1:9/x>",
    "PREFIX x: <http://x/> # a prologue first\nINSERT DATA { x:a x:b x:c }",
    "ASK {} ; DROP ALL",
]


def _count(server) -> str:
    r = httpx.get(server + "/sparql", params={"query": COUNT})
    assert r.status_code == 200
    return r.json()["results"]["bindings"][0]["n"]["value"]


@pytest.mark.parametrize("text", UPDATES, ids=[u.split()[0] + str(i) for i, u in enumerate(UPDATES)])
def test_updates_are_refused(server, text):
    attempts = [
        httpx.get(server + "/sparql", params={"query": text}),  # an update as a query, via GET
        httpx.get(server + "/sparql", params={"update": text}),  # the update parameter, via GET
        httpx.post(server + "/sparql", data={"update": text}),
        httpx.post(server + "/sparql", data={"query": text}),
        httpx.post(server + "/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-update"}),
        httpx.post(server + "/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-query"}),
    ]
    for r in attempts:
        assert 400 <= r.status_code < 500, (r.request.method, r.status_code, r.text[:200])
        assert set(r.json()["error"]) == {"code", "message", "detail"}


def test_update_parameters_and_methods_are_refused(server):
    for params in ({"query": "ASK {}", "using-graph-uri": "http://x/g"}, {"query": "ASK {}", "using-named-graph-uri": "http://x/g"}):
        assert httpx.get(server + "/sparql", params=params).status_code == 400
    for method in ("PUT", "DELETE", "PATCH"):
        r = httpx.request(method, server + "/sparql", content=b"DROP ALL")
        assert r.status_code == 405 and "GET" in r.headers["allow"]


def test_the_data_is_unchanged(server, built, nothing_lost):
    before = _count(server)
    for text in UPDATES:
        httpx.post(server + "/sparql", data={"update": text})
        httpx.get(server + "/sparql", params={"query": text})
    assert _count(server) == before
    assert dataset_digest(built.path) == nothing_lost

"""One error shape everywhere: every 4xx and 5xx is {"error": {"code", "message", "detail"}}, with
the status as its code, and no traceback, file path or 500 ever."""

from __future__ import annotations

import pytest

BAD_REQUESTS = [
    ("GET", "/no/such/thing", {}, None),
    ("GET", "/api/nothing", {}, None),
    ("POST", "/api/states", {}, None),
    ("DELETE", "/id/state/BLR", {}, None),
    ("PUT", "/sparql", {}, b"ASK {}"),
    ("GET", "/sparql?query=ASK%20%7B", {}, None),
    ("GET", "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%7D", {}, None),
    ("GET", "/sparql?query=SELECT%20(%3Fx%20AS%20%3Fx)%20%7B%20BIND(1%20AS%20%3Fx)%20%7D", {}, None),
    ("GET", "/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D", {}, None),
    ("GET", "/sparql?update=DROP%20ALL", {}, None),
    ("GET", "/sparql?query=ASK%20%7B%7D", {"Accept": "image/png"}, None),
    ("GET", "/sparql?query=%00%01%02", {}, None),
    ("GET", "/sparql?query=SELECT%20%3Fx%20WHERE%20%7B%20BIND(%3Cnot%20an%20iri%3E%20AS%20%3Fx)%20%7D", {}, None),
    ("GET", "/sparql?query=ASK%20%7B%7D&default-graph-uri=%3Cx%3E", {}, None),
    ("POST", "/sparql", {"Content-Type": "application/json"}, b'{"query": "ASK {}"}'),
    ("POST", "/sparql", {"Content-Type": "application/sparql-query"}, b"\xff\xfe\x00"),
    ("POST", "/sparql", {"Content-Type": "application/sparql-query"}, b""),
    ("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"}, b"query=%E0%A4%A"),
    ("POST", "/sparql", {"Content-Type": "application/sparql-query", "Content-Length": "abc"}, b"ASK {}"),
    ("POST", "/sparql", {}, b"query=ASK%20%7B%7D"),
    ("GET", "/queries/nope", {}, None),
    ("GET", "/queries/treaty-status", {}, None),
    ("GET", "/queries/treaty-status?state=B", {}, None),
    ("GET", "/queries/treaty-status?state=BLR&format=turtle", {}, None),
    ("GET", "/queries/treaty-status?state=BLR", {"Accept": "application/rdf+xml"}, None),
    ("GET", "/api/states/ZZZ", {}, None),
    ("GET", "/api/states/BLR/treaties?status=maybe", {}, None),
    ("GET", "/api/states?limit=-1", {}, None),
    ("GET", "/api/states?limit=99999999999999999999999", {}, None),
    ("GET", "/api/states", {"Accept": "text/csv"}, None),
    ("GET", "/api/treaties/..%2F..%2Fetc", {}, None),
    ("GET", "/api/programmes?year=abc", {}, None),
    ("GET", "/api/search?q=", {}, None),
    ("GET", "/api/search?q=" + "x" * 500, {}, None),
    ("GET", "/api/obligations?state=%22%3E", {}, None),
    ("GET", "/id/state/NOPE", {}, None),
    ("GET", "/id/nothing", {}, None),
    ("GET", "/id/state/BLR?format=docx", {}, None),
    ("GET", "/dumps/secret.txt", {}, None),
    ("GET", "/dumps/%2e%2e%2fmanifest.json", {}, None),
    ("GET", "/def?format=pdf", {}, None),
    ("GET", "/.well-known/void", {"Accept": "text/csv"}, None),
    ("GET", "/static/../pyproject.toml", {}, None),
    ("GET", "/static/nothing.css", {}, None),
]


@pytest.mark.parametrize("method, path, headers, body", BAD_REQUESTS, ids=[f"{m} {p[:60]}" for m, p, _, _ in BAD_REQUESTS])
def test_error_shape(client, method, path, headers, body):
    r = client.request(method, path, headers=headers, content=body)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert r.headers["content-type"] == "application/json"
    doc = r.json()
    assert set(doc) == {"error"} and set(doc["error"]) == {"code", "message", "detail"}
    assert doc["error"]["code"] == r.status_code
    assert isinstance(doc["error"]["message"], str) and doc["error"]["message"]
    for leak in ("Traceback", 'File "', "/work/", "site-packages", ".py\"", "Exception("):
        assert leak not in r.text, leak


def test_valid_but_awkward_queries_are_answered(client):
    for query in ("SELECT * { ?s ?p " + "9" * 5000 + " }", "SELECT (1/0 AS ?x) {}", "SELECT (STRLEN(REPEAT('x', 3)) AS ?x) {}"):
        r = client.get("/sparql", params={"query": query})
        assert r.status_code in (200, 400), (query[:40], r.status_code)


def test_browsers_get_the_same_errors_as_pages(client):
    r = client.get("/api/states/ZZZ", headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no state with code" in r.text

"""SECURITY.md rows 5-6 and 11 (guardrail 3): budgets. Deeply nested or huge queries are 400/413/414
before any engine sees them (the pool's request count does not move); a long request target is 414
and large or many headers 431 (from the protocol on the wire, and from the middleware); a body over
the cap is 413; result exhaustion is cut at the row cap with an explicit truncation signal; an answer
over the response cap is a 503 before any of it is sent."""

from __future__ import annotations

import http.client
import socket
from urllib.parse import urlsplit

import httpx
import pytest

from .conftest import MAX_ROWS

pytestmark = pytest.mark.server


def _pool_requests(service) -> int:
    return service.query_engine.stats["requests"]


def _post(server, text: str):
    return httpx.post(server + "/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=10)


HOSTILE_TEXTS = {
    "nested braces (segfaults pyoxigraph)": ("SELECT * WHERE " + "{" * 5000 + "}" * 5000, 400, "nesting"),
    "nested parentheses": ("ASK { FILTER(" + "(" * 70 + "1" + ")" * 70 + ") }", 400, "nesting"),
    "nested subqueries": ("SELECT * WHERE " + "{ SELECT * WHERE " * 70 + "{}" + " }" * 70, 400, "nesting"),
    "operator chain (segfaults pyoxigraph)": ("SELECT * WHERE { BIND(" + "+".join(["1"] * 7000) + " AS ?x) }", 400, "nesting"),
    "operator chain under the length cap": ("ASK { FILTER(" + "+".join(["1"] * 2500) + ") }", 400, "nesting"),
    "path chain": ("ASK { ?s " + "/".join(["<urn:p>"] * 2100) + " ?o }", 400, "nesting"),
    "logical chain (segfaults pyoxigraph at ~9,000)": ("ASK { FILTER(" + "||".join(["1"] * 4100) + ") }", 400, "nesting"),
    "too long": ("ASK {}" + " " * 20_001, 413, "length"),
}


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_huge_and_deep_queries_never_reach_an_engine(server, service, name):
    text, status, feature = HOSTILE_TEXTS[name]
    before = _pool_requests(service)
    r = _post(server, text)
    assert r.status_code == status, r.text[:300]
    assert r.json()["error"]["detail"] == {"refused": feature}
    assert _pool_requests(service) == before


def test_a_long_request_target_is_414(server, budgets):
    limit = budgets["max_url_bytes"]
    r = httpx.get(server + "/sparql", params={"query": "ASK {}" + " " * limit})
    assert r.status_code == 414 and r.json()["error"]["code"] == 414
    assert httpx.get(server + "/health").status_code == 200


def test_large_or_many_headers_are_431(server, budgets):
    r = httpx.get(server + "/health", headers={"X-Big": "x" * (budgets["max_header_bytes"] + 100)})
    assert r.status_code == 431 and r.json()["error"]["code"] == 431
    many = {f"X-H{i}": "1" for i in range(budgets["max_headers"] + 5)}
    r = httpx.get(server + "/api/states", headers=many)
    assert r.status_code == 431 and "header fields" in r.json()["error"]["message"]


def test_limits_hold_in_process_too(sec_app, budgets):
    from fastapi.testclient import TestClient

    client = TestClient(sec_app)  # no protocol layer: the middleware alone
    assert client.get("/sparql?query=" + "x" * (budgets["max_url_bytes"] + 1)).status_code == 414
    assert client.get("/health", headers={f"X-{i}": "1" for i in range(budgets["max_headers"] + 1)}).status_code == 431


def test_oversized_bodies_are_413(server, budgets):
    limit = budgets["max_body_bytes"]
    r = httpx.post(server + "/sparql", content=b"query=" + b"x" * limit, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413 and r.json()["error"]["code"] == 413
    parts = urlsplit(server)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("POST", "/validate", body=(b"#" * 1000 for _ in range(limit // 1000 + 2)),
                 headers={"Content-Type": "text/turtle", "Transfer-Encoding": "chunked"}, encode_chunked=True)
    response = conn.getresponse()
    assert response.status == 413 and b'"code":413' in response.read()
    conn.close()
    # a lying Content-Length is refused at once, before the body is read
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as s:
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                  b"Content-Length: 999999999\r\n\r\nASK {}")
        assert b" 413 " in s.recv(4096).split(b"\r\n", 1)[0]


@pytest.mark.parametrize("text, fmt", [
    ("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json"),
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples"),
])
def test_result_exhaustion_is_cut_with_a_signal(server, text, fmt):
    r = httpx.get(server + "/sparql", params={"query": text}, headers={"Accept": fmt})
    assert r.status_code == 200, r.text[:200]
    assert r.headers["x-result-truncated"] == "true" and r.headers["x-result-limit"] == str(MAX_ROWS)
    if fmt.endswith("json"):
        assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    elif fmt == "text/csv":
        assert len(r.text.strip().splitlines()) == MAX_ROWS + 1
    else:
        assert len(r.text.strip().splitlines()) == MAX_ROWS
    small = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert "x-result-truncated" not in small.headers


def test_an_answer_over_the_response_cap_is_503(server, budgets):
    grow = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(10))  # 16 KiB a row
    text = f'SELECT ?s ?x10 WHERE {{ ?s ?p ?o BIND("0123456789abcdef" AS ?x0) {grow} }}'
    r = httpx.get(server + "/sparql", params={"query": text})
    assert r.status_code == 503, (r.status_code, len(r.content))
    assert r.json()["error"]["detail"] == {"limit": budgets["max_response_bytes"]}
    assert r.headers["retry-after"].isdigit()
    assert len(r.content) < 1000

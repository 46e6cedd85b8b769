"""bench/load.py, the load generator used where wrk is not installed, against a real server on loopback."""

from __future__ import annotations

import importlib.util
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def load():
    spec = importlib.util.spec_from_file_location("rightsgraph_bench_load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def server():
    """An HTTP server that records every query string it is sent and answers 200, or 400 to a literal nonce."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 - the stdlib's name
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["query"][0]
            seen.append(query)
            status = 400 if "__NONCE__" in query else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", seen
    httpd.shutdown()
    httpd.server_close()


QUERY = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1 VALUES ?nonce { __NONCE__ }", safe="")


def test_unique_requests_fill_the_nonce_with_a_counter(load, server):
    url, seen = server
    result = load.run(f"{url}?query={QUERY}", "application/json", 0.5, 4, unique=True)
    assert result["requests"] > 0 and result["non_2xx"] == 0
    assert all("__NONCE__" not in q and q.startswith("SELECT") for q in seen)
    assert len(set(seen)) == len(seen)  # every text is new


def test_repeated_requests_send_the_url_as_it_is(load, server):
    url, seen = server
    result = load.run(f"{url}?query={QUERY}", "application/json", 0.3, 2)
    assert result["requests"] > 0 and result["non_2xx"] == result["requests"]  # the server refuses the literal nonce
    assert set(seen) == {urllib.parse.unquote(QUERY)}


def test_a_unique_url_without_a_nonce_gets_a_counter_comment(load, server):
    url, seen = server
    result = load.run(f"{url}?query=ASK%7B%7D", "application/json", 0.3, 2, unique=True)
    assert result["requests"] > 0 and result["non_2xx"] == 0
    assert all(q.startswith("ASK{}\n#") and q.removeprefix("ASK{}\n#").isdigit() for q in seen)
    assert len(set(seen)) == len(seen)

"""The hardened HTTP protocols on the wire, both of them: ``HardenedHttpToolsProtocol`` (what
``serve_options`` gives uvicorn: llhttp parses, issue 12) and its pure-Python twin
``HardenedH11Protocol``. What the security suite checks for the served protocol (tests/security/
test_connections.py, test_caps.py), plus what only a parser that reads ahead can get wrong:
pipelined requests, a head that never ends behind a complete one, a slow head on a kept-alive
connection, and a request that runs longer than the head deadline."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from rightsgraph.api.app import create_app
from rightsgraph.api.limits import HardenedH11Protocol, HardenedHttpToolsProtocol, protocol_class, serve_options
from rightsgraph.config import Settings

from .live import serve

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.server
BUDGETS = dict(header_timeout=0.6, body_timeout=1.0, keep_alive_timeout=1.5, max_url_bytes=2048, max_header_bytes=4096,
               query_timeout=5.0)
SLOW = "SELECT (COUNT(*) AS ?n) { SELECT * { ?a a ?t . ?b a ?u } LIMIT 6000000 } VALUES ?nonce { 7 }"  # 1.1–1.4 s here: twice header_timeout, a quarter of query_timeout


@pytest.fixture(scope="module")
def servers(built):
    settings = Settings(root=ROOT, build_dir=built.path.parents[1], **BUDGETS)
    app = create_app(settings, build_path=built.path)
    with serve(app, options=serve_options(settings)) as fast:
        app.state.service.query_engine
        with serve(app, lifespan="off", options=dict(serve_options(settings), http=protocol_class(settings, HardenedH11Protocol))) as twin:
            yield {"httptools": fast, "h11": twin}


@pytest.fixture(params=["httptools", "h11"])
def server(request, servers):
    return servers[request.param]


def test_serve_options_give_the_httptools_protocol():
    http = serve_options(Settings())["http"]
    assert issubclass(http, HardenedHttpToolsProtocol) and http.limits.header_timeout == Settings().header_timeout
    assert issubclass(protocol_class(Settings(), HardenedH11Protocol), HardenedH11Protocol)


def _connect(server: str) -> socket.socket:
    host, port = server.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def _read(s: socket.socket, limit: float) -> tuple[bytes, float, bool]:
    """What the server sends within ``limit`` seconds, when it stopped, and whether it closed."""
    started, data = time.monotonic(), b""
    s.settimeout(0.2)
    while time.monotonic() - started < limit:
        try:
            chunk = s.recv(65536)
        except (TimeoutError, socket.timeout):
            continue
        except ConnectionResetError:
            return data, time.monotonic() - started, True
        if not chunk:
            return data, time.monotonic() - started, True
        data += chunk
    return data, time.monotonic() - started, False


HEALTH = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"


def test_pipelined_requests_are_answered_in_order(server):
    s = _connect(server)
    s.sendall(HEALTH + b"GET /api/states?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n" + HEALTH.replace(b"Host: x\r\n", b"Host: x\r\nConnection: close\r\n"))
    data, _, closed = _read(s, 5)
    s.close()
    assert data.count(b"HTTP/1.1 200 ") == 3 and closed
    first, second = data.index(b'"status"'), data.index(b'"items"')
    assert first < second


def test_a_head_that_never_ends_behind_a_complete_one_is_431(server):
    """The first request is answered; the pipelined one's header grows until it passes the cap: refused and
    closed (414 or 431: counting starts again at the next read, which may be the middle of the head, and
    bytes without a line end count as the request line)."""
    s = _connect(server)
    s.sendall(HEALTH + b"GET /health HTTP/1.1\r\nHost: x\r\nX-Long: ")
    time.sleep(0.1)
    refused = False
    try:
        for _ in range(40):  # 40 × 1 kB, at most ~10 times the cap
            s.sendall(b"a" * 1024)
            time.sleep(0.005)
    except (BrokenPipeError, ConnectionResetError):
        refused = True
    data, _, closed = _read(s, 3)
    s.close()
    assert data.startswith(b"HTTP/1.1 200 ")
    assert (b"HTTP/1.1 431 " in data and b'"code":431' in data) or (b"HTTP/1.1 414 " in data and b'"code":414' in data), data[-300:]
    assert closed or refused


def test_an_oversized_head_is_431_and_a_large_body_is_not_a_head(server):
    s = _connect(server)
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X-A: " + b"b" * 7000 + b"\r\n\r\n")
    data, _, _ = _read(s, 3)
    s.close()
    assert data.startswith(b"HTTP/1.1 431 ") and b'"code":431' in data
    body = b"query=" + b"ASK%20%7B%7D" + b"+" * 20_000  # 20 kB of body, in the same packet as the head: not counted as head
    s = _connect(server)
    s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\nContent-Length: "
              + str(len(body)).encode() + b"\r\n\r\n" + body)
    data, _, _ = _read(s, 5)
    s.close()
    assert data.startswith(b"HTTP/1.1 200 ") and b'"boolean":true' in data, data[:300]


def test_a_long_request_line_is_414_on_the_wire(server):
    s = _connect(server)
    s.sendall(b"GET /sparql?query=" + b"x" * 3000)
    data, _, closed = _read(s, 3)
    s.close()
    assert data.startswith(b"HTTP/1.1 414 ") and closed


def test_a_slow_head_on_a_kept_alive_connection_is_408_at_the_deadline(server):
    s = _connect(server)
    s.sendall(HEALTH)
    time.sleep(0.2)
    started = time.monotonic()
    for byte in b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"z" * 200:
        try:
            s.send(bytes([byte]))
        except (BrokenPipeError, ConnectionResetError):
            break
        time.sleep(0.02)
        if time.monotonic() - started > BUDGETS["header_timeout"] + 1.5:
            break
    data, _, closed = _read(s, 2)
    s.close()
    assert data.startswith(b"HTTP/1.1 200 ")
    assert b"HTTP/1.1 408 " in data and b'"code":408' in data


def test_a_request_longer_than_the_head_deadline_is_answered(server):
    """The head deadline runs while the head arrives, not while the server works on the request (a
    query no cache has seen, so it runs for about a second, longer than ``header_timeout``)."""
    from urllib.parse import quote

    query = SLOW.replace("{ 7 }", "{ %d }" % time.time_ns())
    s = _connect(server)
    started = time.monotonic()
    s.sendall(b"GET /sparql?query=" + quote(query).encode() + b" HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\n"
              b"Connection: close\r\n\r\n")
    data, took, closed = _read(s, BUDGETS["header_timeout"] + 6)
    s.close()
    assert data.startswith(b"HTTP/1.1 200 ") and b"6000000" in data, data[:300]
    assert b" 408 " not in data and closed and took > BUDGETS["header_timeout"]  # it did run past the head deadline


def test_an_idle_kept_alive_connection_closes_quietly_at_the_keep_alive_timeout(server):
    """Between an answer and the next request's first byte a connection is idle, not slow: uvicorn's
    keep-alive timer closes it without a word (an unasked-for 408 could be read as the answer to a
    request the client is sending), even though ``header_timeout`` is the shorter budget here."""
    assert BUDGETS["header_timeout"] < BUDGETS["keep_alive_timeout"]
    s = _connect(server)
    s.sendall(HEALTH)
    data, took, closed = _read(s, BUDGETS["keep_alive_timeout"] + 3)
    s.close()
    assert data.startswith(b"HTTP/1.1 200 ") and data.count(b"HTTP/1.1 ") == 1, data[-300:]
    assert closed and took > BUDGETS["keep_alive_timeout"] - 0.2


def test_a_slow_body_is_cut_at_the_body_deadline(server):
    s = _connect(server)
    s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK")
    data, took, closed = _read(s, BUDGETS["body_timeout"] + 3)
    s.close()
    assert closed and took < BUDGETS["body_timeout"] + 1.5
    assert data == b"" or b" 408 " in data.split(b"\r\n", 1)[0], data[:200]


def test_invalid_http_is_400_in_the_error_shape(server):
    s = _connect(server)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
    data, _, closed = _read(s, 3)
    s.close()
    assert data.startswith(b"HTTP/1.1 400 ") and b'"code":400' in data and closed

"""gzip for text answers (issue 14.5), on a real uvicorn: negotiated by Accept-Encoding, with Vary, weak
ETags that still revalidate, never for dumps, ranges or small answers; the memo and the size cap see
the identity answer."""

from __future__ import annotations

import gzip
import http.client
import json
from urllib.parse import quote, urlsplit

import pytest
from fastapi.testclient import TestClient
from starlette.responses import Response

from rightsgraph.api.compression import Compression, accepts_gzip, compressible
from rightsgraph.api.limits import RequestLimits

from .live import serve

pytestmark = pytest.mark.server

BIG = "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 900"  # ~200 kB of JSON


@pytest.fixture(scope="module")
def compressed_app(app, client):  # client: the lifespan (query workers) runs
    assert any(m.cls is Compression for m in app.user_middleware)  # api/app.py wires it
    return app


@pytest.fixture(scope="module")
def zlive(compressed_app):
    with serve(compressed_app, lifespan="off") as url:
        yield url


def get(base: str, path: str, headers: dict | None = None, method: str = "GET"):
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def big_path() -> str:
    return "/sparql?query=" + quote(BIG)


def test_text_answers_are_gzipped_for_clients_that_accept_it(zlive):
    plain, identity = get(zlive, big_path())
    assert plain.status == 200 and plain.getheader("Content-Encoding") is None
    assert "Accept-Encoding" in plain.getheader("Vary") and "Accept" in plain.getheader("Vary")
    zipped, body = get(zlive, big_path(), {"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.status == 200 and zipped.getheader("Content-Encoding") == "gzip"
    assert int(zipped.getheader("Content-Length")) == len(body) < len(identity) / 5
    assert gzip.decompress(body) == identity and json.loads(identity)["results"]["bindings"]
    assert "Accept-Encoding" in zipped.getheader("Vary") and "Accept" in zipped.getheader("Vary")
    assert zipped.getheader("ETag") == "W/" + plain.getheader("ETag")
    assert zipped.getheader("Content-Type") == plain.getheader("Content-Type")


@pytest.mark.parametrize("accept_encoding, expected", [
    ("gzip", "gzip"), ("*", "gzip"), ("x-gzip", "gzip"), ("br;q=1, gzip;q=0.5", "gzip"),
    ("gzip;q=0", None), ("identity", None), ("br", None), ("*;q=0", None), ("deflate", None),
])
def test_accept_encoding_decides(zlive, accept_encoding, expected):
    response, _ = get(zlive, big_path(), {"Accept-Encoding": accept_encoding})
    assert response.status == 200 and response.getheader("Content-Encoding") == expected


def test_rdf_and_html_answers_too(zlive):
    for path, accept in (("/id/state/BLR", "text/turtle"), ("/id/state/BLR", "text/html"), ("/def", "application/ld+json")):
        response, body = get(zlive, path, {"Accept": accept, "Accept-Encoding": "gzip"})
        assert response.getheader("Content-Encoding") == "gzip", path
        assert gzip.decompress(body)


def test_never_dumps_ranges_small_answers_or_head(zlive):
    for name in ("dataset.ttl", "dataset.ttl.gz", "dataset.nq"):
        response, body = get(zlive, f"/dumps/{name}", {"Accept-Encoding": "gzip"})
        assert response.status == 200 and response.getheader("Content-Encoding") is None, name
        assert "Accept-Encoding" not in (response.getheader("Vary") or "")
    assert gzip.decompress(get(zlive, "/dumps/dataset.ttl.gz")[1])  # the file itself, as it is
    ranged, body = get(zlive, "/dumps/dataset.ttl", {"Accept-Encoding": "gzip", "Range": "bytes=0-99"})
    assert ranged.status == 206 and len(body) == 100 and ranged.getheader("Content-Encoding") is None
    small, _ = get(zlive, "/health", {"Accept-Encoding": "gzip"})
    assert small.getheader("Content-Encoding") is None


def test_revalidation_with_either_etag_form(zlive):
    zipped, _ = get(zlive, big_path(), {"Accept-Encoding": "gzip"})
    weak = zipped.getheader("ETag")
    assert weak.startswith('W/"')
    again, body = get(zlive, big_path(), {"Accept-Encoding": "gzip", "If-None-Match": weak})
    assert again.status == 304 and body == b"" and again.getheader("ETag") == weak
    strong, _ = get(zlive, big_path(), {"Accept-Encoding": "gzip", "If-None-Match": weak.removeprefix("W/")})
    assert strong.status == 304


def layer_of(app, cls):
    """The instance of a middleware class in the app's built stack (each layer holds the next as .app)."""
    layer = app.middleware_stack
    while layer is not None and not isinstance(layer, cls):
        layer = getattr(layer, "app", None)
    return layer


def test_a_repeat_is_not_compressed_again_and_the_memo_keeps_the_identity_answer(zlive, compressed_app, service):
    path = "/sparql?query=" + quote(BIG + " OFFSET 1")
    get(zlive, "/health")  # the stack is built on the first request
    gzipper = layer_of(compressed_app, Compression)
    assert gzipper is not None
    before = (gzipper.compressed, gzipper.reused)
    first = get(zlive, path, {"Accept-Encoding": "gzip"})[1]
    second = get(zlive, path, {"Accept-Encoding": "gzip"})[1]
    assert first == second
    assert (gzipper.compressed, gzipper.reused) == (before[0] + 1, before[1] + 1)
    kept = [sent for sent in service.responses._entries.values() if getattr(sent, "body", b"").startswith(b'{"head"')]
    assert kept and not any(sent.body.startswith(b"\x1f\x8b") for sent in service.responses._entries.values())


def test_the_size_cap_counts_the_identity_answer():
    """Outside the cap, compression cannot let an answer over max_response_bytes through for gzip clients only."""
    text = ("the same words again and again " * 4000).encode()  # 124 kB, ~1 kB gzipped

    async def inner(scope, receive, send):
        await Response(text, media_type="text/plain")(scope, receive, send)

    capped = TestClient(Compression(RequestLimits(inner, max_response_bytes=50_000)))  # no lifespan: inner has none
    for encoding in ("gzip", "identity"):
        r = capped.get("/big", headers={"Accept-Encoding": encoding})
        assert r.status_code == 503, encoding
    roomy = TestClient(Compression(RequestLimits(inner, max_response_bytes=500_000)))
    r = roomy.get("/big", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip" and r.content == text  # httpx decodes


def test_inside_head_as_get_head_reports_the_gzip_length():
    from rightsgraph.api.app import HeadAsGet

    text = ("a text answer " * 500).encode()

    async def inner(scope, receive, send):
        await Response(text, media_type="text/turtle", headers={"ETag": '"x"'})(scope, receive, send)

    c = TestClient(HeadAsGet(Compression(inner)))
    get_, head = c.get("/", headers={"Accept-Encoding": "gzip"}), c.head("/", headers={"Accept-Encoding": "gzip"})
    assert get_.headers["content-encoding"] == head.headers["content-encoding"] == "gzip" and head.content == b""
    assert head.headers["content-length"] == get_.headers["content-length"] and int(head.headers["content-length"]) < len(text)
    assert head.headers["etag"] == get_.headers["etag"] == 'W/"x"'


def test_accept_encoding_parser_and_types():
    assert accepts_gzip("gzip, deflate") and accepts_gzip("*") and accepts_gzip("GZIP;q=0.1")
    assert not accepts_gzip(None) and not accepts_gzip("") and not accepts_gzip("gzip;q=0, *") and not accepts_gzip("gzip;q=x")
    for media in ("text/turtle", "application/sparql-results+json", "application/n-quads", "application/ld+json",
                  "text/html; charset=utf-8", "application/json", "image/svg+xml", "application/trig"):
        assert compressible(media), media
    for media in ("application/gzip", "image/png", "application/octet-stream", ""):
        assert not compressible(media), media


def test_the_service_itself_compresses(live, app):
    """api/app.py wires Compression inside HeadAsGet, outside RequestLimits and ResponseMemo."""
    assert any(m.cls is Compression for m in app.user_middleware)
    response, body = get(live, big_path(), {"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip" and json.loads(gzip.decompress(body))
    head, empty = get(live, big_path(), {"Accept-Encoding": "gzip"}, method="HEAD")
    assert empty == b"" and head.getheader("Content-Encoding") == "gzip"
    assert head.getheader("Content-Length") == response.getheader("Content-Length")

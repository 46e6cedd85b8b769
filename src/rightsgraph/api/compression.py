"""gzip for text answers: ``Content-Encoding: gzip`` negotiated by ``Accept-Encoding``, as ASGI middleware.

* **What is compressed**: complete answers (one body message, so never a streamed file) of at least
  ``MIN_BYTES``, whose media type is text (``text/*``, JSON, XML, every RDF and SPARQL results
  format of :mod:`rightsgraph.formats`, SVG, JavaScript), with status 200 and no ``Content-Encoding``
  or ``Content-Range`` of their own. Never the dumps (``/dumps/``: files streamed from disk, the
  ``.gz`` ones already compressed, with byte ranges), never a ``Range`` request, never ``HEAD``
  (when this layer sees one: put it inside ``HeadAsGet`` so that ``HEAD`` reports the gzip length).
* **Vary**: every answer that would be compressed for a client that accepts gzip says
  ``Vary: Accept-Encoding``, whether or not this client does.
* **ETag**: a compressed answer has the weak form of the answer's ETag (``W/"…"``), as nginx does:
  the bytes differ from the identity answer's, and the service compares ``If-None-Match`` weakly,
  so a client revalidating with either form gets its ``304``. A ``304`` to a weak validator repeats it.
* **Where it sits** (``api/app.py``): outside the answer-size cap (``limits.RequestLimits``) and the
  response memo (``memo.ResponseMemo``), so that both see the identity answer — the cap is the same
  for every client, and the memo keeps one entry whatever the encoding (``accept-encoding`` is then a
  header no route reads). The compressed bytes are kept here instead, in a small LRU keyed by the
  path, the answer's ETag (a digest of its media type and body) and its media type, so a memo hit is
  not compressed again; answers without an ETag (errors, ``/validate``) are compressed each time.
* **br**: not offered. Brotli is not installed, and on these answers it saves ~15 % over gzip for a
  dependency and more CPU per miss; gzip (stdlib zlib, which releases the GIL) is what every client
  accepts.

Measured (docs/service.md, "Compression"): level 6 takes ~26 ms of CPU for a 1.1 MB SPARQL JSON
answer (4.7 % of its size; level 1: ~10 ms, 6.0 %); over uvicorn, the first gzip answer of 1.26 MB
took 28–42 ms on a loaded machine, a repeat (compressed bytes kept) 1.5–4 ms, the identity memo hit 2–9 ms.
"""

from __future__ import annotations

import asyncio
import gzip
import re
import threading
from collections import OrderedDict

from .. import formats

MIN_BYTES = 1024  # smaller answers gain little and cost a header
LEVEL = 6
THREAD_BYTES = 256 * 1024  # larger bodies are compressed in a thread: the event loop goes on serving
MAX_KEPT_BYTES = 16 * 1024 * 1024  # compressed bodies kept, all together
MAX_KEPT_ENTRY = 4 * 1024 * 1024
EXEMPT = ("/dumps/",)

_TEXT_TYPES = frozenset({"application/json", "application/xml", "application/javascript", "image/svg+xml",
                         "application/xhtml+xml", "application/problem+json"}
                        | {m for f in (*formats.RDF_FORMATS, *formats.RESULT_FORMATS) for m in f.media_types})
_CODING = re.compile(r"^\s*([A-Za-z0-9*_.+-]+)\s*(?:;\s*q\s*=\s*([0-9.]+)\s*)?$")


def compressible(media_type: str) -> bool:
    essence = media_type.partition(";")[0].strip().lower()
    return essence.startswith("text/") or essence in _TEXT_TYPES or essence.endswith(("+json", "+xml"))


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header accepts gzip (``gzip``, ``x-gzip`` or ``*``, with q > 0)."""
    if not header:
        return False
    named: dict[str, float] = {}
    for part in header.split(",")[:32]:
        m = _CODING.match(part)
        if not m:
            continue
        try:
            q = float(m.group(2)) if m.group(2) is not None else 1.0
        except ValueError:
            continue
        named[m.group(1).lower()] = q
    for coding in ("gzip", "x-gzip"):
        if coding in named:
            return named[coding] > 0
    return named.get("*", 0) > 0


class _Kept:
    """An LRU of compressed bodies, bounded in bytes, shared by the request threads and loops."""

    def __init__(self, max_bytes: int = MAX_KEPT_BYTES):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, key: tuple, body: bytes) -> None:
        if len(body) > MAX_KEPT_ENTRY:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = body
            self._bytes += len(body)
            while self._bytes > self.max_bytes and self._entries:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= len(evicted)

    def __len__(self) -> int:
        return len(self._entries)


def _compress(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=LEVEL, mtime=0)  # mtime 0: the same answer, the same bytes


def _header(headers, name: bytes) -> bytes | None:
    return next((v for k, v in headers if k.lower() == name), None)


def _add_vary(headers: list, value: bytes) -> list:
    current = _header(headers, b"vary")
    if current is None:
        return headers + [(b"vary", value)]
    if value.lower() in (v.strip().lower() for v in current.split(b",")):
        return headers
    return [(k, v) for k, v in headers if k.lower() != b"vary"] + [(b"vary", current + b", " + value)]


class Compression:
    """ASGI middleware: gzip for text answers of at least ``min_bytes``, for clients that accept it."""

    def __init__(self, app, min_bytes: int = MIN_BYTES):
        self.app = app
        self.min_bytes = min_bytes
        self.kept = _Kept()
        self.compressed = self.reused = 0  # counters, for the tests and a curious operator

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "POST") or scope["path"].startswith(EXEMPT):
            return await self.app(scope, receive, send)
        request_headers = scope.get("headers") or []
        if _header(request_headers, b"range") is not None:
            return await self.app(scope, receive, send)
        gzip_ok = accepts_gzip((_header(request_headers, b"accept-encoding") or b"").decode("latin-1"))
        weak_asked = b"W/" in (_header(request_headers, b"if-none-match") or b"")
        start: dict | None = None

        async def compressing(message):
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return None
            if message["type"] != "http.response.body" or start is None:
                return await send(message)
            held, start = start, None
            if message.get("more_body", False):  # streamed: passed on as it is
                await send(held)
                return await send(message)
            await self._finish(scope, held, message.get("body", b""), gzip_ok, weak_asked, send)

        await self.app(scope, receive, compressing)
        if start is not None:  # a start without a body message (not sent by Starlette, but allowed)
            await send(start)

    async def _finish(self, scope, start: dict, body: bytes, gzip_ok: bool, weak_asked: bool, send) -> None:
        headers = list(start.get("headers") or [])
        status = start["status"]
        etag = _header(headers, b"etag")
        if status == 304:
            if gzip_ok and weak_asked and etag is not None and not etag.startswith(b"W/"):
                headers = [(k, v) for k, v in headers if k.lower() != b"etag"] + [(b"etag", b"W/" + etag)]
            await send(dict(start, headers=headers))
            return await send({"type": "http.response.body", "body": body, "more_body": False})
        media = (_header(headers, b"content-type") or b"").decode("latin-1")
        eligible = (status == 200 and len(body) >= self.min_bytes and compressible(media)
                    and _header(headers, b"content-encoding") is None and _header(headers, b"content-range") is None)
        if not eligible:
            await send(start)
            return await send({"type": "http.response.body", "body": body, "more_body": False})
        headers = _add_vary(headers, b"Accept-Encoding")
        if not gzip_ok:
            await send(dict(start, headers=headers))
            return await send({"type": "http.response.body", "body": body, "more_body": False})
        key = (scope["path"], etag, media) if etag is not None else None
        packed = self.kept.get(key) if key is not None else None
        if packed is None:
            packed = await asyncio.to_thread(_compress, body) if len(body) >= THREAD_BYTES else _compress(body)
            self.compressed += 1
            if key is not None:
                self.kept.put(key, packed)
        else:
            self.reused += 1
        drop = (b"content-length", b"etag")
        headers = [(k, v) for k, v in headers if k.lower() not in drop] + [
            (b"content-encoding", b"gzip"), (b"content-length", str(len(packed)).encode("latin-1"))]
        if etag is not None:
            headers.append((b"etag", etag if etag.startswith(b"W/") else b"W/" + etag))
        await send(dict(start, headers=headers))
        await send({"type": "http.response.body", "body": packed, "more_body": False})

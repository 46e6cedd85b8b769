"""The response memo: cached answers sent straight from the ASGI layer.

A cached answer (``cache.respond`` on an :class:`~.cache.Answer` that may be cached) still costs a
request its way through FastAPI: route matching over ~60 routes, dependency solving, query-parameter
validation, a hop to the thread pool and back, content negotiation. That is most of the time of a
cached request (measured: docs/engines.md). The memo keeps the response the application sent for a
GET, keyed by everything in the request that can change it, and sends it again without entering
the application.

* **What is kept**: only responses that ``respond`` marked (the ``x-rightsgraph-memo`` header,
  removed before anything leaves): 200 and 304 answers of cacheable, deterministic requests. Errors,
  streamed bodies, HTML pages with a form, uncacheable answers and answers over the cache's entry
  size are never kept.
* **The key** is the path, the raw query string and every request header except the ones no route
  reads (``IGNORED``). ``If-None-Match`` is part of the key, so a 304 is kept as a 304. The key is
  therefore finer than the application's own cache key: whatever the memo sends, the application
  would have sent for that request.
* **Bounds**: ``Service.responses``, an LRU like the answer cache (``cache_size`` entries, 64 MB),
  one per build.
* Security headers, CORS, the per-client limits and HEAD handling wrap the memo, so they apply to
  memo answers exactly as to the others.
* **A SPARQL query the memo does not hold** (GET /sparql?query=...) is answered here too, by the
  route's own functions (``_sparql_query``): FastAPI's routing, dependencies and exception
  middleware are skipped, nothing else (docs/engines.md, "Where a request's time goes").
"""

from __future__ import annotations

from dataclasses import dataclass

from .cache import MAX_ENTRY_BYTES, AnswerCache

MARK = b"x-rightsgraph-memo"
# Request headers no route reads: leaving them out of the key lets clients that differ only in
# these share an entry. Anything not listed (Accept, Host, X-Forwarded-*, If-None-Match...) is in it.
IGNORED = frozenset({b"user-agent", b"connection", b"keep-alive", b"referer", b"cookie", b"cache-control", b"pragma",
                     b"accept-language", b"dnt", b"upgrade-insecure-requests", b"sec-fetch-site", b"sec-fetch-mode",
                     b"sec-fetch-dest", b"sec-fetch-user", b"sec-ch-ua", b"sec-ch-ua-mobile", b"sec-ch-ua-platform",
                     b"priority", b"te", b"accept-encoding"})  # Compression, outside the memo, reads Accept-Encoding


@dataclass(frozen=True)
class Sent:
    """One response as the application sent it (its marker removed)."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    cacheable: bool = True


def memo_key(scope) -> tuple:
    headers = tuple(sorted((k.lower(), v) for k, v in scope.get("headers") or () if k.lower() not in IGNORED))
    return (scope.get("path", ""), scope.get("query_string", b""), headers)


class ResponseMemo:
    """ASGI middleware: GET answers the application marked as cacheable, sent again from memory."""

    def __init__(self, app):
        self.app = app

    @staticmethod
    def _memo(scope) -> AnswerCache | None:
        service = getattr(getattr(scope.get("app"), "state", None), "service", None)
        memo = getattr(service, "responses", None)
        return memo if memo is not None and memo.max_entries > 0 else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET":
            return await self.app(scope, receive, _unmarked(send))
        memo = self._memo(scope)
        looked = scope.get("rightsgraph.memo")  # limits.RequestLimits looked already (limits.MEMO_SCOPE_KEY)
        if looked is not None and memo is not None:
            key, kept = looked
        else:
            key = memo_key(scope) if memo is not None else None
            kept = memo.get(key) if memo is not None else None
        if kept is not None:
            await send({"type": "http.response.start", "status": kept.status, "headers": list(kept.headers)})
            await send({"type": "http.response.body", "body": kept.body, "more_body": False})
            return
        start: dict = {}
        chunks: list[bytes] = []
        marked = False

        async def capture(message):
            nonlocal marked
            if message["type"] == "http.response.start":
                headers = message.get("headers") or []
                marked = any(k == MARK for k, _ in headers)
                if marked:
                    message = dict(message, headers=[(k, v) for k, v in headers if k != MARK])
                    start.update(message)
            elif message["type"] == "http.response.body" and marked:
                chunks.append(message.get("body", b""))
                size = sum(map(len, chunks))
                if size > MAX_ENTRY_BYTES:
                    marked = False
                elif not message.get("more_body", False) and memo is not None:
                    memo.put(key, Sent(start["status"], tuple(start["headers"]), b"".join(chunks)))
            await send(message)

        if scope.get("path") == "/sparql" and await _sparql_query(scope, receive, capture):
            return
        await self.app(scope, receive, capture)


def _unmarked(send):
    async def strip(message):
        if message["type"] == "http.response.start" and any(k == MARK for k, _ in message.get("headers") or []):
            message = dict(message, headers=[(k, v) for k, v in message["headers"] if k != MARK])
        await send(message)

    return strip


async def _sparql_query(scope, receive, send) -> bool:
    """GET /sparql with a query, answered here: what the route (``routes.sparql.sparql_get``) does, by the
    same functions (``prepare``, ``answer_key``, ``Service.answer_query_async``, ``respond``), without FastAPI's
    routing, dependency solving and exception middleware, which cost an uncached query about as much
    CPU as the worker's round trip (docs/engines.md). Errors are answered as the route's are
    (``errors.error_response``). False (nothing sent) for everything else on /sparql: the service
    description, the editor page, which the route renders in the thread pool."""
    from starlette.requests import Request

    from .cache import respond
    from .errors import error_response
    from .routes import sparql

    app = scope.get("app")
    service = getattr(getattr(app, "state", None), "service", None)
    if service is None:
        return False
    if "router" not in scope and getattr(app, "router", None) is not None:
        scope["router"] = app.router  # as the router sets it (url_for in an HTML error page)
    request = Request(scope, receive)
    try:
        prepared = sparql.prepare(request, service, list(request.query_params.multi_items()), None)
    except Exception:  # noqa: BLE001 - a refused request: the route refuses it the same way
        return False
    if not isinstance(prepared, sparql.QueryRequest):
        return False
    try:
        key, base = sparql.answer_key(request, prepared.text, prepared.fmt, prepared.default_graphs, prepared.named_graphs)
        answer = await service.answer_query_async(key, prepared.text, fmt=prepared.fmt, default_graphs=prepared.default_graphs,
                                                  named_graphs=prepared.named_graphs, base_iri=base)
        response = respond(request, answer)
    except Exception as exc:  # noqa: BLE001 - every failure of the query becomes the route's error answer
        response = error_response(request, exc)
    await response(scope, receive, send)
    return True


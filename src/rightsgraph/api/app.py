"""The FastAPI application factory: one app over one compiled build.

    create_app(settings, build_path=None, extra_graphs=None)

``build_path`` defaults to the current release (none is a UsageError: the app never builds); ``extra_graphs``
({graph IRI: N-Triples file}) adds named graphs to the store, e.g. the W3C protocol test data.
Routes doing engine work are plain ``def`` (they run in the thread pool; pyoxigraph releases the
GIL). Every response carries the security headers; every error has the one error shape.
"""

from __future__ import annotations

import gc
import threading
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..build import current_build
from ..config import Settings
from ..errors import UsageError
from . import errors, openapi
from .errors import error_body
from .html import WEB
from .models import ErrorBody
from .service import Service

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class ReadOnlyCORS(CORSMiddleware):
    """Cross-origin reading: GET and HEAD of everything, and POST of SPARQL queries (the protocol's
    read methods; updates are refused by /sparql itself), for any origin, never with credentials.
    A preflight asking for another method or header is refused in the one error shape."""

    METHODS = ("GET", "HEAD", "POST", "OPTIONS")
    HEADERS = ("Accept", "Content-Type", "If-None-Match", "If-Modified-Since", "Range")
    EXPOSED = ("ETag", "Last-Modified", "Link", "Retry-After", "Content-Location", "X-Result-Truncated", "X-Result-Limit")

    def __init__(self, app):
        super().__init__(app, allow_origins=["*"], allow_credentials=False, allow_methods=list(self.METHODS),
                         allow_headers=list(self.HEADERS), expose_headers=list(self.EXPOSED))

    def preflight_response(self, request_headers):
        method = request_headers.get("access-control-request-method", "")
        asked = [h.strip().lower() for h in request_headers.get("access-control-request-headers", "").split(",") if h.strip()]
        refused = (["method"] if method not in self.allow_methods else []) + (
            ["headers"] if any(h not in self.allow_headers for h in asked) else [])
        if not refused:
            return super().preflight_response(request_headers)
        detail = {"refused": refused, "allowed_methods": list(self.METHODS), "allowed_headers": sorted(self.allow_headers)}
        if "method" in refused:
            detail["requested_method"] = method
        if "headers" in refused:
            detail["requested_headers"] = request_headers.get("access-control-request-headers")
        message = (f"CORS preflight refused ({', '.join(refused)}): this service allows cross-origin reading only "
                   "(GET, HEAD, and POST of queries, with the headers listed in detail)")
        return JSONResponse(error_body(400, message, detail), status_code=400, headers={"Vary": "Origin"})


_SECURITY_RAW = tuple((name.encode("latin-1"), value.encode("latin-1")) for name, value in SECURITY_HEADERS.items())


def _with_security_headers(headers: list) -> list:
    present = {k.lower() for k, _ in headers}
    return headers + [(k, v) for k, v in _SECURITY_RAW if k not in present]


def _vary_origin(headers: list) -> list:
    """What Starlette's CORSMiddleware does to a response to a request without Origin: every Vary value
    joined into the first Vary field, with Origin added (appended when there is none)."""
    values = [v for k, v in headers if k.lower() == b"vary"]
    joined = b", ".join([*values, b"Origin"])
    if not values:
        return headers + [(b"vary", joined)]
    out, done = [], False
    for k, v in headers:
        if k.lower() == b"vary":
            if not done:
                out.append((b"vary", joined))
                done = True
            continue
        out.append((k, v))
    return out


class SecurityHeaders:
    """Adds the security headers to every HTTP response (on its own; the app uses :class:`Envelope`)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message, headers=_with_security_headers(list(message.get("headers") or [])))
            await send(message)

        await self.app(scope, receive, with_headers)


class Envelope:
    """The outer layers of every response in one: the security headers, CORS (:class:`ReadOnlyCORS`) and
    HEAD as GET (:class:`HeadAsGet`), as ``SecurityHeaders(ReadOnlyCORS(HeadAsGet(app)))`` would do them
    — one layer and one ``send`` wrapper instead of three (docs/engines.md). A request with an ``Origin``
    header goes through ``ReadOnlyCORS`` itself; one without (nearly all) gets what CORS adds to it,
    ``Vary: Origin``, here."""

    def __init__(self, app):
        self.app = app
        self.cors = ReadOnlyCORS(HeadAsGet(app))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if any(k == b"origin" for k, _ in scope.get("headers") or ()):

            async def secured(message):
                if message["type"] == "http.response.start":
                    message = dict(message, headers=_with_security_headers(list(message.get("headers") or [])))
                await send(message)

            return await self.cors(scope, receive, secured)
        head = scope["method"] == "HEAD"

        async def enveloped(message):
            kind = message["type"]
            if kind == "http.response.start":
                message = dict(message, headers=_with_security_headers(_vary_origin(list(message.get("headers") or []))))
            elif head and kind == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(dict(scope, method="GET") if head else scope, receive, enveloped)


class HeadAsGet:
    """HEAD is GET without the body (same status and headers, Content-Length included)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message):
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headers_only)


def _openapi(app: FastAPI):
    """The OpenAPI schema, with validation errors documented in the service's error shape. Built once
    per app (its examples are the release's answers: about a second), by one thread at a time; routes
    that serve it (``/openapi.json``, ``/api/docs``) are plain functions, so the build runs in the thread
    pool and never on the event loop."""
    lock = threading.Lock()

    def build():
        if app.openapi_schema:
            return app.openapi_schema
        with lock:
            if app.openapi_schema:  # built by another request while this one waited
                return app.openapi_schema
            return _build()

    def _build():
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        openapi.customise(schema, app.state.service)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ErrorBody", ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}"))
        for defs_name, defs in list(components["ErrorBody"].pop("$defs", {}).items()):
            components.setdefault(defs_name, defs)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                response = operation.get("responses", {}).get("422")
                if response:
                    response["description"] = "a parameter does not have the declared type or range"
                    response["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    return build


def create_app(settings: Settings, build_path: Path | None = None, extra_graphs: dict[str, Path] | None = None) -> FastAPI:
    if build_path is None:
        build_path = current_build(settings)
    if build_path is None:
        raise UsageError(f"no build under {settings.builds}: run `rightsgraph build` first")
    service = Service(settings, Path(build_path), extra_graphs)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service.start()
        # The ~100k objects of the imports and of start-up live as long as the process: out of the
        # collector's generations, a full collection (which stalls every request in flight) costs
        # ~0 ms instead of ~60 ms of CPU (bench/gc_cost.py, docs/engines.md). Undone at shutdown, so
        # that a process serving several apps one after another (the tests) still collects them.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            service.close()

    app = FastAPI(
        title="rightsgraph",
        version=__version__,
        description=(
            "A knowledge graph of human-rights and migration law built from sourced reports: SPARQL 1.1 endpoint, "
            "named queries, JSON for front ends, linked-data pages and dumps. Every error has the shape "
            '`{"error": {"code", "message", "detail"}}`.'
        ),
        docs_url=None,  # the Swagger/ReDoc pages load scripts from a CDN; /api/docs is self-contained
        openapi_url=None,  # served by routes/meta.py in the thread pool (FastAPI's own route builds it on the loop)
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    errors.install(app)

    from .routes import browse, charts, dumps, editor, home, meta, queries, resources, sparql
    from .routes import api as api_routes

    for pages in (home, charts, editor, browse):
        app.include_router(pages.router)
    app.include_router(meta.router)
    app.include_router(sparql.router)
    app.include_router(queries.router)
    for router in api_routes.routers:
        app.include_router(router)
    app.include_router(resources.router)
    app.include_router(dumps.router)
    from .routes import validate as validate_routes

    app.include_router(validate_routes.router)
    from .routes import explorer, reviews, search as search_page, sources as source_pages  # the UPR cycle's pages (issue 10.10, 14.9-14.11)

    for upr in (explorer, reviews, source_pages, search_page):
        app.include_router(upr.router)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.openapi = _openapi(app)

    from .memo import ResponseMemo

    app.add_middleware(ResponseMemo)  # innermost: every layer below wraps its answers
    from .compression import Compression
    from .limits import RequestLimits

    # URL/header caps, queries in flight per client, the request body (413) and the answer's size
    app.add_middleware(RequestLimits, settings=settings)
    app.add_middleware(Compression)  # gzip outside the size cap and the memo: both see the identity answer
    # security headers, CORS and HEAD as GET in one layer; outside Compression: HEAD reports the gzip Content-Length
    app.add_middleware(Envelope)
    return app


"""The FastAPI application factory: one app over one compiled build.

    create_app(settings, build_path=None, extra_graphs=None)

``build_path`` defaults to the current release (none is a UsageError: the app never builds); ``extra_graphs``
({graph IRI: N-Triples file}) adds named graphs to the store, e.g. the W3C protocol test data.
Routes doing engine work are plain ``def`` (they run in the thread pool; pyoxigraph releases the
GIL). Every response carries the security headers; every error has the one error shape.
"""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders

from .. import __version__
from ..build import current_build
from ..config import Settings
from ..errors import UsageError
from . import errors
from ..errors import ApiError
from .errors import error_body, send_error
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


class SecurityHeaders:
    """Adds the security headers to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)


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


class BodyLimit:
    """413 for a request body over ``limit`` bytes: at once from Content-Length, else while reading."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                return await send_error(scope, send, ApiError(400, "the Content-Length header is not a number"))
            if size > self.limit:
                return await send_error(scope, send, ApiError(413, self._message()))
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise ApiError(413, self._message())
            return message

        await self.app(scope, limited, send)

    def _message(self) -> str:
        return f"the request body is larger than {self.limit} bytes"


def _openapi(app: FastAPI):
    """The OpenAPI schema, with validation errors documented in the service's error shape."""

    def build():
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
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
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    from .compression import Compression
    from .limits import RequestLimits

    app.add_middleware(RequestLimits, settings=settings)  # URL/header caps, requests in flight per client, answer size
    app.add_middleware(Compression)  # gzip outside the size cap and the memo: both see the identity answer
    app.add_middleware(HeadAsGet)  # outside Compression: HEAD reports the gzip Content-Length, as GET does
    app.add_middleware(ReadOnlyCORS)
    app.add_middleware(SecurityHeaders)
    return app


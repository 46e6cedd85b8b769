"""One error shape for every 4xx and 5xx answer, and the handlers that produce it.

    {"error": {"code": 404, "message": "no resource ...", "detail": null}}

Browsers (Accept preferring text/html) get the same content as an HTML page. Every exception
maps to a status here; nothing answers with a traceback or a file path.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from ..engine.pool import EngineUnavailable
from ..errors import QueryError, RightsgraphError, UsageError
from ..guard import QueryRefused

log = logging.getLogger("rightsgraph.api")


class ApiError(Exception):
    """An answer other than success: HTTP status, a message for people, optional machine detail."""

    def __init__(self, status: int, message: str, detail=None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail
        self.headers = headers or {}


def error_body(status: int, message: str, detail=None) -> dict:
    return {"error": {"code": status, "message": message, "detail": detail}}


def error_response(request: Request, status: int, message: str, detail=None, headers: dict[str, str] | None = None) -> Response:
    from .conneg import prefers_html

    headers = dict(headers or {})
    if prefers_html(request):
        from .html import render

        return render(request, "error.html", {"code": status, "reason": _reason(status), "message": message, "detail": detail},
                      status=status, headers=headers)
    return JSONResponse(error_body(status, message, detail), status_code=status, headers=headers)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _http_message(request: Request, exc: StarletteHTTPException) -> str:
    if exc.status_code == 404:
        return f"no resource at {request.url.path}"
    if exc.status_code == 405:
        return f"method {request.method} is not allowed on {request.url.path}"
    if isinstance(exc.detail, str) and exc.detail:
        return exc.detail
    return _reason(exc.status_code)


def _validation_detail(exc: RequestValidationError) -> list[dict]:
    """Where and what, without echoing the input back."""
    return [{"location": [str(part) for part in e.get("loc", ())], "message": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()]


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(request, exc.status, exc.message, exc.detail, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        headers = dict(exc.headers or {})
        allow = next((v for k, v in headers.items() if k.lower() == "allow"), None)
        if allow is not None:  # HEAD is answered wherever GET is (app.HeadAsGet)
            methods = {m.strip() for m in allow.split(",") if m.strip()}
            methods |= {"HEAD"} if "GET" in methods else set()
            headers = {k: v for k, v in headers.items() if k.lower() != "allow"} | {"Allow": ", ".join(sorted(methods))}
        return error_response(request, exc.status_code, _http_message(request, exc), None, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        return error_response(request, 422, "the request's parameters are not valid", _validation_detail(exc))

    @app.exception_handler(QueryRefused)
    async def _refused(request: Request, exc: QueryRefused):
        return error_response(request, exc.status, str(exc), {"refused": exc.feature} | getattr(exc, "extra", {}))

    @app.exception_handler(EngineUnavailable)
    async def _unavailable(request: Request, exc: EngineUnavailable):
        return error_response(request, 503, str(exc), None, {"Retry-After": exc.retry_after_header})

    @app.exception_handler(UsageError)
    async def _usage(request: Request, exc: UsageError):
        return error_response(request, 400, str(exc))

    @app.exception_handler(QueryError)
    async def _query(request: Request, exc: QueryError):
        return error_response(request, 400, str(exc))

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, exc: ClientDisconnect):  # the client left (or was cut off) mid-body
        log.info("client went away during %s %s", request.method, request.url.path)
        return error_response(request, 400, "the request body was not completely received")

    @app.exception_handler(RightsgraphError)
    async def _rightsgraph(request: Request, exc: RightsgraphError):
        log.error("%s on %s: %s", type(exc).__name__, request.url.path, exc)
        return error_response(request, 500, "the service could not answer this request")

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "the service could not answer this request")

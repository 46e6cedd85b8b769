"""The one place where a failure becomes an answer, in the one error shape:

    {"error": {"code": 404, "message": "no resource ...", "detail": null}}

``problem(request, exc)`` maps any exception to (status, message, detail, headers): the errors of
``rightsgraph.errors`` carry their own; Starlette's HTTP errors, FastAPI's validation errors and a
client gone mid-body are mapped here; anything else is a 500 whose message is never sent.
Browsers (Accept preferring text/html) get the same content as an HTML page. The route handlers
(``install``), the ASGI middleware (``send_error``) and the HTTP protocol itself, before any ASGI
app runs (``raw_error``), all answer through here.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from ..errors import ApiError, RightsgraphError

__all__ = ["ApiError", "error_body", "error_response", "install", "problem", "raw_error", "send_error"]

log = logging.getLogger("rightsgraph.api")
GENERIC = "the service could not answer this request"


def error_body(status: int, message: str, detail=None) -> dict:
    return {"error": {"code": status, "message": message, "detail": detail}}


def problem(request: Request | None, exc: BaseException) -> tuple[int, str, object, dict[str, str]]:
    """(status, message, detail, headers) of the answer to ``exc``; 5xx causes are logged here."""
    if isinstance(exc, RightsgraphError):
        if exc.status >= 500 and not exc.public:
            log.error("%s on %s: %s", type(exc).__name__, _path(request), exc)
            return exc.status, GENERIC, None, exc.headers
        return exc.status, exc.message, exc.detail, exc.headers
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code, _http_message(request, exc), None, _allow_head(dict(exc.headers or {}))
    if isinstance(exc, RequestValidationError):
        return 422, "the request's parameters are not valid", _validation_detail(exc), {}
    if isinstance(exc, ClientDisconnect):  # the client left (or was cut off) mid-body
        log.info("client went away during %s", _path(request))
        return 400, "the request body was not completely received", None, {}
    log.error("unhandled error on %s", _path(request), exc_info=exc)
    return 500, GENERIC, None, {}


def error_response(request: Request, exc: BaseException) -> Response:
    """The answer to ``exc``: the error shape as JSON, or as an HTML page for a browser."""
    from .conneg import prefers_html

    status, message, detail, headers = problem(request, exc)
    if prefers_html(request):
        from .html import render

        return render(request, "error.html", {"code": status, "reason": _reason(status), "message": message, "detail": detail},
                      status=status, headers=headers)
    return JSONResponse(error_body(status, message, detail), status_code=status, headers=headers)


async def send_error(scope, send, exc: BaseException) -> None:
    """Answer ``exc`` from ASGI middleware (no route runs): the same response ``error_response`` gives."""
    response = error_response(Request(scope), exc)
    await send({"type": "http.response.start", "status": response.status_code, "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body, "more_body": False})


def raw_error(exc: RightsgraphError) -> bytes:
    """A complete HTTP/1.1 answer to ``exc`` in the error shape, closing the connection: for the protocol
    layer, which answers before any request exists (slow heads, over-long request lines, too many connections)."""
    status, message, detail, headers = problem(None, exc)
    body = json.dumps(error_body(status, message, detail), separators=(",", ":")).encode()
    head = [f"HTTP/1.1 {status} {_reason(status)}", "content-type: application/json", f"content-length: {len(body)}", "connection: close"]
    head += [f"{name.lower()}: {value}" for name, value in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body


def _path(request: Request | None) -> str:
    return f"{request.method} {request.url.path}" if request is not None else "a connection"


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _http_message(request: Request | None, exc: StarletteHTTPException) -> str:
    if exc.status_code == 404 and request is not None:
        return f"no resource at {request.url.path}"
    if exc.status_code == 405 and request is not None:
        return f"method {request.method} is not allowed on {request.url.path}"
    if isinstance(exc.detail, str) and exc.detail:
        return exc.detail
    return _reason(exc.status_code)


def _allow_head(headers: dict[str, str]) -> dict[str, str]:
    """HEAD is answered wherever GET is (app.HeadAsGet), so a 405's Allow says so."""
    allow = next((v for k, v in headers.items() if k.lower() == "allow"), None)
    if allow is None:
        return headers
    methods = {m.strip() for m in allow.split(",") if m.strip()}
    methods |= {"HEAD"} if "GET" in methods else set()
    return {k: v for k, v in headers.items() if k.lower() != "allow"} | {"Allow": ", ".join(sorted(methods))}


def _validation_detail(exc: RequestValidationError) -> list[dict]:
    """Where and what, without echoing the input back."""
    return [{"location": [str(part) for part in e.get("loc", ())], "message": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()]


def install(app: FastAPI) -> None:
    """Route every exception a handler raises through ``error_response``."""

    async def handle(request: Request, exc: Exception):
        return error_response(request, exc)

    for kind in (RightsgraphError, StarletteHTTPException, RequestValidationError, ClientDisconnect, Exception):
        app.add_exception_handler(kind, handle)

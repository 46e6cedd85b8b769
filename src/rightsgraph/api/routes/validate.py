"""POST /validate: a contributor's RDF checked against the server's own SHACL shapes, never stored.

The body is Turtle, N-Triples, JSON-LD or RDF/XML (by ``Content-Type``), at most ``max_body_bytes``.
It is prechecked here (``rightsgraph.uploads.precheck``: DOCTYPE/ENTITY, remote JSON-LD contexts,
huge integers, NUL, non-UTF-8 are 400 before any parser runs), then parsed and validated in a
killable worker process with a deadline (``validate_timeout``) and a memory cap
(``validate_memory_mb``). The answer is the SHACL report: JSON (default; ``conforms``, ``triples``
and ``results``, each with severity, focus, path, message, shape and value) or Turtle
(``sh:ValidationReport``), by ``Accept`` or ``?format=json|turtle``.
"""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response

from ...errors import UploadRefused
from ...procs.sandbox import Sandbox
from ...uploads import FORMATS, format_for_media_type, precheck
from ..cache import json_bytes
from ... import formats
from ..conneg import JSON_OFFERS, negotiate
from ..deps import endpoint_url
from ..models import ErrorBody

log = logging.getLogger("rightsgraph.api")

REPORT_OFFERS = JSON_OFFERS + formats.offers([formats.rdf("turtle")])  # the SHACL report: JSON or Turtle
_LOCK = threading.Lock()


def _start(app) -> Sandbox:
    service = app.state.service
    settings = service.settings
    return Sandbox(
        service.build_path,
        workers=settings.validate_workers,
        timeout=settings.validate_timeout,
        memory_mb=settings.validate_memory_mb,
        queue_timeout=settings.queue_timeout,
    )


def sandbox(app) -> Sandbox:
    """The app's validation workers, started on first use (or at startup, by the router's lifespan)."""
    with _LOCK:
        box = getattr(app.state, "upload_sandbox", None)
        if box is None:
            box = app.state.upload_sandbox = _start(app)
        return box


@asynccontextmanager
async def lifespan(app: FastAPI):
    thread = threading.Thread(target=_warm, args=(app,), daemon=True, name="rightsgraph-upload-start")
    thread.start()
    try:
        yield
    finally:
        thread.join(timeout=60)
        box = getattr(app.state, "upload_sandbox", None)
        if box is not None:
            box.close()
            app.state.upload_sandbox = None


def _warm(app) -> None:
    try:
        sandbox(app)
    except Exception as exc:  # noqa: BLE001 - the first request tries again and answers 503
        log.error("the validation workers could not start: %s", exc)


router = APIRouter(tags=["validation"], lifespan=lifespan)

_DOC = {
    400: {"model": ErrorBody, "description": "not valid RDF, or refused before parsing (DOCTYPE/ENTITY, a remote JSON-LD "
                                             "context or @import, a 4,300-digit integer, NUL, not UTF-8)"},
    406: {"model": ErrorBody, "description": "no acceptable report format"},
    413: {"model": ErrorBody, "description": "the body is larger than max_body_bytes"},
    415: {"model": ErrorBody, "description": "a Content-Type other than Turtle, N-Triples, JSON-LD or RDF/XML"},
    503: {"model": ErrorBody, "description": "validation ran past its deadline or memory cap, or every worker is busy (Retry-After)"},
}


@router.post(
    "/validate",
    summary="Validate RDF against the server's SHACL shapes (nothing is stored)",
    description=(
        "The request body is RDF: `text/turtle`, `application/n-triples`, `application/ld+json` (contexts inline only) or "
        "`application/rdf+xml` (no DOCTYPE), UTF-8, at most `max_body_bytes`. It is validated against the server's own "
        "shapes and ontology (no inference; nothing in the upload is used as a shape, rule or import) and never stored. "
        "The SHACL report as JSON (default) or Turtle (`sh:ValidationReport`), by Accept or `?format=json|turtle`."
    ),
    responses={200: {"description": "the SHACL report (the examples: the report on the N-Triples of the `/id/{kind}/{key}` "
                                    "example, a few of the release's triples about /id/state/BLR without the rest)",
                     "content": {"application/json": {}, "text/turtle": {}}}} | _DOC,
    response_model=None,
)
async def validate(request: Request):
    media, key = negotiate(request, REPORT_OFFERS)
    fmt = None
    try:
        fmt = format_for_media_type(request.headers.get("content-type"))
        body = await request.body()  # RequestLimits caps it
        precheck(body, fmt)
        outcome = await sandbox(request.app).validate_async(body, fmt, endpoint_url(request))  # the loop waits on the pipe
    except UploadRefused as exc:
        exc.detail["format"] = FORMATS[fmt][2] if fmt else None
        raise
    headers = {"Cache-Control": "no-store", "Vary": "Accept"}
    if key == "turtle":
        return Response(outcome["report"], media_type="text/turtle; charset=utf-8", headers=headers)
    document = {k: outcome[k] for k in ("conforms", "triples", "results")}
    return Response(json_bytes(document), media_type=media, headers=headers)

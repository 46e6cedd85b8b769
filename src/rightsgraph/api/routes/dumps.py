"""/dumps/: the whole dataset as files, with ETag, Last-Modified and conditional GET; /.well-known/void."""

from __future__ import annotations

from email.utils import formatdate, parsedate_to_datetime

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from ..cache import Answer, etag_matches, json_bytes, respond
from ..conneg import HTML_OFFERS, JSON_OFFERS, TRIPLE_OFFERS, negotiate
from ..dataset import void_description
from ..deps import ServiceDep, base_url
from ..errors import ApiError
from ..html import render_bytes
from ..models import ERRORS
from ..rdf import serialize
from ..dumps import Dump
from .resources import negotiated

router = APIRouter(tags=["dumps"])


def _entry(dump: Dump) -> dict:
    return {"name": dump.name, "url": f"/dumps/{dump.name}", "media_type": dump.media_type, "bytes": dump.size,
            "sha256": dump.sha256, "compressed": dump.compressed}


@router.get("/dumps/", summary="The dump files", response_model=None, responses=ERRORS,
            description="Every dump of the current build with its media type, size and SHA-256; JSON or HTML.")
def index(request: Request, service: ServiceDep):
    media, fmt = negotiate(request, JSON_OFFERS + HTML_OFFERS)

    def compute() -> Answer:
        items = [_entry(d) for d in service.dumps.values()]
        if fmt == "html":
            return Answer(render_bytes(request, "dumps.html", {"dumps": items, "digest": service.digest}), "text/html; charset=utf-8")
        return Answer(json_bytes({"items": items, "total": len(items), "limit": len(items), "offset": 0, "next": None,
                                  "digest": service.digest, "version": service.version}), media)

    return respond(request, service.cache.answer(("dumps", fmt), compute))


@router.get("/dumps/{name}", summary="One dump file", response_model=None, responses=ERRORS,
            description="dataset.{ttl,nt,nq,trig,jsonld} and their .gz. Strong ETag (the file's SHA-256), Last-Modified, "
                        "HEAD, If-None-Match and If-Modified-Since (304), byte ranges.")
def dump(name: str, request: Request, service: ServiceDep):
    found = service.dumps.get(name)
    if found is None:
        raise ApiError(404, f"no dump {name!r}", {"available": sorted(service.dumps)})
    mtime = int(found.path.stat().st_mtime)
    headers = {"ETag": f'"{found.sha256}"', "Last-Modified": formatdate(mtime, usegmt=True), "Cache-Control": "public, max-age=300"}
    if _not_modified(request, headers["ETag"], mtime):
        return Response(status_code=304, headers=headers)
    return FileResponse(found.path, media_type=found.media_type, headers=headers,
                        filename=found.name if found.compressed else None)


def _not_modified(request: Request, etag: str, mtime: int) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:  # it takes precedence over If-Modified-Since (RFC 9110 13.1.3)
        return etag_matches(if_none_match, etag)
    since = request.headers.get("if-modified-since")
    if not since:
        return False
    try:
        return mtime <= parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False


@router.get("/.well-known/void", summary="VoID and DCAT description of the dataset", response_model=None, responses=ERRORS,
            description="Triples (total and per named graph), classes, entities, class partitions, dumps, the SPARQL endpoint, "
                        "the URI space and the reused vocabularies; Turtle (default), JSON-LD, N-Triples or RDF/XML.")
def void(request: Request, service: ServiceDep):
    media, fmt = negotiate(request, TRIPLE_OFFERS)
    base = base_url(request)
    return negotiated(request, service.cache.answer(("void", base, fmt), lambda: Answer(serialize(void_description(service, base), fmt), media)), fmt)


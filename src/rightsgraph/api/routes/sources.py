"""/sources and /sources/{key} — the source documents, each read in order: its paragraphs under their headings,
its symbol and, where the data has one, its official link; the words the facts quote are marked and linked to them.
``?format=json`` gives the same (without the marks)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from .. import review
from ..cache import Answer, json_bytes, respond
from ..conneg import HTML_OFFERS, JSON_OFFERS, negotiate
from ..deps import ServiceDep
from ..errors import ApiError
from ..html import render_bytes
from ..resource_extras import linked_text

router = APIRouter(tags=["web"])


@router.get("/sources", summary="The source documents", include_in_schema=False)
def sources(request: Request, service: ServiceDep):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)

    def compute() -> Answer:
        items = review.documents(service)
        if fmt == "json":
            return Answer(json_bytes({"items": items, "total": len(items)}), media)
        return Answer(render_bytes(request, "sources.html", {"items": items, "crumbs": [("Home", "/"), ("Sources", None)]}),
                      "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("sources-page", fmt), compute))


@router.get("/sources/{key}", summary="A source document, in order", include_in_schema=False)
def source(key: Annotated[str, Path(max_length=200)], request: Request, service: ServiceDep):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)

    def compute() -> Answer:
        doc = review.document(service, key)
        if doc is None:
            raise ApiError(404, f"no source document with key {key!r}", {"known": [d["key"] for d in review.documents(service)]})
        if fmt == "json":
            return Answer(json_bytes(doc), media)
        # each unit's quoted words marked and linked to the facts they support, as on the unit's own page
        doc = doc | {"sections": [s | {"units": [u | {"linked": linked_text(service, u["iri"])} for u in s["units"]]}
                                  for s in doc["sections"]]}
        return Answer(render_bytes(request, "source.html", {"d": doc, "crumbs": [("Home", "/"), ("Sources", "/sources"), (doc["symbol"] or doc["label"], None)]}),
                      "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("source-page", key, fmt), compute))

"""/browse — every type of resource of the dataset, and the resources of one type (JSON with ``?format=json``)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Path, Request
from rdflib.namespace import RDF

from ...namespaces import BASE, ID
from ..cache import Answer, json_bytes, request_key, respond
from ..conneg import HTML_OFFERS, JSON_OFFERS, negotiate
from ..deps import ServiceDep
from ..errors import ApiError
from ..html import local_href, plural, render_bytes
from ..service import Service

router = APIRouter(tags=["web"])

_KIND = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


@router.get("/browse", summary="Every type of resource of the dataset", include_in_schema=False)
def browse(request: Request, service: ServiceDep):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)

    def compute() -> Answer:
        kinds = [{"kind": k, "heading": plural(k), "count": len(v), "url": f"/browse/{k}"} for k, v in sorted(_kinds(service).items())]
        if fmt == "json":
            return Answer(json_bytes({"items": kinds}), media)
        return Answer(render_bytes(request, "browse.html", {"kinds": kinds, "kind": None}), "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("browse",) + request_key(request) + (fmt,), compute))


@router.get("/browse/{kind}", summary="The resources of one type", include_in_schema=False)
def browse_kind(kind: Annotated[str, Path(max_length=60)], request: Request, service: ServiceDep):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)

    def compute() -> Answer:
        found = _kinds(service).get(kind) if _KIND.match(kind) else None
        if not found:
            raise ApiError(404, f"no resources of type {kind!r}", {"known": sorted(_kinds(service))})
        items = sorted(({"iri": i, "label": service.label(i), "url": local_href(i, BASE)} for i in found), key=lambda r: (r["label"].casefold(), r["iri"]))
        if fmt == "json":
            return Answer(json_bytes({"items": items, "total": len(items)}), media)
        crumbs = [("Home", "/"), ("Browse", "/browse"), (plural(kind), None)]
        return Answer(render_bytes(request, "browse.html", {"kind": kind, "heading": plural(kind), "items": items, "crumbs": crumbs}),
                      "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("browse", kind) + request_key(request) + (fmt,), compute))


def _kinds(service: Service) -> dict[str, list[str]]:
    """The dataset's own IRIs (subjects with a type) by the type segment of their path."""
    def compute():
        out: dict[str, set] = {}
        prefix = str(ID)
        rows = service.select(f'SELECT DISTINCT ?s WHERE {{ ?s <{RDF.type}> ?t FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{prefix}")) }}')
        for r in rows:
            s = str(r["s"])
            out.setdefault(s[len(prefix):].split("/", 1)[0], set()).add(s)
        return {k: sorted(v) for k, v in out.items()}

    return service.memo("kinds", compute)

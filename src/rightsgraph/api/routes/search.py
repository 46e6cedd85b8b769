"""/search?q= — the HTML results page over /api/search (the same hits: labels and quotes containing q)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request

from ...namespaces import BASE, ID
from ..cache import Answer, json_bytes, request_key, respond
from ..conneg import HTML_OFFERS, JSON_OFFERS, negotiate
from ..deps import ServiceDep
from ..html import local_href, plural, render_bytes
from ..search import search_hits

router = APIRouter(tags=["web"])
PAGE = 50


@router.get("/search", summary="Search", include_in_schema=False)
def search_page(request: Request, service: ServiceDep,
                q: Annotated[str, Query(max_length=200)] = "",
                offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)
    text = q.strip()

    def compute() -> Answer:
        hits = search_hits(service, text) if len(text) >= 2 else []
        chunk = hits[offset:offset + PAGE]
        for h in chunk:
            iri = h["iri"]
            h["kind"] = plural(iri[len(str(ID)):].split("/", 1)[0])[:-1] if iri.startswith(str(ID)) else ""
            h["url"] = local_href(iri, BASE)
        answer = {"q": text, "items": chunk, "total": len(hits), "offset": offset, "limit": PAGE,
                  "next": "/search?" + urlencode({"q": text, "offset": offset + PAGE}) if offset + PAGE < len(hits) else None,
                  "api": "/api/search?" + urlencode({"q": text}) if len(text) >= 2 else None,
                  "too_short": 0 < len(text) < 2}
        if fmt == "json":
            return Answer(json_bytes(answer), media)
        return Answer(render_bytes(request, "search.html", answer | {"crumbs": [("Home", "/"), ("Search", None)]}),
                      "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("search-page",) + request_key(request) + (fmt,), compute))

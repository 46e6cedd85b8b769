"""/recommendations — the recommendations explorer: filters as a GET form, counts per recommending State, per
instrument and per position, paged clauses with their words, numbered recommendation, States, position and the
paragraph they rest on. ``?format=json`` (or ``Accept: application/json``) is the same page as JSON; the same
filters work on /api/recommendations."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request

from .. import review
from ..cache import Answer, json_bytes, request_key, respond
from ..conneg import HTML_OFFERS, JSON_OFFERS, negotiate
from ..deps import ServiceDep
from ..html import render_bytes

router = APIRouter(tags=["web"])

PAGE = 25
Filter = Annotated[str | None, Query(max_length=300)]


@router.get("/recommendations", summary="The recommendations explorer", include_in_schema=False)
def explorer(request: Request, service: ServiceDep, state: Filter = None, instrument: Filter = None, position: Filter = None,
             theme: Filter = None, source: Filter = None,
             limit: Annotated[int, Query(ge=1, le=200)] = PAGE, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)
    filters = {k: v.strip() for k, v in (("state", state), ("instrument", instrument), ("position", position),
                                         ("theme", theme), ("source", source)) if v and v.strip()}

    def compute() -> Answer:
        items, facets = review.explore(service, filters)
        chunk = items[offset:offset + limit]
        query = urlencode(filters)
        def at(o: int) -> str:
            return "/recommendations?" + urlencode(filters | {"offset": o} | ({"limit": limit} if limit != PAGE else {})
                                                   | ({"format": "json"} if fmt == "json" else {}))
        answer = {"filters": filters, "items": chunk, "total": len(items), "limit": limit, "offset": offset,
                  "next": at(offset + limit) if offset + limit < len(items) else None,
                  "previous": at(max(0, offset - limit)) if offset > 0 else None,
                  "facets": facets, "api": "/api/recommendations" + ("?" + query if query else "")}
        if fmt == "json":
            return Answer(json_bytes(answer), media)
        context = answer | {"choices": review.filter_choices(service), "crumbs": [("Home", "/"), ("Recommendations", None)],
                            "json_twin": "/recommendations?" + urlencode(filters | {"format": "json"}),
                            "first": offset + 1 if chunk else 0, "last": offset + len(chunk),
                            "facet_link": lambda key, value: "/recommendations?" + urlencode({k: v for k, v in filters.items() if k != key} | {key: value})}
        return Answer(render_bytes(request, "recommendations.html", context), "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("explorer",) + request_key(request) + (fmt,), compute))

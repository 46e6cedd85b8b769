"""/queries: the catalogue of named queries, and /queries/{name} to run one with typed parameters."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from ...errors import UsageError
from ...query.named import NamedQuery
from ..cache import Answer, json_bytes, request_key, respond
from ..conneg import HTML_OFFERS, JSON_OFFERS, negotiate, offers_for
from ..deps import Limit, Offset, ServiceDep, page
from ..errors import ApiError
from ..html import render
from ..models import ERRORS, ErrorBody
from ..results import DOWNLOADS, page_number, results_view
from ..service import Service

router = APIRouter(tags=["named queries"])
RESERVED = ("format", "page")  # the output format; the page of rows of the HTML table


def describe(q: NamedQuery) -> dict:
    example = f"/queries/{q.name}" + (f"?{urlencode(q.example)}" if q.example else "")
    return q.describe() | {"label": q.title, "url": f"/queries/{q.name}", "example_url": example}


@router.get("/queries", summary="The catalogue of named queries", responses=ERRORS,
            description="Every `queries/*.rq` file with its title, description, tags and typed parameters. "
                        "JSON (default) or HTML; `?format=json|html`.")
def catalogue(request: Request, service: ServiceDep, limit: Limit = None, offset: Offset = 0):
    media, key = negotiate(request, JSON_OFFERS + HTML_OFFERS)
    items = [describe(q) for q in service.catalogue.values()]
    if key == "html":
        return render(request, "queries.html", {"queries": items})
    listing = page(request, service, items, limit, offset)
    return respond(request, service.cache.answer(("catalogue",) + request_key(request),
                                                 lambda: Answer(json_bytes(listing), media)))


@router.get(
    "/queries/{name}",
    summary="Run a named query",
    responses=ERRORS | {503: {"model": ErrorBody, "description": "deadline or memory cap reached, or all workers busy"}},
    description=(
        "Parameters are the query's own (see the catalogue), given in the query string and bound as typed RDF terms "
        "(never spliced into the text). Results in every SPARQL format by content negotiation or "
        "`?format=json|xml|csv|tsv` (SELECT) / `turtle|ntriples|nquads|trig|jsonld|rdfxml` (CONSTRUCT); "
        "`text/html` (or `?format=html`) shows a form with the query and its results."
    ),
)
async def run_named(name: str, request: Request, service: ServiceDep):
    query = service.catalogue.get(name)
    if query is None:
        raise ApiError(404, f"no named query {name!r}", {"known": sorted(service.catalogue)})
    raw: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        if k not in RESERVED:
            raw.setdefault(k, []).append(v)
    form = service.query_form(query.text)
    _, fmt = negotiate(request, offers_for(form) + HTML_OFFERS)
    if fmt == "html":
        return await run_in_threadpool(_form_page, request, service, query, form, raw)
    bindings = query.bind(raw)
    answer = await service.answer_query_async(_key(query, fmt, bindings), query.text, fmt=fmt, bindings=bindings)
    return respond(request, answer)  # awaited on the event loop, as /sparql is


def _key(query: NamedQuery, fmt: str, bindings: dict) -> tuple:
    return ("named", query.name, fmt, tuple(sorted((k, v.n3()) for k, v in bindings.items())))


def _run(service: Service, query: NamedQuery, fmt: str, bindings: dict) -> Answer:
    return service.answer_query(_key(query, fmt, bindings), query.text, fmt=fmt, bindings=bindings)


def _form_page(request: Request, service: Service, query: NamedQuery, form: str, raw: dict[str, list[str]]):
    values = {k: v[0] for k, v in raw.items() if v}
    context = {"q": describe(query), "text": query.text, "values": values, "result": None, "problem": None}
    required = [p for p in query.params if not p.optional]
    if raw or not required:
        try:
            bindings = query.bind(raw)
        except UsageError as exc:
            context["problem"] = str(exc)
            return render(request, "query.html", context, status=400)
        fmt = "turtle" if form in ("construct", "describe") else "json"
        answer = _run(service, query, fmt, bindings)
        link = lambda extra: f"/queries/{query.name}?" + urlencode(list(values.items()) + extra)
        context["result"] = results_view(
            answer.body, form, labels=service.labels, page=page_number(request.query_params.get("page")),
            page_url=lambda n: link([("page", str(n))] if n > 1 else []),
            downloads=[(name, link([("format", key)])) for name, key in DOWNLOADS.get(form, ())],
            truncated=bool(answer.headers.get("X-Result-Truncated")), limit=service.settings.max_rows)
    return render(request, "query.html", context)

"""/sparql: the SPARQL 1.1 Protocol, read-only, with the service description at the endpoint."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from ...errors import RightsgraphError
from ..cache import Answer, respond
from ..conneg import GRAPH_OFFERS, HTML_OFFERS, RESULT_OFFERS, negotiate, offers_for
from ..dataset import service_description
from ..deps import ServiceDep, endpoint_url
from ..errors import ApiError
from ..html import render
from ..models import ErrorBody
from ..rdf import serialize
from ..results import DOWNLOADS, page_number, page_problem, results_view
from ..service import Service

router = APIRouter(tags=["SPARQL"])

UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")
# The output-format parameters SPARQL clients send (Virtuoso's format, Fuseki's and Joseki's output,
# Rasqal's results; SPARQLWrapper sends all three, some twice): keys, aliases or media types, first acceptable wins.
FORMAT_PARAMS = ("format", "output", "results")
MAX_GRAPH_PARAMS = 256
_GRAPH_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*\Z")

_DOC = {
    400: {"model": ErrorBody, "description": "bad syntax, a refused feature (SERVICE, update), repeated or conflicting parameters, a wrong body"},
    406: {"model": ErrorBody, "description": "no acceptable result format"},
    413: {"model": ErrorBody, "description": "the query or the body is too long"},
    415: {"model": ErrorBody, "description": "a body media type other than form or sparql-query"},
    503: {"model": ErrorBody, "description": "the query ran past its deadline or memory cap, or every worker is busy (Retry-After)"},
}
_DESCRIPTION = (
    "SPARQL 1.1 Protocol query operation. Parameters: `query` (once), `default-graph-uri` and `named-graph-uri`"
    " (repeatable; they only select graphs of the store; an unknown graph is empty). Results by content negotiation:"
    " SELECT/ASK in application/sparql-results+json (default), +xml, text/csv, text/tab-separated-values;"
    " CONSTRUCT/DESCRIBE in text/turtle (default), application/n-triples, application/n-quads, application/trig,"
    " application/ld+json, application/rdf+xml. Without a query: the service description. Updates and SERVICE are refused."
)


@router.get("/sparql", summary="SPARQL query (GET) or the service description", description=_DESCRIPTION, responses=_DOC)
async def sparql_get(request: Request, service: ServiceDep):
    return await _respond(request, service, list(request.query_params.multi_items()), None)


@router.post("/sparql", summary="SPARQL query (POST form or direct)", description=_DESCRIPTION, responses=_DOC)
async def sparql_post(request: Request, service: ServiceDep):
    params = list(request.query_params.multi_items())
    header = request.headers.get("content-type")
    if not header:
        raise ApiError(400, "a POST to /sparql needs a Content-Type: application/x-www-form-urlencoded or application/sparql-query")
    media, _, rest = header.partition(";")
    media = media.strip().lower()
    charset = _charset(rest)
    body = await request.body()  # RequestLimits caps it
    direct = None
    if media == "application/x-www-form-urlencoded":
        if charset not in (None, "utf-8", "utf8", "us-ascii", "ascii"):
            raise ApiError(400, f"the form body must be UTF-8, not {charset}")
        try:
            params += parse_qsl(body.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=1000)
        except UnicodeDecodeError:
            raise ApiError(400, "the form body is not UTF-8") from None
        except ValueError as exc:
            raise ApiError(400, f"the form body cannot be read: {exc}") from None
    elif media == "application/sparql-query":
        if charset not in (None, "utf-8", "utf8"):
            raise ApiError(400, f"a direct POST query must be UTF-8, not {charset}")
        try:
            direct = body.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise ApiError(400, "the query body is not UTF-8") from None
    elif media == "application/sparql-update":
        raise ApiError(400, "SPARQL Update is refused: this is a read-only query endpoint", {"refused": "update"})
    else:
        raise ApiError(415, f"unsupported body media type {media!r}: use application/x-www-form-urlencoded or application/sparql-query",
                       {"supported": ["application/x-www-form-urlencoded", "application/sparql-query"]})
    return await _respond(request, service, params, direct)


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"], include_in_schema=False)
def sparql_other(request: Request):
    raise ApiError(405, f"method {request.method} is not allowed on /sparql: use GET or POST", headers={"Allow": "GET, HEAD, POST"})


def _charset(params: str) -> str | None:
    for part in params.split(";"):
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


@dataclass(frozen=True)
class QueryRequest:
    """A checked request whose answer is a query's: run on the event loop (the pool's async path)."""

    text: str
    fmt: str
    default_graphs: list[str]
    named_graphs: list[str]


async def _respond(request: Request, service: Service, params: list[tuple[str, str]], direct: str | None):
    """The protocol checks on the loop (cheap), the query awaited there; the service description and
    the editor page (rendering, lookups) in the thread pool."""
    prepared = prepare(request, service, params, direct)
    if not isinstance(prepared, QueryRequest):
        return await run_in_threadpool(prepared)
    key, base = answer_key(request, prepared.text, prepared.fmt, prepared.default_graphs, prepared.named_graphs)
    answer = await service.answer_query_async(key, prepared.text, fmt=prepared.fmt, default_graphs=prepared.default_graphs,
                                              named_graphs=prepared.named_graphs, base_iri=base)
    return respond(request, answer)


def prepare(request: Request, service: Service, params: list[tuple[str, str]], direct: str | None):
    """A QueryRequest to run, or what computes the other answers (a function of no arguments); raises ApiError."""
    names = [k for k, _ in params]
    if "update" in names:
        raise ApiError(400, "SPARQL Update is refused: this is a read-only query endpoint", {"refused": "update"})
    for name in UPDATE_PARAMS[1:]:
        if name in names:
            raise ApiError(400, f"{name} is a parameter of SPARQL Update, which this read-only endpoint refuses", {"refused": "update"})
    queries = [v for k, v in params if k == "query"]
    if direct is not None:
        if queries:
            raise ApiError(400, "the query is given twice: in the body and as a query parameter")
        queries = [direct]
    if len(queries) > 1:
        raise ApiError(400, f"give exactly one query; this request has {len(queries)}")
    default_graphs = [v for k, v in params if k == "default-graph-uri"]
    named_graphs = [v for k, v in params if k == "named-graph-uri"]
    if len(default_graphs) + len(named_graphs) > MAX_GRAPH_PARAMS:
        raise ApiError(400, f"at most {MAX_GRAPH_PARAMS} default-graph-uri and named-graph-uri values are accepted")
    for iri in default_graphs + named_graphs:
        if not _GRAPH_IRI.match(iri):
            raise ApiError(400, f"graph names must be absolute IRIs, got {iri!r}")
    requested = [v for k, v in params if k in FORMAT_PARAMS]
    if not queries:
        return lambda: _description(request, service, dict(params).get("example"), requested)
    text = queries[0]
    if not text.strip():
        raise ApiError(400, "the query is empty")
    form = service.query_form(text)
    # A graph answer to a client that asked only for SPARQL results types (rdflib's SPARQLStore
    # with returnFormat="json" sends just application/sparql-results+json) gets the default RDF format.
    lenient = RESULT_OFFERS if form in ("construct", "describe") else ()
    _, key = negotiate(request, offers_for(form) + HTML_OFFERS, requested=requested, lenient=lenient)
    if key == "html":
        return lambda: _page(request, service, text, form, default_graphs, named_graphs)
    return QueryRequest(text, key, default_graphs, named_graphs)


def answer_key(request: Request, text: str, fmt: str, default_graphs, named_graphs) -> tuple[tuple, str]:
    """The answer cache's key for a query, and the base IRI its relative IRIs resolve against (the endpoint)."""
    base = endpoint_url(request)
    return ("sparql", text, fmt, tuple(default_graphs), tuple(named_graphs), base), base


def _run(request: Request, service: Service, text: str, fmt: str, default_graphs, named_graphs) -> Answer:
    key, base = answer_key(request, text, fmt, default_graphs, named_graphs)
    return service.answer_query(key, text, fmt=fmt, default_graphs=default_graphs, named_graphs=named_graphs, base_iri=base)


def _description(request: Request, service: Service, example: str | None, requested: list[str]):
    media, key = negotiate(request, GRAPH_OFFERS + HTML_OFFERS, requested=requested, lenient=RESULT_OFFERS)
    if key == "html":
        text = service.catalogue[example].text if example in service.catalogue else ""
        return render(request, "sparql.html", {"query": text, "examples": list(service.catalogue.values()), "result": None})
    endpoint = endpoint_url(request)
    answer = service.cache.answer(("service-description", endpoint, key),
                                  lambda: Answer(serialize(service_description(service, endpoint), key), media))
    return respond(request, answer)


def _page(request: Request, service: Service, text: str, form: str, default_graphs, named_graphs):
    """The query form with the results of its query, a page of rows at a time (``?page=``) with the
    downloads of the whole answer; a refused or failed query (4xx) is shown beside the query."""
    fmt = "turtle" if form in ("construct", "describe") else "json"
    graphs = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
    link = lambda extra: "/sparql?" + urlencode([("query", text)] + graphs + extra)
    context = {"query": text, "examples": list(service.catalogue.values()), "result": None, "problem": None}
    try:
        answer = _run(request, service, text, fmt, default_graphs, named_graphs)
    except RightsgraphError as exc:
        status, context["problem"], headers = page_problem(request, exc, text)
        if status >= 500:
            raise
        return render(request, "sparql.html", context, status=status, headers=headers)
    context["result"] = results_view(
        answer.body, form, labels=service.labels, page=page_number(request.query_params.get("page")),
        page_url=lambda n: link([("page", str(n))] if n > 1 else []),
        downloads=[(name, link([("format", key)])) for name, key in DOWNLOADS.get(form, ())],
        truncated=bool(answer.headers.get("X-Result-Truncated")), limit=service.settings.max_rows)
    return render(request, "sparql.html", context)

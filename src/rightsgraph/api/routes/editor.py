"""/editor — the SPARQL editor: the named queries as examples (``example_text``), its PREFIX
declarations folded, results a page at a time under the Run button (``/editor/results``, the
fragment editor.js puts there), downloads from /sparql; it runs on /sparql's engine and works
without JavaScript (the form GETs /editor, which shows the same fragment in the page)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from ...errors import RightsgraphError
from ...namespaces import BASE, PREFIXES, sparql_prologue
from ...query import lexer
from ...query.named import NamedQuery
from ..cache import Answer, respond
from ..deps import ServiceDep, base_url
from ..errors import ApiError
from ..html import render_bytes
from ..results import (
    DOWNLOADS,
    declared_prefixes,
    join_prologue,
    page_number,
    page_problem,
    results_view,
    split_prologue,
)
from ..service import Service

router = APIRouter(tags=["web"])

STARTER = """SELECT ?treaty ?label ?status WHERE {
  ?assertion a rg:StatusAssertion ; rg:treaty ?treaty ; rg:status ?s .
  ?treaty rdfs:label ?label .
  ?s skos:notation ?status .
}
ORDER BY ?label
"""


def example_text(q: NamedQuery) -> str:
    """A named query as the editor shows it: its title as a comment instead of the ``#+`` header, and
    its example parameters as a VALUES block first in the outermost group, so that the text alone
    gives the answers of /queries/{name} with that example."""
    lines = q.text.splitlines(keepends=True)
    body = "".join(line for line in lines if not line.startswith("#+"))
    text = f"# {q.title}: /queries/{q.name}\n" + body
    if not q.example:
        return text
    bindings = q.bind(q.example)
    given = ", ".join(f"{k}={v}" for k, v in q.example.items())
    block = (f"  # the example's parameters: {given}\n"
             f"  VALUES ({' '.join('?' + n for n in bindings)}) {{ ({' '.join(t.n3() for t in bindings.values())}) }}\n")
    at = lexer.outermost_group(text)
    if at is None:
        return text + "\n" + block
    return text[:at] + "\n" + block + text[at:].removeprefix("\n")


def _examples(service: Service) -> list[dict]:
    out = []
    for q in service.catalogue.values():
        text = example_text(q)
        prologue, body = split_prologue(text)
        out.append({"name": q.name, "title": q.title, "description": q.description, "text": text, "prologue": prologue, "body": body})
    return out


@router.get("/editor", summary="The SPARQL editor", include_in_schema=False)
def editor(request: Request, service: ServiceDep,
           query: Annotated[str | None, Query(description="a SPARQL query, run and shown with its results")] = None,
           prologue: Annotated[str | None, Query(description="PREFIX declarations put before the query (the editor's fold)")] = None,
           example: Annotated[str | None, Query(max_length=100, description="a named query to start from")] = None,
           page: Annotated[str | None, Query(max_length=12, description="the page of rows to show (from 1)")] = None):
    examples = _examples(service)
    chosen = next((e for e in examples if e["name"] == example), None)
    text = join_prologue(prologue, query) if query is not None else chosen["text"] if chosen else sparql_prologue() + "\n" + STARTER
    folded, body = split_prologue(text)
    context = {"query": body, "prologue": folded, "declared": declared_prefixes(folded), "examples": examples, "example": example,
               "result": None, "problem": None, "public_base": BASE, "prefixes": PREFIXES}
    status = 200
    if query is not None and text.strip():
        status, found = _outcome(request, service, text, folded, page_number(page))
        context |= found
    body_bytes = render_bytes(request, "editor.html", context)
    return respond(request, Answer(body_bytes, "text/html; charset=utf-8", cacheable=False), status=status)


@router.post("/editor/results", summary="The editor's results as an HTML fragment", include_in_schema=False)
async def editor_results(request: Request, service: ServiceDep):
    """The results (or the problem) of the editor's query as the HTML the page shows under its Run
    button: a form body with ``query``, ``prologue`` (optional) and ``page``."""
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media != "application/x-www-form-urlencoded":
        raise ApiError(415, "send the editor's form as application/x-www-form-urlencoded")
    try:
        fields = dict(parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True, errors="strict", max_num_fields=10))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "the form body cannot be read (UTF-8 form fields query, prologue, page)") from None
    folded = fields.get("prologue", "")
    text = join_prologue(folded, fields.get("query", ""))
    if not text.strip():
        raise ApiError(400, "the query is empty")
    status, found = await run_in_threadpool(_outcome, request, service, text, folded, page_number(fields.get("page")))
    body = render_bytes(request, "editor_results.html", found)
    return respond(request, Answer(body, "text/html; charset=utf-8", cacheable=False), vary=False, status=status)


def _outcome(request: Request, service: Service, text: str, folded: str, page: int) -> tuple[int, dict]:
    """(status, {"result": …} or {"problem": …}) of running the editor's text."""
    try:
        return 200, {"result": _run(request, service, text, page), "problem": None}
    except RightsgraphError as exc:
        status, found, _ = page_problem(request, exc, text)
        syntax = found["syntax"]
        if syntax:  # say the line as the editor shows it: in the folded declarations or in the query below them
            lines = folded.rstrip().count("\n") + 1 if folded.strip() else 0
            part = "prologue" if syntax["line"] <= lines else "query"
            syntax["part"], syntax["part_line"] = part, syntax["line"] if part == "prologue" else syntax["line"] - lines
            name = "the PREFIX declarations" if part == "prologue" else "the query"
            syntax["where"] = f"line {syntax['part_line']} of {name}, column {syntax['column']}" + (
                " (its end)" if syntax["at_end"] else "")
            found["go_to"] = True
        return status, {"result": None, "problem": found}


def _run(request: Request, service: Service, text: str, page: int) -> dict:
    form = service.query_form(text)
    fmt = "turtle" if form in ("construct", "describe") else "json"
    endpoint = base_url(request) + "sparql"
    answer = service.answer_query(("editor", text, fmt, endpoint), text, fmt=fmt, base_iri=endpoint)
    return results_view(answer.body, form, labels=service.labels, page=page,
                        page_url=lambda n: "/editor?" + urlencode({"query": text} | ({"page": n} if n > 1 else {})),
                        downloads=downloads(text, form), truncated=bool(answer.headers.get("X-Result-Truncated")),
                        limit=service.settings.max_rows)


def downloads(text: str, form: str) -> list[tuple[str, str]]:
    """Links that download a query's whole answer from /sparql, in the formats that suit its form."""
    return [(name, "/sparql?" + urlencode({"query": text, "format": key})) for name, key in DOWNLOADS.get(form, ())]

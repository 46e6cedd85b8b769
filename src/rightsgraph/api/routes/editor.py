"""/editor — the SPARQL editor: the named queries as examples (``example_text``), results in the page,
downloads from /sparql; it runs on /sparql's engine and works without JavaScript."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request

from ...errors import RightsgraphError
from ...namespaces import BASE, PREFIXES, sparql_prologue
from ...query import lexer
from ...query.named import NamedQuery
from ..cache import Answer, respond
from ..deps import ServiceDep, base_url
from ..errors import problem
from ..html import render_bytes
from ..service import Service
from .sparql import results_view

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


@router.get("/editor", summary="The SPARQL editor", include_in_schema=False)
def editor(request: Request, service: ServiceDep,
           query: Annotated[str | None, Query(description="a SPARQL query, run and shown with its results")] = None,
           example: Annotated[str | None, Query(max_length=100, description="a named query to start from")] = None):
    examples = [{"name": q.name, "title": q.title, "description": q.description, "text": example_text(q)}
                for q in service.catalogue.values()]
    chosen = next((e for e in examples if e["name"] == example), None)
    text = query if query is not None else chosen["text"] if chosen else sparql_prologue() + "\n" + STARTER
    context = {"query": text, "examples": examples, "example": example, "result": None, "problem": None, "downloads": [],
               "public_base": BASE, "prefixes": PREFIXES}
    status = 200
    if query is not None and query.strip():
        try:
            context |= _run(request, service, query)
        except RightsgraphError as exc:
            status, message, detail, _ = problem(request, exc)
            context["problem"] = {"code": status, "message": message, "detail": detail}
    body = render_bytes(request, "editor.html", context)
    return respond(request, Answer(body, "text/html; charset=utf-8", cacheable=False), status=status)


def _run(request: Request, service: Service, text: str) -> dict:
    form = service.query_form(text)
    fmt = "turtle" if form in ("construct", "describe") else "json"
    endpoint = base_url(request) + "sparql"
    answer = service.answer_query(("editor", text, fmt, endpoint), text, fmt=fmt, base_iri=endpoint)
    result = results_view(answer.body, form) | {"truncated": bool(answer.headers.get("X-Result-Truncated"))}
    return {"result": result, "downloads": downloads(text, form)}


DOWNLOADS = {"select": (("CSV", "csv"), ("JSON", "json")), "ask": (("JSON", "json"),),
             "construct": (("Turtle", "turtle"), ("JSON-LD", "jsonld")), "describe": (("Turtle", "turtle"), ("JSON-LD", "jsonld"))}


def downloads(text: str, form: str) -> list[tuple[str, str]]:
    """Links that download a query's results from /sparql, in the formats that suit its form."""
    return [(name, "/sparql?" + urlencode({"query": text, "format": key})) for name, key in DOWNLOADS.get(form, ())]



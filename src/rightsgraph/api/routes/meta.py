"""/health, /version and /api/docs (the web pages are in routes/home.py, charts.py, editor.py and browse.py)."""

from __future__ import annotations

import json
import re

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..deps import ServiceDep
from ..html import render
from ..openapi import example
from ..service import Service

router = APIRouter(tags=["service"])

# The OpenAPI descriptions are CommonMark: rendered without raw HTML (escaped) and with
# markdown-it's link check (no javascript: or data: links).
_MARKDOWN = MarkdownIt("commonmark", {"html": False})
EXAMPLE_CHARS = 4000  # longer examples are cut on the page (never in /openapi.json)


@router.get("/health", summary="Liveness: answers at once, without touching an engine")
async def health():
    return {"status": "ok"}


def version_info(service: Service) -> dict:
    return {
        "digest": service.digest,
        "version": service.version,
        "triples": service.triple_count,
        "graphs": service.manifest.get("graphs", {}),
        "engine": service.settings.engine,
        "built": service.built_at.isoformat(),
    }


@router.get("/version", summary="The build being served")
def version(service: ServiceDep):
    return version_info(service)


example("get", "/health")(lambda service: {"application/json": {"status": "ok"}})
example("get", "/version")(lambda service: {"application/json": version_info(service)})


def markdown(text: str, *, inline: bool = False) -> Markup:
    """CommonMark as safe HTML (a one-paragraph text without its <p> when inline)."""
    html = _MARKDOWN.render(text or "").strip()
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def _resolve(schema: dict, node: dict | None) -> dict:
    ref = (node or {}).get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[1], {})
    return node or {}


def _example_text(schema: dict, media: str, content: dict) -> str | None:
    """The example of a media type as text: its own, else the first of its examples, else its schema's."""
    if "example" in content:
        value = content["example"]
    elif content.get("examples"):
        first = next(iter(content["examples"].values()))
        if "externalValue" in first:  # a file (a gzip dump): its URL and what it is
            return f"{first['externalValue']} ({first['summary']})" if first.get("summary") else first["externalValue"]
        value = first.get("value")
    else:
        examples = _resolve(schema, content.get("schema")).get("examples")
        if not examples:
            return None
        value = examples[0]
    text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS] + "\n…"


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p.get("name"), "in": p.get("in"), "required": p.get("required", False),
                       "description": markdown(p.get("description", ""), inline=True),
                       "example": (p.get("schema", {}).get("examples") or [p.get("example")])[0]}
                      for p in op.get("parameters", [])]
            responses = []
            for status, response in sorted(op.get("responses", {}).items()):
                media = [{"type": m, "example": _example_text(schema, m, c or {})}
                         for m, c in (response.get("content") or {}).items()]
                responses.append({"status": status, "description": markdown(response.get("description", ""), inline=True),
                                  "media": media})
            operations.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "description": markdown(op.get("description", "")), "params": params,
                               "responses": responses, "id": re.sub(r"[^A-Za-z0-9]+", "-", f"{method}{path}").strip("-")})
    return operations


@router.get("/openapi.json", include_in_schema=False)
def openapi_json(request: Request):
    """The OpenAPI 3 document (a plain function: its one build per release runs in the thread pool)."""
    return JSONResponse(request.app.openapi())


@router.get("/api/docs", summary="The API documentation as a page (from the OpenAPI schema at /openapi.json)",
            include_in_schema=False)
def api_docs(request: Request):
    schema = request.app.openapi()
    return render(request, "api_docs.html", {"operations": _operations(schema), "title": schema["info"]["title"],
                                              "version": schema["info"]["version"],
                                              "description": markdown(schema["info"].get("description", ""))})

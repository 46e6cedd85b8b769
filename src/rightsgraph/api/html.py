"""HTML pages: Jinja2 with autoescaping, links only for http(s) IRIs, quotes marked in their paragraphs.

The security headers (CSP and friends) are added to every response by ``app.security_headers``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

WEB = Path(__file__).resolve().parent.parent / "web"

_env = Environment(
    loader=FileSystemLoader(str(WEB / "templates")),
    autoescape=select_autoescape(["html"], default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def local_href(iri: str, public_base: str) -> str | None:
    """Where a link to an IRI points: a path of this service for the dataset's own IRIs, the IRI
    itself for other http(s) IRIs, and nothing (no link) for any other scheme."""
    iri = str(iri)
    if iri.startswith(public_base + "id/") or iri.startswith(public_base + "def"):
        return "/" + iri[len(public_base):]
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def marked(text: str, quotes) -> list[tuple[str, bool]]:
    """A text cut into (segment, is-quoted) pieces, merging overlapping quotes; autoescaped by the template."""
    spans = []
    for q in quotes:
        if not q:
            continue
        start = text.find(q)
        while start != -1:
            spans.append((start, start + len(q)))
            start = text.find(q, start + len(q))
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    pieces, at = [], 0
    for a, b in merged:
        if a > at:
            pieces.append((text[at:a], False))
        pieces.append((text[a:b], True))
        at = b
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def render(request: Request, template: str, context: dict, *, status: int = 200, headers: dict | None = None) -> HTMLResponse:
    service = getattr(request.app.state, "service", None)
    base = service.settings.public_base if service is not None else "https://w3id.org/rightsgraph/"
    page = _env.get_template(template).render(
        request_path=request.url.path,
        href=lambda iri: local_href(iri, base),
        **context,
    )
    return HTMLResponse(page, status_code=status, headers=headers)


def render_bytes(request: Request, template: str, context: dict) -> bytes:
    return render(request, template, context).body

"""What the UPR pages add to the resource pages of /id (a small hook in routes/resources.py): a State's page gets
its dialogue statements and its recommendations (a section each), a paragraph's page previous/next links in its
document. Rendered from their own templates and put into the page, so resource.html stays as it is."""

from __future__ import annotations

from fastapi import Request

from ..namespaces import ID
from . import review
from .html import render_bytes
from .service import Service


def extend_resource_page(request: Request, service: Service, iri: str, page: bytes) -> bytes:
    if iri.startswith(str(ID) + "state/"):
        extra = render_bytes(request, "state_sections.html", {"x": review.state_sections(service, iri)})
        return page.replace(b"</main>", extra + b"\n</main>", 1)
    if iri in service.paragraphs:
        nav = review.neighbours(service, iri)
        if nav:
            extra = render_bytes(request, "paragraph_nav.html", {"x": nav})
            marker = b'<main id="main" tabindex="-1">'
            return page.replace(marker, marker + b"\n" + extra, 1)
    return page

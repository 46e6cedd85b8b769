"""HTML pages: Jinja2 with autoescaping, links only for http(s) IRIs, quotes marked in their paragraphs.

The security headers (CSP and friends) are added to every response by ``app.Envelope``: no
inline script or style can run, so pages load ``/static/*.css`` and ``/static/*.js`` only.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from ..namespaces import BASE, PREFIXES, RG, SCHEMA
from .svg import number

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


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def human_date(value) -> str:
    """A date at its own precision, for people: '2001-08' -> 'August 2001', '2003-05-03' -> '3 May 2003'."""
    text = "" if value is None else str(value)
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not m or not (1 <= int(m.group(2) or 1) <= 12):
        return text
    year, month, day = m.groups()
    if day:
        try:
            d = date(int(year), int(month), int(day))
        except ValueError:
            return text
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    return f"{_MONTHS[int(month) - 1]} {year}" if month else year


def curie(iri: str) -> str:
    """An IRI in its prefixed form where one of the project's prefixes fits (the longest namespace wins)."""
    text = str(iri)
    best = max(((p, ns) for p, ns in PREFIXES.items() if text.startswith(ns) and len(text) > len(ns)),
               key=lambda pn: len(pn[1]), default=None)
    return f"{best[0]}:{text[len(best[1]):]}" if best else text


def plural(kind: str) -> str:
    """A type of the IRI scheme as a heading: 'treaty-action' -> 'Treaty actions'."""
    words = kind.split("-")
    last = words[-1]
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    else:
        last += "s"
    return " ".join(words[:-1] + [last]).capitalize()


def breadcrumbs(iri: str, label: str, labels: dict[str, str], public_base: str) -> list[tuple[str, str | None]]:
    """Home › the type's listing › every part of the IRI that is itself a resource › this resource."""
    crumbs: list[tuple[str, str | None]] = [("Home", "/")]
    base = public_base + "id/"
    if iri.startswith(base):
        segments = iri[len(base):].split("/")
        crumbs.append((plural(segments[0]), f"/browse/{segments[0]}"))
        for i in range(2, len(segments)):
            parent = base + "/".join(segments[:i])
            if parent in labels:
                crumbs.append((labels[parent], "/" + parent[len(public_base):]))
    crumbs.append((label, None))
    return crumbs


# How the properties of a resource page are grouped: what names it, what it links to, what it rests on.
IDENTITY = [str(p) for p in (RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.notation, DCTERMS.title, DCTERMS.identifier,
                             RG.isoCode, RG.acronym, RG.untcNumber, RG.etsNumber, RDFS.comment, SKOS.definition, DCTERMS.description,
                             SCHEMA.sameAs, OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch, RDFS.isDefinedBy)]
EVIDENCE = [str(p) for p in (PROV.wasDerivedFrom, RG.quote, DCTERMS.source, RG.text)]
PARAGRAPH_TEXT = frozenset(str(p) for p in (RG.text, PROV.value))  # shown, marked, above the properties of a paragraph


# Names for people of the reused vocabularies' properties (the build holds labels for rg: terms only).
READABLE = {str(p): name for p, name in (
    (RDFS.label, "label"), (RDFS.comment, "comment"), (RDFS.seeAlso, "see also"), (RDFS.isDefinedBy, "defined by"),
    (SKOS.prefLabel, "name"), (SKOS.altLabel, "also called"), (SKOS.notation, "notation"), (SKOS.definition, "definition"),
    (SKOS.inScheme, "in scheme"), (SKOS.broader, "broader"), (SKOS.narrower, "narrower"), (SKOS.closeMatch, "close match"),
    (SKOS.exactMatch, "exact match"), (SKOS.topConceptOf, "top concept of"), (SKOS.hasTopConcept, "top concept"),
    (DCTERMS.title, "title"), (DCTERMS.identifier, "identifier"), (DCTERMS.description, "description"), (DCTERMS.subject, "subject"),
    (DCTERMS.references, "references"), (DCTERMS.isPartOf, "part of"), (DCTERMS.hasPart, "has part"), (DCTERMS.date, "date"),
    (DCTERMS.source, "source"), (DCTERMS.creator, "creator"), (DCTERMS.publisher, "publisher"), (DCTERMS.license, "licence"),
    (PROV.wasDerivedFrom, "derived from"), (PROV.wasAttributedTo, "attributed to"), (SCHEMA.sameAs, "same as"),
    (OWL.sameAs, "same as"),
)}


def readable(prop: dict) -> dict:
    """A property cell with a name for people where the data has none."""
    return prop | {"label": READABLE[prop["iri"]]} if prop["iri"] in READABLE else prop


def grouped(outgoing: list[tuple[dict, list[dict]]], omit: frozenset[str] = frozenset()) -> list[tuple[str, str, list]]:
    """A resource's outgoing properties (but those in ``omit``) as (key, heading, rows) groups:
    identity, details (values), relations (links to other resources) and evidence; empty groups are left out."""
    groups: dict[str, list] = {"identity": [], "details": [], "relations": [], "evidence": []}
    for prop, values in outgoing:
        iri = prop["iri"]
        if iri in omit:
            continue
        prop = readable(prop)
        if iri in IDENTITY:
            groups["identity"].append((IDENTITY.index(iri), prop, values))
        elif iri in EVIDENCE:
            groups["evidence"].append((EVIDENCE.index(iri), prop, values))
        elif all(v["kind"] == "literal" for v in values):
            groups["details"].append((0, prop, values))
        else:
            groups["relations"].append((0, prop, values))
    headings = {"identity": "Identity", "details": "Details", "relations": "Relations", "evidence": "Evidence"}
    return [(key, headings[key], [(p, v) for _, p, v in sorted(rows, key=lambda r: r[0])]) for key, rows in groups.items() if rows]


_env.filters.update(human_date=human_date, curie=curie, number=number, plural=plural)


def render(request: Request, template: str, context: dict, *, status: int = 200, headers: dict | None = None) -> HTMLResponse:
    page = _env.get_template(template).render(
        request_path=request.url.path,
        href=lambda iri: local_href(iri, BASE),
        **context,
    )
    return HTMLResponse(page, status_code=status, headers=headers)


def render_bytes(request: Request, template: str, context: dict) -> bytes:
    return render(request, template, context).body

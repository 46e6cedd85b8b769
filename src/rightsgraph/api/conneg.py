"""Content negotiation: Accept headers with q-values and wildcards, and the ``?format=`` override.

An *offer* list names, in the server's order of preference, the media types a resource can be
served in and the format key each stands for (aliases such as ``application/json`` map to the
same key as their canonical type, and come after it so that wildcards pick the canonical one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from fastapi import Request

from .errors import ApiError

Offer = tuple[str, str]  # (media type, format key)

RESULT_OFFERS: list[Offer] = [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
]
BOOLEAN_OFFERS: list[Offer] = [o for o in RESULT_OFFERS if o[1] in ("json", "xml")]
GRAPH_OFFERS: list[Offer] = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("application/n-quads", "nquads"),
    ("application/trig", "trig"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("application/x-turtle", "turtle"),
    ("application/json", "jsonld"),
    ("application/xml", "rdfxml"),
    ("text/xml", "rdfxml"),
]
TRIPLE_OFFERS: list[Offer] = [o for o in GRAPH_OFFERS if o[1] not in ("nquads", "trig")]
HTML_OFFERS: list[Offer] = [("text/html", "html"), ("application/xhtml+xml", "html")]
JSON_OFFERS: list[Offer] = [("application/json", "json")]


def offers_for(form: str) -> list[Offer]:
    """The result formats of a query form: select, ask, construct or describe."""
    return {"select": RESULT_OFFERS, "ask": BOOLEAN_OFFERS}.get(form, GRAPH_OFFERS)

# ?format= spellings; "xml" and "json" mean RDF/XML and JSON-LD where only graph formats are offered.
_FORMAT_ALIASES = {
    "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads", "n-quads": "nquads",
    "json-ld": "jsonld", "rdf": "rdfxml", "rdf+xml": "rdfxml", "owl": "rdfxml", "htm": "html",
}
_GRAPH_ALIASES = {"xml": "rdfxml", "json": "jsonld"}

_RANGE = re.compile(r"^\s*([\w.+!#$&^-]+|\*)/([\w.+!#$&^-]+|\*)\s*((?:;[^;]*)*)$")
_Q = re.compile(r"^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """-1 if this range does not match media_type, else 0 (*/*), 1 (type/*) or 2 (exact)."""
        t, _, s = media_type.partition("/")
        if self.type == "*":
            return 0 if self.subtype == "*" else -1
        if self.type != t:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == s else -1


def parse_accept(header: str) -> list[MediaRange]:
    """The valid media ranges of an Accept header; malformed entries are skipped."""
    ranges = []
    for part in header.split(",")[:64]:
        m = _RANGE.match(part)
        if not m:
            continue
        q = 1.0
        for param in m.group(3).split(";")[1:]:
            if param.strip().lower().startswith("q"):
                qm = _Q.match(param)
                q = float(qm.group(1)) if qm else -1.0
        if q < 0 or (m.group(1) == "*" and m.group(2) != "*"):
            continue
        ranges.append(MediaRange(m.group(1).lower(), m.group(2).lower(), q))
    return ranges


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The q the most specific matching range gives media_type (0 when none matches)."""
    best, q = -1, 0.0
    for r in ranges:
        s = r.specificity(media_type)
        if s > best:
            best, q = s, r.q
    return q


def choose(accept: str | None, offers: Sequence[Offer]) -> Offer | None:
    """The offer the Accept header prefers (ties go to the server's order); None = nothing acceptable."""
    if accept is None or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for offer in offers:
        q = quality(ranges, offer[0])
        if q > best_q:
            best, best_q = offer, q
    return best


def format_key(name: str, offers: Sequence[Offer]) -> str | None:
    keys = {key for _, key in offers}
    name = name.strip().lower()
    for candidate in (name, _FORMAT_ALIASES.get(name), _GRAPH_ALIASES.get(name) if "json" not in keys and "xml" not in keys else None):
        if candidate in keys:
            return candidate
    return None


def negotiate(request: Request, offers: Sequence[Offer], *, format_param: bool = True) -> tuple[str, str]:
    """(media type, format key) for a request: ``?format=`` when allowed and given, else Accept; 406 if none fits."""
    if format_param and "format" in request.query_params:
        requested = request.query_params["format"]
        key = format_key(requested, offers)
        if key is None:
            raise ApiError(406, f"format {requested!r} is not available here", {"available": available_formats(offers)})
        return media_type_for(key, offers), key
    offer = choose(request.headers.get("accept"), offers)
    if offer is None:
        raise ApiError(406, "none of the media types in the Accept header is available here", {"available": [m for m, _ in offers]})
    media_type, key = offer
    return media_type_for(key, offers), key


def media_type_for(key: str, offers: Sequence[Offer]) -> str:
    """The canonical media type of a key among the offers (the first one offered for it)."""
    return next(m for m, k in offers if k == key)


def available_formats(offers: Sequence[Offer]) -> list[str]:
    return list(dict.fromkeys(k for _, k in offers))


def prefers_html(request: Request) -> bool:
    """Whether the client asks for HTML over JSON (a browser), e.g. for error pages."""
    accept = request.headers.get("accept")
    if not accept:
        return False
    ranges = parse_accept(accept)
    return quality(ranges, "text/html") > quality(ranges, "application/json") and any(
        r.specificity("text/html") == 2 for r in ranges
    )

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

from .. import formats
from .errors import ApiError

Offer = tuple[str, str]  # (media type, format key)

# Built from the one format registry (rightsgraph.formats); the lists keep the server's order.
RESULT_OFFERS: list[Offer] = formats.offers(formats.RESULT_FORMATS)
BOOLEAN_OFFERS: list[Offer] = [o for o in RESULT_OFFERS if o[1] in ("json", "xml")]
GRAPH_OFFERS: list[Offer] = formats.offers(formats.RDF_FORMATS)
TRIPLE_OFFERS: list[Offer] = formats.offers(formats.triple_formats())
HTML_OFFERS: list[Offer] = formats.offers([formats.HTML])
JSON_OFFERS: list[Offer] = formats.offers([formats.JSON])
# Every ?format= spelling the service knows, per key (for format_key).
_KNOWN = (*formats.RESULT_FORMATS, *formats.RDF_FORMATS, formats.HTML)


def offers_for(form: str) -> list[Offer]:
    """The result formats of a query form: select, ask, construct or describe."""
    return {"select": RESULT_OFFERS, "ask": BOOLEAN_OFFERS}.get(form, GRAPH_OFFERS)


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
    """The key among the offers that a ``?format=`` value names: a key, extension or alias, or a media type."""
    keys = {key for _, key in offers}
    name = name.strip().lower()
    if "/" in name:
        offer = choose(name, offers)
        return offer[1] if offer is not None else None
    return formats.key_for_name(name, [f for f in _KNOWN if f.key in keys])


VARY = {"Vary": "Accept"}  # on a 406 too: another Accept may well succeed


def negotiate(request: Request, offers: Sequence[Offer], *, format_param: bool = True,
              requested: Sequence[str] | None = None, lenient: Sequence[Offer] = ()) -> tuple[str, str]:
    """(media type, format key) for a request; 406 (with ``Vary: Accept``) if nothing fits.

    ``requested`` are the values of the format parameters, in order (default: every ``?format=``
    when ``format_param``): each a key, alias or media type, the first acceptable one wins and they
    override Accept. Else Accept decides; where it names none of the offers but one of ``lenient``
    (media types the service answers elsewhere, e.g. SPARQL results types for a graph answer), the
    first offer is the answer rather than a 406 (clients that ask for what they expect of another
    query form get the default; an Accept that excludes everything is still refused)."""
    if requested is None:
        requested = request.query_params.getlist("format") if format_param else []
    values = [v for v in requested if v.strip()]
    if values:
        for value in values:
            key = format_key(value, offers)
            if key is not None:
                return media_type_for(key, offers), key
        raise ApiError(406, f"format {values[0][:40]!r} is not available here" if len(values) == 1 else
                       f"none of the formats {', '.join(repr(v[:40]) for v in values[:5])}{' …' if len(values) > 5 else ''} "
                       "is available here",
                       {"available": available_formats(offers)}, VARY)
    accept = request.headers.get("accept")
    offer = choose(accept, offers)
    if offer is None and lenient and choose(accept, lenient) is not None:
        offer = offers[0]
    if offer is None:
        raise ApiError(406, "none of the media types in the Accept header is available here",
                       {"available": list(dict.fromkeys(m for m, _ in offers))}, VARY)
    return media_type_for(offer[1], offers), offer[1]


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

"""Lookups over the served release, each computed once per build (``Service.memo``): every resource's best
label, every source paragraph (its number, text, label and document), and a node's evidence (which of
its paragraphs holds which of its quotes). The JSON API, the pages and the describe views read them
through the ``Service`` methods of the same names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib.namespace import RDFS, SKOS

from ..namespaces import PREFIXES, RG

if TYPE_CHECKING:
    from .service import Service

_TITLE = "http://purl.org/dc/terms/title"


@dataclass(frozen=True)
class Paragraph:
    iri: str
    number: int | None
    text: str
    label: str
    document: str | None


def labels(service: Service) -> dict[str, str]:
    """IRI -> its best label: rdfs:label before skos:prefLabel before dcterms:title; English, then untagged."""
    def compute() -> dict[str, str]:
        rows = service.select(
            "SELECT ?s ?p ?l WHERE { VALUES ?p { <%s> <%s> <%s> } ?s ?p ?l FILTER(isLiteral(?l)) }"
            % (RDFS.label, SKOS.prefLabel, _TITLE)
        )
        order = {str(RDFS.label): 0, str(SKOS.prefLabel): 1}
        best: dict[str, tuple] = {}
        for r in rows:
            label = r["l"]
            lang = getattr(label, "language", None)
            rank = (order.get(str(r["p"]), 2), 0 if lang == "en" else 1 if not lang else 2)
            s = str(r["s"])
            if s not in best or rank < best[s][0]:
                best[s] = (rank, str(label))
        return {s: v[1] for s, v in best.items()}

    return service.memo("labels", compute)


def label(service: Service, iri: str) -> str:
    """The best label of a resource: rdfs:label, skos:prefLabel, dcterms:title, else a prefixed name or its IRI's last part."""
    found = labels(service).get(str(iri))
    if found:
        return found
    text = str(iri)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns) and prefix not in ("id",):
            return f"{prefix}:{text[len(ns):]}"
    tail = text.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return tail or text


def paragraphs(service: Service) -> dict[str, Paragraph]:
    """Every rg:Paragraph with rg:text, by IRI."""
    def compute() -> dict[str, Paragraph]:
        rows = service.select(
            f"""SELECT ?p ?text ?n ?doc WHERE {{
                ?p a <{RG.Paragraph}> ; <{RG.text}> ?text .
                OPTIONAL {{ ?p <{RG.paragraphNumber}> ?n }}
                OPTIONAL {{ ?p <{RG.paragraphOf}> ?doc }}
            }}"""
        )
        out = {}
        for r in rows:
            iri = str(r["p"])
            n = r["n"]
            out[iri] = Paragraph(iri, int(n) if n is not None else None, str(r["text"]), label(service, iri),
                                 str(r["doc"]) if r["doc"] is not None else None)
        return out

    return service.memo("paragraphs", compute)


def evidence(service: Service, units: Sequence[str], quotes: Sequence[str]) -> list[dict]:
    """Pairs of (paragraph, quote) where the paragraph's text holds the quote; a quote found in
    none of the node's paragraphs is still listed, under its first paragraph."""
    known = paragraphs(service)
    paras = [known[p] for p in units if p in known]
    items = []
    for quote in quotes:
        holding = [p for p in paras if quote in p.text] or paras[:1]
        for p in holding:
            items.append({"paragraph": p.iri, "number": p.number, "quote": quote, "label": p.label})
    quoted = {i["paragraph"] for i in items}
    for p in paras:
        if p.iri not in quoted:
            items.append({"paragraph": p.iri, "number": p.number, "quote": None, "label": p.label})
    return sorted(items, key=lambda i: (i["number"] is None, i["number"] or 0, i["paragraph"], i["quote"] or ""))

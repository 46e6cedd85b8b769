"""Serialising small graphs the service builds itself (service description, VoID, /def) with pyoxigraph."""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox
from rdflib import Graph

from ..engine.terms import to_ox
from ..namespaces import PREFIXES

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def serialize(triples: Iterable[tuple] | Graph, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples of rdflib terms in one of the RDF formats (quad formats put them in the default graph)."""
    ox_triples = sorted((ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples), key=str)
    used = prefixes if prefixes is not None else _used_prefixes(ox_triples)
    kwargs = {"prefixes": used} if fmt in ("turtle", "trig", "rdfxml") else {}
    return ox.serialize(ox_triples, format=RDF_FORMATS[fmt], **kwargs)


def _used_prefixes(triples) -> dict[str, str]:
    iris = {t.value for triple in triples for t in triple if isinstance(t, ox.NamedNode)}
    return {p: ns for p, ns in PREFIXES.items() if p != "id" and any(i.startswith(ns) for i in iris)}  # not id: (its local names need escaped slashes)


def parse_file(path, fmt: str = "turtle") -> Graph:
    """A server-owned RDF file (bytes from disk, fixed format) as an rdflib Graph."""
    graph = Graph()
    graph.parse(data=path.read_bytes(), format=fmt)
    return graph

"""Serialising small graphs the service builds itself (service description, VoID, /def) with pyoxigraph."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import Graph

from .. import formats
from ..engine.oxigraph import used_prefixes
from ..engine.terms import to_ox


def serialize(triples: Iterable[tuple] | Graph, fmt: str) -> bytes:
    """Triples of rdflib terms in one of the RDF formats (quad formats put them in the default graph)."""
    return _write(sorted((ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples), key=str), fmt)


def convert(turtle: Path, fmt: str) -> bytes:
    """A server-owned Turtle file (the build's ontology.ttl, shapes.ttl) in one of the RDF formats."""
    if fmt == "turtle":
        return turtle.read_bytes()
    return _write(list(ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE)), fmt)


def _write(triples: list, fmt: str) -> bytes:
    out = formats.rdf(fmt)
    kwargs = {"prefixes": used_prefixes(triples)} if out.prefixes else {}
    return ox.serialize(triples, format=out.ox, **kwargs)


def parse_file(path: Path, fmt: str = "turtle") -> Graph:
    """A server-owned RDF file (bytes from disk, fixed format) as an rdflib Graph."""
    graph = Graph()
    graph.parse(data=path.read_bytes(), format=fmt)
    return graph

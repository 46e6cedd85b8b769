"""Reference harness: fastshacl with rdflib graphs in, the drop-in for pyshacl's
``validation.validate`` that tests/shapes/test_fastshacl.py compares with pyshacl. The build runs
``fastshacl.validate_store`` on its pyoxigraph Store."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from ..build.fastshacl import validate_store
from ..build.validation import Violation
from ..engine.terms import to_ox


def graph_store(*graphs: Graph) -> ox.Store:
    """A Store whose default graph holds every triple of the given rdflib graphs."""
    store = ox.Store()
    cache: dict = {}

    def conv(t):
        r = cache.get(t)
        if r is None:
            r = cache[t] = to_ox(t)
        return r

    dg = ox.DefaultGraph()
    for g in graphs:
        store.extend(ox.Quad(conv(s), conv(p), conv(o), dg) for s, p, o in g)
    return store


def validate(data: Graph, shapes: Graph, ontology: Graph, subject_files: dict | None = None) -> list[Violation]:
    """Drop-in for ``validation.validate`` (rdflib graphs in, the same records out)."""
    store = graph_store(data)
    files = {to_ox(k): f for k, f in (subject_files or {}).items()}
    return validate_store(store, shapes, files, ontology)

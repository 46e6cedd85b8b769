"""Reference: the compiled dataset through rdflib (a Dataset, ``to_canonical_graph``, rdflib's N-Quads
serialiser). The build's ``compile_nquads`` gives the same bytes without rdflib graphs
(tests/build/test_compile.py)."""

from __future__ import annotations

from rdflib import Dataset, Graph
from rdflib.compare import to_canonical_graph

from ..namespaces import bind_prefixes


def _canonical(graph: Graph) -> Graph:
    return to_canonical_graph(graph) if any(True for _ in graph.subjects(unique=True)) else graph


def compile_dataset(layers: dict) -> Dataset:
    """The four layers as named graphs of one Dataset, blank nodes canonically labelled."""
    ds = Dataset()
    for name, graph in layers.items():
        target = ds.graph(name)
        for triple in _canonical(graph):
            target.add(triple)
    return bind_prefixes(ds)


def nquads(ds: Dataset) -> bytes:
    lines = ds.serialize(format="nquads", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode("utf-8")

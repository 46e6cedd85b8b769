"""The reference engine: rdflib's own SPARQL evaluator over an rdflib Dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import rdflib.plugins.sparql as rdflib_sparql
from rdflib import Dataset, Graph, URIRef
from rdflib.query import Result as RdflibResult

from ..errors import QueryError, UsageError
from . import GRAPH_FORMATS, SELECT_FORMATS, Result

# Never let a query's FROM / FROM NAMED make rdflib fetch or read a graph.
rdflib_sparql.SPARQL_LOAD_GRAPHS = False

_RESULT_SERIALIZERS = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"}
_RDF_SERIALIZERS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}


class RdflibEngine:
    name = "rdflib"

    def __init__(self, dataset_nq: Path, extra_graphs: dict[str, Path] | None = None):
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(source=str(dataset_nq), format="nquads")
        for name, path in (extra_graphs or {}).items():
            self.dataset.graph(URIRef(name)).parse(source=str(path), format="nt")

    def _view(self, default_graphs: Sequence[str], named_graphs: Sequence[str]):
        if not (default_graphs or named_graphs):
            return self.dataset
        view = Dataset(default_union=False)
        for g in default_graphs:
            for triple in self.dataset.graph(URIRef(g)):
                view.add(triple)
        for g in named_graphs or self.graph_names():
            target = view.graph(URIRef(g))
            for triple in self.dataset.graph(URIRef(g)):
                target.add(triple)
        return view

    def _run(self, sparql, default_graphs=(), named_graphs=(), bindings=None) -> RdflibResult:
        try:
            return self._view(default_graphs, named_graphs).query(sparql, initBindings=bindings or {})
        except Exception as exc:  # rdflib raises many types (ParseException, ValueError, ...)
            raise QueryError(f"query failed: {exc}") from exc

    def query(
        self,
        sparql: str,
        *,
        fmt: str | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        bindings: dict[str, object] | None = None,
        max_rows: int | None = None,
        dataset_in_query: bool = False,
    ) -> Result:
        answer = self._run(sparql, default_graphs, named_graphs, bindings)
        if answer.type in ("SELECT", "ASK"):
            fmt = fmt or "json"
            if fmt not in _RESULT_SERIALIZERS:
                raise UsageError(f"format {fmt!r} is not available for {answer.type} results")
            kind = answer.type.lower()
            return Result(kind, answer.serialize(format=_RESULT_SERIALIZERS[fmt]), SELECT_FORMATS[fmt])
        fmt = fmt or "turtle"
        if fmt not in _RDF_SERIALIZERS:
            raise UsageError(f"format {fmt!r} is not available for graph results")
        graph = Graph()
        for triple in answer.graph:
            graph.add(triple)
        return Result("graph", graph.serialize(format=_RDF_SERIALIZERS[fmt], encoding="utf-8"), GRAPH_FORMATS[fmt], len(graph))

    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> list[dict[str, object]]:
        answer = self._run(sparql, bindings=bindings)
        if answer.type != "SELECT":
            raise QueryError("select() needs a SELECT query")
        names = [str(v) for v in answer.vars]
        return [{n: row[n] for n in names} for row in answer]

    def graph_names(self) -> list[str]:
        return sorted(str(g.identifier) for g in self.dataset.graphs() if isinstance(g.identifier, URIRef) and str(g.identifier) != "urn:x-rdflib:default")

    def triple_count(self) -> int:
        return len(self.dataset)

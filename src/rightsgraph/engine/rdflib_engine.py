"""The reference engine: rdflib's own SPARQL evaluator over an rdflib Dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pyoxigraph as ox
import rdflib.plugins.sparql as rdflib_sparql
from rdflib import Dataset, Graph, URIRef
from rdflib.query import Result as RdflibResult

from .. import formats
from ..errors import QueryError, UsageError
from . import Engine, QueryOptions, Result

# Never let a query's FROM / FROM NAMED make rdflib fetch or read a graph.
rdflib_sparql.SPARQL_LOAD_GRAPHS = False

class RdflibEngine(Engine):
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

    def _run(self, sparql, default_graphs=(), named_graphs=(), bindings=None, base_iri=None) -> RdflibResult:
        try:
            return self._view(default_graphs, named_graphs).query(sparql, initBindings=bindings or {}, base=base_iri)
        except Exception as exc:  # rdflib raises many types (ParseException, ValueError, ...)
            raise QueryError(f"query failed: {exc}") from exc

    def _query(self, sparql: str, o: QueryOptions) -> Result:
        fmt, max_rows = o.fmt, o.max_rows
        answer = self._run(sparql, o.default_graphs, o.named_graphs, o.bindings, o.base_iri)
        truncated = False
        if answer.type in ("SELECT", "ASK"):
            fmt = fmt or "json"
            if not formats.is_results(fmt):
                raise UsageError(f"format {fmt!r} is not available for {answer.type} results")
            out = formats.results(fmt)
            kind = answer.type.lower()
            rows = None
            if kind == "select":
                rows = len(answer.bindings)
                if max_rows is not None and rows > max_rows:
                    answer.bindings, rows, truncated = answer.bindings[:max_rows], max_rows, True
            body = answer.serialize(format=out.rdflib or "json")
            if out.rdflib is None:  # no rdflib writer (TSV): converted from the JSON by pyoxigraph
                body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=out.ox)
            return Result(kind, body, out.media_type, rows, truncated)
        fmt = fmt or "turtle"
        if not formats.is_rdf(fmt):
            raise UsageError(f"format {fmt!r} is not available for graph results")
        out = formats.rdf(fmt)
        graph = Dataset() if out.key in ("nquads", "trig") else Graph()  # N-Quads and TriG need a context-aware store
        for triple in answer.graph:
            if max_rows is not None and len(graph) >= max_rows:
                truncated = True
                break
            graph.add(triple)
        body = graph.serialize(format=out.rdflib, encoding="utf-8")
        return Result("graph", body, out.media_type, len(graph), truncated)

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

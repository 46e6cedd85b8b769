"""The default engine: pyoxigraph, in memory, loaded from a build's N-Quads."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

from ..errors import QueryError, UsageError
from . import GRAPH_FORMATS, SELECT_FORMATS, Result
from .terms import from_ox, to_ox

_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, dataset_nq: Path, extra_graphs: dict[str, Path] | None = None):
        self.store = ox.Store()
        self.store.bulk_load(path=str(dataset_nq), format=ox.RdfFormat.N_QUADS)
        for name, path in (extra_graphs or {}).items():
            self.store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))

    def _run(self, sparql, default_graphs=(), named_graphs=(), bindings=None, dataset_in_query=False):
        kwargs = {}
        if default_graphs or named_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs] or ox.DefaultGraph()
            if named_graphs:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
            else:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in self.graph_names()]
        elif not dataset_in_query:
            kwargs["use_default_graph_as_union"] = True
        if bindings:
            kwargs["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
        try:
            return self.store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (ValueError, OSError, RuntimeError) as exc:
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
        answer = self._run(sparql, default_graphs, named_graphs, bindings, dataset_in_query)
        try:
            if isinstance(answer, ox.QueryBoolean):
                fmt = fmt or "json"
                if fmt not in _RESULT_FORMATS:
                    raise UsageError(f"format {fmt!r} is not available for ASK results")
                return Result("ask", answer.serialize(format=_RESULT_FORMATS[fmt]), SELECT_FORMATS[fmt], 1)
            if isinstance(answer, ox.QuerySolutions):
                fmt = fmt or "json"
                if fmt not in _RESULT_FORMATS:
                    raise UsageError(f"format {fmt!r} is not available for SELECT results")
                return Result("select", answer.serialize(format=_RESULT_FORMATS[fmt]), SELECT_FORMATS[fmt])
            fmt = fmt or "turtle"
            if fmt not in _RDF_FORMATS:
                raise UsageError(f"format {fmt!r} is not available for graph results")
            return Result("graph", answer.serialize(format=_RDF_FORMATS[fmt]), GRAPH_FORMATS[fmt])
        except (ValueError, OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> list[dict[str, object]]:
        answer = self._run(sparql, bindings=bindings)
        if not isinstance(answer, ox.QuerySolutions):
            raise QueryError("select() needs a SELECT query")
        names = [v.value for v in answer.variables]
        return [{n: from_ox(row[n]) for n in names} for row in answer]

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self) -> int:
        return len(self.store)

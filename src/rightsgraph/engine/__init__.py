"""Query engines behind one interface.

An engine holds a compiled build (the quads of its named graphs) and answers SPARQL queries
over it. The default graph of a query is the union of all named graphs unless the request
names graphs (``default_graphs`` / ``named_graphs``), which only ever *select* graphs of the
store: nothing is fetched. ``oxigraph`` (pyoxigraph) is the fast default; ``rdflib`` is the
reference evaluator used by the differential tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .. import formats
from ..errors import UsageError

# Result-format keys and their media types, from the one registry (rightsgraph.formats).
SELECT_FORMATS = {f.key: f.media_type for f in formats.RESULT_FORMATS}
GRAPH_FORMATS = {f.key: f.media_type for f in formats.RDF_FORMATS}


@dataclass
class Result:
    """A query answer, already serialised by the engine."""

    kind: str  # "select", "ask" or "graph"
    body: bytes
    media_type: str
    rows: int | None = None  # solutions or triples, where known
    truncated: bool = False


@dataclass(frozen=True)
class QueryOptions:
    """What ``Engine.query`` was asked for besides the query text, as engines receive it."""

    fmt: str | None
    default_graphs: Sequence[str]
    named_graphs: Sequence[str]
    bindings: dict[str, object] | None
    max_rows: int | None
    dataset_in_query: bool
    base_iri: str | None

    def kwargs(self) -> dict[str, object]:
        """The options as keyword arguments of ``Engine.query``."""
        return dict(vars(self))


class Engine:
    """The interface of every engine. ``query`` is the one signature of a query call: it hands the
    options to the engine's ``_query(sparql, options, **extra)``; ``extra`` is what an engine takes
    besides (the remote engine and the worker pool take ``timeout``, in seconds)."""

    name: str

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
        base_iri: str | None = None,
        **extra,
    ) -> Result:
        """Run and serialise a query. At most ``max_rows`` solutions or triples are kept (then
        ``Result.truncated``); ``dataset_in_query`` honours the query's FROM / FROM NAMED;
        ``base_iri`` resolves relative IRIs."""
        options = QueryOptions(fmt, default_graphs, named_graphs, bindings, max_rows, dataset_in_query, base_iri)
        return self._query(sparql, options, **extra)

    def _query(self, sparql: str, options: QueryOptions) -> Result:
        raise NotImplementedError

    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> list[dict[str, object]]:
        """Run a SELECT and return rows of rdflib terms (None where unbound)."""
        raise NotImplementedError

    def graph_names(self) -> list[str]:
        raise NotImplementedError

    def triple_count(self) -> int:
        raise NotImplementedError


def open_engine(name: str, dataset_nq: Path, extra_graphs: dict[str, Path] | None = None) -> Engine:
    """Open the compiled N-Quads of a build with the named engine."""
    if name == "oxigraph":
        from .oxigraph import OxigraphEngine

        return OxigraphEngine(dataset_nq, extra_graphs)
    if name == "rdflib":
        from .rdflib_engine import RdflibEngine

        return RdflibEngine(dataset_nq, extra_graphs)
    if name == "pool":
        # Killable execution: worker processes over the build's on-disk store (build/<x>/store).
        from ..procs.pool import WorkerPool

        if extra_graphs:
            raise UsageError("the pool engine serves a build's store as it is; it takes no extra graphs")
        return WorkerPool(Path(dataset_nq).resolve().parent.parent)
    if name.startswith(("http://", "https://")):
        # A SPARQL 1.1 Protocol endpoint (e.g. `oxigraph serve --union-default-graph`).
        from .remote import RemoteEngine

        return RemoteEngine(name)
    raise UsageError(f"unknown engine {name!r}: choose 'oxigraph', 'rdflib', 'pool' or a SPARQL endpoint URL")

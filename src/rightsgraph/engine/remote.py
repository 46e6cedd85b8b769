"""A remote engine: the same interface over any SPARQL 1.1 Protocol server, and ``publish``.

``RemoteEngine(endpoint_url)`` sends each query as ``POST application/sparql-query`` with an
``Accept`` header for the requested format and passes the server's serialised answer through.
What the default graph of a query is, is the server's concern: rightsgraph expects the union of
the named graphs, which for ``oxigraph serve`` is its ``--union-default-graph`` option.

``publish(build_path, store_url)`` loads a build into a store through the SPARQL 1.1 Graph Store
HTTP Protocol: one ``PUT <store>?graph=<iri>`` of N-Triples per named graph of ``dataset.nq``
(each PUT replaces that graph), or, with ``quads=True``, one ``POST`` of the whole N-Quads file to
the store URL where the server accepts quads there (Oxigraph does).

Bindings cannot travel in the protocol, so they are sent as a ``VALUES`` block placed first in the
query's outermost group (``WHERE { VALUES (?state) { (<…>) } …``): the group's patterns, BINDs,
OPTIONALs and FILTERs then see the variable bound, which gives the answers of substitution
(SEP-0007) also for parameters used only in a BIND or FILTER (``legal-acts-in-force``'s ``?date``).
Values only ever enter the text as correctly escaped RDF terms. Where no outermost group can be
found (a DESCRIBE without WHERE), a trailing ``VALUES`` clause is used instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from rdflib import BNode, Literal, URIRef

from ..errors import EngineUnavailable, QueryError, UsageError
from ..query import lexer
from . import GRAPH_FORMATS, SELECT_FORMATS, Engine, QueryOptions, Result

_IRI_SAFE = re.compile(r'^[^\s<>"{}|\\^`]+$')
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def query_form(sparql: str) -> str:
    """'select', 'ask' or 'graph' (CONSTRUCT/DESCRIBE), from the first query keyword."""
    form = lexer.query_form(sparql)
    if form is None:
        raise QueryError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return form if form in ("select", "ask") else "graph"


def _term_n3(term) -> str:
    if isinstance(term, URIRef):
        if not _IRI_SAFE.match(str(term)):
            raise UsageError(f"not a valid IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise UsageError(f"cannot bind {term!r}: only IRIs and literals can be sent to a remote endpoint")


def bind_values(sparql: str, bindings: dict[str, object]) -> str:
    """The query with bindings as a VALUES block first in its outermost group (or trailing)."""
    for n in bindings:
        if not _VAR.match(n):
            raise UsageError(f"not a SPARQL variable name: {n!r}")
    return lexer.splice_values(sparql, lexer.values_block({n: _term_n3(term) for n, term in bindings.items()}))


def _json_term(cell: dict):
    kind = cell.get("type")
    if kind == "uri":
        return URIRef(cell["value"])
    if kind == "bnode":
        return BNode(cell["value"])
    if kind in ("literal", "typed-literal"):
        if cell.get("xml:lang"):
            return Literal(cell["value"], lang=cell["xml:lang"])
        datatype = cell.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(cell["value"], datatype=URIRef(datatype))
        return Literal(cell["value"])
    raise QueryError(f"unsupported term in the endpoint's answer: {cell!r}")


class RemoteEngine(Engine):
    """An engine that forwards queries to a SPARQL 1.1 Protocol endpoint over HTTP."""

    name = "remote"

    def __init__(
        self,
        endpoint_url: str,
        *,
        timeout: float = 10.0,
        connect_timeout: float = 2.0,
        max_connections: int = 32,
        max_nesting: int = 64,
        client: httpx.Client | None = None,
    ):
        if not endpoint_url.startswith(("http://", "https://")):
            raise UsageError(f"a SPARQL endpoint URL must be http(s): {endpoint_url!r}")
        self.endpoint = endpoint_url
        self.timeout = timeout
        self.max_nesting = max_nesting
        self._client = client or httpx.Client(
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            follow_redirects=False,
            trust_env=False,  # never route loopback traffic through a proxy from the environment
        )

    # ------------------------------------------------------------------ protocol

    def _post(self, sparql: str, accept: str, default_graphs=(), named_graphs=(), timeout: float | None = None) -> httpx.Response:
        params = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
        extra = {} if timeout is None else {"timeout": httpx.Timeout(timeout, connect=min(timeout, 2.0))}
        try:  # (passing timeout=None to httpx would switch the client's timeout off)
            response = self._client.post(
                self.endpoint,
                params=params,
                content=sparql.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
                **extra,
            )
        except httpx.TimeoutException as exc:
            raise EngineUnavailable(f"the SPARQL endpoint did not answer in time ({exc.__class__.__name__})", retry_after=1) from None
        except httpx.HTTPError as exc:
            raise EngineUnavailable(f"the SPARQL endpoint cannot be reached: {exc.__class__.__name__}", retry_after=5) from None
        if response.status_code >= 500 or response.status_code == 429:
            retry = response.headers.get("retry-after", "")
            raise EngineUnavailable(
                f"the SPARQL endpoint answered {response.status_code}", retry_after=float(retry) if retry.isdigit() else 1
            )
        if response.status_code >= 400:
            detail = response.text.strip().splitlines()[0][:300] if response.text.strip() else ""
            raise QueryError(f"the SPARQL endpoint refused the query ({response.status_code}): {detail}")
        return response

    def _prepare(self, sparql: str, bindings) -> str:
        # `oxigraph serve` 0.5.13 aborts (stack overflow: the whole server) on ~10 KB of nested braces
        if self.max_nesting and lexer.nesting_depth(sparql) > self.max_nesting:
            raise QueryError(f"the query nests brackets deeper than {self.max_nesting} levels")
        return bind_values(sparql, bindings) if bindings else sparql

    def _query(self, sparql: str, o: QueryOptions, timeout: float | None = None) -> Result:
        fmt, max_rows, base_iri = o.fmt, o.max_rows, o.base_iri
        kind = query_form(sparql)
        if base_iri:
            if not _IRI_SAFE.match(base_iri):
                raise UsageError(f"not a valid base IRI: {base_iri!r}")
            sparql = f"BASE <{base_iri}>\n{sparql}"
        if kind in ("select", "ask"):
            fmt = fmt or "json"
            if fmt not in SELECT_FORMATS:
                raise UsageError(f"format {fmt!r} is not available for {kind.upper()} results")
            media = SELECT_FORMATS[fmt]
        else:
            fmt = fmt or "turtle"
            if fmt not in GRAPH_FORMATS:
                raise UsageError(f"format {fmt!r} is not available for graph results")
            media = GRAPH_FORMATS[fmt]
        response = self._post(self._prepare(sparql, o.bindings), media, o.default_graphs, o.named_graphs, timeout)
        body = response.content
        media_type = response.headers.get("content-type", media).split(";")[0].strip() or media
        if fmt == "json" and kind in ("select", "ask"):
            # `oxigraph serve --timeout-s` stops a query mid-stream: HTTP 200 with a cut body.
            try:
                doc = json.loads(body)
            except ValueError:
                raise EngineUnavailable("the SPARQL endpoint sent an incomplete answer (stopped at its deadline?)", retry_after=1) from None
            if kind == "select" and max_rows is not None:
                rows = doc.get("results", {}).get("bindings", [])
                if len(rows) > max_rows:
                    doc["results"]["bindings"] = rows[:max_rows]
                    cut = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                    return Result(kind, cut, media_type, max_rows, True)
                return Result(kind, body, media_type, len(rows))
        return Result(kind, body, media_type)

    def select(self, sparql: str, bindings: dict[str, object] | None = None, *, timeout: float | None = None) -> list[dict[str, object]]:
        if query_form(sparql) != "select":
            raise QueryError("select() needs a SELECT query")
        response = self._post(self._prepare(sparql, bindings), SELECT_FORMATS["json"], timeout=timeout)
        try:
            doc = json.loads(response.content)
            names = doc["head"]["vars"]
            rows = doc["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise EngineUnavailable("the SPARQL endpoint sent an incomplete or malformed answer", retry_after=1) from None
        return [{n: (_json_term(r[n]) if n in r else None) for n in names} for r in rows]

    def graph_names(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(str(r["g"]) for r in rows if isinstance(r["g"], URIRef))

    def triple_count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "RemoteEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def publish(build_path: Path | str, store_url: str, *, quads: bool = False, timeout: float = 120.0) -> dict[str, int]:
    """Load a build's dataset into a Graph Store Protocol endpoint; returns triples per graph.

    With ``quads=False`` (the default) each named graph is PUT as N-Triples to
    ``<store_url>?graph=<iri>``, replacing what the store held in that graph. With ``quads=True``
    the whole ``dumps/dataset.nq`` is POSTed to ``store_url`` as ``application/n-quads`` (added to
    what is there; Oxigraph's ``/store`` accepts this).
    """
    import pyoxigraph as ox

    nq = Path(build_path) / "dumps" / "dataset.nq"
    if not nq.is_file():
        raise UsageError(f"{build_path} has no dumps/dataset.nq")
    counts: dict[str, int] = {}
    graphs: dict[str, list] = {}
    for quad in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        graphs.setdefault(name, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    for name, triples in graphs.items():
        counts[name] = len(triples)
    with httpx.Client(timeout=httpx.Timeout(timeout, connect=5.0), trust_env=False) as client:
        if quads:
            _check(client.post(store_url, content=nq.read_bytes(), headers={"Content-Type": "application/n-quads"}), store_url)
            return counts
        for name, triples in sorted(graphs.items()):
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            params = {"graph": name} if name else {"default": ""}
            _check(client.put(store_url, params=params, content=body, headers={"Content-Type": "application/n-triples"}), store_url)
    return counts


def _check(response: httpx.Response, url: str) -> None:
    if response.status_code >= 300:
        raise EngineUnavailable(f"the graph store at {url} answered {response.status_code}: {response.text[:200]}", retry_after=5)

"""Which data nodes cite which paragraph of a source: the measure of "every paragraph in the graph".

`coverage()` maps each numbered paragraph of a source document to the sorted IRIs of the nodes
that are `prov:wasDerivedFrom` it (paragraph and source nodes themselves excluded); `uncovered()`
lists the paragraphs no node cites. Both are pure functions over an rdflib Graph or Dataset (the
union of all data) or a query engine with a ``select`` method.
"""

from __future__ import annotations

from rdflib import URIRef

from .errors import UsageError

_CITATIONS = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rg: <https://w3id.org/rightsgraph/def#>
SELECT DISTINCT ?source ?number ?node WHERE {
  ?paragraph rg:paragraphOf ?source ; rg:paragraphNumber ?number .
  OPTIONAL {
    ?node prov:wasDerivedFrom ?paragraph .
    FILTER (isIRI(?node))
    MINUS { ?node a rg:Paragraph }
    MINUS { ?node a rg:SourceDocument }
  }
}
"""


def _select(graph_or_engine, query: str) -> list[dict]:
    if hasattr(graph_or_engine, "select"):
        return graph_or_engine.select(query)
    result = graph_or_engine.query(query)
    names = [str(v) for v in result.vars]
    return [{n: row[n] for n in names} for row in result]


def coverage(graph_or_engine, source: str | URIRef | None = None) -> dict[int, list[str]]:
    """Paragraph number → sorted IRIs of the nodes derived from it, for every numbered paragraph.

    ``source`` is the source document's IRI; it may be left out when the graph holds one source.
    """
    rows = _select(graph_or_engine, _CITATIONS)
    sources = sorted({str(r["source"]) for r in rows})
    if source is None:
        if len(sources) > 1:
            raise UsageError(f"the graph holds {len(sources)} source documents; name one of: {', '.join(sources)}")
        source = sources[0] if sources else None
    table: dict[int, set[str]] = {}
    for r in rows:
        if str(r["source"]) != str(source):
            continue
        cited = table.setdefault(int(r["number"]), set())
        if r.get("node") is not None:
            cited.add(str(r["node"]))
    return {number: sorted(table[number]) for number in sorted(table)}


def uncovered(graph_or_engine, source: str | URIRef | None = None) -> list[int]:
    """The numbers of the paragraphs that no data node cites."""
    return [number for number, nodes in coverage(graph_or_engine, source).items() if not nodes]

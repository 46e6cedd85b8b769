"""Which data nodes cite which paragraph of a source: the measure of "every paragraph in the graph".

`coverage()` maps each numbered paragraph of a source document to the sorted IRIs of the nodes
that are `prov:wasDerivedFrom` it (paragraph and source nodes themselves excluded); `uncovered()`
lists the paragraphs no node cites. `unit_coverage()` does the same for every unit of every source
(paragraphs, recommendations "97.1", footnotes, annex, cover page), grouped by source. All are pure
functions over an rdflib Graph or Dataset (the union of all data) or a query engine with a
``select`` method.
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


# ---------------------------------------------------------------- every unit of every source

_UNITS = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rg: <https://w3id.org/rightsgraph/def#>
SELECT DISTINCT ?source ?unit ?node WHERE {
  ?unit rg:paragraphOf ?source .
  OPTIONAL {
    ?node prov:wasDerivedFrom ?unit .
    FILTER (isIRI(?node))
    MINUS { ?node a rg:Paragraph }
    MINUS { ?node a rg:SourceDocument }
  }
}
"""

# What a unit's name (its IRI after the source's) says it is, for grouping and ordering.
KINDS = ("cover", "paragraph", "recommendation", "footnote", "annex", "other")


def unit_name(source: str, unit: str) -> str:
    """The unit's key as coverage reports it: "21" for a paragraph, "97.1" for a sub-unit, "footnote/1", "annex"."""
    name = unit[len(source) + 1:] if unit.startswith(source + "/") else unit
    return name[len("para/"):] if name.startswith("para/") else name


def unit_kind(name: str) -> str:
    if name.isdigit():
        return "paragraph"
    if all(part.isdigit() for part in name.split(".")):
        return "recommendation"
    head = name.split("/")[0]
    return head if head in KINDS else "other"


def _order(name: str) -> tuple:
    kind = unit_kind(name)
    if kind in ("paragraph", "recommendation"):
        return (1, tuple(int(p) for p in name.split(".")))
    if kind == "footnote" and name.split("/")[-1].isdigit():
        return (2, (int(name.split("/")[-1]),))
    return ({"cover": 0, "footnote": 2, "annex": 3}.get(kind, 4), (name,))


def unit_coverage(graph_or_engine, source: str | URIRef | None = None) -> dict[str, dict[str, list[str]]]:
    """Source IRI → {unit key → sorted IRIs of the nodes derived from it}, for every unit of every source.

    Units are paragraphs, numbered sub-units (recommendations "97.1"), footnotes ("footnote/1"), the
    annex and the cover page, in document order; ``source`` (an IRI) keeps one source only.
    """
    table: dict[str, dict[str, set[str]]] = {}
    for r in _select(graph_or_engine, _UNITS):
        s = str(r["source"])
        if source is not None and s != str(source):
            continue
        cited = table.setdefault(s, {}).setdefault(unit_name(s, str(r["unit"])), set())
        if r.get("node") is not None:
            cited.add(str(r["node"]))
    return {
        s: {name: sorted(units[name]) for name in sorted(units, key=_order)}
        for s, units in sorted(table.items())
    }


def summary(units: dict[str, list[str]]) -> dict[str, tuple[int, int]]:
    """Kind → (cited, total) for one source's units."""
    out: dict[str, tuple[int, int]] = {}
    for name, nodes in units.items():
        kind = unit_kind(name)
        cited, total = out.get(kind, (0, 0))
        out[kind] = (cited + bool(nodes), total + 1)
    return {k: out[k] for k in KINDS if k in out}


def format_summary(units: dict[str, list[str]]) -> str:
    parts = summary(units)
    cited = sum(c for c, _ in parts.values())
    total = sum(t for _, t in parts.values())
    detail = ", ".join(f"{k}s {c}/{t}" if k not in ("cover", "annex") else f"{k} {c}/{t}" for k, (c, t) in parts.items())
    return f"{cited} of {total} units cited ({detail})"

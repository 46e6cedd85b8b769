"""Quality checks run on the compiled graph: `queries/checks/*.rq` must return no rows; every quote
occurs in a paragraph it cites; every rg: term used is defined. `queries/findings/*.rq` report
what the source itself gets wrong (findings of the data, not failures of the build).

The checks run on the build's pyoxigraph Store; ``rightsgraph.reference.checks`` holds the same
checks on rdflib graphs, the reference the tests compare them with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib.namespace import PROV

from ..namespaces import RG
from ..sources import normalise


@dataclass(frozen=True)
class CheckResult:
    check: str
    rows: tuple[dict, ...]

    def format(self, limit: int = 50) -> str:
        lines = [f"check {self.check}: {len(self.rows)} row(s)"]
        lines += ["  " + ", ".join(f"{k}={v}" for k, v in row.items()) for row in self.rows[:limit]]
        if len(self.rows) > limit:
            lines.append(f"  ... {len(self.rows) - limit} more (all are in the build's manifest.json)")
        return "\n".join(lines)


def _text(term) -> str:
    return term.value  # str() of the rdflib term: the IRI, the blank node label, the lexical form


def _rows_store(store, query: str) -> tuple[dict, ...]:
    result = store.query(query)
    names = [v.value for v in result.variables]
    return tuple({n: _text(row[n]) for n in names if row[n] is not None} for row in result)


def run_query_checks_store(store, directory: Path) -> list[CheckResult]:
    """``run_query_checks`` on a pyoxigraph Store (its default graph is the compiled graph)."""
    return [CheckResult(p.stem, _rows_store(store, p.read_text(encoding="utf-8"))) for p in sorted(directory.glob("*.rq"))]


def quote_check_store(store) -> CheckResult:
    """``quote_check`` on a pyoxigraph Store."""
    import pyoxigraph as ox

    dg = ox.DefaultGraph()
    derived = ox.NamedNode(str(PROV.wasDerivedFrom))
    text = ox.NamedNode(str(RG.text))
    bad = []
    for q in store.quads_for_pattern(None, ox.NamedNode(str(RG.quote)), None, dg):
        node, quote = q.subject, q.object
        texts = [t.object.value for para in store.quads_for_pattern(node, derived, None, dg)
                 for t in store.quads_for_pattern(para.object, text, None, dg)]
        wanted = normalise(quote.value)
        if not texts:
            bad.append({"node": _text(node), "quote": wanted, "problem": "cites no paragraph with text"})
        elif not any(wanted in t for t in texts):
            bad.append({"node": _text(node), "quote": wanted, "problem": "not found in the cited paragraph(s)"})
    return CheckResult("quotes-occur-in-paragraphs", tuple(sorted(bad, key=lambda r: (r["node"], r["quote"]))))


def defined_terms_check_triples(data, ontology) -> CheckResult:
    """``defined_terms_check`` on pyoxigraph (s, p, o) triples."""
    import pyoxigraph as ox

    defined = {s.value for s, _, _ in ontology if isinstance(s, ox.NamedNode)}
    rg = str(RG)
    used = set()
    for triple in data:
        for term in triple:
            if isinstance(term, ox.NamedNode) and term.value.startswith(rg):
                used.add(term.value)
    return CheckResult("rg-terms-defined", tuple({"term": t} for t in sorted(used - defined)))


def literal_types_check_triples(data) -> CheckResult:
    """``literal_types_check`` on pyoxigraph triples: a literal is ill-typed as rdflib judges it."""
    import pyoxigraph as ox

    from ..engine.terms import from_ox as to_rdflib

    plain = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
    judged: dict = {}
    bad = []
    for s, p, o in data:
        if isinstance(o, ox.Literal) and o.datatype.value not in plain:
            ill = judged.get(o)
            if ill is None:
                ill = judged[o] = bool(getattr(to_rdflib(o), "ill_typed", False))
            if ill:
                bad.append({"node": _text(s), "property": p.value, "value": o.value, "datatype": o.datatype.value})
    return CheckResult("literals-well-typed", tuple(sorted(bad, key=lambda r: (r["node"], r["property"]))))


def run_all_store(store, data, ontology, root: Path) -> tuple[list[CheckResult], list[CheckResult]]:
    """(checks, findings) with the compiled graph in a Store's default graph and the layers as pyoxigraph triples;
    a check with rows fails the build, a finding is only reported."""
    checks = run_query_checks_store(store, root / "queries" / "checks")
    checks += [quote_check_store(store), defined_terms_check_triples(data, ontology), literal_types_check_triples(data)]
    findings_dir = root / "queries" / "findings"
    findings = run_query_checks_store(store, findings_dir) if findings_dir.is_dir() else []
    return checks, findings

"""Reference: the build's quality checks on rdflib graphs (``rightsgraph.build.checks`` runs them on the
build's pyoxigraph Store; tests/build/test_compile.py proves both give the same rows)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV

from ..build.checks import CheckResult
from ..namespaces import RG
from ..sources import normalise


def _rows(graph: Graph, query: str) -> tuple[dict, ...]:
    result = graph.query(query)
    names = [str(v) for v in result.vars]
    return tuple({n: str(row[n]) for n in names if row[n] is not None} for row in result)


def run_query_checks(graph: Graph, directory: Path) -> list[CheckResult]:
    """One result per .rq file in directory (empty rows = pass)."""
    return [CheckResult(p.stem, _rows(graph, p.read_text(encoding="utf-8"))) for p in sorted(directory.glob("*.rq"))]


def quote_check(graph: Graph) -> CheckResult:
    """Every rg:quote must occur in the text of one of the paragraphs its node cites."""
    bad = []
    for node, quote in graph.subject_objects(RG.quote):
        texts = [str(t) for para in graph.objects(node, PROV.wasDerivedFrom) for t in graph.objects(para, RG.text)]
        wanted = normalise(str(quote))
        if not texts:
            bad.append({"node": str(node), "quote": wanted, "problem": "cites no paragraph with text"})
        elif not any(wanted in t for t in texts):
            bad.append({"node": str(node), "quote": wanted, "problem": "not found in the cited paragraph(s)"})
    return CheckResult("quotes-occur-in-paragraphs", tuple(sorted(bad, key=lambda r: (r["node"], r["quote"]))))


def defined_terms_check(data: Graph, ontology: Graph) -> CheckResult:
    """Every rg: IRI used as a predicate, class or value must be defined in the ontology."""
    defined = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    used = set()
    for s, p, o in data:
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(str(RG)):
                used.add(term)
    missing = sorted(used - defined)
    return CheckResult("rg-terms-defined", tuple({"term": str(t)} for t in missing))


def literal_types_check(data: Graph) -> CheckResult:
    """Typed literals must be valid for their datatype (rdflib marks ill-typed ones)."""
    bad = []
    for s, p, o in data:
        if isinstance(o, Literal) and o.datatype is not None and getattr(o, "ill_typed", False):
            bad.append({"node": str(s), "property": str(p), "value": str(o), "datatype": str(o.datatype)})
    return CheckResult("literals-well-typed", tuple(sorted(bad, key=lambda r: (r["node"], r["property"]))))


def run_all(compiled: Graph, data: Graph, ontology: Graph, root: Path) -> tuple[list[CheckResult], list[CheckResult]]:
    """(checks, findings); a check with rows fails the build, a finding is only reported."""
    checks = run_query_checks(compiled, root / "queries" / "checks")
    checks += [quote_check(compiled), defined_terms_check(data, ontology), literal_types_check(data)]
    findings_dir = root / "queries" / "findings"
    findings = run_query_checks(compiled, findings_dir) if findings_dir.is_dir() else []
    return checks, findings

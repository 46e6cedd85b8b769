"""SHACL validation with pyshacl: server-owned shapes only, results as plain records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from ..query import sparqlcache


@dataclass(frozen=True)
class Violation:
    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str | None
    message: str
    shape: str | None
    value: str | None
    file: str | None

    def format(self) -> str:
        where = f" [{self.file}]" if self.file else ""
        path = f" path {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{path}: {self.message}{where}"


def sort_key(v: Violation):
    """The order in which violations are reported: violations first, then by file, focus, path and the rest (a total order)."""
    return (v.severity != "Violation", v.file or "", v.focus, v.path or "", v.message, v.shape or "", v.value or "")


def _relative(path) -> str:
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def validate(data: Graph, shapes: Graph, ontology: Graph, subject_files: dict | None = None) -> list[Violation]:
    """Every SHACL result (violations and warnings), sorted for stable output."""
    sparqlcache.install()  # pyshacl re-parses each SPARQL constraint per focus node; reuse the translations
    _, report, _ = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
        js=False,
        iterate_rules=False,
    )
    files = subject_files or {}
    results = []
    nested = set(report.objects(None, SH.detail))
    for r in report.subjects(RDF.type, SH.ValidationResult):
        if r in nested:  # the detail of an sh:node failure, already reported by its parent result
            continue
        focus = report.value(r, SH.focusNode)
        path = report.value(r, SH.resultPath)
        severity = report.value(r, SH.resultSeverity)
        message = report.value(r, SH.resultMessage)
        shape = report.value(r, SH.sourceShape)
        owner = shapes.value(None, SH.property, shape) if not isinstance(shape, URIRef) else None
        shape = owner if isinstance(owner, URIRef) else shape
        value = report.value(r, SH.value)
        file = files.get(focus)
        results.append(
            Violation(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=str(focus),
                path=str(path) if isinstance(path, URIRef) else (None if path is None else "(complex path)"),
                message=str(message) if message else "constraint not met",
                shape=str(shape) if isinstance(shape, URIRef) else None,
                value=None if value is None else str(value),
                file=_relative(file) if file else None,
            )
        )
    return sorted(results, key=lambda v: (v.severity != "Violation", v.file or "", v.focus, v.path or "", v.message))

"""Load the project's Turtle files into layered graphs, remembering which file said what."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .errors import SourceError
from .namespaces import bind_prefixes


@dataclass
class Layers:
    """The asserted layers of a build, each an rdflib Graph, plus the file of every subject."""

    ontology: Graph
    shapes: Graph
    data: Graph
    sources: Graph
    subject_files: dict = field(default_factory=dict)

    def all_data(self) -> Graph:
        """Data and sources together."""
        g = bind_prefixes(Graph())
        for layer in (self.data, self.sources):
            for triple in layer:
                g.add(triple)
        return g

    def validation_graph(self) -> Graph:
        """What the shapes validate: data and sources, with the ontology's terms and concepts in view."""
        g = self.all_data()
        for triple in self.ontology:
            g.add(triple)
        return g


def turtle_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.ttl") if p.is_file())


def parse_file(path: Path, into: Graph | None = None, subject_files: dict | None = None) -> Graph:
    """Parse one Turtle file (bytes from disk, format fixed) into a graph."""
    target = into if into is not None else bind_prefixes(Graph())
    part = Graph()
    try:
        part.parse(data=path.read_bytes(), format="turtle", publicID=path.resolve().as_uri())
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror}") from exc
    except Exception as exc:  # rdflib's parsers raise many exception types
        raise SourceError(f"{path}: not valid Turtle: {exc}") from exc
    for triple in part:
        target.add(triple)
        if subject_files is not None:
            subject_files.setdefault(triple[0], path)
    return target


def load_layers(root: Path, extra_data: list[Path] | None = None) -> Layers:
    """Read ontology/, shapes/, data/ (data/sources/ separately) under root."""
    files = {}
    ontology = bind_prefixes(Graph())
    for p in turtle_files(root / "ontology"):
        parse_file(p, ontology, files)
    shapes = bind_prefixes(Graph())
    for p in turtle_files(root / "shapes"):
        parse_file(p, shapes)
    data = bind_prefixes(Graph())
    sources = bind_prefixes(Graph())
    sources_dir = (root / "data" / "sources").resolve()
    for p in turtle_files(root / "data") + list(extra_data or []):
        layer = sources if sources_dir in p.resolve().parents else data
        parse_file(p, layer, files)
    if len(ontology) == 0:
        raise SourceError(f"no ontology found under {root / 'ontology'}")
    return Layers(ontology, shapes, data, sources, files)

"""Load the project's Turtle files into layered graphs, remembering which file said what."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ..errors import SourceError
from ..namespaces import bind_prefixes


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


# ---------------------------------------------------------------- the build's loader (pyoxigraph)


@dataclass
class StoreLayers:
    """The asserted layers as pyoxigraph triples (the build's pipeline), parsed by pyoxigraph.

    ``ontology`` and ``shapes`` are also rdflib graphs (small; pyshacl, owlrl and the dumps of
    ontology.ttl/shapes.ttl use them). ``rdflib_layers()`` converts the rest for the reference
    validator and reasoner. Blank nodes get fresh labels per file, as rdflib gives them.
    """

    ontology: Graph
    shapes: Graph
    ontology_triples: list
    data_triples: list
    sources_triples: list
    subject_files: dict = field(default_factory=dict)  # pyoxigraph subject -> Path

    def rdflib_layers(self) -> Layers:
        from ..engine.terms import from_ox as to_rdflib

        cache: dict = {}

        def conv(t):
            r = cache.get(t)
            if r is None:
                r = cache[t] = to_rdflib(t)
            return r

        def graph(triples) -> Graph:
            g = bind_prefixes(Graph())
            for s, p, o in triples:
                g.add((conv(s), conv(p), conv(o)))
            return g

        files = {conv(k): v for k, v in self.subject_files.items()}
        return Layers(self.ontology, self.shapes, graph(self.data_triples), graph(self.sources_triples), files)


def parse_file_ox(path: Path) -> list:
    """One Turtle file as (s, p, o) tuples of pyoxigraph terms, in file order, without duplicates."""
    import pyoxigraph as ox

    try:
        body = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        quads = ox.parse(body, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
        return list(dict.fromkeys((q.subject, q.predicate, q.object) for q in quads))
    except SyntaxError as exc:
        raise SourceError(f"{path}: not valid Turtle: {exc}") from exc


def _graph_of(triples) -> Graph:
    from ..engine.terms import from_ox as to_rdflib

    g = bind_prefixes(Graph())
    for s, p, o in triples:
        g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return g


def load_store_layers(root: Path, extra_data: list[Path] | None = None) -> StoreLayers:
    """``load_layers`` with pyoxigraph's parser (about ten times faster than rdflib's)."""
    files: dict = {}

    def read(paths, into: dict, remember: bool):
        for p in paths:
            for t in parse_file_ox(p):
                if t not in into:
                    into[t] = None
                if remember:
                    files.setdefault(t[0], p)

    ontology: dict = {}
    read(turtle_files(root / "ontology"), ontology, True)
    shapes = bind_prefixes(Graph())
    for p in turtle_files(root / "shapes"):
        parse_file(p, shapes)  # rdflib, as load_layers: the shapes graph pyshacl and fastshacl read
    data: dict = {}
    sources: dict = {}
    sources_dir = (root / "data" / "sources").resolve()
    for p in turtle_files(root / "data") + list(extra_data or []):
        read([p], sources if sources_dir in p.resolve().parents else data, True)
    if len(ontology) == 0:
        raise SourceError(f"no ontology found under {root / 'ontology'}")
    return StoreLayers(_graph_of(ontology), shapes, list(ontology), list(data), list(sources), files)

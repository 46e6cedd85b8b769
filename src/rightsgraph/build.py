"""`rightsgraph build`: load → validate → reason → check → compile and publish, atomically.

A build is written to a temporary directory under build/, moved to build/releases/<digest>,
and only then does build/current point at it. Any failure leaves build/current untouched.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.compare import to_canonical_graph

from . import __version__
from .checks import run_all
from .config import Settings
from .errors import CheckFailed, SourceError, UsageError, ValidationFailed
from .loading import load_layers
from .namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, SOURCES_GRAPH, bind_prefixes
from .progress import Progress
from .validation import validate

DUMP_FORMATS = {
    # file name: (pyoxigraph format, media type, whether quads are kept)
    "dataset.nq": (ox.RdfFormat.N_QUADS, "application/n-quads", True),
    "dataset.trig": (ox.RdfFormat.TRIG, "application/trig", True),
    "dataset.ttl": (ox.RdfFormat.TURTLE, "text/turtle", False),
    "dataset.nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples", False),
    "dataset.jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json", True),
}


@dataclass
class BuildReport:
    path: Path
    digest: str
    triples: int
    graphs: dict[str, int]
    warnings: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    reused: bool = False


def current_build(settings: Settings) -> Path | None:
    """The directory of the last good build, or None."""
    current = settings.builds / "current"
    return current.resolve() if (current / "manifest.json").is_file() else None


def read_manifest(build_path: Path) -> dict:
    return json.loads((build_path / "manifest.json").read_text(encoding="utf-8"))


def _canonical(graph: Graph) -> Graph:
    return to_canonical_graph(graph) if any(True for _ in graph.subjects(unique=True)) else graph


def compile_dataset(layers: dict) -> Dataset:
    """The four layers as named graphs of one Dataset, blank nodes canonically labelled."""
    ds = Dataset()
    for name, graph in layers.items():
        target = ds.graph(name)
        for triple in _canonical(graph):
            target.add(triple)
    return bind_prefixes(ds)


def _nquads(ds: Dataset) -> bytes:
    lines = ds.serialize(format="nquads", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode("utf-8")


def _write_dumps(nquads: bytes, out: Path) -> dict[str, dict]:
    """Every dump format from the sorted N-Quads; blank-node labels are kept, so dumps are stable."""
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False))
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    dumps = out / "dumps"
    dumps.mkdir()
    info = {}
    for name, (fmt, media_type, keeps_graphs) in DUMP_FORMATS.items():
        path = dumps / name
        if name == "dataset.nq":
            path.write_bytes(nquads)
        else:
            with path.open("wb") as fh:
                ox.serialize(quads if keeps_graphs else triples, fh, format=fmt, prefixes=_prefixes())
        body = path.read_bytes()
        with gzip.GzipFile(filename="", mode="wb", fileobj=(dumps / f"{name}.gz").open("wb"), mtime=0) as gz:
            gz.write(body)
        info[name] = {"media_type": media_type, "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    return info


def _write_store(nquads: Path, directory: Path) -> None:
    """An on-disk pyoxigraph store of the build, which serving workers open read-only."""
    store = ox.Store(str(directory))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    store.flush()
    del store


def _prefixes() -> dict[str, str]:
    from .namespaces import PREFIXES

    return dict(PREFIXES)


def _reasoner(name: str):
    if name == "fast":
        from .fastreason import reason
    elif name == "owlrl":
        from .reasoning import reason
    else:
        raise UsageError(f"unknown reasoner {name!r}: choose 'fast' or 'owlrl'")
    return reason


def build(settings: Settings, *, progress: Progress | None = None, extra_data: list[Path] | None = None) -> BuildReport:
    root = settings.root
    progress = progress or Progress(6)
    started = time.perf_counter()
    with progress.step("load ontology, shapes, data and sources"):
        layers = load_layers(root, extra_data)
        progress.note(f"{len(layers.ontology)} ontology, {len(layers.shapes)} shape, {len(layers.data)} data, {len(layers.sources)} source triples")
    with progress.step("validate with SHACL (pyshacl)"):
        results = validate(layers.validation_graph(), layers.shapes, layers.ontology, layers.subject_files)
        violations = [r for r in results if r.severity == "Violation"]
        warnings = [r for r in results if r.severity != "Violation"]
        progress.note(f"{len(violations)} violation(s), {len(warnings)} warning(s)")
        if violations:
            raise ValidationFailed(violations)
    with progress.step("reason (OWL-RL closure + project rules)"):
        inferred = _reasoner(settings.reasoner)(layers.ontology, layers.all_data(), root)
        progress.note(f"{len(inferred)} inferred triples")
    with progress.step("quality checks"):
        compiled = Graph()
        for layer in (layers.ontology, layers.data, layers.sources, inferred):
            for triple in layer:
                compiled.add(triple)
        checks, findings = run_all(compiled, layers.data, layers.ontology, root)
        failed = [c for c in checks if c.rows]
        progress.note(f"{len(checks)} check(s), {len(failed)} failed; {sum(len(f.rows) for f in findings)} finding(s) of the data")
        if failed:
            raise CheckFailed(failed)
    with progress.step("compile dataset and dumps"):
        ds = compile_dataset(
            {ONTOLOGY_GRAPH: layers.ontology, DATA_GRAPH: layers.data, INFERRED_GRAPH: inferred, SOURCES_GRAPH: layers.sources}
        )
        nquads = _nquads(ds)
        digest = hashlib.sha256(nquads).hexdigest()
        settings.builds.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=settings.builds))
        try:
            dumps = _write_dumps(nquads, tmp)
            _write_store(tmp / "dumps" / "dataset.nq", tmp / "store")
            (tmp / "ontology.ttl").write_bytes(bind_prefixes(layers.ontology).serialize(format="turtle", encoding="utf-8"))
            (tmp / "shapes.ttl").write_bytes(bind_prefixes(layers.shapes).serialize(format="turtle", encoding="utf-8"))
            graphs = {str(name): len(graph) for name, graph in
                      ((ONTOLOGY_GRAPH, layers.ontology), (DATA_GRAPH, layers.data), (INFERRED_GRAPH, inferred), (SOURCES_GRAPH, layers.sources))}
            manifest = {
                "digest": digest,
                "version": __version__,
                "triples": nquads.count(b"\n"),
                "graphs": graphs,
                "dumps": dumps,
                "warnings": [w.format() for w in warnings],
                "findings": {f.check: list(f.rows) for f in findings},
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    with progress.step("publish atomically"):
        releases = settings.builds / "releases"
        releases.mkdir(exist_ok=True)
        final = releases / digest[:16]
        reused = final.exists()
        if reused:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            os.replace(tmp, final)
        link = settings.builds / f".current-{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(Path("releases") / final.name)
        os.replace(link, settings.builds / "current")
        _prune(releases, keep={final.name})
        progress.note(f"build {digest[:16]} at {final} ({'unchanged' if reused else 'new'}); {time.perf_counter() - started:.1f} s in all")
    return BuildReport(final, digest, manifest["triples"], graphs, warnings, findings, progress.timings, reused)


def _prune(releases: Path, keep: set[str], retain: int = 3) -> None:
    """Keep the newest few releases besides the current one."""
    others = sorted((p for p in releases.iterdir() if p.is_dir() and p.name not in keep), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[retain:]:
        shutil.rmtree(old, ignore_errors=True)


def ensure_build(settings: Settings, progress: Progress | None = None) -> Path:
    """The current build, building first if there is none."""
    path = current_build(settings)
    if path is None:
        build(settings, progress=progress)
        path = current_build(settings)
    if path is None:
        raise SourceError("no build available")
    return path

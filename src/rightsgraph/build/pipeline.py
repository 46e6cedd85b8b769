"""`rightsgraph build`: load → validate → reason → check → compile and publish, atomically.

A build is written to a temporary directory under build/, moved to build/releases/<release id>,
and only then does build/current point at it. Any failure — a violation, a failed check, a full
disk — leaves build/current untouched and removes the temporary directory.

A release is self-contained: besides the dataset and its dumps it carries the named queries,
shapes and ontology it was built with (``queries/``, ``shapes.ttl``, ``ontology.ttl``), each listed
in the manifest with its SHA-256. The service reads only the release, never the project tree.
The release id digests the dataset digest and those files, so a change to a query alone is a
new release.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph

from .. import __version__, formats
from .checks import run_all_store
from ..config import Settings
from ..errors import CheckFailed, SourceError, StorageError, ValidationFailed
from .loading import StoreLayers, load_store_layers
from ..namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, SOURCES_GRAPH, bind_prefixes
from .progress import Progress
from .validation import sort_key, validate

GZIP_LEVEL = 9  # as before: the .gz files stay byte-identical (level 6 saves little here: the writing overlaps)

# file name: (pyoxigraph format, media type, whether quads are kept), from the format registry
DUMP_FORMATS = {formats.dump_name(f): (f.ox, f.media_type, f.quads) for f in formats.dumps()}


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


def _canonical_labels(triples) -> dict:
    """pyoxigraph blank node → its canonical label, as ``to_canonical_graph`` of the whole layer gives it.

    rdflib's canonicaliser (RGDA1) colours only blank nodes and the nodes next to them, from the
    triples that contain a blank node, so running it on those triples alone gives the same labels
    (``tests/build/test_compile.py`` checks it) without building an rdflib graph of the whole layer.
    """
    from rdflib.compare import _TripleCanonicalizer

    from ..engine.terms import from_ox as to_rdflib, to_ox

    with_bnodes = [t for t in triples if isinstance(t[0], ox.BlankNode) or isinstance(t[2], ox.BlankNode)]
    if not with_bnodes:
        return {}
    g = Graph()
    for s, p, o in with_bnodes:
        g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    original = list(g)
    canonical = list(_TripleCanonicalizer(g).canonical_triples())
    labels = {}
    for before, after in zip(original, canonical):
        for a, b in ((before[0], after[0]), (before[2], after[2])):
            if isinstance(a, BNode):
                labels[to_ox(a)] = to_ox(b)
    return labels


def compile_nquads(layers: dict) -> bytes:
    """The layers (name → pyoxigraph triples) as sorted, de-duplicated N-Quads, blank nodes canonically labelled.

    Byte-identical to ``rightsgraph.reference.compile.nquads`` of the same triples as rdflib graphs.
    """
    lines = set()
    for name, triples in layers.items():
        g = ox.NamedNode(str(name))
        labels = _canonical_labels(triples)
        if labels:
            lines.update(f"{ox.Quad(labels.get(s, s), p, labels.get(o, o), g)} ." for s, p, o in triples)
        else:
            lines.update(f"{ox.Quad(s, p, o, g)} ." for s, p, o in triples)
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


def _gzip(body: bytes, path: Path) -> None:
    with path.open("wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=GZIP_LEVEL) as gz:
        gz.write(body)


def _write_dumps(nquads: bytes, out: Path, store_dir: Path | None = None) -> dict[str, dict]:
    """Every dump format from the sorted N-Quads; blank-node labels are kept, so dumps are stable.

    With ``store_dir`` the on-disk store is written too. zlib and the store's bulk load release
    the GIL, so the gzip files and the store are written in threads while the next format is
    serialised.
    """
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False))
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    dumps = out / "dumps"
    dumps.mkdir()
    info = {}
    (dumps / "dataset.nq").write_bytes(nquads)
    with ThreadPoolExecutor(max_workers=2) as pool:
        pending = [pool.submit(_write_store, dumps / "dataset.nq", store_dir)] if store_dir is not None else []
        for name, (fmt, media_type, keeps_graphs) in DUMP_FORMATS.items():
            path = dumps / name
            if name == "dataset.nq":
                body = nquads
            else:
                body = ox.serialize(quads if keeps_graphs else triples, format=fmt, prefixes=_prefixes())
                path.write_bytes(body)
            pending.append(pool.submit(_gzip, body, dumps / f"{name}.gz"))
            info[name] = {"media_type": media_type, "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
        for job in pending:
            job.result()
    return info


def _write_store(nquads: Path, directory: Path) -> None:
    """An on-disk pyoxigraph store of the build, which serving workers open read-only."""
    store = ox.Store(str(directory))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    store.flush()
    del store


def _prefixes() -> dict[str, str]:
    from ..namespaces import PREFIXES

    return dict(PREFIXES)


def _load_store(*layers) -> ox.Store:
    """One in-memory Store whose default graph is the union of the layers (pyoxigraph triples)."""
    store = ox.Store()
    dg = ox.DefaultGraph()
    for triples in layers:
        store.extend(ox.Quad(s, p, o, dg) for s, p, o in triples)
    return store


def _validate_layers(name: str, layers: StoreLayers, store: ox.Store, progress: Progress) -> list:
    """SHACL results of data + sources + ontology: fastshacl on the store, or pyshacl (the reference)."""
    if name == "fast":
        from . import fastshacl

        try:
            compiled = fastshacl.compile_shapes(layers.shapes)
        except fastshacl.UnsupportedShapes as exc:
            progress.note(f"the fast validator cannot read these shapes ({exc}); validating with pyshacl")
        else:
            return fastshacl.validate_store(store, compiled, layers.subject_files, ontology=layers.ontology)

    rdf = layers.rdflib_layers()
    return sorted(validate(rdf.validation_graph(), rdf.shapes, rdf.ontology, rdf.subject_files), key=sort_key)


def _reason_layers(name: str, layers: StoreLayers, store: ox.Store, root: Path) -> list:
    """The inferred layer as pyoxigraph triples; the store's default graph becomes the compiled union."""
    dg = ox.DefaultGraph()
    if name == "fast":
        from .fastreason import owl_rl_closure_ox
        from .reasoning import apply_rules_store, rule_files

        derived = apply_rules_store(rule_files(root), store)  # added to the store as they are derived
        closure = owl_rl_closure_ox(layers.ontology_triples, itertools.chain(layers.data_triples, layers.sources_triples, derived))
        store.extend(ox.Quad(s, p, o, dg) for s, p, o in closure)
        return closure + derived
    from .reasoning import reason  # the reference (RIGHTSGRAPH_REASONER=owlrl): rdflib graphs, owlrl's closure

    rdf = layers.rdflib_layers()
    from ..engine.terms import to_ox

    inferred = [tuple(to_ox(x) for x in t) for t in reason(rdf.ontology, rdf.all_data(), root)]
    store.extend(ox.Quad(s, p, o, dg) for s, p, o in inferred)
    return inferred


def build(settings: Settings, *, progress: Progress | None = None, extra_data: list[Path] | None = None) -> BuildReport:
    root = settings.root
    progress = progress or Progress(6)
    started = time.perf_counter()
    validator = settings.validator  # Settings has checked both names
    with progress.step("load ontology, shapes, data and sources"):
        layers = load_store_layers(root, extra_data)
        store = _load_store(layers.ontology_triples, layers.data_triples, layers.sources_triples)
        progress.note(f"{len(layers.ontology_triples)} ontology, {len(layers.shapes)} shape, {len(layers.data_triples)} data, {len(layers.sources_triples)} source triples")
    with progress.step(f"validate with SHACL ({validator})"):
        results = _validate_layers(validator, layers, store, progress)
        violations = [r for r in results if r.severity == "Violation"]
        warnings = [r for r in results if r.severity != "Violation"]
        progress.note(f"{len(violations)} violation(s), {len(warnings)} warning(s)")
        if violations:
            raise ValidationFailed(violations)
    with progress.step("reason (OWL-RL closure + project rules)"):
        inferred = _reason_layers(settings.reasoner, layers, store, root)
        progress.note(f"{len(inferred)} inferred triples")
    with progress.step("quality checks"):
        checks, findings = run_all_store(store, layers.data_triples, layers.ontology_triples, root)
        failed = [c for c in checks if c.rows]
        progress.note(f"{len(checks)} check(s), {len(failed)} failed; {sum(len(f.rows) for f in findings)} finding(s) of the data")
        if failed:
            raise CheckFailed(failed)
    with progress.step("compile dataset and dumps"):
        named = {ONTOLOGY_GRAPH: layers.ontology_triples, DATA_GRAPH: layers.data_triples, INFERRED_GRAPH: inferred, SOURCES_GRAPH: layers.sources_triples}
        del store
        nquads = compile_nquads(named)
        digest = hashlib.sha256(nquads).hexdigest()
        graphs = {str(name): len(triples) for name, triples in named.items()}
        with _writing(settings.builds) as tmp:
            dumps = _write_dumps(nquads, tmp, store_dir=tmp / "store")
            files = _write_release_files(root, layers, tmp)
            manifest = {
                "digest": digest,
                "release": release_id(digest, files),
                "version": __version__,
                "triples": nquads.count(b"\n"),
                "graphs": graphs,
                "dumps": dumps,
                "files": files,
                "warnings": [w.format() for w in warnings],
                "findings": {f.check: list(f.rows) for f in findings},
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    with progress.step("publish atomically"), _io(settings.builds):
        final, reused = _publish(tmp, settings.builds, manifest["release"])
        progress.note(f"build {digest[:16]} at {final} ({'unchanged' if reused else 'new'}); {time.perf_counter() - started:.1f} s in all")
    return BuildReport(final, digest, manifest["triples"], graphs, warnings, findings, progress.timings, reused)


def release_id(digest: str, files: dict[str, str]) -> str:
    """The release's name: the dataset digest and the digests of the files served with it."""
    h = hashlib.sha256(digest.encode())
    for name in sorted(files):
        h.update(f"\n{name} {files[name]}".encode())
    return h.hexdigest()[:16]


def _write_release_files(root: Path, layers: StoreLayers, out: Path) -> dict[str, str]:
    """The ontology, shapes and named queries the release serves; their SHA-256 by release path."""
    bodies = {
        "ontology.ttl": bind_prefixes(layers.ontology).serialize(format="turtle", encoding="utf-8"),
        "shapes.ttl": bind_prefixes(layers.shapes).serialize(format="turtle", encoding="utf-8"),
    }
    queries = root / "queries"
    for path in sorted(queries.rglob("*.rq")) if queries.is_dir() else ():
        bodies[(Path("queries") / path.relative_to(queries)).as_posix()] = path.read_bytes()
    for name, body in bodies.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    return {name: hashlib.sha256(body).hexdigest() for name, body in bodies.items()}


@contextmanager
def _io(where: Path):
    """An OSError while writing the build is a StorageError naming what failed (exit 2)."""
    try:
        yield
    except OSError as exc:
        target = exc.filename or where
        raise StorageError(f"cannot write the build: {exc.strerror or exc} ({target})") from exc


@contextmanager
def _writing(builds: Path):
    """A fresh temporary release directory, readable like any published directory; removed on any failure."""
    with _io(builds):
        builds.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=builds))
    try:
        with _io(tmp):
            os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700: another user could not serve it
            yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _publish(tmp: Path, builds: Path, name: str) -> tuple[Path, bool]:
    """Move the temporary directory to releases/<name> (unless it is there already) and point current at it."""
    releases = builds / "releases"
    final = releases / name
    try:
        releases.mkdir(exist_ok=True)
        reused = final.exists()
        if not reused:
            os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # left over only when reused or when the move failed
    link = builds / f".current-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(Path("releases") / final.name)
    os.replace(link, builds / "current")
    _prune(releases, keep={final.name})
    return final, reused


def _prune(releases: Path, keep: set[str], retain: int = 3) -> None:
    """Keep the newest few releases besides the current one."""
    others = sorted((p for p in releases.iterdir() if p.is_dir() and p.name not in keep), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[retain:]:
        shutil.rmtree(old, ignore_errors=True)


def ensure_build(settings: Settings, progress: Progress | None = None) -> Path:
    """The current build, building first if there is none (the CLI's convenience; the service never builds)."""
    path = current_build(settings)
    if path is None:
        build(settings, progress=progress)
        path = current_build(settings)
    if path is None:
        raise SourceError("no build available")
    return path

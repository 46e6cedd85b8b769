"""The `rightsgraph` command: build, validate, query, export, serve, sources, coverage.

Exit codes: 0 success; 1 data does not conform (or a check failed); 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .config import Settings
from .errors import CheckFailed, RightsgraphError, SourceError, UsageError, ValidationFailed

FORMATS = ("json", "csv", "tsv", "xml", "table", "turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")
EXPORT_FORMATS = {"turtle": "dataset.ttl", "ntriples": "dataset.nt", "nquads": "dataset.nq", "trig": "dataset.trig", "jsonld": "dataset.jsonld"}


def _settings(args) -> Settings:
    return Settings.from_env(root=getattr(args, "root", None))


def cmd_build(args) -> int:
    from .build import build

    report = build(_settings(args))
    print(f"build {report.digest[:16]}: {report.triples} triples in {len(report.graphs)} graphs -> {report.path}")
    for w in report.warnings:
        print(w.format())
    for f in report.findings:
        if f.rows:
            print(f"finding of the data — {f.format(limit=5)}")
    coverage = _coverage_totals(report.path)
    if coverage:
        print(coverage)
    print("times: " + ", ".join(f"{k.split(' ')[0]} {v:.2f} s" for k, v in report.timings.items()) + f"; total {sum(report.timings.values()):.2f} s")
    return 0


def _coverage_totals(build_path: Path) -> str | None:
    try:
        from .coverage import coverage
    except ImportError:
        return None
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(build_path / "dumps" / "dataset.nq", format="nquads")
    try:
        table = coverage(ds)
    except RightsgraphError as exc:  # e.g. more than one source document: see `rightsgraph coverage`
        return f"coverage: not computed ({exc})"
    covered = sum(1 for nodes in table.values() if nodes)
    return f"coverage: {covered} of {len(table)} paragraphs are cited by data"


def cmd_validate(args) -> int:
    from .build.loading import load_layers, parse_file
    from .build.validation import validate

    settings = _settings(args)
    layers = load_layers(settings.root)
    if args.files:
        from rdflib import Graph

        from .namespaces import bind_prefixes

        data = bind_prefixes(Graph())
        files: dict = {}
        for f in args.files:
            parse_file(Path(f), data, files)
        for triple in layers.validation_graph():  # referenced resources (paragraphs, concepts) resolve
            data.add(triple)
    else:
        data, files = layers.validation_graph(), layers.subject_files
    results = validate(data, layers.shapes, layers.ontology, files)
    violations = [r for r in results if r.severity == "Violation"]
    for r in results:
        print(r.format())
    print(f"{len(violations)} violation(s), {len(results) - len(violations)} warning(s)")
    return 1 if violations else 0


def cmd_query(args) -> int:
    from .build import ensure_build
    from .engine import open_engine
    from .query.named import load_queries, parse_named_query

    settings = _settings(args)
    if bool(args.file) == bool(args.name):
        raise UsageError("give a query FILE or --name NAME (one of them)")
    if args.name:
        catalogue = load_queries(settings.root / "queries")
        if args.name not in catalogue:
            raise UsageError(f"no named query {args.name!r}; known: {', '.join(sorted(catalogue))}")
        named = catalogue[args.name]
    else:
        named = parse_named_query(Path(args.file)) if Path(args.file).suffix == ".rq" else None
        if named is None:
            raise UsageError("the query file must end in .rq")
    raw = {}
    for item in args.param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param takes k=v, got {item!r}")
        raw.setdefault(key, []).append(value)
    bindings = named.bind(raw) if named.params or raw else {}
    build_path = ensure_build(settings)
    engine = open_engine(settings.engine, build_path / "dumps" / "dataset.nq")
    if args.format == "table":
        rows = engine.select(named.text, bindings)
        _print_table(rows)
        return 0
    result = engine.query(named.text, fmt=args.format, bindings=bindings)
    sys.stdout.buffer.write(result.body)
    if not result.body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    return 0


def _print_table(rows: list[dict]) -> None:
    if not rows:
        print("(no rows)")
        return
    names = list(rows[0])
    cells = [[("" if r[n] is None else str(r[n])) for n in names] for r in rows]
    widths = [min(60, max(len(n), *(len(c[i]) for c in cells))) for i, n in enumerate(names)]
    print("  ".join(n.ljust(w) for n, w in zip(names, widths)))
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print("  ".join(v[:w].ljust(w) for v, w in zip(c, widths)))
    print(f"({len(rows)} rows)")


def cmd_export(args) -> int:
    from .build import ensure_build

    build_path = ensure_build(_settings(args))
    body = (build_path / "dumps" / EXPORT_FORMATS[args.format]).read_bytes()
    if args.output:
        Path(args.output).write_bytes(body)
    else:
        sys.stdout.buffer.write(body)
    return 0


def cmd_serve(args) -> int:
    import uvicorn

    from .api.app import create_app
    from .api.limits import serve_options
    from .build import current_build, ensure_build

    settings = _settings(args)
    if current_build(settings) is None:
        print(f"no build under {settings.builds} yet: building first", file=sys.stderr)
    release = ensure_build(settings)
    uvicorn.run(create_app(settings, build_path=release), host=args.host, port=args.port, log_level="info", **serve_options(settings))
    return 0


def cmd_publish(args) -> int:
    from .build import ensure_build
    from .engine.remote import publish

    import httpx

    try:
        counts = publish(ensure_build(_settings(args)), args.to, quads=args.quads)
    except httpx.HTTPError as exc:
        raise SourceError(f"cannot publish to {args.to}: {exc}") from exc
    for graph, n in sorted(counts.items()):
        print(f"{n} triples -> {graph or 'default graph'}")
    return 0


def cmd_sources(args) -> int:
    from .sources import write_sources

    for path in write_sources(_settings(args).root):
        print(f"wrote {path}")
    return 0


def cmd_coverage(args) -> int:
    from rdflib import Dataset

    from .build import ensure_build
    from .coverage import coverage

    build_path = ensure_build(_settings(args))
    ds = Dataset(default_union=True)
    ds.parse(build_path / "dumps" / "dataset.nq", format="nquads")
    table = coverage(ds)
    if args.json:
        print(json.dumps({str(k): [str(n) for n in v] for k, v in table.items()}, indent=2))
    else:
        for para, nodes in table.items():
            print(f"{para}: {len(nodes)} node(s)" + ("" if nodes else "  <-- not cited by any data"))
            for n in nodes if args.verbose else ():
                print(f"    {n}")
    uncovered = [str(p) for p, nodes in table.items() if not nodes]
    print(f"{len(table) - len(uncovered)} of {len(table)} paragraphs cited; uncovered: {', '.join(uncovered) or 'none'}", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rightsgraph", description=__doc__.splitlines()[0])
    p.add_argument("--root", type=Path, help="project directory (default: the checkout this package runs from)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="validate, reason, check and publish the graph to build/").set_defaults(func=cmd_build)
    v = sub.add_parser("validate", help="validate data files (default: all of data/) against the shapes")
    v.add_argument("files", nargs="*", help="Turtle files to validate")
    v.set_defaults(func=cmd_validate)
    q = sub.add_parser("query", help="run a SPARQL query file or a named query against the last build")
    q.add_argument("file", nargs="?", help="a .rq file")
    q.add_argument("--name", help="a named query from queries/")
    q.add_argument("--param", action="append", metavar="K=V", help="a parameter of the named query (repeatable)")
    q.add_argument("--format", choices=FORMATS, default="table")
    q.set_defaults(func=cmd_query)
    e = sub.add_parser("export", help="write the whole dataset in one format")
    e.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="turtle")
    e.add_argument("--output", "-o", help="file to write (default: standard output)")
    e.set_defaults(func=cmd_export)
    s = sub.add_parser("serve", help="serve the last build over HTTP (builds first if there is none)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)
    pub = sub.add_parser("publish", help="load the last build into a SPARQL store (Graph Store Protocol)")
    pub.add_argument("--to", required=True, metavar="URL", help="the store's Graph Store endpoint, e.g. http://127.0.0.1:7878/store")
    pub.add_argument("--quads", action="store_true", help="POST the whole dataset as N-Quads instead of PUT per named graph")
    pub.set_defaults(func=cmd_publish)
    sub.add_parser("sources", help="regenerate data/sources/*.ttl from the catalogued report texts").set_defaults(func=cmd_sources)
    c = sub.add_parser("coverage", help="list each paragraph with the nodes derived from it")
    c.add_argument("--verbose", "-v", action="store_true", help="list the nodes too")
    c.add_argument("--json", action="store_true", help="print JSON")
    c.set_defaults(func=cmd_coverage)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationFailed as exc:
        print(f"error: the data does not conform to the shapes ({len(exc.violations)} violation(s)):", file=sys.stderr)
        for v in exc.violations:
            print("  " + v.format(), file=sys.stderr)
        print("the previous build, if any, is unchanged", file=sys.stderr)
        return exc.exit_code
    except CheckFailed as exc:
        print("error: quality checks failed:", file=sys.stderr)
        for f in exc.failures:
            print("  " + f.format().replace("\n", "\n  "), file=sys.stderr)
        print("the previous build, if any, is unchanged", file=sys.stderr)
        return exc.exit_code
    except RightsgraphError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

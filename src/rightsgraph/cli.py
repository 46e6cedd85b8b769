"""The `rightsgraph` command: build, validate, query, export, serve, sources, coverage.

Exit codes: 0 success; 1 data does not conform (or a check failed); 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__, formats
from .config import Settings
from .errors import CheckFailed, RightsgraphError, SourceError, UsageError, ValidationFailed

# --format keys, from the format registry
FORMATS = (*(f.key for f in formats.RESULT_FORMATS), "table", *(f.key for f in formats.RDF_FORMATS))
EXPORT_FORMATS = {f.key: formats.dump_name(f) for f in formats.dumps()}


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
        from .coverage import format_summary, unit_coverage
    except ImportError:
        return None
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(build_path / "dumps" / "dataset.nq", format="nquads")
    try:
        table = unit_coverage(ds)
    except RightsgraphError as exc:
        return f"coverage: not computed ({exc})"
    return "\n".join(f"coverage of {source.rsplit('/', 1)[-1]}: {format_summary(units)}" for source, units in table.items())


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
    from .query.guard import screen

    settings = _settings(args)
    text, bindings = _query_text(args, settings)
    form = screen(text, max_length=settings.max_query_length, max_nesting=settings.max_nesting)
    fmt = args.format or "table"
    if fmt == "table" and form.form not in ("select", "ask"):
        fmt = "turtle"  # a graph has no table: Turtle
    build_path = ensure_build(settings)
    engine = open_engine(settings.engine, build_path / "dumps" / "dataset.nq")
    if fmt == "table" and form.form == "select":
        _print_table(engine.select(text, bindings))
        return 0
    kwargs = {"bindings": bindings, "dataset_in_query": form.dataset_in_query}
    if fmt == "table":  # ASK
        result = engine.query(text, fmt="json", **kwargs)
        print("true" if json.loads(result.body)["boolean"] else "false")
        return 0
    result = engine.query(text, fmt=fmt, **kwargs)
    sys.stdout.buffer.write(result.body)
    if not result.body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    return 0


def _query_text(args, settings) -> tuple[str, dict]:
    """The query text and its bindings: a named query (--name, or a file with `#+` headers), a plain
    query file, standard input (`-`) or --query TEXT; exactly one of them."""
    from .build import ensure_build
    from .query.named import load_queries, parse_named_query

    given = [x for x in (args.file, args.name, args.query) if x is not None]
    if len(given) != 1:
        raise UsageError("give one query: a FILE (.rq, or - for standard input), --name NAME or --query TEXT")
    named = None
    if args.name is not None:
        catalogue = load_queries(ensure_build(settings) / "queries")  # the release's named queries
        if args.name not in catalogue:
            raise UsageError(f"no named query {args.name!r}; known: {', '.join(sorted(catalogue))}")
        named = catalogue[args.name]
    elif args.query is not None:
        text = args.query
    elif args.file == "-":
        text = sys.stdin.read()
    else:
        path = Path(args.file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceError(f"cannot read the query file {path}: {exc}") from exc
        if any(line.startswith("#+") for line in text.splitlines()):
            named = parse_named_query(path)  # headers: a named query, with typed parameters
    raw: dict[str, list[str]] = {}
    for item in args.param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param takes k=v, got {item!r}")
        raw.setdefault(key, []).append(value)
    if named is None:
        if raw:
            raise UsageError("--param binds the parameters of a named query (`#+ param:` headers); this query has none")
        if not text.strip():
            raise UsageError("the query is empty")
        return text, {}
    return named.text, named.bind(raw) if named.params or raw else {}


def _print_table(rows: list[dict], columns: int | None = None) -> None:
    """Rows as a table that fits the terminal: IRIs as CURIEs of the project's prefixes, cut cells ending in "…"."""
    import shutil

    from rdflib import URIRef

    from .namespaces import PREFIXES

    if not rows:
        print("(no rows)")
        return

    def show(term) -> str:
        if term is None:
            return ""
        text = str(term)
        if isinstance(term, URIRef):
            for prefix, ns in PREFIXES.items():
                if text.startswith(ns) and len(text) > len(ns):
                    return f"{prefix}:{text[len(ns):]}"
        return " ".join(text.split())  # a multi-line literal on one line

    names = list(rows[0])
    cells = [[show(r[n]) for n in names] for r in rows]
    widths = [max(len(n), *(len(c[i]) for c in cells)) for i, n in enumerate(names)]
    room = (columns or shutil.get_terminal_size((160, 24)).columns) - 2 * (len(names) - 1)
    while sum(widths) > room and max(widths) > 8:  # narrow the widest column until the table fits
        widths[widths.index(max(widths))] -= 1

    def fit(text: str, width: int) -> str:
        return (text if len(text) <= width else text[:width - 1] + "…").ljust(width)

    print("  ".join(fit(n, w) for n, w in zip(names, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print("  ".join(fit(v, w) for v, w in zip(c, widths)).rstrip())
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
    from .coverage import format_summary, unit_coverage
    from .namespaces import ID

    build_path = ensure_build(_settings(args))
    ds = Dataset(default_union=True)
    ds.parse(build_path / "dumps" / "dataset.nq", format="nquads")
    source = None
    if args.source:
        source = args.source if args.source.startswith("http") else str(ID[f"source/{args.source}"])
    table = unit_coverage(ds, source)
    if source is not None and not table:
        raise UsageError(f"no source {args.source!r} in the build; catalogued keys are in data/sources/catalog.toml")
    key = {s: s.rsplit("/", 1)[-1] if s.startswith(str(ID["source/"])) else s for s in table}
    if args.json:
        out = {key[s]: units for s, units in table.items()}
        print(json.dumps(out[key[source]] if source is not None else out, indent=2))
    else:
        for s, units in table.items():
            print(f"# {key[s]}: {format_summary(units)}")
            for unit, nodes in units.items():
                print(f"{unit}: {len(nodes)} node(s)" + ("" if nodes else "  <-- not cited by any data"))
                for n in nodes if args.verbose else ():
                    print(f"    {n}")
    for s, units in table.items():
        uncovered = [u for u, nodes in units.items() if not nodes]
        print(f"{key[s]}: {format_summary(units)}; uncovered: {', '.join(uncovered) or 'none'}", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rightsgraph", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"rightsgraph {__version__}")
    p.add_argument("--root", type=Path, help="project directory (default: the checkout this package runs from)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="validate, reason, check and publish the graph to build/").set_defaults(func=cmd_build)
    v = sub.add_parser("validate", help="validate data files (default: all of data/) against the shapes")
    v.add_argument("files", nargs="*", help="Turtle files to validate")
    v.set_defaults(func=cmd_validate)
    q = sub.add_parser("query", help="run a SPARQL query (a file, standard input, --query or a named query) against the last build",
                       description="The output follows the query form: a table for SELECT, true/false for ASK, Turtle for "
                                   "CONSTRUCT and DESCRIBE, unless --format says otherwise.")
    q.add_argument("file", nargs="?", help="a .rq file (plain SPARQL, or a named query with #+ headers); - reads standard input")
    q.add_argument("--query", "-q", metavar="TEXT", help="the query text itself")
    q.add_argument("--name", help="a named query from queries/")
    q.add_argument("--param", action="append", metavar="K=V", help="a parameter of the named query (repeatable)")
    q.add_argument("--format", choices=FORMATS, default=None,
                   help="json xml csv tsv (SELECT, ASK), turtle ntriples nquads trig jsonld rdfxml (CONSTRUCT, DESCRIBE), "
                        "table (default: a table for SELECT, true/false for ASK, Turtle for graphs)")
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
    c = sub.add_parser("coverage", help="list each unit of each source (paragraph, recommendation, footnote, annex) with the nodes derived from it")
    c.add_argument("--source", metavar="KEY", help="one source only: its catalogue key (e.g. a-hrc-15-16) or IRI")
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

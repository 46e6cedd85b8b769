"""Queries no cache has seen: rightsgraph vs `oxigraph serve` vs rdflib-endpoint, alternated and repeated.

    .venv/bin/python bench/unique.py                       # the report's graph, 3 rounds of 4 s per target
    .venv/bin/python bench/unique.py --size 50k --rounds 5 --duration 5
    .venv/bin/python bench/unique.py --build /tmp/me/build/current --servers rightsgraph,oxigraph-serve

Every SPARQL request ends in a one-row ``VALUES ?nonce { n }`` with n a counter (bench/run.py's
``query_text(..., nonce=True)``; the same answer, since ?nonce is unbound in the query and not
projected), so no server can answer it from a cache. All servers run at once (idle while another is
measured); each round measures every target on every server, the servers' order rotating from one
target to the next, so slow drifts of the shared machine's load hit all of them alike. The report gives,
per target and server, the medians over the rounds of req/s, p50, p99 and max (wrk's), and the median
of the per-round ratios rightsgraph ÷ oxigraph serve. rightsgraph also gets its cached and REST targets
and a bare FastAPI app its constant (the ceiling), in the same rounds.

Writes bench/results/<date>-<host>-unique-<size>[-N].json and .md (never overwriting) and prints the
table. Load: wrk (Debian package `wrk`: `apt-get install wrk`), else bench/load.py.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402  (bench/run.py: servers, load tests, query texts, machine)
from rightsgraph.config import ENV_PREFIX  # noqa: E402

SERVERS = ("rightsgraph", "rightsgraph-base", "oxigraph-serve", "rdflib-endpoint", "fastapi-constant")
SPARQL_TARGETS = ("headline-unratified",) + run.MIX + ("describe-state",)


def report_build(work: Path) -> dict:
    """The project's own graph as committed (``git archive HEAD``: work in progress in the tree cannot
    break or change the run), built into bench/work (never the project's build/ directory)."""
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=run.ROOT, capture_output=True, text=True, check=True).stdout.strip()
    root = work / "report-root"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit], cwd=run.ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    builds = work / "report-build"
    env = {**os.environ, "RIGHTSGRAPH_BUILD_DIR": str(builds)}
    proc = subprocess.run([str(run.BIN / "rightsgraph"), "--root", str(root), "build"], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"the build of {commit[:10]} failed:\n{proc.stderr[-2000:]}")
    path = (builds / "current").resolve()
    manifest = json.loads((path / "manifest.json").read_text())
    return {"size": "report", "root": str(root), "path": str(path), "triples": manifest["triples"], "build_dir": str(builds),
            "commit": commit}


def start_servers(info: dict, names: list[str], work: Path, baseline: str | None = None, src: str | None = None,
                  settings: dict | None = None, baseline_settings: dict | None = None) -> dict:
    build = Path(info["path"])
    servers: dict = {}
    q_ask = urllib.parse.quote("ASK {}")
    if "rightsgraph" in names:
        port = run.free_port()
        env = run.client_caps(16) | (settings or {})
        # the build to serve: its builds directory, so that `serve` finds it as the current build
        env["RIGHTSGRAPH_BUILD_DIR"] = info.get("build_dir") or str(build.parent)
        cmd = [str(run.BIN / "rightsgraph")]
        if src:  # the service's code from another source tree
            env["PYTHONPATH"], cmd = str(Path(src) / "src"), [run.PY, "-m", "rightsgraph.cli"]
        servers["rightsgraph"] = (run.Server("rightsgraph", cmd + ["--root", info["root"], "serve", "--port", str(port)],
                                             f"http://127.0.0.1:{port}/sparql?query={q_ask}", env=env), f"http://127.0.0.1:{port}/sparql")
    if baseline:  # the same service from another source tree (e.g. `git archive HEAD src | tar -x -C DIR`): A/B in one run
        port = run.free_port()
        env = run.client_caps(16, baseline=True) | {"RIGHTSGRAPH_BUILD_DIR": info.get("build_dir") or str(build.parent), "PYTHONPATH": str(Path(baseline) / "src")}
        env |= baseline_settings or {}
        servers["rightsgraph-base"] = (run.Server("rightsgraph-base", [run.PY, "-m", "rightsgraph.cli", "--root", info["root"], "serve", "--port", str(port)],
                                                  f"http://127.0.0.1:{port}/sparql?query={q_ask}", env=env), f"http://127.0.0.1:{port}/sparql")
    if "oxigraph-serve" in names:
        ox_dir = work / f"oxigraph-serve-unique-{info['size'].lower()}"
        shutil.rmtree(ox_dir, ignore_errors=True)
        nq = build / "dumps" / "dataset.nq"
        subprocess.run([str(run.BIN / "oxigraph"), "load", "--location", str(ox_dir), "--file", str(nq)], check=True, capture_output=True)
        subprocess.run([str(run.BIN / "oxigraph"), "optimize", "--location", str(ox_dir)], check=True, capture_output=True)
        port = run.free_port()
        servers["oxigraph-serve"] = (run.Server("oxigraph-serve", [str(run.BIN / "oxigraph"), "serve-read-only", "--location", str(ox_dir),
                                                                   "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                                                f"http://127.0.0.1:{port}/query?query={q_ask}"), f"http://127.0.0.1:{port}/query")
    if "rdflib-endpoint" in names:
        port = run.free_port()
        servers["rdflib-endpoint"] = (run.Server("rdflib-endpoint", [run.PY, str(run.BENCH / "servers.py"), "rdflib-endpoint", "--port",
                                                                     str(port), "--nquads", str(build / "dumps" / "dataset.nq")],
                                                 f"http://127.0.0.1:{port}/sparql?query={q_ask}"), f"http://127.0.0.1:{port}/sparql")
    if "fastapi-constant" in names:
        port = run.free_port()
        servers["fastapi-constant"] = (run.Server("fastapi-constant", [run.PY, str(run.BENCH / "servers.py"), "constant", "--port", str(port)],
                                                  f"http://127.0.0.1:{port}/constant"), f"http://127.0.0.1:{port}/constant")
    return servers


def targets_of(server: str, endpoint: str, queries: list[str]) -> dict:
    """target name -> (url, accept) for one server."""
    out = {}
    if server == "fastapi-constant":
        return {"constant": (endpoint, "application/sparql-results+json")}
    for name in queries:
        accept = "application/sparql-results+json" if run.QUERIES[name][1] == "select" else "application/n-triples"
        out[name] = (f"{endpoint}?query=" + urllib.parse.quote(run.query_text(name, for_http=True, nonce=True)[0], safe=""), accept)
    if server in ("rightsgraph", "rightsgraph-base"):
        base = endpoint.rsplit("/", 1)[0]
        cached = urllib.parse.quote(run.query_text("headline-unratified", for_http=True)[0], safe="")
        out["headline-unratified (cached)"] = (f"{endpoint}?query={cached}", "application/sparql-results+json")
        out["rest-headline"] = (f"{base}/api/states/BLR/treaties?status=unratified", "application/json")
        out["named-query-cached"] = (f"{base}/queries/unratified-conventions?state=BLR", "application/sparql-results+json")
    return out


def median(values):
    values = [v for v in values if v is not None and v == v]
    return statistics.median(values) if values else None


def summarise(res: dict) -> dict:
    summary: dict = {}
    for server, targets in res["runs"].items():
        for target, runs in targets.items():
            summary.setdefault(target, {})[server] = {
                k: median([r.get(k) for r in runs]) for k in ("rps", "p50_ms", "p99_ms", "max_ms", "main_wait_share",
                                                             "cpu_us_per_request", "children_cpu_us_per_request")
            } | {"non_2xx": sum(r.get("non_2xx", 0) for r in runs), "rounds": len(runs)}
    for target, by_server in summary.items():
        rg, ox = res["runs"].get("rightsgraph", {}).get(target), res["runs"].get("oxigraph-serve", {}).get(target)
        if rg and ox:
            ratios = [a["rps"] / b["rps"] for a, b in zip(rg, ox) if b.get("rps")]
            by_server["ratio_vs_oxigraph"] = {"median": median(ratios), "each": ratios}
        base = res["runs"].get("rightsgraph-base", {}).get(target)
        if rg and base:
            ratios = [a["rps"] / b["rps"] for a, b in zip(rg, base) if b.get("rps")]
            cpu = [(b["cpu_us_per_request"] + b["children_cpu_us_per_request"]) / (a["cpu_us_per_request"] + a["children_cpu_us_per_request"])
                   for a, b in zip(rg, base) if a.get("cpu_us_per_request")]
            by_server["ratio_vs_base"] = {"median": median(ratios), "each": ratios, "cpu_base_over_new": median(cpu)}
        rd = res["runs"].get("rdflib-endpoint", {}).get(target)
        if rg and rd:
            ratios = [a["rps"] / b["rps"] for a, b in zip(rg, rd) if b.get("rps")]
            by_server["ratio_vs_rdflib_endpoint"] = {"median": median(ratios), "each": ratios}
    const = summary.get("constant", {}).get("fastapi-constant", {}).get("rps")
    if const:
        for target in ("headline-unratified (cached)", "rest-headline", "named-query-cached"):
            got = summary.get(target, {}).get("rightsgraph", {}).get("rps")
            if got:
                summary[target]["ratio_vs_constant"] = {"median": got / const}
    return summary


def _f(x, digits=1, unit=""):
    return "–" if x is None else (f"{x:,.0f}{unit}" if digits == 0 else f"{x:.{digits}f}{unit}")


def markdown(res: dict) -> str:
    m = res["machine"]
    settled = [r["settled_s"] for targets in res["runs"].values() for runs in targets.values() for r in runs if "settled_s" in r]
    out = [f"# Unique-query benchmark ({res['info']['size']}, {res['info']['triples']:,} triples), {res['date']} on {m['host']}", "",
           f"- graph: {res['info']['path']}" + (f" (commit {res['info']['commit'][:10]}, `git archive`d)" if res['info'].get('commit') else ""),
           f"- machine: {m['nproc']} cores ({m['cpu']}), {m['memory']}; load average {m['loadavg_start']} at start, "
           f"{res.get('loadavg_end')} at the end",
           f"- Python {m['python']}; load generator {m['wrk'] or 'bench/load.py'}; packages: "
           + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v),
           f"- command: `{res['command']}` ({res['seconds']:.0f} s); {res['rounds']} rounds × {res['duration_s']:g} s per target "
           f"and server, {res['connections']} connections, servers alternated",
           f"- wrk: `{' '.join(run.wrk_command('URL', 'TYPE', res['duration_s'], res['connections'], True))}` "
           "(bench/work/unique.lua fills `__NONCE__` in the trailing `VALUES ?nonce { __NONCE__ }` with a counter per request)"
           + ("; each run starts once every server is idle (under 5 % of a CPU over 0.25 s: `run.settle`; "
              f"longest wait {max(settled):.1f} s), so none shares the CPU with another's unfinished work" if settled else ""),
           "- medians over the rounds; the ratio is the median of the per-round ratios (the same round's runs). CPU per request: "
           "user + system CPU time of the server's process and its children (/proc/<pid>/stat, all threads, exited ones included) over the run ÷ requests answered; "
           "it depends much less on the machine's other load than req/s does.", ""]
    servers = [s for s in SERVERS if s in res["runs"]]
    out += ["| target | " + " | ".join(f"{s} req/s (p50 / p99 / max ms; CPU per request)" for s in servers) + " | rightsgraph ÷ oxigraph serve | p99 ÷ p50 (rightsgraph) |",
            "|---|" + "---|" * (len(servers) + 2)]
    for target, by in res["summary"].items():
        cells = []
        for s in servers:
            v = by.get(s)
            cpu = (v.get("cpu_us_per_request") or 0) + (v.get("children_cpu_us_per_request") or 0) if v else None
            cells.append("" if not v else f"{_f(v['rps'], 0)} ({_f(v['p50_ms'], 2)} / {_f(v['p99_ms'], 1)} / {_f(v['max_ms'], 0)}; {_f(cpu, 0)} µs)"
                         + (f" {v['non_2xx']} non-2xx" if v.get("non_2xx") else ""))
        ratio = by.get("ratio_vs_oxigraph", {}).get("median")
        each = by.get("ratio_vs_oxigraph", {}).get("each", [])
        rgv = by.get("rightsgraph") or {}
        tail = rgv["p99_ms"] / rgv["p50_ms"] if rgv.get("p99_ms") and rgv.get("p50_ms") else None
        extra = by.get("ratio_vs_constant", {}).get("median")
        rcell = (f"**{ratio:.2f}×** ({', '.join(f'{r:.2f}' for r in each)})" if ratio else
                 (f"{extra:.2f}× the constant" if extra else "–"))
        wait = rgv.get("main_wait_share")
        vb = by.get("ratio_vs_base")
        if vb and vb.get("median"):
            rcell += f"; vs base {vb['median']:.2f}× req/s, {vb['cpu_base_over_new']:.2f}× less CPU"
        out.append(f"| {target} | " + " | ".join(cells) + f" | {rcell} | {_f(tail, 1, '×')}"
                   + (f" (loop waited for a CPU {wait:.0%} of the run)" if wait is not None else "") + " |")
    out += ["", "Servers:", ""] + [f"- {n}: `{c}`" for n, c in res["commands"].items()]
    out += ["", "Raw numbers (every round): the .json file beside this one.", ""]
    return "\n".join(out)


def _settings(pairs: list[str]) -> dict:
    """NAME=VALUE pairs as the service's environment (RIGHTSGRAPH_NAME)."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise SystemExit(f"a setting is NAME=VALUE, not {pair!r}")
        out[ENV_PREFIX + name.upper()] = value
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", default="report", help="report (the project's own graph) or a bench/generate.py size (50k...)")
    p.add_argument("--build", type=Path, help="serve this build directory (…/current) instead")
    p.add_argument("--root", type=Path, help="with --build: the project root the service reads queries/ from (default: this tree)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", type=float, default=4.0, help="seconds of load per target, server and round")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--servers", default=",".join(SERVERS))
    p.add_argument("--queries", default=",".join(SPARQL_TARGETS))
    p.add_argument("--rdflib-rounds", type=int, default=1, help="rounds rdflib-endpoint runs (it is ~100× behind)")
    p.add_argument("--work", type=Path, default=BENCH / "work")
    p.add_argument("--out", type=Path, default=BENCH / "results")
    p.add_argument("--tag", default="")
    p.add_argument("--baseline", help="also serve the service from this source tree (its src/), as rightsgraph-base")
    p.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE",
                   help="serve rightsgraph with this setting (RIGHTSGRAPH_NAME=VALUE), e.g. query_workers=3; repeatable")
    p.add_argument("--baseline-setting", action="append", default=[], metavar="NAME=VALUE",
                   help="the same for rightsgraph-base: with --baseline . an A/B of two settings of one tree")
    p.add_argument("--src", help="serve rightsgraph from this source tree's src/ (default: the installed package)")
    p.add_argument("--report", type=Path, help="only rewrite the .md of an existing results .json")
    args = p.parse_args(argv)
    if args.report:
        args.report.with_suffix(".md").write_text(markdown(json.loads(args.report.read_text())))
        return 0
    names = [s for s in args.servers.split(",") if s]
    queries = [q for q in args.queries.split(",") if q]
    started = time.monotonic()
    args.work.mkdir(parents=True, exist_ok=True)
    res = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": run.machine(),
           "command": "bench/unique.py " + " ".join(argv if argv is not None else sys.argv[1:]),
           "rounds": args.rounds, "duration_s": args.duration, "connections": args.connections, "runs": {}, "commands": {}}
    if args.build:
        path = args.build.resolve()
        info = {"size": args.size, "root": str(args.root or run.ROOT), "path": str(path),
                "triples": json.loads((path / "manifest.json").read_text())["triples"], "build_dir": str(args.build.parent)}
    elif args.size == "report":
        info = report_build(args.work)
    else:
        info = run.prepare(args.size, 1, False, args.work, run.Steps(1))
    res["info"] = info
    print(f"{info['size']}: {info['triples']:,} triples in {info['path']}", file=sys.stderr)
    servers = start_servers(info, names, args.work, args.baseline, args.src, _settings(args.setting), _settings(args.baseline_setting))
    try:
        targets = {name: targets_of(name, endpoint, queries) for name, (_, endpoint) in servers.items()}
        res["commands"] = {name: " ".join(s.cmd) for name, (s, _) in servers.items()}
        res["startup_s"] = {name: s.startup_s for name, (s, _) in servers.items()}
        all_targets = list(dict.fromkeys(t for ts in targets.values() for t in ts))
        for r in range(args.rounds):
            for i, target in enumerate(all_targets):
                order = [s for s in servers if target in targets[s]]
                order = order[(i + r) % len(order):] + order[:(i + r) % len(order)] if order else order
                for server in order:
                    if server == "rdflib-endpoint" and r >= args.rdflib_rounds:
                        continue
                    url, accept = targets[server][target]
                    unique = run.NONCE in url
                    if r == 0:
                        res.setdefault("checks", {}).setdefault(server, {})[target] = run.check(url.replace(run.NONCE, "0"), accept)
                    settled = run.settle([s for s, _ in servers.values()])
                    before, t0 = servers[server][0].schedstat(), time.perf_counter()
                    lt = run.load_test(url, accept, args.duration, args.connections, unique)
                    after, wall = servers[server][0].schedstat(), time.perf_counter() - t0
                    # the server's main thread (a Python server's event loop): share of the run on a CPU and
                    # runnable but waiting for one (the machine's other load)
                    lt["main_cpu_share"] = (after["main_cpu_ns"] - before["main_cpu_ns"]) / 1e9 / wall
                    lt["main_wait_share"] = (after["main_wait_ns"] - before["main_wait_ns"]) / 1e9 / wall
                    lt["loadavg"] = os.getloadavg()[0]
                    lt["settled_s"] = settled  # waited before the run for every server to be idle
                    # CPU per answered request (the server's process and its children, all threads): what a
                    # request costs, much less sensitive to the machine's other load than req/s
                    done = max(1, lt.get("requests") or 0)
                    lt["cpu_us_per_request"] = (after["all_cpu_ns"] - before["all_cpu_ns"]) / 1e3 / done
                    lt["children_cpu_us_per_request"] = (after["children_cpu_ns"] - before["children_cpu_ns"]) / 1e3 / done
                    res["runs"].setdefault(server, {}).setdefault(target, []).append(lt)
                    print(f"round {r + 1}/{args.rounds} {server:16} {target:30} {lt['rps']:8.0f} req/s  p50 {lt['p50_ms']:7.2f}  "
                          f"p99 {lt['p99_ms']:7.1f}  max {lt.get('max_ms', float('nan')):7.1f} ms  loop on CPU {lt['main_cpu_share']:.0%}, "
                          f"waiting for a CPU {lt['main_wait_share']:.0%}, load {lt['loadavg']:.1f}; CPU/request {lt['cpu_us_per_request']:.0f} µs"
                          f" + {lt['children_cpu_us_per_request']:.0f} µs in children"
                          + (f"  {lt['non_2xx']} non-2xx" if lt.get("non_2xx") else ""), file=sys.stderr, flush=True)
        res["memory_after"] = {name: s.rss_mb() for name, (s, _) in servers.items()}
    finally:
        for s, _ in servers.values():
            s.stop()
        shutil.rmtree(args.work / f"oxigraph-serve-unique-{info['size'].lower()}", ignore_errors=True)
    res["summary"] = summarise(res)
    res["seconds"] = time.monotonic() - started
    res["loadavg_end"] = os.getloadavg()
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.now(timezone.utc):%Y-%m-%d}-{res['machine']['host']}-unique-{info['size'].lower()}" + (f"-{args.tag}" if args.tag else "")
    base, n = stem, 2
    while (args.out / f"{stem}.json").exists():  # recorded results are never overwritten
        stem, n = f"{base}-{n}", n + 1
    (args.out / f"{stem}.json").write_text(json.dumps(res, indent=2, default=str) + "\n")
    text = markdown(res)
    (args.out / f"{stem}.md").write_text(text)
    print(text)
    print(f"wrote {args.out / stem}.json and .md ({res['seconds']:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where the latency tail at 16 connections comes from: GC pauses and event-loop stalls, measured.

    .venv/bin/python bench/tail.py [--build DIR/current] [--seconds 5] [--runs 3] [--modes default,freeze]

Serves the build in a child process exactly as ``rightsgraph serve`` does (``create_app`` +
``serve_options``, uvicorn's default loop, access log on), plus two probes that change nothing on
the request path: ``gc.callbacks`` records every collection (generation, duration, objects
collected) and a task on the event loop wakes every millisecond and records how late it woke (a
stall: the loop ran something else, or nothing ran at all). The parent warms the server up the way
``make bench`` does (unique SPARQL texts, cached texts), then loads
``/api/states/BLR/treaties?status=unratified`` with ``wrk -t1 -c16`` and reports, per run, req/s,
p50/p99/max, the collections of each generation during the run with their total and longest pause,
and the loop stalls over 20 ms, so each slow request can be matched to its cause.

Modes (``--modes``): ``default`` (the server as it ships); ``freeze`` (``gc.freeze()`` once the
server is up: the objects of start-up leave the collector's generations); ``nogc``
(``gc.disable()``: a diagnostic, never a setting). Every mode runs in its own server, alternated.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

STALL_MS = 20.0


def serve(build: str, port: int, mode: str, out: str) -> None:
    """The child: rightsgraph's app on uvicorn, with the GC and loop probes."""
    import asyncio

    import uvicorn

    from rightsgraph.api.app import create_app
    from rightsgraph.api.limits import serve_options
    from rightsgraph.config import Settings

    settings = Settings.from_env()
    app = create_app(settings, build_path=Path(build))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="info", **serve_options(settings))
    server = uvicorn.Server(config)
    collections: list[tuple] = []
    stalls: list[tuple] = []
    tid = threading.get_native_id()

    def schedstat() -> tuple[int, int]:
        """(ns on a CPU, ns runnable but waiting for one) of the event loop's thread (/proc schedstat)."""
        try:
            with open(f"/proc/self/task/{tid}/schedstat") as fh:
                on_cpu, waiting, _ = fh.read().split()
            return int(on_cpu), int(waiting)
        except (OSError, ValueError):
            return 0, 0

    samples: list[tuple] = [(time.time(), *schedstat(), time.thread_time())]
    started: dict = {}

    def on_gc(phase, info):
        if phase == "start":
            started["t"] = time.perf_counter()
        else:
            collections.append((time.time(), info["generation"], (time.perf_counter() - started.get("t", time.perf_counter())) * 1e3,
                                info.get("collected", 0)))

    gc.callbacks.append(on_gc)

    async def lag_probe():
        await asyncio.sleep(1.0)
        while not server.started:
            await asyncio.sleep(0.05)
        if mode == "freeze":
            gc.collect()
            gc.freeze()
        elif mode == "nogc":
            gc.disable()
        stalls.append((time.time(), -1.0, gc.get_count(), len(gc.get_objects()), gc.get_freeze_count()))  # a marker: ready
        while True:
            t, cpu, (_, waited) = time.perf_counter(), time.thread_time(), schedstat()
            await asyncio.sleep(0.001)
            late = (time.perf_counter() - t) * 1e3 - 1.0
            if late > STALL_MS:  # how much of it the loop spent running (CPU) and waiting for a CPU (run queue)
                stalls.append((time.time(), late, (time.thread_time() - cpu) * 1e3, (schedstat()[1] - waited) / 1e6))
            if time.time() - samples[-1][0] >= 0.5:
                samples.append((time.time(), *schedstat(), time.thread_time()))

    async def main():
        # uvicorn re-raises SIGTERM after serve() returns, which would kill us before the probes are written
        server.capture_signals = contextlib.nullcontext
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, lambda: setattr(server, "should_exit", True))
        probe = asyncio.ensure_future(lag_probe())
        try:
            await server.serve()
        finally:
            probe.cancel()
            Path(out).write_text(json.dumps({"collections": collections, "stalls": stalls, "samples": samples}))

    factory = config.get_loop_factory() if hasattr(config, "get_loop_factory") else None
    if factory is not None:
        with asyncio.Runner(loop_factory=factory) as runner:
            runner.run(main())
    else:
        config.setup_event_loop()
        asyncio.run(main())


def wrk(url: str, seconds: float, connections: int, unique: bool = False, accept: str = "application/json") -> dict:
    import run

    out = subprocess.run(run.wrk_command(url, accept, seconds, connections, unique), capture_output=True, text=True,
                         timeout=seconds + 120).stdout
    return run.parse_wrk(out)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default=os.environ.get("RIGHTSGRAPH_BUILD_DIR", str(ROOT / "build")) + "/current")
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--warmup", type=float, default=3.0, help="seconds of each warm-up target")
    p.add_argument("--modes", default="default,freeze")
    p.add_argument("--warmup-queries", default="headline-unratified,label-search,join3-order-limit",
                   help="the bench/run.py queries sent as unique texts before the runs, --warmup seconds each")
    p.add_argument("--path", default="/api/states/BLR/treaties?status=unratified")
    p.add_argument("--unique-query", help="load /sparql with this bench/run.py query made unique per request (VALUES ?nonce) instead of --path")
    p.add_argument("--cold", action="store_true",
                   help="do not ask for --path after the warm-up: a warm-up of more new texts than the cache holds has evicted "
                        "it, so the first run starts with every connection missing the cache at once")
    p.add_argument("--out", type=Path, help="write the results as JSON here")
    p.add_argument("--serve", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serve:
        port, mode, out = args.serve.split(",", 2)
        serve(args.build, int(port), mode, out)
        return 0

    import httpx
    import run

    modes = [m for m in args.modes.split(",") if m]
    servers = {}
    env = {**os.environ, **run.client_caps(args.connections)}
    for mode in modes:
        port = run.free_port()
        probe = Path(f"/tmp/rightsgraph-tail-{os.getpid()}-{mode}.json")
        proc = subprocess.Popen([sys.executable, __file__, "--build", args.build, "--serve", f"{port},{mode},{probe}"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        servers[mode] = (proc, port, probe)
    results: dict = {"command": "bench/tail.py " + " ".join(argv if argv is not None else sys.argv[1:]), "runs": {}}
    try:
        for mode, (proc, port, _) in servers.items():
            base = f"http://127.0.0.1:{port}"
            for _ in range(600):
                try:
                    if httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            # warm-up as make bench does: unique SPARQL texts, then repeated ones, then the REST answer once
            for name in [q for q in args.warmup_queries.split(",") if q]:
                url = f"{base}/sparql?query=" + urllib.parse.quote(run.query_text(name, for_http=True, nonce=True)[0], safe="")
                wrk(url, args.warmup, args.connections, unique=True, accept="application/sparql-results+json")
            if not args.cold:
                httpx.get(base + args.path, timeout=30)
        for r in range(args.runs):
            for mode in (modes if r % 2 == 0 else modes[::-1]):
                proc, port, _ = servers[mode]
                t0 = time.time()
                if args.unique_query:
                    q = urllib.parse.quote(run.query_text(args.unique_query, for_http=True, nonce=True)[0], safe="")
                    lt = wrk(f"http://127.0.0.1:{port}/sparql?query={q}", args.seconds, args.connections, unique=True,
                             accept="application/sparql-results+json")
                else:
                    lt = wrk(f"http://127.0.0.1:{port}{args.path}", args.seconds, args.connections)
                results["runs"].setdefault(mode, []).append({"start": t0, "end": time.time(), **lt})
                print(f"run {r + 1} {mode:8} {lt['rps']:8.0f} req/s  p50 {lt['p50_ms']:6.2f}  p99 {lt['p99_ms']:7.1f}  max {lt['max_ms']:7.1f} ms",
                      file=sys.stderr, flush=True)
    finally:
        for mode, (proc, _, _) in servers.items():
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    for mode, (_, _, probe) in servers.items():
        data = json.loads(probe.read_text()) if probe.is_file() else {"collections": [], "stalls": []}
        probe.unlink(missing_ok=True)
        marker = next((s for s in data["stalls"] if s[1] == -1.0), None)
        if marker:
            results.setdefault("ready", {})[mode] = {"gc_count": marker[2], "objects": marker[3], "frozen": marker[4]}
        for run_ in results["runs"].get(mode, []):
            inside = [c for c in data["collections"] if run_["start"] <= c[0] <= run_["end"]]
            run_["gc"] = {g: {"n": sum(1 for c in inside if c[1] == g), "total_ms": sum(c[2] for c in inside if c[1] == g),
                              "max_ms": max((c[2] for c in inside if c[1] == g), default=0.0)} for g in (0, 1, 2)}
            inside_stalls = [s for s in data["stalls"] if s[1] >= 0 and run_["start"] <= s[0] <= run_["end"]]
            run_["stalls_ms"] = [round(s[1], 1) for s in inside_stalls]
            run_["stalls"] = [{"late_ms": round(s[1], 1), "loop_cpu_ms": round(s[2], 1), "runqueue_wait_ms": round(s[3], 1)} for s in inside_stalls]
            during = [x for x in data.get("samples", []) if run_["start"] <= x[0] <= run_["end"]]
            if len(during) >= 2:
                wall = during[-1][0] - during[0][0]
                run_["loop_thread"] = {"wall_s": wall, "on_cpu_s": (during[-1][1] - during[0][1]) / 1e9,
                                       "runqueue_wait_s": (during[-1][2] - during[0][2]) / 1e9}
            run_["gen2_ms"] = [round(c[2], 1) for c in inside if c[1] == 2]
    for mode, runs in results["runs"].items():
        ready = results.get("ready", {}).get(mode, {})
        print(f"\n{mode}: objects tracked at start {ready.get('objects', '?'):,} (frozen {ready.get('frozen', '?'):,})" if ready else f"\n{mode}:")
        for i, r in enumerate(runs):
            g = r["gc"]
            print(f"  run {i + 1}: {r['rps']:,.0f} req/s, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.1f} ms; "
                  f"gen0 {g[0]['n']}× ({g[0]['total_ms']:.0f} ms), gen1 {g[1]['n']}× ({g[1]['total_ms']:.0f} ms), "
                  f"gen2 {g[2]['n']}× (longest {g[2]['max_ms']:.0f} ms: {r['gen2_ms'][:8]}); loop stalls > {STALL_MS:g} ms: "
                  f"{len(r['stalls_ms'])} {sorted(r['stalls_ms'], reverse=True)[:8]}")
            if r["stalls"]:
                late = sum(x["late_ms"] for x in r["stalls"])
                print(f"         in those stalls: {late:.0f} ms late in all, the loop's thread ran {sum(x['loop_cpu_ms'] for x in r['stalls']):.0f} ms "
                      f"and waited for a CPU {sum(x['runqueue_wait_ms'] for x in r['stalls']):.0f} ms")
            lt = r.get("loop_thread")
            if lt:
                print(f"         the loop's thread over the run: on a CPU {lt['on_cpu_s']:.2f} s, runnable but waiting for a CPU "
                      f"{lt['runqueue_wait_s']:.2f} s, of {lt['wall_s']:.2f} s")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

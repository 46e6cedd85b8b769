"""CPU of the ASGI stack on answers the response memo holds (every layer, no engine), A/B of source trees.

    .venv/bin/python bench/stack.py --build DIR/current --tree OLD_TREE --tree NEW_TREE [--rounds 3] [--requests 2000]

Each round runs every tree in its own process (``PYTHONPATH=<tree>/src``), one after another: the app
of ``create_app`` (lifespan run), one request to fill the memo, then ``--requests`` repeats of the
same GET, called as uvicorn calls the app (no sockets), timed by the CPU of the thread
(``thread_time_ns``); per round the 10th percentile per request (on a shared machine the
other processes' load inflates even CPU time: cache misses, frequency), then the median over rounds, in µs. Targets: a SELECT by GET /sparql, the same with
an ``Origin`` header (CORS), the same by HEAD, and a linked-data document (``/id/state/BLR``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

TARGETS = {
    "sparql-get": ("GET", "/sparql", "query=" + urllib.parse.quote("SELECT ?s WHERE { ?s a ?t } LIMIT 5"),
                   [(b"accept", b"application/sparql-results+json")]),
    "sparql-get-origin": ("GET", "/sparql", "query=" + urllib.parse.quote("SELECT ?s WHERE { ?s a ?t } LIMIT 5"),
                          [(b"accept", b"application/sparql-results+json"), (b"origin", b"https://example.org")]),
    "sparql-head": ("HEAD", "/sparql", "query=" + urllib.parse.quote("SELECT ?s WHERE { ?s a ?t } LIMIT 5"),
                    [(b"accept", b"application/sparql-results+json")]),
    "id-document": ("GET", "/id/state/BLR", "", [(b"accept", b"text/turtle")]),
}


def child(build: str, requests: int) -> dict:
    from rightsgraph.api.app import create_app
    from rightsgraph.config import Settings

    app = create_app(Settings.from_env(), build_path=Path(build))

    async def call(method, path, query, headers):
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
                 "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
                 "headers": [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"bench"), (b"accept-encoding", b"gzip")] + headers,
                 "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000)}
        status = {}

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]

        await app(scope, receive, send)
        return status.get("code")

    async def session():
        out = {}
        async with app.router.lifespan_context(app):
            app.state.service.query_engine
            for name, (method, path, query, headers) in TARGETS.items():
                assert await call(method, path, query, headers) == 200, name
                assert await call(method, path, query, headers) == 200, name
                cpu = []
                for _ in range(requests):
                    c = time.thread_time_ns()
                    await call(method, path, query, headers)
                    cpu.append(time.thread_time_ns() - c)
                cpu.sort()
                out[name] = cpu[len(cpu) // 10] / 1e3  # the 10th percentile: the least disturbed by other load
        return out

    return asyncio.run(session())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", required=True)
    p.add_argument("--tree", action="append", required=True, help="a source tree (its src/ is put first on the path)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--requests", type=int, default=2000)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(args.build, args.requests)))
        return 0
    results: dict = {t: [] for t in args.tree}
    for _ in range(args.rounds):
        for tree in args.tree:
            env = {**os.environ, "PYTHONPATH": str(Path(tree) / "src")}
            proc = subprocess.run([sys.executable, __file__, "--child", "--build", args.build, "--tree", tree,
                                   "--requests", str(args.requests)], env=env, capture_output=True, text=True, check=True)
            results[tree].append(json.loads(proc.stdout.strip().splitlines()[-1]))
    print("| target (µs of CPU per memo answer: p10 per round, median of rounds) | " + " | ".join(Path(t).name or t for t in args.tree) + " |")
    print("|---|" + "---|" * len(args.tree))
    for name in TARGETS:
        cells = [statistics.median(r[name] for r in results[t]) for t in args.tree]
        print(f"| {name} | " + " | ".join(f"{c:.0f}" for c in cells) + " |")
    print("\nper round:", json.dumps({Path(t).name: results[t] for t in args.tree}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

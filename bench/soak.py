"""Soak: a mixed workload with hostile requests mixed in, against a real server on loopback.

    .venv/bin/python bench/soak.py [--seconds 60] [--concurrency 32] [--build build/current]

Starts the service (``create_app`` + ``serve_options``, as ``rightsgraph serve`` runs it) in a child
process on 127.0.0.1 with a short query deadline, then for ``--seconds``:

* ``--concurrency`` good clients, each from its own loopback address (127.0.1.N), one request at a
  time: /health, /api, /id, /def, /queries, small /sparql queries (varied, so not all cached),
  POST /validate of a small Turtle file. Every answer must be a 200.
* hostile clients from other addresses (127.0.2.N): SERVICE, LOAD and updates, deep nesting, huge
  integers, billion laughs and remote JSON-LD contexts to /validate (each must be a 4xx), and one
  runaway query at a time (must be a 503 with Retry-After, at the deadline);
* slow clients (127.0.3.N): slowloris heads sent a byte at a time and bodies that never finish
  (each must be cut off by the server).

It prints requests per second, latency percentiles of the good requests, the count of each status,
the server's RSS (and its workers') at the start and the end, and exits non-zero if a good request
failed, any answer was a 500, a hostile request was not refused, or a slow client was not cut off.
Loopback only; it stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOAK_SETTINGS = {"RIGHTSGRAPH_QUERY_TIMEOUT": "2", "RIGHTSGRAPH_QUERY_WORKERS": "3", "RIGHTSGRAPH_VALIDATE_WORKERS": "2",
                 "RIGHTSGRAPH_QUEUE_TIMEOUT": "5"}
GOOD_TTL = (b'@prefix rg: <https://w3id.org/rightsgraph/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
            b'<https://w3id.org/rightsgraph/id/state/ZZZ> a rg:State ; rdfs:label "Soakland"@en .\n')


# ------------------------------------------------------------------------------------ the server (child)


def serve(build: str, port: int) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import uvicorn

    from rightsgraph.api.app import create_app
    from rightsgraph.api.limits import serve_options
    from rightsgraph.config import Settings

    settings = Settings.from_env()
    app = create_app(settings, build_path=Path(build))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", **serve_options(settings))


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def tree_rss(pid: int) -> tuple[int, int]:
    """(the server's RSS, its descendants' RSS) in KiB."""
    todo, seen, total = children(pid), set(), 0
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += rss_kb(p)
        todo.extend(children(p))
    return rss_kb(pid), total


# ------------------------------------------------------------------------------------ the load (parent)


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.good_latency: list[float] = []
        self.failures: list[str] = []

    def note(self, kind: str, status: int | str, seconds: float | None = None, failure: str | None = None):
        with self.lock:
            self.statuses[(kind, status)] += 1
            if seconds is not None:
                self.good_latency.append(seconds)
            if failure and len(self.failures) < 10_000:
                self.failures.append(failure)


def good_requests(rng: random.Random):
    n = rng.randrange(1, 40)
    choices = [
        ("GET", "/health", None, None),
        ("GET", "/api/states", None, None),
        ("GET", f"/api/states?limit=5&offset={n % 10}", None, None),
        ("GET", "/api/states/BLR/treaties?status=unratified", None, None),
        ("GET", "/api/treaties", None, None),
        ("GET", "/api/search?q=stateless", None, None),
        ("GET", "/id/state/BLR", None, {"Accept": "text/turtle"}),
        ("GET", "/def", None, {"Accept": "application/n-triples"}),
        ("GET", "/queries/unratified-conventions?state=BLR", None, None),
        ("GET", f"/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%20{n}", None, None),
        ("POST", "/sparql", f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a ?t }} # {n}".encode(), {"Content-Type": "application/sparql-query"}),
    ]
    if rng.random() < 0.04:  # validation costs ~35 ms of a worker's CPU: a few percent of the mix
        return ("POST", "/validate", GOOD_TTL, {"Content-Type": "text/turtle"})
    return rng.choice(choices)


HOSTILE = [
    ("GET", "/sparql", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, None, None),
    ("GET", "/sparql", {"update": "DROP ALL"}, None, None),
    ("POST", "/sparql", None, b"DROP ALL", {"Content-Type": "application/sparql-update"}),
    ("GET", "/sparql", {"query": "LOAD <http://127.0.0.1:9/>"}, None, None),
    ("POST", "/sparql", None, ("SELECT * WHERE " + "{" * 3000 + "}" * 3000).encode(), {"Content-Type": "application/sparql-query"}),
    ("POST", "/sparql", None, ("ASK { FILTER(" + "+".join(["1"] * 4000) + ") }").encode(), {"Content-Type": "application/sparql-query"}),
    ("GET", "/sparql", {"query": "SELECT * WHERE { ?s ?p ?o FILTER(<http://evil.example/f>(?o)) }"}, None, None),
    ("GET", "/queries/treaty-status", {"state": "BLR' } ; DROP ALL #"}, None, None),
    ("POST", "/validate", None, b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>',
     {"Content-Type": "application/rdf+xml"}),
    ("POST", "/validate", None, json.dumps({"@context": "http://127.0.0.1:9/ctx", "@id": "http://x/a"}).encode(),
     {"Content-Type": "application/ld+json"}),
    ("POST", "/validate", None, b"<http://x/a> <http://x/p> " + b"9" * 5000 + b" .", {"Content-Type": "text/turtle"}),
    ("POST", "/validate", None, bytes(range(256)) * 4, {"Content-Type": "text/turtle"}),
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def run_load(base: str, seconds: float, concurrency: int, seed: int) -> Tally:
    import httpx

    tally = Tally()
    stop = time.monotonic() + seconds
    port = int(base.rsplit(":", 1)[1])

    def good(i: int):
        rng = random.Random(seed + i)
        transport = httpx.HTTPTransport(local_address=f"127.0.1.{i + 1}")
        with httpx.Client(base_url=base, transport=transport, timeout=30) as c:
            while time.monotonic() < stop:
                method, path, body, headers = good_requests(rng)
                started = time.monotonic()
                try:
                    r = c.request(method, path, content=body, headers=headers)
                    status = r.status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                took = time.monotonic() - started
                ok = status == 200
                tally.note("good", status, took, None if ok else f"{method} {path.split('?')[0]}: {status}")

    def hostile(i: int):
        rng = random.Random(seed * 7 + i)
        transport = httpx.HTTPTransport(local_address=f"127.0.2.{i + 1}")
        with httpx.Client(base_url=base, transport=transport, timeout=30) as c:
            while time.monotonic() < stop:
                method, path, params, body, headers = rng.choice(HOSTILE)
                try:
                    r = c.request(method, path, params=params, content=body, headers=headers)
                    status = r.status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                ok = isinstance(status, int) and 400 <= status < 500
                tally.note("hostile", status, failure=None if ok else f"hostile {method} {path}: {status}")
                time.sleep(0.02)

    def runaway():
        transport = httpx.HTTPTransport(local_address="127.0.2.200")
        with httpx.Client(base_url=base, transport=transport, timeout=30) as c:
            while time.monotonic() < stop:
                try:
                    r = c.post("/sparql", data={"query": RUNAWAY + f" # {time.monotonic()}"})
                    status = r.status_code
                    ok = status == 503 and r.headers.get("retry-after", "").isdigit()
                except httpx.HTTPError as exc:
                    status, ok = type(exc).__name__, False
                tally.note("runaway", status, failure=None if ok else f"runaway: {status}")

    def slow(i: int):
        while time.monotonic() < stop:
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(f"127.0.3.{i + 1}", 0))
            except OSError as exc:
                tally.note("slow", type(exc).__name__, failure=f"slow connect: {exc}")
                time.sleep(0.5)
                continue
            started = time.monotonic()
            cut = False
            try:
                if i % 2:  # a body that never finishes
                    s.sendall(b"POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: text/turtle\r\nContent-Length: 100000\r\n\r\n#")
                    s.settimeout(60)
                    try:
                        cut = s.recv(4096) is not None
                    except socket.timeout:
                        cut = False
                else:  # slowloris
                    for byte in b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10_000:
                        s.sendall(bytes([byte]))
                        time.sleep(0.05)
                        if time.monotonic() > stop + 60:
                            break
            except OSError:
                cut = True
            finally:
                s.close()
            tally.note("slow", "cut" if cut else "not cut", failure=None if cut else "a slow client was not cut off")
            tally.note("slow-held", round(time.monotonic() - started))

    threads = [threading.Thread(target=good, args=(i,)) for i in range(concurrency)]
    threads += [threading.Thread(target=hostile, args=(i,)) for i in range(4)]
    threads += [threading.Thread(target=runaway)]
    threads += [threading.Thread(target=slow, args=(i,)) for i in range(8)]
    for t in threads:
        t.daemon = True
        t.start()
    for t in threads:
        t.join(timeout=seconds + 90)
    return tally


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base: str, timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                if httpx.post(base + "/validate", content=GOOD_TTL, headers={"Content-Type": "text/turtle"}, timeout=10).status_code == 200:
                    return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not become ready")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--build", default=str(ROOT / "build" / "current"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.build, args.serve)
        return 0
    build = Path(args.build).resolve()
    if not (build / "manifest.json").is_file():
        raise SystemExit(f"no build at {build}: run `rightsgraph build` first")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, **{k: os.environ.get(k, v) for k, v in SOAK_SETTINGS.items()})
    child = subprocess.Popen([sys.executable, __file__, "--serve", str(port), "--build", str(build)], env=env)
    try:
        wait_ready(base)
        time.sleep(1.0)
        start_rss = tree_rss(child.pid)
        started = time.monotonic()
        tally = run_load(base, args.seconds, args.concurrency, args.seed)
        elapsed = time.monotonic() - started
        time.sleep(1.0)
        end_rss = tree_rss(child.pid)
    finally:
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
    counts = tally.statuses
    total = sum(v for (k, _), v in counts.items() if k in ("good", "hostile", "runaway"))
    good = sum(v for (k, _), v in counts.items() if k == "good")
    good_errors = sum(v for (k, s), v in counts.items() if k == "good" and s != 200)
    five_hundreds = sum(v for (k, s), v in counts.items() if isinstance(s, int) and s >= 500 and k != "runaway")
    server_errors = sum(v for (_, s), v in counts.items() if s == 500)
    hostile_bad = sum(v for (k, s), v in counts.items() if k == "hostile" and not (isinstance(s, int) and 400 <= s < 500))
    runaway_bad = sum(v for (k, s), v in counts.items() if k == "runaway" and s != 503)
    not_cut = counts[("slow", "not cut")]
    lat = tally.good_latency
    print(f"soak: {elapsed:.0f} s, concurrency {args.concurrency} good clients + 4 hostile + 1 runaway + 8 slow, build {build.name}")
    print(f"requests: {total} ({total / elapsed:.0f}/s), good {good} ({good / elapsed:.0f}/s)")
    print(f"good latency: p50 {percentile(lat, .5) * 1000:.0f} ms, p99 {percentile(lat, .99) * 1000:.0f} ms, max {max(lat or [0]) * 1000:.0f} ms")
    for (kind, status), n in sorted(counts.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        print(f"  {kind:8} {status!s:>22}: {n}")
    print(f"5xx other than runaway 503s: {five_hundreds}; 500s: {server_errors}; good errors: {good_errors}; "
          f"hostile not refused: {hostile_bad}; runaway not 503: {runaway_bad}; slow clients not cut off: {not_cut}")
    print(f"RSS server: {start_rss[0] / 1024:.0f} MiB -> {end_rss[0] / 1024:.0f} MiB; "
          f"workers: {start_rss[1] / 1024:.0f} MiB -> {end_rss[1] / 1024:.0f} MiB")
    for failure, n in Counter(tally.failures).most_common(10):
        print(f"  failure: {failure} (x{n})")
    return 1 if (good_errors or five_hundreds or server_errors or hostile_bad or runaway_bad or not_cut) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Where one uncached request's time goes, in process: HTTP parsing, each ASGI layer, the guard, the
worker round trip, the engine, serialisation.

    .venv/bin/python bench/profile_request.py [--build DIR/current] [--requests 400] [--query label-search]
    .venv/bin/python bench/profile_request.py --cprofile 30     # also cProfile's top functions

One request at a time, no sockets and no load generator: the app of ``create_app`` (lifespan run, the
worker pool started as in ``rightsgraph serve``) is called as uvicorn calls it, with a GET
/sparql?query=<text ending in VALUES ?nonce { n }> scope, n new each time, so every request misses
every cache. Each layer of the built middleware stack is wrapped in a shim timing it (thread_time_ns: CPU of the server's thread, which waiting for the worker or for a CPU does not inflate)
and the ``send`` it is given, so a layer's own time (request side + its send wrapper) is separated from
the layers inside it; ``WorkerPool._acall`` is timed as the worker round trip. The HTTP protocol is
measured apart: h11 (what uvicorn's H11Protocol and the service's HardenedH11Protocol run) and
httptools parsing the same request head, and h11 writing the same response.
Medians over the requests, in µs. Nothing in src/ is changed; the shims exist only in this process.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402


class Timed:
    """An ASGI shim: time spent below it, and time spent in the ``send`` calls crossing it upwards."""

    def __init__(self, app, name: str, log: dict):
        self.app, self.name, self.log = app, name, log

    async def __call__(self, scope, receive, send):
        sent = 0

        async def timed_send(message):
            nonlocal sent
            t = time.thread_time_ns()
            try:
                await send(message)
            finally:
                sent += time.thread_time_ns() - t

        t = time.thread_time_ns()
        try:
            await self.app(scope, receive, timed_send)
        finally:
            self.log[self.name].append((time.thread_time_ns() - t, sent))


def worker_cpu_ns(pid: int) -> int:
    try:
        return sum(int((t / "schedstat").read_text().split()[0]) for t in Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return 0


def layer_name(app) -> str:
    return type(app).__name__


def head_bytes(target: str) -> bytes:
    return (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: wrk\r\n"
            "Accept: application/sparql-results+json\r\n\r\n").encode()


def http_costs(target: str, body: bytes, n: int = 2000) -> dict:
    """µs to parse the request head with h11 and with httptools, and to write the response with h11."""
    import h11
    import httptools

    head = head_bytes(target)
    times = []
    for _ in range(n):
        t = time.perf_counter_ns()
        conn = h11.Connection(h11.SERVER)
        conn.receive_data(head)
        conn.next_event()
        conn.next_event()
        times.append(time.perf_counter_ns() - t)
    h11_parse = statistics.median(times) / 1e3

    class Sink:
        def on_url(self, url):
            self.url = url

        def on_header(self, name, value):
            pass

        def on_message_complete(self):
            pass

    times = []
    for _ in range(n):
        t = time.perf_counter_ns()
        parser = httptools.HttpRequestParser(Sink())
        parser.feed_data(head)
        httptools.parse_url(parser_url := head.split(b" ", 2)[1])  # uvicorn's HttpToolsProtocol parses the URL too
        times.append(time.perf_counter_ns() - t)
    ht_parse = statistics.median(times) / 1e3
    del parser_url

    headers = [(b"content-type", b"application/sparql-results+json"), (b"content-length", str(len(body)).encode()),
               (b"etag", b'"0123456789abcdef0123456789abcdef"'), (b"cache-control", b"no-cache"), (b"vary", b"Accept, Origin")]
    headers += [(k.encode(), v.encode()) for k, v in __import__("rightsgraph.api.app", fromlist=["x"]).SECURITY_HEADERS.items()]
    times = []
    for _ in range(n):
        conn = h11.Connection(h11.SERVER)
        conn.receive_data(head)
        conn.next_event()
        conn.next_event()
        t = time.perf_counter_ns()
        out = conn.send(h11.Response(status_code=200, headers=headers))
        out += conn.send(h11.Data(data=body))
        out += conn.send(h11.EndOfMessage())
        times.append(time.perf_counter_ns() - t)
    h11_write = statistics.median(times) / 1e3
    return {"h11_parse_us": h11_parse, "httptools_parse_us": ht_parse, "h11_write_us": h11_write, "head_bytes": len(head)}


async def drive(app, texts: list[str], accept: str, log: dict, pool_times: list, profile=None) -> list[int]:
    totals = []
    for text in texts:
        qs = b"query=" + urllib.parse.quote(text, safe="").encode()
        scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1", "method": "GET",
                 "scheme": "http", "path": "/sparql", "raw_path": b"/sparql", "query_string": qs, "root_path": "",
                 "headers": [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"wrk"), (b"accept", accept.encode())],
                 "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 8000), "state": {}}
        status = {}

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            elif message["type"] == "http.response.body":
                status["bytes"] = status.get("bytes", 0) + len(message.get("body", b""))

        t, c = time.perf_counter_ns(), time.thread_time_ns()
        if profile:
            profile.enable()
        await app(scope, receive, send)
        if profile:
            profile.disable()
        totals.append((time.perf_counter_ns() - t, time.thread_time_ns() - c))
        if status.get("code") != 200:
            raise SystemExit(f"status {status} for {text[:80]!r}")
    return totals


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", default=str(ROOT / "build" / "current"))
    p.add_argument("--requests", type=int, default=400)
    p.add_argument("--query", default="label-search", help="a query of bench/run.py's QUERIES")
    p.add_argument("--cprofile", type=int, default=0, help="print cProfile's top N functions (a separate pass)")
    p.add_argument("--sort", default="tottime", help="cProfile's order: tottime or cumulative")
    p.add_argument("--filter", default="", help="only functions whose file matches this regular expression")
    args = p.parse_args(argv)

    from rightsgraph.api.app import create_app
    from rightsgraph.config import Settings
    from rightsgraph.engine.oxigraph import OxigraphEngine
    from rightsgraph.procs.pool import WorkerPool

    settings = Settings.from_env()
    app = create_app(settings, build_path=Path(args.build))
    service = app.state.service
    text = run.query_text(args.query, for_http=True, nonce=True)[0]
    accept = "application/sparql-results+json" if run.QUERIES[args.query][1] == "select" else "application/n-triples"
    fmt = "json" if run.QUERIES[args.query][1] == "select" else "ntriples"
    log: dict = defaultdict(list)
    pool_times: list = []

    original = WorkerPool._acall

    async def timed_acall(self, *a, **kw):
        t, c = time.perf_counter_ns(), time.thread_time_ns()
        try:
            return await original(self, *a, **kw)
        finally:
            pool_times.append((time.perf_counter_ns() - t, time.thread_time_ns() - c))

    async def session():
        async with app.router.lifespan_context(app):
            service.query_engine  # wait for the pool
            # the stack is built on the first call: make one, then wrap every layer
            await drive(app, [text.replace(run.NONCE, "0")], accept, log, pool_times)
            node, names = app, []
            while hasattr(node, "middleware_stack") or hasattr(node, "app"):
                inner_attr = "middleware_stack" if hasattr(node, "middleware_stack") and node.middleware_stack is not None else "app"
                inner = getattr(node, inner_attr)
                if inner is None or isinstance(inner, Timed):
                    break
                name = layer_name(inner)
                names.append(name)
                setattr(node, inner_attr, Timed(inner, name, log))
                node = inner
                if name in ("APIRouter", "Router"):
                    break
            WorkerPool._acall = timed_acall
            texts = [text.replace(run.NONCE, str(i + 1)) for i in range(args.requests)]
            pids = service.query_engine.worker_pids()
            before = sum(worker_cpu_ns(pid) for pid in pids)
            totals = await drive(app, texts, accept, log, pool_times)
            worker_cpu.append((sum(worker_cpu_ns(pid) for pid in pids) - before) / args.requests)
            WorkerPool._acall = original
            prof = None
            if args.cprofile:
                import cProfile

                prof = cProfile.Profile()
                await drive(app, [text.replace(run.NONCE, str(10**6 + i)) for i in range(args.requests)], accept, defaultdict(list), [], prof)
            return names, totals, prof

    worker_cpu: list = []
    names, totals, prof = asyncio.run(session())
    med = lambda xs: statistics.median(xs) / 1e3  # noqa: E731  (ns -> µs)
    print(f"# one uncached GET /sparql ({args.query}, {len(text)} characters), {args.requests} requests one at a time, medians in µs\n")
    print(f"whole request through the app (ASGI, no sockets): wall {med([t[0] for t in totals]):.0f} µs, "
          f"CPU of the server's thread {med([t[1] for t in totals]):.0f} µs, CPU of the worker {worker_cpu[0] / 1e3:.0f} µs (mean)")
    rows = []
    own_prev = None
    layers = [(n, log[n]) for n in names if log[n]]  # layers a request never reached (answered above them) are left out
    for i, (name, entries) in enumerate(layers):
        below = [inc - sent for inc, sent in entries[-args.requests:]]
        rows.append((name, below))
    print("\n| layer (outermost first) | own CPU µs (request side + its send wrapper) |\n|---|---|")
    for i, (name, below) in enumerate(rows):
        inner = rows[i + 1][1] if i + 1 < len(rows) else None
        own = [a - b for a, b in zip(below, inner)] if inner else below
        label = name + (" (and everything inside it, the worker round trip included)" if inner is None else "")
        print(f"| {label} | {statistics.median(own) / 1e3:.0f} |")
    print(f"\nworker round trip (WorkerPool._acall): wall {med([t[0] for t in pool_times[-args.requests:]]):.0f} µs, "
          f"CPU of the server's thread in it {med([t[1] for t in pool_times[-args.requests:]]):.0f} µs")

    # the engine alone, in process, on the same texts (what the worker's evaluation costs)
    engine = OxigraphEngine(Path(args.build) / "dumps" / "dataset.nq")
    times = []
    for i in range(args.requests):
        t = time.perf_counter_ns()
        engine.query(text.replace(run.NONCE, str(5 * 10**6 + i)), fmt=fmt, max_rows=settings.max_rows, base_iri="http://127.0.0.1:8000/sparql")
        times.append(time.perf_counter_ns() - t)
    print(f"engine alone (pyoxigraph in process, max_rows={settings.max_rows}, Python-side JSON): {med(times):.0f} µs")
    times = []
    for i in range(args.requests):
        t = time.perf_counter_ns()
        engine.query(text.replace(run.NONCE, str(6 * 10**6 + i)), fmt=fmt, base_iri="http://127.0.0.1:8000/sparql")
        times.append(time.perf_counter_ns() - t)
    print(f"engine alone, serialised by pyoxigraph (no max_rows): {med(times):.0f} µs")

    from rightsgraph.query.guard import _screen, lexical_analysis

    times = []
    for i in range(args.requests):
        t_ = text.replace(run.NONCE, str(7 * 10**6 + i))
        t = time.perf_counter_ns()
        lexical_analysis(t_, _screen(t_, settings.max_nesting, 8000))
        times.append(time.perf_counter_ns() - t)
    print(f"the guard's lexical pass on a new text: {med(times):.0f} µs")
    target = "/sparql?query=" + urllib.parse.quote(text.replace(run.NONCE, "1"), safe="")
    body = engine.query(text.replace(run.NONCE, "1"), fmt=fmt, max_rows=settings.max_rows).body
    h = http_costs(target, body)
    print(f"HTTP head ({h['head_bytes']} bytes): h11 parse {h['h11_parse_us']:.0f} µs, httptools parse {h['httptools_parse_us']:.0f} µs; "
          f"h11 writing the {len(body)}-byte response {h['h11_write_us']:.0f} µs")
    if prof:
        import pstats

        print(f"\n## cProfile, {args.requests} more requests (sorted by {args.sort})\n")
        pstats.Stats(prof).sort_stats(args.sort).print_stats(*([args.filter] if args.filter else []), args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A bounded asyncio load generator (used when `wrk` is not installed): N connections, D seconds.

    .venv/bin/python bench/load.py URL --connections 16 --duration 5 [--accept TYPE] [--unique]

With ``--unique`` every request's URL has its ``__NONCE__`` (the trailing ``VALUES ?nonce { __NONCE__ }`` of
``run.query_text(..., nonce=True)``) replaced by a counter, or, in a URL without one, a counter comment appended
to the query: as ``bench/work/unique.lua`` does for wrk.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

NONCE = "__NONCE__"  # run.NONCE (not imported: this file also runs on its own)


async def _run(url: str, accept: str, duration: float, connections: int, unique: bool = False) -> dict:
    import httpx

    latencies: list[float] = []
    non_2xx = errors = 0
    counter = 0
    if unique and NONCE not in url:
        url += "%0A%23" + NONCE  # a comment line: "\n#<counter>"
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=30, trust_env=False, headers={"Accept": accept}) as client:
        stop = time.perf_counter() + duration

        async def worker():
            nonlocal non_2xx, errors, counter
            while time.perf_counter() < stop:
                t = time.perf_counter()
                counter += 1
                try:
                    r = await client.get(url.replace(NONCE, str(counter)) if unique else url)
                    await r.aread()
                    if not 200 <= r.status_code < 300:
                        non_2xx += 1
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - t)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1e3 if latencies else float("nan")

    return {"rps": len(latencies) / elapsed, "p50_ms": pct(0.50), "p99_ms": pct(0.99), "requests": len(latencies),
            "non_2xx": non_2xx, "socket_errors": f"{errors} errors" if errors else ""}


def run(url: str, accept: str, duration: float, connections: int, unique: bool = False) -> dict:
    return asyncio.run(_run(url, accept, duration, connections, unique))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("url")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--duration", type=float, default=5.0)
    p.add_argument("--accept", default="application/sparql-results+json")
    p.add_argument("--unique", action="store_true", help=f"replace {NONCE} in the URL with a counter per request (without one: append a counter comment)")
    args = p.parse_args(argv)
    print(json.dumps(run(args.url, args.accept, args.duration, args.connections, args.unique)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

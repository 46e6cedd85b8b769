"""CPU of the SELECT JSON written on the max_rows path (engine/oxigraph._solutions) against the
dictionaries + json.dumps it replaced, and against pyoxigraph's own serialiser, on the bench mix.

    .venv/bin/python bench/serialise.py [--build DIR/current] [--repeat 40]

Process CPU (time.process_time_ns), medians over the repeats, µs; the engine's evaluation (the
rows taken from the iterator) is measured apart. Checks that both outputs are the same bytes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import pyoxigraph as ox  # noqa: E402

import run  # noqa: E402
from rightsgraph import formats  # noqa: E402
from rightsgraph.engine.oxigraph import _json_term, _solutions  # noqa: E402


def before(variables, rows) -> bytes:
    names = [v.value for v in variables]
    bindings = [{n: _json_term(row[n]) for n in names if row[n] is not None} for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(run.ROOT / "build" / "current"))
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    store = ox.Store()
    store.bulk_load(path=str(Path(args.build) / "dumps" / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    fmt = formats.results("json")
    print(f"{len(store)} quads; µs of CPU, median of {args.repeat}")
    print("| query | rows | engine (rows taken) | before: dicts + json.dumps | now: `_solutions` | pyoxigraph serialise (whole answer) |")
    print("|---|---|---|---|---|---|")
    for name in ("headline-unratified",) + run.MIX:
        text, _ = run.query_text(name, for_http=True)
        took = {"eval": [], "before": [], "now": [], "ox": []}
        for _ in range(args.repeat):
            answer = store.query(text, use_default_graph_as_union=True)
            t0 = time.process_time_ns()
            rows = list(islice(answer, 10_001))
            t1 = time.process_time_ns()
            old = before(answer.variables, rows)
            t2 = time.process_time_ns()
            new = _solutions(answer.variables, rows, fmt)
            t3 = time.process_time_ns()
            whole = store.query(text, use_default_graph_as_union=True)
            t4 = time.process_time_ns()
            whole.serialize(format=ox.QueryResultsFormat.JSON)
            t5 = time.process_time_ns()
            assert old == new, name
            for key, ns in (("eval", t1 - t0), ("before", t2 - t1), ("now", t3 - t2), ("ox", t5 - t4)):
                took[key].append(ns / 1000)
        m = {k: statistics.median(v) for k, v in took.items()}
        print(f"| {name} | {len(rows)} | {m['eval']:.0f} | {m['before']:.0f} | {m['now']:.0f} | {m['ox']:.0f} (evaluation included) |")


if __name__ == "__main__":
    main()

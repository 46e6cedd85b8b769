"""What one full garbage collection costs in a service process, before and after gc.freeze().

    .venv/bin/python bench/gc_cost.py [BUILD_DIR/current]

Imports the app, builds it over the build (as ``rightsgraph serve`` does), fills the per-build memos
the REST routes use, and times ``gc.collect()`` (median of 5, wall and CPU) at each step, then after
``gc.freeze()``. A full (gen2) collection stalls every request in flight for that long.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(label: str) -> None:
    walls, cpus = [], []
    for _ in range(5):
        t, c = time.perf_counter(), time.process_time()
        gc.collect()
        walls.append((time.perf_counter() - t) * 1e3)
        cpus.append((time.process_time() - c) * 1e3)
    print(f"{label}: {len(gc.get_objects()):,} objects tracked; a full collection takes {sorted(walls)[2]:.1f} ms wall, "
          f"{sorted(cpus)[2]:.1f} ms CPU")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    build = Path(argv[0]) if argv else ROOT / "build" / "current"
    timed("bare Python")
    from rightsgraph.api.app import create_app
    from rightsgraph.config import Settings

    timed("after importing the app")
    app = create_app(Settings.from_env(), build_path=build)
    service = app.state.service
    service.labels, service.paragraphs  # noqa: B018 - the memos the REST routes fill on first use
    timed("after create_app and the memos")
    gc.freeze()
    timed("after gc.freeze()")
    return 0


if __name__ == "__main__":
    sys.exit(main())

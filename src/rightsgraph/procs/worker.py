"""The code that runs inside one pool worker process (see ``pool.py``).

A worker opens the build's on-disk pyoxigraph store read-only (so N workers share the files
instead of each holding a parsed copy), caps its own address space with ``RLIMIT_AS``, reports
"ready" and then answers one request at a time over its end of a pipe until the pipe closes.
The parent kills it with SIGKILL when a request overruns its deadline; nothing here needs to
cooperate with that.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
from pathlib import Path

import pyoxigraph as ox

from ..errors import QueryError, RightsgraphError, UsageError
from ..engine.oxigraph import OxigraphEngine


class StoreEngine(OxigraphEngine):
    """The oxigraph engine over an already opened (read-only, on-disk) store."""

    name = "oxigraph-store"

    def __init__(self, store: ox.Store):  # noqa: D107 - no N-Quads to load
        self.store = store


def _vm_size_bytes() -> int:
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cap_memory(memory_mb: int) -> int:
    """Limit the address space to what the idle worker maps plus memory_mb; returns the limit.

    The idle worker already maps ~0.6 GB of address space it never touches (thread stacks and
    malloc arenas of the Rust runtime, RocksDB), so the cap is headroom over that baseline.
    """
    if memory_mb <= 0:
        return 0
    limit = _vm_size_bytes() + memory_mb * 1024 * 1024
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return 0
    return limit


def _error(exc: BaseException) -> tuple:
    kind = "usage" if isinstance(exc, UsageError) else "query"
    return ("error", kind, str(exc))


# Functions a caller may run in a worker with WorkerPool.call(): CPU-bound checks that should be
# parallel, killable and off the server's GIL (rdflib's SPARQL parser in the guard, above all).
CALLABLE = {"rightsgraph.query.guard.analyse"}


def _call(name: str, args: tuple, kwargs: dict):
    if name not in CALLABLE:
        raise UsageError(f"{name!r} may not be called in a query worker")
    import importlib

    module, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(module), attr)(*args, **kwargs)


def _checked_query(engine, sparql: str, guard: dict, **kwargs):
    """Analyse a query with the guard (rdflib's parse, here: parallel and killable), then run it:
    (result, analysis)."""
    from ..query.guard import analyse

    analysis = analyse(sparql, **guard)
    return engine.query(sparql, dataset_in_query=analysis.dataset_in_query, **kwargs), analysis


def _raised(exc: BaseException) -> tuple:
    """A RightsgraphError to re-raise in the parent, whatever its __init__ takes."""
    cls = type(exc)
    return ("raise", f"{cls.__module__}:{cls.__qualname__}", str(exc), dict(vars(exc)))


def worker_main(conn, store_path: str, memory_mb: int, nquads_path: str | None = None, describe: bool = True) -> None:
    """Entry point of a worker process: serve requests from conn until it closes.

    With ``nquads_path`` the worker loads the dataset into its own in-memory store instead of
    opening the shared on-disk one: 2-6x faster joins, at the cost of one copy per worker.
    ``describe=False`` (replacement workers) skips counting the store (a scan: 0.15 s at 800k quads).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the parent, which kills us
    os.environ["RUST_BACKTRACE"] = "0"  # an aborting worker logs one line, not a backtrace
    try:
        if nquads_path:
            store = ox.Store()
            store.bulk_load(path=nquads_path, format=ox.RdfFormat.N_QUADS)
        else:
            store = ox.Store.read_only(store_path)
        engine = StoreEngine(store)
        graphs = engine.graph_names() if describe else []
        triples = engine.triple_count() if describe else 0
    except Exception as exc:  # cannot open the store: report and stop
        conn.send(("failed", f"cannot open store {Path(store_path).name}: {exc}"))
        return
    limit = cap_memory(memory_mb)
    conn.send(("ready", os.getpid(), graphs, triples, limit))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        op, args, kwargs = request
        try:
            if op == "query":
                reply = ("ok", engine.query(*args, **kwargs))
            elif op == "checked":  # the guard's parse and the query in one round trip
                try:
                    reply = ("ok", _checked_query(engine, *args, **kwargs))
                except RightsgraphError as exc:  # a refusal keeps its class, feature and status
                    reply = _raised(exc)
            elif op == "select":
                reply = ("ok", engine.select(*args, **kwargs))
            elif op == "ping":
                reply = ("ok", os.getpid())
            elif op == "call":
                try:
                    reply = ("ok", _call(*args, **kwargs))
                except RightsgraphError as exc:
                    reply = _raised(exc)
            else:
                reply = ("error", "usage", f"unknown operation {op!r}")
        except MemoryError:
            reply = ("error", "memory", "the query needed more memory than a worker may use")
        except RightsgraphError as exc:
            reply = _error(exc)
        except Exception as exc:  # any other engine failure is the query's fault
            reply = _error(QueryError(f"query failed: {exc}"))
        try:
            payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)  # what conn.send pickles, without a ForkingPickler
        except Exception as exc:  # an unpicklable result: say so instead of dying
            payload = pickle.dumps(("error", "query", f"cannot return the result: {exc}"))
        try:
            conn.send_bytes(payload)
        except (EOFError, OSError):
            return

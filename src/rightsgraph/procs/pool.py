"""Killable query execution: a pool of pre-started worker processes with a deadline per query.

Neither rdflib nor pyoxigraph can cancel a running query, and some inputs crash pyoxigraph
outright (a ~10 KB query of nested braces overflows its parser's stack). So the service runs
every query in a worker *process*:

* each worker either loads the build's N-Quads into a store of its own (``in_memory=True``, the
  service's choice up to 1M triples: 4-5x faster joins) or opens the build's on-disk store
  (``<build>/store``) with ``pyoxigraph.Store.read_only``, so N workers share one copy of the data
  on disk and in the page cache (``RIGHTSGRAPH_QUERY_STORE`` decides, see ``api/service.py``);
* each worker caps its address space with ``RLIMIT_AS`` (``memory_mb`` of headroom over its idle
  size, see ``worker.cap_memory``);
* a query that runs past ``timeout`` seconds gets its worker SIGKILLed and replaced, and the call
  raises :class:`QueryTimeout`; a worker that dies mid-query (segfault, abort on allocation
  failure, ``kill -9``) is replaced and the call raises :class:`WorkerCrashed`;
* when every worker is busy, a call waits up to ``queue_timeout`` seconds for one and then raises
  :class:`PoolBusy`.

All three are :class:`EngineUnavailable`, which carries ``retry_after`` seconds; the API maps it
to ``503 Service Unavailable`` with a ``Retry-After`` header. ``WorkerPool`` has the engines'
``query`` / ``select`` / ``graph_names`` / ``triple_count`` interface, thread-safe for callers in
threads (the CLI, the upload sandbox) and awaitable on the event loop (``query_async`` /
``checked_query_async``, which the service's routes use: the loop waits on the worker's pipe, no
thread is held); each worker serves one call at a time.

``ProcessPool`` is what the query pool and the upload sandbox (``sandbox.py``) share: spawning, the idle
queue, retiring and replacing workers, and the one call path (acquire a worker, send, wait with a
deadline, retire and replace on a crash or a timeout), ``_exchange`` for callers in threads and
``_aexchange`` for the event loop, the two differing only in how they wait.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import pickle
import queue
import select
import signal
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EngineUnavailable, PoolBusy, QueryError, QueryTimeout, RightsgraphError, UsageError, WorkerCrashed
from ..engine import Engine, QueryOptions, Result


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object
    pid: int = 0
    graphs: list = field(default_factory=list)
    triples: int = 0
    memory_limit: int = 0
    requests: int = 0
    busy: bool = False
    _poller: object = field(default=None, repr=False)

    def alive(self) -> bool:
        """Whether the process runs: one poll(2) of its sentinel (readable once it has exited), instead of
        ``is_alive()``'s selector, built and torn down per call (measured: docs/engines.md); a readable
        sentinel is confirmed (and the exit reaped) by ``is_alive()``."""
        try:
            poller = self._poller
            if poller is None:
                poller = self._poller = select.poll()
                poller.register(self.process.sentinel, select.POLLIN)
            if not poller.poll(0):
                return True
        except (ValueError, OSError, AttributeError):
            pass
        return self.process.is_alive()

    def kill_process(self) -> None:
        try:
            if self.process.pid and self.process.exitcode is None:
                os.kill(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def kill(self) -> None:
        self.kill_process()
        try:
            self.conn.close()
        except OSError:
            pass


def _dumps(request) -> bytes:
    """A request for a worker, pickled (what ``Connection.send`` sends, without building a ForkingPickler:
    a request holds only plain values, no descriptors or processes)."""
    return pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)


def _rebuild(path: str, message: str, state: dict) -> BaseException:
    import importlib

    module, _, name = path.partition(":")
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return QueryError(message)
    if not (isinstance(cls, type) and issubclass(cls, RightsgraphError)):
        return QueryError(message)
    exc = cls.__new__(cls)
    exc.args = (message,)
    exc.__dict__.update(state)
    return exc


def _describe_exit(process) -> str:
    process.join(timeout=1.0)
    code = process.exitcode
    if code is None:
        return "the worker stopped answering"
    if code < 0:
        try:
            return f"the worker died from signal {signal.Signals(-code).name}"
        except ValueError:
            return f"the worker died from signal {-code}"
    return f"the worker exited with status {code}"


def _query_kwargs(kwargs: dict) -> dict:
    """Query options as the worker takes them: graph lists as tuples, no empty base IRI."""
    kwargs = {k: (tuple(v) if k.endswith("_graphs") else v) for k, v in kwargs.items() if not (k == "base_iri" and not v)}
    if kwargs.get("bindings"):
        kwargs["bindings"] = dict(kwargs["bindings"])
    return kwargs


class ProcessPool:
    """What the query pool and the upload sandbox share: pre-started worker processes on pipes, an idle
    queue, kill-and-replace, and the one call path (``_exchange`` in a thread, ``_aexchange`` on an event
    loop). Subclasses give ``_spawn(first)``, ``_await_ready(worker)`` and ``_answer(worker, reply)``, and
    may word ``_crashed`` / ``_timed_out``."""

    what = "worker"  # how messages name a worker, e.g. "query worker"

    def _setup(self, size: int, queue_timeout: float, ready_timeout: float, start_method: str, preload: list[str]) -> None:
        self.size = size
        self.queue_timeout = float(queue_timeout)
        self.ready_timeout = float(ready_timeout)
        if start_method == "forkserver" and start_method in multiprocessing.get_all_start_methods():
            self._ctx = multiprocessing.get_context("forkserver")
            # Preload the workers' imports in the fork server once, so a replacement starts in
            # milliseconds instead of re-importing everything.
            self._ctx.set_forkserver_preload(preload)
        else:
            self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        self._pending = 0  # replacements being started
        self._loop_slots: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # event loop -> asyncio.Semaphore
        self.stats = {"requests": 0, "timeouts": 0, "crashes": 0, "busy": 0, "restarts": 0}

    def _start_process(self, target, args: tuple, name: str) -> _Worker:
        """A worker process running ``target(conn, *args)`` on the child end of a new pipe."""
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=target, args=(child, *args), daemon=True, name=name)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _start_all(self) -> list[_Worker]:
        """Start every worker and wait for all of them (killing them all if one fails)."""
        started = [self._spawn(first=(i == 0)) for i in range(self.size)]
        try:
            for w in started:
                self._await_ready(w)
        except BaseException:
            for w in started:
                w.kill()
            raise
        for w in started:
            self._register(w)
        return started

    def _register(self, w: _Worker) -> None:
        with self._lock:
            if self._closed:
                w.kill()
                return
            self._workers.add(w)
        self._idle.put(w)

    def _retire(self, w: _Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        w.kill()
        with self._lock:
            self._workers.discard(w)
            if self._closed:
                return
            self._pending += 1
            self.stats["restarts"] += 1
        threading.Thread(target=self._replace, args=(w,), daemon=True, name=f"rightsgraph-{self.what.replace(' ', '-')}-respawn").start()

    def _replace(self, dead: _Worker) -> None:
        dead.process.join(timeout=5.0)
        delay = 0.1
        try:
            while True:
                with self._lock:
                    if self._closed:
                        return
                try:
                    w = self._spawn(first=False)
                    self._await_ready(w)
                except (EngineUnavailable, OSError):
                    time.sleep(delay)
                    delay = min(delay * 2, 5.0)
                    continue
                self._register(w)
                return
        finally:
            with self._lock:
                self._pending -= 1

    def _acquire(self) -> _Worker:
        deadline = time.monotonic() + self.queue_timeout
        while True:
            if self._closed:
                raise EngineUnavailable(f"the {self.what}s are shut down", retry_after=5)
            remaining = deadline - time.monotonic()
            try:
                w = self._idle.get(timeout=max(0.0, remaining))
            except queue.Empty:
                raise self._busy_error() from None
            if w.alive():
                return w
            self._retire(w)  # died while idle (e.g. killed from outside): replace it, try another

    # ------------------------------------------------------------------ the one call path (sync and async)
    # A call acquires an idle worker, sends it one request, waits for the reply at most ``timeout`` seconds
    # and hands the reply to ``_answer`` (the subclass's: what it means, whether the worker is reused). A
    # worker that overran is killed and replaced (``_timed_out``), one whose pipe broke (it died) too
    # (``_crashed``); any other failure mid-request (cancelled, unpicklable) retires it, as its pipe may be
    # out of step. ``_exchange`` waits in the calling thread, ``_aexchange`` on the event loop; the rest is shared.

    def _crashed(self, reason: str) -> BaseException:
        """The error of a call whose worker died mid-request."""
        return WorkerCrashed(f"the call could not be completed: {reason}; the worker is being replaced", retry_after=1)

    def _timed_out(self, timeout: float) -> BaseException:
        """The error of a call that ran past its deadline."""
        return QueryTimeout(f"the call ran longer than {timeout:g} s and was stopped", retry_after=1)

    def _answer(self, w: _Worker, reply):
        """The value of a reply (or its error); puts the worker back (``self._idle.put``) or retires it (``_drop``)."""
        raise NotImplementedError

    def _busy_error(self) -> PoolBusy:
        with self._lock:
            self.stats["busy"] += 1
        return PoolBusy(f"all {self.size} {self.what}s stayed busy for {self.queue_timeout:g} s; try again shortly", retry_after=1)

    def _begin(self, w: _Worker) -> None:
        with self._lock:
            self.stats["requests"] += 1
        w.requests += 1
        w.busy = True

    def _drop(self, w: _Worker) -> None:
        """Retire a worker that crashed or is no longer trusted (counted as a crash)."""
        self._retire(w)
        with self._lock:
            self.stats["crashes"] += 1

    def _settle(self, w: _Worker, reply, timeout: float):
        if reply is None:  # the deadline passed
            self._retire(w)
            with self._lock:
                self.stats["timeouts"] += 1
            raise self._timed_out(timeout)
        return self._answer(w, reply)

    def _exchange(self, request: tuple, timeout: float):
        """One call, waiting in the calling thread (thread-safe)."""
        w = self._acquire()
        self._begin(w)
        try:
            w.conn.send_bytes(_dumps(request))
            reply = w.conn.recv() if w.conn.poll(timeout) else None
        except (EOFError, OSError):
            reason = _describe_exit(w.process)
            self._drop(w)
            raise self._crashed(reason) from None
        except BaseException:
            self._retire(w)  # e.g. an unpicklable argument or KeyboardInterrupt: never reuse a desynchronised pipe
            raise
        finally:
            w.busy = False
        return self._settle(w, reply, timeout)

    async def _aexchange(self, request: tuple, timeout: float):
        """``_exchange`` for an event loop: the loop itself waits for the reply on the pipe's file
        descriptor, so no thread is held and none contends for the GIL with the loop. Callers of
        one loop queue on an asyncio semaphore with one permit per worker (PoolBusy after
        ``queue_timeout``); when a synchronous caller holds the idle worker it waits as they do."""
        loop = asyncio.get_running_loop()
        slots = self._slots(loop)
        if slots.locked():  # wait for a permit, at most queue_timeout (a free one is taken without a task and a timer)
            try:
                await asyncio.wait_for(slots.acquire(), self.queue_timeout)
            except asyncio.TimeoutError:
                raise self._busy_error() from None
        else:
            await slots.acquire()
        try:
            w = self._idle_now()
            if w is None:
                w = await loop.run_in_executor(None, self._acquire)
            self._begin(w)
            fd = timer = None
            try:
                w.conn.send_bytes(_dumps(request))
                readable = loop.create_future()
                fd = w.conn.fileno()
                # the deadline is a timer on the loop that settles the same future (no wait_for task)
                timer = loop.call_later(timeout, lambda: readable.done() or readable.set_result(False))
                loop.add_reader(fd, lambda: readable.done() or readable.set_result(True))
                if await readable:
                    loop.remove_reader(fd)
                    fd = None
                    # uvloop makes a descriptor it watches non-blocking; the reply (up to a few MB, being
                    # written by the worker now) is read whole, as the synchronous path reads it
                    os.set_blocking(w.conn.fileno(), True)
                    reply = w.conn.recv()
                else:
                    reply = None
            except (EOFError, OSError):
                reason = await loop.run_in_executor(None, _describe_exit, w.process)  # it waits for the exit
                self._drop(w)
                raise self._crashed(reason) from None
            except BaseException:
                self._retire(w)  # cancelled (the client left) or unpicklable: the worker is mid-request, never reuse it
                raise
            finally:
                if timer is not None:
                    timer.cancel()
                if fd is not None:
                    loop.remove_reader(fd)
                    try:
                        os.set_blocking(fd, True)
                    except OSError:  # closed: the worker was retired
                        pass
                w.busy = False
            return self._settle(w, reply, timeout)
        finally:
            slots.release()

    def _slots(self, loop):
        """The asyncio semaphore of one event loop (a test may serve one pool from two loops)."""
        with self._lock:
            slots = self._loop_slots
            if loop not in slots:
                slots[loop] = asyncio.Semaphore(self.size)
            return slots[loop]

    def _idle_now(self) -> _Worker | None:
        """An idle live worker without waiting, or None."""
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                return None
            if w.alive():
                return w
            self._retire(w)

    # ------------------------------------------------------------------ inspection and shutdown

    def worker_pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._workers if w.process.pid)

    def alive_workers(self) -> int:
        with self._lock:
            return sum(1 for w in self._workers if w.alive())

    def wait_full(self, timeout: float = 30.0) -> bool:
        """Wait until every replacement has started; True when the pool is at full size."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                full = self._pending == 0 and len(self._workers) == self.size
            if full and self.alive_workers() == self.size:
                return True
            time.sleep(0.02)
        return False

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for w in workers:
            if w.busy:
                w.kill_process()  # its caller sees EOF and raises; it closes its own end
            else:
                try:
                    w.conn.close()  # an idle worker exits on EOF
                except OSError:
                    pass
        deadline = time.monotonic() + 2.0
        for w in workers:
            w.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.kill_process()
                w.process.join(timeout=1.0)


class WorkerPool(ProcessPool, Engine):
    """Queries on pre-started worker processes, each killed and replaced when it overruns.

    ``build_path`` is a build directory holding ``store/`` (the on-disk pyoxigraph store the
    build writes). ``workers`` processes are started (and waited for) before the constructor
    returns. ``timeout`` is the default deadline per query in seconds (``query(..., timeout=)``
    overrides it per call), ``memory_mb`` the address-space headroom of a worker (0 = no cap),
    ``queue_timeout`` how long a call waits for a free worker. ``in_memory=True`` makes each worker
    load ``dumps/dataset.nq`` into its own in-memory store instead of sharing the on-disk one:
    2-6x faster joins on this machine, for one copy of the data per worker (docs/engines.md).
    """

    name = "pool"
    what = "query worker"

    def __init__(
        self,
        build_path: Path | str,
        workers: int = 2,
        timeout: float = 10.0,
        memory_mb: int = 1024,
        queue_timeout: float = 2.0,
        *,
        start_method: str = "forkserver",
        ready_timeout: float = 60.0,
        in_memory: bool = False,
    ):
        if workers < 1:
            raise UsageError("a worker pool needs at least one worker")
        self.build_path = Path(build_path)
        self.store_path = self.build_path / "store"
        self.nquads_path = self.build_path / "dumps" / "dataset.nq" if in_memory else None
        if in_memory and not self.nquads_path.is_file():
            raise UsageError(f"{self.build_path} has no dumps/dataset.nq")
        if not in_memory and not (self.store_path / "CURRENT").is_file():
            raise UsageError(f"{self.build_path} has no on-disk store (store/); rebuild with `rightsgraph build`")
        self.timeout = float(timeout)
        self.memory_mb = int(memory_mb)
        self._setup(workers, queue_timeout, ready_timeout, start_method, ["rightsgraph.procs.worker", "rightsgraph.query.guard"])
        self._graphs: list[str] = []
        self._triples = 0
        started = self._start_all()
        self._graphs, self._triples = list(started[0].graphs), started[0].triples

    # ------------------------------------------------------------------ worker lifecycle

    def _spawn(self, first: bool) -> _Worker:
        from .worker import worker_main

        args = (str(self.store_path), self.memory_mb, str(self.nquads_path) if self.nquads_path else None, first)
        return self._start_process(worker_main, args, "rightsgraph-query-worker")

    def _await_ready(self, w: _Worker) -> None:
        try:
            ready = w.conn.poll(self.ready_timeout)
            message = w.conn.recv() if ready else None
        except (EOFError, OSError):
            message = None
        if not message or message[0] != "ready":
            w.kill()
            reason = message[1] if message and message[0] == "failed" else _describe_exit(w.process)
            if w.process.exitcode == 1:
                reason += (" (a worker imports the main module first, as multiprocessing's forkserver and spawn do:"
                           " a script that starts a pool must do so under `if __name__ == '__main__':`)")
            raise EngineUnavailable(f"a query worker could not start: {reason}", retry_after=5)
        _, w.pid, w.graphs, w.triples, w.memory_limit = message

    # ------------------------------------------------------------------ calls

    def _call(self, op: str, args: tuple, kwargs: dict, timeout: float | None = None):
        return self._exchange((op, args, kwargs), self.timeout if timeout is None else float(timeout))

    async def _acall(self, op: str, args: tuple, kwargs: dict, timeout: float | None = None):
        return await self._aexchange((op, args, kwargs), self.timeout if timeout is None else float(timeout))

    def _crashed(self, reason: str) -> BaseException:
        return WorkerCrashed(f"the query could not be completed: {reason}; the worker is being replaced", retry_after=1)

    def _timed_out(self, timeout: float) -> BaseException:
        return QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped", retry_after=1)

    def _answer(self, w: _Worker, reply):
        status = reply[0]
        if status == "ok":
            self._idle.put(w)
            return reply[1]
        if status == "raise":  # an error of a call(): rebuilt as its own class
            self._idle.put(w)
            raise _rebuild(*reply[1:])
        _, kind, message = reply
        if kind == "memory":
            self._drop(w)  # a worker that hit its memory cap is not trusted again
            raise WorkerCrashed(message, retry_after=1)
        self._idle.put(w)
        if kind == "usage":
            raise UsageError(message)
        raise QueryError(message)

    def _query(self, sparql: str, options: QueryOptions, timeout: float | None = None) -> Result:
        return self._call("query", (sparql,), _query_kwargs(options.kwargs()), timeout)

    def checked_query(self, sparql: str, *, guard: dict, timeout: float | None = None, **kwargs):
        """``rightsgraph.query.guard.analyse(sparql, **guard)`` and then the query, in one worker round
        trip: (Result, Analysis). rdflib's parse of a new query text (24 ms for the headline query)
        then runs in parallel and under the deadline instead of holding the server's GIL."""
        return self._call("checked", (sparql, dict(guard)), _query_kwargs(kwargs), timeout)

    async def query_async(self, sparql: str, *, timeout: float | None = None, **kwargs) -> Result:
        """``query`` awaited on the event loop (see ``ProcessPool._aexchange``)."""
        return await self._acall("query", (sparql,), _query_kwargs(kwargs), timeout)

    async def checked_query_async(self, sparql: str, *, guard: dict, timeout: float | None = None, **kwargs):
        """``checked_query`` awaited on the event loop (see ``ProcessPool._aexchange``)."""
        return await self._acall("checked", (sparql, dict(guard)), _query_kwargs(kwargs), timeout)

    def select(self, sparql: str, bindings: dict[str, object] | None = None, *, timeout: float | None = None) -> list[dict[str, object]]:
        return self._call("select", (sparql,), {"bindings": dict(bindings) if bindings else None}, timeout)

    def call(self, function: str, *args, timeout: float | None = None, **kwargs):
        """Run an allow-listed function (``worker.CALLABLE``) in a worker, under the same deadline,
        memory cap and crash handling as a query; its RightsgraphErrors are raised here as they are."""
        return self._call("call", (function, args, kwargs), {}, timeout)

    def graph_names(self) -> list[str]:
        return list(self._graphs)

    def triple_count(self) -> int:
        return self._triples

    # ------------------------------------------------------------------ inspection and shutdown

    def busy_pids(self) -> list[int]:
        """Pids of the workers running a call now."""
        with self._lock:
            return sorted(w.pid for w in self._workers if w.busy)

    def __del__(self):  # best effort; call close()
        try:
            self.close()
        except Exception:
            pass

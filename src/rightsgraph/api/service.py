"""The service state: one compiled build, its engines, its answer cache and its lookups.

Two engines answer from the same build:

* ``local``: an in-process engine (oxigraph, or rdflib when that is the configured engine) for
  the server's own bounded lookups (/api, /id, /def, VoID): fast, no inter-process hop;
* ``queries``: the engine for *user* SPARQL (/sparql and /queries), which must be killable: a
  :class:`~rightsgraph.procs.pool.WorkerPool` of worker processes with a deadline and a memory
  cap (engine ``oxigraph`` or ``pool``), a remote SPARQL endpoint (engine = its URL), or the
  rdflib reference engine in process (engine ``rdflib``: not killable, for development only).

The pool is started in the background when the app starts and waited for on first use.

What the service computes from the release lives beside it: the label, paragraph and evidence lookups in
``lookups.py`` (``Service.label`` / ``labels`` / ``paragraphs`` / ``evidence`` delegate there), the dump files
in ``dumps.py`` (``Service.dumps``), search in ``search.py``, the records of the JSON API in ``records.py``.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

from ..build import read_manifest
from ..config import Settings
from ..engine import Engine, Result, open_engine
from ..errors import EngineUnavailable
from ..procs.pool import WorkerPool
from ..query.guard import Analysis, analyse, lexical_analysis, screen
from ..query.named import NamedQuery, load_queries
from . import lookups
from .cache import Answer, AnswerCache, InFlight
from .dumps import Dump, release_dumps
from .lookups import Paragraph

log = logging.getLogger("rightsgraph.api")

IN_MEMORY_TRIPLES = 1_000_000  # query_store=auto: workers hold their own copy up to this size


class Service:
    """One release being served: its manifest, catalogue and dumps, the in-process engine of the lookups, the
    killable engine of user queries (started in the background), the answer caches and the per-build memos."""

    def __init__(self, settings: Settings, build_path: Path, extra_graphs: dict[str, Path] | None = None):
        self.settings = settings
        self.build_path = Path(build_path).resolve()
        self.manifest = read_manifest(self.build_path)
        self.digest: str = self.manifest["digest"]
        self.version: str = self.manifest.get("version", "")
        self.dataset_nq = self.build_path / "dumps" / "dataset.nq"
        self.extra_graphs = {name: Path(p) for name, p in (extra_graphs or {}).items()}
        self.built_at = datetime.fromtimestamp(int((self.build_path / "manifest.json").stat().st_mtime), timezone.utc)
        local_name = settings.engine if settings.engine in ("oxigraph", "rdflib") else "oxigraph"
        self.local: Engine = open_engine(local_name, self.dataset_nq, self.extra_graphs or None)
        self.graph_names: list[str] = self.local.graph_names()
        self.build_graphs: list[str] = sorted(self.manifest.get("graphs", {}))
        self.catalogue: dict[str, NamedQuery] = load_queries(self.build_path / "queries")  # the release's own copy
        self.cache = AnswerCache(self.digest, settings.cache_size)
        self.responses = AnswerCache(self.digest, settings.cache_size)  # whole responses, sent by memo.ResponseMemo
        self.in_flight = InFlight()  # identical deterministic queries missing the cache at once: one evaluation
        self.dumps: dict[str, Dump] = release_dumps(self.build_path, self.manifest)
        self._records: dict[str, object] = {}
        self._records_lock = threading.RLock()  # memos compute other memos
        self._engine: Engine | None = None
        self._engine_ready = threading.Event()
        self._engine_started = False
        self._engine_lock = threading.Lock()
        self._scratch: Path | None = None

    # ------------------------------------------------------------------ the engine for user queries

    def start(self) -> None:
        """Start the query engine in the background (idempotent)."""
        with self._engine_lock:
            if self._engine_started:
                return
            self._engine_started = True
        threading.Thread(target=self._open_query_engine, daemon=True, name="rightsgraph-engine-start").start()

    def _open_query_engine(self) -> None:
        try:
            self._engine = self._make_query_engine()
        except BaseException as exc:  # the requests that need it answer 503
            log.error("the query engine could not start: %s", exc)
        finally:
            self._engine_ready.set()

    def _make_query_engine(self) -> Engine:
        s = self.settings
        if s.engine == "rdflib":
            return self.local
        if s.engine.startswith(("http://", "https://")):
            from ..engine.remote import RemoteEngine

            return RemoteEngine(s.engine, timeout=s.query_timeout)
        return WorkerPool(
            self._store_build(),
            workers=s.query_workers,
            timeout=s.query_timeout,
            memory_mb=s.query_memory_mb,
            queue_timeout=s.queue_timeout,
            in_memory=self._workers_in_memory(),
        )

    def _workers_in_memory(self) -> bool:
        """Each worker loads its own copy (4x faster joins, docs/engines.md) for small builds; larger ones share the on-disk store."""
        if self.extra_graphs or self.settings.query_store == "disk":
            return False
        return self.settings.query_store == "memory" or int(self.manifest.get("triples", 0)) <= IN_MEMORY_TRIPLES

    def _store_build(self) -> Path:
        """A build directory whose store/ the workers open: the build's own, or a private copy with the extra graphs."""
        if not self.extra_graphs and (self.build_path / "store" / "CURRENT").is_file():
            return self.build_path
        self._scratch = Path(tempfile.mkdtemp(prefix="rightsgraph-store-"))
        store = ox.Store(str(self._scratch / "store"))
        store.bulk_load(path=str(self.dataset_nq), format=ox.RdfFormat.N_QUADS)
        for name, path in self.extra_graphs.items():
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
        store.flush()
        del store
        return self._scratch

    @property
    def query_engine(self) -> Engine:
        self.start()
        if not self._engine_ready.wait(timeout=120):
            raise EngineUnavailable("the query engine is still starting", retry_after=5)
        if self._engine is None:
            raise EngineUnavailable("the query engine could not start; see the server log", retry_after=30)
        return self._engine

    def run_query(
        self,
        sparql: str,
        *,
        fmt: str,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        bindings: dict | None = None,
        base_iri: str | None = None,
    ) -> tuple[Result, bool]:
        """Check and run a user (or named) query on the killable engine: (result, whether it may be cached)."""
        guard, decided = self._guard(sparql)
        engine = self.query_engine
        options = self._options(fmt, default_graphs, named_graphs, bindings, base_iri)
        if decided is None and hasattr(engine, "checked_query"):  # the worker pool parses in the worker, with the query
            result, analysis = engine.checked_query(sparql, guard=guard, **options)
        else:
            analysis = decided or analyse(sparql, **guard)
            result = engine.query(sparql, dataset_in_query=analysis.dataset_in_query, **options)
        return result, analysis.deterministic

    def answer_query(self, key, sparql: str, *, fmt: str, **kwargs) -> Answer:
        """The cached answer to a query (run on the killable engine on a miss); a cut result says so in headers."""
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        return self._keep(key, *self.run_query(sparql, fmt=fmt, **kwargs))

    async def answer_query_async(self, key, sparql: str, *, fmt: str, **kwargs) -> Answer:
        """``answer_query`` for the event loop: on the worker pool, the loop awaits the worker's reply
        (no thread held, no GIL contention with the loop: docs/engines.md); any other engine, or a
        pool still starting, runs in the thread pool as before. Identical requests missing the cache at
        once share one evaluation (``InFlight``) when the lexical pass found the text deterministic."""
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        engine = self._engine if self._engine_ready.is_set() else None
        if not hasattr(engine, "checked_query_async"):
            from starlette.concurrency import run_in_threadpool

            return await run_in_threadpool(self.answer_query, key, sparql, fmt=fmt, **kwargs)
        guard, decided = self._guard(sparql)
        options = self._options(fmt, **kwargs)

        async def evaluate() -> Answer:
            if decided is None:  # rdflib must parse it: in the worker, with the query
                result, analysis = await engine.checked_query_async(sparql, guard=guard, **options)
            else:
                analysis = decided
                result = await engine.query_async(sparql, dataset_in_query=analysis.dataset_in_query, **options)
            return self._keep(key, result, analysis.deterministic)

        if decided is not None and decided.deterministic:
            return await self.in_flight.run(key, evaluate)
        return await evaluate()

    def _keep(self, key, result: Result, deterministic: bool) -> Answer:
        headers = {"X-Result-Truncated": "true", "X-Result-Limit": str(self.settings.max_rows)} if result.truncated else {}
        answer = Answer(result.body, result.media_type, headers, cacheable=deterministic)
        self.cache.put(key, answer)
        return answer

    def _guard(self, sparql: str) -> tuple[dict, Analysis | None]:
        """The guard's limits and, when the lexical pass decides alone (most texts), the analysis.
        The pass runs here (0.02-0.3 ms): what it refuses never costs a worker."""
        guard = {"max_length": self.settings.max_query_length, "max_nesting": self.settings.max_nesting}
        return guard, lexical_analysis(sparql, screen(sparql, **guard))

    def _options(self, fmt: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
                 bindings: dict | None = None, base_iri: str | None = None) -> dict:
        return {"fmt": fmt, "default_graphs": default_graphs, "named_graphs": named_graphs, "bindings": bindings,
                "max_rows": self.settings.max_rows, "base_iri": base_iri}

    def query_form(self, sparql: str) -> str:
        """select, ask, construct or describe, from the lexical pass (which also applies the caps)."""
        return screen(sparql, max_length=self.settings.max_query_length, max_nesting=self.settings.max_nesting).form

    def close(self) -> None:
        if self._engine_started:
            self._engine_ready.wait(timeout=60)  # a pool still starting is closed once it has started
        engine = self._engine
        if engine is not None and engine is not self.local and hasattr(engine, "close"):
            engine.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    # ------------------------------------------------------------------ lookups over the build (lookups.py)

    def select(self, sparql: str, bindings: dict | None = None) -> list[dict]:
        return self.local.select(sparql, bindings)

    def memo(self, name: str, compute):
        """A value computed once per build (the build never changes under a running service)."""
        with self._records_lock:
            if name not in self._records:
                self._records[name] = compute()
            return self._records[name]

    @property
    def labels(self) -> dict[str, str]:
        return lookups.labels(self)

    def label(self, iri: str) -> str:
        """The best label of a resource (``lookups.label``)."""
        return lookups.label(self, iri)

    @property
    def paragraphs(self) -> dict[str, Paragraph]:
        return lookups.paragraphs(self)

    def evidence(self, paragraphs: Sequence[str], quotes: Sequence[str]) -> list[dict]:
        """Which of the paragraphs holds which quote (``lookups.evidence``)."""
        return lookups.evidence(self, paragraphs, quotes)

    @cached_property
    def triple_count(self) -> int:
        return int(self.manifest.get("triples", 0))


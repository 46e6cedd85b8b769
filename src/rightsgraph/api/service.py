"""The service state: one compiled build, its engines, its answer cache and its lookups.

Two engines answer from the same build:

* ``local``: an in-process engine (oxigraph, or rdflib when that is the configured engine) for
  the server's own bounded lookups (/api, /id, /def, VoID): fast, no inter-process hop;
* ``queries``: the engine for *user* SPARQL (/sparql and /queries), which must be killable: a
  :class:`~rightsgraph.procs.pool.WorkerPool` of worker processes with a deadline and a memory
  cap (engine ``oxigraph`` or ``pool``), a remote SPARQL endpoint (engine = its URL), or the
  rdflib reference engine in process (engine ``rdflib``: not killable, for development only).

The pool is started in the background when the app starts and waited for on first use.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox
from rdflib.namespace import RDFS, SKOS

from ..build import read_manifest

IN_MEMORY_TRIPLES = 1_000_000  # query_store=auto: workers hold their own copy up to this size
from ..config import Settings
from ..engine import Engine, Result, open_engine
from ..errors import EngineUnavailable
from ..procs.pool import WorkerPool
from ..query.guard import Analysis, analyse, lexical_analysis, screen
from ..namespaces import PREFIXES, RG
from ..query.named import NamedQuery, load_queries
from .cache import Answer, AnswerCache

log = logging.getLogger("rightsgraph.api")

DUMP_NAMES = ("dataset.ttl", "dataset.nt", "dataset.nq", "dataset.trig", "dataset.jsonld")


@dataclass(frozen=True)
class Dump:
    name: str
    path: Path
    media_type: str
    size: int
    sha256: str
    compressed: bool


@dataclass(frozen=True)
class Paragraph:
    iri: str
    number: int | None
    text: str
    label: str
    document: str | None


class Service:
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
        self.dumps = self._dumps()
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
        pool still starting, runs in the thread pool as before."""
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        engine = self._engine if self._engine_ready.is_set() else None
        if not hasattr(engine, "checked_query_async"):
            from starlette.concurrency import run_in_threadpool

            return await run_in_threadpool(self.answer_query, key, sparql, fmt=fmt, **kwargs)
        guard, decided = self._guard(sparql)
        options = self._options(fmt, **kwargs)
        if decided is None:  # rdflib must parse it: in the worker, with the query
            result, analysis = await engine.checked_query_async(sparql, guard=guard, **options)
        else:
            analysis = decided
            result = await engine.query_async(sparql, dataset_in_query=analysis.dataset_in_query, **options)
        return self._keep(key, result, analysis.deterministic)

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

    # ------------------------------------------------------------------ lookups over the build

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
        return self.memo("labels", self._labels)

    def _labels(self) -> dict[str, str]:
        rows = self.select(
            "SELECT ?s ?p ?l WHERE { VALUES ?p { <%s> <%s> <%s> } ?s ?p ?l FILTER(isLiteral(?l)) }"
            % (RDFS.label, SKOS.prefLabel, "http://purl.org/dc/terms/title")
        )
        order = {str(RDFS.label): 0, str(SKOS.prefLabel): 1}
        best: dict[str, tuple] = {}
        for r in rows:
            label = r["l"]
            lang = getattr(label, "language", None)
            rank = (order.get(str(r["p"]), 2), 0 if lang == "en" else 1 if not lang else 2)
            s = str(r["s"])
            if s not in best or rank < best[s][0]:
                best[s] = (rank, str(label))
        return {s: v[1] for s, v in best.items()}

    def label(self, iri: str) -> str:
        """The best label of a resource: rdfs:label, skos:prefLabel, dcterms:title, else its IRI's last part."""
        found = self.labels.get(str(iri))
        if found:
            return found
        text = str(iri)
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns) and len(text) > len(ns) and prefix not in ("id",):
                return f"{prefix}:{text[len(ns):]}"
        tail = text.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return tail or text

    @property
    def paragraphs(self) -> dict[str, Paragraph]:
        return self.memo("paragraphs", self._paragraphs)

    def _paragraphs(self) -> dict[str, Paragraph]:
        rows = self.select(
            f"""SELECT ?p ?text ?n ?doc WHERE {{
                ?p a <{RG.Paragraph}> ; <{RG.text}> ?text .
                OPTIONAL {{ ?p <{RG.paragraphNumber}> ?n }}
                OPTIONAL {{ ?p <{RG.paragraphOf}> ?doc }}
            }}"""
        )
        out = {}
        for r in rows:
            iri = str(r["p"])
            n = r["n"]
            out[iri] = Paragraph(iri, int(n) if n is not None else None, str(r["text"]), self.label(iri),
                                 str(r["doc"]) if r["doc"] is not None else None)
        return out

    def evidence(self, paragraphs: Sequence[str], quotes: Sequence[str]) -> list[dict]:
        """Pairs of (paragraph, quote) where the paragraph's text holds the quote; a quote found in
        none of the node's paragraphs is still listed, under its first paragraph."""
        paras = [self.paragraphs[p] for p in paragraphs if p in self.paragraphs]
        items = []
        for quote in quotes:
            holding = [p for p in paras if quote in p.text] or paras[:1]
            for p in holding:
                items.append({"paragraph": p.iri, "number": p.number, "quote": quote, "label": p.label})
        quoted = {i["paragraph"] for i in items}
        for p in paras:
            if p.iri not in quoted:
                items.append({"paragraph": p.iri, "number": p.number, "quote": None, "label": p.label})
        return sorted(items, key=lambda i: (i["number"] is None, i["number"] or 0, i["paragraph"], i["quote"] or ""))

    # ------------------------------------------------------------------ dumps

    def _dumps(self) -> dict[str, Dump]:
        info = self.manifest.get("dumps", {})
        out = {}
        for name in DUMP_NAMES:
            path = self.build_path / "dumps" / name
            if name not in info or not path.is_file():
                continue
            meta = info[name]
            out[name] = Dump(name, path, meta["media_type"], path.stat().st_size, meta["sha256"], False)
            gz = path.with_name(name + ".gz")
            if gz.is_file():
                body = gz.read_bytes()
                out[gz.name] = Dump(gz.name, gz, "application/gzip", len(body), hashlib.sha256(body).hexdigest(), True)
        return out

    @cached_property
    def triple_count(self) -> int:
        return int(self.manifest.get("triples", 0))


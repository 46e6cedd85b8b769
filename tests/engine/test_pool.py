"""The worker pool: deadlines, crashes, memory cap, back-pressure, recovery. Bounded and deterministic
except for the one deadline-plus-margin check the brief asks for."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time

import pytest

from rightsgraph.engine import open_engine
from rightsgraph.errors import EngineUnavailable, PoolBusy, QueryTimeout, WorkerCrashed
from rightsgraph.procs.pool import WorkerPool
from rightsgraph.errors import QueryError, RightsgraphError, UsageError

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "SELECT ?s WHERE { ?s a <https://w3id.org/rightsgraph/def#State> } LIMIT 3"
NESTED = "SELECT * WHERE " + "{" * 5000 + "}" * 5000  # ~10 KB; overflows pyoxigraph's parser stack
MEMORY_BOMB = "SELECT ?o ?c WHERE { ?s ?p ?o . ?a ?b ?c } ORDER BY ?o ?c LIMIT 1"  # sorts millions of rows


def test_errors_are_rightsgraph_errors_with_retry_after():
    for cls in (QueryTimeout, WorkerCrashed, PoolBusy):
        exc = cls("x", retry_after=2.5)
        assert isinstance(exc, EngineUnavailable) and isinstance(exc, RightsgraphError)
        assert not isinstance(exc, QueryError)
        assert exc.retry_after == 2.5 and exc.retry_after_header == "3"


def test_answers_like_the_engine(pool, oxigraph):
    assert pool.triple_count() == oxigraph.triple_count()
    assert pool.graph_names() == oxigraph.graph_names()
    assert len(pool.select(CHEAP)) == 3
    assert pool.query(CHEAP).media_type == "application/sparql-results+json"


def test_query_errors_keep_the_worker(pool):
    pids = pool.worker_pids()
    with pytest.raises(QueryError):
        pool.select("SELEC nothing")
    with pytest.raises(UsageError):
        pool.query(CHEAP, fmt="turtle")
    with pytest.raises(QueryError):
        pool.select("ASK {}")
    assert pool.worker_pids() == pids


def test_runaway_query_is_killed_at_the_deadline_while_others_are_served(build_path):
    with WorkerPool(build_path, workers=2, timeout=2.0, queue_timeout=5.0) as pool:
        before = set(pool.worker_pids())
        stop = threading.Event()
        served, failures = [], []

        def cheap_loop():
            while not stop.is_set():
                try:
                    served.append(len(pool.select(CHEAP)))
                except Exception as exc:  # pragma: no cover - reported below
                    failures.append(exc)
                time.sleep(0.01)

        threads = [threading.Thread(target=cheap_loop) for _ in range(3)]
        for t in threads:
            t.start()
        try:
            time.sleep(0.05)
            started = time.monotonic()
            with pytest.raises(QueryTimeout) as caught:
                pool.select(RUNAWAY)
            elapsed = time.monotonic() - started
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=10)
        assert 2.0 <= elapsed < 2.0 + 1.0, elapsed  # the deadline plus a margin
        assert caught.value.retry_after >= 1
        assert failures == [] and served and set(served) == {3}
        assert pool.wait_full(timeout=30)
        after = set(pool.worker_pids())
        assert len(after) == 2 and len(after & before) == 1  # exactly the runaway's worker was replaced
        assert pool.stats["timeouts"] == 1
        assert len(pool.select(CHEAP)) == 3


def test_parser_crash_costs_only_that_request(pool):
    with pytest.raises(WorkerCrashed) as caught:
        pool.select(NESTED)
    assert "SIGSEGV" in str(caught.value)
    assert len(pool.select(CHEAP)) == 3
    assert pool.wait_full(timeout=30)


def test_kill_9_during_a_query_costs_only_that_request(build_path):
    with WorkerPool(build_path, workers=2, timeout=30.0) as pool:
        outcome = {}

        def runaway():
            try:
                pool.select(RUNAWAY)
            except EngineUnavailable as exc:
                outcome["error"] = exc

        t = threading.Thread(target=runaway)
        t.start()
        deadline = time.monotonic() + 10
        while not pool.busy_pids() and time.monotonic() < deadline:
            time.sleep(0.01)
        (victim,) = pool.busy_pids()
        os.kill(victim, signal.SIGKILL)
        t.join(timeout=10)
        assert isinstance(outcome.get("error"), WorkerCrashed)
        assert "SIGKILL" in str(outcome["error"])
        assert len(pool.select(CHEAP)) == 3
        assert pool.wait_full(timeout=30) and victim not in pool.worker_pids()


def test_a_worker_killed_while_idle_is_replaced_without_failing_a_request(build_path):
    with WorkerPool(build_path, workers=1, timeout=10.0) as pool:
        (victim,) = pool.worker_pids()
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while pool.alive_workers() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(pool.select(CHEAP)) == 3  # waits for the replacement instead of failing
        assert victim not in pool.worker_pids()


def test_memory_cap_kills_a_memory_bomb(build_path):
    with WorkerPool(build_path, workers=1, timeout=30.0, memory_mb=64) as pool:
        with pytest.raises(WorkerCrashed):
            pool.select(MEMORY_BOMB)
        assert len(pool.select(CHEAP)) == 3


def test_all_workers_busy_is_reported_after_the_queue_timeout(build_path):
    with WorkerPool(build_path, workers=1, timeout=5.0, queue_timeout=0.2) as pool:
        def runaway():
            try:
                pool.select(RUNAWAY)
            except EngineUnavailable:
                pass

        t = threading.Thread(target=runaway)
        t.start()
        deadline = time.monotonic() + 10
        while not pool.busy_pids() and time.monotonic() < deadline:
            time.sleep(0.01)
        with pytest.raises(PoolBusy) as caught:
            pool.select(CHEAP)
        assert caught.value.retry_after >= 1
        pool.close()  # kills the runaway's worker at once
        t.join(timeout=10)
        assert not t.is_alive()


def test_close_stops_every_worker_and_refuses_calls(build_path):
    pool = WorkerPool(build_path, workers=2)
    pids = pool.worker_pids()
    pool.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    with pytest.raises(EngineUnavailable):
        pool.select(CHEAP)
    pool.close()  # idempotent


def test_open_engine_pool(built):
    engine = open_engine("pool", built.path / "dumps" / "dataset.nq")
    try:
        assert engine.name == "pool" and len(engine.select(CHEAP)) == 3
    finally:
        engine.close()


def test_a_build_without_store_is_refused(tmp_path):
    with pytest.raises(UsageError):
        WorkerPool(tmp_path)


def test_in_memory_workers_answer_the_same(build_path, pool):
    query = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
    with WorkerPool(build_path, workers=1, in_memory=True) as memory_pool:
        assert memory_pool.triple_count() == pool.triple_count()
        assert sorted(map(str, memory_pool.select(query))) == sorted(map(str, pool.select(query)))


def test_max_rows_and_base_iri_reach_the_engine(pool):
    result = pool.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=2)
    assert result.truncated and result.rows == 2
    result = pool.query("SELECT ?x WHERE { BIND(<rel> AS ?x) }", base_iri="https://example.org/base/")
    assert b"https://example.org/base/rel" in result.body


def test_guard_analysis_runs_in_a_worker(pool):
    from rightsgraph.errors import QueryRefused
    from rightsgraph.query.guard import analyse

    text = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
    assert pool.call("rightsgraph.query.guard.analyse", text, max_length=100_000, max_nesting=64) == analyse(text, max_length=100_000, max_nesting=64)
    with pytest.raises(QueryRefused) as caught:
        pool.call("rightsgraph.query.guard.analyse", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }", max_length=100_000, max_nesting=64)
    assert caught.value.feature
    with pytest.raises(UsageError):
        pool.call("os.system", "true")
    assert len(pool.select(CHEAP)) == 3


def test_checked_query_parses_and_runs_in_one_worker_call(pool):
    from rightsgraph.errors import QueryRefused

    guard = {"max_length": 100_000, "max_nesting": 64}
    result, analysis = pool.checked_query("SELECT ?s FROM <urn:x:none> WHERE { ?s ?p ?o }", guard=guard, fmt="json")
    assert analysis.dataset_in_query and analysis.form == "select"
    assert json.loads(result.body)["results"]["bindings"] == []  # FROM an unknown graph: empty, never a fetch
    result, analysis = pool.checked_query(CHEAP, guard=guard, fmt="json", bindings={}, default_graphs=[], base_iri=None)
    assert len(json.loads(result.body)["results"]["bindings"]) == 3 and not analysis.dataset_in_query and analysis.deterministic
    pids = pool.worker_pids()
    with pytest.raises(QueryRefused) as caught:  # only rdflib's algebra sees this one: it is refused in the worker
        pool.checked_query("PREFIX f: <http://example.org/fn#> SELECT (f:run(1) AS ?x) {}", guard=guard, fmt="json")
    assert caught.value.feature == "extension function" and caught.value.status == 400
    assert caught.value.extra == {"function": "http://example.org/fn#run"}
    assert pool.worker_pids() == pids  # a refusal keeps the worker


GUARD = {"max_length": 100_000, "max_nesting": 64}


def test_the_event_loop_path_answers_like_the_threaded_one(pool, run_loop):
    async def main():
        texts = [f"SELECT ?s WHERE {{ ?s a <https://w3id.org/rightsgraph/def#State> }} LIMIT {i + 1}" for i in range(12)]
        answers = await asyncio.gather(*(pool.checked_query_async(t, guard=GUARD, fmt="json") for t in texts))
        return texts, answers

    texts, answers = run_loop(main())
    for text, (result, analysis) in zip(texts, answers):
        threaded, _ = pool.checked_query(text, guard=GUARD, fmt="json")
        assert result.body == threaded.body and analysis.form == "select"
        assert run_loop(pool.query_async(text, fmt="json")).body == threaded.body
    big, _ = run_loop(pool.checked_query_async("CONSTRUCT WHERE { ?s ?p ?o }", guard=GUARD, fmt="ntriples"))
    assert big.body.count(b"\n") == pool.triple_count()  # a reply of megabytes arrives whole
    assert len(pool.select(CHEAP)) == 3  # and the pipes still work for the threaded path


def test_the_event_loop_path_kills_a_runaway_and_keeps_serving(build_path, run_loop):
    with WorkerPool(build_path, workers=2, timeout=2.0, queue_timeout=5.0) as pool:
        async def main():
            async def cheap_loop(stop):
                served = 0
                while not stop.is_set():
                    result, _ = await pool.checked_query_async(CHEAP, guard=GUARD, fmt="json")
                    served += len(json.loads(result.body)["results"]["bindings"]) == 3
                    await asyncio.sleep(0.01)
                return served

            stop = asyncio.Event()
            cheap = asyncio.create_task(cheap_loop(stop))
            started = time.monotonic()
            with pytest.raises(QueryTimeout):
                await pool.checked_query_async(RUNAWAY, guard=GUARD, fmt="json")
            elapsed = time.monotonic() - started
            stop.set()
            return elapsed, await cheap

        elapsed, served = run_loop(main())
        assert 2.0 <= elapsed < 3.0, elapsed
        assert served > 0  # the loop went on serving while the runaway ran
        assert pool.wait_full(timeout=30) and pool.stats["timeouts"] == 1


def test_the_event_loop_path_reports_busy_and_retires_a_cancelled_call(build_path, run_loop):
    with WorkerPool(build_path, workers=1, timeout=5.0, queue_timeout=0.3) as pool:
        before = set(pool.worker_pids())

        async def main():
            runaway = asyncio.create_task(pool.checked_query_async(RUNAWAY, guard=GUARD, fmt="json"))
            await asyncio.sleep(0.2)
            with pytest.raises(PoolBusy):
                await pool.checked_query_async(CHEAP, guard=GUARD, fmt="json")
            runaway.cancel()  # the client went away: its worker is mid-query and is replaced
            with pytest.raises(asyncio.CancelledError):
                await runaway

        run_loop(main())
        assert pool.wait_full(timeout=30)
        assert set(pool.worker_pids()) != before and len(pool.select(CHEAP)) == 3

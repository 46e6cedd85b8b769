"""Identical queries in flight at once share one evaluation (api/cache.py InFlight, Service.answer_query_async)."""

from __future__ import annotations

import asyncio
import time

import pytest

from rightsgraph.api.cache import Answer, InFlight
from rightsgraph.errors import QueryError


class Evaluations:
    """An evaluation that counts its runs: after ``seconds`` it answers ``body`` or raises ``error``."""

    def __init__(self, body: bytes = b"done", seconds: float = 0.05, error: Exception | None = None):
        self.body, self.seconds, self.error, self.runs = body, seconds, error, 0

    async def __call__(self) -> Answer:
        self.runs += 1
        await asyncio.sleep(self.seconds)
        if self.error is not None:
            raise self.error
        return Answer(self.body, "text/plain")


def test_identical_keys_share_one_evaluation_and_different_keys_do_not(run_loop):
    a, b = Evaluations(b"a"), Evaluations(b"b")

    async def main():
        flight = InFlight()
        answers = await asyncio.gather(*(flight.run("a", a) for _ in range(6)), *(flight.run("b", b) for _ in range(3)))
        assert len(flight) == 0  # ended: nothing remembered
        return answers

    answers = run_loop(main())
    assert (a.runs, b.runs) == (1, 1)
    assert [x.body for x in answers] == [b"a"] * 6 + [b"b"] * 3


def test_a_failure_reaches_every_caller_and_is_not_remembered(run_loop):
    failing = Evaluations(seconds=0.02, error=QueryError("query failed: boom"))

    async def main():
        flight = InFlight()
        results = await asyncio.gather(*(flight.run("k", failing) for _ in range(4)), return_exceptions=True)
        assert all(isinstance(r, QueryError) for r in results) and failing.runs == 1
        with pytest.raises(QueryError):  # the next request evaluates again
            await flight.run("k", failing)
        assert failing.runs == 2 and len(flight) == 0

    run_loop(main())


async def _first_and_waiting(flight: InFlight, evaluation: Evaluations, waiting: int):
    """A first caller, evaluating, and ``waiting`` callers that came while it did."""
    first = asyncio.ensure_future(flight.run("k", evaluation))
    await asyncio.sleep(0.01)
    others = [asyncio.ensure_future(flight.run("k", evaluation)) for _ in range(waiting)]
    await asyncio.sleep(0.01)
    return first, others


def test_a_waiting_caller_that_goes_away_leaves_the_others_waiting(run_loop):
    slow = Evaluations()

    async def main():
        first, waiting = await _first_and_waiting(InFlight(), slow, 2)
        waiting[0].cancel()  # its client disconnected
        assert (await first).body == b"done" and (await waiting[1]).body == b"done"
        assert waiting[0].cancelled() and slow.runs == 1

    run_loop(main())


def test_when_the_evaluating_caller_goes_away_a_waiting_one_evaluates_again(run_loop):
    slow, flight = Evaluations(), InFlight()

    async def main():
        first, (second,) = await _first_and_waiting(flight, slow, 1)
        first.cancel()  # the evaluation stops with it
        assert (await second).body == b"done"
        assert first.cancelled() and slow.runs == 2 and len(flight) == 0

    run_loop(main())


def _burst(service, run_loop, text: str, n: int) -> tuple[list[Answer], int]:
    """n identical requests at once through the service's awaited path, on a loop in a thread of its own
    (run_loop): (answers, evaluations the pool ran)."""
    pool = service.query_engine
    before = pool.stats["requests"]

    async def main():
        return await asyncio.gather(*(service.answer_query_async(("in-flight-test", text), text, fmt="json") for _ in range(n)))

    answers = run_loop(main())
    return answers, pool.stats["requests"] - before


def test_a_burst_of_one_new_query_is_evaluated_once(client, service, run_loop):
    text = f"SELECT ?s WHERE {{ ?s a ?class }} LIMIT 3 VALUES ?nonce {{ {time.time_ns()} }}"
    answers, evaluations = _burst(service, run_loop, text, 8)
    assert evaluations == 1
    assert len({a.body for a in answers}) == 1 and b'"s"' in answers[0].body
    again, evaluations = _burst(service, run_loop, text, 3)  # now from the cache
    assert evaluations == 0 and again[0].body == answers[0].body


def test_a_burst_of_a_query_with_rand_is_evaluated_per_request(client, service, run_loop):
    text = f"SELECT (RAND() AS ?r) WHERE {{}} VALUES ?nonce {{ {time.time_ns()} }}"
    answers, evaluations = _burst(service, run_loop, text, 5)
    assert evaluations == 5
    assert len({a.body for a in answers}) == 5  # each request its own random number
    assert len(service.in_flight) == 0


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }} VALUES ?nonce {{ {n} }}"


def test_a_runaway_query_sent_on_six_connections_at_once_costs_one_worker(live, service, service_settings):
    """Over real HTTP: six clients ask the same query past the deadline at once. One evaluation runs and is
    stopped; every client gets the same 503 with Retry-After and the error shape; one worker is replaced."""
    import threading

    import httpx

    pool = service.query_engine
    assert pool.wait_full(timeout=30)
    timeouts, before = pool.stats["timeouts"], set(pool.worker_pids())
    text = RUNAWAY.format(n=time.time_ns())
    go, answers = threading.Barrier(6), []

    def ask():
        with httpx.Client(base_url=live, timeout=60) as c:
            go.wait()
            answers.append(c.get("/sparql", params={"query": text}, headers={"Accept": "application/sparql-results+json"}))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    elapsed = time.monotonic() - started
    assert [r.status_code for r in answers] == [503] * 6
    assert {r.json()["error"]["message"] for r in answers} == {answers[0].json()["error"]["message"]}
    assert all(r.headers["retry-after"] for r in answers)
    assert elapsed < service_settings.query_timeout * 2 + 1.5, elapsed  # one deadline, not six queued ones
    assert pool.stats["timeouts"] == timeouts + 1
    assert pool.wait_full(timeout=30) and len(set(pool.worker_pids()) & before) == 1  # one worker replaced

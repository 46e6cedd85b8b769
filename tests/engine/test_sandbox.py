"""The upload sandbox on the pool's one call path (``ProcessPool._exchange`` / ``_aexchange``): a valid upload
gets its report, in a thread or awaited; a worker killed mid-validation refuses the upload as a parser crash
and is replaced; validation past the deadline is stopped. The same paths the query pool's tests prove
for queries (test_pool.py)."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time

import pytest

from rightsgraph.errors import QueryTimeout, UploadRefused
from rightsgraph.procs.sandbox import Sandbox

GOOD = b"""@prefix rg: <https://w3id.org/rightsgraph/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/rightsgraph/id/state/XXX> a rg:State ; rdfs:label "X"@en ."""
# 1,300 chained resources of two disjoint classes: seconds of validation on this machine
SLOW = ("@prefix rg: <https://w3id.org/rightsgraph/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + "\n".join(
    f"<https://w3id.org/rightsgraph/id/treaty/t{i}> a rg:Treaty , rg:State ; rdfs:label 'x' ; "
    f"rg:partyTo <https://w3id.org/rightsgraph/id/treaty/t{i + 1}> ." for i in range(1300))).encode()
BASE = "http://localhost/validate"


@pytest.fixture(scope="module")
def box(build_path):
    b = Sandbox(build_path, workers=1, timeout=60.0, memory_mb=1024, queue_timeout=30.0)
    yield b
    b.close()


def test_a_valid_upload_gets_its_report_in_a_thread_and_awaited(box, run_loop):
    before = box.stats["requests"]
    report = box.validate(GOOD, "turtle", BASE)
    awaited = run_loop(box.validate_async(GOOD, "turtle", BASE))
    assert report["triples"] == awaited["triples"] == 2 and report["conforms"] is awaited["conforms"] is False  # no provenance
    assert report.keys() == awaited.keys()
    assert box.stats["requests"] == before + 2 and box.alive_workers() == 1


def test_a_refusal_keeps_the_worker(box):
    pids = box.worker_pids()
    with pytest.raises(UploadRefused):
        box.validate(b"<a> <b> .", "turtle", BASE)
    assert box.worker_pids() == pids


def _kill_the_worker_soon(box: Sandbox, delay: float) -> None:
    (pid,) = box.worker_pids()

    def kill():
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)

    threading.Thread(target=kill, daemon=True).start()


def test_a_worker_killed_mid_validation_is_a_parser_crash_and_is_replaced(box):
    crashes = box.stats["crashes"]
    (pid,) = box.worker_pids()
    _kill_the_worker_soon(box, 0.3)
    with pytest.raises(UploadRefused, match="crashed the parser"):
        box.validate(SLOW, "turtle", BASE)
    assert box.stats["crashes"] == crashes + 1
    assert box.wait_full(timeout=60) and box.worker_pids() != [pid]
    assert box.validate(GOOD, "turtle", BASE)["triples"] == 2


def test_the_event_loop_path_sees_the_crash_too(box, run_loop):
    crashes = box.stats["crashes"]
    _kill_the_worker_soon(box, 0.3)
    with pytest.raises(UploadRefused, match="crashed the parser"):
        run_loop(box.validate_async(SLOW, "turtle", BASE))
    assert box.stats["crashes"] == crashes + 1 and box.wait_full(timeout=60)


def test_validation_past_its_deadline_is_stopped(build_path):
    with Sandbox(build_path, workers=1, timeout=0.3, memory_mb=1024) as quick:
        (pid,) = quick.worker_pids()
        with pytest.raises(QueryTimeout, match="longer than 0.3 s"):
            quick.validate(SLOW, "turtle", BASE)
        assert quick.stats["timeouts"] == 1
        assert quick.wait_full(timeout=60) and quick.worker_pids() != [pid]

"""Shared fixtures: one real build of the project per test session, and engines over it."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset

from rightsgraph.build import BuildReport, build
from rightsgraph.build.progress import Progress
from rightsgraph.config import Settings
from rightsgraph.engine import open_engine

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def bench_generate():
    """bench/generate.py, the generator of synthetic data shaped like data/, loaded as a module."""
    spec = importlib.util.spec_from_file_location("rightsgraph_bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuildReport:
    """A fresh build of the repository's data into a private directory."""
    settings = Settings(root=ROOT, build_dir=tmp_path_factory.mktemp("build"))
    return build(settings, progress=Progress(6, quiet=True))


@pytest.fixture(scope="session")
def dataset_nq(built) -> Path:
    return built.path / "dumps" / "dataset.nq"


@pytest.fixture(scope="session")
def compiled(dataset_nq) -> Dataset:
    """The compiled build as an rdflib Dataset whose default graph is the union."""
    ds = Dataset(default_union=True)
    ds.parse(dataset_nq, format="nquads")
    return ds


@pytest.fixture(scope="session")
def oxigraph(dataset_nq):
    return open_engine("oxigraph", dataset_nq)


@pytest.fixture(scope="session")
def rdflib_engine(dataset_nq):
    return open_engine("rdflib", dataset_nq)


def _run_loop(coro):
    """asyncio.run in a thread of its own: the session may already run an event loop in this one
    (Playwright's sync API does, once the browser tests have started)."""
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            outcome["error"] = exc

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture(scope="session")
def run_loop():
    """Runs a coroutine to its end whatever event loop the test's thread already has."""
    return _run_loop


def _crawl(server: str, paths: list[str], connections: int, address: str, accept: str = "text/turtle",
           timeout: float = 60) -> list[int]:
    """GET every path over ``connections`` keep-alive connections from one client address, all at once;
    the statuses, in the order they came (``timeout``: per request, in seconds)."""
    statuses: list[int] = []
    lock = threading.Lock()
    go = threading.Barrier(connections)

    def crawl(share):
        transport = httpx.HTTPTransport(local_address=address)
        with httpx.Client(base_url=server, transport=transport, timeout=timeout, headers={"Accept": accept}) as c:
            go.wait()
            for path in share:
                status = c.get(path).status_code
                with lock:
                    statuses.append(status)

    threads = [threading.Thread(target=crawl, args=(paths[i::connections],)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return statuses


@pytest.fixture(scope="session")
def crawl():
    """A crawler: ``crawl(server, paths, connections, address, accept=, timeout=)`` (see ``_crawl``)."""
    return _crawl


def _stop_group(process: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a process started with ``start_new_session=True``, and its children: SIGTERM to its process
    group, SIGKILL when it has not exited within ``timeout`` seconds."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def stop_group():
    """``stop_group(process, timeout=30)``: ends a server the test started in a session of its own (see ``_stop_group``)."""
    return _stop_group

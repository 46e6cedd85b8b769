"""Shared fixtures: one real build of the project per test session, and engines over it."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

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

"""Fixtures of the engine tests: a worker pool over the session's private build."""

from __future__ import annotations

import pytest

from rightsgraph.procs.pool import WorkerPool


@pytest.fixture(scope="session")
def build_path(built):
    return built.path


@pytest.fixture(scope="module")
def pool(build_path):
    p = WorkerPool(build_path, workers=2, timeout=10.0, memory_mb=512, queue_timeout=5.0)
    yield p
    p.close()

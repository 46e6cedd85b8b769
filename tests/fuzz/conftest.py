"""The fuzz suite's fixtures: an app over the session's build, with the project's named queries plus
one echo query (a string parameter, for the binding round trip), served by a real uvicorn with the
service's protocol options; and, around the suite, the check that the build's data is unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rightsgraph.api.app import create_app
from security.harness import dataset_digest, live_server, make_settings

ROOT = Path(__file__).resolve().parents[2]
ECHO = """#+ title: Echo
#+ description: The string parameter, as bound (a fixture of the fuzz tests).
#+ param: text string — any text
SELECT ?text (STRLEN(?text) AS ?length) WHERE {}
"""


@pytest.fixture(scope="session", autouse=True)
def nothing_lost_by_fuzzing(built):
    before = dataset_digest(built.path)
    yield
    assert dataset_digest(built.path) == before, "the build's data changed during the fuzz suite"


@pytest.fixture(scope="session")
def fuzz_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzzroot")
    for name in ("ontology", "shapes"):
        (root / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copytree(ROOT / "queries", root / "queries", ignore=shutil.ignore_patterns("checks", "findings"))
    (root / "queries" / "echo.rq").write_text(ECHO, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def fuzz_settings(fuzz_root, built):
    return make_settings(root=fuzz_root, build_dir=built.path.parents[1], query_timeout=2.0, query_memory_mb=384, queue_timeout=2.0,
                         max_rows=200, max_body_bytes=100_000, max_query_length=10_000, cache_size=16,
                         header_timeout=5.0, max_client_requests=64, validate_timeout=3.0, validate_memory_mb=256)


@pytest.fixture(scope="session")
def fuzz_app(fuzz_settings, built):
    return create_app(fuzz_settings, build_path=built.path)


@pytest.fixture(scope="session")
def fuzz_server(fuzz_app, fuzz_settings):
    with live_server(fuzz_app, fuzz_settings) as url:
        fuzz_app.state.service.query_engine  # the pool has started
        yield url

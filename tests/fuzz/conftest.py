"""The fuzz suite's fixtures: an app over a release of the project built with one more named query
(an echo of a string parameter, for the binding round trip) — a release carries its own queries —
served by a real uvicorn with the service's protocol options; and, around the suite, the check that
the release's data is unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rightsgraph.api.app import create_app
from rightsgraph.build import build
from rightsgraph.build.progress import Progress
from rightsgraph.config import Settings
from security.harness import data_unchanged, live_server, make_settings

ROOT = Path(__file__).resolve().parents[2]
ECHO = """#+ title: Echo
#+ description: The string parameter, as bound (a fixture of the fuzz tests).
#+ param: text string — any text
SELECT ?text (STRLEN(?text) AS ?length) WHERE {}
"""


@pytest.fixture(scope="session")
def fuzz_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzzroot")
    for name in ("ontology", "shapes", "data", "rules"):
        (root / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copytree(ROOT / "queries", root / "queries")
    (root / "queries" / "echo.rq").write_text(ECHO, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def fuzz_build(fuzz_root):
    return build(Settings(root=fuzz_root, build_dir=fuzz_root / "build"), progress=Progress(6, quiet=True))


@pytest.fixture(scope="session", autouse=True)
def nothing_lost_by_fuzzing(fuzz_build):
    with data_unchanged(fuzz_build.path, "the release's data changed during the fuzz suite"):
        yield


@pytest.fixture(scope="session")
def fuzz_settings(fuzz_root, fuzz_build):
    return make_settings(root=fuzz_root, build_dir=fuzz_build.path.parents[1], query_timeout=2.0, query_memory_mb=384, queue_timeout=2.0,
                         max_rows=200, max_body_bytes=100_000, max_query_length=10_000, cache_size=16,
                         header_timeout=5.0, max_client_requests=64, validate_timeout=3.0, validate_memory_mb=256)


@pytest.fixture(scope="session")
def fuzz_app(fuzz_settings, fuzz_build):
    return create_app(fuzz_settings, build_path=fuzz_build.path)


@pytest.fixture(scope="session")
def fuzz_server(fuzz_app, fuzz_settings):
    with live_server(fuzz_app, fuzz_settings) as url:
        fuzz_app.state.service.query_engine  # the pool has started
        yield url

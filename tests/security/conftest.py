"""The security suite's fixtures: one app over the session's build with small budgets, served by a
real uvicorn on 127.0.0.1 with the service's own protocol options; a canary HTTP server and a canary
file that nothing may touch; and, around the whole suite, the check that the data is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsgraph.api.app import create_app

from .harness import CanaryFile, canary_server, data_unchanged, live_server, make_settings

ROOT = Path(__file__).resolve().parents[2]
QUERY_TIMEOUT = 1.5
MAX_ROWS = 500
BUDGETS = dict(
    query_timeout=QUERY_TIMEOUT, query_memory_mb=384, query_workers=2, queue_timeout=1.0, max_rows=MAX_ROWS,
    max_body_bytes=200_000, max_query_length=20_000, max_nesting=64, cache_size=64,
    header_timeout=1.5, body_timeout=2.0, keep_alive_timeout=2.0, max_url_bytes=8192, max_header_bytes=16_384,
    max_headers=60, max_connections=400, max_client_connections=48, max_client_requests=6, client_queue_timeout=1.2,  # under body_timeout: the held requests of the cap test still hold
    max_response_bytes=3_000_000, validate_timeout=3.0, validate_memory_mb=256, validate_workers=1,
)


@pytest.fixture(scope="session")
def budgets() -> dict:
    return dict(BUDGETS)


@pytest.fixture(scope="session")
def sec_settings(built):
    return make_settings(root=ROOT, build_dir=built.path.parents[1], **BUDGETS)


@pytest.fixture(scope="session", autouse=True)
def nothing_lost(built):
    """After the whole suite, the build's data is what it was before it."""
    with data_unchanged(built.path, "the build's data changed during the security suite") as before:
        assert before["dump"] == built.digest
        yield before


@pytest.fixture(scope="session")
def sec_app(sec_settings, built):
    return create_app(sec_settings, build_path=built.path)


@pytest.fixture(scope="session")
def server(sec_app, sec_settings):
    """Base URL of a real uvicorn (lifespan on: the query and validation workers start with it)."""
    with live_server(sec_app, sec_settings) as url:
        service = sec_app.state.service
        service.query_engine  # wait for the pool
        yield url


@pytest.fixture(scope="session")
def service(sec_app, server):
    return sec_app.state.service


@pytest.fixture(scope="session")
def _canary():
    with canary_server() as c:
        yield c


@pytest.fixture
def canary(_canary):
    """The canary server, its counts reset; a test asserts canary.touched() == 0."""
    _canary.connections = 0
    _canary.requests.clear()
    return _canary


@pytest.fixture(scope="session")
def canary_file(tmp_path_factory) -> CanaryFile:
    return CanaryFile(tmp_path_factory.mktemp("canary"))

"""Fixtures of the service tests: one app over the session's private build, a TestClient for it, a real
uvicorn serving the same app, and a second app whose store also holds small fixture graphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from rightsgraph.api.app import create_app
from rightsgraph.config import Settings

from .live import serve

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_GRAPH = "https://w3id.org/rightsgraph/graph/test-fixtures"
MAX_ROWS = 1000  # small enough to see truncation on the build


@pytest.fixture(scope="session")
def service_settings(built) -> Settings:
    return Settings(root=ROOT, build_dir=built.path.parents[1], query_timeout=2.0, max_rows=MAX_ROWS, max_body_bytes=100_000,
                    max_query_length=20_000, cache_size=256)


@pytest.fixture(scope="session")
def app(service_settings, built):
    return create_app(service_settings, build_path=built.path)


@pytest.fixture(scope="session")
def service(app):
    return app.state.service


@pytest.fixture(scope="session")
def client(app):
    with TestClient(app) as c:  # runs the lifespan: the query worker pool starts and stops with it
        yield c


@pytest.fixture(scope="session")
def live(app, client):
    """Base URL of a real uvicorn on 127.0.0.1 serving the same app (whose lifespan the TestClient runs)."""
    with serve(app, lifespan="off") as url:
        yield url


@pytest.fixture(scope="session")
def fixture_nt(tmp_path_factory) -> Path:
    """tests/service/fixtures/*.ttl as one N-Triples file: hostile literals and IRIs for the HTML tests."""
    g = Graph()
    for path in sorted(FIXTURES.glob("*.ttl")):
        g.parse(data=path.read_bytes(), format="turtle")
    out = tmp_path_factory.mktemp("fixtures") / "fixtures.nt"
    out.write_bytes(g.serialize(format="nt", encoding="utf-8"))
    return out


@pytest.fixture(scope="session")
def fixture_client(service_settings, built, fixture_nt):
    """An app whose store also holds the fixture graph (no lifespan: these tests need no query workers)."""
    app = create_app(service_settings, build_path=built.path, extra_graphs={FIXTURE_GRAPH: fixture_nt})
    yield TestClient(app)
    app.state.service.close()

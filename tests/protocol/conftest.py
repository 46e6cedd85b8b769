"""Fixtures of the W3C protocol tests: a real uvicorn whose store also holds the protocol data graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsgraph.api.app import create_app
from rightsgraph.config import Settings

from service.live import serve

HERE = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "w3c-sparql11-protocol"
COPY = HERE / "w3c"
DATA_GRAPHS = {f"http://kasei.us/2009/09/sparql/data/data{i}.rdf": f"protocol-data{i}.nt" for i in (1, 2, 3)}

OUTCOMES: dict[str, list[str]] = {"passed": [], "failed": [], "not applicable": []}


def suite_dir() -> Path | None:
    """The W3C files: the shared copy if there is one, else the one kept in the repository."""
    for candidate in (SHARED, COPY):
        if (candidate / "protocol-manifest.ttl").is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def w3c() -> Path:
    found = suite_dir()
    if found is None:
        pytest.skip(f"the W3C SPARQL 1.1 protocol tests are in neither {SHARED} nor {COPY}")
    return found


@pytest.fixture(scope="session")
def endpoint(built, w3c):
    """http://127.0.0.1:PORT/sparql of a real uvicorn over the build plus the three protocol data graphs."""
    settings = Settings(root=Path(__file__).resolve().parents[2], build_dir=built.path.parents[1], query_timeout=5.0)
    app = create_app(settings, build_path=built.path, extra_graphs={g: w3c / f for g, f in DATA_GRAPHS.items()})
    with serve(app) as url:
        yield url + "/sparql"


def pytest_terminal_summary(terminalreporter):
    if not any(OUTCOMES.values()):
        return
    line = (f"W3C SPARQL 1.1 Protocol: {len(OUTCOMES['passed'])} passed, {len(OUTCOMES['failed'])} failed, "
            f"{len(OUTCOMES['not applicable'])} not applicable to a read-only endpoint (updates, refused as expected)")
    terminalreporter.write_sep("-", "W3C protocol suite")
    terminalreporter.write_line(line)
    for name in OUTCOMES["failed"]:
        terminalreporter.write_line(f"  failed: {name}")

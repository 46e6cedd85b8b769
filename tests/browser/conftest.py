"""Fixtures of the browser tests: ``rightsgraph serve`` (a real uvicorn) over the session's build on
127.0.0.1, and the system's headless Chromium driven by Playwright for Python.

Chromium is not downloaded by Playwright (never run ``playwright install``): it is Debian's package.
Without it, or without Playwright, these tests fail and say how to install them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path(os.environ.get("RIGHTSGRAPH_CHROMIUM", "/usr/bin/chromium"))
INSTALL = ("install them with `apt-get install -y chromium` (as root, Debian or Ubuntu) and `.venv/bin/pip install playwright`; "
           "do not run `playwright install` (set RIGHTSGRAPH_CHROMIUM to use another Chromium binary)")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: tests that drive headless Chromium against a real uvicorn on 127.0.0.1")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(built, stop_group) -> str:
    """The base URL of `rightsgraph serve` over the session's build; stopped (with its workers) afterwards."""
    port = _free_port()
    script = shutil.which("rightsgraph", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-c", "import sys; from rightsgraph.cli import main; sys.exit(main())"]
    env = os.environ | {"RIGHTSGRAPH_BUILD_DIR": str(built.path.parents[1]), "RIGHTSGRAPH_ROOT": str(ROOT)}
    log = ARTIFACTS / "server.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        process = subprocess.Popen(command + ["serve", "--host", "127.0.0.1", "--port", str(port)], env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"rightsgraph serve did not start; see {log}", pytrace=False)
        time.sleep(0.2)
    try:
        yield url
    finally:
        stop_group(process, 30)


@pytest.fixture(scope="session")
def get_json(server):
    """GET a path of the server as JSON (what the pages are checked against)."""
    def get(path: str):
        request = urllib.request.Request(server + path, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as r:
            return json.loads(r.read())

    return get


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"headless Chromium is missing at {CHROMIUM}: {INSTALL}", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"Playwright for Python is missing: {INSTALL}", pytrace=False)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """A browser tab on the server that records every request it makes and every script error."""

    page: object
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def go(self, path: str):
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return response

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != "127.0.0.1"]

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


def _visit(browser, server, **options):
    context = browser.new_context(viewport=VIEWPORT, **options)
    page = context.new_page()
    visit = Visit(page, server)
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("pageerror", lambda e: visit.errors.append(f"page error: {e}"))
    page.on("console", lambda m: visit.errors.append(f"console: {m.text}") if m.type == "error" else None)
    return context, visit


@pytest.fixture
def visit(browser, server):
    context, v = _visit(browser, server)
    yield v
    context.close()


@pytest.fixture
def visit_without_js(browser, server):
    context, v = _visit(browser, server, java_script_enabled=False)
    yield v
    context.close()


@pytest.fixture(scope="session")
def client(built):
    """A TestClient of the app over the session's build, queries on the in-process engine (no browser needed)."""
    from fastapi.testclient import TestClient

    from rightsgraph.api.app import create_app
    from rightsgraph.config import Settings

    app = create_app(Settings(root=ROOT, build_dir=built.path.parents[1], engine="rdflib"), build_path=built.path)
    yield TestClient(app)
    app.state.service.close()

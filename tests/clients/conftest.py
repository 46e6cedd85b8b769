"""Fixtures of the client tests: the session's release served by a real uvicorn, Comunica (Node.js) run
from the project-local install in .venv/node, and a proxy that maps the dataset's IRIs to that server.

Comunica is installed by `make test` (the Makefile's node-clients step: `npm ci` of tests/clients/package.json
and its lock into .venv/node, only where node and npm exist). Without node, or without that install, the
tests skip and say why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from rightsgraph.api.app import create_app
from rightsgraph.config import Settings
from rightsgraph.namespaces import BASE

from service.live import serve

ROOT = Path(__file__).resolve().parents[2]
NODE_DIR = ROOT / ".venv" / "node"
BIN = NODE_DIR / "node_modules" / ".bin"
PACKAGE = json.loads((Path(__file__).resolve().parent / "package.json").read_text(encoding="utf-8"))
INSTALL = ("run `make test` (its node-clients step installs tests/clients/package.json into .venv/node), or by hand: "
           "mkdir -p .venv/node && cp tests/clients/package*.json .venv/node/ && npm ci --prefix .venv/node")
TIMEOUT = 180


@pytest.fixture(scope="session")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed: the Comunica client tests need Node.js 18+ and npm "
                    "(Debian/Ubuntu: apt-get install nodejs npm), then " + INSTALL)
    return found


def _installed(name: str) -> bool:
    manifest = NODE_DIR / "node_modules" / name / "package.json"
    return manifest.is_file() and json.loads(manifest.read_text(encoding="utf-8"))["version"] == PACKAGE["dependencies"][name]


@pytest.fixture(scope="session")
def comunica(node):
    """run(command, args) -> the CLI's stdout, for a bin of the pinned @comunica packages."""
    for name in PACKAGE["dependencies"]:
        if not _installed(name):
            pytest.skip(f"{name}@{PACKAGE['dependencies'][name]} is not installed in .venv/node: {INSTALL}")

    def run(command: str, *args: str) -> str:
        done = subprocess.run([node, str(BIN / command), *args], capture_output=True, text=True, timeout=TIMEOUT, cwd=NODE_DIR)
        assert done.returncode == 0, f"{command} {' '.join(args)[:300]}\n{done.stderr[-3000:]}"
        return done.stdout

    return run


@pytest.fixture(scope="session")
def clients_app(built):
    # one query worker: Comunica's requests are few and sequential, and the full suite runs other apps beside this one
    settings = Settings(root=ROOT, build_dir=built.path.parents[1], query_workers=1)
    return create_app(settings, build_path=built.path)


@pytest.fixture(scope="session")
def engine(clients_app):
    """The service's own in-process engine: the answers the clients must get."""
    return clients_app.state.service.local


@pytest.fixture(scope="session")
def live(clients_app) -> str:
    with serve(clients_app) as url:  # with its lifespan: the query workers start and stop with it
        yield url


class Proxy:
    """An HTTP proxy in Comunica's prefix style (GET /<absolute URL>): the dataset's IRIs
    (https://w3id.org/rightsgraph/...) are answered by the live server, every other URL is a 404
    (no request leaves the machine). ``x-final-url`` tells Comunica the document's real IRI."""

    def __init__(self, target: str):
        self.target = target
        self.asked: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server interface
                url = self.path[1:]
                proxy.asked.append(url)
                if not url.startswith(BASE):
                    self.send_response(404)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                answer = httpx.get(f"{proxy.target}/{url[len(BASE):]}", headers={"Accept": self.headers.get("Accept", "*/*")},
                                   timeout=30)
                self.send_response(answer.status_code)
                self.send_header("content-type", answer.headers.get("content-type", "application/octet-stream"))
                self.send_header("content-length", str(len(answer.content)))
                self.send_header("x-final-url", url)
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True, name="comunica-proxy")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(live):
    with Proxy(live) as p:
        yield p

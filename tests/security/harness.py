"""What the security and fuzz suites share: settings with small budgets, a real uvicorn run with the
service's own protocol options, a canary HTTP server and a canary file that must never be touched,
and the digest of a build's data (which no request may change)."""

from __future__ import annotations

import hashlib
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from rightsgraph.api.limits import serve_options
from rightsgraph.config import Settings
from service.live import serve


def make_settings(**values) -> Settings:
    """Settings with the given values (small budgets for the suites)."""
    return Settings(**values)


def live_server(app, settings):
    """http://127.0.0.1:PORT of a uvicorn running app (lifespan on) with serve_options(settings)."""
    return serve(app, options=serve_options(settings))


class Canary(ThreadingHTTPServer):
    """An HTTP server on loopback that counts every connection and request made to it."""

    daemon_threads = True

    def __init__(self):
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                canary.requests.append(self.path)
                body = b'{"@context": {"x": "http://canary/"}, "@id": "http://canary/s", "x:p": "CANARY"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.connections = 0
        self.requests: list[str] = []

    def verify_request(self, request, client_address):
        self.connections += 1
        return True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def touched(self, settle: float = 0.3) -> int:
        """Connections so far, after waiting for any a request may have set off."""
        time.sleep(settle)
        return self.connections


@contextmanager
def canary_server():
    server = Canary()
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="canary")
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class CanaryFile:
    """A file whose content must never appear in an answer and which this process must never open."""

    def __init__(self, directory: Path):
        self.secret = f"CANARY-{uuid.uuid4().hex}"
        self.path = directory / f"canary-{uuid.uuid4().hex[:8]}.nt"
        self.path.write_text(f'<http://canary/s> <http://canary/p> "{self.secret}" .\n', encoding="utf-8")
        self.opens: list[str] = []
        target = str(self.path)

        def hook(event, args):
            if event == "open" and args and isinstance(args[0], (str, bytes)) and target in str(args[0]):
                self.opens.append(str(args[0]))

        sys.addaudithook(hook)  # for the rest of the session: the server runs in this process

    @property
    def uri(self) -> str:
        return self.path.as_uri()


def dataset_digest(build_path: Path) -> dict:
    """The build's data as the service holds it: the dump's SHA-256 and a digest of the store's quads."""
    dump = build_path / "dumps" / "dataset.nq"
    store = ox.Store.read_only(str(build_path / "store"))
    lines = sorted(str(q) for q in store)
    del store
    return {"dump": hashlib.sha256(dump.read_bytes()).hexdigest(),
            "store": hashlib.sha256("\n".join(lines).encode()).hexdigest(), "quads": len(lines)}


@contextmanager
def data_unchanged(build_path: Path, message: str):
    """Around a suite: the build's ``dataset_digest`` on entering (yielded), asserted equal on leaving
    (``message`` when it is not)."""
    before = dataset_digest(build_path)
    yield before
    assert dataset_digest(build_path) == before, message

"""What the security and fuzz suites share: settings with small budgets, a real uvicorn run with the
service's own protocol options, a canary HTTP server and a canary file that must never be touched,
and the digest of a build's data (which no request may change)."""

from __future__ import annotations

import hashlib
import socket
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import fields
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import uvicorn

from rightsgraph.api.limits import serve_options
from rightsgraph.config import Settings


def make_settings(**values) -> Settings:
    """Settings with the given values; budgets Settings does not define (yet) are set as attributes,
    which is how the service reads them (getattr with a default)."""
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in values.items() if k in known})
    for name, value in values.items():
        if name not in known:
            object.__setattr__(settings, name, value)
    return settings


@contextmanager
def live_server(app, settings):
    """http://127.0.0.1:PORT of a uvicorn running app (lifespan on) with serve_options(settings)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="on", log_level="warning", **serve_options(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name=f"uvicorn-{port}")
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


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

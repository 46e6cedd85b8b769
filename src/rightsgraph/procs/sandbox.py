"""The upload sandbox: worker processes that parse and validate contributors' RDF (``rightsgraph.uploads``)
and can be killed.

Each worker (``multiprocessing`` forkserver) loads the shapes and ontology of the release being
served once, warms up every parser, caps its address space (``RLIMIT_AS``) and installs an audit
hook that refuses every socket, subprocess and file open outside the Python installation. A
request is (bytes, format). A worker that runs past the deadline is SIGKILLed and replaced (503
with Retry-After); one that dies (a parser crash) is replaced and the upload refused (400); one
that hits its memory cap is replaced (503).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from ..errors import EngineUnavailable, QueryTimeout, UploadRefused, WorkerCrashed
from ..uploads import _short, parse_upload, server_shapes, validate_upload
from .pool import ProcessPool
from .worker import cap_memory

_ALLOWED_PREFIXES: tuple[str, ...] = ()


def _audit(event: str, args) -> None:
    """No sockets, processes or file opens outside the Python installation, once the worker is ready."""
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.bind", "urllib.Request",
                 "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "pty.spawn"):
        raise PermissionError(f"{event} is not allowed while validating an upload")
    if event == "open":
        path, mode = args[0], args[1] if len(args) > 1 else "r"
        flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
        if isinstance(path, int):
            return
        path = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(
            flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC))
        resolved = os.path.realpath(path)
        if writing or not resolved.startswith(_ALLOWED_PREFIXES):
            raise PermissionError(f"opening {os.path.basename(path) or 'a file'} is not allowed while validating an upload")


def _sandbox() -> None:
    global _ALLOWED_PREFIXES
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots |= {p for p in sys.path if p and os.path.isdir(p)}
    _ALLOWED_PREFIXES = tuple(sorted({os.path.realpath(r).rstrip("/") + "/" for r in roots if r and r != "/"}))
    sys.addaudithook(_audit)


_WARM_UP = {
    "turtle": b"@prefix ex: <http://example.org/> . ex:a a ex:B ; ex:p 1, 1.5, true, \"x\"@en, (1 2) .",
    "ntriples": b"<http://example.org/a> <http://example.org/p> \"x\" .\n",
    "jsonld": b'{"@context": {"ex": "http://example.org/"}, "@id": "ex:a", "ex:p": [{"@value": "x"}, 1, true]}',
    "rdfxml": b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
              b'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a"><ex:p>x</ex:p>'
              b'</rdf:Description></rdf:RDF>',
}


def worker_main(conn, release: str, memory_mb: int) -> None:
    """A validation worker: load the server's shapes, warm up, cap memory, sandbox, then serve."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        shapes, ontology = server_shapes(Path(release))
        for fmt, body in _WARM_UP.items():  # imports every lazy module before the sandbox forbids file opens
            validate_upload(body, fmt, "http://localhost/validate", shapes, ontology)
        try:
            parse_upload(b"@prefix : <x> . :a :b", "turtle", "http://localhost/")  # the error paths' imports too
        except Exception:  # noqa: BLE001
            pass
    except Exception as exc:  # noqa: BLE001
        conn.send(("failed", _short(exc)))
        return
    limit = cap_memory(memory_mb)
    _sandbox()
    conn.send(("ready", os.getpid(), limit))
    while True:
        try:
            body, fmt, base, check = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", validate_upload(body, fmt, base, shapes, ontology, check=check))
        except UploadRefused as exc:
            reply = ("refused", exc.status, str(exc), exc.detail)
        except MemoryError:
            reply = ("memory",)
        except RecursionError:
            reply = ("refused", 400, "the upload nests too deeply", {"refused": "nesting"})
        except Exception as exc:  # noqa: BLE001 - validation failing on odd data is the data's fault
            reply = ("refused", 400, f"the upload could not be validated: {_short(exc)}", {"refused": "validation"})
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return


class Sandbox(ProcessPool):
    """Validation workers, each killed and replaced when it overruns, crashes or hits its memory cap."""

    what = "validation worker"

    def __init__(self, release: Path | str, *, workers: int = 1, timeout: float = 10.0, memory_mb: int = 512,
                 queue_timeout: float = 2.0, ready_timeout: float = 60.0):
        self.release = str(Path(release).resolve())
        self.timeout = float(timeout)
        self.memory_mb = int(memory_mb)
        self._setup(max(1, int(workers)), queue_timeout, ready_timeout, "forkserver", ["rightsgraph.procs.worker", "rightsgraph.procs.sandbox"])
        self._start_all()

    def _spawn(self, first: bool):
        return self._start_process(worker_main, (self.release, self.memory_mb), "rightsgraph-upload-worker")

    def _await_ready(self, w) -> None:
        try:
            message = w.conn.recv() if w.conn.poll(self.ready_timeout) else None
        except (EOFError, OSError):
            message = None
        if not message or message[0] != "ready":
            w.kill()
            reason = message[1] if message and message[0] == "failed" else "it did not start"
            raise EngineUnavailable(f"the validation worker could not start: {reason}", retry_after=5)

    def validate(self, body: bytes, fmt: str, base: str, *, check: bool = True) -> dict:
        """Parse and validate in a worker: the outcome, or UploadRefused / EngineUnavailable."""
        return self._exchange((bytes(body), fmt, base, check), self.timeout)

    async def validate_async(self, body: bytes, fmt: str, base: str, *, check: bool = True) -> dict:
        """``validate`` awaited on the event loop (no thread held while the worker works)."""
        return await self._aexchange((bytes(body), fmt, base, check), self.timeout)

    def _crashed(self, reason: str) -> BaseException:
        return UploadRefused("the upload could not be parsed: it crashed the parser", "parser crash")

    def _timed_out(self, timeout: float) -> BaseException:
        return QueryTimeout(f"validating the upload took longer than {timeout:g} s and was stopped", retry_after=1)

    def _answer(self, w, reply) -> dict:
        if reply[0] == "memory":
            self._drop(w)
            raise WorkerCrashed("validating the upload needed more memory than allowed", retry_after=1)
        self._idle.put(w)
        if reply[0] == "refused":
            _, status, message, detail = reply
            refused = UploadRefused(message, detail.get("refused", "upload"), status)
            refused.detail = detail
            raise refused
        return reply[1]

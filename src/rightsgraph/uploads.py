"""Untrusted RDF from contributors: checked, parsed and validated against the server's own shapes,
in a separate process that can be killed, and never stored.

Two layers:

1. :func:`precheck`, in the server process, in microseconds and before any parser: an allow-listed
   format, UTF-8 text, no NUL, no run of 4,300+ digits (Python refuses to convert such an integer
   and a parser that tried would burn CPU), for RDF/XML no ``<!DOCTYPE``/``<!ENTITY`` (or any
   other ``<!`` declaration: billion laughs, XXE) and no declared encoding but UTF-8, for JSON-LD
   no ``@context`` given as a URL (inline the context) and no ``@import``: nothing an upload names
   is ever fetched. A refusal is :class:`UploadRefused` (400) naming what was refused.
2. :class:`Sandbox`: worker processes (``multiprocessing`` forkserver) that each load the server's
   shapes and ontology once (``ontology/`` and ``shapes/`` of the project, as
   :func:`rightsgraph.loading.load_layers` reads them), cap their address space (``RLIMIT_AS``) and
   install an audit hook that refuses every socket, subprocess and file open outside the Python
   installation. A request is (bytes, format): the worker runs the precheck again, parses the bytes
   with rdflib (``data=``, never ``source=``: no string is ever taken for a path or URL) and runs
   :func:`rightsgraph.validation.validate` with ``inference="none"`` and the server's shapes graph, so
   nothing in the upload becomes a shape, a rule, a function or an import. A worker that runs past
   the deadline is SIGKILLed and replaced (503 with Retry-After); one that dies (a parser crash) is
   replaced and the upload refused (400); one that hits its memory cap is replaced (503).
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from pathlib import Path

from . import formats
from .engine.pool import EngineUnavailable, ProcessPool, QueryTimeout, WorkerCrashed, _Worker
from .errors import RightsgraphError

# format key: (rdflib parser, media types accepted for it, what people call it), from the format registry
FORMATS: dict[str, tuple[str, tuple[str, ...], str]] = {f.key: (f.rdflib, f.read_media_types, f.label) for f in formats.uploads()}
MEDIA_TYPES = {media: key for key, (_, medias, _) in FORMATS.items() for media in medias}
MAX_DIGITS = 4300  # sys.int_info.default_max_str_digits: longer integers are refused by Python itself
MAX_MESSAGE = 300

_DIGITS = re.compile(rb"[0-9]{%d,}" % MAX_DIGITS)
_XML_DECLARATION = re.compile(r"<!(?!--|\[CDATA\[)", re.IGNORECASE)
_XML_ENCODING = re.compile(r"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


class UploadRefused(RightsgraphError):
    """An upload the service will not parse; ``status`` is the HTTP status, ``detail`` machine-readable."""

    def __init__(self, message: str, refused: str, status: int = 400):
        super().__init__(message)
        self.status = status
        self.detail = {"refused": refused}


def format_for_media_type(media_type: str | None) -> str:
    """The format key of a Content-Type (parameters ignored); UploadRefused 415 for anything else."""
    media = (media_type or "").partition(";")[0].strip().lower()
    if media not in MEDIA_TYPES:
        raise UploadRefused(
            f"unsupported upload media type {media or 'none'!r}: send text/turtle, application/n-triples, "
            "application/ld+json or application/rdf+xml", "media type", 415)
    return MEDIA_TYPES[media]


# ------------------------------------------------------------------------------------ precheck


def precheck(body: bytes, fmt: str) -> str:
    """The upload as text, or UploadRefused naming what is refused (see the module docstring)."""
    if fmt not in FORMATS:
        raise UploadRefused(f"unknown format {fmt!r}", "format", 415)
    if not body.strip():
        raise UploadRefused("the upload is empty", "empty")
    if b"\x00" in body:
        raise UploadRefused("the upload contains NUL bytes", "NUL")
    run = _DIGITS.search(body)
    if run:
        length = len(re.match(rb"[0-9]+", body[run.start():]).group())
        raise UploadRefused(f"the upload has a number of {length} digits; at most {MAX_DIGITS - 1} are accepted", "huge integer")
    try:
        text = body.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise UploadRefused(f"the upload is not UTF-8 (byte {exc.start})", "encoding") from None
    if fmt == "rdfxml":
        _check_xml(text)
    elif fmt == "jsonld":
        _check_jsonld(text)
    return text


def _check_xml(text: str) -> None:
    m = _XML_DECLARATION.search(text)
    if m:
        word = re.match(r"<!\s*([A-Za-z]*)", text[m.start():]).group(1).upper() or "<!"
        raise UploadRefused(f"RDF/XML with a {word} declaration is refused (no DTDs, no entities)", word)
    enc = _XML_ENCODING.match(text)
    if enc and enc.group(1).strip().lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise UploadRefused(f"RDF/XML must be UTF-8, not {enc.group(1)!r}", "encoding")


def _check_jsonld(text: str) -> None:
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise UploadRefused("the JSON-LD nests too deeply", "nesting") from None
    except ValueError as exc:  # also JSONDecodeError and integers of 4,300+ digits
        raise UploadRefused(f"the upload is not JSON: {_short(exc)}", "syntax") from None
    stack = [doc]
    while stack:  # iterative: a document may nest as deep as the JSON parser allows
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if "@import" in node:
                raise UploadRefused("JSON-LD @import is refused: nothing an upload names is fetched; inline the context",
                                    "@import")
            context = node.get("@context")
            for item in context if isinstance(context, list) else [context]:
                if isinstance(item, str):
                    raise UploadRefused(f"a JSON-LD @context given by reference ({item[:100]!r}) is refused: "
                                        "nothing an upload names is fetched; inline the context", "remote @context")
            stack.extend(node.values())


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _short(exc: BaseException) -> str:
    """An exception's message, short and without file system paths."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    for prefix in {sys.prefix, sys.base_prefix, os.getcwd(), str(Path(__file__).resolve().parents[2])}:
        if prefix and len(prefix) > 1:
            text = text.replace(prefix, "…")
    return text[:MAX_MESSAGE] + ("…" if len(text) > MAX_MESSAGE else "")


# ------------------------------------------------------------------------------------ the worker


def server_shapes(root: Path):
    """The server's shapes and ontology graphs (the ``shapes/`` and ``ontology/`` layers of load_layers)."""
    from rdflib import Graph

    from .loading import parse_file, turtle_files
    from .namespaces import bind_prefixes

    ontology, shapes = bind_prefixes(Graph()), bind_prefixes(Graph())
    for p in turtle_files(root / "ontology"):
        parse_file(p, ontology)
    for p in turtle_files(root / "shapes"):
        parse_file(p, shapes)
    if not len(shapes):
        raise RightsgraphError(f"no shapes under {root / 'shapes'}")
    return shapes, ontology


def parse_upload(body: bytes, fmt: str, base: str):
    """The upload as an rdflib Graph: bytes and a fixed format, never a path or URL."""
    from rdflib import Graph

    parser = FORMATS[fmt][0]
    graph = Graph()
    data = body if fmt == "rdfxml" else body.decode("utf-8").removeprefix("\ufeff")
    graph.parse(data=data, format=parser, publicID=base)
    return graph


def validate_upload(body: bytes, fmt: str, base: str, shapes, ontology, *, check: bool = True) -> dict:
    """Parse and validate one upload; the JSON-able outcome, with the report as Turtle."""
    from .validation import validate

    if check:
        precheck(body, fmt)
    try:
        data = parse_upload(body, fmt, base)
    except RecursionError:
        raise UploadRefused(f"the {FORMATS[fmt][2]} nests too deeply", "nesting") from None
    except MemoryError:
        raise
    except PermissionError as exc:  # the audit hook: the parser tried to open a file or a connection
        raise UploadRefused(f"the upload asks for something the server does not do: {_short(exc)}", "outbound access") from None
    except Exception as exc:  # noqa: BLE001 - rdflib's parsers raise ValueError, IndexError, ParserError...
        raise UploadRefused(f"the upload is not valid {FORMATS[fmt][2]}: {_short(exc)}", "syntax") from None
    violations = validate(data, shapes, ontology)
    results = [{"severity": v.severity, "focus": v.focus, "path": v.path, "message": v.message, "shape": v.shape,
                "value": v.value} for v in violations]
    conforms = not any(v.severity == "Violation" for v in violations)
    return {"conforms": conforms, "triples": len(data), "results": results,
            "report": report_turtle(results, conforms, data)}


def report_turtle(results: list[dict], conforms: bool, data) -> bytes:
    """The results as an sh:ValidationReport in Turtle."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import RDF, SH, XSD

    nodes = {str(t) for triple in data for t in triple if isinstance(t, URIRef)}

    def term(value: str | None):
        if value is None:
            return None
        return URIRef(value) if value in nodes else Literal(value)

    g = Graph()
    g.bind("sh", SH)
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(conforms, datatype=XSD.boolean)))
    for r in results:
        node = BNode()
        g.add((report, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.resultSeverity, SH[r["severity"]]))
        g.add((node, SH.focusNode, URIRef(r["focus"]) if r["focus"] in nodes else Literal(r["focus"])))
        g.add((node, SH.resultMessage, Literal(r["message"])))
        if r["path"] and r["path"] != "(complex path)":
            g.add((node, SH.resultPath, URIRef(r["path"])))
        if r["shape"]:
            g.add((node, SH.sourceShape, URIRef(r["shape"])))
        if r["value"] is not None:
            g.add((node, SH.value, term(r["value"])))
    return g.serialize(format="turtle", encoding="utf-8")


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


def worker_main(conn, root: str, memory_mb: int) -> None:
    """A validation worker: load the server's shapes, warm up, cap memory, sandbox, then serve."""
    from .engine.worker import _cap_memory

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        shapes, ontology = server_shapes(Path(root))
        for fmt, body in _WARM_UP.items():  # imports every lazy module before the sandbox forbids file opens
            validate_upload(body, fmt, "http://localhost/validate", shapes, ontology)
        try:
            parse_upload(b"@prefix : <x> . :a :b", "turtle", "http://localhost/")  # the error paths' imports too
        except Exception:  # noqa: BLE001
            pass
    except Exception as exc:  # noqa: BLE001
        conn.send(("failed", _short(exc)))
        return
    limit = _cap_memory(memory_mb)
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


# ------------------------------------------------------------------------------------ the sandbox


class Sandbox(ProcessPool):
    """Validation workers, each killed and replaced when it overruns, crashes or hits its memory cap."""

    what = "validation worker"

    def __init__(self, root: Path | str, *, workers: int = 1, timeout: float = 10.0, memory_mb: int = 512,
                 queue_timeout: float = 2.0, ready_timeout: float = 60.0):
        self.root = str(Path(root).resolve())
        self.timeout = float(timeout)
        self.memory_mb = int(memory_mb)
        self._setup(max(1, int(workers)), queue_timeout, ready_timeout, "forkserver", ["rightsgraph.engine.worker", "rightsgraph.uploads"])
        self._start_all()

    def _spawn(self, first: bool) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=worker_main, args=(child, self.root, self.memory_mb), daemon=True,
                                    name="rightsgraph-upload-worker")
        process.start()
        child.close()
        return _Worker(process, parent)

    def _await_ready(self, w: _Worker) -> None:
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
        w = self._acquire()
        self.stats["requests"] += 1
        w.busy = True
        try:
            w.conn.send((bytes(body), fmt, base, check))
            reply = w.conn.recv() if w.conn.poll(self.timeout) else None
        except (EOFError, OSError):
            self._retire(w)
            self.stats["crashes"] += 1
            raise UploadRefused("the upload could not be parsed: it crashed the parser", "parser crash") from None
        except BaseException:
            self._retire(w)
            raise
        if reply is None:
            self._retire(w)
            self.stats["timeouts"] += 1
            raise QueryTimeout(f"validating the upload took longer than {self.timeout:g} s and was stopped", retry_after=1)
        if reply[0] == "memory":
            self._retire(w)
            self.stats["crashes"] += 1
            raise WorkerCrashed("validating the upload needed more memory than allowed", retry_after=1)
        w.busy = False
        self._idle.put(w)
        if reply[0] == "refused":
            _, status, message, detail = reply
            refused = UploadRefused(message, detail.get("refused", "upload"), status)
            refused.detail = detail
            raise refused
        return reply[1]

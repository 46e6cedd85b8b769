"""Untrusted RDF from contributors: what an upload may be, how it is parsed and validated against the
shapes of the release being served, and the SHACL report it gets. Nothing is ever stored.

1. :func:`precheck`, in the server process, in microseconds and before any parser: an allow-listed
   format, UTF-8 text, no NUL, no run of 4,300+ digits (Python refuses to convert such an integer
   and a parser that tried would burn CPU), for RDF/XML no ``<!DOCTYPE``/``<!ENTITY`` (or any
   other ``<!`` declaration: billion laughs, XXE) and no declared encoding but UTF-8, for JSON-LD
   no ``@context`` given as a URL (inline the context) and no ``@import``: nothing an upload names
   is ever fetched. A refusal is :class:`~rightsgraph.errors.UploadRefused` (400) naming what was refused.
2. :func:`validate_upload`, run in a killable worker of ``rightsgraph.procs.sandbox``: the precheck
   again, then rdflib parses the bytes (``data=``, never ``source=``: no string is ever taken for a
   path or URL) and :func:`rightsgraph.build.validation.validate` runs with ``inference="none"`` and
   the release's shapes graph (:func:`server_shapes`), so nothing in the upload becomes a shape, a
   rule, a function or an import; :func:`report_turtle` writes the answer as ``sh:ValidationReport``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from . import formats
from .errors import RightsgraphError, UploadRefused

# format key: (rdflib parser, media types accepted for it, what people call it), from the format registry
FORMATS: dict[str, tuple[str, tuple[str, ...], str]] = {f.key: (f.rdflib, f.read_media_types, f.label) for f in formats.uploads()}
MEDIA_TYPES = {media: key for key, (_, medias, _) in FORMATS.items() for media in medias}
MAX_DIGITS = 4300  # sys.int_info.default_max_str_digits: longer integers are refused by Python itself
MAX_MESSAGE = 300

_DIGITS = re.compile(rb"[0-9]{%d,}" % MAX_DIGITS)
_XML_DECLARATION = re.compile(r"<!(?!--|\[CDATA\[)", re.IGNORECASE)
_XML_ENCODING = re.compile(r"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


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


def server_shapes(release: Path):
    """The shapes and ontology graphs the release was built with (its ``shapes.ttl`` and ``ontology.ttl``)."""
    from rdflib import Graph

    from .build.loading import parse_file
    from .namespaces import bind_prefixes

    ontology, shapes = bind_prefixes(Graph()), bind_prefixes(Graph())
    parse_file(release / "ontology.ttl", ontology)
    parse_file(release / "shapes.ttl", shapes)
    if not len(shapes):
        raise RightsgraphError(f"no shapes in {release / 'shapes.ttl'}")
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
    from .build.validation import validate

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



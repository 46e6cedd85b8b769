"""/id/{type}/{key}: every IRI of the dataset dereferences; /def the ontology, /def/shapes the shapes.

HTML for browsers, RDF (Turtle by default) by content negotiation; ``?format=`` overrides
(turtle, ntriples, jsonld, rdfxml, html). The canonical IRI of ``/id/x/y`` is
``namespaces.BASE + "id/x/y"``, whatever host the service runs on.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse
from markupsafe import escape
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from ... import formats
from ...namespaces import BASE, RG
from .. import jsonld
from ..cache import Answer, request_key, respond
from ..conneg import HTML_OFFERS, TRIPLE_OFFERS, negotiate
from ..dataset import graph_sizes
from ..deps import ServiceDep, base_url
from ..describe import Description, GraphDescription
from ..errors import ApiError
from ..html import PARAGRAPH_TEXT, breadcrumbs, grouped, readable, render_bytes
from ..models import ERRORS
from ..rdf import convert, parse_file, serialize
from ..resource_extras import extend_resource_page, page_context
from ..service import Service

router = APIRouter(tags=["linked data"])

_SEGMENT = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%-]+\Z")
RDF_THEN_HTML = TRIPLE_OFFERS + HTML_OFFERS
TWINS = formats.triple_formats()  # the RDF twins of every /id, /def and /graph page
CONTENT = {f.media_type: {} for f in (*TWINS, formats.HTML)}  # for the OpenAPI description
_FORMATS_DOC = ("Turtle (default), JSON-LD, N-Triples or RDF/XML by Accept, HTML for browsers; "
                "`?format=turtle|jsonld|ntriples|rdfxml|html`. `Link` names the canonical IRI and every alternate; "
                "a negotiated answer has `Content-Location`.")
_COMPACT_DOC = (" JSON-LD is expanded; `Accept: application/ld+json; profile=\"http://www.w3.org/ns/json-ld#compacted\"` "
                "gives it compacted with the published context (`/def/context.jsonld`).")


@router.get("/id/{kind}/{key:path}", summary="Dereference a resource of the dataset", response_model=None,
            description="The triples about the resource (outgoing, incoming) and its source quotes. A key in another case "
                        "(`/id/state/blr`) is a 301 to the one resource it names. " + _FORMATS_DOC + _COMPACT_DOC,
            responses={200: {"content": CONTENT}} | ERRORS)
def resource(
    kind: Annotated[str, Path(description="singular kebab-case type", examples=["state"])],
    key: Annotated[str, Path(description="the natural key, which may contain slashes", examples=["BLR"])],
    request: Request,
    service: ServiceDep,
):
    segments = [kind, *key.split("/")]
    if not all(_SEGMENT.match(s) for s in segments) or len(request.url.path) > 2000:
        raise ApiError(404, f"no resource at {request.url.path}")
    iri = BASE + "id/" + "/".join(segments)
    media, fmt = negotiate(request, RDF_THEN_HTML)
    path = request.url.path
    compacted = _compacted(request, fmt)

    def compute() -> Answer:
        described = Description(service, iri)
        if not described.exists:
            raise ApiError(404, f"no resource {iri} in the dataset", {"iri": iri})
        links = {"Link": link_header(path, fmt, canonical=iri)}
        if fmt == "html":
            view = described.view()
            extra = page_context(service, iri, view)  # names for people, folded lists, a treaty's status, a paragraph's marks
            body = render_bytes(request, "resource.html", {
                "r": view, "x": extra,
                "groups": grouped(extra["outgoing"], PARAGRAPH_TEXT if iri in service.paragraphs else frozenset()),
                "incoming": [(readable(p), v) for p, v in extra["incoming"]],
                "formats": _links(request),
                "crumbs": breadcrumbs(iri, view["label"], service.labels, BASE)})
            body = extend_resource_page(request, service, iri, body)  # a State's statements and recommendations; prev/next of a paragraph
            return Answer(with_alternates(body, path), "text/html; charset=utf-8", links)
        body = serialize(described.triples(), fmt)
        return Answer(jsonld.compact(body, jsonld.context(service), compacted) if compacted else body, media, links)

    try:
        answer = service.cache.answer(("id", iri, fmt, compacted), compute)
    except ApiError as exc:
        target = case_variant(service, iri) if exc.status == 404 else None
        if target is None:
            raise
        location = quote("/" + target[len(BASE):], safe="/:@!$&'()*+,;=-._~%")
        if request.url.query:
            location += "?" + request.url.query
        return RedirectResponse(location, status_code=301, headers={"Vary": "Accept"})
    return negotiated(request, answer, fmt, compacted)


@router.get("/graph/{name:path}", summary="A named graph of the dataset", response_model=None,
            description="The graph's triples (the build's graphs: ontology, data, inferred, sources), or for browsers a page "
                        "with its size. " + _FORMATS_DOC + _COMPACT_DOC,
            responses={200: {"content": CONTENT}} | ERRORS)
def named_graph(name: str, request: Request, service: ServiceDep):
    iri = BASE + "graph/" + name
    if iri not in service.graph_names:
        known = [g for g in service.graph_names if g.casefold() == iri.casefold()]
        if len(known) == 1:
            return RedirectResponse("/" + known[0][len(BASE):], status_code=301, headers={"Vary": "Accept"})
        raise ApiError(404, f"no named graph {iri} in the dataset", {"graphs": service.graph_names})
    media, fmt = negotiate(request, RDF_THEN_HTML)
    path = request.url.path
    compacted = _compacted(request, fmt)

    def compute() -> Answer:
        links = {"Link": link_header(path, fmt, canonical=iri)}
        if fmt == "html":
            described = GraphDescription(service, iri, graph_sizes(service).get(iri, 0))
            view = described.view()
            body = render_bytes(request, "resource.html", {
                "r": view, "x": {}, "groups": grouped(view["outgoing"], frozenset()), "incoming": [], "formats": _links(request),
                "crumbs": [("Home", "/"), ("Dumps", "/dumps/"), (view["label"], None)]})
            return Answer(with_alternates(body, path), "text/html; charset=utf-8", links)
        result = service.local.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", fmt=fmt, bindings={"g": URIRef(iri)})
        body = jsonld.compact(result.body, jsonld.context(service), compacted) if compacted else result.body
        return Answer(body, media, links)

    return negotiated(request, service.cache.answer(("graph", iri, fmt, compacted), compute), fmt, compacted)


def _compacted(request: Request, fmt: str) -> str | None:
    """The context URL when a JSON-LD answer is to be compacted (Accept's profile asks for it), else None."""
    if fmt == "jsonld" and jsonld.wants_compacted(request.headers.get("accept")):
        return base_url(request).rstrip("/") + jsonld.CONTEXT_PATH
    return None


def case_variant(service: Service, iri: str) -> str | None:
    """The one IRI of the dataset under /id/ that equals iri but for case, or None (none, or several)."""
    def compute() -> dict[str, list[str]]:
        prefix = BASE + "id/"
        rows = service.select("SELECT DISTINCT ?r WHERE { { ?r ?p ?o } UNION { ?s ?p ?r } "
                              f"FILTER(isIRI(?r) && STRSTARTS(STR(?r), {json.dumps(prefix)})) }}")
        found: dict[str, list[str]] = {}
        for r in rows:
            found.setdefault(str(r["r"]).casefold(), []).append(str(r["r"]))
        return found

    matches = service.memo("id-by-casefold", compute).get(iri.casefold(), [])
    return matches[0] if len(matches) == 1 and matches[0] != iri else None


def _links(request: Request) -> list[tuple[str, str]]:
    """The "Also as" links of a page: each RDF twin."""
    return [(f.label, f"{request.url.path}?format={f.key}") for f in TWINS]


def link_header(path: str, served: str, *, canonical: str | None = None) -> str:
    """``Link``: the canonical IRI, and every other representation of path (each RDF twin, the HTML page)."""
    links = [f'<{canonical}>; rel="canonical"'] if canonical else []
    links += [f'<{path}?format={f.key}>; rel="alternate"; type="{f.media_type}"' for f in (*TWINS, formats.HTML) if f.key != served]
    return ", ".join(links)


def with_alternates(page: bytes, path: str) -> bytes:
    """An HTML page with ``<link rel="alternate">`` in its head for each RDF twin (the templates' head block is
    the base template's; the links are put in here, escaped, so that every page of this module has them)."""
    tags = "\n".join(f'<link rel="alternate" type="{escape(f.media_type)}" href="{escape(path)}?format={f.key}" title="{escape(f.label)}">'
                   for f in TWINS)
    return page.replace(b"</head>", tags.encode("utf-8") + b"\n</head>", 1)


def negotiated(request: Request, answer: Answer, fmt: str, compacted: str | None = None):
    """The answer, with ``Content-Location`` (the URL of this very representation) when Accept chose it
    (not for compacted JSON-LD, which no ``?format=`` URL names)."""
    if "format" in request.query_params or compacted:
        return respond(request, answer)
    return respond(request, replace(answer, headers=answer.headers | {"Content-Location": f"{request.url.path}?format={fmt}"}))


# ------------------------------------------------------------------------------------ /def


def _converted(service: Service, source: str, fmt: str) -> bytes:
    """A build's ontology.ttl or shapes.ttl in another RDF format (computed once per build)."""
    return service.memo(f"{source}:{fmt}", lambda: convert(service.build_path / source, fmt))


def _graph(service: Service, source: str) -> Graph:
    return service.memo(f"{source}:graph", lambda: parse_file(service.build_path / source))


@router.get("/def", summary="The ontology", response_model=None, description="The rightsgraph ontology and its concept schemes. " + _FORMATS_DOC)
def ontology(request: Request, service: ServiceDep):
    return _ontology(request, service)


def _ontology(request: Request, service: Service):
    return _vocabulary(request, service, "def", "ontology.ttl", "ontology.html", _ontology_view)


@router.get("/def/shapes", summary="The SHACL shapes", response_model=None, description="The shapes every build is validated against. " + _FORMATS_DOC)
def shapes(request: Request, service: ServiceDep):
    return _vocabulary(request, service, "shapes", "shapes.ttl", "shapes.html", _shapes_view)


def _vocabulary(request: Request, service: Service, key: str, source: str, template: str, view):
    """A vocabulary file of the build (``source``: ontology.ttl, shapes.ttl) in the negotiated RDF format, or
    its HTML page (``template`` over ``view(service)``), cached under ``key``."""
    media, fmt = negotiate(request, RDF_THEN_HTML)

    path = request.url.path

    def compute() -> Answer:
        links = {"Link": link_header(path, fmt)}
        if fmt == "html":
            page = render_bytes(request, template, view(service) | {"formats": _links(request)})
            return Answer(with_alternates(page, path), "text/html; charset=utf-8", links)
        return Answer(_converted(service, source, fmt), media, links)

    return negotiated(request, service.cache.answer((key,) + request_key(request) + (fmt,), compute), fmt)


@router.get("/def/context.jsonld", summary="The JSON-LD context of the dataset", response_model=None, responses=ERRORS,
            description="Prefixes, `type` for `@type`, and one term per predicate of the dataset (its local name; `@type: @id` "
                        "for IRI values, the datatype for typed ones): what compacted JSON-LD answers refer to.")
def jsonld_context(request: Request, service: ServiceDep):
    return respond(request, service.cache.answer(("jsonld-context",), lambda: Answer(
        json.dumps(jsonld.context(service), ensure_ascii=False, indent=1).encode("utf-8"), "application/ld+json")))


@router.get("/def/{version}", summary="The ontology by its version IRI", response_model=None, responses=ERRORS,
            description="The current version's IRI (owl:versionIRI, e.g. /def/0.1.0) answers like /def; others are 404.")
def ontology_version(version: str, request: Request, service: ServiceDep):
    g = _graph(service, "ontology.ttl")
    if URIRef(BASE + "def/" + version) not in set(g.objects(None, OWL.versionIRI)):
        raise ApiError(404, f"no ontology version {version!r}", {"current": sorted(str(v) for v in g.objects(None, OWL.versionIRI))})
    return _ontology(request, service)


def _text(graph: Graph, node, prop) -> str:
    values = sorted(graph.objects(node, prop), key=lambda v: (getattr(v, "language", None) not in (None, "en"), str(v)))
    return str(values[0]) if values else ""


def _ontology_view(service: Service) -> dict:
    """Every class and property of the ontology with its definition and a few uses from the data."""
    g = _graph(service, "ontology.ttl")
    label = service.label
    instances, uses = service.memo("term-uses", lambda: _term_uses(service))

    def ref(iri) -> dict:
        return {"iri": str(iri), "label": label(str(iri))}

    def value(term) -> dict:
        if isinstance(term, URIRef):
            return {"kind": "iri"} | ref(term)
        text = str(term)
        return {"kind": "literal", "text": text if len(text) <= 90 else text[:89] + "…", "lang": None, "datatype": None}

    def ours(t) -> bool:
        return isinstance(t, URIRef) and str(t).startswith(str(RG))

    properties_of: dict[str, list] = {}
    for p in g.subjects(RDFS.domain, None):
        for d in g.objects(p, RDFS.domain):
            if ours(p):
                properties_of.setdefault(str(d), []).append(ref(p))

    def term(t) -> dict:
        examples = instances.get(str(t), []) if (t, RDF.type, OWL.Class) in g else []
        used = uses.get(str(t), [])
        kinds = [label(str(k)) for k in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty) if (t, RDF.type, k) in g]
        return {
            "iri": str(t), "name": str(t).rsplit("#", 1)[-1], "label": _text(g, t, RDFS.label), "comment": _text(g, t, RDFS.comment),
            "kind": kinds[0] if kinds else "",
            "domain": [ref(d) for d in sorted(g.objects(t, RDFS.domain)) if isinstance(d, URIRef)],
            "range": [ref(r) for r in sorted(g.objects(t, RDFS.range)) if isinstance(r, URIRef)],
            "parents": [ref(p) for p in sorted(g.objects(t, RDFS.subClassOf)) if isinstance(p, URIRef)]
                       + [ref(p) for p in sorted(g.objects(t, RDFS.subPropertyOf)) if isinstance(p, URIRef)],
            "children": [ref(c) for c in sorted(set(g.subjects(RDFS.subClassOf, t)) | set(g.subjects(RDFS.subPropertyOf, t)), key=str) if ours(c)],
            "inverse": [ref(i) for i in sorted(set(g.objects(t, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, t)), key=str)],
            "matches": [ref(m) for m in sorted(set(g.objects(t, SKOS.closeMatch)) | set(g.objects(t, SKOS.exactMatch)), key=str)],
            "properties": sorted(properties_of.get(str(t), []), key=lambda r: r["label"].casefold()),
            "count": len(examples) if examples else len(used),
            "instances": [ref(i) for i in examples[:4]],
            "uses": [(ref(s), value(o)) for s, o in used[:3]],
        }

    def terms(*types) -> list[dict]:
        found = {s for t in types for s in g.subjects(RDF.type, t) if ours(s)}
        return [term(t) for t in sorted(found, key=str)]

    schemes = []
    for scheme in sorted(g.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        concepts = sorted(g.subjects(SKOS.inScheme, scheme), key=lambda c: _text(g, c, SKOS.prefLabel).casefold())
        schemes.append({"iri": str(scheme), "label": _text(g, scheme, SKOS.prefLabel), "definition": _text(g, scheme, SKOS.definition),
                        "concepts": [{"iri": str(c), "label": _text(g, c, SKOS.prefLabel), "notation": _text(g, c, SKOS.notation),
                                      "definition": _text(g, c, SKOS.definition)} for c in concepts]})
    ontology_iri = next(iter(g.subjects(RDF.type, OWL.Ontology)), None)
    return {
        "title": _text(g, ontology_iri, DCTERMS.title) if ontology_iri else "rightsgraph ontology",
        "description": _text(g, ontology_iri, DCTERMS.description) if ontology_iri else "",
        "version": _text(g, ontology_iri, OWL.versionInfo) if ontology_iri else "",
        "iri": str(ontology_iri) if ontology_iri else "",
        "classes": terms(OWL.Class, RDFS.Class),
        "properties": terms(OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property),
        "schemes": schemes,
        "crumbs": [("Home", "/"), ("Ontology", None)],
    }


def _term_uses(service: Service) -> tuple[dict[str, list[str]], dict[str, list[tuple]]]:
    """The instances of each rg: class and the (subject, value) uses of each rg: property, by label."""
    key = lambda iri: (service.label(str(iri)).casefold(), str(iri))  # noqa: E731
    instances: dict[str, list[str]] = {}
    for r in service.select(f'SELECT DISTINCT ?s ?c WHERE {{ ?s a ?c FILTER(isIRI(?s) && STRSTARTS(STR(?c), "{RG}")) }}'):
        instances.setdefault(str(r["c"]), []).append(str(r["s"]))
    uses: dict[str, list[tuple]] = {}
    for r in service.select(f'SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o) && STRSTARTS(STR(?p), "{RG}")) }}'):
        uses.setdefault(str(r["p"]), []).append((str(r["s"]), r["o"]))
    return ({c: sorted(v, key=key) for c, v in instances.items()},
            {p: sorted(v, key=lambda so: (key(so[0]), str(so[1]))) for p, v in uses.items()})


_SHAPE_META = {SH.path, SH.message, SH.description, SH.name, SH.property, SH.sparql, SH.targetClass, SH.targetNode,
               SH.targetSubjectsOf, SH.targetObjectsOf, SH.severity, RDF.type, RDFS.label, RDFS.comment, SH.order, SH.group}
_TARGETS = ((SH.targetClass, "instances of"), (SH.targetSubjectsOf, "subjects of"), (SH.targetObjectsOf, "objects of"),
            (SH.targetNode, "the node"))
_CONSTRAINTS = {SH.minCount: "at least", SH.maxCount: "at most", SH.datatype: "datatype", SH["class"]: "instance of",
                SH.node: "conforms to", SH.hasValue: "has the value", SH["in"]: "one of", SH["or"]: "any of",
                SH["and"]: "all of", SH["not"]: "not", SH.xone: "exactly one of", SH.pattern: "matches", SH.nodeKind: "node kind",
                SH.minInclusive: "minimum", SH.maxInclusive: "maximum", SH.minExclusive: "more than", SH.maxExclusive: "less than",
                SH.minLength: "shortest", SH.maxLength: "longest", SH.languageIn: "languages", SH.uniqueLang: "one per language",
                SH.equals: "equals", SH.disjoint: "disjoint with", SH.lessThan: "less than", SH.closed: "closed",
                SH.inversePath: "inverse of", SH.alternativePath: "any of the paths", SH.zeroOrMorePath: "zero or more",
                SH.oneOrMorePath: "one or more", SH.zeroOrOnePath: "zero or one"}


def _shapes_view(service: Service) -> dict:
    """Every node shape: its targets, severity, constraints on the node and on each property path,
    SPARQL constraints, and the messages a data author sees."""
    g = _graph(service, "shapes.ttl")
    label = service.label

    def cell(o, joiner: str = ", ") -> dict:
        if isinstance(o, URIRef):
            return {"kind": "iri", "iri": str(o), "label": label(str(o))}
        if isinstance(o, BNode) and (o, RDF.first, None) in g:
            return {"kind": "list", "members": [cell(i) for i in Collection(g, o)], "joiner": joiner}
        if isinstance(o, BNode):  # a shape or a property path written in place
            path = g.value(o, SH.path)
            return {"kind": "shape", "path": cell(path) if path is not None else None, "constraints": constraints(o)}
        return {"kind": "literal", "text": str(o)}

    def constraints(node) -> list[tuple[str, dict]]:
        joiners = {SH["or"]: " or ", SH["and"]: " and ", SH.xone: " or ", SH.alternativePath: " or "}
        found = [(_CONSTRAINTS.get(p, label(str(p))), cell(o, joiners.get(p, ", "))) for p, o in g.predicate_objects(node)
                 if p not in _SHAPE_META]
        return sorted(found, key=lambda c: c[0])

    def severity(node) -> str:
        value = g.value(node, SH.severity)
        return str(value).rsplit("#", 1)[-1] if value is not None else ""

    shapes = []
    for shape in sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str):
        if not isinstance(shape, URIRef):
            continue
        props = [{"path": cell(g.value(prop, SH.path)), "constraints": constraints(prop), "message": _text(g, prop, SH.message),
                  "severity": severity(prop)} for prop in g.objects(shape, SH.property)]
        sparql = [{"message": _text(g, c, SH.message), "select": str(g.value(c, SH.select) or "").strip()} for c in g.objects(shape, SH.sparql)]
        shapes.append({
            "iri": str(shape), "name": str(shape).rsplit("#", 1)[-1], "label": _text(g, shape, RDFS.label),
            "targets": [(name, [cell(t) for t in sorted(g.objects(shape, p), key=str)]) for p, name in _TARGETS if (shape, p, None) in g],
            "severity": severity(shape) or "Violation", "message": _text(g, shape, SH.message), "constraints": constraints(shape),
            "sparql": sorted(sparql, key=lambda c: c["message"]),
            "properties": sorted(props, key=lambda p: (p["path"].get("label", ""), p["message"])),
        })
    return {"targeted": [s for s in shapes if s["targets"]], "values": [s for s in shapes if not s["targets"]],
            "crumbs": [("Home", "/"), ("Ontology", "/def"), ("Shapes", None)]}

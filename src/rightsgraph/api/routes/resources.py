"""/id/{type}/{key}: every IRI of the dataset dereferences; /def the ontology, /def/shapes the shapes.

HTML for browsers, RDF (Turtle by default) by content negotiation; ``?format=`` overrides
(turtle, ntriples, jsonld, rdfxml, html). The canonical IRI of ``/id/x/y`` is
``settings.public_base + "id/x/y"``, whatever host the service runs on.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Path, Request
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from ...namespaces import RG
from ..cache import Answer, request_key, respond
from ..conneg import HTML_OFFERS, TRIPLE_OFFERS, negotiate
from ..deps import ServiceDep
from ..describe import Description
from ..errors import ApiError
from ..html import render_bytes
from ..models import ERRORS
from ..rdf import convert, parse_file, serialize
from ..service import Service

router = APIRouter(tags=["linked data"])

_SEGMENT = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%-]+$")
RDF_THEN_HTML = TRIPLE_OFFERS + HTML_OFFERS
_FORMATS_DOC = "Turtle (default), JSON-LD, N-Triples or RDF/XML by Accept, HTML for browsers; `?format=turtle|jsonld|ntriples|rdfxml|html`."


@router.get("/id/{kind}/{key:path}", summary="Dereference a resource of the dataset", response_model=None,
            description="The triples about the resource (outgoing, incoming) and its source quotes. " + _FORMATS_DOC,
            responses={200: {"content": {"text/turtle": {}, "application/ld+json": {}, "text/html": {}}}} | ERRORS)
def resource(
    kind: Annotated[str, Path(description="singular kebab-case type", examples=["state"])],
    key: Annotated[str, Path(description="the natural key, which may contain slashes", examples=["BLR"])],
    request: Request,
    service: ServiceDep,
):
    segments = [kind, *key.split("/")]
    if not all(_SEGMENT.match(s) for s in segments) or len(request.url.path) > 2000:
        raise ApiError(404, f"no resource at {request.url.path}")
    iri = service.settings.public_base + "id/" + "/".join(segments)
    media, fmt = negotiate(request, RDF_THEN_HTML)

    def compute() -> Answer:
        described = Description(service, iri)
        if not described.exists:
            raise ApiError(404, f"no resource {iri} in the dataset", {"iri": iri})
        if fmt == "html":
            body = render_bytes(request, "resource.html", {"r": described.view(), "formats": _links(request)})
            return Answer(body, "text/html; charset=utf-8")
        return Answer(serialize(described.triples(), fmt), media, {"Link": f'<{iri}>; rel="canonical"'})

    return respond(request, service.cache.answer(("id", iri, fmt), compute))


def _links(request: Request) -> list[tuple[str, str]]:
    return [(name, f"{request.url.path}?format={key}") for name, key in
            (("Turtle", "turtle"), ("JSON-LD", "jsonld"), ("N-Triples", "ntriples"), ("RDF/XML", "rdfxml"))]


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
    media, fmt = negotiate(request, RDF_THEN_HTML)

    def compute() -> Answer:
        if fmt == "html":
            return Answer(render_bytes(request, "ontology.html", _ontology_view(service) | {"formats": _links(request)}),
                          "text/html; charset=utf-8")
        return Answer(_converted(service, "ontology.ttl", fmt), media)

    return respond(request, service.cache.answer(("def",) + request_key(request) + (fmt,), compute))


@router.get("/def/shapes", summary="The SHACL shapes", response_model=None, description="The shapes every build is validated against. " + _FORMATS_DOC)
def shapes(request: Request, service: ServiceDep):
    media, fmt = negotiate(request, RDF_THEN_HTML)

    def compute() -> Answer:
        if fmt == "html":
            return Answer(render_bytes(request, "shapes.html", {"shapes": _shapes_view(service), "formats": _links(request)}),
                          "text/html; charset=utf-8")
        return Answer(_converted(service, "shapes.ttl", fmt), media)

    return respond(request, service.cache.answer(("shapes",) + request_key(request) + (fmt,), compute))


@router.get("/def/{version}", summary="The ontology by its version IRI", response_model=None, responses=ERRORS,
            description="The current version's IRI (owl:versionIRI, e.g. /def/0.1.0) answers like /def; others are 404.")
def ontology_version(version: str, request: Request, service: ServiceDep):
    g = _graph(service, "ontology.ttl")
    if URIRef(service.settings.public_base + "def/" + version) not in set(g.objects(None, OWL.versionIRI)):
        raise ApiError(404, f"no ontology version {version!r}", {"current": sorted(str(v) for v in g.objects(None, OWL.versionIRI))})
    return _ontology(request, service)


def _text(graph: Graph, node, prop) -> str:
    values = sorted(graph.objects(node, prop), key=lambda v: (getattr(v, "language", None) not in (None, "en"), str(v)))
    return str(values[0]) if values else ""


def _ontology_view(service: Service) -> dict:
    g = _graph(service, "ontology.ttl")
    label = service.label

    def term(t) -> dict:
        return {
            "iri": str(t), "name": str(t).rsplit("#", 1)[-1], "label": _text(g, t, RDFS.label), "comment": _text(g, t, RDFS.comment),
            "domain": [{"iri": str(d), "label": label(str(d))} for d in sorted(g.objects(t, RDFS.domain))],
            "range": [{"iri": str(r), "label": label(str(r))} for r in sorted(g.objects(t, RDFS.range))],
            "parents": [{"iri": str(p), "label": label(str(p))} for p in sorted(g.objects(t, RDFS.subClassOf) or [])
                        if isinstance(p, URIRef)] + [{"iri": str(p), "label": label(str(p))} for p in sorted(g.objects(t, RDFS.subPropertyOf))],
        }

    def terms(*types) -> list[dict]:
        found = {s for t in types for s in g.subjects(RDF.type, t) if isinstance(s, URIRef) and str(s).startswith(str(RG))}
        return [term(t) for t in sorted(found, key=str)]

    schemes = []
    for scheme in sorted(g.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        concepts = sorted(g.subjects(SKOS.inScheme, scheme), key=lambda c: _text(g, c, SKOS.prefLabel).casefold())
        schemes.append({"iri": str(scheme), "label": _text(g, scheme, SKOS.prefLabel), "definition": _text(g, scheme, SKOS.definition),
                        "concepts": [{"iri": str(c), "label": _text(g, c, SKOS.prefLabel), "notation": _text(g, c, SKOS.notation),
                                      "definition": _text(g, c, SKOS.definition)} for c in concepts]})
    ontology_iri = next(iter(g.subjects(RDF.type, OWL.Ontology)), None)
    return {
        "title": _text(g, ontology_iri, URIRef("http://purl.org/dc/terms/title")) if ontology_iri else "rightsgraph ontology",
        "description": _text(g, ontology_iri, URIRef("http://purl.org/dc/terms/description")) if ontology_iri else "",
        "version": _text(g, ontology_iri, OWL.versionInfo) if ontology_iri else "",
        "classes": terms(OWL.Class, RDFS.Class),
        "properties": terms(OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property),
        "schemes": schemes,
    }


def _shapes_view(service: Service) -> list[dict]:
    g = _graph(service, "shapes.ttl")
    label = service.label
    out = []
    for shape in sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str):
        props = []
        for prop in g.objects(shape, SH.property):
            constraints = sorted((label(str(p)), str(o) if not isinstance(o, URIRef) else label(str(o)))
                                 for p, o in g.predicate_objects(prop) if p not in (SH.path, SH.message, SH.description, SH.name))
            path = g.value(prop, SH.path)
            props.append({"path": label(str(path)) if isinstance(path, URIRef) else "(a property path)", "constraints": constraints,
                          "message": _text(g, prop, SH.message)})
        out.append({"iri": str(shape), "name": str(shape).rsplit("#", 1)[-1],
                    "targets": [label(str(t)) for t in g.objects(shape, SH.targetClass)],
                    "message": _text(g, shape, SH.message), "properties": sorted(props, key=lambda p: p["path"])})
    return out

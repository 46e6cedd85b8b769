"""What the OpenAPI document says that FastAPI cannot see from the routes' signatures.

* **Media types.** Routes answer with ``Response`` objects after content negotiation, so FastAPI
  declares ``application/json`` for all of them. :data:`SERVED` gives, per path, the media types
  the route really answers, read from the offer lists it negotiates with (``conneg``, which are
  built from the one format registry, ``formats.py``); FastAPI's default is dropped where the
  route never answers it. A route negotiates: a media type it does not declare is a 406.
* **Examples.** An example answer per route and media type, computed once (with the schema) from
  the release being served: real rows, real triples, real records — never text written here.
  RDF and results examples are excerpts (a small query over the release); JSON examples are the
  first record of the real list. Route modules add their own with :func:`example`.

``tests/service/test_openapi_docs.py`` negotiates every declared media type of every route on a
real server and compares the Content-Type, checks that an undeclared one is refused, and validates
the live answers and the examples against the documented schemas.
"""

from __future__ import annotations

import json
from typing import Callable

from rdflib import BNode, URIRef
from rdflib.namespace import OWL, RDF, SH

from .. import formats
from ..namespaces import BASE, ID
from . import jsonld, records
from .dataset import void_description
from .conneg import (GRAPH_OFFERS, HTML_OFFERS, JSON_OFFERS, RESULT_OFFERS, TRIPLE_OFFERS, available_formats, media_type_for,
                     offers_for)
from .rdf import parse_file, serialize
from .search import search_hits
from .service import Service

GZIP = "application/gzip"
RESULTS_JSON = {  # SPARQL 1.1 Query Results JSON Format, §3
    "type": "object", "required": ["head"],
    "properties": {"head": {"type": "object", "properties": {"vars": {"type": "array", "items": {"type": "string"}},
                                                             "link": {"type": "array", "items": {"type": "string"}}}},
                   "results": {"type": "object", "required": ["bindings"],
                               "properties": {"bindings": {"type": "array", "items": {"type": "object"}}}},
                   "boolean": {"type": "boolean"}},
}


def _served(offers) -> list[str]:
    """The media types a negotiating route answers with: the canonical type of each format it offers."""
    return [media_type_for(key, offers) for key in available_formats(offers)]


QUERY = _served(RESULT_OFFERS + GRAPH_OFFERS + HTML_OFFERS)  # /sparql and /queries/{name}: by query form
DOCUMENT = _served(TRIPLE_OFFERS + HTML_OFFERS)  # /id, /graph, /def: one description, its RDF twins and the page
PAGE = _served(HTML_OFFERS + JSON_OFFERS)
LISTING = _served(JSON_OFFERS + HTML_OFFERS)
DUMPS = list(dict.fromkeys([f.media_type for f in formats.dumps()] + [GZIP]))  # each file has one type; .gz files are gzip

SERVED: dict[str, list[str]] = {
    "/": PAGE,
    "/sparql": QUERY,
    "/queries": LISTING,
    "/id/{kind}/{key}": DOCUMENT,
    "/graph/{name}": DOCUMENT,
    "/def": DOCUMENT,
    "/def/shapes": DOCUMENT,
    "/def/{version}": DOCUMENT,
    "/def/context.jsonld": [formats.rdf("jsonld").media_type],
    "/.well-known/void": _served(TRIPLE_OFFERS),
    "/dumps/": LISTING,
    "/dumps/{name}": DUMPS,
}
# Routes that answer one fixed media type whatever the Accept header says (a file, a fixed document).
FIXED = {"/health", "/version", "/def/context.jsonld", "/dumps/{name}"}

Examples = Callable[[Service], dict[str, object]]  # media type -> example value
EXAMPLES: dict[tuple[str, str], Examples] = {}


def example(method: str, path: str):
    """Register ``fn(service) -> {media type: example}`` as the examples of an operation."""

    def register(fn: Examples) -> Examples:
        EXAMPLES[(method.lower(), path)] = fn
        return fn

    return register


def served(path: str, service: Service) -> list[str] | None:
    """The media types the route of an OpenAPI path answers (None: FastAPI's declaration stands)."""
    if path == "/queries/{name}":  # the forms of the release's named queries decide
        forms = sorted({service.query_form(q.text) for q in service.catalogue.values()})
        return list(dict.fromkeys(m for form in forms for m in _served(offers_for(form)))) + _served(HTML_OFFERS)
    return SERVED.get(path)


def customise(schema: dict, service: Service) -> dict:
    """Give each operation's 200 answer its real media types and examples (in place; returned)."""
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            ok = operation.setdefault("responses", {}).setdefault("200", {"description": "Successful Response"})
            content = ok.get("content", {})
            media_types = served(path, service)
            if media_types is not None:
                content = {media: content.get(media) or {"schema": _schema(media)} for media in media_types}
                ok["content"] = content
            for media, value in _examples(method, path, service).items():
                if media in content:
                    content[media]["example"] = value
    return schema


def _schema(media: str) -> dict:
    if media == GZIP:
        return {"type": "string", "format": "binary", "contentMediaType": GZIP}
    if media == formats.results("json").media_type:
        return RESULTS_JSON
    if media.endswith("json"):  # JSON-LD: expanded (an array) or compacted (an object)
        return {"type": ["array", "object"]}
    return {"type": "string", "contentMediaType": media}


def _examples(method: str, path: str, service: Service) -> dict[str, object]:
    fn = EXAMPLES.get((method, path)) or EXAMPLES.get(("*", path))
    return fn(service) if fn else {}


def _value(media: str, body: bytes) -> object:
    """An example as OpenAPI wants it: JSON media types as JSON values, the others as text."""
    text = body.decode("utf-8")
    return json.loads(text) if media.endswith("json") else text


# ------------------------------------------------------------------------ SPARQL and named queries

_PREFIXES = ("PREFIX rg: <https://w3id.org/rightsgraph/def#>\n"
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
EXAMPLE_SELECT = _PREFIXES + "SELECT ?treaty ?label WHERE { ?treaty a rg:Treaty ; rdfs:label ?label } ORDER BY ?treaty ?label LIMIT 2"
EXAMPLE_CONSTRUCT = (_PREFIXES + "CONSTRUCT { ?treaty a rg:Treaty ; rdfs:label ?label } "
                     "WHERE { ?treaty a rg:Treaty ; rdfs:label ?label } ORDER BY ?treaty ?label LIMIT 2")


def _query_examples(service: Service) -> dict[str, object]:
    """The answers, in every media type, of a SELECT and a CONSTRUCT over the release (two rows, two triples)."""
    out: dict[str, object] = {}
    for f in formats.RESULT_FORMATS:
        out[f.media_type] = _value(f.media_type, service.local.query(EXAMPLE_SELECT, fmt=f.key).body)
    for f in formats.RDF_FORMATS:
        out[f.media_type] = _value(f.media_type, service.local.query(EXAMPLE_CONSTRUCT, fmt=f.key).body)
    return out


for _method in ("get", "post"):
    example(_method, "/sparql")(_query_examples)
example("get", "/queries/{name}")(_query_examples)


# ------------------------------------------------------------------------ documents


def _triples_examples(triples: list[tuple], keys=tuple(f.key for f in formats.triple_formats())) -> dict[str, object]:
    return {formats.rdf(k).media_type: _value(formats.rdf(k).media_type, serialize(triples, k)) for k in keys}


def _excerpt(service: Service, subject: str, limit: int = 4) -> list[tuple]:
    """A few triples of the release about subject whose objects are not blank nodes."""
    rows = service.select(f"SELECT ?p ?o WHERE {{ <{subject}> ?p ?o FILTER(!isBlank(?o)) }} ORDER BY ?p ?o LIMIT {limit}")
    return [(URIRef(subject), r["p"], r["o"]) for r in rows]


@example("get", "/id/{kind}/{key}")
def _resource(service: Service) -> dict[str, object]:
    return _triples_examples(_excerpt(service, str(ID["state/BLR"])))


@example("get", "/graph/{name}")
def _graph(service: Service) -> dict[str, object]:
    graph = service.build_graphs[0]
    rows = service.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }} }} "
                          "ORDER BY ?s ?p ?o LIMIT 3")
    return _triples_examples([(r["s"], r["p"], r["o"]) for r in rows])


def _file_excerpt(service: Service, name: str, cls: URIRef, limit: int = 4) -> list[tuple]:
    """A few triples of a release file (ontology.ttl, shapes.ttl) about its first resource of class cls."""
    graph = service.memo(f"openapi:{name}", lambda: parse_file(service.build_path / name))
    subjects = sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))
    if not subjects:
        return []
    triples = sorted((subjects[0], p, o) for p, o in graph.predicate_objects(subjects[0]) if not isinstance(o, BNode))
    return triples[:limit]


@example("get", "/def")
@example("get", "/def/{version}")
def _ontology(service: Service) -> dict[str, object]:
    return _triples_examples(_file_excerpt(service, "ontology.ttl", OWL.Ontology))


@example("get", "/def/shapes")
def _shapes(service: Service) -> dict[str, object]:
    return _triples_examples(_file_excerpt(service, "shapes.ttl", SH.NodeShape))


@example("get", "/dumps/{name}")
def _dump(service: Service) -> dict[str, object]:
    """The first lines of each dump format (an excerpt: the files hold the whole dataset)."""
    out: dict[str, object] = {}
    for f in formats.dumps():
        out[f.media_type] = _value(f.media_type, service.local.query(EXAMPLE_CONSTRUCT, fmt=f.key).body)
    return out


@example("get", "/dumps/")
def _dumps(service: Service) -> dict[str, object]:
    first = next(iter(service.dumps.values()))
    items = [{"name": first.name, "url": f"/dumps/{first.name}", "media_type": first.media_type, "bytes": first.size,
              "sha256": first.sha256, "compressed": first.compressed}]
    return {"application/json": {"items": items, "total": len(service.dumps), "limit": len(service.dumps), "offset": 0,
                                 "next": None, "digest": service.digest, "version": service.version}}


# ------------------------------------------------------------------------ the JSON API's lists

_LISTS = {"/api/states": records.states, "/api/treaties": records.treaties, "/api/organizations": records.organizations,
          "/api/programmes": records.programmes, "/api/obligations": records.obligations, "/api/figures": records.figures}


def _first_page(path: str, items: Callable[[Service], list]) -> Examples:
    def build(service: Service) -> dict[str, object]:
        found = items(service)
        following = f"http://127.0.0.1:8000{path}{'&' if '?' in path else '?'}offset=1&limit=1" if len(found) > 1 else None
        return {"application/json": {"items": found[:1], "total": len(found), "limit": 1, "offset": 0, "next": following}}

    return build


for _path, _items in _LISTS.items():
    example("get", _path)(_first_page(_path, _items))


@example("get", "/api/states/{code}/treaties")
def _standings(service: Service) -> dict[str, object]:
    return _first_page("/api/states/BLR/treaties", lambda s: records.state_treaties(s, str(ID["state/BLR"])))(service)


@example("get", "/api/search")
def _search(service: Service) -> dict[str, object]:
    return _first_page("/api/search?q=Belarus", lambda s: search_hits(s, "Belarus"))(service)


@example("get", "/api/treaties/{key}")
def _treaty(service: Service) -> dict[str, object]:
    found = records.treaties(service)[0]
    return {"application/json": found | {"parties": records.treaty_parties(service, found["iri"])}}


@example("get", "/.well-known/void")
def _void(service: Service) -> dict[str, object]:
    graph = void_description(service, "http://127.0.0.1:8000/")
    dataset = URIRef(BASE + ".well-known/void#dataset")
    triples = sorted((dataset, p, o) for p, o in graph.predicate_objects(dataset) if not isinstance(o, BNode))[:4]
    return _triples_examples(triples)


@example("get", "/def/context.jsonld")
def _context(service: Service) -> dict[str, object]:
    """The context's first terms (an excerpt: the published one has a term per predicate of the dataset)."""
    whole = jsonld.context(service)
    inner = whole.get("@context", whole)
    excerpt = dict(list(inner.items())[:6])
    return {formats.rdf("jsonld").media_type: {"@context": excerpt} if "@context" in whole else excerpt}

"""What the OpenAPI document says that FastAPI cannot see from the routes' signatures.

* **Media types.** Routes answer with ``Response`` objects after content negotiation, so FastAPI
  declares ``application/json`` for all of them. :data:`SERVED` gives, per path, the media types
  the route really answers, read from the offer lists it negotiates with (``conneg``, which are
  built from the one format registry, ``formats.py``); FastAPI's default is dropped where the
  route never answers it. A route negotiates: a media type it does not declare is a 406.
* **Examples.** An example answer for every media type of every operation's 200, computed once
  (with the schema) from the release being served: real rows, real triples, real records — never
  text written here. RDF and results examples are excerpts (a small query over the release); JSON
  examples are the route's own answer (:func:`_answer` calls the route's function with a request
  made here), a list cut to its first record (``limit=1``); an HTML example is the page's
  :func:`excerpt` (its title and the start of its ``<main>``); a gzip file is named by an
  ``externalValue`` (its URL). /validate's is the report of validating an excerpt of the release
  (:func:`validate_upload`, the function the sandbox's workers run). Route modules add their own
  with :func:`example`.

``tests/service/test_openapi_docs.py`` negotiates every declared media type of every route on a
real server and compares the Content-Type, checks that an undeclared one is refused, and validates
the live answers and the examples against the documented schemas.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from rdflib import BNode, URIRef
from rdflib.namespace import OWL, RDF, SH
from starlette.requests import Request

from .. import formats
from ..namespaces import BASE, ID
from . import jsonld, records
from .conneg import (
    GRAPH_OFFERS,
    HTML_OFFERS,
    JSON_OFFERS,
    RESULT_OFFERS,
    TRIPLE_OFFERS,
    available_formats,
    media_type_for,
    offers_for,
)
from .dataset import void_description
from .rdf import serialize
from .routes.validate import REPORT_OFFERS
from .search import search_hits
from .service import Service

log = logging.getLogger("rightsgraph.api")
GZIP = "application/gzip"
HTML = formats.HTML.media_type
JSON = formats.JSON.media_type
RESULTS_JSON = {  # SPARQL 1.1 Query Results JSON Format, §3
    "type": "object", "required": ["head"],
    "properties": {"head": {"type": "object", "properties": {"vars": {"type": "array", "items": {"type": "string"}},
                                                             "link": {"type": "array", "items": {"type": "string"}}}},
                   "results": {"type": "object", "required": ["bindings"],
                               "properties": {"bindings": {"type": "array", "items": {"type": "object"}}}},
                   "boolean": {"type": "boolean"}},
}
_TEXT_OR_NULL = {"type": ["string", "null"]}
REPORT_JSON = {  # POST /validate's JSON answer (rightsgraph.uploads.validate_upload)
    "type": "object", "required": ["conforms", "triples", "results"], "additionalProperties": False,
    "properties": {"conforms": {"type": "boolean"}, "triples": {"type": "integer", "minimum": 0},
                   "results": {"type": "array", "items": {
                       "type": "object", "required": ["severity", "focus", "path", "message", "shape", "value"],
                       "additionalProperties": False,
                       "properties": {"severity": {"enum": ["Violation", "Warning", "Info"]}, "focus": {"type": "string"},
                                      "path": _TEXT_OR_NULL, "message": {"type": "string"}, "shape": _TEXT_OR_NULL,
                                      "value": _TEXT_OR_NULL}}}},
}
SCHEMAS = {("/validate", "application/json"): REPORT_JSON}  # (path, media type) -> schema, where the route declares none


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
    "/validate": _served(REPORT_OFFERS),
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
    computed: dict[Examples, dict[str, object]] = {}  # an example function shared by operations runs once
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            ok = operation.setdefault("responses", {}).setdefault("200", {"description": "Successful Response"})
            content = ok.get("content", {})
            media_types = served(path, service)
            if media_types is not None:
                content = {media: _declared(content.get(media), path, media) for media in media_types}
                ok["content"] = content
            for media, value in _examples(method, path, service, computed).items():
                if media in content:
                    if isinstance(value, External):
                        content[media]["examples"] = {value.name: {"summary": value.summary, "externalValue": value.url}}
                    else:
                        content[media]["example"] = shortened(value) if media.endswith("json") else value
    return schema


JSON_CHARS = 4000  # a JSON example longer than this has its lists cut to their first item


def shortened(value: object, chars: int = JSON_CHARS) -> object:
    """A long JSON example with every list, at any depth, cut to its first item (the values kept are the answer's)."""

    def cut(v: object) -> object:
        if isinstance(v, list):
            return [cut(x) for x in v[:1]]
        if isinstance(v, dict):
            return {k: cut(x) for k, x in v.items()}
        return v

    return cut(value) if len(json.dumps(value, ensure_ascii=False)) > chars else value


def _declared(content: dict | None, path: str, media: str) -> dict:
    """The route's own declaration of a media type where it has a schema, else the one known here."""
    if content and content.get("schema"):
        return content
    return (content or {}) | {"schema": SCHEMAS.get((path, media)) or _schema(media)}


def _schema(media: str) -> dict:
    if media == GZIP:
        return {"type": "string", "format": "binary", "contentMediaType": GZIP}
    if media == formats.results("json").media_type:
        return RESULTS_JSON
    if media.endswith("json"):  # JSON-LD: expanded (an array) or compacted (an object)
        return {"type": ["array", "object"]}
    return {"type": "string", "contentMediaType": media}


def _examples(method: str, path: str, service: Service, computed: dict) -> dict[str, object]:
    """The operation's examples; none (logged) if computing them fails: the schema is served without them, and
    tests/service/test_openapi_docs.py fails on a media type without its example."""
    fn = EXAMPLES.get((method, path)) or EXAMPLES.get(("*", path))
    if fn is None:
        return {}
    try:
        if fn not in computed:
            computed[fn] = fn(service)
        return computed[fn]
    except Exception:  # a route that changed under its example must not take /openapi.json down
        log.exception("no OpenAPI example for %s %s", method.upper(), path)
        return {}


def _value(media: str, body: bytes) -> object:
    """An example as OpenAPI wants it: JSON media types as JSON values, HTML as the page's excerpt, the others as text."""
    text = body.decode("utf-8")
    if media == HTML:
        return excerpt(text)
    return json.loads(text) if media.endswith("json") else text


class External:
    """An example too big or not text (a gzip file): named by its URL (an Example Object's ``externalValue``)."""

    def __init__(self, name: str, url: str, summary: str):
        self.name, self.url, self.summary = name, url, summary


EXCERPT_CHARS = 600


def excerpt(page: str, chars: int = EXCERPT_CHARS) -> str:
    """An HTML page's example: its <title> line, then its <main> from the start, cut at the end of the
    line that reaches ``chars`` characters (each part marked "…" where lines were left out)."""
    lines = page.splitlines()
    title = next((line for line in lines if "<title>" in line), None)
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("<main")), 0)
    kept, size = [], 0
    for line in lines[start:]:
        kept.append(line)
        size += len(line) + 1
        if size >= chars or line.lstrip().startswith("</main"):
            break
    head = [title, "…"] if title is not None and start else []
    tail = ["…"] if start + len(kept) < len(lines) else []
    return "\n".join(head + kept + tail)


ORIGIN = "http://127.0.0.1:8000"  # the origin of the examples' absolute URLs (the default `rightsgraph serve`)


def request(path: str, media: str, query: str = "", method: str = "GET") -> Request:
    """A request for path asking for media, to call a route's function with (no network, no middleware)."""
    return Request({"type": "http", "http_version": "1.1", "method": method, "scheme": "http", "server": ("127.0.0.1", 8000),
                    "path": path, "raw_path": path.encode(), "root_path": "", "query_string": query.encode(),
                    "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", media.encode())]})


class _NoCache:
    """An answer cache that keeps nothing."""

    def get(self, key):
        return None

    def put(self, key, answer) -> None:
        pass

    def answer(self, key, compute):
        return compute()


class Fresh:
    """The service, but for its answer cache, which keeps nothing: an example is answered to a request made here
    (whose links have ORIGIN); keyed by that origin it could never answer a client, so it would only take an
    entry of the bounded cache from the clients' answers."""

    cache = _NoCache()

    def __init__(self, service: Service):
        self._service = service

    def __getattr__(self, name: str):
        return getattr(self._service, name)


def _answer(endpoint: Callable, path: str, media_types, query: str = "", **kwargs) -> dict[str, object]:
    """The examples of a route from its own answers: endpoint(request, **kwargs) for each media type (a ``service``
    argument is given as :class:`Fresh`)."""
    if "service" in kwargs:
        kwargs["service"] = Fresh(kwargs["service"])
    out: dict[str, object] = {}
    for media in media_types:
        response = endpoint(request=request(path, media, query), **kwargs)
        if response.status_code != 200:
            raise RuntimeError(f"the example of {path} as {media} is a {response.status_code}")
        out[media] = _value(media, bytes(response.body))
    return out


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


@example("get", "/sparql")
@example("post", "/sparql")
def _sparql(service: Service) -> dict[str, object]:
    """The query answers, and the page of the form with the SELECT's results."""
    from urllib.parse import urlencode

    from .routes import sparql

    page = lambda request: sparql._page(request, Fresh(service), EXAMPLE_SELECT, "select", [], [])
    return _query_examples(service) | _answer(page, "/sparql", [HTML], urlencode({"query": EXAMPLE_SELECT}))


@example("get", "/queries/{name}")
def _named(service: Service) -> dict[str, object]:
    """The query answers, and the page of the release's first named query run with its example parameters."""
    from urllib.parse import urlencode

    from .routes import queries

    q = next(q for _, q in sorted(service.catalogue.items()) if q.example or not [p for p in q.params if not p.optional])
    form = service.query_form(q.text)
    page = lambda request: queries._form_page(request, Fresh(service), q, form, {k: [v] for k, v in q.example.items()})
    return _query_examples(service) | _answer(page, f"/queries/{q.name}", [HTML], urlencode(q.example))


@example("get", "/queries")
def _catalogue(service: Service) -> dict[str, object]:
    from .routes import queries

    return (_answer(queries.catalogue, "/queries", [JSON], "limit=1", service=service, limit=1, offset=0)
            | _answer(queries.catalogue, "/queries", [HTML], service=service, limit=None, offset=0))


@example("get", "/")
def _home(service: Service) -> dict[str, object]:
    from .routes import home

    return _answer(home.home, "/", [HTML, JSON], service=service, state=home.HEADLINE_STATE)


# ------------------------------------------------------------------------ documents


TRIPLE_KEYS = tuple(f.key for f in formats.triple_formats())


def _triples_examples(triples: list[tuple], keys=TRIPLE_KEYS) -> dict[str, object]:
    return {formats.rdf(k).media_type: _value(formats.rdf(k).media_type, serialize(triples, k)) for k in keys}


def _excerpt(service: Service, subject: str, limit: int = 4) -> list[tuple]:
    """A few triples of the release about subject whose objects are not blank nodes."""
    rows = service.select(f"SELECT ?p ?o WHERE {{ <{subject}> ?p ?o FILTER(!isBlank(?o)) }} ORDER BY ?p ?o LIMIT {limit}")
    return [(URIRef(subject), r["p"], r["o"]) for r in rows]


@example("get", "/id/{kind}/{key}")
def _resource(service: Service) -> dict[str, object]:
    from .routes import resources

    page = _answer(resources.resource, "/id/state/BLR", [HTML], service=service, kind="state", key="BLR")
    return _triples_examples(_excerpt(service, str(ID["state/BLR"]))) | page


@example("get", "/graph/{name}")
def _graph(service: Service) -> dict[str, object]:
    from .routes import resources

    graph = service.build_graphs[0]
    rows = service.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }} }} "
                          "ORDER BY ?s ?p ?o LIMIT 3")
    name = graph.rsplit("/graph/", 1)[1]
    page = _answer(resources.named_graph, f"/graph/{name}", [HTML], service=service, name=name)
    return _triples_examples([(r["s"], r["p"], r["o"]) for r in rows]) | page


def _file_graph(service: Service, name: str):
    """A release file as the /def pages read it (parsed once per build, shared with them)."""
    from .routes import resources

    return resources._graph(service, name)


def _file_excerpt(service: Service, name: str, cls: URIRef, limit: int = 4) -> list[tuple]:
    """A few triples of a release file (ontology.ttl, shapes.ttl) about its first resource of class cls."""
    graph = _file_graph(service, name)
    subjects = sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))
    if not subjects:
        return []
    triples = sorted((subjects[0], p, o) for p, o in graph.predicate_objects(subjects[0]) if not isinstance(o, BNode))
    return triples[:limit]


@example("get", "/def")
def _ontology(service: Service) -> dict[str, object]:
    from .routes import resources

    page = _answer(resources.ontology, "/def", [HTML], service=service)
    return _triples_examples(_file_excerpt(service, "ontology.ttl", OWL.Ontology)) | page


@example("get", "/def/{version}")
def _ontology_version(service: Service) -> dict[str, object]:
    from .routes import resources

    page = _answer(resources.ontology_version, f"/def/{service.version}", [HTML], service=service, version=service.version)
    return _triples_examples(_file_excerpt(service, "ontology.ttl", OWL.Ontology)) | page


@example("get", "/def/shapes")
def _shapes(service: Service) -> dict[str, object]:
    from .routes import resources

    page = _answer(resources.shapes, "/def/shapes", [HTML], service=service)
    return _triples_examples(_file_excerpt(service, "shapes.ttl", SH.NodeShape)) | page


@example("get", "/dumps/{name}")
def _dump(service: Service) -> dict[str, object]:
    """The first lines of each dump format (an excerpt: the files hold the whole dataset); a gzip file by its URL."""
    out: dict[str, object] = {}
    for f in formats.dumps():
        out[f.media_type] = _value(f.media_type, service.local.query(EXAMPLE_CONSTRUCT, fmt=f.key).body)
    gz = next((d for d in service.dumps.values() if d.compressed), None)
    if gz is not None:
        out[GZIP] = External(gz.name, f"/dumps/{gz.name}", f"{gz.name}: {gz.size} bytes, SHA-256 {gz.sha256}")
    return out


@example("get", "/dumps/")
def _dumps(service: Service) -> dict[str, object]:
    """The route's answer, its list cut to the first file; and its page."""
    from .routes import dumps

    out = _answer(dumps.index, "/dumps/", [JSON, HTML], service=service)
    out[JSON]["items"] = out[JSON]["items"][:1]
    return out


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


@example("get", "/api/states/{code}")
def _state(service: Service) -> dict[str, object]:
    from .routes import api

    return _answer(api.get_state, "/api/states/BLR", [JSON], service=service, code="BLR")


@example("get", "/api/recommendations")
def _recommendations(service: Service) -> dict[str, object]:
    from .routes import api

    return _answer(api.list_recommendations, "/api/recommendations", [JSON], "limit=1", service=service, limit=1, offset=0)


@example("get", "/api/reviews")
def _reviews(service: Service) -> dict[str, object]:
    """The route's answer, its list cut to the first review (the route has no limit)."""
    from .routes import reviews

    out = _answer(reviews.list_reviews, "/api/reviews", [JSON], service=service)
    out[JSON]["items"] = out[JSON]["items"][:1]
    return out


@example("get", "/api/reviews/{key}")
def _review(service: Service) -> dict[str, object]:
    from . import review
    from .routes import reviews

    key = review.review_keys(service)[0]
    return _answer(reviews.get_review, f"/api/reviews/{key}", [JSON], service=service, key=key)


@example("post", "/validate")
def _validate(service: Service) -> dict[str, object]:
    """The report, as JSON and Turtle, of validating an upload: the N-Triples of the /id/state/BLR example
    (an excerpt of the release), by the function the sandbox's workers run (the upload is ours, not a client's)."""
    from ..uploads import validate_upload

    upload = serialize(_excerpt(service, str(ID["state/BLR"])), "ntriples")
    shapes, ontology = _file_graph(service, "shapes.ttl"), _file_graph(service, "ontology.ttl")  # uploads.server_shapes's
    outcome = validate_upload(upload, "ntriples", f"{ORIGIN}/validate", shapes, ontology)
    return {JSON: {k: outcome[k] for k in ("conforms", "triples", "results")}, "text/turtle": outcome["report"].decode("utf-8")}


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

"""The W3C SPARQL 1.1 Protocol and Service Description tests, replayed against a real uvicorn.

Each manifest entry is one test: its requests are sent in order (``/sparql/`` rewritten to
``/sparql``) with exactly the manifest's method, headers and body, and each response is checked
for the expected status class, format and boolean. Every query test and every negative test must
pass. The positive update tests do not apply to a read-only endpoint: their update request must
be refused (4xx), and they are counted apart.
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from .conftest import OUTCOMES, suite_dir

pytestmark = pytest.mark.server

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld", "application/n-quads": "nquads", "application/trig": "trig"}


@dataclass
class Request:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    statuses: set[int]  # acceptable status classes: 2, 3, 4
    fmt: str | None
    boolean: bool | None

    @property
    def is_update(self) -> bool:
        content_type = dict((k.lower(), v) for k, v in self.headers).get("content-type", "")
        text = (self.body or b"").decode("utf-8", "replace")
        return "sparql-update" in content_type or text.startswith("update=") or "using-" in self.path or "update=" in self.path


@dataclass
class Case:
    name: str
    title: str
    requests: list[Request] = field(default_factory=list)

    @property
    def positive_update(self) -> bool:
        first = self.requests[0]
        return first.is_update and 2 in first.statuses


def _requests(g: Graph, action) -> list[Request]:
    out = []
    for req in Collection(g, g.value(action, HT.requests)):
        headers = [(str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue)))
                   for h in (Collection(g, g.value(req, HT.headers)) if g.value(req, HT.headers) is not None else [])]
        body = None
        node = g.value(req, HT.body)
        if node is not None:
            encoding = str(g.value(node, CNT.characterEncoding) or "UTF-8")
            body = str(g.value(node, CNT.chars)).encode(encoding.lower())
        resp = g.value(req, HT.resp)
        statuses = {int(str(s).rsplit("StatusCode", 1)[1][0]) for s in g.objects(resp, MF.expectedStatus)}
        boolean = g.value(resp, MF.expectedBoolean)
        fmt = g.value(resp, MF.expectedFormat)
        path = str(g.value(req, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
        out.append(Request(str(g.value(req, HT.methodName)), path, headers, body, statuses,
                           str(fmt) if fmt is not None else None, bool(boolean.toPython()) if boolean is not None else None))
    return out


def load_cases() -> list[Case]:
    directory = suite_dir()
    if directory is None:
        return []
    g = Graph()
    g.parse(data=(directory / "protocol-manifest.ttl").read_bytes(), format="turtle", publicID="http://w3c.test/manifest.ttl")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    cases = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[1]
        cases.append(Case(name, str(g.value(entry, MF.name)), _requests(g, g.value(entry, MF.action))))
    return cases


CASES = load_cases()


def send(endpoint: str, req: Request) -> http.client.HTTPResponse:
    parts = urlsplit(endpoint)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest(req.method, req.path, skip_accept_encoding=True)
    for name, value in req.headers:
        conn.putheader(name, value)
    if req.body is not None:
        conn.putheader("Content-Length", str(len(req.body)))
    conn.endheaders(req.body)
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def check(req: Request, response) -> list[str]:
    problems = []
    if response.status // 100 not in req.statuses:
        problems.append(f"status {response.status}, expected {sorted(req.statuses)}xx: {response.body[:200]!r}")
        return problems
    media = (response.getheader("Content-Type") or "").split(";")[0].strip()
    if req.fmt == "boolean":
        if media not in BOOLEAN_TYPES:
            problems.append(f"content type {media!r} is not a boolean results format")
        elif req.boolean is not None:
            found = (json.loads(response.body)["boolean"] if media.endswith("json")
                     else ElementTree.fromstring(response.body).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true")
            if found != req.boolean:
                problems.append(f"boolean {found}, expected {req.boolean}")
    elif req.fmt == "tabular" and media not in TABULAR_TYPES:
        problems.append(f"content type {media!r} is not a tabular results format")
    elif req.fmt == "RDF":
        if media not in RDF_TYPES:
            problems.append(f"content type {media!r} is not an RDF format")
        else:
            Graph().parse(data=response.body, format=RDF_TYPES[media])
    return problems


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_protocol(case: Case, endpoint):
    if case.positive_update:
        response = send(endpoint, case.requests[0])
        refused = 400 <= response.status < 500
        (OUTCOMES["not applicable"] if refused else OUTCOMES["failed"]).append(case.name)
        assert refused, f"{case.name}: the update was not refused ({response.status})"
        pytest.skip("not applicable to a read-only endpoint: the update was refused")
    problems = []
    for i, req in enumerate(case.requests):
        problems += [f"request {i + 1}: {p}" for p in check(req, send(endpoint, req))]
    (OUTCOMES["failed"] if problems else OUTCOMES["passed"]).append(case.name)
    assert not problems, f"{case.name} ({case.title}): " + "; ".join(problems)


def test_manifest_is_complete():
    if not CASES:
        pytest.skip("the W3C SPARQL 1.1 protocol tests are not available")
    assert len(CASES) == 34
    assert sum(c.positive_update for c in CASES) == 7


# ------------------------------------------------------------------ service description tests


def _description(endpoint: str) -> tuple[http.client.HTTPResponse, Graph]:
    response = send(endpoint, Request("GET", urlsplit(endpoint).path, [("Accept", "text/turtle")], None, {2}, "RDF", None))
    graph = Graph()
    graph.parse(data=response.body, format="turtle")
    return response, graph


def test_sd_returns_rdf(endpoint):
    response, graph = _description(endpoint)
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/turtle")
    assert len(graph) > 10
    OUTCOMES["passed"].append("sd:returns-rdf")


def test_sd_has_endpoint_triple(endpoint):
    _, graph = _description(endpoint)
    assert list(graph.subjects(SD.endpoint, URIRef(endpoint))), f"no ?s sd:endpoint <{endpoint}>"
    OUTCOMES["passed"].append("sd:has-endpoint-triple")


def test_sd_conforms_to_schema(endpoint):
    _, graph = _description(endpoint)
    services = list(graph.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    service = services[0]
    assert graph.value(service, SD.supportedLanguage) == SD.SPARQL11Query
    assert SD.UnionDefaultGraph in set(graph.objects(service, SD.feature))
    named = list(graph.subjects(RDF.type, SD.NamedGraph))
    assert named and all(graph.value(n, SD.name) is not None for n in named)
    names = {str(graph.value(n, SD.name)) for n in named}
    assert "http://kasei.us/2009/09/sparql/data/data1.rdf" in names and "https://w3id.org/rightsgraph/graph/data" in names
    dataset = graph.value(service, SD.defaultDataset)
    assert graph.value(dataset, SD.defaultGraph) is not None
    assert set(graph.objects(dataset, SD.namedGraph)) == set(named)
    OUTCOMES["passed"].append("sd:conforms-to-schema")

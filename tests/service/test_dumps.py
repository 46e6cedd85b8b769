"""/dumps and /.well-known/void: headers, conditional GET, gzip, round trips, and VoID counts that
match the dump."""

from __future__ import annotations

import gzip
import hashlib
from email.utils import formatdate

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, VOID

from rightsgraph.namespaces import BASE, SD

QUADS = {"dataset.nq": "nquads", "dataset.trig": "trig", "dataset.jsonld": "json-ld"}
TRIPLES = {"dataset.ttl": "turtle", "dataset.nt": "nt"}
MEDIA = {"dataset.nq": "application/n-quads", "dataset.trig": "application/trig", "dataset.jsonld": "application/ld+json",
         "dataset.ttl": "text/turtle", "dataset.nt": "application/n-triples"}


@pytest.fixture(scope="module")
def reference(dataset_nq) -> Dataset:
    ds = Dataset()
    ds.parse(data=dataset_nq.read_bytes(), format="nquads")
    return ds


def union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def test_index(client, service):
    body = client.get("/dumps/").json()
    names = {d["name"] for d in body["items"]}
    assert names == set(MEDIA) | {n + ".gz" for n in MEDIA}
    assert body["digest"] == service.digest
    html = client.get("/dumps/", headers={"Accept": "text/html"})
    assert html.status_code == 200 and all(f'href="/dumps/{n}"' in html.text for n in names)


@pytest.mark.parametrize("name", sorted(MEDIA))
def test_headers_conditional_get_and_head(client, service, name):
    r = client.get(f"/dumps/{name}")
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == MEDIA[name]
    assert r.headers["etag"] == f'"{service.manifest["dumps"][name]["sha256"]}"'
    assert r.headers["etag"].strip('"') == hashlib.sha256(r.content).hexdigest()
    assert int(r.headers["content-length"]) == len(r.content)
    last_modified = r.headers["last-modified"]
    assert client.get(f"/dumps/{name}", headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    assert client.get(f"/dumps/{name}", headers={"If-None-Match": f'"x", W/{r.headers["etag"]}'}).status_code == 304
    assert client.get(f"/dumps/{name}", headers={"If-None-Match": '"stale"'}).status_code == 200
    assert client.get(f"/dumps/{name}", headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get(f"/dumps/{name}", headers={"If-Modified-Since": formatdate(0, usegmt=True)}).status_code == 200
    assert client.get(f"/dumps/{name}", headers={"If-Modified-Since": "not a date"}).status_code == 200
    # If-None-Match wins over If-Modified-Since
    assert client.get(f"/dumps/{name}", headers={"If-None-Match": '"stale"', "If-Modified-Since": last_modified}).status_code == 200
    head = client.head(f"/dumps/{name}")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == r.headers["content-length"] and head.headers["etag"] == r.headers["etag"]
    gz = client.get(f"/dumps/{name}.gz")
    assert gz.headers["content-type"] == "application/gzip"
    assert gz.headers["etag"].strip('"') == hashlib.sha256(gz.content).hexdigest()
    assert gzip.decompress(gz.content) == r.content
    assert client.get(f"/dumps/{name}.gz", headers={"If-None-Match": gz.headers["etag"]}).status_code == 304


@pytest.mark.parametrize("name", sorted(MEDIA))
def test_each_dump_round_trips_to_the_build(client, reference, name):
    body = client.get(f"/dumps/{name}").content  # the .gz holds the same bytes (test_headers_conditional_get_and_head)
    if name in QUADS:
        ds = Dataset()
        ds.parse(data=body, format=QUADS[name])
        graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert graphs == {str(g.identifier) for g in reference.graphs() if len(g)}
        for g in graphs:
            assert isomorphic(ds.graph(URIRef(g)), reference.graph(URIRef(g))), (name, g)
    else:
        assert isomorphic(Graph().parse(data=body, format=TRIPLES[name]), union(reference)), name


def test_unknown_dumps_are_404(client):
    for name in ("dataset.rdf", "../manifest.json", "..%2Fmanifest.json", "manifest.json", "dataset.nq.zip"):
        r = client.get(f"/dumps/{name}")
        assert r.status_code == 404, name
        assert "error" in r.json()


def test_void_counts_match_the_dump(client, reference, service):
    r = client.get("/.well-known/void")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.content, format="turtle")
    ds = next(g.subjects(VOID.sparqlEndpoint, None))
    everything = union(reference)
    quads = sum(len(x) for x in reference.graphs())
    assert g.value(ds, VOID.triples) == Literal(quads)
    subsets = {str(g.value(s, SD.name)): g.value(s, VOID.triples).toPython() for s in g.objects(ds, VOID.subset)}
    assert subsets == {str(x.identifier): len(x) for x in reference.graphs() if len(x)}
    classes = {}
    for s, c in everything.subject_objects(RDF.type):
        classes.setdefault(str(c), set()).add(s)
    partitions = {str(g.value(p, VOID["class"])): g.value(p, VOID.entities).toPython() for p in g.objects(ds, VOID.classPartition)}
    assert partitions == {c: len(s) for c, s in classes.items()}
    assert g.value(ds, VOID.classes).toPython() == len(classes)
    space = BASE + "id/"
    entities = {s for s in everything.subjects() if isinstance(s, URIRef) and str(s).startswith(space)}
    assert g.value(ds, VOID.entities).toPython() == len(entities)
    assert str(g.value(ds, VOID.uriSpace)) == space
    assert g.value(ds, VOID.sparqlEndpoint) == URIRef("http://testserver/sparql")
    assert {str(d) for d in g.objects(ds, VOID.dataDump)} == {f"http://testserver/dumps/{n}" for n in service.dumps}
    assert URIRef(space + "state/BLR") in set(g.objects(ds, VOID.exampleResource))
    vocabularies = {str(v) for v in g.objects(ds, VOID.vocabulary)}
    assert {"http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#", "https://w3id.org/rightsgraph/def#"} <= vocabularies
    assert g.value(ds, URIRef("http://purl.org/dc/terms/license")) is not None
    jsonld = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert isomorphic(Graph().parse(data=jsonld.content, format="json-ld"), g)

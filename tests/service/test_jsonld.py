"""Compacted JSON-LD on request (issue 14.6): a published @context whose terms a web developer can read,
documents that use it and mean exactly the graph of the expanded (default) answer."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef

from rightsgraph.api.jsonld import COMPACTED, wants_compacted
from rightsgraph.namespaces import ID

PROFILE = {"Accept": f'application/ld+json; profile="{COMPACTED}"'}


@pytest.fixture(scope="module")
def context(client) -> dict:
    r = client.get("/def/context.jsonld")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    return r.json()


def inline(doc: dict, context: dict) -> str:
    """The document with its context inline (nothing fetched), for rdflib's JSON-LD parser."""
    return json.dumps(dict(doc, **{"@context": context["@context"]}))


def test_the_context_has_readable_terms(context):
    ctx = context["@context"]
    assert ctx["type"] == "@type" and ctx["rg"] == "https://w3id.org/rightsgraph/def#"
    assert ctx["partyTo"] == {"@id": "https://w3id.org/rightsgraph/def#partyTo", "@type": "@id"}
    assert ctx["label"] == "http://www.w3.org/2000/01/rdf-schema#label"  # values with languages: no coercion
    assert ctx["wasDerivedFrom"]["@type"] == "@id"
    assert not any(":" in term for term in ctx)


@pytest.mark.parametrize("path", ["/id/state/BLR", "/id/treaty/untc-V-2", "/id/source/unct-blr-2009/para/2", "/graph/ontology"])
def test_compacted_documents_mean_the_same_graph(client, context, path):
    expanded = client.get(path, headers={"Accept": "application/ld+json"})
    compacted = client.get(path, headers=PROFILE)
    assert compacted.status_code == 200 and compacted.headers["content-type"].startswith("application/ld+json")
    doc = compacted.json()
    assert doc["@context"] == "http://testserver/def/context.jsonld" and doc["@graph"]
    assert "content-location" not in compacted.headers and "Accept" in compacted.headers["vary"]
    reference = Graph().parse(data=expanded.content, format="json-ld")
    assert len(reference) > 5
    assert set(Graph().parse(data=inline(doc, context), format="json-ld")) == set(reference)
    assert compacted.content != expanded.content and "@graph" not in expanded.text


def test_a_compacted_state_reads_like_json(client):
    doc = client.get("/id/state/BLR", headers=PROFILE).json()
    blr = next(n for n in doc["@graph"] if n.get("@id") == str(ID["state/BLR"]))
    assert "rg:State" in (blr["type"] if isinstance(blr["type"], list) else [blr["type"]])
    assert all(isinstance(t, str) and t.startswith(str(ID["treaty/"])) for t in blr["partyTo"])


def test_the_expanded_form_stays_the_default(client):
    r = client.get("/id/state/BLR", headers={"Accept": "application/ld+json"})
    assert isinstance(r.json(), list) and "@context" not in r.text
    g = Graph().parse(data=r.content, format="json-ld")
    assert (URIRef(ID["state/BLR"]), None, None) in g


def test_profile_parsing():
    assert wants_compacted(f'application/ld+json;profile="{COMPACTED}"')
    assert wants_compacted(f'text/turtle;q=0.5, application/ld+json; profile="http://www.w3.org/ns/json-ld#expanded {COMPACTED}"')
    assert not wants_compacted("application/ld+json") and not wants_compacted(None)
    assert not wants_compacted('application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"')
    assert not wants_compacted(f'application/json;profile="{COMPACTED}"')

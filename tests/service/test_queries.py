"""/queries: the catalogue, and every named query run from its example in every format and as a form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rightsgraph.query.named import load_queries

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_queries(ROOT / "queries")
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_catalogue(client):
    body = client.get("/queries").json()
    assert {q["name"] for q in body["items"]} == set(CATALOGUE)
    assert body["total"] == len(CATALOGUE)
    for q in body["items"]:
        assert q["url"] == f"/queries/{q['name']}" and q["title"] and q["description"]
        assert all(set(p) == {"name", "type", "optional", "description"} for p in q["parameters"])
    page = client.get("/queries", headers=BROWSER)
    assert page.status_code == 200 and all(f'href="/queries/{name}"' in page.text for name in CATALOGUE)
    assert client.get("/queries", params={"format": "html"}).headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_named_query_runs_from_its_example(client, oxigraph, name):
    query = CATALOGUE[name]
    r = client.get(f"/queries/{name}", params=query.example)
    assert r.status_code == 200, r.text
    expected = oxigraph.select(query.text, query.bind({k: [v] for k, v in query.example.items()}))
    assert len(r.json()["results"]["bindings"]) == len(expected)
    for fmt, media in (("xml", "application/sparql-results+xml"), ("csv", "text/csv"), ("tsv", "text/tab-separated-values")):
        other = client.get(f"/queries/{name}", params=query.example | {"format": fmt})
        assert other.status_code == 200 and other.headers["content-type"].split(";")[0] == media
    page = client.get(f"/queries/{name}", params=query.example, headers=BROWSER)
    assert page.status_code == 200 and query.title in page.text and "<form" in page.text


def test_headline_query(client, oxigraph):
    r = client.get("/queries/unratified-conventions", params={"state": "BLR"})
    treaties = {b["treaty"]["value"].rsplit("/", 1)[1] for b in r.json()["results"]["bindings"]}
    stated = {"untc-V-3", "untc-V-4", "coe-ets-166", "untc-IV-13"}  # UNCT 2009 ¶¶2, 66
    implied = {"untc-IV-13", "untc-IV-15", "untc-IV-15-a", "untc-IV-16", "untc-IV-9-b", "untc-IV-3-a", "untc-IV-12",
               "coe-ets-114", "coe-ets-187"}  # A/HRC/15/16's recommendations to ratify, sign or accede
    assert treaties == stated | implied
    only = client.get("/queries/unratified-conventions", params={"state": "BLR", "basis": "stated"}).json()
    assert {b["treaty"]["value"].rsplit("/", 1)[1] for b in only["results"]["bindings"]} == stated
    same = client.get("/queries/unratified-conventions", params={"state": "https://w3id.org/rightsgraph/id/state/BLR"})
    assert same.json() == r.json()
    assert client.get("/queries/unratified-conventions", params={"state": "blr"}).json() == r.json()


def test_the_form_without_parameters_shows_the_query(client):
    page = client.get("/queries/unratified-conventions", headers=BROWSER)
    assert page.status_code == 200 and "Results" not in page.text and "rg:StatusAssertion" in page.text
    bad = client.get("/queries/unratified-conventions", params={"state": "nowhere"}, headers=BROWSER)
    assert bad.status_code == 400 and "ISO 3166-1 alpha-3" in bad.text


def test_unknown_query_is_404_with_the_known_ones(client):
    r = client.get("/queries/no-such-query")
    assert r.status_code == 404 and set(r.json()["error"]["detail"]["known"]) == set(CATALOGUE)


def test_answers_are_cached_and_revalidated(client):
    r = client.get("/queries/treaty-status", params={"state": "BLR"})
    assert client.get("/queries/treaty-status", params={"state": "BLR"}, headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    assert json.loads(r.content)["head"]["vars"][0] == "state"

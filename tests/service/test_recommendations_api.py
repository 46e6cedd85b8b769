"""/api/recommendations over both sources: a clause per item with its recommending States, numbered
recommendation, source and the recorded position; filters combine; facets count the filtered list.
Expected answers are read from the documents (A/HRC/15/16 ¶¶97–98, the UNCT's ¶66)."""

from __future__ import annotations

import pytest


def _all(client, **params):
    r = client.get("/api/recommendations", params=params | {"limit": 500})
    assert r.status_code == 200, r.text
    return r.json()


def test_the_states_behind_98_16(client):
    items = [i for i in _all(client, source="a-hrc-15-16")["items"] if (i["recommendation"] or {}).get("number") == "98.16"]
    states = {s["label"] for i in items for s in i["recommended_by"]}
    assert states == {"Brazil", "Lithuania", "Italy", "Spain", "Switzerland"}
    assert all(i["positions"][-1]["value"]["notation"] == "to-be-examined" for i in items)
    assert all(i["positions"][-1]["response_due"] == "2010-09" for i in items)


def test_97_1_is_supported_and_recorded_by_the_working_group_as_belarus_s_position(client):
    items = [i for i in _all(client, source="a-hrc-15-16")["items"] if (i["recommendation"] or {}).get("number") == "97.1"]
    assert {s["label"] for i in items for s in i["recommended_by"]} == {"Algeria", "Egypt"}
    (position,) = {p["iri"]: p for i in items for p in i["positions"]}.values()
    assert position["value"]["notation"] == "supported" and position["as_of"] == "2010-05-14"
    assert [r["label"] for r in position["attributed_to"]] == ["Belarus"]
    assert position["evidence"] and all(e["quote"] for e in position["evidence"])


def test_the_icrmw_across_the_cycle(client):
    found = _all(client, instrument="untc-IV-13")
    sources = {i["source"]["iri"].rsplit("/", 1)[-1] for i in found["items"]}
    assert sources == {"unct-blr-2009", "a-hrc-15-16"}  # the UNCT in 2009, Algeria and Egypt in 2010
    counts = {f["label"]: f["count"] for f in found["facets"]["recommended_by"]}
    assert counts.get("Algeria") == 1 and counts.get("Egypt") == 1


def test_filters_combine_and_facets_count_the_filtered_list(client):
    everything = _all(client)
    examined = _all(client, position="to-be-examined")
    assert 0 < examined["total"] < everything["total"]
    assert sum(f["count"] for f in examined["facets"]["positions"]) == examined["total"]
    brazil = _all(client, position="to-be-examined", state="BRA")
    assert 0 < brazil["total"] < examined["total"]
    assert all(any(s["iri"].endswith("/BRA") for s in i["recommended_by"]) for i in brazil["items"])
    paged = client.get("/api/recommendations", params={"position": "to-be-examined", "limit": 5}).json()
    assert len(paged["items"]) == 5 and paged["total"] == examined["total"] and paged["next"]
    assert paged["facets"] == examined["facets"]  # over the whole filtered list, not the page


@pytest.mark.parametrize("params", [{"state": "ZZZ"}, {"instrument": "untc-XX-99"}, {"position": "rejected-forever"}])
def test_a_filter_that_matches_nothing_is_an_empty_list_not_an_error(client, params):
    found = _all(client, **params)
    assert found["total"] == 0 and found["items"] == [] and found["facets"]["recommended_by"] == []


def test_bad_paging_is_a_422_in_the_error_shape(client):
    r = client.get("/api/recommendations", params={"limit": -1})
    assert r.status_code == 422 and r.json()["error"]["code"] == 422

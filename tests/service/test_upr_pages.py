"""The UPR cycle's pages and /api/reviews: the explorer, the review, a State's sections, the source read in
order, search. Expected answers are read from A/HRC/15/16 (¶¶1-4 the review, ¶21 the dialogue, ¶¶97-98 the
recommendations, the annex the delegation) and the UNCT's 2009 submission, never from the data files."""

from __future__ import annotations

import re

HTML = {"Accept": "text/html"}


def _page(client, path, status=200):
    r = client.get(path, headers=HTML)
    assert r.status_code == status, (path, r.status_code, r.text[:300])
    return r.text


# ------------------------------------------------------------------------------------ the explorer


def test_explorer_lists_brazil_s_clauses_with_their_paragraphs(client):
    page = _page(client, "/recommendations?state=BRA")
    # 98.16: "Declare a moratorium on executions with a view to abolishing the death penalty (Brazil)"
    assert "Declare a moratorium on executions with a view to abolishing the death penalty" in page
    assert 'href="/id/source/a-hrc-15-16/para/98.16"' in page
    assert 'href="/id/source/a-hrc-15-16/para/98.4"' in page  # "ratify (Brazil) … the Optional Protocol to the Convention against Torture"
    data = client.get("/recommendations", params={"state": "BRA", "format": "json", "limit": 200}).json()
    assert data["items"] and all("Brazil" in {s["label"] for s in i["recommended_by"]} for i in data["items"])
    assert data["total"] == client.get("/api/recommendations", params={"state": "BRA"}).json()["total"]


def test_explorer_is_not_everything_for_a_filter(client):
    everything = client.get("/recommendations", params={"format": "json"}).json()["total"]
    bra = client.get("/recommendations", params={"state": "BRA", "format": "json"}).json()["total"]
    assert 0 < bra < everything


def test_explorer_shows_position_date_and_response_due(client):
    page = _page(client, "/recommendations?state=BRA&position=to-be-examined")
    assert "to be examined" in page and "response due September 2010" in page  # ¶98: "in September 2010"
    supported = _page(client, "/recommendations?source=a-hrc-15-16&position=supported")
    assert "response due" not in supported and "as of 14 May 2010" in supported  # ¶1: adopted on 14 May 2010


def test_explorer_counts_per_state_and_instrument(client):
    data = client.get("/recommendations", params={"instrument": "untc-IV-9-b", "format": "json"}).json()
    # 98.4: Sign (Iraq)/sign and ratify (Spain)/accede to (Czech Republic)/ratify (Brazil)/ratify and implement (Switzerland) the OP-CAT
    states = {f["label"] for f in data["facets"]["recommended_by"]}
    assert {"Iraq", "Spain", "Czech Republic", "Brazil", "Switzerland"} <= states
    page = _page(client, "/recommendations?instrument=untc-IV-9-b")
    assert "By recommending State" in page and "By instrument or target" in page


def test_explorer_empty_result_and_bad_parameter(client):
    page = _page(client, "/recommendations?state=ZZZ")
    assert "No recommendation matches these filters." in page
    assert client.get("/recommendations", params={"state": "ZZZ", "format": "json"}).json()["total"] == 0
    r = client.get("/recommendations", params={"limit": "0"})
    assert 400 <= r.status_code < 500 and set(r.json()) == {"error"}
    r = client.get("/recommendations", params={"offset": "minus one"})
    assert 400 <= r.status_code < 500 and r.json()["error"]["code"] == r.status_code


def test_explorer_pages(client):
    first = client.get("/recommendations", params={"format": "json", "limit": 10}).json()
    second = client.get(first["next"]).json()
    assert len(first["items"]) == 10 and second["offset"] == 10
    assert not {i["iri"] for i in first["items"]} & {i["iri"] for i in second["items"]}


def test_explorer_has_its_alternates(client):
    page = _page(client, "/recommendations?state=BRA")
    assert re.search(r'<link rel="alternate" type="application/json" href="/api/recommendations\?state=BRA"', page)


# ------------------------------------------------------------------------------------ the review


def test_review_api(client):
    r = client.get("/api/reviews/upr-blr-2010")
    assert r.status_code == 200, r.text[:300]
    review = r.json()
    assert review["state_under_review"]["label"] == "Belarus"
    assert {s["label"] for s in review["troika"]} == {"Norway", "Philippines", "Senegal"}  # ¶2
    assert review["review_date"] == "2010-05-12" and review["adoption_date"] == "2010-05-14"  # ¶1
    assert review["session"]["number"] == 8
    assert {d["symbol"] for d in review["documents"]} == {"A/HRC/WG.6/8/BLR/1", "A/HRC/WG.6/8/BLR/2", "A/HRC/WG.6/8/BLR/3"}  # ¶3
    assert len(review["questions_in_advance_from"]) == 10  # ¶4
    assert review["delegation"]["head"]["label"] == "Mikhail Khvostov"
    assert len(review["delegation"]["members"]) == 5  # the annex: the head and four members
    dialogue = review["dialogue"]
    assert dialogue["delivered"] == 53 and dialogue["not_delivered"] == 31  # ¶21
    delivered = [s for s in dialogue["statements"] if s["delivered"] is True]
    assert len(delivered) == 53
    assert len([s for s in dialogue["statements"] if s["delivered"] is False]) == 31  # footnote 1
    positions = {g["position"]["notation"]: g for g in review["recommendations"]}
    assert positions["supported"]["count"] == 55 and positions["to-be-examined"]["count"] == 38  # 97.1-97.55, 98.1-98.38
    assert positions["to-be-examined"]["response_due"] == "2010-09"
    delegation = review["delegation"]["iri"]
    said = review["delegation_said"]
    assert said["claims"] and said["figures"]
    assert all(c["speaker"]["iri"] == delegation for c in said["claims"] + said["figures"])


def test_reviews_list_and_unknown_review(client):
    items = client.get("/api/reviews").json()["items"]
    assert [i["key"] for i in items] == ["upr-blr-2010"]
    r = client.get("/api/reviews/no-such-review")
    assert r.status_code == 404 and r.json()["error"]["code"] == 404
    assert client.get("/reviews/no-such-review", headers=HTML).status_code == 404


def test_review_page(client):
    page = _page(client, "/reviews/upr-blr-2010")
    troika = re.search(r'<dd id="troika">(.*?)</dd>', page, re.DOTALL).group(1)
    assert "Norway" in troika and "Philippines" in troika and "Senegal" in troika
    assert "A/HRC/WG.6/8/BLR/1" in page and "Mikhail Khvostov" in page
    assert "response due September 2010" in page
    # ¶50: Norway "deplored recent executions"
    assert "deplored recent executions" in page
    assert "What the delegation claimed" in page and "claim)" in page
    assert '<link rel="alternate" type="application/json" href="/api/reviews/upr-blr-2010"' in page


def test_review_in_openapi(client):
    spec = client.get("/openapi.json").json()
    assert "/api/reviews" in spec["paths"] and "/api/reviews/{key}" in spec["paths"]
    assert "Review" in spec["components"]["schemas"]


# ------------------------------------------------------------------------------------ a State's page


def test_state_page_has_statements_and_recommendations(client):
    page = _page(client, "/id/state/BRA")
    assert "Statements in the dialogue" in page and "Recommendations made" in page
    assert "Declare a moratorium on executions" in page
    assert "/recommendations?state=BRA" in page
    blr = _page(client, "/id/state/BLR")
    assert "No recommendation made by this State in the sources." in blr


# ------------------------------------------------------------------------------------ reading the source


def test_source_page_lists_paragraphs_in_order(client):
    page = _page(client, "/sources/a-hrc-15-16")
    assert "A/HRC/15/16" in page
    order = [m for m in re.findall(r'id="u-([^"]+)"', page)]
    assert order[order.index("1"):order.index("1") + 3] == ["1", "2", "3"]
    assert order.index("98") < order.index("98.1") < order.index("98.2") < order.index("98.10") < order.index("99")
    assert order.count("97.1") == 1 and len([u for u in order if u.startswith("97.")]) == 55
    assert "Interactive dialogue and responses by the State under review" in page
    assert "http://www.ohchr.org" not in page and "undocs.org" not in page  # no official link invented
    unct = _page(client, "/sources/unct-blr-2009")
    assert "United Nations Country Team" in unct
    assert _page(client, "/sources/no-such-document", 404)


def test_paragraph_pages_have_previous_and_next(client):
    page = _page(client, "/id/source/a-hrc-15-16/para/98.4")
    assert 'href="/id/source/a-hrc-15-16/para/98.3" rel="prev"' in page
    assert 'href="/id/source/a-hrc-15-16/para/98.5" rel="next"' in page
    first = _page(client, "/id/source/unct-blr-2009/para/1")
    assert 'rel="next"' in first


# ------------------------------------------------------------------------------------ search


def test_search_page_and_box(client):
    page = _page(client, "/search?q=statelessness")
    assert "result" in page and "/id/" in page
    assert client.get("/search", params={"q": "statelessness", "format": "json"}).json()["total"] == \
        client.get("/api/search", params={"q": "statelessness", "limit": 1000}).json()["total"]
    assert 'action="/search"' in _page(client, "/")
    missing = _page(client, "/no/such/page", 404)
    assert 'id="search-404"' in missing
    assert "Type at least two characters." in _page(client, "/search?q=a")
    nothing = client.get("/search", params={"q": "zzqqxxnothing", "format": "json"}).json()
    assert nothing["total"] == 0


def test_search_escapes_the_query(client):
    page = _page(client, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page

"""The pages' server side, without a browser: the drawings, the editor's examples, the home page's
twin, browsing, and the rules every page keeps (no inline script or style, the error shape)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rightsgraph.api.html import breadcrumbs, curie, human_date, plural
from rightsgraph.api.routes.editor import example_text
from rightsgraph.api.svg import Bar, Period, bars, columns, number, ticks, timeline, wrap
from rightsgraph.query.named import load_queries

ROOT = Path(__file__).resolve().parents[2]
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
CATALOGUE = load_queries(ROOT / "queries")


class Markup(HTMLParser):
    """What the CSP would refuse: inline scripts, event-handler attributes and style attributes."""

    def __init__(self):
        super().__init__()
        self.refused: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script":
            self.scripts.append(names.get("src") or "")
            if not names.get("src"):
                self.refused.append("inline <script>")
        if tag == "style":
            self.refused.append("<style>")
        self.refused += [f"{tag}[{k}]" for k in names if k == "style" or k.startswith("on")]


@pytest.mark.parametrize("path", ["/", "/?state=UKR", "/charts", "/editor", "/editor?example=treaty-status", "/browse",
                                  "/browse/treaty", "/id/treaty/untc-V-3", "/id/source/unct-blr-2009/para/2", "/def", "/def/shapes"])
def test_pages_keep_to_the_content_security_policy(client, path):
    r = client.get(path, headers=BROWSER)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = Markup()
    page.feed(r.text)
    assert page.refused == []
    assert all(src.startswith("/static/") for src in page.scripts)
    assert not re.search(r'(src|href)="(https?:)?//(?!w3id\.org|www\.w3\.org)', r.text.split("<main", 1)[0])


def test_the_home_page_twin_and_other_states(client):
    twin = client.get("/", headers={"Accept": "application/json"}).json()
    api = client.get("/api/states/BLR/treaties", params={"status": "unratified"}).json()["items"]
    assert twin["question"] == "Which conventions has Belarus not ratified?"
    assert [t["iri"] for t in twin["answer"]] == [t["iri"] for t in api]
    other = client.get("/", params={"state": "ukr", "format": "json"}).json()
    assert other["question"] == "Which conventions has Ukraine not ratified?" and other["api"].startswith("/api/states/UKR/")
    missing = client.get("/", params={"state": "XYZ"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == 404
    assert client.get("/", params={"state": "<b>"}).status_code == 422
    page = client.get("/", headers=BROWSER).text
    assert page.index('id="group-party"') < page.index('id="group-not-party"') < page.index('id="group-considering-accession"') \
        < page.index('id="group-unknown"')
    assert 'id="group-signatory"' not in page  # Belarus has signed nothing it has not ratified: no empty group
    assert "The sources give no treaty status for" in client.get("/", params={"state": "UKR"}, headers=BROWSER).text
    assert '<option value="BLR" selected>Belarus</option>' in page


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_an_editor_example_answers_like_its_named_query(oxigraph, name):
    q = CATALOGUE[name]
    expected = oxigraph.select(q.text, q.bind({k: [v] for k, v in q.example.items()}))
    got = oxigraph.select(example_text(q))
    assert _unordered(got) == _unordered(expected)
    assert "#+" not in example_text(q)


def _unordered(rows) -> list[str]:
    """Rows as comparable text, GROUP_CONCAT's parts sorted (their order is not defined)."""
    return sorted(repr({k: "; ".join(sorted(str(v).split("; "))) if v is not None else None for k, v in r.items()}) for r in rows)


def test_the_editor_runs_a_shared_query_without_javascript(client):
    r = client.get("/editor", params={"query": "SELECT ?s WHERE { ?s a <https://w3id.org/rightsgraph/def#Treaty> } LIMIT 3"},
                   headers=BROWSER)
    assert r.status_code == 200 and r.text.count("<tr><td>") == 3 and 'href="/id/treaty/' in r.text
    assert "/sparql?query=SELECT" in r.text and "format=csv" in r.text
    bad = client.get("/editor", params={"query": "SELECT * WHERE { ?s ?p }"}, headers=BROWSER)
    assert bad.status_code == 400 and 'id="problem" class="problem" role="alert">' in bad.text
    fresh = client.get("/editor", headers=BROWSER).text
    assert "PREFIX rg: &lt;https://w3id.org/rightsgraph/def#&gt;" in fresh


def test_browsing_by_type(client):
    kinds = {k["kind"]: k for k in client.get("/browse", params={"format": "json"}).json()["items"]}
    assert {"treaty", "state", "observation", "source"} <= set(kinds)
    treaties = client.get("/browse/treaty", params={"format": "json"}).json()
    assert treaties["total"] == kinds["treaty"]["count"] and all(i["url"].startswith("/id/treaty/") for i in treaties["items"])
    assert client.get("/browse/nothing").status_code == 404
    assert client.get("/browse/Bad%20Kind").status_code == 404


def test_resource_pages_group_their_properties_and_show_where_they_are(client):
    page = client.get("/id/status-assertion/BLR/untc-V-3/unct-blr-2009-p2", headers=BROWSER).text
    for heading in ("Identity", "Relations", "Evidence"):
        assert f">{heading}</h2>" in page
    assert '<a href="/browse/status-assertion">Status assertions</a>' in page
    assert "<mark>" in page


def test_the_charts_page(client):
    page = client.get("/charts", headers=BROWSER).text
    assert page.count('aria-roledescription="chart"') >= 5 and page.count("<table") >= 4
    assert 'aria-label="Asylum applications in 2008: 91"' in page


# ------------------------------------------------------------------------------------ helpers


def test_drawings_escape_what_they_are_given():
    hostile = '<script>alert("x")</script>'
    for svg in (columns([Bar(hostile, 3, hostile, "/x?a=1&b=2")], title=hostile, desc=hostile),
                bars([Bar(hostile, 3, hostile)], title=hostile, desc=hostile),
                timeline([Period(hostile, 2001, None, hostile, detail=hostile)], title=hostile, desc=hostile, until=2010, marker=hostile)):
        assert "<script>" not in svg and "&lt;script&gt;" in svg and 'style="' not in svg
        assert svg.startswith("<svg") and svg.endswith("</svg>")


def test_drawing_helpers():
    assert ticks(950) == [0, 200, 400, 600, 800, 1000]
    assert ticks(38, 4) == [0, 10, 20, 30, 40]
    assert ticks(0) == [0.0, 1.0]
    assert number(2220) == "2,220" and number(31.82) == "31.82" and number(None) == "–" and number(30.0) == "30"
    assert wrap("one two three four", 9, 1) == ["one two…"]
    assert wrap("one two three four", 9, 2) == ["one two", "three fo…"]
    assert human_date("2001-08") == "August 2001" and human_date("2003-05-03") == "3 May 2003" and human_date("2009") == "2009"
    assert human_date("2009-13") == "2009-13" and human_date(None) == ""
    assert plural("treaty-action") == "Treaty actions" and plural("facility") == "Facilities" and plural("source") == "Sources"
    assert curie("https://w3id.org/rightsgraph/def/shapes#TreatyShape") == "rgsh:TreatyShape"
    base = "https://w3id.org/rightsgraph/"
    labels = {base + "id/source/unct-blr-2009": "The report"}
    assert breadcrumbs(base + "id/source/unct-blr-2009/para/2", "Paragraph 2", labels, base) == [
        ("Home", "/"), ("Sources", "/browse/source"), ("The report", "/id/source/unct-blr-2009"), ("Paragraph 2", None)]

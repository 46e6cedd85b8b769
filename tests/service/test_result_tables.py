"""Result tables for people (issue 14.8), over a real uvicorn: the editor, the /sparql page and
/queries/{name} show a page of rows with the count, links to the other pages and to the downloads
of the whole answer; labels beside IRIs (one label table per build, not a query per cell); long
literals folded, language tags and datatypes kept; syntax errors with line, column and what was
expected (the JSON error shape unchanged); the editor's PREFIX declarations folded."""

from __future__ import annotations

import csv
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from rightsgraph.api.results import (
    PAGE_SIZE,
    join_prologue,
    split_prologue,
    syntax_problem,
)

from .conftest import MAX_ROWS

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ALL = "SELECT * { ?s ?p ?o }"
RG = "https://w3id.org/rightsgraph/def#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
BAD = "SELECT * WHERE {\n  ?s ?p ?o .\n  ?s foo:x ?y\n}"  # line 3 uses an undeclared prefix


@pytest.fixture(scope="module")
def web(live):
    with httpx.Client(base_url=live, timeout=60) as c:
        yield c


def _rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>.*?</tr>", body, re.DOTALL)


def _links(page: str, cls: str) -> list[str]:
    block = re.search(rf'<(?:nav|p) class="{cls}".*?</(?:nav|p)>', page, re.DOTALL).group(0)
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', block)]


def _select(web, query: str) -> list[dict]:
    r = web.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return r.json()["results"]["bindings"]


# ------------------------------------------------------------------ pages of rows


def test_a_big_answer_shows_its_first_page_with_the_count_and_the_pages(web):
    everything = _select(web, ALL)
    assert len(everything) == MAX_ROWS  # the build has more triples than the tests' row limit
    r = web.get("/sparql", params={"query": ALL}, headers=BROWSER)
    assert r.status_code == 200
    rows = _rows(r.text)
    assert len(rows) == PAGE_SIZE < len(everything)  # without pages: all 1,000 rows in one page
    count = re.search(r'<p class="count" id="result-count">(.*?)</p>', r.text, re.DOTALL).group(1)
    assert count.startswith(f"Rows 1–{PAGE_SIZE} of the first {MAX_ROWS:,} (page 1 of {MAX_ROWS // PAGE_SIZE})")
    assert "cut at the row limit" in count
    pages = _links(r.text, "row-pages")
    numbers = [parse_qs(urlsplit(u).query).get("page", ["1"])[0] for u in pages]
    assert numbers[0] == "1" and "2" in numbers and str(MAX_ROWS // PAGE_SIZE) in numbers and numbers[-1] == "2"  # … next
    assert all(parse_qs(urlsplit(u).query)["query"] == [ALL] for u in pages)


def test_another_page_shows_those_rows_of_the_same_answer(web):
    everything = _select(web, ALL)
    first = _rows(web.get("/sparql", params={"query": ALL}, headers=BROWSER).text)
    third = web.get("/sparql", params={"query": ALL, "page": "3"}, headers=BROWSER)
    rows = _rows(third.text)
    assert len(rows) == PAGE_SIZE and rows != first
    assert f"Rows {2 * PAGE_SIZE + 1}–{3 * PAGE_SIZE} of" in third.text
    # the o, p, s columns of row 201 are those of the answer's 201st solution
    solution = everything[2 * PAGE_SIZE]
    for var in ("s", "p"):
        path = solution[var]["value"].removeprefix("https://w3id.org/rightsgraph")
        assert f'title="{solution[var]["value"]}"' in rows[0] or path in rows[0], var
    last = web.get("/sparql", params={"query": ALL, "page": "999"}, headers=BROWSER)
    assert f"page {MAX_ROWS // PAGE_SIZE} of {MAX_ROWS // PAGE_SIZE}" in last.text  # past the end: the last page
    assert web.get("/sparql", params={"query": ALL, "page": "x"}, headers=BROWSER).text.count("<tr><td>") == PAGE_SIZE


def test_the_downloads_are_the_whole_answer(web):
    page = web.get("/sparql", params={"query": ALL, "page": "2"}, headers=BROWSER).text
    downloads = dict(zip(re.findall(r"download>([^<]+)</a>", page), _links(page, "downloads")))
    assert set(downloads) == {"CSV", "TSV", "JSON"}
    for name, url in downloads.items():
        query = parse_qs(urlsplit(url).query)
        assert query["query"] == [ALL] and "page" not in query and query["format"] == [name.lower()]
    table = list(csv.reader(io.StringIO(web.get(downloads["CSV"]).text)))
    assert len(table) == MAX_ROWS + 1  # the header and every row, not the page's 100
    assert web.get(downloads["TSV"]).headers["content-type"].startswith("text/tab-separated-values")
    assert len(web.get(downloads["JSON"]).json()["results"]["bindings"]) == MAX_ROWS


def test_a_small_answer_has_no_pages(web):
    r = web.get("/sparql", params={"query": f"SELECT ?t WHERE {{ ?t a <{RG}Treaty> }} LIMIT 3"}, headers=BROWSER)
    assert r.text.count("<tr><td>") == 3 and "row-pages" not in r.text
    assert '<p class="count" id="result-count">3 rows</p>' in r.text


def test_a_named_query_page_has_pages_and_downloads(web):
    data = web.get("/queries/recommendations-by-theme", params={"format": "json"}).json()["results"]["bindings"]
    assert len(data) > PAGE_SIZE
    r = web.get("/queries/recommendations-by-theme", headers=BROWSER)
    assert r.status_code == 200 and len(_rows(r.text)) == PAGE_SIZE
    assert f"of {len(data):,}" in r.text
    two = web.get("/queries/recommendations-by-theme", params={"page": "2"}, headers=BROWSER)
    assert two.status_code == 200 and f"Rows {PAGE_SIZE + 1}–" in two.text  # page is not taken for a parameter
    downloads = _links(r.text, "downloads")
    assert [parse_qs(urlsplit(u).query)["format"][0] for u in downloads] == ["csv", "tsv", "json"]
    assert web.get(downloads[0]).text.count("\n") >= len(data)
    with_param = web.get("/queries/unratified-conventions", params={"state": "BLR"}, headers=BROWSER)
    assert all(parse_qs(urlsplit(u).query)["state"] == ["BLR"] for u in _links(with_param.text, "downloads"))
    assert web.get("/queries/recommendations-by-theme", params={"nonsense": "1"}, headers=BROWSER).status_code == 400


# ------------------------------------------------------------------ cells


def test_iris_carry_their_labels(web, service, monkeypatch):
    treaties = _select(web, f"SELECT ?t ?l WHERE {{ ?t a <{RG}Treaty> ; <{RDFS_LABEL}> ?l }} ORDER BY ?t")
    assert len(treaties) >= 10
    service.labels  # noqa: B018 - the label table, built once per build
    calls = []
    original = service.select
    monkeypatch.setattr(service, "select", lambda *a, **k: calls.append(a) or original(*a, **k))
    r = web.get("/sparql", params={"query": f"SELECT ?t ?s WHERE {{ ?t a <{RG}Treaty> . OPTIONAL {{ ?a <{RG}treaty> ?t ; <{RG}state> ?s }} }}"},
                headers=BROWSER)
    assert r.status_code == 200 and r.text.count("<tr><td>") > 20
    assert calls == []  # labels for every cell, and not one query for them
    for t in treaties:
        path = t["t"]["value"].removeprefix("https://w3id.org/rightsgraph")
        link = re.search(rf'<a href="{re.escape(path)}" title="[^"]+">([^<]+)</a> <span class="iri">([^<]+(?:<wbr>[^<]*)*)</span>', r.text)
        assert link and html.unescape(link.group(1)) == t["l"]["value"], path
        assert link.group(2).replace("<wbr>", "") == "id:" + path.removeprefix("/id/")
    icrmw = re.search(r'<a href="/id/treaty/untc-IV-13" title="[^"]+">([^<]+)</a>', r.text).group(1)
    assert icrmw.startswith("International Convention on the Protection of the Rights of All Migrant Workers")
    # an IRI without a label shows its prefixed name, with nothing beside it
    bare = web.get("/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { <http://example.org/no-label> } }"}, headers=BROWSER)
    assert '<td><a href="http://example.org/no-label" title="http://example.org/no-label" rel="noopener noreferrer nofollow">' \
           'http://example.org/no-label</a></td>' in bare.text


def test_long_literals_fold_and_keep_their_tags(web):
    query = (f"SELECT ?t ?d ?l WHERE {{ ?p <{RG}text> ?t FILTER(STRLEN(?t) > 600) BIND(\"2010-05-12\"^^<http://www.w3.org/2001/XMLSchema#date> AS ?d)"
             f" BIND(STRLANG(\"short\", \"en\") AS ?l) }} LIMIT 1")
    long_text = _select(web, query)[0]["t"]["value"]
    r = web.get("/sparql", params={"query": query}, headers=BROWSER)
    cells = re.findall(r"<td>(.*?)</td>", _rows(r.text)[0], re.DOTALL)
    assert cells[0].startswith('<details class="long"><summary><span class="literal head">')
    full = re.search(r'</summary><span class="literal">(.*?)</span></details>', cells[0], re.DOTALL).group(1)
    assert html.unescape(full) == long_text  # the whole text, wrapped, under its beginning
    assert f"{len(long_text):,} characters" in cells[0]
    assert cells[1] == '<span class="literal">2010-05-12</span> <span class="datatype" title="http://www.w3.org/2001/XMLSchema#date">xsd:date</span>'
    assert cells[2] == '<span class="literal">short</span> <span class="lang" title="language tag">@en</span>'  # short: not folded


# ------------------------------------------------------------------ syntax errors


def test_a_syntax_error_says_where_and_what_was_expected(web):
    r = web.get("/sparql", params={"query": BAD}, headers=BROWSER)
    assert r.status_code == 400
    problem = re.search(r'<div id="problem" class="problem" role="alert">(.*?)</div>\s*</form>', r.text, re.DOTALL).group(1)
    text = html.unescape(re.sub(r"<[^>]+>", "", problem))
    assert "Syntax error on line 3, column" in text and "the prefix foo: is not declared" in text
    assert "  ?s foo:x ?y" in text  # the line itself, with a mark under the column
    assert '<textarea id="sparql-query" name="query"' in r.text and html.escape("?s foo:x ?y", quote=False) in r.text  # kept to fix
    # the same request from a program: the error shape, unchanged
    api = web.get("/sparql", params={"query": BAD}, headers={"Accept": "application/sparql-results+json"})
    assert api.status_code == 400 and api.headers["content-type"].startswith("application/json")
    body = api.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == 400 and body["error"]["message"].startswith("SPARQL syntax error: error at 3:")
    assert body["error"]["detail"] is None


def test_the_syntax_messages_read_from_the_engine():
    missing = syntax_problem("SPARQL syntax error: error at 1:25: expected one of LATERAL, SERVICE, [_]", "SELECT * WHERE { ?s ?p }")
    assert missing["line"] == 1 and missing["column"] == 25 and missing["at_end"]
    assert missing["expected"] == ["LATERAL", "SERVICE"] and missing["summary"] == "the parser expected LATERAL or SERVICE"
    assert missing["marker"] == " " * 24 + "^"
    unbound = syntax_problem("SPARQL syntax error: error at 1:41: expected one of \"$\", \"(\", The SELECT contains a variable that is unbound, "
                             "['0' ..= '9' | '\\u{00B7}']", "SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s")
    assert unbound["summary"] == "the SELECT contains a variable that is unbound"
    assert syntax_problem("query failed: the deadline passed", "SELECT * {}") is None  # no position: no syntax block


def test_the_editor_says_the_line_as_it_shows_it(web):
    prologue = "PREFIX rg: <https://w3id.org/rightsgraph/def#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
    r = web.get("/editor", params={"query": BAD, "prologue": prologue}, headers=BROWSER)
    assert r.status_code == 400 and 'id="problem" class="problem" role="alert">' in r.text
    assert "Syntax error on line 3 of the query, column" in html.unescape(r.text)  # not line 5 of the text sent
    assert 'data-part="query" data-line="3"' in r.text and 'aria-invalid="true"' in r.text
    in_prologue = web.get("/editor", params={"query": "SELECT * {}", "prologue": "PREFIX rg <x:>"}, headers=BROWSER)
    assert in_prologue.status_code == 400 and 'data-part="prologue" data-line="1"' in in_prologue.text
    assert '<details class="prologue" id="prologue-fold" open>' in in_prologue.text


# ------------------------------------------------------------------ the editor


def test_the_editor_folds_its_prefix_declarations(web):
    fresh = web.get("/editor", headers=BROWSER).text
    fold = re.search(r'<details class="prologue" id="prologue-fold">(.*?)</details>', fresh, re.DOTALL).group(1)
    assert "PREFIX rg: &lt;https://w3id.org/rightsgraph/def#&gt;" in fold and "rg:" in re.search(r"<summary>(.*?)</summary>", fold, re.DOTALL).group(1)
    query = re.search(r'<textarea id="query"[^>]*>(.*?)</textarea>', fresh, re.DOTALL).group(1)
    assert "PREFIX" not in query and query.startswith("SELECT ?treaty")
    # a shared text is split the same way, and runs as given
    text = "# a comment\nPREFIX rg: <https://w3id.org/rightsgraph/def#>\nSELECT ?t WHERE { ?t a rg:Treaty } LIMIT 2"
    shared = web.get("/editor", params={"query": text}, headers=BROWSER).text
    assert re.search(r'<textarea id="query"[^>]*>(.*?)</textarea>', shared, re.DOTALL).group(1) == "# a comment\nSELECT ?t WHERE { ?t a rg:Treaty } LIMIT 2"
    assert shared.count("<tr><td>") == 2
    plain = web.get("/editor", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"}, headers=BROWSER).text
    assert '<textarea id="prologue" name="prologue" rows="1"' in plain  # nothing to fold: an empty fold


def test_the_editor_fragment_is_the_page_of_results_under_run(web):
    form = {"prologue": "PREFIX rg: <https://w3id.org/rightsgraph/def#>", "query": "SELECT * { ?s ?p ?o }", "page": "2"}
    r = web.post("/editor/results", data=form)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.text.lstrip().startswith('<div class="result" data-kind="select"') and "<html" not in r.text
    assert 'data-page="2"' in r.text and len(_rows(r.text)) == PAGE_SIZE
    full = join_prologue(form["prologue"], form["query"])
    assert all(parse_qs(urlsplit(u).query)["query"] == [full] for u in _links(r.text, "downloads"))
    bad = web.post("/editor/results", data={"query": BAD})
    assert bad.status_code == 400 and bad.text.startswith('<div class="problem-fragment" data-code="400">')
    assert 'data-line="3"' in bad.text
    assert web.post("/editor/results", data={"query": "  "}).status_code == 400
    assert web.post("/editor/results", content=b"query=x", headers={"Content-Type": "text/plain"}).status_code == 415


def test_the_fold_moves_only_comments():
    text = "# title\nPREFIX a: <x:>\n\nPREFIX b: <y:> # note\nSELECT * {}\n"
    prologue, body = split_prologue(text)
    assert prologue == "PREFIX a: <x:>\nPREFIX b: <y:> # note" and body == "# title\nSELECT * {}\n"
    assert split_prologue(join_prologue(prologue, body)) == (prologue, body)
    assert split_prologue("SELECT * {}") == ("", "SELECT * {}")
    assert join_prologue("", "SELECT * {}") == "SELECT * {}"

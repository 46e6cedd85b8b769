"""The resource pages of /id where analysts look (issue 14.10–14.12), over a real uvicorn: a treaty's status by state
and its depositary's page, names for people instead of CURIEs, restated links shown once, a paragraph's quotes
linked to the facts they support, the report's symbol, and the charts' phone drawings and "no figure" marks.

Expected words are read from the source texts (data/sources/*.txt, the project's copies of the reports), never
from the data files; the depositaries' URL patterns are those verified in shared/reference/ontology-notes.md §4
(UN Treaty Collection) and in several public code bases (the Council of Europe's treaty pages)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef

from rightsgraph.api.resource_extras import _arabic, treaty_links

ROOT = Path(__file__).resolve().parents[2]
RG = "https://w3id.org/rightsgraph/def#"
UNCT = " ".join((ROOT / "data/sources/unct-belarus-upr-2009.txt").read_text(encoding="utf-8").split())
HRC = " ".join((ROOT / "data/sources/a-hrc-15-16-upr-wg-belarus-2010.txt").read_text(encoding="utf-8").split())
CURIE = re.compile(r"^[a-z][a-z0-9]*:[A-Za-z_][\w-]*$")


@pytest.fixture(scope="module")
def get(live):
    with httpx.Client(base_url=live, timeout=30) as c:
        def fetch(path: str, accept: str = "text/html") -> str:
            r = c.get(path, headers={"Accept": accept})
            assert r.status_code == 200, (path, r.status_code, r.text[:300])
            return r.text
        yield fetch


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def _status_rows(page: str) -> list[dict]:
    table = _section(page, "status-heading")
    rows = []
    for tr in re.findall(r'<tr class="basis-[a-z]+">(.*?)</tr>', table, re.DOTALL):
        cells = dict(re.findall(r'<td data-label="([^"]+)">(.*?)</td>', tr, re.DOTALL))
        quotes = [q for block in re.findall(r'<q class="fact-quote">(.*?)</q>', tr, re.DOTALL) for q in html.unescape(block).split("” · “")]
        rows.append({k: _text(v) for k, v in cells.items()} | {"links": re.findall(r'href="([^"]+)"', tr), "quotes": quotes})
    return rows


def _prop_rows(page: str) -> list[tuple[str, str, str]]:
    """(name shown, CURIE shown, the row's cell) of every property row of a resource page."""
    out = []
    for th, td in re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', page, re.DOTALL):
        curie = re.search(r'<code class="curie">([^<]*)</code>', th)
        out.append((_text(re.sub(r'<code class="curie">[^<]*</code>', "", th)), curie.group(1) if curie else "", td))
    return out


# ------------------------------------------------------------------------------------ 14.10: a treaty's status by state


def test_a_treaty_page_gives_each_state_s_status_with_basis_date_source_and_hedge(get):
    page = get("/id/treaty/untc-XVIII-12-b")
    rows = _status_rows(page)
    statuses = {r["Status"] for r in rows}
    assert {"signature", "ratification"} <= statuses, rows
    for r in rows:
        assert r["State"] == "Belarus" and r["Basis"].startswith("stated")
        # UNCT ¶4 "despite signing both Protocols", ¶66 "it ratified in the past": no date, the report is of 2009
        assert r["Date or as of"] == "undated (no later than 2009)"
        assert any(link in r["links"] for link in ("/id/source/unct-blr-2009/para/4", "/id/source/unct-blr-2009/para/66"))
        assert r["quotes"] and all(" ".join(q.split()) in UNCT for q in r["quotes"]), r["quotes"]
        # ¶4 (signed both) and ¶66 (ratified in the past) disagree: the flag is on every row and on the standing
        assert "/id/ambiguity/unct-blr-2009/smuggling-protocol-status" in r["links"]
    standing = _section(page, "status-heading")
    assert re.search(r"Belarus</a>: <span[^>]*>party</span>", standing)


def test_a_status_claimed_by_the_state_is_a_claim_not_a_stated_status(get):
    rows = _status_rows(get("/id/treaty/untc-IV-9"))  # CAT: only the delegation says Belarus is party (¶56)
    assert rows and all(r["Basis"] == "claimed" for r in rows)
    assert "Belarus noted that it was party to the Convention against Torture" in HRC
    assert any("Belarus noted that it was party to the Convention against Torture" in r["quotes"] for r in rows)
    assert any(link == "/id/source/a-hrc-15-16/para/56" for r in rows for link in r["links"])
    assert all(r["Date or as of"] == "as of 12 May 2010" for r in rows)  # A/HRC/15/16 ¶1: the review was held on 12 May 2010
    assert "12 May 2010" in HRC


def test_an_implied_status_names_the_recommendations_it_is_implied_by(get):
    rows = _status_rows(get("/id/treaty/untc-IV-15"))  # CRPD: 97.2, 98.2, 98.3 recommend ratifying it
    implied = [r for r in rows if r["Basis"].startswith("implied by recommendation")]
    assert implied and all(r["Status"] == "not party" for r in implied)
    numbers = {m for r in implied for m in re.findall(r"9[78]\.\d+", r["Basis"])}
    assert numbers and all(re.search(rf"{re.escape(n)}\. [^.]*Convention on the Rights of Persons with Disabilities", HRC) for n in numbers), numbers


def test_a_treaty_no_source_gives_a_status_for_says_so(get):
    page = get("/id/treaty/untc-IV-2")  # ICERD: UNCT ¶68 cites an article, no status
    assert "No source in the graph gives any state" in _section(page, "status-heading")
    assert _status_rows(page) == []
    assert get("/id/state/BLR").count('class="status-table"') == 0  # not a treaty page: no such table


def test_treaty_pages_link_their_depositary_s_page(get):
    page = get("/id/treaty/untc-IV-13")
    assert 'href="https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&amp;mtdsg_no=IV-13&amp;chapter=4&amp;clang=_en"' in page
    assert "mtdsg_no=XVIII-12-a&amp;chapter=18&amp;" in get("/id/treaty/untc-XVIII-12-a")
    assert "mtdsg_no=V-2&amp;chapter=5&amp;" in get("/id/treaty/untc-V-2")
    assert 'href="https://www.coe.int/en/web/conventions/full-list?module=treaty-detail&amp;treatynum=166"' in get("/id/treaty/coe-ets-166")
    assert "treaties.un.org" not in get("/id/treaty/achr") and "coe.int" not in get("/id/treaty/achr")  # no verified number


def test_depositary_links_need_a_verified_number_of_the_right_kind():
    assert [_arabic(r) for r in ("IV", "V", "XVIII", "IX", "XXVI")] == [4, 5, 18, 9, 26]
    assert _arabic("") is None and _arabic("IVa") is None
    assert treaty_links("https://w3id.org/rightsgraph/id/treaty/untc-IV-9-b", "IV-9-b", None)[0]["href"].endswith(
        "mtdsg_no=IV-9-b&chapter=4&clang=_en")
    assert treaty_links("https://w3id.org/rightsgraph/id/treaty/coe-ets-5", None, "5")[0]["href"].endswith("treatynum=005")
    assert treaty_links("https://w3id.org/rightsgraph/id/treaty/achr", None, None) == []
    assert treaty_links("https://w3id.org/rightsgraph/id/treaty/achr", "IV-4", None) == []  # a number on a node of another key
    assert treaty_links("https://w3id.org/rightsgraph/id/treaty/coe-ets-x", None, "x") == []


# ------------------------------------------------------------------------------------ 14.10: names and folded lists


@pytest.mark.parametrize("path", ["/id/treaty/untc-XVIII-12-b", "/id/state/BLR", "/id/source/unct-blr-2009/para/2",
                                  "/id/status-assertion/BLR/untc-V-3/unct-blr-2009-p2", "/id/claim/a-hrc-15-16/56-1",
                                  "/id/organization/unct-belarus"])
def test_properties_are_named_for_people_with_their_curie_beside(get, path):
    rows = _prop_rows(get(path))
    assert rows
    raw = [name for name, _, _ in rows if CURIE.match(name)]
    assert raw == [], f"{path}: properties shown as CURIEs: {raw}"
    assert all(curie and CURIE.match(curie) for _, curie, _ in rows), [r[:2] for r in rows if not r[1]]


def test_the_same_link_is_shown_once_and_the_rdf_keeps_every_triple(get):
    page = get("/id/treaty/untc-XVIII-12-b")
    rows = _prop_rows(page)
    untoc = [(name, curie) for name, curie, td in rows if 'href="/id/treaty/untc-XVIII-12"' in td]
    assert untoc == [("supplements", "rg:supplements")], untoc  # not again as relation, nor as "supplemented by" pointing here
    theme = [(name, curie) for name, curie, td in rows if 'href="/id/concept/theme/smuggling"' in td]
    assert theme == [("theme", "rg:theme")], theme  # not again as dcterms:subject
    supplements = next(td for name, _, td in rows if name == "supplements")
    assert "Also recorded as" in supplements and "supplemented by" in supplements
    g = Graph().parse(data=get("/id/treaty/untc-XVIII-12-b?format=ntriples", "application/n-triples"), format="nt")
    me, untoc_iri = URIRef("https://w3id.org/rightsgraph/id/treaty/untc-XVIII-12-b"), URIRef("https://w3id.org/rightsgraph/id/treaty/untc-XVIII-12")
    assert (me, URIRef("http://purl.org/dc/terms/relation"), untoc_iri) in g
    assert (untoc_iri, URIRef(RG + "supplementedBy"), me) in g
    assert (me, URIRef("http://purl.org/dc/terms/subject"), URIRef("https://w3id.org/rightsgraph/id/concept/theme/smuggling")) in g


def test_an_asserted_value_under_a_super_property_alone_is_kept(get):
    # the treaty's rg:untcNumber is also inferred as dcterms:identifier: folded; its rdfs:label is asserted: shown
    rows = _prop_rows(get("/id/treaty/untc-XVIII-12-b"))
    names = [name for name, _, _ in rows]
    assert "UN Treaty Collection number" in names and "identifier" not in names and "label" in names


# ------------------------------------------------------------------------------------ 14.11: marks linked to their facts


def _marks(page: str) -> list[tuple[str, str]]:
    """(fact, words) of every mark linked to a fact."""
    return [(href, html.unescape(text)) for href, text in
            re.findall(r'<a class="quote-mark" href="([^"]+)"[^>]*><mark>(.*?)</mark></a>', page, re.DOTALL)]


def test_each_mark_of_a_paragraph_links_to_a_fact_quoting_those_words(get):
    page = get("/id/source/unct-blr-2009/para/2")
    marks = _marks(page)
    assert len(marks) >= 4, marks
    paragraph = UNCT[UNCT.index("The Republic of Belarus acceded to the 1951"):UNCT.index("Belarus did not sign any readmission agreements")]
    assert "Belarus is not party to the 1954 Convention" in paragraph
    checked = set()
    for href, text in marks:
        assert text.strip() and " ".join(text.split()) in UNCT, text
        if href in checked:
            continue
        checked.add(href)
        g = Graph().parse(data=get(href + "?format=ntriples", "application/n-triples"), format="nt")
        quotes = [str(o) for o in g.objects(URIRef("https://w3id.org/rightsgraph" + href), URIRef(RG + "quote"))]
        # the fact it links to quotes the most of the mark's words (a mark may join overlapping quotes)
        assert any(" ".join(q.split()) in " ".join(text.split()) for q in quotes), (href, text, quotes)
    assert "/id/status-assertion/BLR/coe-ets-166/unct-blr-2009-p2" in checked
    assert any(text.startswith("Belarus is not party to the 1954 Convention relating to the Status of Stateless Persons")
               for _, text in marks)
    refs = re.findall(r'<sup class="fact-refs">(.*?)</sup>', page, re.DOTALL)
    numbered = dict(re.findall(r'<li id="fact-(\d+)" value="\d+"><a href="([^"]+)"', page))
    referred = set()
    for sup in refs:
        for href, n in re.findall(r'<a href="([^"]+)" aria-label="fact (\d+):', sup):
            assert numbered[n] == href
            referred.add(href)
    assert "/id/status-assertion/BLR/untc-V-3/unct-blr-2009-p2" in referred  # every quoting fact is reached from the text


def test_what_quotes_no_words_of_a_paragraph_is_not_marked(get):
    page = get("/id/source/unct-blr-2009/para/2")
    # Belarus (the State) cites ¶2 without quoting it: pointing here, never a mark or a numbered fact
    assert 'href="/id/state/BLR"' in page
    assert all(href != "/id/state/BLR" for href, _ in _marks(page))
    assert not re.search(r'<li id="fact-\d+" value="\d+"><a href="/id/state/BLR"', page)
    plain = get("/id/source/a-hrc-15-16/cover")  # the cover page: what cites it quotes other words, or none
    assert all(" ".join(text.split()) in HRC for _, text in _marks(plain))


def test_the_report_pages_give_their_symbol_and_never_a_made_up_link(get):
    hrc = get("/sources/a-hrc-15-16")
    assert HRC.startswith("A/HRC/15/16") or "A/HRC/15/16" in HRC[:400]
    assert '<dd class="symbol">A/HRC/15/16</dd>' in hrc
    unct = get("/sources/unct-blr-2009")
    assert "none: the document gives no UN document symbol" in unct
    for page in (hrc, unct):
        facts = page[page.index('<dl class="doc-facts">'):page.index("</dl>")]
        assert "documents-dds" not in facts and "undocs.org" not in facts and "ods.un.org" not in facts
        assert "no link recorded" in facts


# ------------------------------------------------------------------------------------ 14.12: charts on phones


def test_every_chart_has_a_phone_drawing_and_years_without_a_figure_are_marked(get):
    page = get("/charts")
    wide = re.findall(r'<svg class="chart chart-([a-z0-9-]+) chart-wide has-narrow"[^>]*viewBox="0 0 ([\d.]+) ', page)
    narrow = re.findall(r'<svg class="chart chart-([a-z0-9-]+)-narrow chart-narrow"[^>]*viewBox="0 0 ([\d.]+) ', page)
    assert len(wide) == 5 and [n for n, _ in narrow] == [n for n, _ in wide]
    assert all(float(w) <= 360 for _, w in narrow)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    asylum = page[page.index('id="asylum"'):page.index('id="returns"')]
    # UNCT ¶¶21-22: totals for 1995-2000, 2001-2004, 2005-2008 and years 1998, 2000, 2004, 2007, 2008 (and 2009 in part)
    figures = UNCT[UNCT.index("applications for asylum: during 1995-2000"):UNCT.index("The majority of asylum-seekers in 2008")]
    assert "950 persons in 1998" in figures and "1996" not in figures and "1999" not in figures
    for drawing in re.findall(r"<svg.*?</svg>", asylum, re.DOTALL)[:2]:
        assert "no figure" in drawing
        assert not re.search(r'<rect class="bar[^"]*"[^>]*(?:height|width)="0"', drawing)
    assert "<title>1996: no figure in the source</title>" in asylum


def test_a_reused_vocabulary_s_inverse_is_folded_too(get):
    # A/HRC/15/16, annex: "Ms. Larisa Belskaya, Advisor of the Human Rights Section" was a member of the delegation
    assert "Ms. Larisa Belskaya, Advisor of the Human Rights Section" in HRC
    rows = _prop_rows(get("/id/person/larisa-belskaya"))
    delegation = [curie for _, curie, td in rows if 'href="/id/delegation/upr-blr-2010"' in td]
    assert delegation == ["org:memberOf"], delegation  # not again as org:hasMember pointing here
    g = Graph().parse(data=get("/id/person/larisa-belskaya?format=ntriples", "application/n-triples"), format="nt")
    assert (URIRef("https://w3id.org/rightsgraph/id/delegation/upr-blr-2010"), URIRef("http://www.w3.org/ns/org#hasMember"),
            URIRef("https://w3id.org/rightsgraph/id/person/larisa-belskaya")) in g


def test_the_report_page_marks_the_same_words_as_the_paragraph_pages(get):
    report = get("/sources/unct-blr-2009")
    unit = report[report.index('id="u-2"'):]
    unit = unit[:unit.index("</div>")]
    assert _marks(unit) == _marks(get("/id/source/unct-blr-2009/para/2"))
    assert any(text.startswith("Belarus is not party to the 1954 Convention") for _, text in _marks(unit))
    assert "Belarus is not party to the 1954 Convention" in UNCT

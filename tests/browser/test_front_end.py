"""The web front end in a real browser: the headline answer with its evidence, resource pages, the
SPARQL editor, the charts, no request to another host, and every control usable from the keyboard.
Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/charts", "/editor", "/editor?example=unratified-conventions", "/id/state/BLR", "/id/treaty/untc-V-3",
         "/id/source/unct-blr-2009/para/2", "/browse", "/browse/treaty", "/def", "/def/shapes", "/queries", "/sparql"]


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_everything_from_this_server(visit, path):
    response = visit.go(path)
    assert response.status == 200, path
    visit.screenshot(f"page-{_name(path)}")
    assert visit.foreign_requests() == [], f"{path} asked another host"
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in visit.requests)
    assert visit.errors == [], visit.errors


def test_home_answers_which_conventions_belarus_has_not_ratified(visit, get_json):
    expected = get_json("/api/states/BLR/treaties?status=unratified&limit=1000")["items"]
    visit.go("/")
    page = visit.page
    assert page.locator("h1").inner_text() == "Which conventions has Belarus not ratified?"
    assert page.locator("#state").input_value() == "BLR"
    assert page.locator("#state option").first.inner_text() == "Belarus"
    glance = page.locator('.answer ul.glance li > a[href^="/id/treaty/"]')  # not the hedge badges' links
    assert sorted(glance.all_inner_texts()) == sorted(t["label"] for t in expected)
    for t in expected:
        card = page.locator(".group .card.treaty").filter(has=page.locator(f'h3 a[href="/id/treaty/{t["key"]}"]'))
        assert card.count() == 1, t["key"]
        text = card.inner_text()
        for e in t["evidence"]:
            if e["quote"]:
                assert e["quote"] in text, (t["key"], e["quote"])
            path = e["paragraph"].removeprefix("https://w3id.org/rightsgraph")
            assert card.locator(f'a[href="{path}"]').count() >= 1, (t["key"], path)
    party = page.locator("#group-party .card.treaty h3 a").all_inner_texts()
    assert "Convention relating to the Status of Refugees" in party
    assert "accession, August 2001, without reservations" in page.locator("#group-party").inner_text()
    visit.screenshot("home")
    assert visit.errors == []


def test_clicking_a_convention_opens_its_page(visit, get_json):
    visit.go("/")
    visit.page.locator(".answer ul.glance a", has_text="European Convention on Nationality").click()
    visit.page.wait_for_url("**/id/treaty/coe-ets-166")
    page = visit.page
    assert page.locator("h1").inner_text() == "European Convention on Nationality"
    assert page.locator("nav.crumbs li").all_inner_texts() == ["Home", "Treaties", "European Convention on Nationality"]
    assert page.locator("nav.crumbs a", has_text="Treaties").get_attribute("href") == "/browse/treaty"
    assert page.locator(".resource-sources mark").count() >= 1
    assert "1997 European Convention on Nationality" in " ".join(page.locator(".resource-sources mark").all_inner_texts())
    headings = page.locator(".props-group h2").all_inner_texts()
    assert [h.lower() for h in headings][:1] == ["identity"] and "pointing here" in [h.lower() for h in headings]
    visit.screenshot("resource")
    assert visit.errors == []


def test_switching_state_keeps_the_page(visit):
    # The picker offers the States with a treaty status (Belarus); a State asked for by address
    # (Ukraine, none in the sources) is offered too, as the one selected.
    visit.go("/?state=UKR")
    page = visit.page
    page.evaluate("window.__same_page = true")
    page.locator("#state").select_option("BLR")
    page.locator("h1", has_text="Belarus").wait_for()
    assert page.evaluate("window.__same_page") is True
    assert parse_qs(urlsplit(page.url).query) == {"state": ["BLR"]}
    assert "Belarus" in page.title()
    page.go_back()
    page.locator("h1", has_text="Ukraine").wait_for()
    assert page.locator("#state").input_value() == "UKR"
    assert visit.errors == []


def test_home_works_without_javascript(visit_without_js, get_json):
    visit_without_js.go("/")
    page = visit_without_js.page
    expected = get_json("/api/states/BLR/treaties?status=unratified&limit=1000")["items"]
    assert page.locator(".answer ul.glance li").count() == len(expected) == 12  # 4 stated (2009), 9 implied (2010), the ICRMW in both
    visit_without_js.go("/?state=UKR")
    assert page.locator("h1").inner_text() == "Which conventions has Ukraine not ratified?"
    page.locator("#state").select_option("BLR")
    page.locator("#state-form button[type=submit]").click()
    page.wait_for_url("**/?state=BLR")
    assert page.locator("h1").inner_text() == "Which conventions has Belarus not ratified?"
    visit_without_js.screenshot("home-without-javascript", full_page=False)


def test_the_editor_runs_a_named_query_with_ctrl_enter(visit, get_json):
    expected = get_json("/queries/unratified-conventions?state=BLR")["results"]["bindings"]
    visit.go("/editor")
    page = visit.page
    assert page.locator("#prologue").input_value().startswith("PREFIX rg: <https://w3id.org/rightsgraph/def#>")
    page.locator(".examples a", has_text="Unratified conventions").click()
    assert "VALUES (?state)" in page.locator("#query").input_value()
    page.locator("#query").focus()
    page.keyboard.press("Control+Enter")
    rows = page.locator("#results-body table.results tbody tr")
    rows.first.wait_for()
    assert rows.count() == len(expected)
    assert page.locator("#results-body thead th").all_inner_texts()[:3] == ["?state", "?treaty", "?label"]
    treaty_links = page.locator("#results-body tbody td:nth-child(2) a")
    assert all(h.startswith("/id/treaty/") for h in treaty_links.evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    query = parse_qs(urlsplit(page.url).query)["query"][0]
    assert query == page.locator("#prologue").input_value() + "\n" + page.locator("#query").input_value()
    downloads = {a.inner_text(): a.get_attribute("href") for a in page.locator("#downloads a").all()}
    assert set(downloads) == {"CSV", "TSV", "JSON"} and all("format=" in h for h in downloads.values())
    visit.screenshot("editor")
    assert visit.errors == []


def test_the_editor_shows_errors_next_to_the_query(visit):
    visit.go("/editor")
    page = visit.page
    page.locator("#query").fill("SELECT * WHERE { ?s ?p }")
    page.locator("#query").press("Control+Enter")
    problem = page.locator("#editor #problem")
    problem.wait_for(state="visible")
    assert problem.inner_text().startswith("400")
    page.locator("#query").fill("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    page.locator("#run").click()
    page.locator("#problem", has_text="SERVICE").wait_for()
    assert '"refused"' in problem.inner_text()
    visit.screenshot("editor-error", full_page=False)
    assert [r for r in visit.errors if "400" not in r] == []  # the browser logs the 400 itself


def test_an_editor_url_is_shared_with_its_results(visit):
    query = "SELECT ?state ?label WHERE { ?state a <https://w3id.org/rightsgraph/def#State> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label LIMIT 5"
    visit.go("/editor?" + urlencode({"query": query}))
    page = visit.page
    assert page.locator("#query").input_value() == query
    assert page.locator("#results-body tbody tr").count() == 5
    assert page.locator("#results-body tbody a").first.get_attribute("href").startswith("/id/state/")


def test_the_charts_draw_the_reports_figures(visit, get_json):
    figures = get_json("/api/figures?measure=asylum-applications&limit=1000")["items"]
    in_2008 = next(f for f in figures if f["period_start"] == "2008" and f["period_end"] == "2008" and not f["breakdown"])
    assert in_2008["value"] == 91
    visit.go("/charts")
    page = visit.page
    chart = page.locator("#asylum svg.chart-wide").first
    assert chart.bounding_box()["width"] > 300
    column = chart.locator(f'a[href="/id/observation/asylum-applications/BLR/2008"]')
    assert column.count() == 1 and column.locator("rect").bounding_box()["height"] > 5
    values = chart.locator("text.value").all_text_contents()
    assert "91" in values and "950" in values
    table = page.locator("#asylum-table")
    row = table.locator("tbody tr").filter(has=page.locator(f'a[href="/id/observation/asylum-applications/BLR/2008"]'))
    assert row.locator("td.num").inner_text() == "91" and row.locator("td").first.inner_text() == "2008"
    georgia = page.locator("#returns-table tbody tr").filter(has_text="Georgia")
    assert georgia.locator("td.num").inner_text() == "38"
    assert "38" in page.locator("#returns svg text.value").all_text_contents()
    assert "30" in page.locator("#reception svg text.value").all_text_contents()
    assert page.locator("#programmes svg a").count() >= 10
    visit.screenshot("charts")
    assert visit.errors == []


KEYBOARD_PAGES = ["/", "/charts", "/editor", "/id/treaty/untc-V-3", "/browse", "/sparql", "/queries/unratified-conventions"]

_TABBABLE = """() => {
  const all = Array.from(document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'));
  const shown = all.filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0
      && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[hidden]')
      && !(e.closest('details:not([open])') && e.tagName !== 'SUMMARY'));
  shown.forEach((e, i) => e.setAttribute('data-tab-order', String(i)));
  return shown.length;
}"""


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_every_control_is_reachable_by_tab_and_named(visit, path):
    visit.go(path)
    page = visit.page
    count = page.evaluate(_TABBABLE)
    assert count > 0
    cdp = page.context.new_cdp_session(page)
    reached: dict[str, str] = {}
    for _ in range(count + 5):
        page.keyboard.press("Tab")
        order = page.evaluate("document.activeElement && document.activeElement.getAttribute('data-tab-order')")
        if order is None or order in reached:
            if len(reached) == count:
                break
            continue
        handle = cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})["result"]["objectId"]
        nodes = cdp.send("Accessibility.getPartialAXTree", {"objectId": handle, "fetchRelatives": False})["nodes"]
        reached[order] = next((n.get("name", {}).get("value", "") for n in nodes if not n.get("ignored")), "").strip()
    missing = page.evaluate("""(reached) => Array.from(document.querySelectorAll('[data-tab-order]'))
        .filter(e => !reached.includes(e.getAttribute('data-tab-order'))).map(e => e.outerHTML.slice(0, 120))""", list(reached))
    assert missing == [], f"not reachable by Tab on {path}: {missing[:5]}"
    unnamed = [o for o, name in reached.items() if not name]
    described = page.evaluate("(orders) => orders.map(o => document.querySelector(`[data-tab-order='${o}']`).outerHTML.slice(0, 120))", unnamed)
    assert described == [], f"controls without an accessible name on {path}: {described[:5]}"


def test_the_editor_colours_the_query_in_place(visit):
    visit.go("/editor?" + urlencode({"example": "unratified-conventions"}))
    page = visit.page
    colours = page.locator("#editor pre.code-colours")
    assert colours.get_attribute("aria-hidden") == "true"  # screen readers read the textarea only
    text = page.locator("#query").input_value()
    assert colours.inner_text().rstrip("\n") == text.rstrip("\n")  # the same characters, coloured
    keywords = set(page.locator("#editor .tok-keyword").all_inner_texts())
    assert {"SELECT", "WHERE"} <= {k.upper() for k in keywords}
    assert page.locator("#editor .tok-var", has_text="?state").count() >= 1
    assert page.locator("#editor .tok-iri").first.inner_text().startswith("<http")
    page.locator("#query").fill("SELECT ?x WHERE { ?x ?p 'SERVICE' } # not a keyword here")
    assert page.locator("#editor .tok-string").all_inner_texts() == ["'SERVICE'"]
    assert page.locator("#editor .tok-comment").all_inner_texts() == ["# not a keyword here"]
    assert "SERVICE" not in page.locator("#editor .tok-keyword").all_inner_texts()
    geometry = page.evaluate("""() => {
        const t = document.querySelector('#query'), p = document.querySelector('pre.code-colours');
        const a = t.getBoundingClientRect(), b = p.getBoundingClientRect(), ct = getComputedStyle(t), cp = getComputedStyle(p);
        return {dx: Math.abs(a.left - b.left), dy: Math.abs(a.top - b.top), font: [ct.fontFamily === cp.fontFamily, ct.fontSize === cp.fontSize,
                ct.lineHeight === cp.lineHeight, ct.paddingTop === cp.paddingTop, ct.paddingLeft === cp.paddingLeft],
                colour: ct.color};
    }""")
    assert geometry["dx"] < 1 and geometry["dy"] < 1 and all(geometry["font"]), geometry  # letters fall on letters
    assert geometry["colour"] in ("rgba(0, 0, 0, 0)", "transparent")
    visit.screenshot("editor-colours", full_page=False)
    assert visit.errors == []

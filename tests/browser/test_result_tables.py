"""Result tables in a real browser (issue 14.8), on a desktop and at 390 px: the editor's PREFIX
declarations folded and still editable, results under the Run button and scrolled into view, pages
of rows without leaving the page, labels beside IRIs, and a syntax error said in words with its
line marked in the query. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BAD = "SELECT * WHERE {\n  ?s ?p ?o .\n  ?s foo:x ?y\n}"


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def tab(request, visit):
    visit.page.set_viewport_size(request.param)
    visit.width = request.param["width"]
    return visit


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_prefix_block_is_folded_and_still_editable(tab):
    tab.go("/editor")
    page = tab.page
    fold = page.locator("#prologue-fold")
    assert fold.get_attribute("open") is None and not page.locator("#prologue").is_visible()
    assert "PREFIX" not in page.locator("#query").input_value()
    assert "rg:" in fold.locator("summary").inner_text()
    fold.locator("summary").click()
    assert page.locator("#prologue").is_visible()
    assert page.locator("#prologue").input_value().startswith("PREFIX ")
    # the fold is part of the query: without rg: declared, rg:Treaty is a syntax error
    page.locator("#query").fill("SELECT ?t WHERE { ?t a rg:Treaty } LIMIT 2")
    page.locator("#query").press("Control+Enter")
    page.locator("#results-body tbody tr").first.wait_for()
    assert page.locator("#results-body tbody tr").count() == 2
    page.locator("#prologue").fill("")
    page.locator("#run").click()
    page.locator("#problem .syntax").wait_for()
    assert "the prefix rg: is not declared" in page.locator("#problem").inner_text()
    assert tab.errors == [] or all("400" in e for e in tab.errors)


def test_results_come_under_the_run_button_a_page_at_a_time(tab):
    tab.go("/editor")
    page = tab.page
    page.locator("#query").fill("SELECT * { ?s ?p ?o }")
    page.locator("#run").click()
    rows = page.locator("#results-body table.results tbody tr")
    rows.first.wait_for()
    assert rows.count() == 100
    count = page.locator("#result-count")
    assert count.inner_text().startswith("Rows 1–100 of ")
    # where the eye goes: the results follow the Run button (before the examples) and are in view
    run = page.locator("#run").bounding_box()
    heading = page.locator("#results-heading").bounding_box()
    examples = page.locator("#examples-heading").bounding_box()
    assert heading["y"] > run["y"] and (heading["y"] < examples["y"] or examples["x"] > heading["x"] + heading["width"])
    assert -2 <= heading["y"] < page.viewport_size["height"] - heading["height"]
    assert page.locator("#downloads a").all_inner_texts() == ["CSV", "TSV", "JSON"]
    first = rows.first.inner_text()
    tab.screenshot(f"result-tables-{tab.width}", full_page=False)
    page.locator("#results nav.row-pages a[rel=next]").click()
    page.locator('#results .result[data-page="2"]').wait_for()
    assert page.locator("#result-count").inner_text().startswith("Rows 101–200 of ")
    assert rows.first.inner_text() != first and rows.count() == 100
    assert parse_qs(urlsplit(page.url).query)["page"] == ["2"]
    assert page.url.startswith(tab.base + "/editor?")  # the page did not leave the editor
    assert _no_sideways_scroll(page)
    # the shared address opens on that page, without JavaScript's help as well
    page.goto(page.url)
    assert page.locator("#result-count").inner_text().startswith("Rows 101–200 of ")
    assert tab.errors == []


def test_labels_sit_beside_the_iris(tab):
    query = ("SELECT ?treaty WHERE { ?treaty a <https://w3id.org/rightsgraph/def#Treaty> }"
             " ORDER BY ?treaty LIMIT 200")
    tab.go("/editor?" + urlencode({"query": query}))
    page = tab.page
    cell = page.locator('#results-body td:has(a[href="/id/treaty/untc-IV-13"])')
    assert cell.locator("a").inner_text().startswith("International Convention on the Protection of the Rights of All Migrant Workers")
    assert cell.locator(".iri").inner_text().replace("\n", "") == "id:treaty/untc-IV-13"
    assert _no_sideways_scroll(page)
    assert tab.errors == []


def test_a_long_literal_folds_and_opens(tab):
    query = "SELECT ?text WHERE { ?p <https://w3id.org/rightsgraph/def#text> ?text FILTER(STRLEN(?text) > 600) } LIMIT 3"
    tab.go("/editor?" + urlencode({"query": query}))
    page = tab.page
    long = page.locator("#results-body details.long").first
    closed = long.bounding_box()["height"]
    assert "characters" in long.locator("summary").inner_text()
    long.locator("summary").click()
    assert long.get_attribute("open") is not None and long.bounding_box()["height"] > closed
    assert long.bounding_box()["width"] <= page.viewport_size["width"]  # wrapped, not one long line
    assert _no_sideways_scroll(page)


def test_a_syntax_error_marks_its_line(tab):
    tab.go("/editor")
    page = tab.page
    page.locator("#query").fill(BAD)
    page.locator("#query").press("Control+Enter")
    problem = page.locator("#problem")
    problem.locator(".syntax").wait_for()
    text = problem.inner_text()
    assert text.startswith("400") and "line 3 of the query" in text and "the prefix foo: is not declared" in text
    assert problem.is_visible() and problem.bounding_box()["y"] < page.viewport_size["height"]
    assert page.locator("#query").get_attribute("aria-invalid") == "true"
    mark = page.locator(".code-wrap .error-mark")
    assert mark.count() == 1
    box, area = mark.bounding_box(), page.locator("#query").bounding_box()
    line = float(page.locator("#query").evaluate("t => parseFloat(getComputedStyle(t).lineHeight)"))
    assert abs((box["y"] - area["y"]) - (line * 2 + 12)) < line  # the third line, under the padding
    tab.screenshot(f"result-tables-error-{tab.width}", full_page=False)
    problem.locator("[data-goto]").click()
    caret = page.locator("#query").evaluate("t => t.selectionStart")
    assert BAD[:caret].count("\n") == 2  # the caret on line 3
    page.locator("#query").press("End")
    page.locator("#query").type(" .")
    assert mark.count() == 0  # editing clears the mark
    # a fixed query runs
    page.locator("#query").fill(BAD.replace("foo:x", "?q"))
    page.locator("#run").click()
    page.locator("#results-body tbody tr").first.wait_for()
    assert problem.is_hidden()
    assert [e for e in tab.errors if "400" not in e] == []


def test_the_sparql_and_named_query_pages_page_their_rows(tab):
    tab.go("/sparql?" + urlencode({"query": "SELECT * { ?s ?p ?o }"}))
    page = tab.page
    assert page.locator("table.results tbody tr").count() == 100
    page.locator("nav.row-pages a", has_text="2").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#result-count").inner_text().startswith("Rows 101–200 of ")
    assert _no_sideways_scroll(page)
    tab.go("/queries/recommendations-by-theme")
    assert page.locator("table.results tbody tr").count() == 100
    assert page.locator("nav.row-pages").is_visible() and page.locator("#downloads a").count() == 3
    assert _no_sideways_scroll(page)
    tab.go("/sparql?" + urlencode({"query": BAD}))
    assert "Syntax error on line 3, column" in page.locator("#problem").inner_text()
    assert [e for e in tab.errors if "400" not in e] == []


def test_without_javascript_the_editor_still_pages_and_explains(visit_without_js):
    visit_without_js.go("/editor?" + urlencode({"query": "SELECT * { ?s ?p ?o }", "page": "3"}))
    page = visit_without_js.page
    assert page.locator("#result-count").inner_text().startswith("Rows 201–300 of ")
    page.locator("#prologue-fold summary").click()
    page.locator("#query").fill(BAD)
    page.locator("#run").click()
    page.wait_for_load_state("networkidle")
    assert "line 3 of the query" in page.locator("#problem").inner_text()

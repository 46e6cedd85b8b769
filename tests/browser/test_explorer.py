"""The recommendations explorer and the other UPR pages in a real browser, at desktop width and at 390 px:
the filters (a plain GET form: works without JavaScript) narrow the list, the counts follow, the page does
not overflow the phone's width, and nothing is asked of another host. Answers read from A/HRC/15/16."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_explorer_filters_by_state_and_position(visit_without_js, width):
    page = visit_without_js.page
    page.set_viewport_size(WIDTHS[width])
    visit_without_js.go("/recommendations")
    everything = page.locator(".rec").count()
    assert everything == 25  # the first page
    page.select_option("#f-state", "BRA")
    page.select_option("#f-position", "to-be-examined")
    page.locator(".explorer-filters button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    query = parse_qs(urlsplit(page.url).query)
    assert query["state"] == ["BRA"] and query["position"] == ["to-be-examined"]
    recs = page.locator(".rec")
    assert 0 < recs.count() < everything
    text = " ".join(recs.all_inner_texts())
    assert "Brazil" in text and "response due September 2010" in text
    # 98.16: "Declare a moratorium on executions with a view to abolishing the death penalty (Brazil)"
    assert "Declare a moratorium on executions" in text
    assert page.locator('.rec a[href="/id/source/a-hrc-15-16/para/98.16"]').count() >= 1
    assert page.locator("#f-state").input_value() == "BRA"  # the form keeps the filter
    facets = page.locator(".facet").first.inner_text()
    assert "Brazil" in facets
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the explorer is {overflow} px wider than the {width} viewport"
    visit_without_js.screenshot(f"explorer-bra-{width}")
    assert visit_without_js.foreign_requests() == []


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_explorer_filter_that_matches_nothing(visit_without_js, width):
    page = visit_without_js.page
    page.set_viewport_size(WIDTHS[width])
    visit_without_js.go("/recommendations?state=BRA&source=unct-blr-2009")
    assert page.locator(".rec").count() == 0
    assert "No recommendation matches these filters." in page.locator("#result-count").inner_text()


@pytest.mark.parametrize("path", ["/reviews/upr-blr-2010", "/sources/a-hrc-15-16", "/search?q=torture", "/id/state/BRA"])
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_upr_pages_fit_and_load_from_this_server(visit, path, width):
    page = visit.page
    page.set_viewport_size(WIDTHS[width])
    response = visit.go(path)
    assert response.status == 200
    assert visit.foreign_requests() == [] and visit.errors == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow} px wider than the {width} viewport"


def test_header_search_box_reaches_the_results(visit):
    visit.go("/recommendations")
    visit.page.fill("#site-q", "statelessness")
    visit.page.press("#site-q", "Enter")
    visit.page.wait_for_load_state("networkidle")
    assert urlsplit(visit.page.url).path == "/search"
    assert visit.page.locator(".search-results li").count() > 0

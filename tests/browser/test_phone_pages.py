"""The pages of issue 14.10–14.12 on a phone (390 px) and a desktop (1280 px), in headless Chromium against
`rightsgraph serve`: nothing wider than the viewport (document.documentElement.scrollWidth <= innerWidth), every
chart drawn inside it at a readable size, the phone drawings shown on the phone and the wide ones on the desktop,
a treaty's status table and a paragraph's linked marks usable at both widths; and, where axe-core is installed,
no accessibility violation on these pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAGES = ["/charts", "/def", "/def/shapes", "/dumps/", "/id/treaty/untc-XVIII-12-b", "/id/treaty/untc-IV-9", "/id/treaty/untc-IV-15",
         "/id/source/unct-blr-2009/para/2", "/id/source/a-hrc-15-16/para/56", "/sources/a-hrc-15-16", "/sources/unct-blr-2009",
         "/id/state/BLR"]

_MEASURE = """() => {
  const w = window.innerWidth;
  const charts = [...document.querySelectorAll('svg.chart')].filter(s => s.getClientRects().length > 0).map(s => {
    const r = s.getBoundingClientRect(); const vb = s.viewBox.baseVal;
    return {cls: s.getAttribute('class'), left: r.left, right: r.right, width: r.width, scale: vb && vb.width ? r.width / vb.width : 1};
  });
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: w, charts};
}"""


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def tab(request, browser, server):
    context = browser.new_context(viewport=request.param)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, server, request.param["width"], errors
    context.close()


def _go(page, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, url


@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_wider_than_the_screen(tab, path):
    page, server, width, errors = tab
    _go(page, server + path)
    m = page.evaluate(_MEASURE)
    assert m["innerWidth"] == width
    assert m["scrollWidth"] <= m["innerWidth"], f"{path} at {width} px: the page is {m['scrollWidth']} px wide"
    for c in m["charts"]:
        assert c["left"] >= -1 and c["right"] <= width + 1, f"{path} at {width} px: {c['cls']} runs from {c['left']} to {c['right']}"
        assert c["scale"] >= 0.8, f"{path} at {width} px: {c['cls']} is drawn at {c['scale']:.2f} of its size (13 px text -> {13 * c['scale']:.1f} px)"
    assert errors == []


def test_the_phone_sees_the_phone_drawings_and_the_desktop_the_wide_ones(tab):
    page, server, width, _ = tab
    _go(page, server + "/charts")
    shown = {c["cls"].split()[-1] for c in page.evaluate(_MEASURE)["charts"]}
    if width == PHONE["width"]:
        assert shown == {"chart-narrow"}
        rows = page.locator("#asylum svg.chart-narrow").first
        assert rows.locator("text.no-figure-text").count() >= 5  # 1995–2009 with figures for six years only
        assert "91" in rows.locator("text.value").all_text_contents()
        assert page.locator("#asylum svg.chart-narrow a").first.bounding_box()["width"] > 5
    else:
        assert shown == {"has-narrow"}
        assert page.locator("#asylum svg.chart-wide text.no-figure-text").count() >= 5


def test_a_treaty_s_status_table_reads_at_both_widths(tab):
    page, server, width, _ = tab
    _go(page, server + "/id/treaty/untc-XVIII-12-b")
    table = page.locator("table.status-table")
    assert table.is_visible()
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    hedge = table.locator("a.badge.hedge").first
    assert hedge.is_visible() and hedge.get_attribute("href").startswith("/id/ambiguity/")
    if width == PHONE["width"]:  # the rows stack, each cell named by its column
        label = page.evaluate("() => getComputedStyle(document.querySelector('table.status-table td[data-label=Basis]'), '::before').content")
        assert "Basis" in label


def test_a_mark_takes_the_reader_to_its_fact(tab):
    page, server, _, _ = tab
    _go(page, server + "/id/source/unct-blr-2009/para/2")
    mark = page.locator("a.quote-mark", has_text="Belarus is not party to the").first
    href = mark.get_attribute("href")
    assert href.startswith("/id/status-assertion/BLR/")
    mark.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(href)
    assert page.locator("h1").inner_text().startswith("Belarus is not party to the")
    page.go_back()
    page.wait_for_load_state("networkidle")
    ref = page.locator("sup.fact-refs a").first
    target = ref.get_attribute("href")
    ref.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(target)


def _axe() -> Path | None:
    candidates = [os.environ.get("RIGHTSGRAPH_AXE_JS", ""), "node_modules/axe-core/axe.min.js",
                  "/usr/lib/node_modules/axe-core/axe.min.js", "/usr/share/javascript/axe-core/axe.min.js"]
    root = Path(__file__).resolve().parents[2]
    for c in candidates:
        if c and ((root / c).exists() or Path(c).exists()):
            return root / c if (root / c).exists() else Path(c)
    return None


@pytest.mark.parametrize("width", [PHONE["width"], DESKTOP["width"]])
def test_no_accessibility_violation(browser, server, width):
    axe = _axe()
    if axe is None:
        pytest.skip("axe-core is not installed (npm install axe-core, or set RIGHTSGRAPH_AXE_JS to its axe.min.js)")
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)  # axe is injected, not served
    try:
        page = context.new_page()
        found = {}
        for path in PAGES:
            _go(page, server + path)
            page.add_script_tag(content=axe.read_text(encoding="utf-8"))
            violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                                       ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))")
            if violations:
                found[path] = violations
        assert found == {}, f"at {width} px: {found}"
    finally:
        context.close()

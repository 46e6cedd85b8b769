"""The headline answer in a real browser, on a desktop and at 390 px (issue 14.7, 13.1): whose each status is and
as of when, the hedge badges that open their ambiguity, undated actions in words, the delegation's claim apart, the
state picker with only the states that have statuses, and the State page's status section — none wider than the
phone. What is expected is read from the reports' text (data/sources/*.txt)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
UNCT = re.sub(r"\s+", " ", (ROOT / "data" / "sources" / "unct-belarus-upr-2009.txt").read_text(encoding="utf-8"))
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_headline_says_whose_and_when_and_opens_its_hedges(visit, width):
    assert "signing both Protocols" in UNCT and "Protocol on Human Smuggling it ratified in the past" in UNCT  # ¶4 / ¶66
    page = visit.page
    page.set_viewport_size(WIDTHS[width])
    visit.go("/")
    answer = page.locator(".answer").inner_text()
    assert "according to the United Nations Country Team in Belarus" in answer and "as of 2009" in answer
    assert "implied by recommendation 98.4 in A/HRC/15/16" in answer and "as of 12 May 2010" in answer
    assert "party (the delegation's claim)" in answer
    assert page.locator("#state option").all_inner_texts() == ["Belarus"]  # the only State with a status
    party = page.locator("#group-party")
    assert "undated (no later than 2009)" in party.inner_text() and "by 2009" not in party.inner_text()
    badge = party.locator('a.hedge[href="/id/ambiguity/unct-blr-2009/smuggling-protocol-status"]').first
    assert badge.is_visible() and "Signed or ratified" in badge.inner_text()
    assert party.locator('a.hedge[href="/id/ambiguity/unct-blr-2009/which-protocol-ratified"]').count() >= 2  # UNTOC, trafficking
    assert page.locator("#group-claimed").inner_text().count("the delegation's claim") == 1
    assert "Convention against Torture and Other" not in party.inner_text()
    assert overflow(page) <= 0, f"the home page is {overflow(page)} px wider than the {width} viewport"
    visit.screenshot(f"headline-{width}")
    badge.click()
    page.wait_for_url("**/id/ambiguity/unct-blr-2009/smuggling-protocol-status")
    assert "Signed or ratified: the smuggling protocol" in page.locator("h1").inner_text()
    assert visit.errors == []


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_state_page_status_section(visit, width):
    page = visit.page
    page.set_viewport_size(WIDTHS[width])
    visit.go("/id/state/BLR")
    section = page.locator("#treaty-status")
    text = section.inner_text()
    assert "according to the United Nations Country Team in Belarus" in text and "undated (no later than 2009)" in text
    assert "party (the delegation's claim)" in text
    assert section.locator('a.hedge[href="/id/ambiguity/unct-blr-2009/smuggling-protocol-status"]').count() >= 1
    assert overflow(page) <= 0, f"/id/state/BLR is {overflow(page)} px wider than the {width} viewport"
    visit.screenshot(f"state-status-{width}")
    visit.go("/id/state/UKR")  # negative: a State the sources give no status for
    assert "The sources give no treaty status for this State" in page.locator("#treaty-status").inner_text()
    assert page.locator("#treaty-status a.hedge").count() == 0
    assert visit.errors == []


def test_a_state_without_statuses_is_offered_only_when_asked_for(visit_without_js):
    page = visit_without_js.page
    visit_without_js.go("/?state=UKR")
    assert page.locator("#state option").all_inner_texts() == ["Belarus", "Ukraine (no treaty status in the sources)"]
    assert page.locator("#state").input_value() == "UKR"
    page.locator("#state").select_option("BLR")
    page.locator("#state-form button[type=submit]").click()
    page.wait_for_url("**/?state=BLR")
    assert page.locator("h1").inner_text() == "Which conventions has Belarus not ratified?"
    assert page.locator("#state option").all_inner_texts() == ["Belarus"]

"""The headline over a real uvicorn (issue 14.7, 13.1): whose each status is and as of when, the hedges on a derived
party status (rg:PartyStatus / rg:hedgedBy, linked to the rg:Ambiguity), undated actions as "undated (no later than
2009)", the delegation's status claims kept apart ("party (the delegation's claim)"), the state picker limited to
the states with statuses — on /api/states/{code}/treaties, /, and the State page.

What is expected is read from the reports' own text (data/sources/*.txt), never from the Turtle."""

from __future__ import annotations

import json
import re
import urllib.request
from html import unescape
from pathlib import Path

import pytest

from rightsgraph.api.models import Page, TreatyDetail, TreatyStanding

ROOT = Path(__file__).resolve().parents[2]
UNCT = (ROOT / "data" / "sources" / "unct-belarus-upr-2009.txt").read_text(encoding="utf-8")
WG = (ROOT / "data" / "sources" / "a-hrc-15-16-upr-wg-belarus-2010.txt").read_text(encoding="utf-8")
AMBIGUITY = "https://w3id.org/rightsgraph/id/ambiguity/unct-blr-2009/"
SMUGGLING, TOC, TRAFFICKING, CAT, REFUGEES = "untc-XVIII-12-b", "untc-XVIII-12", "untc-XVIII-12-a", "untc-IV-9", "untc-V-2"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def get(url: str, accept: str = "application/json") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


@pytest.fixture(scope="module")
def standing(live) -> dict[str, dict]:
    status, body = get(f"{live}/api/states/BLR/treaties?limit=1000")
    assert status == 200
    page = json.loads(body)
    Page[TreatyStanding].model_validate(page)
    return {t["key"]: t for t in page["items"]}


@pytest.fixture(scope="module")
def home_html(live) -> str:
    status, body = get(f"{live}/", "text/html")
    assert status == 200
    return body


def text_of(html: str) -> str:
    return flat(unescape(re.sub(r"<[^>]+>", " ", html)))


# ------------------------------------------------------------------------------------ the sources say so


def test_the_reports_say_what_the_tests_expect():
    """The facts these tests rest on, in the reports' words."""
    unct = flat(UNCT)
    assert "signing both Protocols" in unct and "the Protocol on Human Smuggling it ratified in the past" in unct  # ¶4, ¶66
    assert "ratified by the Government of the Republic of Belarus on May 3, 2003" in unct  # ¶4: which step, not said
    assert "Belarus noted that it was party to the Convention against Torture" in flat(WG)  # A/HRC/15/16 ¶56
    assert "acceded to the 1951 Convention and the 1967 Protocol relating to the Status of Refugees in August 2001 without reservations" in unct


# ------------------------------------------------------------------------------------ the API


def test_a_derived_party_status_carries_its_basis_and_hedge(live, standing):
    smuggling = standing[SMUGGLING]
    assert smuggling["status"] == "party" and smuggling["hedged"] is True
    assert [h["iri"] for h in smuggling["hedges"]] == [AMBIGUITY + "smuggling-protocol-status"]
    ps = smuggling["party_status"]
    assert ps["iri"].endswith(f"/party-status/BLR/{SMUGGLING}") and [b["type"] for b in ps["based_on"]] == ["ratification"]
    assert [h["iri"] for h in ps["hedges"]] == [AMBIGUITY + "smuggling-protocol-status"]
    # the hedge is a page of its own, the ambiguity node
    status, body = get(smuggling["hedges"][0]["iri"].replace("https://w3id.org/rightsgraph", live), "text/html")
    assert status == 200 and "smuggling" in body.lower()
    # negative: an accession the report dates, without reservations, is party and not hedged
    refugees = standing[REFUGEES]
    assert refugees["status"] == "party" and refugees["hedged"] is False and refugees["hedges"] == []
    assert refugees["party_status"]["hedges"] == []


def test_the_3_may_2003_date_is_reported_not_the_date_of_becoming_party(standing):
    for key in (TOC, TRAFFICKING):
        t = standing[key]
        assert t["status"] == "party" and AMBIGUITY + "which-protocol-ratified" in {h["iri"] for h in t["hedges"]}, key
        ratification = next(a for a in t["actions"] if a["type"] == "ratification")
        assert ratification["date"] is None and ratification["reported_date"] == "2003-05-03"
        assert ratification["wording"].startswith("ratification, undated (no later than 2009)")
        assert "3 May 2003" in ratification["wording"]
    dated = next(a for a in standing[REFUGEES]["actions"])
    assert dated["wording"] == "accession, August 2001, without reservations" and dated["reported_date"] is None


def test_whose_each_status_is_and_as_of_when(standing):
    statelessness = standing["untc-V-3"]
    stated = [a for a in statelessness["assertions"] if "not-party" in a["status"]]
    assert [a["basis"] for a in stated] == ["stated"]
    assert stated[0]["according_to"].startswith("according to the United Nations Country Team in Belarus")
    assert "¶ 2" in stated[0]["according_to"] and stated[0]["according_to"].endswith("as of 2009")
    assert stated[0]["source"]["iri"].endswith("/source/unct-blr-2009")
    opcat = standing["untc-IV-9-b"]["assertions"]
    assert [a["basis"] for a in opcat] == ["implied-by-recommendation"]
    assert "98.4" in opcat[0]["recommendations"]
    assert "Optional Protocol to the Convention against Torture" in flat(WG).split("98.4", 1)[1][:400]  # the recommendation names it
    words = opcat[0]["according_to"]
    assert words.startswith("implied by recommendation") and "98.4" in words and "A/HRC/15/16" in words and words.endswith("as of 12 May 2010")
    assert opcat[0]["attributed_to"] == []  # an inference: nobody's statement


def test_the_delegations_claim_is_a_claim_never_a_status(live, standing):
    cat = standing[CAT]
    assert cat["status"] == "unknown" and cat["party_status"] is None and cat["assertions"] == []
    assert [c["wording"] for c in cat["claims"]] == ["party (the delegation's claim)"]
    claim = cat["claims"][0]
    assert claim["attributed_to"][0]["iri"].endswith("/delegation/upr-blr-2010") and claim["as_of"] == "2010-05-12"
    assert any("party to the Convention against Torture" in (e["quote"] or "") for e in claim["evidence"])
    party = json.loads(get(f"{live}/api/states/BLR/treaties?status=party&limit=1000")[1])["items"]
    assert CAT not in {t["key"] for t in party}
    detail = json.loads(get(f"{live}/api/treaties/{CAT}")[1])
    TreatyDetail.model_validate(detail)
    assert [(p["label"], p["status"], p["claims"]) for p in detail["parties"]] == [("Belarus", "unknown", ["party (the delegation's claim)"])]
    # negative: a treaty nobody claims anything about has no claims
    assert standing["untc-IV-4"]["claims"] == []


# ------------------------------------------------------------------------------------ the home page


def test_home_says_whose_and_as_of_when_with_hedges(home_html):
    text = text_of(home_html)
    answer = text_of(home_html.split('class="answer"', 1)[1].split("</section>", 1)[0])
    assert "according to the United Nations Country Team in Belarus" in answer and "as of 2009" in answer
    assert "implied by recommendation 98.4 in A/HRC/15/16" in answer and "as of 12 May 2010" in answer
    for flag in ("smuggling-protocol-status", "which-protocol-ratified"):
        assert f'class="hedge" href="/id/ambiguity/unct-blr-2009/{flag}"' in home_html, flag
    assert "Signed or ratified: the smuggling protocol" in text and "3 May 2003" in text
    assert "undated (no later than 2009)" in text and "by 2009" not in text
    assert "party (the delegation's claim)" in answer and 'id="group-claimed"' in home_html
    # the claim is in its own group, not in Party
    party = home_html.split('id="group-party"', 1)[1].split("</section>", 1)[0]
    assert "Convention against Torture and Other" not in party and "delegation" not in party
    # each recommendation is named as the report numbers it, never as an empty "Paragraph"
    assert "A/HRC/15/16, recommendation 98.4" in text and not re.search(r">Paragraph </a>", home_html)


def test_home_json_names_its_sources(live):
    body = json.loads(get(f"{live}/?format=json")[1])
    by_basis = {s["basis"]: s for s in body["sources"]}
    assert set(by_basis) == {"stated", "implied-by-recommendation"}
    assert len(by_basis["stated"]["treaties"]) == 4 and by_basis["stated"]["as_of"] == "2009"  # ¶2: three; ¶66: the ICRMW
    assert len(by_basis["implied-by-recommendation"]["treaties"]) == 9 and by_basis["implied-by-recommendation"]["as_of"] == "2010-05-12"
    assert {t["key"] for t in body["hedged"]} == {SMUGGLING, TOC, TRAFFICKING, "untc-IV-13"}
    assert all(t["according_to"] for t in body["answer"])
    assert {c["treaty"]["iri"].rsplit("/", 1)[-1] for c in body["claims"] if c["treaty"]} == {CAT}


def test_the_state_picker_offers_only_states_with_statuses(live, home_html):
    options = re.findall(r'<option value="([A-Z]{3})"', home_html)
    assert options == ["BLR"]  # the only State the sources give a treaty status for
    # negative: a State the sources only name is not offered, unless asked for, and then it says so
    assert 'value="UKR"' not in home_html and 'value="BRA"' not in home_html
    status, ukraine = get(f"{live}/?state=UKR", "text/html")
    assert status == 200 and re.findall(r'<option value="([A-Z]{3})"', ukraine) == ["BLR", "UKR"]
    assert "Ukraine (no treaty status in the sources)" in ukraine and '<option value="UKR" selected>' in ukraine


# ------------------------------------------------------------------------------------ the State page


def test_the_state_page_status_section_shows_the_hedges_and_claims(live):
    status, page = get(f"{live}/id/state/BLR", "text/html")
    assert status == 200 and 'id="treaty-status"' in page
    section = page.split('id="treaty-status"', 1)[1].split('class="state-upr"', 1)[0]
    assert 'href="/id/ambiguity/unct-blr-2009/smuggling-protocol-status"' in section
    assert "party (the delegation's claim)" in text_of(section) and "undated (no later than 2009)" in text_of(section)
    assert "according to the United Nations Country Team in Belarus" in text_of(section)
    _, ukraine = get(f"{live}/id/state/UKR", "text/html")
    assert "The sources give no treaty status for this State" in ukraine and 'class="hedge"' not in ukraine

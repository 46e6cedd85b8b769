"""The interactive dialogue of A/HRC/15/16 (paragraphs 21-96, footnote 1) as SPARQL questions.

Expected answers are read from the report: from the paragraph texts of the source (rg:text of
data/sources/a-hrc-15-16.ttl, the report's own words) or, where a test needs a reading, from the
table below, which the tests check against those texts first.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from data_helpers import iso, named, select
from rdflib import Graph, URIRef

from rightsgraph.namespaces import ID, RG
from rightsgraph.reference.checks import quote_check, run_query_checks

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "https://w3id.org/rightsgraph/id/source/a-hrc-15-16/"
DELEGATION = ID["delegation/upr-blr-2010"]
DIALOGUE = ID["dialogue/upr-blr-2010"]

# Paragraph -> (the State as the paragraph names it first, ISO 3166-1 alpha-3), read from paragraphs 23-52, 63-85.
SPEAKERS = {
    23: ("The Russian Federation", "RUS"), 24: ("Bhutan", "BTN"), 25: ("The United Arab Emirates", "ARE"),
    26: ("Brazil", "BRA"), 27: ("Tunisia", "TUN"), 28: ("Algeria", "DZA"), 29: ("Bahrain", "BHR"),
    30: ("Azerbaijan", "AZE"), 31: ("Lithuania", "LTU"), 32: ("Egypt", "EGY"), 33: ("Singapore", "SGP"),
    34: ("Malaysia", "MYS"), 35: ("Italy", "ITA"), 36: ("India", "IND"), 37: ("Switzerland", "CHE"),
    38: ("Cuba", "CUB"), 39: ("The Lao People’s Democratic Republic", "LAO"), 40: ("Austria", "AUT"),
    41: ("Palestine", "PSE"), 42: ("Venezuela (Bolivarian Republic of)", "VEN"), 43: ("Morocco", "MAR"),
    44: ("Bolivia (Plurinational State of)", "BOL"), 45: ("Hungary", "HUN"), 46: ("China", "CHN"),
    47: ("Qatar", "QAT"), 48: ("Kazakhstan", "KAZ"), 49: ("The Sudan", "SDN"), 50: ("Norway", "NOR"),
    51: ("Armenia", "ARM"), 52: ("Israel", "ISR"),
    63: ("Nicaragua", "NIC"), 64: ("The Libyan Arab Jamahiriya", "LBY"), 65: ("Oman", "OMN"),
    66: ("Bangladesh", "BGD"), 67: ("Spain", "ESP"), 68: ("Uzbekistan", "UZB"),
    69: ("The Islamic Republic of Iran", "IRN"), 70: ("Indonesia", "IDN"), 71: ("Iraq", "IRQ"),
    72: ("Tajikistan", "TJK"), 73: ("Ireland", "IRL"), 74: ("The Syrian Arab Republic", "SYR"),
    75: ("Canada", "CAN"), 76: ("Netherlands", "NLD"), 77: ("The Czech Republic", "CZE"), 78: ("Belgium", "BEL"),
    79: ("Nepal", "NPL"), 80: ("Djibouti", "DJI"), 81: ("Poland", "POL"), 82: ("Finland", "FIN"),
    83: ("Turkey", "TUR"), 84: ("France", "FRA"), 85: ("The Democratic People’s Republic of Korea", "PRK"),
}
REPLY_PARAGRAPHS = list(range(53, 63)) + list(range(86, 97))

# How section II (recommendations 97.x and 98.x) names the recommending States, read from the report.
RECOMMENDER_NAMES = {
    "Algeria": "DZA", "Armenia": "ARM", "Austria": "AUT", "Azerbaijan": "AZE", "Bangladesh": "BGD",
    "Belgium": "BEL", "Bhutan": "BTN", "Bolivia": "BOL", "Brazil": "BRA", "Canada": "CAN", "China": "CHN",
    "Cuba": "CUB", "Czech Republic": "CZE", "Democratic People’s Republic of Korea": "PRK", "Djibouti": "DJI",
    "Egypt": "EGY", "Finland": "FIN", "France": "FRA", "Hungary": "HUN", "Indonesia": "IDN", "Iraq": "IRQ",
    "Ireland": "IRL", "Islamic Republic of Iran": "IRN", "Israel": "ISR", "Italy": "ITA", "Kazakhstan": "KAZ",
    "Lao People’s Democratic Republic": "LAO", "Libyan Arab Jamahiriya": "LBY", "Lithuania": "LTU",
    "Malaysia": "MYS", "Morocco": "MAR", "Netherlands": "NLD", "Nicaragua": "NIC", "Norway": "NOR", "Oman": "OMN",
    "Palestine": "PSE", "Poland": "POL", "Russian Federation": "RUS", "Singapore": "SGP", "Spain": "ESP",
    "Sudan": "SDN", "Switzerland": "CHE", "Syrian Arab Republic": "SYR", "Tajikistan": "TJK", "Tunisia": "TUN",
    "Uzbekistan": "UZB", "Venezuela": "VEN",
}


# ---------------------------------------------------------------- the 53 statements and who speaks where

def test_the_table_of_speakers_is_the_reports(text):
    for paragraph, (name, _) in SPEAKERS.items():
        assert text(f"para/{paragraph}").startswith(name), paragraph
    # every paragraph between 23 and 85 outside the replies is a State's statement, and no other
    assert sorted(SPEAKERS) == [p for p in range(23, 86) if p not in REPLY_PARAGRAPHS]


def test_53_statements_were_delivered_as_paragraph_21_says(graph, text):
    stated = int(re.search(r"(\d+) delegations made statements", text("para/21")).group(1))
    assert stated == 53
    (row,) = select(graph, """
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s a rg:DialogueStatement ; rg:inDialogue ?d ; rg:delivered true .
          ?d rg:ofReview <https://w3id.org/rightsgraph/id/review/upr-blr-2010> .
        }""")
    assert row["n"].toPython() == stated
    assert graph.value(DIALOGUE, RG.statementsDelivered).toPython() == stated


@pytest.mark.parametrize("paragraph", sorted(SPEAKERS))
def test_which_state_speaks_in_a_paragraph(graph, paragraph):
    rows = select(graph, f"""
        SELECT ?state WHERE {{
          ?s a rg:DialogueStatement ; rg:delivered true ; prov:wasAttributedTo ?state ;
             prov:wasDerivedFrom <{SOURCE}para/{paragraph}> .
        }}""")
    assert [iso(r["state"]) for r in rows] == [SPEAKERS[paragraph][1]]


def test_no_two_states_share_a_paragraph_and_no_statement_spans_two(graph):
    rows = select(graph, """
        SELECT ?s (COUNT(DISTINCT ?p) AS ?n) (COUNT(DISTINCT ?state) AS ?states) WHERE {
          ?s a rg:DialogueStatement ; rg:delivered true ; prov:wasDerivedFrom ?p ; prov:wasAttributedTo ?state .
        } GROUP BY ?s""")
    assert len(rows) == 53 and all(r["n"].toPython() == 1 and r["states"].toPython() == 1 for r in rows)


def test_every_speaker_is_a_state_in_the_dialogue_role(graph):
    rows = select(graph, """
        SELECT ?s ?state WHERE {
          ?s a rg:DialogueStatement ; prov:wasAttributedTo ?state .
          FILTER NOT EXISTS {
            ?s prov:qualifiedAttribution ?a . ?a prov:agent ?state ;
               prov:hadRole <https://w3id.org/rightsgraph/id/concept/speaker-role/state-in-dialogue> .
          }
        }""")
    assert rows == []


def test_every_state_that_speaks_is_in_the_graph(graph):
    """The States are recs' data (data/states/states.ttl); a missing one is named here."""
    rows = select(graph, """
        SELECT DISTINCT ?state WHERE { ?s a rg:DialogueStatement ; prov:wasAttributedTo ?state . MINUS { ?state a rg:State } }""")
    assert rows == [], sorted(iso(r["state"]) for r in rows)


# ---------------------------------------------------------------- footnote 1: 31 statements not delivered

def test_31_statements_not_delivered_are_footnote_1(graph, text):
    stated = int(re.search(r"An additional (\d+) statements, which could not be delivered", text("para/21")).group(1))
    *names, last = text("footnote/1").rstrip(".").split(", ")
    names += last.split(" and ")  # "Serbia and South Africa"; "Great Britain and Northern Ireland" is not last
    assert stated == len(names) == 31
    rows = select(graph, """
        SELECT ?s ?name WHERE {
          ?s a rg:DialogueStatement ; rg:delivered false ; rg:nameInSource ?name ;
             prov:wasDerivedFrom <https://w3id.org/rightsgraph/id/source/a-hrc-15-16/footnote/1> .
        }""")
    assert sorted(str(r["name"]) for r in rows) == sorted(names)
    assert graph.value(DIALOGUE, RG.statementsNotDelivered).toPython() == stated


def test_no_state_of_footnote_1_also_spoke(graph):
    rows = select(graph, """
        SELECT ?state WHERE {
          ?a a rg:DialogueStatement ; rg:delivered true ; prov:wasAttributedTo ?state .
          ?b a rg:DialogueStatement ; rg:delivered false ; prov:wasAttributedTo ?state .
        }""")
    assert rows == []


def test_the_holy_see_is_one_of_the_31(graph):
    (row,) = select(graph, """
        SELECT ?name WHERE { <https://w3id.org/rightsgraph/id/statement/a-hrc-15-16/VAT> rg:delivered false ; rg:nameInSource ?name }""")
    assert str(row["name"]) == "the Holy See"


# ---------------------------------------------------------------- the check of the counts

def test_the_count_check_passes_on_the_data(graph):
    (result,) = [c for c in run_query_checks(graph, ROOT / "queries" / "checks") if c.check == "dialogue-statement-counts"]
    assert result.rows == ()


def test_the_count_check_fires_when_a_statement_is_missing(graph):
    g = Graph()
    for triple in graph:
        g.add(triple)
    g.remove((ID["statement/a-hrc-15-16/NOR"], None, None))
    (result,) = [c for c in run_query_checks(g, ROOT / "queries" / "checks") if c.check == "dialogue-statement-counts"]
    assert [(r["delivered"], r["stated"], r["found"]) for r in result.rows] == [("true", "53", "52")]


# ---------------------------------------------------------------- what the statements did

def test_made_recommendations_is_what_the_paragraphs_say(graph, text):
    says = {code for p, (_, code) in SPEAKERS.items() if re.search(r"made (a )?recommendations?\.", text(f"para/{p}"))}
    rows = select(graph, "SELECT ?state WHERE { ?s a rg:DialogueStatement ; rg:madeRecommendations true ; prov:wasAttributedTo ?state }")
    assert {iso(r["state"]) for r in rows} == says
    assert len(says) == 47
    rows = select(graph, "SELECT ?state WHERE { ?s a rg:DialogueStatement ; rg:madeRecommendations false ; prov:wasAttributedTo ?state }")
    assert {iso(r["state"]) for r in rows} == {"ARE", "BHR", "IND", "QAT", "NPL", "TUR"}


def test_the_states_that_made_recommendations_are_the_recommending_states_of_section_ii(graph, text):
    units = [u for u in (str(s)[len(SOURCE):] for s in graph.subjects(RG.text, None) if str(s).startswith(SOURCE))
             if re.fullmatch(r"para/9[78]\.\d+", u)]
    named_there = set()
    for unit in units:
        for inside in re.findall(r"\(([^()]+)\)", text(unit)):
            if inside in RECOMMENDER_NAMES:
                named_there.add(RECOMMENDER_NAMES[inside])
    rows = select(graph, "SELECT ?state WHERE { ?s a rg:DialogueStatement ; rg:madeRecommendations true ; prov:wasAttributedTo ?state }")
    assert {iso(r["state"]) for r in rows} == named_there


def test_every_act_quotes_its_paragraph_and_the_acts_are_in_the_paragraphs_order(graph, text):
    rows = select(graph, """
        SELECT ?act ?quote ?p WHERE { ?s a rg:DialogueStatement ; rg:hasAct ?act . ?act rg:quote ?quote ; prov:wasDerivedFrom ?p }""")
    assert len(rows) > 150
    for r in rows:
        assert str(r["quote"]) in text(str(r["p"])[len(SOURCE):]), r["act"]


@pytest.mark.parametrize("paragraph, kind, words", [
    (40, "expressed-concern", "expressed concern about the use of torture"),
    (45, "expressed-concern", "noted with concern anomalies in the fields of torture"),
    (24, "welcomed", "welcomed the methods and strategies employed in promoting the rights of the child"),
    (23, "commended", "commended Belarus for achieving political stability"),
    (50, "expressed-concern", "deplored recent executions"),
    (67, "thanked", "thanked Belarus for the presentation of its national report"),
])
def test_an_act_in_the_reports_words(graph, text, paragraph, kind, words):
    assert words in text(f"para/{paragraph}")
    rows = select(graph, f"""
        SELECT ?quote WHERE {{
          ?act rg:actKind <https://w3id.org/rightsgraph/id/concept/dialogue-act/{kind}> ; rg:quote ?quote ;
               prov:wasDerivedFrom <{SOURCE}para/{paragraph}> ;
               prov:wasAttributedTo <https://w3id.org/rightsgraph/id/state/{SPEAKERS[paragraph][1]}> .
        }}""")
    assert any(str(r["quote"]).startswith(words) for r in rows), rows


def test_questions_put_to_belarus(graph, text):
    # France asked two questions (paragraph 84: "asked whether..." and "asked about measures...")
    assert len(re.findall(r"\basked (?:whether|about)", text("para/84"))) == 2
    rows = select(graph, """
        SELECT ?q ?to WHERE { ?q a rg:Question ; rg:actOf <https://w3id.org/rightsgraph/id/statement/a-hrc-15-16/FRA> ; rg:putTo ?to }""")
    assert len(rows) == 2 and {iso(r["to"]) for r in rows} == {"BLR"}
    # Morocco asked whether Belarus would ratify the CRPD (UNTC IV-15)
    assert "asked whether Belarus would ratify the Convention on the Rights of Persons with Disabilities" in text("para/43")
    (row,) = select(graph, """
        SELECT ?q WHERE { ?q a rg:Question ; prov:wasAttributedTo <https://w3id.org/rightsgraph/id/state/MAR> ;
                             rg:concerns <https://w3id.org/rightsgraph/id/treaty/untc-IV-15> }""")


# ---------------------------------------------------------------- Belarus's replies

def test_replies_are_the_paragraphs_of_the_delegation(graph):
    rows = select(graph, """
        SELECT ?n WHERE { ?r a rg:DelegationReply ; prov:wasDerivedFrom ?p . ?p rg:paragraphNumber ?n }""")
    assert sorted(r["n"].toPython() for r in rows) == REPLY_PARAGRAPHS


def test_no_reply_is_attributed_to_anyone_but_the_delegation(graph):
    rows = select(graph, """
        SELECT ?r ?who WHERE { ?r a rg:DelegationReply ; prov:wasAttributedTo ?who .
                               FILTER (?who != <https://w3id.org/rightsgraph/id/delegation/upr-blr-2010>) }""")
    assert rows == []
    rows = select(graph, "SELECT ?r WHERE { ?r a rg:DelegationReply ; prov:wasAttributedTo ?who . ?who a rg:State }")
    assert rows == []
    assert (DELEGATION, URIRef("http://www.w3.org/ns/prov#actedOnBehalfOf"), ID["state/BLR"]) in graph


def test_the_reply_on_elections_answers_canada(graph, text):
    assert "work together with Canada" in text("para/95")
    rows = select(graph, "SELECT ?x WHERE { <https://w3id.org/rightsgraph/id/reply/a-hrc-15-16/95> rg:answers ?x }")
    assert [str(r["x"]) for r in rows] == [str(ID["statement/a-hrc-15-16/CAN"])]
    # and no other reply claims to answer a statement: the report names no other questioner
    rows = select(graph, "SELECT ?r WHERE { ?r a rg:DelegationReply ; rg:answers ?x }")
    assert len(rows) == 1


def test_the_reply_on_the_roma_takes_up_finlands_question(graph, text):
    assert "Roma" in text("para/82") and "Roma" in text("para/93")
    rows = select(graph, """
        SELECT ?q WHERE { <https://w3id.org/rightsgraph/id/reply/a-hrc-15-16/93> rg:takesUpTopicOf ?q . ?q a rg:Question ;
                          prov:wasAttributedTo <https://w3id.org/rightsgraph/id/state/FIN> }""")
    assert len(rows) == 1


# ---------------------------------------------------------------- the delegation's figures, claims and penalties

def test_the_delegations_disability_employment_figure(graph, text):
    m = re.search(r"employment rate for persons with disabilities had risen from (\d+) per cent in (\d{4}) to (\d+) per cent in (\d{4})", text("para/89"))
    expected = {(int(m.group(2)), int(m.group(1))), (int(m.group(4)), int(m.group(3)))}
    rows = select(graph, """
        SELECT ?year ?value ?who ?role WHERE {
          ?o rg:measure <https://w3id.org/rightsgraph/id/concept/measure/disability-employment-rate> ;
             rg:value ?value ; rg:periodEnd ?year ; rg:unit <https://w3id.org/rightsgraph/id/concept/unit/percent> ;
             prov:wasDerivedFrom <https://w3id.org/rightsgraph/id/source/a-hrc-15-16/para/89> ;
             prov:wasAttributedTo ?who ; prov:qualifiedAttribution ?a .
          ?a prov:agent ?who ; prov:hadRole ?role .
        }""")
    assert {(int(str(r["year"])), r["value"].toPython()) for r in rows} == expected == {(1995, 25), (2008, 45)}
    assert {r["who"] for r in rows} == {DELEGATION}
    assert {r["role"] for r in rows} == {ID["concept/speaker-role/delegation-of-state-under-review"]}


@pytest.mark.parametrize("measure, paragraph, pattern, qualifier", [
    ("registered-public-associations", 59, r"More than ([\d,]+) public associations", "more than"),
    ("registered-political-parties", 59, r"and (\d+) political parties were registered", None),
    ("ilo-conventions-ratified", 60, r"had ratified (\d+) of its conventions", None),
    ("criminal-gangs-eliminated", 87, r"and (\d+) criminal gangs had been eliminated", None),
    ("budget-share-nursery-meals-and-care", 90, r"the budget financed (\d+) per cent", None),
    ("referendum-vote-retain-death-penalty", 53, r"more than (\d+) per cent of the population", "more than"),
])
def test_the_delegations_figures(graph, text, measure, paragraph, pattern, qualifier):
    value = int(re.search(pattern, text(f"para/{paragraph}")).group(1).replace(",", ""))
    rows = select(graph, f"""
        SELECT ?value ?qualifier ?who WHERE {{
          ?o rg:measure <https://w3id.org/rightsgraph/id/concept/measure/{measure}> ; rg:value ?value ;
             prov:wasDerivedFrom <{SOURCE}para/{paragraph}> ; prov:wasAttributedTo ?who .
          OPTIONAL {{ ?o rg:qualifier ?qualifier }}
        }}""")
    assert [(r["value"].toPython(), r["qualifier"] and str(r["qualifier"]), r["who"]) for r in rows] == [(value, qualifier, DELEGATION)]


def test_the_delegations_figures_have_no_invented_period(graph):
    """Only paragraph 53 (1996) and 89 (1995, 2008) give years for the delegation's figures."""
    rows = select(graph, """
        SELECT ?o ?n WHERE { ?o a rg:Observation ; prov:wasAttributedTo <https://w3id.org/rightsgraph/id/delegation/upr-blr-2010> ;
                             prov:wasDerivedFrom ?p ; rg:periodEnd ?end . ?p rg:paragraphNumber ?n . FILTER (?n >= 53) }""")
    assert sorted(r["n"].toPython() for r in rows) == [53, 89, 89]


def test_party_to_cat_is_the_delegations_claim_not_a_stated_status(graph, text):
    assert "Belarus noted that it was party to the Convention against Torture" in text("para/56")
    (row,) = select(graph, """
        SELECT ?claim ?status ?who ?role WHERE {
          ?claim a rg:StatusClaim ; rg:treaty <https://w3id.org/rightsgraph/id/treaty/untc-IV-9> ;
                 rg:state <https://w3id.org/rightsgraph/id/state/BLR> ; rg:claimedStatus ?status ;
                 prov:wasAttributedTo ?who ; prov:qualifiedAttribution ?a .
          ?a prov:agent ?who ; prov:hadRole ?role .
        }""")
    assert row["status"] == ID["concept/participation-status/party"]
    assert row["who"] == DELEGATION
    assert row["role"] == ID["concept/speaker-role/delegation-of-state-under-review"]
    # no status assertion (stated or implied) rests on paragraph 56
    rows = select(graph, f"SELECT ?s WHERE {{ ?s a rg:StatusAssertion ; prov:wasDerivedFrom <{SOURCE}para/56> }}")
    assert rows == []
    assert not select(graph, "SELECT ?c WHERE { ?c a rg:StatusAssertion ; rg:treaty <https://w3id.org/rightsgraph/id/treaty/untc-IV-9> ; rg:status <https://w3id.org/rightsgraph/id/concept/participation-status/party> }")


def test_penalties_as_the_speakers_state_them(graph, text):
    low, high = re.search(r"punishable by (\d+) to (\d+) years of imprisonment", text("para/56")).groups()
    (row,) = select(graph, """
        SELECT ?min ?max ?who WHERE { <https://w3id.org/rightsgraph/id/sanction/blr-criminal-code/torture/imprisonment>
            rg:minimum ?min ; rg:maximum ?max ; prov:wasAttributedTo ?who }""")
    assert (str(row["min"]), str(row["max"]), row["who"]) == (f"P{low}Y", f"P{high}Y", DELEGATION)
    assert "for up to two years for participating in the activities of an unregistered civic or religious association or party" in text("para/81")
    (row,) = select(graph, """
        SELECT ?max ?who WHERE { ?s a rg:Sanction ; rg:maximum ?max ; prov:wasAttributedTo ?who ;
                                    prov:wasDerivedFrom <https://w3id.org/rightsgraph/id/source/a-hrc-15-16/para/81> }""")
    assert (str(row["max"]), row["who"]) == ("P2Y", ID["state/POL"])


def test_every_quote_of_the_dialogue_is_verbatim(graph):
    result = quote_check(graph)
    mine = [r for r in result.rows if any(f"/id/{t}/" in r["node"] for t in ("statement", "dialogue-act", "question", "reply", "dialogue"))
            or "/a-hrc-15-16/" in r["node"] and "/claim/" in r["node"]]
    assert mine == []


# ---------------------------------------------------------------- named queries

def test_statements_of_state_named_query(engine, text):
    assert "deplored recent executions" in text("para/50")
    rows = named(engine, "statements-of-state", state="NOR")
    assert any(str(r["quote"]) == "deplored recent executions" and str(r["kind"]) == "expressed concern" for r in rows)
    assert all(str(r["statement"]) == str(ID["statement/a-hrc-15-16/NOR"]) for r in rows)
    rows = named(engine, "statements-of-state", state="MEX")
    assert [(str(r["delivered"]).lower(), r.get("act")) for r in rows] == [("false", None)]


def test_delegation_replies_named_query(engine):
    rows = named(engine, "delegation-replies", theme=str(ID["concept/theme/death-penalty"]))
    assert sorted(int(str(r["paragraph"])) for r in rows) == [53, 54]
    assert {str(r["speaker"]) for r in rows} == {str(DELEGATION)}
    rows = named(engine, "delegation-replies", theme=str(ID["concept/theme/disability"]))
    (row,) = rows
    assert "45%" in str(row["figures"]) and int(str(row["paragraph"])) == 89

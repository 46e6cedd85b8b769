"""The review of Belarus (A/HRC/15/16, paragraphs 1-20 and the annex) as SPARQL questions.

Expected answers are read from the report: from the paragraph texts of the source (rg:text of
data/sources/a-hrc-15-16.ttl, the report's own words), or from the small tables below (the report's
names and numbers, with the ISO 3166-1 code a name stands for), which the tests check against those
texts first. Each "nothing wrong here" test runs its query on a broken copy too, to show it can fail.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from data_helpers import iso, named, select
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from rightsgraph.namespaces import ID, RG

SOURCE = "https://w3id.org/rightsgraph/id/source/a-hrc-15-16/"
UNCT_SOURCE = "https://w3id.org/rightsgraph/id/source/unct-blr-2009/"
REVIEW = ID["review/upr-blr-2010"]
DELEGATION = ID["delegation/upr-blr-2010"]
UNCT = ID["organization/unct-belarus"]
WORKING_GROUP = ID["organization/upr-working-group"]
DELEGATION_ROLE = ID["concept/speaker-role/delegation-of-state-under-review"]

# How paragraphs 2 and 4 name the States, and the ISO 3166-1 alpha-3 code each name stands for.
TROIKA = {"Norway": "NOR", "the Philippines": "PHL", "Senegal": "SEN"}
QUESTIONS_IN_ADVANCE = {
    "Argentina": "ARG", "Denmark": "DNK", "the Netherlands": "NLD", "Norway": "NOR", "Latvia": "LVA",
    "Lithuania": "LTU", "Slovenia": "SVN", "Sweden": "SWE", "Switzerland": "CHE",
    "the United Kingdom of Great Britain and Northern Ireland": "GBR",
}
# The annex: name -> (role in the delegation, first words of the post as printed).
ANNEX = {
    "Mikhail Khvostov": ("head", "Ambassador Extraordinary and Plenipotentiary"),
    "Natalia Zhylevich": ("deputy-head", "Ambassador, Director of the Department for Humanitarian Cooperation"),
    "Evgeny Lazarev": ("member", "Chief of the Human Rights Section"),
    "Larisa Belskaya": ("member", "Advisor of the Human Rights Section"),
    "Andrei Taranda": ("member", "Counsellor, Permanent Mission"),
}
# The delegation's figures of paragraphs 5-20: (paragraph, the words as printed, the number they give).
FIGURES = [
    (7, "ranked 68th", 68), (8, "99.7 per cent for adults", Decimal("99.7")), (8, "99.8 per cent for minors", Decimal("99.8")),
    (9, "Approximately 85.4 per cent", Decimal("85.4")), (9, "ranked Belarus 44th", 44),
    (13, "40,000 appeals", 40000), (14, "2,200 non-governmental organizations", 2200), (14, "15 political parties", 15),
    (15, "ranked 19th", 19), (15, "36 women’s organizations", 36), (15, "19.3 per cent of senior positions", Decimal("19.3")),
    (15, "46.4 per cent of judgeships", Decimal("46.4")), (16, "23 children’s organizations", 23),
    (16, "141 youth associations", 141), (16, "72.7 per cent of orphans", Decimal("72.7")),
    (18, "more than 130 ethnic groups", 130), (18, "123 voluntary organizations", 123),
    (19, "from 765 to 3,262", 765), (19, "from 765 to 3,262", 3262), (19, "from 8 to 25", 8), (19, "from 8 to 25", 25),
    (20, "eight special procedures mandate holders", 8), (20, "five of those bodies in 2009", 5),
]


def review_states(graph: Graph, prop: str) -> list[str]:
    """The ISO codes of the States the review names by ``rg:<prop>``, sorted (by a SPARQL query)."""
    rows = select(graph, f"SELECT ?s WHERE {{ <{REVIEW}> rg:{prop} ?s }}")
    return sorted(iso(r["s"]) for r in rows)


def copy(graph: Graph) -> Graph:
    g = Graph()
    for triple in graph:
        g.add(triple)
    return g


# ---------------------------------------------------------------- the review as an event (paragraphs 1-4)

def test_the_troika_is_the_three_states_of_paragraph_2(graph, text):
    listed = re.search(r"to facilitate the review of Belarus: (.+)\.$", text("para/2")).group(1)
    assert re.split(r", | and ", listed) == list(TROIKA)
    assert review_states(graph, "troikaMember") == sorted(TROIKA.values())
    troika = graph.value(REVIEW, RG.troika)
    assert sorted(iso(s) for s in graph.objects(troika, URIRef("http://www.w3.org/ns/org#hasMember"))) == sorted(TROIKA.values())
    assert "On 7 September 2009, the Human Rights Council selected" in text("para/2")
    assert graph.value(troika, RG.selectionDate) == Literal("2009-09-07", datatype=XSD.date)
    assert graph.value(troika, RG.selectedBy) == ID["organization/hrc"]


def test_review_and_adoption_dates_and_meetings(graph, text):
    p1 = text("para/1")
    assert "held its eighth session from 3 to 14 May 2010" in p1
    assert "The review of Belarus was held at the 16th meeting, on 12 May 2010." in p1
    assert "At its 17th meeting, held on 14 May 2010, the Working Group adopted the report on Belarus." in p1
    (row,) = select(graph, f"""
        SELECT ?state ?date ?adopted ?n16 ?d16 ?n17 ?d17 ?session ?start ?end WHERE {{
          <{REVIEW}> rg:stateUnderReview ?state ; rg:reviewDate ?date ; rg:outcomeAdoptionDate ?adopted ;
                     rg:reviewMeeting ?m16 ; rg:adoptionMeeting ?m17 ; schema:superEvent ?s .
          ?m16 rg:meetingNumber ?n16 ; dcterms:date ?d16 .
          ?m17 rg:meetingNumber ?n17 ; dcterms:date ?d17 .
          ?s rg:sessionNumber ?session ; schema:startDate ?start ; schema:endDate ?end .
        }}""")
    assert iso(row["state"]) == "BLR"
    assert (str(row["date"]), str(row["adopted"])) == ("2010-05-12", "2010-05-14")
    assert (int(row["n16"]), str(row["d16"]), int(row["n17"]), str(row["d17"])) == (16, "2010-05-12", 17, "2010-05-14")
    assert (int(row["session"]), str(row["start"]), str(row["end"])) == (8, "2010-05-03", "2010-05-14")
    assert row["date"].datatype == XSD.date


def test_the_review_is_the_working_groups_account_and_outputs_the_report(graph):
    assert graph.value(REVIEW, PROV.wasAttributedTo) == WORKING_GROUP
    assert graph.value(REVIEW, RG.outcome) == URIRef(SOURCE.rstrip("/"))


def test_the_three_documents_by_symbol(graph, text):
    symbols = re.findall(r"\((A/HRC/WG\.6/8/BLR/\d)\)", text("para/3"))
    assert symbols == ["A/HRC/WG.6/8/BLR/1", "A/HRC/WG.6/8/BLR/2", "A/HRC/WG.6/8/BLR/3"]
    rows = select(graph, f"""
        SELECT ?symbol ?kind ?by WHERE {{
          <{REVIEW}> rg:documentForReview ?d . ?d rg:documentSymbol ?symbol ; rg:documentKind ?k .
          ?k skos:notation ?kind . OPTIONAL {{ ?d rg:preparedBy ?by }}
        }} ORDER BY ?symbol""")
    assert [str(r["symbol"]) for r in rows] == symbols
    assert [str(r["kind"]) for r in rows] == ["national-report", "compilation", "summary"]
    assert [r["by"] for r in rows] == [None, ID["organization/ohchr"], ID["organization/ohchr"]]


def test_the_unct_submission_is_linked_only_as_an_inference(graph):
    unct = URIRef(UNCT_SOURCE.rstrip("/"))
    linked = list(graph.subjects(RG.inferredInput, unct))
    assert REVIEW in linked
    for node in linked:
        assert "inference" in str(graph.value(node, RG.note))
    assert unct not in set(graph.objects(REVIEW, RG.documentForReview)), "paragraph 3 lists three documents, not the UNCT's"


def test_the_ten_states_with_questions_in_advance(graph, text):
    names = re.search(r"prepared in advance by (.+) was transmitted to Belarus through the troika", text("para/4")).group(1)
    assert re.split(r", | and (?=the United Kingdom)", names) == list(QUESTIONS_IN_ADVANCE)
    assert review_states(graph, "questionsInAdvanceFrom") == sorted(QUESTIONS_IN_ADVANCE.values())
    questions = graph.value(REVIEW, RG.advanceQuestions)
    assert sorted(iso(s) for s in graph.objects(questions, RG.preparedBy)) == sorted(QUESTIONS_IN_ADVANCE.values())
    assert graph.value(questions, RG.transmittedThrough) == graph.value(REVIEW, RG.troika)


def test_every_state_of_the_review_is_a_state(graph):
    rows = select(graph, f"""
        SELECT DISTINCT ?s WHERE {{
          {{ <{REVIEW}> rg:troikaMember|rg:questionsInAdvanceFrom|rg:stateUnderReview ?s }}
          MINUS {{ ?s a rg:State }}
        }}""")
    assert rows == []


# ---------------------------------------------------------------- the delegation (paragraphs 1, 5, annex)

def test_head_of_the_delegation(graph, text):
    assert "The delegation of Belarus was headed by H.E. Mr. Mikhail Khvostov" in text("annex")
    assert text("para/1").endswith("Mikhail Khvostov. At its 17th meeting, held on 14 May 2010, the Working Group adopted the report on Belarus.")
    (row,) = select(graph, f"""
        SELECT ?name ?state WHERE {{
          <{REVIEW}> rg:delegation ?d . ?d rg:headOfDelegation ?p ; prov:actedOnBehalfOf ?state .
          ?p foaf:name ?name ; org:headOf ?d .
        }}""")
    assert (str(row["name"]), iso(row["state"])) == ("Mikhail Khvostov", "BLR")


def test_members_of_the_delegation_with_their_posts(graph, text):
    annex = text("annex")
    for name, (_, post) in ANNEX.items():
        assert re.search(rf"(Mr|Ms)\. {name}, {re.escape(post)}", annex), name
    rows = select(graph, f"""
        SELECT ?name ?role ?post ?in WHERE {{
          <{DELEGATION}> org:hasMembership ?m . ?m org:member ?p ; org:role ?r ; rg:postTitle ?post .
          ?p foaf:name ?name . ?r skos:notation ?role . OPTIONAL {{ ?m rg:postOrganization ?in }}
        }}""")
    assert {str(r["name"]): str(r["role"]) for r in rows} == {n: role for n, (role, _) in ANNEX.items()}
    for r in rows:
        assert str(r["post"]).startswith(ANNEX[str(r["name"])][1])
        assert str(r["post"]) in annex
    posts = {str(r["name"]): r["in"] for r in rows}
    assert posts["Evgeny Lazarev"] == ID["organization/human-rights-section-mfa-blr"]
    mfa = ID["organization/ministry-of-foreign-affairs-blr"]
    assert (posts["Evgeny Lazarev"], URIRef("http://www.w3.org/ns/org#subOrganizationOf"), mfa) in graph


# ---------------------------------------------------------------- whose words: the presentation (paragraphs 5-20)

def test_the_figures_table_is_the_reports(text):
    for paragraph, words, _ in FIGURES:
        assert words in text(f"para/{paragraph}"), (paragraph, words)


@pytest.mark.parametrize("paragraph,words,value", FIGURES, ids=[f"{p}-{v}" for p, _, v in FIGURES])
def test_each_figure_is_the_delegations(graph, paragraph, words, value):
    rows = select(graph, f"""
        SELECT ?o ?speaker ?role WHERE {{
          ?o a rg:Observation ; rg:value ?v ; prov:wasDerivedFrom <{SOURCE}para/{paragraph}> ;
             prov:wasAttributedTo ?speaker .
          OPTIONAL {{ ?o prov:qualifiedAttribution ?a . ?a prov:agent ?speaker ; prov:hadRole ?role }}
          FILTER (?v = {value})
        }}""")
    assert rows, (paragraph, value)
    assert {r["speaker"] for r in rows} == {DELEGATION}
    assert {r["role"] for r in rows} == {DELEGATION_ROLE}


def test_the_delegations_figures_are_all_there(graph):
    rows = select(graph, f"""
        SELECT ?o WHERE {{
          ?o a rg:Observation ; prov:wasAttributedTo <{DELEGATION}> ; prov:wasDerivedFrom ?p .
          ?p rg:paragraphOf <{SOURCE.rstrip('/')}> ; rg:paragraphNumber ?n . FILTER (?n >= 5 && ?n <= 20)
        }}""")
    assert len(rows) == len(FIGURES)


def test_party_to_nearly_all_core_instruments_is_the_delegations_claim(graph, text):
    words = "Belarus was party to nearly all core human rights instruments of the United Nations"
    assert words in text("para/10")
    (row,) = select(graph, f"""
        SELECT ?c ?speaker ?status WHERE {{
          ?c a rg:StatusClaim ; prov:wasDerivedFrom <{SOURCE}para/10> ; prov:wasAttributedTo ?speaker ;
             rg:claimedStatus ?status ; rg:quote ?q . FILTER (CONTAINS(?q, "{words}"))
        }}""")
    assert row["speaker"] == DELEGATION
    assert row["status"] == ID["concept/participation-status/party"]
    assert (row["c"], RDF.type, RG.StatusAssertion) not in graph
    stated = [s for s in graph.subjects(PROV.wasDerivedFrom, URIRef(SOURCE + "para/10")) if (s, RDF.type, RG.StatusAssertion) in graph]
    assert stated == [], "the delegation's claim must not become a status assertion"


def test_every_paragraph_of_the_presentation_has_a_claim_of_the_delegation(graph):
    rows = select(graph, f"""
        SELECT DISTINCT ?n WHERE {{
          ?c a/rdfs:subClassOf* rg:Claim ; prov:wasAttributedTo <{DELEGATION}> ; prov:wasDerivedFrom ?p .
          ?p rg:paragraphOf <{SOURCE.rstrip('/')}> ; rg:paragraphNumber ?n .
        }}""")
    assert set(range(5, 21)) <= {int(r["n"]) for r in rows}


# ---------------------------------------------------------------- negative checks (each shown able to fail)

UNCT_SPEAKS_IN_2010 = f"""
    SELECT ?x WHERE {{
      ?x prov:wasAttributedTo <{UNCT}> ; prov:wasDerivedFrom ?p . ?p rg:paragraphOf <{SOURCE.rstrip('/')}> .
    }}"""
UNATTRIBUTED_CLAIMS = "SELECT ?c WHERE { ?c a/rdfs:subClassOf* rg:Claim . FILTER NOT EXISTS { ?c prov:wasAttributedTo ?who } }"
DELEGATION_ROLE_NOT_DELEGATION = f"""
    SELECT ?x WHERE {{
      ?x prov:qualifiedAttribution ?a . ?a prov:hadRole <{DELEGATION_ROLE}> ; prov:agent ?agent .
      FILTER (?agent != <{DELEGATION}>)
    }}"""


def test_no_statement_of_the_2010_report_is_attributed_to_the_unct(graph):
    assert select(graph, UNCT_SPEAKS_IN_2010) == []
    broken = copy(graph)
    broken.add((ID["observation/literacy-rate-adults/BLR/upr-blr-2010"], PROV.wasAttributedTo, UNCT))
    assert select(broken, UNCT_SPEAKS_IN_2010)


def test_no_claim_lacks_an_attribution(graph):
    assert list(graph.subjects(RDF.type, RG.Claim))
    assert select(graph, UNATTRIBUTED_CLAIMS) == []
    broken = copy(graph)
    broken.remove((ID["claim/a-hrc-15-16/10-1"], PROV.wasAttributedTo, None))
    assert [str(r["c"]) for r in select(broken, UNATTRIBUTED_CLAIMS)] == [str(ID["claim/a-hrc-15-16/10-1"])]


def test_only_the_delegation_speaks_as_the_delegation(graph):
    assert select(graph, DELEGATION_ROLE_NOT_DELEGATION) == []
    broken = copy(graph)
    att = ID["attribution/upr-blr-2010/delegation-of-state-under-review"]
    broken.remove((att, PROV.agent, None))
    broken.add((att, PROV.agent, UNCT))
    assert select(broken, DELEGATION_ROLE_NOT_DELEGATION)


# ---------------------------------------------------------------- the same things are the same nodes

SAME_THINGS = [
    ("organization/national-commission-rights-of-child-blr", r"National Commission on (the )?Rights of the Child", 14, 12),
    ("organization/national-council-gender-policy-blr", r"National Council on Gender Policy", 37, 12),
    ("facility/international-training-centre-counter-trafficking", r"International Training Centre", 32, 17),
    ("organization/parliament-blr", r"parliament|National Assembly", 36, 11),
    ("legal-act/blr-constitution", r"Constitution", 6, 10),
]


@pytest.mark.parametrize("key,words,para2009,para2010", SAME_THINGS, ids=[k.split("/")[1] for k, *_ in SAME_THINGS])
def test_one_node_cited_by_both_sources(graph, key, words, para2009, para2010):
    node = ID[key]
    for source, para in ((UNCT_SOURCE, para2009), (SOURCE, para2010)):
        paragraph = URIRef(f"{source}para/{para}")
        assert re.search(words, str(graph.value(paragraph, RG.text)), re.I), (source, para)
        assert (node, PROV.wasDerivedFrom, paragraph) in graph


def test_the_national_commission_on_the_rights_of_the_child_is_one_node(graph):
    rows = select(graph, """
        SELECT DISTINCT ?x WHERE {
          ?x a/rdfs:subClassOf* rg:Organization ; rdfs:label|skos:altLabel|skos:prefLabel ?l .
          FILTER (REGEX(STR(?l), "National Commission on (the )?Rights of the Child", "i"))
        }""")
    assert [str(r["x"]) for r in rows] == [str(ID["organization/national-commission-rights-of-child-blr"])]
    assert len(select(graph, f"""
        SELECT ?claim WHERE {{
          ?claim a/rdfs:subClassOf* rg:Claim ; rg:concerns <{ID['organization/national-commission-rights-of-child-blr']}> ;
                 prov:wasAttributedTo <{DELEGATION}> ; prov:wasDerivedFrom <{SOURCE}para/12> .
        }}""")) == 1


# ---------------------------------------------------------------- named queries

def test_delegation_claims_named_query(engine, text):
    rows = named(engine, "delegation-claims", delegation=str(DELEGATION))
    assert {str(r["delegation"]) for r in rows} == {str(DELEGATION)}
    assert all(str(r["role"]) == "delegation-of-state-under-review" for r in rows)
    status = [r for r in rows if str(r["kind"]) == "status claim" and int(str(r["number"])) == 10]
    assert status and "party to nearly all core human rights instruments" in str(status[0]["quote"])
    literacy = [r for r in rows if str(r["kind"]) == "figure" and int(str(r["number"])) == 8]
    assert sorted(str(r["value"]) for r in literacy) == ["99.7", "99.8"]
    for r in rows:
        if r.get("number") is not None and int(str(r["number"])) <= 20:
            assert str(r["quote"]) in text(f"para/{int(str(r['number']))}")
    assert named(engine, "delegation-claims", state="BLR") and not named(engine, "delegation-claims", state="NOR")


def test_review_named_query(engine):
    rows = named(engine, "review", state="BLR")
    by = {}
    for r in rows:
        by.setdefault(str(r["what"]), []).append(r)
    assert sorted(iso(r["value"]) for r in by["troika member"]) == sorted(TROIKA.values())
    assert sorted(str(r["detail"]) for r in by["document for the review"]) == [f"A/HRC/WG.6/8/BLR/{n}" for n in (1, 2, 3)]
    assert [str(r["detail"]) for r in by["review meeting"]] == ["2010-05-12"]
    assert [str(r["detail"]) for r in by["adoption of the report"]] == ["2010-05-14"]
    assert len(by["questions in advance from"]) == 10
    assert len(by["delegation"]) == len(ANNEX)
    assert all("paragraph" in str(r["paragraphs"]) or "annex" in str(r["paragraphs"]) for r in rows)
    assert named(engine, "review", state="NOR") == []

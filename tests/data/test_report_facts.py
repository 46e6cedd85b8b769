"""Spot checks of the graph against the report: each answer is read from the UNCT Belarus 2009 text.

The graph is ontology + data (with the generated source paragraphs) + the project's derivation rules
(party status, obligation bearers), loaded with rdflib; named queries run on pyoxigraph, as served.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from rightsgraph.reference.checks import quote_check, run_query_checks
from rightsgraph.coverage import coverage, uncovered
from rightsgraph.errors import UsageError
from rightsgraph.build.loading import load_layers
from rightsgraph.namespaces import ID, sparql_prologue
from rightsgraph.query.named import load_queries

ROOT = Path(__file__).resolve().parents[2]
CHECK_CASES = ROOT / "tests" / "shapes" / "cases" / "_checks"
PARA = "https://w3id.org/rightsgraph/id/source/unct-blr-2009/para/"
SOURCE = "https://w3id.org/rightsgraph/id/source/unct-blr-2009"  # the graph holds the 2010 report too


@pytest.fixture(scope="module")
def catalogue():
    return load_queries(ROOT / "queries")


def select(graph: Graph, body: str) -> list[dict]:
    result = graph.query(sparql_prologue() + body)
    return [{str(v): row[v] for v in result.vars} for row in result]


def named(engine, catalogue, name: str, **params) -> list[dict]:
    query = catalogue[name]
    return engine.select(query.text, query.bind(params))


def listed(cell) -> set[str]:
    return {part for part in str(cell).split("; ") if part} if cell is not None else set()


# ---------------------------------------------------------------- coverage and provenance

def test_every_paragraph_is_in_the_graph(graph):
    table = coverage(graph, SOURCE)
    missing = uncovered(graph, SOURCE)
    print(f"paragraphs cited by data: {len(table) - len(missing)} of {len(table)}; uncovered: {missing or 'none'}")
    assert len(table) == 69
    assert len(table) - len(missing) >= 64, missing


def test_coverage_lists_nodes_not_paragraphs(graph):
    nodes = coverage(graph, SOURCE)[60]
    assert str(ID["observation/avr-assisted/BLR/2007-05-to-2009/GEO"]) in nodes
    assert not any("/source/" in n for n in nodes)
    assert nodes == sorted(nodes)


def test_coverage_is_the_same_through_an_engine(graph, engine):
    assert coverage(engine, SOURCE) == coverage(graph, SOURCE)


def test_coverage_needs_a_source_when_there_are_several():
    g = Graph()
    for key in ("a", "b"):
        g.parse(data=f"""
            @prefix rg: <https://w3id.org/rightsgraph/def#> .
            <https://w3id.org/rightsgraph/id/source/{key}/para/1> rg:paragraphOf <https://w3id.org/rightsgraph/id/source/{key}> ;
                rg:paragraphNumber 1 .""", format="turtle")
    with pytest.raises(UsageError):
        coverage(g)
    assert uncovered(g, ID["source/a"]) == [1]


def test_every_quote_is_in_a_cited_paragraph(graph):
    result = quote_check(graph)
    assert result.rows == (), result.format()


STATES_THAT_ARE_NOT = """
    SELECT DISTINCT ?state WHERE {
      ?s ?p ?state . FILTER (STRSTARTS(STR(?state), "https://w3id.org/rightsgraph/id/state/"))
      MINUS { ?state a rg:State }
    }"""


def test_every_state_referenced_is_a_state(engine):
    """On the engine (a scan of every triple's object: ~10 s in rdflib, milliseconds in pyoxigraph)."""
    assert engine.select(sparql_prologue() + STATES_THAT_ARE_NOT) == []


def test_a_state_iri_without_its_state_is_found(graph):
    """The query behind the test above finds what it looks for: a reference to a State the graph lacks."""
    bad = Graph()
    bad.add((ID["treaty/icescr"], ID["def-x"], ID["state/XXX"]))
    for triple in graph.triples((None, None, ID["state/BLR"])):
        bad.add(triple)
        break
    rows = select(bad, STATES_THAT_ARE_NOT)
    assert {str(r["state"]) for r in rows} == {str(ID["state/XXX"]), str(ID["state/BLR"])}


# ---------------------------------------------------------------- checks and findings

def test_checks_pass_on_the_data(graph):
    failed = [c for c in run_query_checks(graph, ROOT / "queries" / "checks") if c.rows]
    assert failed == [], "\n".join(c.format() for c in failed)


@pytest.mark.parametrize("path", sorted(CHECK_CASES.glob("*.ttl")), ids=lambda p: p.stem)
def test_checks_catch_bad_figures(path):
    expect = dict(re.findall(r"#\s*expect-(check|focus):\s*(\S+)", path.read_text(encoding="utf-8")))
    layers = load_layers(ROOT)
    g = Graph().parse(path, format="turtle")
    for triple in layers.ontology:
        g.add(triple)
    results = {c.check: c.rows for c in run_query_checks(g, ROOT / "queries" / "checks")}
    assert any(expect["focus"] in row.values() for row in results[expect["check"]]), results


def test_stated_change_mismatch_is_reported(graph):
    (finding,) = [f for f in run_query_checks(graph, ROOT / "queries" / "findings") if f.check == "stated-change-mismatch"]
    (row,) = finding.rows
    assert row["observation"] == str(ID["observation/asylum-applications/BLR/2008"])
    assert (row["value"], row["baseValue"]) == ("91", "54")
    assert Decimal(row["stated"]) == 40 and Decimal(row["computed"]) == Decimal("68.5")


def test_period_totals_mismatch_is_reported(graph):
    rows = select(graph, """
        SELECT ?part ?value WHERE {
          ?part rg:presentedAsPartOf <https://w3id.org/rightsgraph/id/observation/asylum-applications/BLR/since-1995> ; rg:value ?value }""")
    assert sorted(int(r["value"]) for r in rows) == [354, 649, 2220]
    (finding,) = [f for f in run_query_checks(graph, ROOT / "queries" / "findings") if f.check == "period-totals-mismatch"]
    assert [(r["value"], r["sum"], r["difference"]) for r in finding.rows] == [("3265", "3223", "42")]


def test_inconsistencies_are_flagged(graph):
    rows = select(graph, """
        SELECT ?ambiguity ?about WHERE { ?ambiguity a rg:Ambiguity ; rg:concerns ?about ; rg:note ?note }""")
    flagged = {str(r["about"]) for r in rows}
    for about in ("observation/asylum-applications/BLR/since-1995", "observation/asylum-applications/BLR/2008",
                  "observation/vots-reintegration-assisted/BLR/2009", "organization/ministry-of-internal-affairs-blr",
                  "legal-act/blr-law-refugee-status-2008"):
        assert str(ID[about]) in flagged, about


# ---------------------------------------------------------------- programmes and funding

def test_projects_funded_by_the_european_commission(engine, catalogue):
    rows = named(engine, catalogue, "programmes-by-funder", funder=str(ID["organization/european-commission"]))
    by = {str(r["programme"]).rsplit("/", 1)[-1]: r for r in rows}
    assert set(by) == {"combating-trafficking-in-women-blr-2003-2005", "strengthening-protection-capacity-blr"}
    women = by["combating-trafficking-in-women-blr-2003-2005"]
    assert (str(women["start"]), str(women["end"])) == ("2003", "2005")
    assert listed(women["implementers"]) == {"Ministry of Labour and Social Protection of the Republic of Belarus"}
    assert "State Border Committee of the Republic of Belarus" in listed(women["partners"])
    assert "United Nations Development Programme" not in listed(women["partners"])  # ¶62: a joint EC/UNDP project, UNDP co-owns it
    assert listed(by["strengthening-protection-capacity-blr"]["implementers"]) == {
        "International Organization for Migration", "Office of the United Nations High Commissioner for Refugees"}


def test_the_eu_funded_justice_project(engine, catalogue):
    rows = named(engine, catalogue, "programmes-by-funder", funder=str(ID["organization/european-union"]))
    (justice,) = [r for r in rows if str(r["programme"]).endswith("human-rights-standards-justice-blr-2007-2009")]
    assert (justice["start"], justice["end"]) == (Literal("2007-04", datatype=XSD.gYearMonth), Literal("2009-09", datatype=XSD.gYearMonth))
    assert (int(justice["amount"]), str(justice["currency"])) == (850000, "USD")
    assert listed(justice["implementers"]) == {
        "United Nations Development Programme", "United Nations Children's Fund", "Ministry of Justice of the Republic of Belarus"}
    assert len(listed(justice["partners"])) == 4
    everyone = named(engine, catalogue, "programmes-by-funder")
    co = {str(r["funder"]).rsplit("/", 1)[-1] for r in everyone if str(r["role"]) == "co-funder"}
    assert co == {"mfa-latvia", "swiss-fdfa"}


def test_decree_624_enacts_the_second_state_programme(graph):
    (row,) = select(graph, """
        SELECT ?start ?end ?date ?number ?by (COUNT(DISTINCT ?objective) AS ?objectives) WHERE {
          <https://w3id.org/rightsgraph/id/programme/blr-state-programme-thb-2008-2010> rg:startDate ?start ; rg:endDate ?end ; rg:enactedBy ?decree ;
              rg:followsUp <https://w3id.org/rightsgraph/id/programme/blr-state-programme-thb-2002-2007> ; rg:objective ?objective .
          ?decree eli:date_document ?date ; eli:id_local ?number ; eli:passed_by ?by .
        } GROUP BY ?start ?end ?date ?number ?by""")
    assert (str(row["start"]), str(row["end"]), str(row["date"]), str(row["number"])) == ("2008", "2010", "2007-12-06", "624")
    assert row["by"] == ID["organization/president-blr"] and int(row["objectives"]) == 5


def test_follow_ups_and_sub_projects(graph):
    rows = select(graph, "SELECT ?a ?p ?b WHERE { VALUES ?p { rg:followsUp rg:subProjectOf } ?a ?p ?b }")
    links = {(str(r["a"]).rsplit("/", 1)[-1], str(r["p"]).rsplit("#", 1)[-1], str(r["b"]).rsplit("/", 1)[-1]) for r in rows}
    assert ("preventing-trafficking-social-consequences-blr", "followsUp", "combating-trafficking-in-women-blr-2003-2005") in links
    assert ("avrp-blr", "subProjectOf", "strengthening-protection-capacity-blr") in links


# ---------------------------------------------------------------- figures

def test_asylum_applications_by_year_in_order(engine, catalogue):
    rows = named(engine, catalogue, "figures-over-time", measure=str(ID["concept/measure/asylum-applications"]))
    yearly = [(str(r["periodStart"]), int(r["value"])) for r in rows
              if r["breakdown"] is None and r["periodEnd"] is not None and str(r["periodStart"])[:4] == str(r["periodEnd"])[:4]]
    assert yearly == [("1998", 950), ("2000", 434), ("2004", 151), ("2007", 54), ("2008", 91), ("2009-01", 90)]


def test_countries_of_origin_in_2008(graph):
    rows = select(graph, """
        SELECT ?iso ?value WHERE {
          ?o rg:subsetOf <https://w3id.org/rightsgraph/id/observation/asylum-applications/BLR/2008> ; rg:breakdown ?state ; rg:value ?value .
          ?state rg:isoCode ?iso }""")
    assert {str(r["iso"]): int(r["value"]) for r in rows} == {"AFG": 31, "GEO": 14, "UKR": 10, "IRN": 9}


def test_avr_returns_add_up_to_109(graph):
    (row,) = select(graph, """
        SELECT ?total (SUM(?v) AS ?sum) (COUNT(DISTINCT ?country) AS ?countries) WHERE {
          ?part rg:partOf ?obs ; rg:value ?v ; rg:breakdown ?country ;
                rg:breakdownKind <https://w3id.org/rightsgraph/id/concept/breakdown-kind/return-destination> .
          ?obs rg:measure <https://w3id.org/rightsgraph/id/concept/measure/avr-assisted> ; rg:value ?total .
        } GROUP BY ?total""")
    assert (int(row["total"]), int(row["sum"]), int(row["countries"])) == (109, 109, 19)
    (counselled,) = select(graph, "SELECT ?v WHERE { ?o rg:measure <https://w3id.org/rightsgraph/id/concept/measure/avr-counselled> ; rg:value ?v }")
    assert int(counselled["v"]) == 202


def test_recognised_refugees(graph):
    rows = select(graph, """
        SELECT ?o ?measure ?value ?end ?total WHERE {
          ?o rg:measure ?m ; rg:value ?value . ?m skos:notation ?measure .
          OPTIONAL { ?o rg:periodEnd ?end } OPTIONAL { ?o rg:subsetOf ?total }
          FILTER (?m IN (<https://w3id.org/rightsgraph/id/concept/measure/recognised-refugees>,
                         <https://w3id.org/rightsgraph/id/concept/measure/recognised-refugees-remaining>,
                         <https://w3id.org/rightsgraph/id/concept/measure/refugees-granted-citizenship>)) }""")
    figures = sorted((str(r["measure"]), int(r["value"])) for r in rows)
    assert figures == [("recognised-refugees", 205), ("recognised-refugees", 812), ("recognised-refugees-remaining", 357), ("refugees-granted-citizenship", 106)]
    (total,) = [r for r in rows if int(r["value"]) == 812]
    assert total["end"] == Literal("2009-10-01", datatype=XSD.date)
    assert {r["total"] for r in rows if r is not total} == {total["o"]}


def test_hedged_figures_keep_their_qualifier(graph):
    rows = select(graph, "SELECT ?o ?value ?q WHERE { ?o rg:qualifier ?q ; rg:value ?value }")
    hedged = {str(r["o"]).split("/observation/")[1]: (r["value"].toPython(), str(r["q"])) for r in rows}
    assert hedged["vots-recognised/BLR/2009"] == (3000, "over")
    assert hedged["children-violence-by-parents/BLR/2007-2008"] == (Decimal("50.0"), "almost")


def test_women_in_parliament(graph):
    rows = select(graph, """
        SELECT ?m ?end ?value WHERE {
          ?o rg:measure ?measure ; rg:periodEnd ?end ; rg:value ?value ; rg:unit <https://w3id.org/rightsgraph/id/concept/unit/percent> .
          ?measure skos:notation ?m . FILTER (STRSTARTS(?m, "women-in-parliament")) }""")
    assert {(str(r["m"]), str(r["end"])): r["value"].toPython() for r in rows} == {
        ("women-in-parliament", "2004"): Decimal("30.4"), ("women-in-parliament", "2008"): Decimal("31.82")}
    # ¶36: the President's 30% is his opinion, a claim attributed to him, not a figure
    (claim,) = select(graph, """SELECT ?c WHERE { ?c a rg:Claim ; prov:wasAttributedTo <https://w3id.org/rightsgraph/id/organization/president-blr> ;
                                   rg:quote ?q . FILTER (CONTAINS(?q, "women should comprise 30% of the parliament")) }""")


def test_reception_facilities(graph):
    rows = select(graph, """
        SELECT ?place ?type ?capacity WHERE {
          ?f a rg:Facility ; rg:capacity ?capacity ; rg:locatedIn ?p ; rg:facilityType/skos:notation ?type ;
             rg:operatedBy <https://w3id.org/rightsgraph/id/organization/government-blr> . ?p rdfs:label ?place }""")
    assert sorted((str(r["place"]), str(r["type"]), int(r["capacity"])) for r in rows) == [
        ("Brest", "semi-open-reception-facility", 12), ("Gomel", "open-reception-facility", 26),
        ("Minsk-2 International Airport", "semi-open-reception-facility", 12), ("Vitebsk", "open-reception-facility", 30)]


# ---------------------------------------------------------------- legal acts

def test_refugee_law_adoption_and_entry_into_force(engine, catalogue):
    def status(day):
        rows = named(engine, catalogue, "legal-acts-in-force", date=day)
        return {str(r["act"]).rsplit("/", 1)[-1]: str(r["status"]) for r in rows}
    assert "blr-law-refugee-status-2008" not in status("2008-05-31")
    assert status("2009-07-02")["blr-law-refugee-status-2008"] == "adopted, not yet in force"
    assert status("2009-07-03")["blr-law-refugee-status-2008"] == "in force"
    assert status("2009-07-03")["blr-law-refugees-1995"] == "in force"


def test_numbers_and_provisions_as_written(graph):
    rows = select(graph, """
        SELECT ?act ?number ?article WHERE {
          ?act eli:id_local ?number . OPTIONAL { ?act rg:citedProvision/rg:article ?article } }""")
    numbers = {str(r["act"]).rsplit("/", 1)[-1]: str(r["number"]) for r in rows}
    assert numbers["blr-labour-code-1999"] == "296-3" and numbers["blr-law-disabilities-1991"] == "1224-XII"
    assert numbers["blr-law-foreign-citizens-1993"] == "2339-XII" and numbers["blr-edict-675-2006"] == "675"
    (art157,) = select(graph, "SELECT (GROUP_CONCAT(?p; separator=' | ') AS ?provides) WHERE { <https://w3id.org/rightsgraph/id/legal-provision/blr-criminal-code/art-157> rg:provides ?p }")
    assert "up to 3 years" in str(art157["provides"]) and "2 to 7 years" in str(art157["provides"])


def test_citizenship_law_provisions(graph):
    rows = select(graph, "SELECT ?date ?provides WHERE { <https://w3id.org/rightsgraph/id/legal-act/blr-law-citizenship-2002> eli:date_document ?date ; rg:provides ?provides }")
    assert {str(r["date"]) for r in rows} == {"2002-08-01"}
    text = " ".join(str(r["provides"]) for r in rows)
    assert "seven years" in text and "renunciation" in text


# ---------------------------------------------------------------- recommendations and obligations

def test_recommendations_of_paragraph_51(graph):
    rows = select(graph, f"""
        SELECT ?r ?action ?about WHERE {{
          ?r a rg:Recommendation ; prov:wasDerivedFrom <{PARA}51> ; rg:recommendedAction/skos:notation ?action ;
             rg:recommendedBy <https://w3id.org/rightsgraph/id/organization/unct-belarus> ; rg:addressedTo <https://w3id.org/rightsgraph/id/organization/government-blr> .
          OPTIONAL {{ ?r rg:concerns ?about }} }}""")
    recommendations = {str(r["r"]).rsplit("/", 1)[-1] for r in rows}
    assert recommendations == {"51-1", "51-2", "51-3", "51-4"}
    accede = {str(r["about"]) for r in rows if str(r["action"]) == "accede"}
    assert accede == {str(ID["treaty/untc-V-3"]), str(ID["treaty/untc-V-4"])}
    assert {str(r["action"]) for r in rows if not str(r["r"]).endswith("51-1")} == {"amend-legislation"}


def test_every_recommendation_has_recommender_and_addressee(graph):
    rows = select(graph, """
        SELECT ?r WHERE { ?r a rg:Recommendation .
          OPTIONAL { ?r rg:recommendedBy ?by } OPTIONAL { ?r rg:addressedTo ?to }
          FILTER (!BOUND(?by) || !BOUND(?to)) }""")
    assert rows == []


def test_obligations_under_the_1951_convention(graph, engine, catalogue):
    rows = select(graph, """
        SELECT ?obligation ?recommendation ?assessment WHERE {
          ?obligation a rg:Obligation ; rg:arisesFrom <https://w3id.org/rightsgraph/id/treaty/untc-V-2> .
          OPTIONAL { ?recommendation a rg:Recommendation ; rg:concerns ?obligation }
          OPTIONAL { ?a a rg:ComplianceAssessment ; rg:concerns ?obligation ; rg:assessment/skos:notation ?assessment } }""")
    assert {str(r["obligation"]) for r in rows} == {str(ID["obligation/travel-documents-refugees-1951"])}
    assert {str(r["recommendation"]) for r in rows} == {str(ID["recommendation/unct-blr-2009/50-1"])}
    assert {str(r["assessment"]) for r in rows} == {"insufficient"}
    mine = {str(r["obligation"]): r for r in named(engine, catalogue, "obligations-of-state", state="BLR")}
    travel = mine[str(ID["obligation/travel-documents-refugees-1951"])]
    assert "Convention relating to the Status of Refugees" in listed(travel["instruments"])
    # ¶69 "should pay more attention to the observance, where applicable": advice (recommendations 69-2..69-4), not obligations
    assert not {o for o in mine if o.startswith(str(ID["obligation/"])) and "return" in o and "torture" not in o} - {str(ID["obligation/respect-migrants-rights-in-return-blr"])}


def test_rights_of_migrants_cite_articles_as_written(graph):
    rows = select(graph, """
        SELECT ?article ?instrument WHERE {
          <https://w3id.org/rightsgraph/id/right/migrants-return-to-own-country> rg:citedProvision ?p . ?p rg:article ?article ; eli:is_part_of ?instrument }""")
    assert {str(r["article"]): str(r["instrument"]).rsplit("/", 1)[-1] for r in rows} == {
        "Art 13": "udhr", "Art. 12": "untc-IV-4", "Art.5(d)(ii)": "untc-IV-2", "Art. 22": "achr"}


def test_compliance_assessments(graph):
    rows = select(graph, """
        SELECT ?about ?level ?n WHERE {
          ?a a rg:ComplianceAssessment ; rg:concerns ?about ; rg:assessment/skos:notation ?level ; prov:wasDerivedFrom/rg:paragraphNumber ?n }""")
    seen = {(str(r["about"]).rsplit("/", 1)[-1], str(r["level"]), int(r["n"])) for r in rows}
    assert {("untc-XVIII-12-a", "fully-complied", 4), ("untc-XVIII-12-b", "insufficient", 4), ("untc-XVIII-12-b", "insufficient", 66),
            ("blr-law-refugee-status-2008", "mostly-complied", 10), ("respect-migrants-rights-in-return-blr", "complied", 35)} <= seen


# ---------------------------------------------------------------- organisations and institutions

def test_one_ministry_of_internal_affairs(graph):
    rows = select(graph, "SELECT ?acronym WHERE { <https://w3id.org/rightsgraph/id/organization/ministry-of-internal-affairs-blr> rg:acronym ?acronym }")
    assert {str(r["acronym"]) for r in rows} == {"MoI", "MIA"}
    rows = select(graph, """
        SELECT ?parent WHERE { <https://w3id.org/rightsgraph/id/organization/department-citizenship-migration-blr> org:subOrganizationOf+ ?parent }""")
    assert {str(r["parent"]).rsplit("/", 1)[-1] for r in rows} == {"ministry-of-internal-affairs-blr", "government-blr"}


def test_border_monitoring_mou_parties(graph):
    rows = select(graph, "SELECT ?party WHERE { <https://w3id.org/rightsgraph/id/agreement/border-monitoring-mou-2008> rg:party ?party ; rg:adoptionDate \"2008\"^^xsd:gYear }")
    assert {str(r["party"]).rsplit("/", 1)[-1] for r in rows} == {
        "state-border-committee-blr", "unhcr", "iom", "belarusian-red-cross-society", "belarusian-movement-medical-workers"}


def test_recommended_institutions_are_not_read_as_existing(graph):
    rows = select(graph, "SELECT ?x WHERE { ?x rg:establishmentStatus <https://w3id.org/rightsgraph/id/concept/establishment-status/proposed> }")
    proposed = {str(r["x"]).rsplit("/", 1)[-1] for r in rows}
    assert {"state-rehabilitation-center-vots-blr", "state-compensation-fund-vots-blr"} <= proposed


def test_soderkoping_process(graph):
    rows = select(graph, "SELECT ?p ?who WHERE { VALUES ?p { rg:participant rg:supportedBy } <https://w3id.org/rightsgraph/id/mechanism/soderkoping-process> ?p ?who }")
    participants = {str(r["who"]).rsplit("/", 1)[-1] for r in rows if str(r["p"]).endswith("participant")}
    supporters = {str(r["who"]).rsplit("/", 1)[-1] for r in rows if str(r["p"]).endswith("supportedBy")}
    assert len(participants) == 10 and "BLR" in participants and "SVK" in participants
    assert supporters == {"european-commission", "swedish-migration-board", "unhcr", "iom"}


# ---------------------------------------------------------------- named queries

@pytest.mark.parametrize("name", ["programmes-by-funder", "figures-over-time", "obligations-of-state",
                                  "recommendations-by-theme", "legal-acts-in-force", "evidence"])
def test_named_query_examples_answer(engine, catalogue, name):
    query = catalogue[name]
    assert engine.select(query.text, query.bind(dict(query.example)))


def test_evidence_gives_paragraphs_and_quotes(engine, catalogue):
    rows = named(engine, catalogue, "evidence", resource=str(ID["observation/asylum-applications/BLR/2008"]))
    assert {int(r["number"]) for r in rows} == {21, 22}
    assert all(str(r["quote"]) in str(r["text"]) for r in rows if r["quote"] is not None)


def test_recommendations_by_theme(engine, catalogue):
    rows = named(engine, catalogue, "recommendations-by-theme", theme=str(ID["concept/theme/statelessness"]))
    assert {str(r["recommendation"]).rsplit("/", 1)[-1] for r in rows} == {"51-1", "51-2", "51-3", "51-4"}

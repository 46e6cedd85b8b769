"""Spot checks of the recommendations of A/HRC/15/16 (¶¶97-99), written as SPARQL questions whose
answers are read from the report's text (shared/sources/a-hrc-15-16-upr-wg-belarus-2010.{pdf,txt}),
never from the generated data."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from rightsgraph.query.named import load_queries
from rightsgraph.reference.checks import run_query_checks

ROOT = Path(__file__).resolve().parents[2]
PREFIX = """PREFIX rg: <https://w3id.org/rightsgraph/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX id: <https://w3id.org/rightsgraph/id/>
PREFIX rec: <https://w3id.org/rightsgraph/id/recommendation/a-hrc-15-16/>
"""


def ask(graph: Graph, query: str) -> list[tuple]:
    return [tuple(str(v) if v is not None else None for v in row) for row in graph.query(PREFIX + query)]


def iso(rows) -> list[str]:
    return [r[0].rsplit("/", 1)[-1] for r in rows]


def test_count_55_supported_and_38_to_be_examined(graph):
    rows = ask(graph, """SELECT ?value (COUNT(?rec) AS ?n) WHERE {
        ?rec a rg:NumberedRecommendation . ?p rg:onRecommendation ?rec ; rg:positionValue ?value }
        GROUP BY ?value ORDER BY ?value""")
    assert {(v.rsplit("/", 1)[-1], int(n)) for v, n in rows} == {("supported", 55), ("to-be-examined", 38)}


def test_states_behind_98_16(graph):
    # 98.16: Brazil; Lithuania; Italy; Spain; Switzerland, in that order.
    rows = ask(graph, """SELECT ?state WHERE { ?c rg:clauseOf rec:98.16 ; rg:clauseNumber ?k ; rg:recommendedBy ?state }
        ORDER BY ?k""")
    assert iso(rows) == ["BRA", "LTU", "ITA", "ESP", "CHE"]


def test_states_and_verbs_behind_98_4(graph):
    # "Sign (Iraq)/sign and ratify (Spain)/accede to (Czech Republic)/ratify (Brazil)/ratify and implement (Switzerland)"
    rows = ask(graph, """SELECT ?k ?state (GROUP_CONCAT(?action; separator=" ") AS ?acts) WHERE {
        ?c rg:clauseOf rec:98.4 ; rg:clauseNumber ?k ; rg:recommendedBy ?state ; rg:recommendedAction ?a ;
           rg:concerns <https://w3id.org/rightsgraph/id/treaty/untc-IV-9-b> .
        BIND (REPLACE(STR(?a), "^.*/", "") AS ?action) } GROUP BY ?k ?state ORDER BY ?k""")
    assert [(s.rsplit("/", 1)[-1], set(a.split())) for _, s, a in sorted(rows, key=lambda r: int(r[0]))] == [
        ("IRQ", {"sign"}), ("ESP", {"sign", "ratify"}), ("CZE", {"accede"}), ("BRA", {"ratify"}),
        ("CHE", {"ratify", "implement"})]


def test_98_1_is_one_clause_by_brazil_and_italy(graph):
    rows = ask(graph, "SELECT ?c ?state WHERE { ?c rg:clauseOf rec:98.1 ; rg:recommendedBy ?state } ORDER BY ?state")
    assert {r[0] for r in rows} == {"https://w3id.org/rightsgraph/id/recommendation/a-hrc-15-16/98.1-1"}
    assert iso([(r[1],) for r in rows]) == ["BRA", "ITA"]


def test_position_on_97_1_is_supported_as_of_adoption(graph):
    rows = ask(graph, """SELECT ?value ?date ?who WHERE { ?p rg:onRecommendation rec:97.1 ; rg:positionValue ?value ;
        rg:asOf ?date ; prov:wasAttributedTo ?who }""")
    assert rows == [("https://w3id.org/rightsgraph/id/concept/recommendation-position/supported", "2010-05-14",
                     "https://w3id.org/rightsgraph/id/state/BLR")]


def test_position_on_98_x_is_due_in_september_2010_without_a_day(graph):
    rows = ask(graph, """SELECT DISTINCT ?due (DATATYPE(?due) AS ?type) WHERE { ?p rg:onRecommendation ?rec ; rg:responseDue ?due .
        ?rec rg:inList <https://w3id.org/rightsgraph/id/source/a-hrc-15-16/para/98> }""")
    assert rows == [("2010-09", "http://www.w3.org/2001/XMLSchema#gYearMonth")]
    assert ask(graph, "SELECT ?p WHERE { ?p rg:onRecommendation rec:97.1 ; rg:responseDue ?due }") == []


def test_every_clause_has_a_state_that_resolves(graph):
    assert ask(graph, """SELECT ?c WHERE { ?c a rg:RecommendationClause .
        FILTER NOT EXISTS { ?c rg:recommendedBy ?s . ?s a rg:State ; rg:isoCode ?code } }""") == []
    rows = ask(graph, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?c a rg:RecommendationClause ; rg:recommendedBy ?s }")
    assert int(rows[0][0]) == 47  # the recommending States of ¶¶97-98, counted by hand from the report


def test_clause_texts_rejoin_and_checks_pass(graph):
    results = {r.check: r.rows for r in run_query_checks(graph, ROOT / "queries" / "checks")}
    for check in ("recommendation-spans-rejoin", "recommendation-clauses-have-state-and-position", "recommendation-clause-count"):
        assert results[check] == (), check


def test_spans_check_fails_on_a_broken_span(graph):
    broken = Graph()
    for t in graph:
        broken.add(t)
    broken.update(PREFIX + """DELETE { rec:98.16-2 rg:spanStart ?s } INSERT { rec:98.16-2 rg:spanStart 3 }
        WHERE { rec:98.16-2 rg:spanStart ?s }""")
    rows = run_query_checks(broken, ROOT / "queries" / "checks")
    assert any(r.rows for r in rows if r.check == "recommendation-spans-rejoin")


def test_libyan_arab_jamahiriya_and_holy_see_and_palestine(graph):
    rows = ask(graph, """SELECT ?name ?code WHERE { ?s rg:isoCode ?code ;
        <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?l .
        BIND (STR(?l) AS ?name) FILTER (?name IN ("Libyan Arab Jamahiriya", "Holy See", "Venezuela (Bolivarian Republic of)",
        "Democratic People’s Republic of Korea", "Republic of Korea", "Palestine")) }""")
    assert set(rows) == {("Libyan Arab Jamahiriya", "LBY"), ("Holy See", "VAT"), ("Venezuela (Bolivarian Republic of)", "VEN"),
                         ("Democratic People’s Republic of Korea", "PRK"), ("Republic of Korea", "KOR"), ("Palestine", "PSE")}


def test_every_state_of_the_report_is_a_node(graph):
    # ¶2 troika, ¶4, footnote 1 (31 States), the dialogue: a sample read from the text.
    for code in ("NOR", "PHL", "SEN", "ARG", "DNK", "SVN", "VNM", "AGO", "ZWE", "KHM", "MMR", "YEM", "ZAF", "COD",
                 "QAT", "BHR", "IND", "NPL", "TUR", "ARE", "USA", "GBR", "VAT", "PSE"):
        assert graph.query(PREFIX + f"ASK {{ <https://w3id.org/rightsgraph/id/state/{code}> a rg:State }}").askAnswer, code


IMPLIED = """SELECT ?treaty WHERE { ?a a rg:ImpliedStatusAssertion ; rg:treaty ?treaty ;
    rg:status <https://w3id.org/rightsgraph/id/concept/participation-status/not-party> ;
    rg:statusBasis <https://w3id.org/rightsgraph/id/concept/status-basis/implied-by-recommendation> ;
    rg:asOf "2010-05-12"^^<http://www.w3.org/2001/XMLSchema#date> ; rg:impliedBy ?clause } """


def test_implied_not_party_for_the_instruments_recommended_for_ratification(graph):
    got = {t.rsplit("/", 1)[-1] for (t,) in ask(graph, IMPLIED)}
    # 97.1 ICRMW, 97.2/98.2/98.3 CRPD (+ OP), 98.1/98.16/98.17 OP2-ICCPR, 98.4 OP-CAT, 98.5 OP-ICESCR,
    # 98.6/98.20 CED, 98.17 (Finland) ECHR Protocols 6 and 13.
    assert got == {"untc-IV-13", "untc-IV-15", "untc-IV-15-a", "untc-IV-12", "untc-IV-9-b", "untc-IV-3-a",
                   "untc-IV-16", "coe-ets-114", "coe-ets-187"}


def test_no_implied_not_party_for_iccpr_cat_untoc_1951(graph):
    got = {t.rsplit("/", 1)[-1] for (t,) in ask(graph, IMPLIED)}
    for party in ("untc-IV-4", "untc-IV-9", "untc-XVIII-12", "untc-V-2", "untc-V-5"):
        assert party not in got


def test_op_cat_implied_by_the_five_states_of_98_4(graph):
    rows = ask(graph, """SELECT ?s WHERE { ?a a rg:ImpliedStatusAssertion ; rg:treaty <https://w3id.org/rightsgraph/id/treaty/untc-IV-9-b> ;
        rg:recommendingState ?s } ORDER BY ?s""")
    assert iso(rows) == ["BRA", "CHE", "CZE", "ESP", "IRQ"]


def test_98_28_constitution_is_flagged(graph):
    rows = ask(graph, """SELECT ?a WHERE { ?a a rg:Ambiguity ; rg:concerns rec:98.28-1 ;
        prov:wasDerivedFrom <https://w3id.org/rightsgraph/id/source/a-hrc-15-16/para/98.28> }""")
    assert rows


# ---------------------------------------------------------------- named queries, as served (pyoxigraph)


def named(engine, name: str, **params) -> list[dict]:
    query = load_queries(ROOT / "queries")[name]
    return engine.select(query.text, query.bind(params))


def test_query_recommendations_by_state_brazil(engine):
    # Brazil's clauses: 98.1, 98.2, 98.4, 98.7, 98.13, 98.15, 98.16, 98.24, 98.25 (all in the list of ¶98).
    rows = named(engine, "recommendations-by-state", state="BRA")
    assert sorted({str(r["number"]) for r in rows}, key=lambda n: int(n.split(".")[1])) == [
        "98.1", "98.2", "98.4", "98.7", "98.13", "98.15", "98.16", "98.24", "98.25"]
    assert {str(r["position"]) for r in rows} == {"to be examined"}
    assert {str(r["responseDue"]) for r in rows} == {"2010-09"}


def test_query_recommendations_by_instrument_follows_the_icrmw_through_the_cycle(engine):
    rows = named(engine, "recommendations-by-instrument", instrument="https://w3id.org/rightsgraph/id/treaty/untc-IV-13")
    by = {str(r["recommendation"]).rsplit("/", 2)[-2] + "/" + str(r["recommendation"]).rsplit("/", 1)[-1]: r for r in rows}
    assert {"a-hrc-15-16/97.1-1", "a-hrc-15-16/97.1-2"} <= set(by)  # Algeria, Egypt (2010)
    assert any(k.startswith("unct-blr-2009/") for k in by)          # the UNCT's 2009 recommendation
    assert str(by["a-hrc-15-16/97.1-1"]["position"]) == "supported"
    assert str(by["a-hrc-15-16/97.1-1"]["recommendedBy"]) == "Algeria"


def test_query_recommendations_by_position(engine):
    examined = named(engine, "recommendations-by-position",
                     position="https://w3id.org/rightsgraph/id/concept/recommendation-position/to-be-examined")
    supported = named(engine, "recommendations-by-position",
                      position="https://w3id.org/rightsgraph/id/concept/recommendation-position/supported")
    assert (len(examined), len(supported)) == (38, 55)
    r98_16 = next(r for r in examined if str(r["number"]) == "98.16")
    assert set(str(r98_16["recommendingStates"]).split("; ")) == {"Brazil", "Lithuania", "Italy", "Spain", "Switzerland"}

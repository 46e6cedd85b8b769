"""Issue 13: the expert review of the 2009 graph. Each answer is read from the report's text
(/work/shared/sources/unct-belarus-upr-2009.txt), never from the data under test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from rightsgraph.namespaces import ID, RG
from rightsgraph.query.named import load_queries

ROOT = Path(__file__).resolve().parents[2]
PROV = "http://www.w3.org/ns/prov#"
BLR = ID["state/BLR"]
ART_157 = str(ID["legal-provision/blr-criminal-code/art-157"])  # the 2010 report adds sanctions of its own


@pytest.fixture(scope="module")
def catalogue():
    return load_queries(ROOT / "queries")


def run(engine, catalogue, name, **params):
    query = catalogue[name]
    return engine.select(query.text, query.bind(params))


# ---------------------------------------------------------------- 9: penalties as values

def test_article_157_sanctions_are_values(compiled):
    # ¶8: "punished by a fine or up to a 3 year imprisonment" / "2 to 7 year imprisoment for HIV transmission"
    terms = set()
    for s in compiled.subjects(RG.prescribedBy, ID["legal-provision/blr-criminal-code/art-157"]):
        kind = str(compiled.value(s, RG.sanctionKind)).rsplit("/", 1)[-1]
        low, high = compiled.value(s, RG.minimum), compiled.value(s, RG.maximum)
        for term in (low, high):
            assert term is None or term.datatype == XSD.duration
        terms.add((kind, str(low) if low else None, str(high) if high else None))
    assert terms == {("fine", None, None), ("imprisonment", None, "P3Y"), ("imprisonment", "P2Y", "P7Y")}
    fine = ID["sanction/blr-criminal-code/art-157/exposure-fine"]
    assert (fine, RG.alternativeTo, ID["sanction/blr-criminal-code/art-157/exposure-imprisonment"]) in compiled


@pytest.mark.parametrize(("years", "expected"), [(5, {"HIV transmission"}), (2, {"HIV transmission", "known endangering of a person to a risk of HIV transmission"}), (7, set())])
def test_which_acts_carry_more_than_n_years(oxigraph, catalogue, years, expected):
    rows = [r for r in run(oxigraph, catalogue, "sanctions", years=str(years)) if str(r["provision"]) == ART_157]
    assert {str(r["conduct"]) for r in rows} == expected
    assert all(int(r["number"]) == 8 for r in rows)


def test_sanctions_query_without_years_lists_the_fine_too(oxigraph, catalogue):
    rows = [r for r in run(oxigraph, catalogue, "sanctions") if str(r["provision"]) == ART_157]
    assert sorted(str(r["kind"]) for r in rows) == ["fine", "imprisonment", "imprisonment"]


# ---------------------------------------------------------------- 1, 2: derived party status carries its basis and hedge

def test_smuggling_protocol_party_status_is_hedged(compiled):
    # ¶4 "despite signing both Protocols" vs ¶66 "the Protocol on Human Smuggling it ratified in the past"
    status = ID["party-status/BLR/untc-XVIII-12-b"]
    assert (status, RDF.type, RG.PartyStatus) in compiled
    assert set(compiled.objects(status, RG.basedOn)) == {ID["treaty-action/BLR/untc-XVIII-12-b/ratification"]}
    assert ID["ambiguity/unct-blr-2009/smuggling-protocol-status"] in set(compiled.objects(status, RG.hedgedBy))
    # ¶2's accessions are stated plainly: nothing hedges them
    assert list(compiled.objects(ID["party-status/BLR/untc-V-2"], RG.hedgedBy)) == []


def test_treaty_status_query_shows_basis_and_hedge(oxigraph, catalogue):
    rows = run(oxigraph, catalogue, "treaty-status", state="BLR")
    derived = {str(r["treaty"]).rsplit("/", 1)[-1]: r for r in rows if str(r["kind"]) == "derived"}
    assert set(derived) == {"untc-V-2", "untc-V-5", "untc-XVIII-12", "untc-XVIII-12-a", "untc-XVIII-12-b"}
    smuggling = derived["untc-XVIII-12-b"]
    assert int(smuggling["number"]) == 66 and "ratified in the past" in str(smuggling["quote"])
    assert "smuggling-protocol-status" in str(smuggling["flags"])
    assert derived["untc-V-2"]["hedges"] is None
    # ¶4's May 3, 2003 is shown as a reported date of unstated nature, not as the date Belarus became bound
    untoc = derived["untc-XVIII-12"]
    assert str(untoc["reportedDate"]) == "2003-05-03" and untoc["date"] is None


def test_party_status_resting_on_the_reported_date_is_hedged(compiled):
    # ¶4 "The Convention and the Protocol have been ratified ... on May 3, 2003": which protocol, and which step
    for treaty in ("untc-XVIII-12", "untc-XVIII-12-a"):
        status = ID[f"party-status/BLR/{treaty}"]
        assert set(compiled.objects(status, RG.basedOn)) == {ID[f"treaty-action/BLR/{treaty}/ratification"]}
        assert ID["ambiguity/unct-blr-2009/which-protocol-ratified"] in set(compiled.objects(status, RG.hedgedBy))


def test_obligations_of_state_show_the_hedge_on_a_derived_bearer(oxigraph, catalogue, project_graph):
    # the 2009 data has no obligation under a hedged instrument: the 1951 Convention's status is stated plainly (¶2)
    rows = {str(r["obligation"]): r for r in run(oxigraph, catalogue, "obligations-of-state", state="BLR")}
    assert str(rows[str(ID["obligation/travel-documents-refugees-1951"])]["hedges"]) == ""
    assert all(str(r["hedges"]) == "" for r in rows.values())
    # ... so give the graph one under the smuggling protocol, whose party status ¶4 and ¶66 leave in doubt
    g = Graph()
    for triple in project_graph:
        g.add(triple)
    duty = ID["obligation/fx-smuggling-duty"]
    g.add((duty, RDF.type, RG.Obligation))
    g.add((duty, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("A duty under the smuggling protocol", lang="en")))
    g.add((duty, RG.arisesFrom, ID["treaty/untc-XVIII-12-b"]))
    g.add((duty, RG.bearer, BLR))  # as rules/obligation-bearer.rq derives it
    query = catalogue["obligations-of-state"]
    answer = g.query(query.text, initBindings=query.bind({"state": "BLR"}))
    hedged = {str(r["obligation"]): r for r in (row.asdict() for row in answer)}[str(duty)]
    assert "smuggling-protocol-status" in str(hedged["flags"]) and str(hedged["hedges"])
    # an obligation with no instrument is hedged by nothing
    assert str({str(r["obligation"]): r for r in (row.asdict() for row in answer)}[str(ID["obligation/respect-migrants-rights-in-return-blr"])]["hedges"]) == ""


def test_reported_date_is_not_an_action_date(compiled):
    for treaty in ("untc-XVIII-12", "untc-XVIII-12-a"):
        action = ID[f"treaty-action/BLR/{treaty}/ratification"]
        assert compiled.value(action, RG.actionDate) is None
        assert str(compiled.value(action, RG.reportedDate)) == "2003-05-03"


# ---------------------------------------------------------------- 3: ¶69 is advice, and an obligation needs an instrument

def test_paragraph_69_is_advice_with_its_force(compiled):
    recs = {r for r in compiled.subjects(RG.applicability, Literal("where applicable"))}
    assert {str(r).rsplit("/", 1)[-1] for r in recs} == {"69-1", "69-2", "69-3", "69-4"}
    for r in recs:
        assert (r, RDF.type, RG.Recommendation) in compiled
        assert str(compiled.value(r, RG.modality)) == "should pay more attention to the observance"
    para69 = URIRef("https://w3id.org/rightsgraph/id/source/unct-blr-2009/para/69")
    assert not [o for o in compiled.subjects(RDF.type, RG.Obligation) if (o, URIRef(PROV + "wasDerivedFrom"), para69) in compiled]


def test_every_obligation_has_an_instrument_or_says_none_is_named(compiled):
    for o in compiled.subjects(RDF.type, RG.Obligation):
        assert (o, RG.arisesFrom, None) in compiled or (o, RG.instrumentNotNamed, Literal(True)) in compiled, o


# ---------------------------------------------------------------- 4, 5, 6: flags an analyst can query

@pytest.mark.parametrize(("flag", "about"), [
    ("recommendation-49-addressee", "recommendation/unct-blr-2009/49-1"),
    ("labour-migrants-convention", "treaty/untc-IV-13"),
    ("labour-migrants-convention", "status-assertion/BLR/untc-IV-13/unct-blr-2009-p66"),
    ("rights-attributions-paragraph-68", "right/seek-protection"),
    ("rights-attributions-paragraph-68", "right/migrants-non-refoulement"),
    ("rights-attributions-paragraph-68", "right/migrants-return-to-own-country"),
])
def test_doubtful_readings_are_flagged(compiled, flag, about):
    assert (ID[f"ambiguity/unct-blr-2009/{flag}"], RG.concerns, ID[about]) in compiled


def test_both_halves_of_paragraph_66_are_recommendations(compiled):
    # "has yet to follow more closely the Protocol ... and so far it has not ratified the Convention on Labour Migrants Rights"
    for key, treaty in (("66-1", "untc-XVIII-12-b"), ("66-2", "untc-IV-13")):
        rec = ID[f"recommendation/unct-blr-2009/{key}"]
        assert (rec, RDF.type, RG.Recommendation) in compiled and (rec, RG.concerns, ID[f"treaty/{treaty}"]) in compiled


def test_implicit_recommendations_are_queryable_and_explicit_ones_are_not_marked(compiled):
    # ¶66's two halves ("has yet to follow more closely the Protocol", "so far it has not ratified
    # the Convention") recommend without saying so: both implicit, as one sentence. A recommendation
    # of a paragraph that says "it is recommended" is never marked implicit; and the queryable mark
    # and the prose note never disagree.
    paragraphs = {}
    for para in compiled.subjects(RG.paragraphOf, ID["source/unct-blr-2009"]):
        paragraphs[para] = str(compiled.value(para, RG.text))
    marked, noted, explicit = set(), set(), set()
    for rec in compiled.subjects(RDF.type, RG.Recommendation):
        if not str(rec).startswith(str(ID["recommendation/unct-blr-2009/"])):
            continue
        key = str(rec).rsplit("/", 1)[-1]
        if compiled.value(rec, RG.implicit) == Literal(True):
            marked.add(key)
        if any(str(n).startswith("Implicit") for n in compiled.objects(rec, RG.note)):
            noted.add(key)
        if any("it is recommended" in paragraphs.get(p, "") for p in compiled.objects(rec, URIRef(PROV + "wasDerivedFrom"))):
            explicit.add(key)
    assert {"66-1", "66-2"} <= marked
    assert explicit and not marked & explicit
    assert marked == noted


def test_the_unratified_answer_shows_the_hedge_on_the_labour_migrants_convention(oxigraph, catalogue):
    rows = {str(r["treaty"]).rsplit("/", 1)[-1]: r for r in run(oxigraph, catalogue, "unratified-conventions", state="BLR")}
    assert "labour-migrants-convention" in str(rows["untc-IV-13"]["flags"])
    assert rows["untc-V-3"]["flags"] is None


# ---------------------------------------------------------------- 7, 12: inferred periods, comparisons

def test_remaining_refugees_do_not_borrow_the_day_of_the_812(compiled):
    remaining = ID["observation/recognised-refugees-remaining/BLR/2009-10-01"]
    assert compiled.value(remaining, RG.periodEnd) == Literal("2009", datatype=XSD.gYear)
    assert compiled.value(remaining, RG.periodInferred) == Literal(True)


def test_every_period_not_in_the_cited_paragraphs_is_marked_inferred(compiled):
    rows = compiled.query("""
        PREFIX rg: <https://w3id.org/rightsgraph/def#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?o ?date (GROUP_CONCAT(?text) AS ?texts) WHERE {
          ?o a rg:Observation ; rg:periodEnd|rg:periodStart ?date ; prov:wasDerivedFrom/rg:text ?text .
          FILTER NOT EXISTS { ?o rg:periodInferred true } } GROUP BY ?o ?date""")
    unmarked = [(str(r.o), str(r.date)) for r in rows if str(r.date)[:4] not in str(r.texts)]
    assert unmarked == []
    for key in ("networking-visits/BLR/2007-2009", "compendium-copies/BLR/2007-04-to-2009-09", "reception-capacity/gomel/2009"):
        assert compiled.value(ID[f"observation/{key}"], RG.periodInferred) == Literal(True)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.;])\s+(?=[A-Z\u00be-])", text)


# ¶36: "Before the last parliamentary elections (2004) President ... The elections resulted in women holding
# 30.4% of the seats": "the elections" are those the sentence before dates.
_YEAR_IN_THE_SENTENCE_BEFORE = {str(ID["observation/women-in-parliament/BLR/2004"])}


def unmarked_periods(graph, source=ID["source/unct-blr-2009"]) -> list[tuple[str, str]]:
    """Observations of the report whose period year is in none of the sentences their quotes come from,
    and which do not say the period is inferred (rg:periodInferred true)."""
    found = []
    for o in set(graph.subjects(RDF.type, RG.Observation)):
        if graph.value(o, RG.periodInferred) == Literal(True):
            continue
        paragraphs = [p for p in graph.objects(o, URIRef(PROV + "wasDerivedFrom")) if (p, RG.paragraphOf, source) in graph]
        years = {str(v)[:4] for prop in (RG.periodStart, RG.periodEnd) for v in graph.objects(o, prop)}
        if not paragraphs or not years:
            continue
        window = ""
        for p in paragraphs:
            sentences = _sentences(str(graph.value(p, RG.text)))
            for quote in graph.objects(o, RG.quote):
                for i, sentence in enumerate(sentences):
                    if str(quote) in sentence or sentence in str(quote):
                        start = i - 1 if str(o) in _YEAR_IN_THE_SENTENCE_BEFORE else i
                        window += " " + " ".join(sentences[max(start, 0):i + 1])
        found += [(str(o), y) for y in sorted(years) if y not in window]
    return sorted(found)


def test_every_period_not_in_the_quoted_sentence_is_marked_inferred(compiled):
    # "So far", "currently", "still remain": the report gives no year in the sentence, the period is the editors'
    assert unmarked_periods(compiled) == []
    for key in ("refugees-granted-citizenship/BLR/2009", "vots-recognised/BLR/2009", "draft-resolutions-tabled/BLR/2009"):
        assert compiled.value(ID[f"observation/{key}"], RG.periodInferred) == Literal(True), key


def test_an_unmarked_borrowed_year_is_caught(compiled):
    # the negative beside the test above: ¶23's 106 with its inferred mark removed
    node = ID["observation/refugees-granted-citizenship/BLR/2009"]
    para = compiled.value(node, URIRef(PROV + "wasDerivedFrom"))
    g = Graph()
    for triple in compiled.triples((node, None, None)):
        if triple[1] != RG.periodInferred:
            g.add(triple)
    for triple in compiled.triples((para, None, None)):
        g.add(triple)
    assert unmarked_periods(g) == [(str(node), "2009")]


def test_single_year_asylum_figures_sit_in_their_period_totals(compiled):
    # ¶21: 950 persons in 1998, 434 in 2000 (1995-2000: 2,220), 151 in 2004 (2001-2004: 649), 54 in 2007 (2005-2008: 354)
    for year, period in (("1998", "1995-2000"), ("2000", "1995-2000"), ("2004", "2001-2004"), ("2007", "2005-2008")):
        assert (ID[f"observation/asylum-applications/BLR/{year}"], RG.subsetOf, ID[f"observation/asylum-applications/BLR/{period}"]) in compiled


# ---------------------------------------------------------------- 10, 8: classes and roles

@pytest.mark.parametrize(("node", "cls"), [
    ("organization/un-human-rights-committee", RG.TreatyBody),
    ("organization/european-court-of-human-rights", RG.InternationalCourt),
    ("organization/gomel-state-university", RG.EducationalInstitution),
    ("claim/unct-blr-2009/36-1", URIRef(str(RG) + "Claim")),
])
def test_right_classes(compiled, node, cls):
    assert (ID[node], RDF.type, cls) in compiled
    assert (ID[node], RDF.type, RG.IntergovernmentalOrganization) not in compiled
    assert (ID[node], RDF.type, RG.GovernmentBody) not in compiled
    assert (ID[node], RDF.type, RG.Observation) not in compiled


def test_palermo_signatories_are_a_count_on_the_protocol(compiled):
    assert compiled.value(ID["treaty/untc-XVIII-12-a"], RG.signatoryCount) == Literal(80)


def test_only_the_explanation_of_the_asylum_trend_is_unhcrs(compiled):
    attributed = URIRef(PROV + "wasAttributedTo")
    assert (ID["finding/unct-blr-2009/asylum-trend-reversed-2008"], attributed, ID["organization/unhcr"]) not in compiled
    assert (ID["finding/unct-blr-2009/asylum-trend-reversed-2008"], attributed, ID["organization/unct-belarus"]) in compiled
    assert (ID["finding/unct-blr-2009/asylum-rise-explained-by-access"], attributed, ID["organization/unhcr"]) in compiled
    assert (ID["finding/unct-blr-2009/asylum-rise-explained-by-access"], attributed, ID["organization/unct-belarus"]) not in compiled


# ---------------------------------------------------------------- whose words

def test_facts_of_the_2009_report_are_the_uncts(compiled):
    attributed = URIRef(PROV + "wasAttributedTo")
    unct = ID["organization/unct-belarus"]
    for node in ("treaty-action/BLR/untc-V-2/accession", "status-assertion/BLR/untc-V-3/unct-blr-2009-p2",
                 "observation/asylum-applications/BLR/2008", "sanction/blr-criminal-code/art-157/transmission-imprisonment"):
        assert (ID[node], attributed, unct) in compiled, node
    # the President's opinion stays his; editorial flags are nobody's words in the report
    assert (ID["claim/unct-blr-2009/36-1"], attributed, unct) not in compiled
    assert (ID["ambiguity/unct-blr-2009/smuggling-protocol-status"], attributed, unct) not in compiled


def test_the_presidents_claim_says_whose_words_and_in_what_capacity(compiled):
    # ¶36 "President publicly expressed his opinion": the office speaks, relayed by the Country Team; no name is given
    claim = ID["claim/unct-blr-2009/36-1"]
    president = ID["organization/president-blr"]
    attributions = list(compiled.objects(claim, URIRef(PROV + "qualifiedAttribution")))
    assert len(attributions) == 1
    (attribution,) = attributions
    assert compiled.value(attribution, URIRef(PROV + "agent")) == president
    assert compiled.value(attribution, URIRef(PROV + "hadRole")) == ID["concept/speaker-role/state-under-review"]
    assert (claim, URIRef(PROV + "wasAttributedTo"), president) in compiled
    assert (president, URIRef("http://xmlns.com/foaf/0.1/name"), None) not in compiled
    assert (president, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person")) not in compiled
    # every claim the 2009 report relays has its speaker's role
    para_of = RG.paragraphOf
    for c in compiled.subjects(RDF.type, RG.Claim):
        if any((p, para_of, ID["source/unct-blr-2009"]) in compiled for p in compiled.objects(c, URIRef(PROV + "wasDerivedFrom"))):
            assert (c, URIRef(PROV + "qualifiedAttribution"), None) in compiled, c


def test_only_what_the_report_gives_as_anothers_opinion_is_anothers(compiled):
    # The report is the Country Team's (¶1); it gives words as someone else's only where it says whose opinion
    # they are (¶22 "in UNHCR's opinion", ¶36 "President publicly expressed his opinion"). What it says UNHCR or the
    # Joint UN Team does (¶¶43-45) is its own account.
    # (¶48's "the public opinion" is no one's opinion)
    marked = {int(compiled.value(p, RG.paragraphNumber)) for p in compiled.subjects(RG.paragraphOf, ID["source/unct-blr-2009"])
              if re.search(r"(?<!public )\bopinion\b", str(compiled.value(p, RG.text)))}
    assert marked == {22, 36}
    attributed, unct = URIRef(PROV + "wasAttributedTo"), ID["organization/unct-belarus"]
    others = {}
    for node, who in compiled.subject_objects(attributed):
        paragraphs = [p for p in compiled.objects(node, URIRef(PROV + "wasDerivedFrom")) if (p, RG.paragraphOf, ID["source/unct-blr-2009"]) in compiled]
        if paragraphs and who != unct:
            others[str(node)] = {int(compiled.value(p, RG.paragraphNumber)) for p in paragraphs}
    assert others and all(numbers <= marked for numbers in others.values()), others
    for key in ("unhcr-capacity-building-assistance", "unhcr-durable-solutions", "joint-un-team-aids-assistance"):
        node = ID[f"finding/unct-blr-2009/{key}"]
        assert set(compiled.objects(node, attributed)) == {unct}, key


def test_stated_status_assertions_carry_their_basis(compiled):
    stated = ID["concept/status-basis/stated"]
    for treaty in ("untc-V-3", "untc-V-4", "coe-ets-166", "untc-IV-13"):
        key = "unct-blr-2009-p66" if treaty == "untc-IV-13" else "unct-blr-2009-p2"
        assert (ID[f"status-assertion/BLR/{treaty}/{key}"], RG.statusBasis, stated) in compiled


# ---------------------------------------------------------------- only in quotes or notes

@pytest.mark.parametrize(("subject", "prop", "value"), [
    ("status-assertion/BLR/untc-V-3/unct-blr-2009-p2-intent", "supportedBy", "organization/unhcr"),  # ¶2 lobbying
    ("finding/unct-blr-2009/no-hiv-human-rights-indicators", "accordingTo", "cited-source/blr-hiv-aids-national-report-2006-2007"),  # ¶16
    ("observation/recognised-refugees/BLR/2009-10-01", "accordingTo", "cited-source/blr-state-statistics"),  # ¶23
    ("finding/unct-blr-2009/thb-destinations-2008", "accordingTo", "cited-source/iom-vot-statistics"),  # ¶11
    ("finding/unct-blr-2009/prime-mover-cis-programme", "concerns", "programme/cis-programme-thb-2007-2010"),  # ¶31
    ("finding/unct-blr-2009/social-housing-queue", "concerns", "observation/social-housing-families/BLR/2008"),  # ¶24
    ("observation/civil-society-rating/BLR/national-report/implementation", "accordingTo", "cited-source/blr-hiv-aids-national-report-2006-2007"),  # ¶20
    ("finding/unct-blr-2009/thb-destinations-2008", "accordingTo", "cited-source/blr-ministry-of-interior-information"),  # ¶11
    ("finding/unct-blr-2009/reception-facilities-good-condition", "concerns", "facility/reception-facility-gomel"),  # ¶26
    ("finding/unct-blr-2009/ngo-capacities-increased", "concerns", "mechanism/ngo-reintegration-network-blr"),  # ¶32
    ("finding/unct-blr-2009/prosecutions-convictions-increased", "concerns", "state/BLR"),  # ¶32
    ("finding/unct-blr-2009/migrabel-study-visits-manufacturers", "concerns", "project/migrabel"),  # ¶58
])
def test_statements_once_only_in_quotes(compiled, subject, prop, value):
    assert (ID[subject], RG[prop], ID[value]) in compiled


def test_soderkoping_web_site(compiled):
    assert (ID["mechanism/soderkoping-process"], URIRef("http://xmlns.com/foaf/0.1/homepage"), URIRef("http://soderkoping.org.ua/")) in compiled


def test_latvia_and_switzerland_cofinance_only_the_juvenile_justice_component(compiled):
    # ¶54: "additional co-financing of the project component related to the promotion of juvenile justice"
    project = ID["project/human-rights-standards-justice-blr-2007-2009"]
    component = ID["project/human-rights-standards-justice-blr-2007-2009-juvenile-justice"]
    assert (project, RG.coFunder, None) not in compiled
    assert set(compiled.objects(component, RG.coFunder)) == {ID["organization/mfa-latvia"], ID["organization/swiss-fdfa"]}
    assert (component, RG.subProjectOf, project) in compiled


def test_undp_co_owns_the_joint_ec_undp_project(compiled):
    # ¶62 "A joint EC/UNDP project"; ¶63 follows up "the first EC/UNDP project"
    women = ID["project/combating-trafficking-in-women-blr-2003-2005"]
    assert (women, RG.partner, ID["organization/undp"]) not in compiled
    assert set(compiled.objects(women, RG.jointProjectOf)) == {ID["organization/european-commission"], ID["organization/undp"]}
    assert (ID["project/preventing-trafficking-social-consequences-blr"], RG.followsUp, women) in compiled


@pytest.mark.parametrize(("one", "other", "flag"), [
    ("mechanism/comprehensive-compensation-system-vots-blr", "mechanism/state-compensation-fund-vots-blr", "compensation-system-and-fund"),
    ("mechanism/border-monitoring-blr", "mechanism/unhcr-iom-ngo-border-monitoring-blr", "two-border-monitoring-mechanisms"),
])
def test_things_once_merged_are_apart_with_the_tension_noted(compiled, one, other, flag):
    prov = URIRef(PROV + "wasDerivedFrom")
    assert set(compiled.objects(ID[one], prov)).isdisjoint(compiled.objects(ID[other], prov))
    for node in (one, other):
        assert (ID[f"ambiguity/unct-blr-2009/{flag}"], RG.concerns, ID[node]) in compiled
    # ¶25 "up and running" vs ¶61 "participates in the establishment"
    if "border" in one:
        assert compiled.value(ID[one], RG.establishmentStatus) == ID["concept/establishment-status/established"]
        assert compiled.value(ID[other], RG.establishmentStatus) == ID["concept/establishment-status/in-development"]


def test_the_eleven_areas_are_itemised(compiled):
    areas = ID["observation/recommendation-areas/BLR/2007-04-to-2009-09"]
    listed = {str(a) for a in compiled.objects(areas, RG.area)}
    assert len(listed) == int(compiled.value(areas, RG.value)) == 11
    assert {"Alternative sentencing", "Legal assistance", "Judicial system and the status of judges"} <= listed


def test_the_e_passport_programme_is_a_proposed_programme(compiled):
    programme = ID["programme/blr-national-e-passport-visa-programme"]
    assert (programme, RDF.type, RG.Programme) in compiled
    assert compiled.value(programme, RG.establishmentStatus) == ID["concept/establishment-status/proposed"]
    assert (ID["recommendation/unct-blr-2009/67-1"], RG.concerns, programme) in compiled

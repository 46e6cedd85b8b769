"""The headline question: which conventions has Belarus not ratified — with the paragraph that says so."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from rightsgraph.namespaces import ID, RG
from rightsgraph.query.named import load_queries

REPORT_UNRATIFIED = {"untc-V-3", "untc-V-4", "coe-ets-166", "untc-IV-13"}  # paragraphs 2 and 66
# A/HRC/15/16: recommendations to ratify, sign or accede (97.1, 97.2, 98.1-98.6, 98.16, 98.17, 98.20) imply not party on 12 May 2010
IMPLIED_2010 = {"untc-IV-13", "untc-IV-15", "untc-IV-15-a", "untc-IV-16", "untc-IV-9-b", "untc-IV-3-a", "untc-IV-12", "coe-ets-114", "coe-ets-187"}
RATIFIED_OR_ACCEDED = {"untc-V-2", "untc-V-5", "untc-XVIII-12", "untc-XVIII-12-a", "untc-XVIII-12-b"}


def treaty_key(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def unratified(root):
    return load_queries(root / "queries")["unratified-conventions"]


@pytest.mark.parametrize("engine_name", ["oxigraph", "rdflib_engine"])
@pytest.mark.parametrize("state", ["BLR", "blr", str(ID["state/BLR"])])
def test_unratified_conventions_are_exactly_the_reports(request, unratified, engine_name, state):
    engine = request.getfixturevalue(engine_name)
    rows = engine.select(unratified.text, unratified.bind({"state": state, "basis": "stated"}))
    keys = {treaty_key(r["treaty"]) for r in rows}
    assert keys == REPORT_UNRATIFIED
    assert not keys & RATIFIED_OR_ACCEDED
    assert {str(r["statusBasis"]) for r in rows} == {"stated"}


@pytest.mark.parametrize("engine_name", ["oxigraph", "rdflib_engine"])
def test_both_sources_stated_or_implied(request, unratified, engine_name):
    engine = request.getfixturevalue(engine_name)
    rows = engine.select(unratified.text, unratified.bind({"state": "BLR"}))
    assert {treaty_key(r["treaty"]) for r in rows} == REPORT_UNRATIFIED | IMPLIED_2010
    implied = [r for r in rows if str(r["statusBasis"]) == "implied-by-recommendation"]
    assert {treaty_key(r["treaty"]) for r in implied} == IMPLIED_2010
    assert all(r["recommendingStates"] and r["positions"] and str(r["date"]) == "2010-05-12" for r in implied)
    short = engine.select(unratified.text, unratified.bind({"state": "BLR", "basis": "implied"}))
    assert {treaty_key(r["treaty"]) for r in short} == IMPLIED_2010
    # ¶56 of A/HRC/15/16: the delegation says Belarus is party to the Convention against Torture; nothing lists it
    assert "untc-IV-9" not in {treaty_key(r["treaty"]) for r in rows}


def test_every_answer_carries_a_quote_found_in_its_paragraph(oxigraph, unratified, compiled):
    rows = oxigraph.select(unratified.text, unratified.bind({"state": "BLR"}))
    assert rows
    for row in rows:
        text = str(compiled.value(row["paragraph"], RG.text))
        assert str(row["quote"]) in text, (row["treaty"], row["quote"])
    numbers = {treaty_key(r["treaty"]): int(r["number"]) for r in rows if str(r["statusBasis"]) == "stated"}
    assert numbers == {"untc-V-3": 2, "untc-V-4": 2, "coe-ets-166": 2, "untc-IV-13": 66}


def test_a_state_with_no_statements_has_no_unratified_conventions(oxigraph, unratified):
    # Ukraine is named in the report but nothing is said of its treaties: unknown is not unratified.
    assert oxigraph.select(unratified.text, unratified.bind({"state": "UKR"})) == []


def test_unknown_status_treaties_are_not_unratified(oxigraph, unratified, compiled):
    rows = oxigraph.select(unratified.text, unratified.bind({"state": "BLR"}))
    listed = {r["treaty"] for r in rows}
    for key in ("untc-IV-4", "untc-IV-11", "untc-IV-2", "achr"):  # cited in paragraph 68 only
        assert (ID[f"treaty/{key}"], None, None) in compiled
        assert ID[f"treaty/{key}"] not in listed


def test_smuggling_protocol_keeps_both_statements(compiled):
    actions = {
        str(compiled.value(a, RG.actionType)).rsplit("/", 1)[-1]: {str(p) for p in compiled.objects(a, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))}
        for a in compiled.subjects(RG.treaty, ID["treaty/untc-XVIII-12-b"])
        if (a, RG.actionType, None) in compiled
    }
    assert actions == {
        "signature": {str(ID["source/unct-blr-2009/para/4"])},
        "ratification": {str(ID["source/unct-blr-2009/para/66"])},
    }


def test_dates_keep_the_reports_precision(compiled):
    accession = ID["treaty-action/BLR/untc-V-2/accession"]
    assert compiled.value(accession, RG.actionDate) == Literal("2001-08", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth"))
    assert compiled.value(accession, RG.withoutReservations).toPython() is True
    # ¶4 dates the ratification "on May 3, 2003" without saying which step: a reported date, not the day Belarus became bound
    ratification = ID["treaty-action/BLR/untc-XVIII-12/ratification"]
    assert compiled.value(ratification, RG.actionDate) is None
    assert compiled.value(ratification, RG.reportedDate) == Literal("2003-05-03", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert str(compiled.value(ratification, RG.notLaterThan)) == "2009"

"""Issue 13: the expert review of the 2009 graph. Each answer is read from the report's text
(/work/shared/sources/unct-belarus-upr-2009.txt), never from the data under test."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from rightsgraph.namespaces import ID, RG
from rightsgraph.query.named import load_queries

ROOT = Path(__file__).resolve().parents[2]
PROV = "http://www.w3.org/ns/prov#"
BLR = ID["state/BLR"]


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
    rows = run(oxigraph, catalogue, "sanctions", years=str(years))
    assert {str(r["conduct"]) for r in rows} == expected
    assert all(int(r["number"]) == 8 for r in rows)


def test_sanctions_query_without_years_lists_the_fine_too(oxigraph, catalogue):
    rows = run(oxigraph, catalogue, "sanctions")
    assert sorted(str(r["kind"]) for r in rows) == ["fine", "imprisonment", "imprisonment"]

"""Named queries: headers parse, parameters are typed and bound as RDF terms, never spliced."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from rightsgraph.errors import SourceError, UsageError
from rightsgraph.namespaces import ID
from rightsgraph.query.named import load_queries, parse_named_query


@pytest.fixture(scope="module")
def catalogue(root):
    return load_queries(root / "queries")


def test_catalogue_has_the_required_queries(catalogue):
    assert {"unratified-conventions", "treaty-status", "organizations"} <= set(catalogue)
    for q in catalogue.values():
        assert q.title and q.description
        assert all(p.type in ("iri", "state", "string", "integer", "date", "year") for p in q.params)


def test_every_example_binds(catalogue):
    for q in catalogue.values():
        q.bind(dict(q.example))


def test_state_parameter_maps_codes_and_iris(catalogue):
    q = catalogue["unratified-conventions"]
    assert q.bind({"state": "BLR"}) == {"state": ID["state/BLR"]}
    assert q.bind({"state": "blr"}) == {"state": ID["state/BLR"]}
    assert q.bind({"state": str(ID["state/UKR"])}) == {"state": ID["state/UKR"]}


@pytest.mark.parametrize("bad", ["", "BELARUS", "B1R", "<x>", "javascript:alert(1)", "http://a b"])
def test_bad_state_values_are_usage_errors(catalogue, bad):
    with pytest.raises(UsageError):
        catalogue["unratified-conventions"].bind({"state": bad})


def test_unknown_and_repeated_parameters_are_refused(catalogue):
    q = catalogue["unratified-conventions"]
    with pytest.raises(UsageError, match="unknown parameter"):
        q.bind({"state": "BLR", "limit": "5"})
    with pytest.raises(UsageError, match="2 times"):
        q.bind({"state": ["BLR", "UKR"]})
    with pytest.raises(UsageError, match="needs parameter"):
        q.bind({})


def test_typed_values(tmp_path):
    path = tmp_path / "typed.rq"
    path.write_text(
        "#+ title: T\n#+ description: D\n#+ param: n integer — a number\n#+ param: d date optional — a day\n"
        "#+ param: y year optional — a year\n#+ param: s string optional — text\nSELECT ?n ?d ?y ?s WHERE {}\n",
        encoding="utf-8",
    )
    q = parse_named_query(path)
    assert q.bind({"n": "42", "d": "2009-10-01", "y": "2008", "s": 'x" } ; DROP ALL ; #'}) == {
        "n": Literal(42, datatype=XSD.integer),
        "d": Literal("2009-10-01", datatype=XSD.date),
        "y": Literal("2008", datatype=XSD.gYear),
        "s": Literal('x" } ; DROP ALL ; #'),
    }
    for bad in ({"n": "4x"}, {"n": "1", "d": "2009-13-01"}, {"n": "1", "y": "08"}):
        with pytest.raises(UsageError):
            q.bind(bad)


def test_injected_text_stays_a_literal(oxigraph, tmp_path):
    path = tmp_path / "echo.rq"
    path.write_text("#+ title: Echo\n#+ description: D\n#+ param: s string — text\nSELECT ?s WHERE {}\n", encoding="utf-8")
    q = parse_named_query(path)
    hostile = '"} UNION { ?x ?y ?z } #'
    rows = oxigraph.select(q.text, q.bind({"s": hostile}))
    assert rows == [{"s": Literal(hostile)}]


def test_parameters_must_be_projected(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("#+ title: T\n#+ description: D\n#+ param: state state — s\nSELECT ?x WHERE { ?x ?p ?state }\n", encoding="utf-8")
    with pytest.raises(SourceError, match="SELECT clause"):
        parse_named_query(path)


def test_header_is_required(tmp_path):
    path = tmp_path / "nohead.rq"
    path.write_text("SELECT * WHERE {}\n", encoding="utf-8")
    with pytest.raises(SourceError, match="title"):
        parse_named_query(path)

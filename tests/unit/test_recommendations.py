"""The recommendation-list parser: clauses, State lists, shared objects, and its refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsgraph.sources.recommendations import Curation, RecommendationError, resolve_states, split_clauses

ROOT = Path(__file__).resolve().parents[2]
NAMES = {"Brazil": "BRA", "Italy": "ITA", "Czech Republic": "CZE", "Spain": "ESP", "Iraq": "IRQ",
         "United Kingdom of Great Britain and Northern Ireland": "GBR", "Venezuela (Bolivarian Republic of)": "VEN",
         "Lao People’s Democratic Republic": "LAO", "Republic of Korea": "KOR",
         "Democratic People’s Republic of Korea": "PRK"}


def test_clauses_and_their_states():
    text = "Do one thing (Brazil); do another (Italy) (Spain)."
    clauses = split_clauses("1.1", text, NAMES)
    assert [(c.quotes, c.states) for c in clauses] == [(("Do one thing",), ("BRA",)), (("do another",), ("ITA", "ESP"))]
    assert "".join(c.span for c in clauses) == text
    assert [c.start for c in clauses] == [0, len("Do one thing (Brazil); ")]


def test_parentheses_inside_the_clause_are_text():
    text = ("Review its legislation (for example, article 193-1 of the Criminal Code -- acting on behalf of a "
            "non-registered organization) (Czech Republic); simplify it, specifically (i) this; and (ii) that (Spain);")
    clauses = split_clauses("1.2", text, NAMES)
    assert [c.states for c in clauses] == [("CZE",), ("ESP",)]
    assert clauses[0].quotes[0].endswith("non-registered organization)")
    assert "(i) this; and (ii) that" in clauses[1].quotes[0]


def test_names_with_and_commas_and_parentheses():
    assert [c for _, c in resolve_states("United Kingdom of Great Britain and Northern Ireland", NAMES)] == ["GBR"]
    assert [c for _, c in resolve_states("Brazil, Italy and the United Kingdom of Great Britain and Northern Ireland", NAMES)] == [
        "BRA", "ITA", "GBR"]
    assert [c for _, c in resolve_states("Venezuela (Bolivarian Republic of)", NAMES)] == ["VEN"]
    assert [c for _, c in resolve_states("Democratic People’s\nRepublic of Korea", NAMES)] == ["PRK"]
    text = "Ratify it (Venezuela (Bolivarian Republic of)); continue (Lao People’s Democratic Republic);"
    assert [c.states for c in split_clauses("1.3", text, NAMES)] == [("VEN",), ("LAO",)]


def test_shared_object():
    text = "Sign (Iraq)/sign and ratify (Spain)/ratify (Brazil) the Optional Protocol to the Convention;"
    clauses = split_clauses("98.4", text, NAMES)
    assert [(c.quotes, c.states, c.shared) for c in clauses] == [
        (("Sign", "the Optional Protocol to the Convention"), ("IRQ",), True),
        (("sign and ratify", "the Optional Protocol to the Convention"), ("ESP",), True),
        (("ratify", "the Optional Protocol to the Convention"), ("BRA",), True)]
    assert "".join(c.span for c in clauses) == text


def test_an_unknown_state_is_an_error_not_dropped():
    with pytest.raises(RecommendationError, match="unknown State name 'Ruritania'"):
        split_clauses("1.4", "Do one thing (Brazil); do another (Ruritania);", NAMES)
    with pytest.raises(RecommendationError, match="unknown State name"):
        resolve_states("Brazil and Ruritania", NAMES)


def test_text_without_a_state_is_an_error():
    with pytest.raises(RecommendationError, match="without a recommending State"):
        split_clauses("98.34", "Simplify (Lithuania); the issuance of permissions", {"Lithuania": "LTU"})


def test_actions_from_the_curated_verbs():
    cur = Curation.load(ROOT / "data" / "recommendations" / "a-hrc-15-16.toml")
    clause = lambda n, text: split_clauses(n, text, cur.states)[0]  # noqa: E731
    assert cur.actions(clause("1.5", "Consider abolishing the death penalty, and ratify the Second Optional Protocol (Austria);")) == [
        "consider", "ratify"]
    assert cur.actions(clause("1.6", "Examine, in the spirit of X, the possibility of adhering to the Convention (Algeria);")) == [
        "consider", "accede"]
    with pytest.raises(RecommendationError, match="no action for the leading verb"):
        cur.actions(clause("1.7", "Frobnicate the judiciary (Brazil);"))


def test_a_protocol_is_not_its_parent_treaty():
    cur = Curation.load(ROOT / "data" / "recommendations" / "a-hrc-15-16.toml")
    c = split_clauses("1.8", "Ratify the Second Optional Protocol to the International Covenant on Civil and Political Rights (Spain);",
                      cur.states)[0]
    assert cur.targets_of(c)[1] == ["treaty/untc-IV-12"]


def test_the_committed_turtle_is_what_the_parser_generates():
    from rightsgraph.sources.recommendations import load_units, parse, write

    cur = Curation.load(ROOT / "data" / "recommendations" / "a-hrc-15-16.toml")
    units = load_units(ROOT / cur.document["units"], cur.document["key"])
    recs, implied = write(cur, parse(cur, units), units, ROOT)
    assert recs == (ROOT / "data" / "recommendations" / "a-hrc-15-16.ttl").read_text(encoding="utf-8"), \
        "regenerate: .venv/bin/python -m rightsgraph.sources.recommendations"
    assert implied == (ROOT / "data" / "status" / "blr-implied-2010.ttl").read_text(encoding="utf-8")


def test_no_implied_not_party_for_an_instrument_the_sources_say_belarus_is_party_to():
    from rightsgraph.sources.recommendations import load_units, parse, write

    cur = Curation.load(ROOT / "data" / "recommendations" / "a-hrc-15-16.toml")
    units = load_units(ROOT / cur.document["units"], cur.document["key"])
    cur.claimed_party = [*cur.claimed_party, "treaty/untc-IV-9-b"]  # as if a source said Belarus were party to OP-CAT
    with pytest.raises(RecommendationError, match="untc-IV-9-b, which the sources state Belarus is party to"):
        write(cur, parse(cur, units), units, ROOT)

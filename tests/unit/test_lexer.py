"""The one SPARQL lexer: keywords, brackets and groups are found outside strings, IRIs and comments only."""

from __future__ import annotations

import pytest

from rightsgraph.query import lexer

TRICKY = '''PREFIX a: <http://x/SELECT#>
# ASK { me }
CONSTRUCT { ?s ?p "WHERE {" } WHERE { ?s ?p ?o FILTER(?o != "}") }'''


@pytest.mark.parametrize("text, form", [
    (TRICKY, "construct"),
    ("ask {}", "ask"),
    ('SELECT ("CONSTRUCT" AS ?x) {}', "select"),
    ("DESCRIBE <http://x/ASK>", "describe"),
    ("# SELECT\nINSERT DATA { <a> <b> <c> }", None),
])
def test_query_form(text, form):
    assert lexer.query_form(text) == form


def test_outermost_group_skips_strings_iris_comments_and_the_construct_template():
    at = lexer.outermost_group(TRICKY)
    assert TRICKY[:at].endswith("WHERE {") and TRICKY[at:].startswith(" ?s ?p ?o")
    assert lexer.outermost_group("SELECT * { ?s ?p ?o }") == len("SELECT * {")
    assert lexer.outermost_group("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == len("SELECT (COUNT(*) AS ?n) WHERE {")
    assert lexer.outermost_group("DESCRIBE <http://x/a>") is None
    assert lexer.outermost_group("not sparql at all { }") is None


def test_nesting_depth_counts_brackets_outside_strings():
    assert lexer.nesting_depth('SELECT * { ?s ?p "((((((" FILTER((1)) }') == 3
    assert lexer.nesting_depth("ASK {}") == 1
    assert lexer.nesting_depth("ASK { [ ?p [ ?q ?r ] ] }") == 3
    assert lexer.nesting_depth("# {{{{ \nASK {}") == 1


def test_splice_values_puts_the_block_first_in_the_group_or_at_the_end():
    block = lexer.values_block({"s": "<http://x/a>"})
    assert lexer.splice_values("SELECT * WHERE { ?s ?p ?o }", block) == "SELECT * WHERE { VALUES (?s) { (<http://x/a>) }  ?s ?p ?o }"
    assert lexer.splice_values("DESCRIBE ?s", block).endswith("\nVALUES (?s) { (<http://x/a>) }\n")


@pytest.mark.parametrize("text, name, projected", [
    ("SELECT ?a ?b WHERE { ?a ?p ?b }", "b", True),
    ("SELECT ?a WHERE { ?a ?p ?b }", "b", False),
    ("SELECT * { ?a ?p ?b }", "b", True),
    ("SELECT (COUNT(?x) AS ?n) WHERE { ?x ?p ?o }", "n", True),
    ('SELECT ?a WHERE { ?a ?p "?b" }', "b", False),
    ("# SELECT ?b\nSELECT ?a WHERE { ?a ?p ?b }", "b", False),
    ("CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b }", "b", True),
    ("ASK { ?a ?p ?o }", "b", False),
])
def test_projects(text, name, projected):
    assert lexer.projects(text, name) is projected


def test_unterminated_strings_run_to_the_end():
    kinds = [t.kind for t in lexer.tokens('SELECT * { ?s ?p "open } ')]
    assert kinds[-1] == "string" and "close" not in kinds


"""The rules run until nothing new appears; a rule that keeps feeding itself is an error, not a silent stop."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from rightsgraph.build.reasoning import MAX_ROUNDS, apply_rules_store
from rightsgraph.errors import SourceError

NEXT = ox.NamedNode("https://w3id.org/rightsgraph/def#next")
CHAIN = """PREFIX rg: <https://w3id.org/rightsgraph/def#>
CONSTRUCT { ?a rg:next ?c } WHERE { ?a rg:next ?b . ?b rg:next ?c }"""
RUNAWAY = """PREFIX rg: <https://w3id.org/rightsgraph/def#>
CONSTRUCT { ?b rg:next ?new } WHERE { ?a rg:next ?b BIND(IRI(CONCAT(STR(?b), "x")) AS ?new) }"""


def _store(n: int) -> ox.Store:
    store = ox.Store()
    nodes = [ox.NamedNode(f"https://w3id.org/rightsgraph/id/x/{i}") for i in range(n)]
    store.extend(ox.Quad(a, NEXT, b, ox.DefaultGraph()) for a, b in zip(nodes, nodes[1:]))
    return store


def test_rules_run_to_their_fixpoint(tmp_path):
    rule = tmp_path / "chain.rq"
    rule.write_text(CHAIN, encoding="utf-8")
    derived = apply_rules_store([rule], _store(9))  # a chain of 9 needs more than one round
    assert len(derived) == 9 * 8 // 2 - 8  # every pair i < j but the 8 asserted ones


def test_a_rule_without_a_fixpoint_is_an_error(tmp_path):
    rule = tmp_path / "runaway.rq"
    rule.write_text(RUNAWAY, encoding="utf-8")
    with pytest.raises(SourceError, match=f"after {MAX_ROUNDS} rounds"):
        apply_rules_store([rule], _store(2))

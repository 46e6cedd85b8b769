"""Reasoning: the OWL-RL closure (owlrl) plus the project's derivation rules, kept in their own graph.

Reasoning runs on a copy of ontology + data; only what is new *and* about the dataset's own
resources is kept, so the inferred layer holds no noise (no literal subjects, no reflexive
owl:sameAs, no typing of XSD datatypes).
"""

from __future__ import annotations

from pathlib import Path

import owlrl
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import SourceError
from ..namespaces import BASE, bind_prefixes

_TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}
_TRIVIAL_PREDICATES = {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}


def _keep(triple, asserted: Graph) -> bool:
    s, p, o = triple
    if triple in asserted or isinstance(s, (Literal, BNode)):
        return False
    if not str(s).startswith(BASE):
        return False
    if p in _TRIVIAL_PREDICATES:
        return False
    if p == RDF.type and (o in _TRIVIAL_OBJECTS or isinstance(o, Literal)):
        return False
    return not isinstance(o, BNode)


def owl_rl_closure(ontology: Graph, data: Graph) -> Graph:
    """What OWL-RL adds to ontology + data about the dataset's resources."""
    work = Graph()
    for layer in (ontology, data):
        for triple in layer:
            work.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
    asserted = Graph()
    for layer in (ontology, data):
        for triple in layer:
            asserted.add(triple)
    inferred = bind_prefixes(Graph())
    for triple in work:
        if _keep(triple, asserted):
            inferred.add(triple)
    return inferred


MAX_ROUNDS = 20  # the rules reach their fixpoint in 2-3 rounds; more means a rule that keeps feeding itself


def _no_fixpoint(rounds: int) -> SourceError:
    return SourceError(f"the rules in rules/ still derive new triples after {rounds} rounds: does a rule mint new nodes from its own output?")


def rule_files(root: Path) -> list[Path]:
    return sorted((root / "rules").glob("*.rq"))


def apply_rules(rules: list[Path], graphs: list[Graph]) -> Graph:
    """Run each CONSTRUCT rule over the union of graphs until nothing new appears (SourceError after MAX_ROUNDS)."""
    work = Graph()
    for g in graphs:
        for triple in g:
            work.add(triple)
    derived = bind_prefixes(Graph())
    for _ in range(MAX_ROUNDS):
        before = len(derived)
        for rule in rules:
            try:
                result = work.query(rule.read_text(encoding="utf-8"))
            except Exception as exc:
                raise SourceError(f"{rule}: rule failed: {exc}") from exc
            for triple in result:
                if triple not in work:
                    derived.add(triple)
                    work.add(triple)
        if len(derived) == before:
            return derived
    raise _no_fixpoint(MAX_ROUNDS)


def reason(ontology: Graph, data: Graph, root: Path, closure=None) -> Graph:
    """The inferred layer: project rules, then an OWL-RL closure (owlrl's by default) over data + derived triples."""
    derived = apply_rules(rule_files(root), [ontology, data])
    combined = Graph()
    for g in (data, derived):
        for triple in g:
            combined.add(triple)
    inferred = (closure or owl_rl_closure)(ontology, combined)
    for triple in derived:
        inferred.add(triple)
    return inferred


def apply_rules_store(rules: list[Path], store) -> list:
    """``apply_rules`` on a pyoxigraph Store whose default graph holds ontology + data.

    The derived triples are added to the store's default graph too (as apply_rules adds them to
    its working union) and returned as (s, p, o) tuples of pyoxigraph terms, in derivation order.
    """
    import pyoxigraph as ox

    dg = ox.DefaultGraph()
    texts = []
    for rule in rules:
        try:
            texts.append((rule, rule.read_text(encoding="utf-8")))
        except OSError as exc:
            raise SourceError(f"{rule}: cannot read: {exc.strerror}") from exc
    derived: dict = {}
    for _ in range(MAX_ROUNDS):
        before = len(derived)
        for rule, text in texts:
            try:
                result = list(store.query(text))
            except Exception as exc:
                raise SourceError(f"{rule}: rule failed: {exc}") from exc
            for t in result:
                quad = ox.Quad(t.subject, t.predicate, t.object, dg)
                if quad not in store:
                    derived[(t.subject, t.predicate, t.object)] = None
                    store.add(quad)
        if len(derived) == before:
            return list(derived)
    raise _no_fixpoint(MAX_ROUNDS)

"""A fast reasoner for the OWL-RL entailments of the constructs this ontology uses.

``reasoning.owl_rl_closure`` runs owlrl's full OWL-RL closure (~21 s at 50k triples, slightly
super-linear; impractical at 500k). The ontology only uses ``rdfs:subClassOf``,
``rdfs:subPropertyOf``, ``owl:inverseOf``, ``rdfs:domain`` and ``rdfs:range`` (plus
``owl:equivalentClass`` / ``owl:equivalentProperty`` and transitive / symmetric properties,
which this module also handles should they appear). For those, the OWL 2 RL rules that can
produce a triple ``reasoning._keep`` keeps are:

=========  ==============================================================================
rule       what it derives
=========  ==============================================================================
prp-spo1   ``s p o``, ``p ⊑ q``                → ``s q o``
prp-inv    ``s p o``, ``p inverseOf q``        → ``o q s`` (both directions)
prp-eqp    ``s p o``, ``p ≡ q``                → ``s q o`` (both directions)
prp-symp   ``s p o``, ``p`` symmetric          → ``o p s``
prp-trp    ``s p o``, ``o p x``, ``p`` transitive → ``s p x``
prp-dom    ``s p o``, ``p domain c``           → ``s a c``
prp-rng    ``s p o``, ``p range c``            → ``o a c``
cax-sco    ``x a c``, ``c ⊑ d``                → ``x a d``   (cax-eqc likewise)
scm-cls    ``c a owl:Class``                   → ``c ⊑ owl:Thing`` (so domains/ranges reach owl:Thing)
scm-dom1/2 ``p domain c``, ``c ⊑ d`` / ``q ⊑ p`` → ``p domain d`` / ``q domain c``
scm-rng1/2 the same for ranges
=========  ==============================================================================

(``scm-sco``/``scm-spo`` transitivity is used for the closures; the ``⊑``/``≡`` triples themselves
are dropped by ``_keep``.) The schema is closed first (reflexive-transitive super-classes and
super-properties, closed domains and ranges), then every triple is expanded once from a
worklist over hash sets, so the cost is linear in the number of triples (plus the joins of
transitive properties). If a derived triple changes the schema (a sub-property of
``rdfs:subClassOf``, say), the schema is recomputed and the pass repeated until nothing changes.

Everything else OWL-RL derives here is noise that ``_keep`` filters out (``owl:sameAs`` of every
resource with itself, literal subjects, types ``owl:Thing``...), so the result is *exactly*
``owl_rl_closure``'s; ``tests/engine/test_fastreason.py`` checks that on the project's data and
on a synthetic graph. Unlike the ``reasonable`` package, no literal is re-typed.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import bind_prefixes
from .reasoning import _keep, apply_rules, rule_files

_SCHEMA_PREDICATES = {
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf,
    OWL.equivalentClass, OWL.equivalentProperty,
}
_SCHEMA_TYPES = {OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.Class}


def _reflexive_closure(edges: dict) -> dict:
    """node -> every node reachable from it (including itself), for a small schema graph."""
    nodes = set(edges)
    for targets in list(edges.values()):
        nodes.update(targets)
    out = {}
    for n in nodes:
        seen = {n}
        stack = [n]
        while stack:
            for m in edges.get(stack.pop(), ()):
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        out[n] = frozenset(seen)
    return out


class _Schema:
    def __init__(self, triples: set):
        sub_class, sub_prop = defaultdict(set), defaultdict(set)
        domain, range_, inverse = defaultdict(set), defaultdict(set), defaultdict(set)
        self.transitive, self.symmetric, classes = set(), set(), set()
        for s, p, o in triples:
            if p == RDFS.subClassOf:
                sub_class[s].add(o)
            elif p == OWL.equivalentClass:
                sub_class[s].add(o)
                sub_class[o].add(s)
            elif p == RDFS.subPropertyOf:
                sub_prop[s].add(o)
            elif p == OWL.equivalentProperty:
                sub_prop[s].add(o)
                sub_prop[o].add(s)
            elif p == RDFS.domain:
                domain[s].add(o)
            elif p == RDFS.range:
                range_[s].add(o)
            elif p == OWL.inverseOf:
                inverse[s].add(o)
                inverse[o].add(s)
            elif p == RDF.type:
                if o == OWL.TransitiveProperty:
                    self.transitive.add(s)
                elif o == OWL.SymmetricProperty:
                    self.symmetric.add(s)
                elif o == OWL.Class:
                    classes.add(s)
        for c in classes:  # scm-cls: every class is a subclass of owl:Thing
            sub_class[c].add(OWL.Thing)
        self.super_classes = _reflexive_closure(sub_class)
        self.super_props = _reflexive_closure(sub_prop)
        self.inverse = {p: frozenset(q) for p, q in inverse.items()}

        def close(direct: dict) -> dict:
            out = {}
            props = set(direct) | {p for p, sups in self.super_props.items() if any(q in direct for q in sups)}
            for p in props:
                cs = set()
                for q in self.super_props.get(p, (p,)):
                    for c in direct.get(q, ()):
                        cs.update(self.super_classes.get(c, (c,)))
                out[p] = frozenset(cs)
            return out

        self.domain = close(domain)  # scm-dom1/2
        self.range = close(range_)  # scm-rng1/2
        self.signature = (
            frozenset((k, v) for k, vs in sub_class.items() for v in vs),
            frozenset((k, v) for k, vs in sub_prop.items() for v in vs),
            frozenset((k, v) for k, vs in domain.items() for v in vs),
            frozenset((k, v) for k, vs in range_.items() for v in vs),
            frozenset((k, v) for k, vs in inverse.items() for v in vs),
            frozenset(self.transitive), frozenset(self.symmetric), frozenset(classes),
        )

    def schema_triples(self) -> set:
        """The closed domains and ranges (scm-dom*, scm-rng*) as triples."""
        out = set()
        for p, cs in self.domain.items():
            out.update((p, RDFS.domain, c) for c in cs)
        for p, cs in self.range.items():
            out.update((p, RDFS.range, c) for c in cs)
        return out


def _saturate(triples: set, schema: _Schema) -> set:
    """Close ``triples`` in place under the data rules of the schema; returns it."""
    super_props, super_classes = schema.super_props, schema.super_classes
    inverse, domain, range_ = schema.inverse, schema.domain, schema.range
    transitive, symmetric = schema.transitive, schema.symmetric
    # (p, s) -> objects and (p, o) -> subjects, for transitive properties only
    forward, backward = defaultdict(set), defaultdict(set)
    for s, p, o in triples:
        if p in transitive:
            forward[(p, s)].add(o)
            backward[(p, o)].add(s)
    work = list(triples)
    add = triples.add
    rdf_type = RDF.type
    while work:
        s, p, o = work.pop()
        new = []
        if p == rdf_type:
            for c in super_classes.get(o, ()):
                new.append((s, rdf_type, c))
        for q in super_props.get(p, (p,)):
            if q != p:
                new.append((s, q, o))
            if not isinstance(o, Literal):
                for r in inverse.get(q, ()):
                    new.append((o, r, s))
                if q in symmetric:
                    new.append((o, q, s))
            for c in domain.get(q, ()):
                new.append((s, rdf_type, c))
            for c in range_.get(q, ()):
                new.append((o, rdf_type, c))
            if q in transitive:
                for x in list(forward.get((q, o), ())):
                    new.append((s, q, x))
                for y in list(backward.get((q, s), ())):
                    new.append((y, q, o))
        for t in new:
            if t not in triples:
                add(t)
                work.append(t)
                if t[1] in transitive:
                    forward[(t[1], t[0])].add(t[2])
                    backward[(t[1], t[2])].add(t[0])
    return triples


def closure_triples(ontology: Graph, data: Graph) -> tuple[set, set]:
    """(asserted, closed) triple sets of ontology + data."""
    asserted = set(ontology)
    asserted.update(data)
    closed = set(asserted)
    while True:
        schema = _Schema(closed)
        closed |= schema.schema_triples()
        _saturate(closed, schema)
        if _Schema(closed).signature == schema.signature:
            return asserted, closed


def owl_rl_closure(ontology: Graph, data: Graph) -> Graph:
    """Drop-in for ``reasoning.owl_rl_closure``: what OWL-RL adds about the dataset's resources."""
    asserted, closed = closure_triples(ontology, data)
    inferred = bind_prefixes(Graph())
    for triple in closed - asserted:
        if _keep(triple, asserted):
            inferred.add(triple)
    return inferred


def reason(ontology: Graph, data: Graph, root: Path) -> Graph:
    """Drop-in for ``reasoning.reason``: the project rules, then the fast closure."""
    derived = apply_rules(rule_files(root), [ontology, data])
    combined = Graph()
    for g in (data, derived):
        for triple in g:
            combined.add(triple)
    inferred = owl_rl_closure(ontology, combined)
    for triple in derived:
        inferred.add(triple)
    return inferred

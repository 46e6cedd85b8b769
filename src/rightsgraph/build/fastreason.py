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
on a synthetic graph. Unlike the ``reasonable`` package, no literal is re-typed. The build runs
``owl_rl_closure_ox`` on pyoxigraph terms; ``rightsgraph.reference.fastreason`` wraps the same
closure for rdflib graphs, for that comparison.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS

from ..namespaces import BASE
from . import reasoning

class _Codes:
    """Terms <-> ints (literals negative), so the fixpoint hashes small ints, not term objects.

    The terms are rdflib's, or pyoxigraph's with ``oxigraph=True`` (the build's pipeline); the
    vocabulary constants are converted to the same kind by :meth:`const`.
    """

    def __init__(self, oxigraph: bool = False):
        self.ids: dict = {}
        self.terms: list = [None]  # index = positive id
        self.literals: list = [None]  # index = -id
        self.oxigraph = oxigraph
        self._literal = ox.Literal if oxigraph else Literal

    def const(self, term) -> int:
        """The code of an rdflib vocabulary term (an IRI), in this table's kind of term."""
        return self.code(ox.NamedNode(str(term)) if self.oxigraph else term)

    def code(self, term) -> int:
        i = self.ids.get(term)
        if i is None:
            if isinstance(term, self._literal):
                self.literals.append(term)
                i = -(len(self.literals) - 1)
            else:
                self.terms.append(term)
                i = len(self.terms) - 1
            self.ids[term] = i
        return i

    def term(self, i: int):
        return self.terms[i] if i > 0 else self.literals[-i]

    def encode(self, graph) -> set:
        code, ids = self.code, self.ids
        out = set()
        add = out.add
        for s, p, o in graph:
            # inline fast path: most terms are seen before
            a = ids.get(s)
            b = ids.get(p)
            c = ids.get(o)
            add((a if a is not None else code(s), b if b is not None else code(p), c if c is not None else code(o)))
        return out


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
    def __init__(self, triples: set, c: _Codes):
        SUB_CLASS, SUB_PROP, DOMAIN, RANGE = (c.const(t) for t in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range))
        INVERSE, EQ_CLASS, EQ_PROP, TYPE = (c.const(t) for t in (OWL.inverseOf, OWL.equivalentClass, OWL.equivalentProperty, RDF.type))
        TRANSITIVE, SYMMETRIC, CLASS, THING = (c.const(t) for t in (OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.Class, OWL.Thing))
        self.codes = (SUB_CLASS, SUB_PROP, DOMAIN, RANGE, TYPE)
        schema_predicates = {SUB_CLASS, SUB_PROP, DOMAIN, RANGE, INVERSE, EQ_CLASS, EQ_PROP}
        sub_class, sub_prop = defaultdict(set), defaultdict(set)
        domain, range_, inverse = defaultdict(set), defaultdict(set), defaultdict(set)
        self.transitive, self.symmetric, classes = set(), set(), set()
        for s, p, o in triples:
            if p in schema_predicates:
                if p == SUB_CLASS:
                    sub_class[s].add(o)
                elif p == EQ_CLASS:
                    sub_class[s].add(o)
                    sub_class[o].add(s)
                elif p == SUB_PROP:
                    sub_prop[s].add(o)
                elif p == EQ_PROP:
                    sub_prop[s].add(o)
                    sub_prop[o].add(s)
                elif p == DOMAIN:
                    domain[s].add(o)
                elif p == RANGE:
                    range_[s].add(o)
                else:  # INVERSE
                    inverse[s].add(o)
                    inverse[o].add(s)
            elif p == TYPE:
                if o == TRANSITIVE:
                    self.transitive.add(s)
                elif o == SYMMETRIC:
                    self.symmetric.add(s)
                elif o == CLASS:
                    classes.add(s)
        for cls in classes:  # scm-cls: every class is a subclass of owl:Thing
            sub_class[cls].add(THING)
        self.super_classes = _reflexive_closure(sub_class)
        self.super_props = _reflexive_closure(sub_prop)
        self.inverse = {p: frozenset(q) for p, q in inverse.items()}

        def close(direct: dict) -> dict:
            out = {}
            props = set(direct) | {p for p, sups in self.super_props.items() if any(q in direct for q in sups)}
            for p in props:
                cs = set()
                for q in self.super_props.get(p, (p,)):
                    for k in direct.get(q, ()):
                        cs.update(self.super_classes.get(k, (k,)))
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
        _, _, DOMAIN, RANGE, _ = self.codes
        out = set()
        for p, cs in self.domain.items():
            out.update((p, DOMAIN, k) for k in cs)
        for p, cs in self.range.items():
            out.update((p, RANGE, k) for k in cs)
        return out


def _saturate(triples: set, schema: _Schema) -> set:
    """Close ``triples`` in place under the data rules of the schema; returns it."""
    super_props, super_classes = schema.super_props, schema.super_classes
    inverse, domain, range_ = schema.inverse, schema.domain, schema.range
    transitive, symmetric = schema.transitive, schema.symmetric
    rdf_type = schema.codes[4]
    # (p, s) -> objects and (p, o) -> subjects, for transitive properties only
    forward, backward = defaultdict(set), defaultdict(set)
    for s, p, o in triples:
        if p in transitive:
            forward[(p, s)].add(o)
            backward[(p, o)].add(s)
    work = list(triples)
    add = triples.add
    while work:
        s, p, o = work.pop()
        new = []
        if p == rdf_type:
            classes = super_classes.get(o)
            if classes:
                new.extend((s, rdf_type, k) for k in classes)
        for q in super_props.get(p, (p,)):
            if q != p:
                new.append((s, q, o))
            if o > 0:  # not a literal
                for r in inverse.get(q, ()):
                    new.append((o, r, s))
                if q in symmetric:
                    new.append((o, q, s))
            for k in domain.get(q, ()):
                new.append((s, rdf_type, k))
            if o > 0:
                for k in range_.get(q, ()):
                    new.append((o, rdf_type, k))
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


def closure_triples(ontology, data, oxigraph: bool = False) -> tuple[set, set, _Codes]:
    """(asserted, closed, codes): the encoded triple sets of ontology + data and its closure.

    ontology and data are rdflib graphs, or with ``oxigraph=True`` iterables of pyoxigraph
    (subject, predicate, object) triples."""
    codes = _Codes(oxigraph)
    asserted = codes.encode(ontology)
    asserted |= codes.encode(data)
    closed = set(asserted)
    while True:
        schema = _Schema(closed, codes)
        closed |= schema.schema_triples()
        _saturate(closed, schema)
        if _Schema(closed, codes).signature == schema.signature:
            return asserted, closed, codes


_OX_BNODE, _OX_LITERAL = ox.BlankNode, ox.Literal
_OX_TRIVIAL_OBJECTS = {ox.NamedNode(str(t)) for t in reasoning._TRIVIAL_OBJECTS}
_OX_TRIVIAL_PREDICATES = {ox.NamedNode(str(t)) for t in reasoning._TRIVIAL_PREDICATES}
_OX_TYPE = ox.NamedNode(str(RDF.type))


def _keep_ox(s, p, o) -> bool:
    """``reasoning._keep`` for a new pyoxigraph triple (asserted triples already subtracted)."""
    if isinstance(s, (_OX_LITERAL, _OX_BNODE)) or not s.value.startswith(BASE):
        return False
    if p in _OX_TRIVIAL_PREDICATES:
        return False
    if p == _OX_TYPE and (o in _OX_TRIVIAL_OBJECTS or isinstance(o, _OX_LITERAL)):
        return False
    return not isinstance(o, _OX_BNODE)


def owl_rl_closure_ox(ontology, data) -> list:
    """``owl_rl_closure`` over pyoxigraph triples: the kept inferences as (s, p, o) tuples."""
    asserted, closed, codes = closure_triples(ontology, data, oxigraph=True)
    term = codes.term
    rdf_type = codes.ids.get(_OX_TYPE)
    out = []
    for s, p, o in closed - asserted:
        if s < 0 or o < 0 and p == rdf_type:
            continue
        triple = (term(s), term(p), term(o))
        if _keep_ox(*triple):
            out.append(triple)
    return out

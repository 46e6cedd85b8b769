"""The fast validator (fastshacl) gives pyshacl's results exactly: the same Violation records.

Compared on every shape fixture, on the project's data, on a generated graph, and on seeded
mutations of both (values deleted, duplicated, swapped between subjects, re-typed, made ill-typed,
blank or literal where a resource is expected) so that every kind of constraint fails somewhere.
Records are compared as sorted lists: severity, focus, path, message, shape, value and file.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from rightsgraph.build import fastshacl
from rightsgraph.reference import shacl as reference_shacl

from rightsgraph.build import validation
from rightsgraph.build.loading import load_layers  # the generated graph's layers

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "cases"
FIXTURES = sorted(CASES.glob("*/*.ttl"))


def both(data: Graph, layers, files=None):
    reference = sorted(validation.validate(data, layers.shapes, layers.ontology, files), key=validation.sort_key)
    fast = reference_shacl.validate(data, layers.shapes, layers.ontology, files)
    return reference, fast


def assert_same(reference, fast):
    if reference != fast:
        only_ref = Counter(reference) - Counter(fast)
        only_fast = Counter(fast) - Counter(reference)
        raise AssertionError(
            "pyshacl and fastshacl differ:\n"
            + "\n".join(f"  pyshacl only: {r}" for r in only_ref)
            + "\n"
            + "\n".join(f"  fast only: {r}" for r in only_fast)
        )


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_results_are_pyshacls(cases, path):
    """pyshacl's results on the fixture (made once a session, tests/shapes/conftest.py) are fastshacl's."""
    fast = reference_shacl.validate(cases.graph(path), cases.compiled, cases.layers.ontology)
    assert_same(cases.reference(path), fast)
    if path.name.startswith("invalid-"):
        assert any(r.severity == "Violation" for r in fast), "an invalid fixture must be rejected by both"


def test_project_data_results_are_pyshacls(layers):
    reference, fast = both(layers.validation_graph(), layers, layers.subject_files)
    assert_same(reference, fast)
    assert fast and all(r.file for r in fast)  # the project's advisory warnings, each with its file


RG_QUALIFIER = URIRef("https://w3id.org/rightsgraph/def#qualifier")
RG_CAPACITY = URIRef("https://w3id.org/rightsgraph/def#capacity")


def mutate(graph: Graph, seed: int, count: int) -> Graph:
    """A copy of graph with `count` seeded edits that break shapes in many ways."""
    rng = random.Random(seed)
    out = Graph()
    for t in graph:
        out.add(t)
    triples = sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    triples = [t for t in triples if str(t[0]).startswith("https://w3id.org/rightsgraph/id/")]
    by_predicate: dict = {}
    for t in triples:
        by_predicate.setdefault(t[1], []).append(t)
    subjects = sorted({t[0] for t in triples}, key=str)
    for _ in range(count):
        s, p, o = rng.choice(triples)
        kind = rng.randrange(11)
        if kind == 0:  # delete a value (minCount, sh:or, hasValue)
            out.remove((s, p, o))
        elif kind == 1:  # a second value (maxCount)
            other = rng.choice(by_predicate[p])[2]
            out.add((s, p, other))
        elif kind == 2:  # another subject's value of the same property (SPARQL date orders, patterns)
            other = rng.choice(by_predicate[p])[2]
            out.remove((s, p, o))
            out.add((s, p, other))
        elif kind == 3:  # a value of another property (class, datatype, node, in)
            other = rng.choice(triples)[2]
            out.remove((s, p, o))
            out.add((s, p, other))
        elif kind == 4 and isinstance(o, Literal):  # ill-typed or re-typed literal
            out.remove((s, p, o))
            out.add((s, p, rng.choice([
                Literal("August 2001", datatype=XSD.gYear), Literal("12 %", datatype=XSD.integer),
                Literal(str(o)), Literal(str(o), lang="en"), Literal("-3", datatype=XSD.integer),
                Literal("1.5", datatype=XSD.decimal), Literal("true", datatype=XSD.boolean),
            ])))
        elif kind == 5:  # a blank node or literal where a resource is expected
            out.remove((s, p, o))
            out.add((s, p, rng.choice([BNode(f"mut{seed}x{_}"), Literal("somewhere")])))
        elif kind == 6:  # an untyped or mistyped resource (class constraints of the values pointing at it)
            for t in list(out.triples((o if isinstance(o, URIRef) else s, RDF.type, None))):
                out.remove(t)
        elif kind == 7:  # an IRI outside the policy, or a renamed state
            bad = URIRef(str(s).replace("/id/", "/id/Bad_Type/", 1) if rng.random() < 0.5 else str(s) + "x")
            for t in list(out.triples((s, None, None))):
                out.remove(t)
                out.add((bad, t[1], t[2]))
        elif kind == 9:  # a hedge outside sh:in, a negative capacity (sh:minInclusive)
            for q, bad in ((RG_QUALIFIER, Literal("roughly")), (RG_CAPACITY, Literal("-3", datatype=XSD.integer))):
                if by_predicate.get(q):
                    qs, _, qo = rng.choice(by_predicate[q])
                    out.remove((qs, q, qo))
                    out.add((qs, q, bad))
        elif kind == 10:  # a blank-node copy of a resource (sh:nodeKind sh:IRI of the IRI policy)
            copy = BNode(f"copy{seed}x{_}")
            for t in list(graph.triples((s, None, None))):
                out.add((copy, t[1], t[2]))
        else:  # a derived property asserted by hand, or a self-reference
            out.add((s, URIRef("https://w3id.org/rightsgraph/def#partyTo"), rng.choice(subjects)))
            out.add((s, URIRef("http://www.w3.org/ns/org#subOrganizationOf"), s))
    return out


def _mutations(base, count: int):
    """``get(seed)``: base's validation graph with ``count`` seeded edits, made once a module (read-only)."""
    made: dict[int, Graph] = {}

    def get(seed: int) -> Graph:
        if seed not in made:
            made[seed] = mutate(base.validation_graph(), seed, count)
        return made[seed]
    return get


@pytest.fixture(scope="module")
def broken_project(layers):
    return _mutations(layers, 60)


PROJECT_SEEDS, GENERATED_SEEDS = range(6), range(100, 103)


@pytest.mark.parametrize("seed", PROJECT_SEEDS)
def test_broken_project_data_is_rejected_the_same(layers, broken_project, seed):
    data = broken_project(seed)
    reference, fast = both(data, layers, layers.subject_files)
    assert_same(reference, fast)
    assert any(r.severity == "Violation" for r in fast)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory, bench_generate):
    gen = bench_generate
    out = tmp_path_factory.mktemp("synthetic")
    gen.generate(5_000, seed=7).write(out / "data")
    gen.make_root(out / "data", out / "root", ROOT)
    return load_layers(out / "root")


@pytest.fixture(scope="module")
def broken_generated(synthetic):
    return _mutations(synthetic, 150)


def test_generated_graph_results_are_pyshacls(synthetic):
    reference, fast = both(synthetic.validation_graph(), synthetic, synthetic.subject_files)
    assert_same(reference, fast)


@pytest.mark.parametrize("seed", GENERATED_SEEDS)
def test_broken_generated_graph_is_rejected_the_same(synthetic, broken_generated, seed):
    data = broken_generated(seed)
    reference, fast = both(data, synthetic, synthetic.subject_files)
    assert_same(reference, fast)
    assert len({r.shape for r in fast}) > 5, "the mutations should break many shapes"


def test_every_kind_of_constraint_fails_somewhere_in_the_mutations(cases, broken_project, broken_generated):
    """The mutation tests are only as good as what they break: each constraint kind must fail at least once."""
    layers, compiled = cases.layers, cases.compiled
    seen = set()
    graphs = [broken_project(s) for s in PROJECT_SEEDS] + [broken_generated(s) for s in GENERATED_SEEDS]
    for data in graphs:
        store = reference_shacl.graph_store(data, fastshacl.inoculated(layers.ontology))
        v = fastshacl._Validator(compiled, fastshacl._Data(store))
        for shape in compiled.top:
            for r in v.evaluate(shape, v.focus_nodes(shape)):
                seen.add(_kind(r))
    assert {"minCount", "maxCount", "datatype", "class", "pattern", "in", "minInclusive", "node", "node:hasValue", "or", "sparql", "nodeKind"} <= seen, seen


def _kind(r) -> str:
    if r.component == "node" and r.shape.nodes and any(n.properties and n.properties[0].has_values for n in r.shape.nodes):
        return "node:hasValue"
    return r.component


def test_batched_sparql_equals_pre_binding(layers, broken_project):
    """The batched SPARQL constraints (focus nodes joined in) give what per-focus pre-binding gives."""
    compiled = fastshacl.compile_shapes(layers.shapes)  # its own: the test switches batching off and on
    sparql = [c for shape in _all_shapes(compiled) for c in shape.sparql]
    assert sparql and all(c.batch for c in sparql)
    for seed in PROJECT_SEEDS[:3]:
        data = broken_project(seed)
        batched = reference_shacl.validate(data, compiled, layers.ontology)
        for c in sparql:
            c.batch = False
        try:
            per_focus = reference_shacl.validate(data, compiled, layers.ontology)
        finally:
            for c in sparql:
                c.batch = True
        assert_same(per_focus, batched)


def _all_shapes(compiled):
    seen, stack = {}, list(compiled.top)
    while stack:
        s = stack.pop()
        if id(s) in seen:
            continue
        seen[id(s)] = s
        stack.extend(s.nodes + s.properties + [x for alts in s.ors for x in alts])
    return list(seen.values())


def test_every_reportable_shape_has_a_message(layers):
    """fastshacl's generic messages are not pyshacl's; the project's shapes never need them."""
    compiled = fastshacl.compile_shapes(layers.shapes)
    for shape in compiled.top:
        for s in [shape] + shape.properties:
            direct = (s.min_count, s.max_count, s.datatype, s.node_kind, s.in_values)
            if any(x is not None for x in direct) or s.classes or s.has_values or s.patterns or s.min_inclusive or s.nodes or s.ors:
                assert s.messages, s.node
            assert all(c.messages or s.messages for c in s.sparql), s.node


@pytest.mark.parametrize("extra", [
    "sh:xone ( [ sh:datatype xsd:string ] )",
    "sh:path [ sh:inversePath rg:state ]",
    "sh:closed true",
    "sh:not [ sh:datatype xsd:string ]",
])
def test_unsupported_shacl_is_refused(extra):
    shapes = Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix rg: <https://w3id.org/rightsgraph/def#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <urn:s> a sh:NodeShape ; sh:targetClass rg:State ; {extra} .""", format="turtle")
    with pytest.raises(fastshacl.UnsupportedShapes):
        fastshacl.compile_shapes(shapes)


def test_terms_round_trip():
    for term in (URIRef("https://w3id.org/x"), BNode("b1"), Literal("a"), Literal("a", lang="en"), Literal("2001", datatype=XSD.gYear)):
        assert fastshacl.to_rdflib(fastshacl.to_ox(term)) == term

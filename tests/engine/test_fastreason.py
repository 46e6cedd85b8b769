"""fastreason gives exactly the inferred triples of reasoning.owl_rl_closure (owlrl)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from rightsgraph.reference import fastreason as reference_fastreason

from rightsgraph.build import reasoning
from rightsgraph.build.loading import load_layers


def _with_rules(layers, root):
    data = layers.all_data()
    for triple in reasoning.apply_rules(reasoning.rule_files(root), [layers.ontology, data]):
        data.add(triple)
    return data


def _assert_same(ontology, data):
    expected = set(reasoning.owl_rl_closure(ontology, data))
    got = set(reference_fastreason.owl_rl_closure(ontology, data))
    assert expected, "owlrl inferred nothing: the comparison would be vacuous"
    assert sorted(got - expected) == [] and sorted(expected - got) == []


def test_same_inferences_as_owlrl_on_the_project(root):
    layers = load_layers(root)
    _assert_same(layers.ontology, _with_rules(layers, root))


def test_same_inferences_as_owlrl_on_a_synthetic_graph(tmp_path, root, bench_generate):
    gen = bench_generate
    writer = gen.generate(5_000, seed=7, states=12)
    writer.write(tmp_path / "data")
    assert 3_000 < writer.triples < 8_000
    project = gen.make_root(tmp_path / "data", tmp_path / "root", root)
    layers = load_layers(project)
    _assert_same(layers.ontology, _with_rules(layers, project))


def test_reason_gives_the_builds_inferred_layer(root, compiled):
    """fastreason.reason (rules + fast closure) reproduces the inferred graph of the session's build."""
    from rightsgraph.namespaces import INFERRED_GRAPH

    layers = load_layers(root)
    expected = set(compiled.graph(INFERRED_GRAPH))
    assert expected
    assert set(reference_fastreason.reason(layers.ontology, layers.all_data(), root)) == expected


EX = "https://w3id.org/rightsgraph/id/x/"


def _ex(name):
    return URIRef(EX + name)


def test_constructs_the_ontology_does_not_use_yet():
    """Transitive, symmetric and equivalent properties/classes, and schema chains, as owlrl does them."""
    onto = Graph()
    p, q, r, t, sym, eq = (URIRef(f"https://w3id.org/rightsgraph/def#{n}") for n in ("p", "q", "r", "t", "sym", "eq"))
    a_class, b_class, c_class = (URIRef(f"https://w3id.org/rightsgraph/def#{n}") for n in ("A", "B", "C"))
    for cls in (a_class, b_class, c_class):
        onto.add((cls, RDF.type, OWL.Class))
    onto.add((a_class, RDFS.subClassOf, b_class))
    onto.add((b_class, OWL.equivalentClass, c_class))
    onto.add((p, RDFS.subPropertyOf, q))
    onto.add((q, OWL.inverseOf, r))
    onto.add((q, RDFS.domain, a_class))
    onto.add((r, RDFS.range, b_class))
    onto.add((t, RDF.type, OWL.TransitiveProperty))
    onto.add((sym, RDF.type, OWL.SymmetricProperty))
    onto.add((eq, OWL.equivalentProperty, q))
    data = Graph()
    data.add((_ex("s"), p, _ex("o")))
    data.add((_ex("s"), p, Literal("a literal")))
    for a, b in (("1", "2"), ("2", "3"), ("3", "4")):
        data.add((_ex(a), t, _ex(b)))
    data.add((_ex("m"), sym, _ex("n")))
    _assert_same(onto, data)

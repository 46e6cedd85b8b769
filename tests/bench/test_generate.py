"""bench/generate.py: deterministic, shaped like data/, conforming to the shapes, quotes in paragraphs."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import PROV, RDF

from rightsgraph.build.loading import load_layers
from rightsgraph.namespaces import RG
from rightsgraph.build.validation import validate


@pytest.fixture(scope="module")
def gen(bench_generate):
    return bench_generate


@pytest.fixture(scope="module")
def small(gen, tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic")
    writer = gen.generate(3_000, seed=3, states=8)
    writer.write(out / "data")
    return writer, out


def test_sizes(gen):
    assert gen.parse_size("50k") == 50_000 and gen.parse_size("2M") == 2_000_000 and gen.parse_size("1234") == 1234


def test_all_un_members_are_iso_codes(gen):
    names = gen.state_names()
    assert len(names) == 193 and "BLR" in names


def test_deterministic(gen, small, tmp_path):
    writer, out = small
    again = gen.generate(3_000, seed=3, states=8)
    again.write(tmp_path / "data")
    files = sorted(p.relative_to(out / "data") for p in (out / "data").rglob("*.ttl"))
    assert files == sorted(p.relative_to(tmp_path / "data") for p in (tmp_path / "data").rglob("*.ttl"))
    for rel in files:
        assert (out / "data" / rel).read_bytes() == (tmp_path / "data" / rel).read_bytes(), rel


def test_laid_out_like_data_and_counted(small):
    writer, out = small
    tops = {p.name for p in (out / "data").iterdir()}
    assert {"states", "treaties", "status", "sources", "organizations", "figures", "programmes", "recommendations"} <= tops
    g = Graph()
    for p in (out / "data").rglob("*.ttl"):
        g.parse(p, format="turtle")
    assert len(g) == writer.triples


def test_conforms_to_the_shapes_and_quotes_occur(gen, small, root):
    _, out = small
    project = gen.make_root(out / "data", out / "root", root)
    layers = load_layers(project)
    results = validate(layers.validation_graph(), layers.shapes, layers.ontology, layers.subject_files)
    assert [r.format() for r in results if r.severity == "Violation"] == []
    g = layers.all_data()
    quotes = list(g.subject_objects(RG.quote))
    assert quotes
    for node, quote in quotes:
        texts = [str(t) for para in g.objects(node, PROV.wasDerivedFrom) for t in g.objects(para, RG.text)]
        assert any(str(quote) in t for t in texts), node
    assert len(set(g.subjects(RDF.type, RG.State))) == 8
    assert set(g.subjects(RDF.type, RG.TreatyAction)) and set(g.subjects(RDF.type, RG.StatusAssertion))

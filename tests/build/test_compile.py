"""The build's pyoxigraph pipeline gives what the rdflib pipeline gave: same triples, same bytes.

load_store_layers (pyoxigraph's parser) against load_layers (rdflib's), compile_nquads against
rdflib's Dataset serialisation with to_canonical_graph, the rules on a Store against the rules on
rdflib, the quality checks on a Store against the checks on an rdflib graph, and whole builds with
the reference validator and reasoner against the default build.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph

from rightsgraph.build import checks

from rightsgraph.build import reasoning
from rightsgraph.build.pipeline import _load_store, build, compile_nquads
from rightsgraph.reference import checks as reference_checks
from rightsgraph.reference.compile import compile_dataset, nquads as _nquads
from rightsgraph.config import Settings
from rightsgraph.errors import ValidationFailed
from rightsgraph.build.fastshacl import to_ox
from rightsgraph.build.loading import load_layers, load_store_layers
from rightsgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, SOURCES_GRAPH
from rightsgraph.build.progress import Progress

ROOT = Path(__file__).resolve().parents[2]
CHECK_CASES = ROOT / "tests" / "shapes" / "cases" / "_checks"


def without_bnodes(triples) -> set:
    return {t for t in triples if not any(isinstance(x, ox.BlankNode) for x in t)}


def as_ox(graph: Graph) -> list:
    return [tuple(to_ox(x) for x in t) for t in graph]


@pytest.fixture(scope="module")
def both_layers():
    return load_layers(ROOT), load_store_layers(ROOT)


def test_pyoxigraph_loader_reads_what_rdflib_reads(both_layers):
    ref, fast = both_layers
    for name in ("ontology", "data", "sources"):
        expected = as_ox(getattr(ref, name))
        got = getattr(fast, f"{name}_triples")
        assert without_bnodes(got) == without_bnodes(expected), name
        assert len(got) == len(expected), name  # blank nodes too (labels differ)
    assert len(fast.shapes) == len(ref.shapes)
    iri_files = {to_ox(k): v for k, v in ref.subject_files.items() if not isinstance(k, BNode)}
    assert {k: v for k, v in fast.subject_files.items() if not isinstance(k, ox.BlankNode)} == iri_files


def test_compiled_nquads_are_rdflibs_bytes(both_layers):
    """compile_nquads is byte-identical to rdflib's Dataset + to_canonical_graph + N-Quads serialiser."""
    ref, _ = both_layers
    inferred = reasoning.reason(ref.ontology, ref.all_data(), ROOT)
    rdflib_layers = {ONTOLOGY_GRAPH: ref.ontology, DATA_GRAPH: ref.data, INFERRED_GRAPH: inferred, SOURCES_GRAPH: ref.sources}
    expected = _nquads(compile_dataset(rdflib_layers))
    got = compile_nquads({name: as_ox(g) for name, g in rdflib_layers.items()})
    assert got == expected


def test_canonical_labels_of_symmetric_blank_nodes(tmp_path):
    """Indistinguishable blank nodes (which rdflib individuates) and a cycle get rdflib's labels."""
    text = """@prefix ex: <https://w3id.org/rightsgraph/id/x/> .
    ex:a ex:p [ ex:q 1 ; ex:r [ ex:q 2 ] ] , [ ex:q 1 ; ex:r [ ex:q 2 ] ] .
    ex:b ex:p _:c1 . _:c1 ex:n _:c2 . _:c2 ex:n _:c3 . _:c3 ex:n _:c1 .
    _:lone ex:q "x"@en ."""
    g = Graph().parse(data=text, format="turtle")
    for t in load_layers(ROOT).data:  # among many triples without blank nodes
        g.add(t)
    name = DATA_GRAPH
    expected = _nquads(compile_dataset({name: g}))
    got = compile_nquads({name: as_ox(g)})
    assert got.count(b"_:cb") >= 9 and got == expected


def test_rules_on_a_store_derive_what_rdflib_derives(both_layers):
    ref, fast = both_layers
    expected = reasoning.apply_rules(reasoning.rule_files(ROOT), [ref.ontology, ref.all_data()])
    store = _load_store(fast.ontology_triples, fast.data_triples, fast.sources_triples)
    got = reasoning.apply_rules_store(reasoning.rule_files(ROOT), store)
    assert got and set(got) == set(as_ox(expected))


def _compiled_pair(ref) -> tuple[Graph, ox.Store]:
    inferred = reasoning.reason(ref.ontology, ref.all_data(), ROOT)
    g = Graph()
    for layer in (ref.ontology, ref.data, ref.sources, inferred):
        for t in layer:
            g.add(t)
    return g, _load_store(as_ox(g))


def rows(results) -> dict:
    """Rows as multisets; a GROUP_CONCAT value as its sorted parts (SPARQL leaves their order open)."""
    def value(v: str) -> str:
        return ", ".join(sorted(v.split(", "))) if ", " in v else v

    return {r.check: Counter(tuple(sorted((k, value(v)) for k, v in row.items())) for row in r.rows) for r in results}


def test_checks_and_findings_on_a_store_are_rdflibs(both_layers):
    ref, _ = both_layers
    g, store = _compiled_pair(ref)
    for directory in (ROOT / "queries" / "checks", ROOT / "queries" / "findings"):
        assert rows(checks.run_query_checks_store(store, directory)) == rows(reference_checks.run_query_checks(g, directory))
    findings = checks.run_query_checks_store(store, ROOT / "queries" / "findings")
    assert sum(len(f.rows) for f in findings) > 0  # the comparison covers rows, not only empty answers
    assert checks.quote_check_store(store) == reference_checks.quote_check(g)
    assert checks.defined_terms_check_triples(as_ox(ref.data), as_ox(ref.ontology)) == reference_checks.defined_terms_check(ref.data, ref.ontology)
    assert checks.literal_types_check_triples(as_ox(ref.data)) == reference_checks.literal_types_check(ref.data)


@pytest.mark.parametrize("path", sorted(CHECK_CASES.glob("*.ttl")), ids=lambda p: p.stem)
def test_failing_checks_fail_the_same_on_a_store(both_layers, path):
    ref, _ = both_layers
    g, _ = _compiled_pair(ref)
    g.parse(path, format="turtle")
    store = _load_store(as_ox(g))
    directory = ROOT / "queries" / "checks"
    expected = rows(reference_checks.run_query_checks(g, directory))
    assert any(expected.values()), "the case must fail a check"
    assert rows(checks.run_query_checks_store(store, directory)) == expected


def test_broken_quotes_terms_and_literals_are_found_the_same(both_layers):
    ref, _ = both_layers
    g, _ = _compiled_pair(ref)
    broken = Graph().parse(data="""
        @prefix rg: <https://w3id.org/rightsgraph/def#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        <https://w3id.org/rightsgraph/id/state/BLR> rg:partyToo <https://w3id.org/rightsgraph/id/treaty/untc-V-2> ;
            rg:quote "words no paragraph has" .
        <https://w3id.org/rightsgraph/id/finding/x> rg:quote "nothing cited" ; rg:capacity "many"^^xsd:integer ;
            rg:asOf "2009-13-45"^^xsd:date .""", format="turtle")
    for t in broken:
        g.add(t)
    data = Graph()
    for t in list(ref.data) + list(broken):
        data.add(t)
    store = _load_store(as_ox(g))
    quote = checks.quote_check_store(store)
    assert quote == reference_checks.quote_check(g) and len(quote.rows) == 2
    terms = checks.defined_terms_check_triples(as_ox(data), as_ox(ref.ontology))
    assert terms == reference_checks.defined_terms_check(data, ref.ontology) and terms.rows
    literals = checks.literal_types_check_triples(as_ox(data))
    assert literals == reference_checks.literal_types_check(data) and len(literals.rows) == 2


def test_reference_validator_gives_the_default_build(built, project_copy, tmp_path):
    """pyshacl stays the reference: a build validated with it is byte-identical, with the same warnings."""
    reference = build(Settings(root=project_copy, build_dir=tmp_path / "pyshacl", validator="pyshacl"), progress=Progress(6, quiet=True))
    default = build(Settings(root=project_copy, build_dir=tmp_path / "fast"), progress=Progress(6, quiet=True))
    assert reference.digest == default.digest == built.digest
    assert reference.warnings == default.warnings and default.warnings
    assert "validate with SHACL (pyshacl)" in reference.timings


def test_both_validators_reject_invalid_data_alike(project_copy, tmp_path):
    (project_copy / "data" / "status" / "broken.ttl").write_text(
        "@prefix rg: <https://w3id.org/rightsgraph/def#> .\n"
        "<https://w3id.org/rightsgraph/id/treaty-action/BLR/untc-V-3/accession> a rg:TreatyAction ; rg:state <https://w3id.org/rightsgraph/id/state/bad> .\n"
        "<https://w3id.org/rightsgraph/id/state/XXA> a rg:State ; rg:isoCode \"xx\" .\n",
        encoding="utf-8",
    )
    found = {}
    for validator in ("fast", "pyshacl"):
        with pytest.raises(ValidationFailed) as failed:
            build(Settings(root=project_copy, build_dir=tmp_path / validator, validator=validator), progress=Progress(6, quiet=True))
        found[validator] = failed.value.violations
    assert found["fast"] == found["pyshacl"]
    assert {v.focus for v in found["fast"]} >= {
        "https://w3id.org/rightsgraph/id/treaty-action/BLR/untc-V-3/accession", "https://w3id.org/rightsgraph/id/state/XXA"}


def test_unknown_validator_is_a_usage_error(tmp_path):
    from rightsgraph.errors import UsageError

    with pytest.raises(UsageError, match="validator"):
        build(Settings(root=ROOT, build_dir=tmp_path / "b", validator="nope"), progress=Progress(6, quiet=True))


def _same_parse(path: Path) -> None:
    from rightsgraph.build.loading import parse_file_ox

    g = Graph().parse(data=path.read_bytes(), format="turtle", publicID=path.resolve().as_uri())
    got = parse_file_ox(path)
    assert without_bnodes(got) == without_bnodes(as_ox(g)), path
    assert len(got) == len(g), path


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "shapes" / "cases").glob("*/*.ttl")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixtures_parse_the_same_with_both_parsers(path):
    _same_parse(path)


def test_generated_data_parses_the_same_with_both_parsers(tmp_path, bench_generate):
    bench_generate.generate(5_000, seed=7).write(tmp_path / "data")
    files = sorted((tmp_path / "data").rglob("*.ttl"))
    assert len(files) > 100
    for path in files:
        _same_parse(path)


def test_unparsable_turtle_names_the_file(tmp_path):
    from rightsgraph.errors import SourceError
    from rightsgraph.build.loading import parse_file_ox

    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(SourceError, match="bad.ttl"):
        parse_file_ox(bad)

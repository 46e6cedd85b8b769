"""The build: deterministic, atomic, and its dumps round-trip to the compiled graph."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from rightsgraph.build import build, current_build, read_manifest
from rightsgraph.config import Settings
from rightsgraph.errors import CheckFailed, SourceError, ValidationFailed
from rightsgraph.build.progress import Progress


def quiet_build(settings):
    return build(settings, progress=Progress(6, quiet=True))


def test_two_builds_give_identical_dumps(built, project_copy, tmp_path):
    again = quiet_build(Settings(root=project_copy, build_dir=tmp_path / "b2"))
    assert again.digest == built.digest
    for name in ("dataset.nq", "dataset.ttl", "dataset.nt", "dataset.trig", "dataset.jsonld", "dataset.nq.gz"):
        assert (again.path / "dumps" / name).read_bytes() == (built.path / "dumps" / name).read_bytes(), name


def test_manifest_digest_is_the_dataset_digest(built):
    manifest = read_manifest(built.path)
    assert manifest["digest"] == hashlib.sha256((built.path / "dumps" / "dataset.nq").read_bytes()).hexdigest()
    assert manifest["triples"] == sum(manifest["graphs"].values())


@pytest.mark.parametrize("name,fmt", [("dataset.ttl", "turtle"), ("dataset.nt", "nt")])
def test_triple_dumps_round_trip(built, compiled, name, fmt):
    union = Graph()
    for triple in compiled.triples((None, None, None)):
        union.add(triple)
    g = Graph().parse(built.path / "dumps" / name, format=fmt)
    assert isomorphic(g, union)


@pytest.mark.parametrize("name,fmt", [("dataset.trig", "trig"), ("dataset.jsonld", "json-ld")])
def test_quad_dumps_round_trip(built, compiled, name, fmt):
    ds = Dataset()
    ds.parse(built.path / "dumps" / name, format=fmt)
    for graph in compiled.graphs():
        if len(graph) == 0:
            continue
        assert isomorphic(ds.graph(graph.identifier), graph), graph.identifier


def test_gzip_dumps_hold_the_same_bytes(built):
    for plain in (built.path / "dumps").glob("dataset.*"):
        if plain.suffix != ".gz":
            assert gzip.decompress((plain.parent / f"{plain.name}.gz").read_bytes()) == plain.read_bytes()


def test_layers_are_kept_apart(built):
    graphs = read_manifest(built.path)["graphs"]
    assert set(graphs) == {f"https://w3id.org/rightsgraph/graph/{n}" for n in ("ontology", "data", "inferred", "sources")}
    assert all(count > 0 for count in graphs.values())


def test_invalid_data_fails_and_leaves_the_last_build(project_copy, tmp_path):
    settings = Settings(root=project_copy, build_dir=tmp_path / "builds")
    good = quiet_build(settings)
    (project_copy / "data" / "status" / "broken.ttl").write_text(
        "@prefix rg: <https://w3id.org/rightsgraph/def#> .\n"
        "<https://w3id.org/rightsgraph/id/treaty-action/BLR/untc-V-3/accession> a rg:TreatyAction .\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as failed:
        quiet_build(settings)
    focus = {v.focus for v in failed.value.violations}
    assert "https://w3id.org/rightsgraph/id/treaty-action/BLR/untc-V-3/accession" in focus
    assert all(v.file and v.file.endswith("broken.ttl") for v in failed.value.violations)
    assert current_build(settings) == good.path
    assert read_manifest(good.path)["digest"] == good.digest
    assert not list(settings.builds.glob(".tmp-*"))


def test_cli_exits_1_listing_the_violation_and_keeps_the_build(project_copy, tmp_path):
    env_root = ["--root", str(project_copy)]
    env = {"RIGHTSGRAPH_BUILD_DIR": str(tmp_path / "cli-builds"), "PATH": ""}
    ok = subprocess.run([sys.executable, "-m", "rightsgraph.cli", *env_root, "build"], capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    before = (tmp_path / "cli-builds" / "current").resolve()
    (project_copy / "data" / "states" / "broken.ttl").write_text(
        "@prefix rg: <https://w3id.org/rightsgraph/def#> .\n<https://w3id.org/rightsgraph/id/state/XXA> a rg:State .\n", encoding="utf-8"
    )
    bad = subprocess.run([sys.executable, "-m", "rightsgraph.cli", *env_root, "build"], capture_output=True, text=True, env=env)
    assert bad.returncode == 1
    assert "https://w3id.org/rightsgraph/id/state/XXA" in bad.stderr
    assert "rg:isoCode" in bad.stderr and "broken.ttl" in bad.stderr
    assert (tmp_path / "cli-builds" / "current").resolve() == before


def test_unparsable_turtle_is_an_io_error(project_copy, tmp_path):
    (project_copy / "data" / "states" / "syntax.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(SourceError, match="syntax.ttl"):
        quiet_build(Settings(root=project_copy, build_dir=tmp_path / "b"))


def test_a_quote_not_in_its_paragraph_fails_the_checks(project_copy, tmp_path):
    path = project_copy / "data" / "status" / "blr-status.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('rg:quote "so far it has not ratified', 'rg:quote "so far it has never ratified'), encoding="utf-8")
    with pytest.raises(CheckFailed) as failed:
        quiet_build(Settings(root=project_copy, build_dir=tmp_path / "b"))
    rows = [row for f in failed.value.failures if f.check == "quotes-occur-in-paragraphs" for row in f.rows]
    assert [r["node"] for r in rows] == ["https://w3id.org/rightsgraph/id/status-assertion/BLR/untc-IV-13/unct-blr-2009-p66"]


def test_an_undefined_rg_term_fails_the_checks(project_copy, tmp_path):
    (project_copy / "data" / "states" / "typo.ttl").write_text(
        "@prefix rg: <https://w3id.org/rightsgraph/def#> .\n"
        "<https://w3id.org/rightsgraph/id/state/BLR> rg:partyToo <https://w3id.org/rightsgraph/id/treaty/untc-V-2> .\n",
        encoding="utf-8",
    )
    with pytest.raises(CheckFailed) as failed:
        quiet_build(Settings(root=project_copy, build_dir=tmp_path / "b"))
    rows = [row for f in failed.value.failures if f.check == "rg-terms-defined" for row in f.rows]
    assert rows == [{"term": "https://w3id.org/rightsgraph/def#partyToo"}]


def test_build_reports_every_step(built):
    assert list(built.timings) == [
        "load ontology, shapes, data and sources",
        "validate with SHACL (fast)",
        "reason (OWL-RL closure + project rules)",
        "quality checks",
        "compile dataset and dumps",
        "publish atomically",
    ]
    assert json.loads((built.path / "manifest.json").read_text())["version"]


def test_fast_reasoner_gives_the_reference_reasoners_build(built, project_copy, tmp_path):
    """owlrl stays the reference: a build reasoned with it is byte-identical to the default build."""
    reference = quiet_build(Settings(root=project_copy, build_dir=tmp_path / "owlrl", reasoner="owlrl"))
    assert reference.digest == built.digest

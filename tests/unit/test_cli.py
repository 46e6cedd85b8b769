"""The CLI's documented exit codes and formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def rg(*args, env_build=None, cwd=None):
    env = dict(os.environ)
    if env_build:
        env["RIGHTSGRAPH_BUILD_DIR"] = str(env_build)
    return subprocess.run([sys.executable, "-m", "rightsgraph.cli", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def build_dir(built):
    return built.path.parents[1]


def test_validate_all_data_exits_0():
    result = rg("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 violation(s)" in result.stdout


def test_validate_a_bad_file_exits_1_with_the_violation(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix rg: <https://w3id.org/rightsgraph/def#> .\n"
        "<https://w3id.org/rightsgraph/id/status-assertion/BLR/untc-V-2/x> a rg:StatusAssertion .\n",
        encoding="utf-8",
    )
    result = rg("validate", str(bad))
    assert result.returncode == 1
    assert "https://w3id.org/rightsgraph/id/status-assertion/BLR/untc-V-2/x" in result.stdout
    assert "rg:asOf" in result.stdout


def test_validate_a_missing_or_broken_file_exits_2(tmp_path):
    assert rg("validate", str(tmp_path / "missing.ttl")).returncode == 2
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    result = rg("validate", str(broken))
    assert result.returncode == 2 and "not valid Turtle" in result.stderr


def test_query_json_prints_sparql_results(build_dir):
    result = rg("query", "--name", "unratified-conventions", "--param", "state=BLR", "--format", "json", env_build=build_dir)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert "state" in doc["head"]["vars"]
    assert len(doc["results"]["bindings"]) == 4


def test_query_table_and_bad_parameter(build_dir):
    table = rg("query", "--name", "unratified-conventions", "--param", "state=BLR", env_build=build_dir)
    assert table.returncode == 0 and "(4 rows)" in table.stdout
    bad = rg("query", "--name", "unratified-conventions", "--param", "state=NOT A STATE", env_build=build_dir)
    assert bad.returncode == 2 and "ISO 3166-1" in bad.stderr
    unknown = rg("query", "--name", "no-such-query", env_build=build_dir)
    assert unknown.returncode == 2 and "no named query" in unknown.stderr


def test_query_file(build_dir, tmp_path):
    q = tmp_path / "count.rq"
    q.write_text("#+ title: Count\n#+ description: treaties\nSELECT (COUNT(?t) AS ?n) WHERE { ?t a <https://w3id.org/rightsgraph/def#Treaty> }\n")
    result = rg("query", str(q), "--format", "csv", env_build=build_dir)
    assert result.returncode == 0 and result.stdout.splitlines()[0] == "n"
    assert int(result.stdout.splitlines()[1]) >= 13


def test_export_turtle(build_dir, tmp_path):
    out = tmp_path / "all.ttl"
    assert rg("export", "--format", "turtle", "-o", str(out), env_build=build_dir).returncode == 0
    from rdflib import Graph

    assert len(Graph().parse(out)) > 1000

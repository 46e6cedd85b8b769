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
    # 4 treaties stated not party (UNCT 2009), 9 implied (A/HRC/15/16; the ICRMW in both): 12, one row per unit of evidence
    assert len({b["treaty"]["value"] for b in doc["results"]["bindings"]}) == 12


def test_query_table_and_bad_parameter(build_dir):
    table = rg("query", "--name", "unratified-conventions", "--param", "state=BLR", "--param", "basis=stated", env_build=build_dir)
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


PLAIN_SELECT = "SELECT ?t WHERE { ?t a <https://w3id.org/rightsgraph/def#Treaty> } ORDER BY ?t LIMIT 3\n"
ASK_PARTY = "ASK { <https://w3id.org/rightsgraph/id/state/BLR> <https://w3id.org/rightsgraph/def#partyTo> ?t }"
ASK_NOTHING = "ASK { <https://w3id.org/rightsgraph/id/state/BLR> <https://w3id.org/rightsgraph/def#partyTo> <urn:x-none> }"
CONSTRUCT_BLR = "CONSTRUCT WHERE { <https://w3id.org/rightsgraph/id/state/BLR> ?p ?o }"


def rg_input(*args, stdin: str, env_build=None):
    env = dict(os.environ)
    if env_build:
        env["RIGHTSGRAPH_BUILD_DIR"] = str(env_build)
    return subprocess.run([sys.executable, "-m", "rightsgraph.cli", *args], input=stdin, capture_output=True, text=True, env=env, timeout=300)


def test_query_a_plain_rq_file(build_dir, tmp_path):
    q = tmp_path / "plain.rq"
    q.write_text("# a comment, no headers\n" + PLAIN_SELECT, encoding="utf-8")
    result = rg("query", str(q), env_build=build_dir)
    assert result.returncode == 0, result.stderr
    assert "(3 rows)" in result.stdout and "id:treaty/" in result.stdout  # IRIs as CURIEs


def test_query_text_and_standard_input(build_dir):
    result = rg("query", "--query", PLAIN_SELECT, "--format", "csv", env_build=build_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "t" and len(result.stdout.splitlines()) == 4
    piped = rg_input("query", "-", "--format", "tsv", stdin=PLAIN_SELECT, env_build=build_dir)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.splitlines()[0] == "?t" and len(piped.stdout.splitlines()) == 4


def test_query_output_follows_the_query_form(build_dir):
    from rdflib import Graph, URIRef

    yes = rg("query", "--query", ASK_PARTY, env_build=build_dir)
    assert yes.returncode == 0, yes.stderr
    assert yes.stdout.strip() == "true"
    no = rg("query", "--query", ASK_NOTHING, env_build=build_dir)
    assert no.returncode == 0 and no.stdout.strip() == "false"
    assert json.loads(rg("query", "--query", ASK_PARTY, "--format", "json", env_build=build_dir).stdout)["boolean"] is True
    graph = rg("query", "--query", CONSTRUCT_BLR, env_build=build_dir)
    assert graph.returncode == 0, graph.stderr
    g = Graph().parse(data=graph.stdout, format="turtle")
    assert (URIRef("https://w3id.org/rightsgraph/id/state/BLR"), None, None) in g
    nt = rg("query", "--query", CONSTRUCT_BLR, "--format", "ntriples", env_build=build_dir)
    assert nt.returncode == 0 and len(Graph().parse(data=nt.stdout, format="nt")) == len(g)


def test_query_usage_errors(build_dir, tmp_path):
    none = rg("query", env_build=build_dir)
    assert none.returncode == 2 and "give one query" in none.stderr
    two = rg("query", "--query", PLAIN_SELECT, "--name", "unratified-conventions", env_build=build_dir)
    assert two.returncode == 2 and "give one query" in two.stderr
    params = rg("query", "--query", PLAIN_SELECT, "--param", "state=BLR", env_build=build_dir)
    assert params.returncode == 2 and "named query" in params.stderr
    wrong = rg("query", "--query", CONSTRUCT_BLR, "--format", "csv", env_build=build_dir)
    assert wrong.returncode == 2 and "not available for graph results" in wrong.stderr
    assert rg("query", str(tmp_path / "missing.rq"), env_build=build_dir).returncode == 2


def test_version():
    result = rg("--version")
    from rightsgraph import __version__

    assert result.returncode == 0 and result.stdout.strip() == f"rightsgraph {__version__}"


def test_tables_fit_the_terminal_with_curies(capsys):
    from rdflib import Literal, URIRef

    from rightsgraph.cli import _print_table

    rows = [{"treaty": URIRef("https://w3id.org/rightsgraph/id/treaty/untc-V-2"), "label": Literal("x" * 200), "n": None},
            {"treaty": URIRef("http://example.org/other"), "label": Literal("two\nlines"), "n": Literal(3)}]
    _print_table(rows, columns=60)
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line) <= 60 for line in lines), lines
    assert lines[2].startswith("id:treaty/untc-V-2") and lines[2].rstrip().endswith("…")
    assert "two lines" in lines[3] and "http://example.org/other" in lines[3] and lines[-1] == "(2 rows)"

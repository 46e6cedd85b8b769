"""RemoteEngine and publish() against a real `oxigraph serve` on a free loopback port."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from rightsgraph.engine import open_engine
from rightsgraph.errors import EngineUnavailable
from rightsgraph.engine.remote import RemoteEngine, bind_values, publish, query_form
from rightsgraph.errors import QueryError, UsageError

from .corpus import ASKS, CONSTRUCTS, SELECTS, named_queries, row_multiset, same_graph, with_prefixes

OXIGRAPH = Path(sys.executable).with_name("oxigraph")
if not OXIGRAPH.exists() and shutil.which("oxigraph"):
    OXIGRAPH = Path(shutil.which("oxigraph"))
pytestmark = pytest.mark.skipif(not OXIGRAPH.exists(), reason="the oxigraph CLI (PyPI package 'oxigraph') is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(location: Path | None, *extra: str):
    port = _free_port()
    cmd = [str(OXIGRAPH), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph", *extra]
    if location is not None:
        cmd += ["--location", str(location)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with {proc.returncode}")
        try:
            httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=1, trust_env=False)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("oxigraph serve did not start")


def _stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


@pytest.fixture(scope="module")
def server(tmp_path_factory, build_path):
    proc, base = _start(tmp_path_factory.mktemp("oxigraph-store"), "--timeout-s", "2")
    try:
        counts = publish(build_path, base + "/store")
        yield base, counts
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def remote(server):
    engine = RemoteEngine(server[0] + "/query", timeout=10)
    yield engine
    engine.close()


def test_publish_loads_every_named_graph(server, remote, oxigraph):
    _, counts = server
    assert sorted(counts) == oxigraph.graph_names()
    assert remote.graph_names() == oxigraph.graph_names()
    assert remote.triple_count() == oxigraph.triple_count() == sum(counts.values())


def test_publish_again_replaces_instead_of_duplicating(server, remote, build_path, oxigraph):
    publish(build_path, server[0] + "/store")
    assert remote.triple_count() == oxigraph.triple_count()


def test_publish_as_nquads(build_path, oxigraph):
    proc, base = _start(None)  # an in-memory server
    try:
        publish(build_path, base + "/store", quads=True)
        with RemoteEngine(base + "/query") as engine:
            assert engine.triple_count() == oxigraph.triple_count()
    finally:
        _stop(proc)


def test_named_queries_agree(root, remote, oxigraph):
    for name, text, bindings in named_queries(root):
        assert row_multiset(remote.select(text, bindings), text) == row_multiset(oxigraph.select(text, bindings), text), name


@pytest.mark.parametrize("name", sorted(SELECTS))
def test_select_agrees(name, remote, oxigraph):
    query = with_prefixes(SELECTS[name])
    assert row_multiset(remote.select(query)) == row_multiset(oxigraph.select(query))


def test_ask_and_construct_agree(remote, oxigraph):
    for query, expected in ASKS.values():
        result = remote.query(with_prefixes(query))
        assert result.kind == "ask" and json.loads(result.body)["boolean"] is expected
    for query in CONSTRUCTS.values():
        a = remote.query(with_prefixes(query), fmt="ntriples")
        b = oxigraph.query(with_prefixes(query), fmt="ntriples")
        assert a.kind == "graph" and a.media_type == "application/n-triples"
        assert same_graph(a.body, b.body, "nt")


def test_formats_are_passed_through(remote):
    query = with_prefixes(SELECTS["group-by-count"])
    for fmt, media in (("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
                       ("csv", "text/csv"), ("tsv", "text/tab-separated-values")):
        result = remote.query(query, fmt=fmt)
        assert result.media_type == media and result.body
    with pytest.raises(UsageError):
        remote.query(query, fmt="turtle")


def test_dataset_selection(remote, oxigraph):
    from rightsgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH

    query = with_prefixes("SELECT ?s ?t WHERE { ?s rg:partyTo ?t }")
    for g in (DATA_GRAPH, INFERRED_GRAPH):
        a = json.loads(remote.query(query, default_graphs=[str(g)]).body)["results"]["bindings"]
        b = json.loads(oxigraph.query(query, default_graphs=[str(g)]).body)["results"]["bindings"]
        assert len(a) == len(b)


def test_bindings_are_sent_as_typed_terms_not_text(remote):
    from rdflib import Literal, URIRef

    query = with_prefixes("SELECT ?s ?l WHERE { ?s rdfs:label ?l }")
    injected = Literal('Belarus"@en } ?x ?y ?z { ')
    assert remote.select(query, {"l": injected}) == []
    rows = remote.select(query, {"s": URIRef("https://w3id.org/rightsgraph/id/state/BLR")})
    assert rows and all(str(r["s"]).endswith("/BLR") for r in rows)
    with pytest.raises(UsageError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("http://x> } ; DROP ALL ; <y")})


def test_errors(remote, server):
    with pytest.raises(QueryError):
        remote.select("SELEC nothing")
    with pytest.raises(EngineUnavailable):
        RemoteEngine(f"http://127.0.0.1:{_free_port()}/query", timeout=2).select("SELECT * {}")
    with pytest.raises(UsageError):
        RemoteEngine("file:///etc/passwd")


def test_deadline_is_engine_unavailable(server):
    """The client's deadline holds even where `oxigraph serve --timeout-s` checks its own only coarsely
    (it cancels this 3-way cross join after ~20 s, not 2 s; a cut JSON body is also EngineUnavailable)."""
    with RemoteEngine(server[0] + "/query", timeout=2.0) as engine:
        started = time.monotonic()
        with pytest.raises(EngineUnavailable):
            engine.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        assert time.monotonic() - started < 2.0 + 3.0


def test_query_form():
    assert query_form("PREFIX a: <http://x/SELECT#>\n# ASK me\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == "graph"
    assert query_form("ask {}") == "ask"
    assert query_form('SELECT ("CONSTRUCT" AS ?x) {}') == "select"


def test_open_engine_url(server):
    engine = open_engine(server[0] + "/query", Path("unused"))
    assert isinstance(engine, RemoteEngine)
    engine.close()


def test_bindings_go_first_into_the_outermost_group():
    from rdflib import URIRef

    from rightsgraph.engine.remote import bind_values

    s = URIRef("https://w3id.org/rightsgraph/id/state/BLR")
    assert bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": s}) == f"SELECT ?s WHERE {{ VALUES (?s) {{ (<{s}>) }}  ?s ?p ?o }}"
    construct = bind_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": s})
    assert construct.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES")
    tricky = bind_values('# SELECT {\nSELECT ?s ("{" AS ?x) { ?s <urn:a{b> ?o }', {"s": s})
    assert tricky.startswith('# SELECT {\nSELECT ?s ("{" AS ?x) { VALUES')
    assert bind_values(f"DESCRIBE <{s}>", {"s": s}).endswith(f"VALUES (?s) {{ (<{s}>) }}\n")


def test_deeply_nested_queries_never_reach_the_server(remote):
    """10 KB of nested braces aborts a whole `oxigraph serve` 0.5.13 (stack overflow); refuse them first."""
    with pytest.raises(QueryError):
        remote.select("SELECT * WHERE " + "{" * 5000 + "}" * 5000)
    assert remote.select("SELECT ?s WHERE { { { ?s a ?c } } } LIMIT 1")  # the server is still up


def test_max_rows_cuts_json_answers(remote):
    result = remote.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=3)
    assert result.truncated and result.rows == 3
    assert len(json.loads(result.body)["results"]["bindings"]) == 3


def test_publish_command_loads_a_build(build_path, oxigraph, tmp_path):
    """`rightsgraph publish --to URL` puts the last build into a live store."""
    import os
    import subprocess

    proc, base = _start(None)
    try:
        env = dict(os.environ, RIGHTSGRAPH_BUILD_DIR=str(build_path.parents[1]))
        done = subprocess.run([sys.executable, "-m", "rightsgraph.cli", "publish", "--to", base + "/store"],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "https://w3id.org/rightsgraph/graph/data" in done.stdout
        with RemoteEngine(base + "/query") as engine:
            assert engine.triple_count() == oxigraph.triple_count()
        refused = subprocess.run([sys.executable, "-m", "rightsgraph.cli", "publish", "--to", "http://127.0.0.1:9/store"],
                                 capture_output=True, text=True, env=env, timeout=120)
        assert refused.returncode == 2 and "error:" in refused.stderr
    finally:
        _stop(proc)

"""The private APIs of other packages that rightsgraph relies on, each checked so that an upgrade that
changes one fails here, loudly and by name, instead of somewhere deep in the suite or in production.
pyproject.toml caps each of these packages below its next minor release; raise a cap only with this
file green on the new version."""

from __future__ import annotations

import inspect
from importlib.metadata import version

import h11
import pytest


def _minor(package: str) -> tuple[int, int]:
    major, minor = version(package).split(".")[:2]
    return int(major), int(minor)


def test_uvicorn_h11_protocol_keeps_the_hooks_the_hardened_protocol_overrides():
    """api/limits.HardenedH11Protocol subclasses uvicorn's H11Protocol and reads its state."""
    from uvicorn.protocols.http.h11_impl import H11Protocol, RequestResponseCycle

    assert _minor("uvicorn") == (0, 55), "HardenedH11Protocol was written against uvicorn 0.55"
    for hook in ("connection_made", "data_received", "on_response_complete", "connection_lost", "send_400_response", "handle_events"):
        assert callable(getattr(H11Protocol, hook, None)), f"uvicorn's H11Protocol lost {hook}()"
    source = inspect.getsource(H11Protocol)
    for attribute in ("self.connections", "self.client", "self.cycle", "self.conn", "self.loop", "self.transport"):
        assert attribute in source, f"uvicorn's H11Protocol no longer sets {attribute}"
    cycle = inspect.getsource(RequestResponseCycle)
    for attribute in ("self.disconnected", "self.message_event", "self.response_started"):
        assert attribute in cycle, f"uvicorn's RequestResponseCycle no longer has {attribute}"
    assert {h11.IDLE, h11.SEND_BODY}  # the connection states the protocol compares with


def test_pyshacl_internals_fastshacl_reproduces():
    """fastshacl is proven equal to pyshacl 0.40 and borrows two of its helpers."""
    from pyshacl.rdfutil import compare_literal
    from pyshacl.rdfutil.inoculate import inoculate

    assert _minor("pyshacl") == (0, 40), "fastshacl is proven equal to pyshacl 0.40 only: rerun tests/shapes/test_fastshacl.py"
    assert list(inspect.signature(compare_literal).parameters)[:2] == ["l1", "l2"]
    assert list(inspect.signature(inoculate).parameters)[:2] == ["data_graph", "ontology"]


def test_rdflib_canonicaliser_and_sparql_processor():
    """The build labels blank nodes with rdflib's private _TripleCanonicalizer; query.sparqlcache replaces
    SPARQLProcessor.query with a version that reuses translations."""
    from rdflib import BNode, Graph, URIRef
    from rdflib.compare import _TripleCanonicalizer
    from rdflib.plugins.sparql.processor import SPARQLProcessor

    assert _minor("rdflib") == (7, 6), "the canonical blank-node labels and the query cache were checked on rdflib 7.6"
    g = Graph()
    g.add((BNode(), URIRef("urn:x:p"), URIRef("urn:x:o")))
    assert len(list(_TripleCanonicalizer(g).canonical_triples())) == 1
    from rightsgraph.query import sparqlcache

    original = inspect.signature(sparqlcache._query).parameters
    assert list(original) == ["self", "strOrQuery", "initBindings", "initNs", "base", "DEBUG"]
    sparqlcache.install()
    assert SPARQLProcessor.query is sparqlcache._query


def test_uvicorn_httptools_protocol_keeps_the_hooks_the_hardened_protocol_overrides():
    """api/limits.HardenedHttpToolsProtocol (the protocol serve_options gives uvicorn) subclasses uvicorn's
    HttpToolsProtocol: its parser callbacks, its state, and the cycle's flags it sets."""
    import httptools
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

    assert _minor("uvicorn") == (0, 55), "HardenedHttpToolsProtocol was written against uvicorn 0.55"
    for hook in ("connection_made", "data_received", "connection_lost", "send_400_response", "on_headers_complete",
                 "on_body", "on_message_complete", "on_response_complete"):
        assert callable(getattr(HttpToolsProtocol, hook, None)), f"uvicorn's HttpToolsProtocol lost {hook}()"
    source = inspect.getsource(HttpToolsProtocol)
    for attribute in ("self.connections", "self.client", "self.cycle", "self.loop", "self.transport", "self.parser.feed_data",
                      "except httptools.HttpParserError", "self.send_400_response(", "on_response=self.on_response_complete"):
        assert attribute in source, f"uvicorn's HttpToolsProtocol no longer has {attribute}"
    cycle = inspect.getsource(RequestResponseCycle)
    for attribute in ("self.disconnected", "self.message_event", "self.response_started", "self.on_response()"):
        assert attribute in cycle, f"uvicorn's RequestResponseCycle (httptools) no longer has {attribute}"
    assert issubclass(httptools.HttpParserCallbackError, httptools.HttpParserError)  # a failing callback is a 400


@pytest.mark.parametrize("package, cap", [("uvicorn", "0.56"), ("pyshacl", "0.41"), ("rdflib", "7.7")])
def test_pyproject_caps_each_private_api_dependency(root, package, cap):
    import tomllib

    deps = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    spec = next(d for d in deps if d.split("[")[0].split(">")[0].split("<")[0].strip() == package)
    assert f"<{cap}" in spec, f"{package} needs an upper bound below {cap} in pyproject.toml: {spec}"

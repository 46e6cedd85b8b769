"""The data tests' shared fixtures: the project's asserted layers plus the rules' derivations as one rdflib
Graph, and an oxigraph engine over it, built once per session (each data test module used to build its own);
``graph``, ``engine`` and ``text`` (a paragraph's rg:text of A/HRC/15/16) for the modules that ask the 2010
report. The plain helpers (``select``, ``named``, ``iso``) are in ``data_helpers.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from rightsgraph.build.loading import load_layers
from rightsgraph.build.reasoning import apply_rules, rule_files
from rightsgraph.engine import open_engine
from rightsgraph.namespaces import RG

ROOT = Path(__file__).resolve().parents[2]
A_HRC_15_16 = "https://w3id.org/rightsgraph/id/source/a-hrc-15-16/"


@pytest.fixture(scope="session")
def project_graph() -> Graph:
    """Ontology, data and sources of the checkout, with what the rules derive (no OWL closure). Read-only:
    a test that breaks the data works on a copy."""
    layers = load_layers(ROOT)
    g = Graph()
    derived = apply_rules(rule_files(ROOT), [layers.ontology, layers.data])
    for layer in (layers.ontology, layers.data, layers.sources, derived):
        for triple in layer:
            g.add(triple)
    return g


@pytest.fixture(scope="session")
def project_engine(project_graph, tmp_path_factory):
    """An oxigraph engine whose default graph is ``project_graph``."""
    ds = Dataset()
    target = ds.graph(URIRef("urn:x-test:all"))
    for triple in project_graph:
        target.add(triple)
    path = tmp_path_factory.mktemp("data-tests") / "dataset.nq"
    ds.serialize(path, format="nquads")
    return open_engine("oxigraph", path)


@pytest.fixture(scope="session")
def graph(project_graph) -> Graph:
    return project_graph


@pytest.fixture(scope="session")
def engine(project_engine):
    return project_engine


@pytest.fixture(scope="session")
def text(project_graph):
    """The rg:text of a unit of A/HRC/15/16 ('para/21', 'footnote/1'), the report's own words."""
    def of(unit: str) -> str:
        value = project_graph.value(URIRef(A_HRC_15_16 + unit), RG.text)
        assert value is not None, unit
        return str(value)
    return of

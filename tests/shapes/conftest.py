"""The shape tests' fixtures: the project's layers, and each shape fixture's graph and pyshacl results,
computed once for the session. test_shapes.py checks the results against each fixture's expectations and
test_fastshacl.py checks that fastshacl gives the same; both read them from here, so pyshacl runs once
a fixture instead of once a test."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from rightsgraph.build import fastshacl, validation
from rightsgraph.build.loading import Layers, load_layers

CASES = Path(__file__).parent / "cases"


class Cases:
    """Shape fixtures as graphs (the fixture with the ontology's terms in view, as the build validates data)
    and their pyshacl results, each made on first use and kept."""

    def __init__(self, layers: Layers):
        self.layers = layers
        self.compiled = fastshacl.compile_shapes(layers.shapes)
        self._graphs: dict[Path, Graph] = {}
        self._results: dict[Path, list[validation.Violation]] = {}

    def graph(self, path: Path) -> Graph:
        """The fixture and the ontology in one graph (read-only: it is shared)."""
        if path not in self._graphs:
            data = Graph().parse(path, format="turtle")
            for triple in self.layers.ontology:
                data.add(triple)
            self._graphs[path] = data
        return self._graphs[path]

    def reference(self, path: Path) -> list[validation.Violation]:
        """pyshacl's results on the fixture, sorted as the build sorts them."""
        if path not in self._results:
            found = validation.validate(self.graph(path), self.layers.shapes, self.layers.ontology)
            self._results[path] = sorted(found, key=validation.sort_key)
        return self._results[path]


@pytest.fixture(scope="session")
def layers(root) -> Layers:
    """The checkout's layers (read-only: a test that breaks data works on a copy, as ``mutate`` does)."""
    return load_layers(root)


@pytest.fixture(scope="session")
def cases(layers) -> Cases:
    return Cases(layers)

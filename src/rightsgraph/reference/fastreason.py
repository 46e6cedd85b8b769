"""Reference harness: fastreason's closure with rdflib graphs in and out, the drop-in for owlrl's
``reasoning.owl_rl_closure`` that tests/engine/test_fastreason.py compares with owlrl itself. The
build runs ``fastreason.owl_rl_closure_ox`` on pyoxigraph terms."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from ..build import reasoning
from ..build.fastreason import closure_triples
from ..build.reasoning import _keep
from ..namespaces import bind_prefixes


def owl_rl_closure(ontology: Graph, data: Graph) -> Graph:
    """Drop-in for ``reasoning.owl_rl_closure``: what OWL-RL adds about the dataset's resources."""
    asserted, closed, codes = closure_triples(ontology, data)
    term = codes.term
    inferred = bind_prefixes(Graph())
    nothing: frozenset = frozenset()  # asserted triples are already subtracted
    for s, p, o in closed - asserted:
        if s < 0 or o < 0 and p == codes.ids.get(RDF.type):
            continue  # literal subject, or a literal typed: _keep drops both
        triple = (term(s), term(p), term(o))
        if _keep(triple, nothing):
            inferred.add(triple)
    return inferred


def reason(ontology: Graph, data: Graph, root: Path) -> Graph:
    """Drop-in for ``reasoning.reason``: the project rules, then the fast closure."""
    return reasoning.reason(ontology, data, root, closure=owl_rl_closure)

"""Reasoning adds what follows (party status, inverses, superclasses) and nothing absurd."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF

from rightsgraph.namespaces import DATA_GRAPH, ID, INFERRED_GRAPH, RG

BLR = ID["state/BLR"]


def inferred(compiled):
    return compiled.graph(INFERRED_GRAPH)


def test_party_status_is_derived_from_accession_and_ratification(compiled):
    g = inferred(compiled)
    parties = {str(t).rsplit("/", 1)[-1] for t in g.objects(BLR, RG.partyTo)}
    assert parties == {"untc-V-2", "untc-V-5", "untc-XVIII-12", "untc-XVIII-12-a", "untc-XVIII-12-b"}
    signed = {str(t).rsplit("/", 1)[-1] for t in g.objects(BLR, RG.signatoryOf)}
    assert signed == {"untc-XVIII-12-a", "untc-XVIII-12-b"}


def test_owl_rl_adds_inverses_and_superclasses(compiled):
    g = inferred(compiled)
    assert (BLR, RG.hasTreatyAction, ID["treaty-action/BLR/untc-V-2/accession"]) in g
    assert (ID["treaty-action/BLR/untc-V-2/accession"], RG.actionOf, BLR) in g
    assert (BLR, RDF.type, PROV.Agent) in g
    assert (ID["treaty/untc-XVIII-12"], RG.supplementedBy, ID["treaty/untc-XVIII-12-a"]) in g
    assert (ID["treaty-action/BLR/untc-V-2/accession"], RDF.type, PROV.Activity) in g
    assert (ID["treaty-action/BLR/untc-V-2/accession"], PROV.wasAssociatedWith, BLR) in g


def test_nothing_absurd_is_inferred(compiled):
    g = inferred(compiled)
    data = compiled.graph(DATA_GRAPH)
    for s, p, o in g:
        assert not isinstance(s, (Literal, BNode))
        assert str(s).startswith("https://w3id.org/rightsgraph/")
        assert p != OWL.sameAs
        assert (s, p, o) not in data
    for treaty in ("untc-V-3", "untc-V-4", "coe-ets-166", "untc-IV-13", "untc-IV-4"):
        assert (BLR, RG.partyTo, ID[f"treaty/{treaty}"]) not in g
    # a state is never inferred to be a treaty, nor a treaty a state
    assert (BLR, RDF.type, RG.Treaty) not in g
    assert (ID["treaty/untc-V-2"], RDF.type, RG.State) not in g


def test_party_to_is_never_asserted(compiled):
    assert not list(compiled.graph(DATA_GRAPH).triples((None, RG.partyTo, None)))

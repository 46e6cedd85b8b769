"""The ontology documents every term and is versioned; states use real ISO codes."""

from __future__ import annotations

import pycountry
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from rightsgraph.namespaces import ONTOLOGY_IRI, RG


@pytest.fixture(scope="module")
def ontology(root):
    g = Graph()
    for p in sorted((root / "ontology").glob("*.ttl")):
        g.parse(p)
    return g


def rg_terms(g):
    return sorted({s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(RG))})


def test_ontology_is_versioned(ontology):
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/0.1.0")


def test_every_term_has_label_comment_and_defined_by(ontology):
    terms = rg_terms(ontology)
    assert len(terms) > 60
    for t in terms:
        assert ontology.value(t, RDFS.label), t
        assert ontology.value(t, RDFS.comment), t
        assert ontology.value(t, RDFS.isDefinedBy) == URIRef(ONTOLOGY_IRI), t
        assert set(ontology.objects(t, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, t


def test_concept_schemes(ontology):
    for scheme in ("treaty-action", "participation-status", "theme"):
        iri = URIRef(f"https://w3id.org/rightsgraph/id/concept-scheme/{scheme}")
        assert (iri, RDF.type, SKOS.ConceptScheme) in ontology
        concepts = list(ontology.subjects(SKOS.inScheme, iri))
        assert concepts
        assert all(ontology.value(c, SKOS.prefLabel) and ontology.value(c, SKOS.notation) for c in concepts)


def test_states_are_real_iso_codes(compiled):
    for state in compiled.subjects(RDF.type, RG.State):
        code = str(compiled.value(state, RG.isoCode))
        assert pycountry.countries.get(alpha_3=code) is not None, code

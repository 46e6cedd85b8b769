"""References: the slow, obviously-correct implementations (rdflib, pyshacl, owlrl) that the tests use
to prove the build's fast paths give the same results. Nothing in the build or the service imports
from here; the reference engine, validator and reasoner that a setting can select
(RIGHTSGRAPH_ENGINE=rdflib, RIGHTSGRAPH_VALIDATOR=pyshacl, RIGHTSGRAPH_REASONER=owlrl) live beside
their fast twins and say so."""

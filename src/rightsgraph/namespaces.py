"""Namespaces of rightsgraph and the vocabularies it reuses, with one prefix binder."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SH, SKOS, VANN, VOID, XSD

BASE = "https://w3id.org/rightsgraph/"
RG = Namespace(BASE + "def#")
RGSH = Namespace(BASE + "def/shapes#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_IRI = BASE + "def"

ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")

# The named graphs that keep the layers of a build apart; the default graph is their union.
ONTOLOGY_GRAPH = GRAPH["ontology"]
DATA_GRAPH = GRAPH["data"]
INFERRED_GRAPH = GRAPH["inferred"]
SOURCES_GRAPH = GRAPH["sources"]
LAYERS = (ONTOLOGY_GRAPH, DATA_GRAPH, INFERRED_GRAPH, SOURCES_GRAPH)

PREFIXES: dict[str, str] = {
    "rg": str(RG),
    "rgsh": str(RGSH),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "foaf": str(FOAF),
    "eli": str(ELI),
    "schema": str(SCHEMA),
    "qb": str(QB),
    "oa": str(OA),
    "sh": str(SH),
    "vann": str(VANN),
    "void": str(VOID),
    "dcat": str(DCAT),
    "sd": str(SD),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on a graph (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX declarations for every project prefix, for queries and the editor."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def concept(scheme: str, notation: str):
    """The IRI of a SKOS concept of one of the project's schemes."""
    return ID[f"concept/{scheme}/{notation}"]

"""The graphs that describe the service and its data: the SPARQL Service Description and VoID/DCAT."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, VOID, XSD

from ..namespaces import BASE, ONTOLOGY_GRAPH, ONTOLOGY_IRI, PREFIXES, SD, bind_prefixes
from .service import Service

FORMATS = "http://www.w3.org/ns/formats/"
SPDX = Namespace("http://spdx.org/rdf/terms#")
RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML"]
OWN_NAMESPACES = {PREFIXES["rg"], PREFIXES["rgsh"], PREFIXES["id"]}
DEFAULT_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def graph_sizes(service: Service) -> dict[str, int]:
    """Triples per named graph of the store (the build's graphs and any extra ones)."""
    def compute():
        rows = service.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {str(r["g"]): int(r["n"]) for r in rows}

    return service.memo("graph-sizes", compute)


def service_description(service: Service, endpoint: str) -> Graph:
    g = bind_prefixes(Graph())
    node, dataset, default = BNode("service"), BNode("dataset"), BNode("default-graph")
    sizes = graph_sizes(service)
    g.add((node, RDF.type, SD.Service))
    g.add((node, SD.endpoint, URIRef(endpoint)))
    g.add((node, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((node, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMATS:
        g.add((node, SD.resultFormat, URIRef(FORMATS + name)))
    g.add((node, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, DCTERMS.description, Literal("The union of all named graphs of the dataset.", lang="en")))
    g.add((default, VOID.triples, Literal(sum(sizes.values()), datatype=XSD.integer)))
    for i, name in enumerate(service.graph_names):
        named, graph = BNode(f"named-{i}"), BNode(f"graph-{i}")
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(sizes.get(name, 0), datatype=XSD.integer)))
    return g


def _values(iris) -> str:
    return " ".join(f"<{i}>" for i in iris)


def statistics(service: Service) -> dict:
    """Counts over the build's graphs (extra graphs loaded for tests are not part of the dataset)."""
    def compute():
        graphs = _values(service.build_graphs)
        space = BASE + "id/"
        partitions = {
            str(r["c"]): int(r["n"])
            for r in service.select(
                f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s a ?c }} }} GROUP BY ?c"
            )
        }
        row = service.select(
            f"""SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects)
                WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} }}"""
        )[0]
        entities = service.select(
            f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }}
                FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{space}")) }}"""
        )[0]["n"]
        terms = {str(r["t"]) for r in service.select(
            f"SELECT DISTINCT ?t WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ {{ ?s ?t ?o }} UNION {{ ?s a ?t }} }} }}")}
        vocabularies = sorted({ns for ns in PREFIXES.values() if ns not in OWN_NAMESPACES and any(t.startswith(ns) for t in terms)})
        return {
            "triples": service.triple_count,
            "graphs": {name: int(n) for name, n in service.manifest.get("graphs", {}).items()},
            "classes": partitions,
            "entities": int(entities),
            "distinct_subjects": int(row["subjects"]),
            "properties": int(row["properties"]),
            "distinct_objects": int(row["objects"]),
            "vocabularies": vocabularies,
        }

    return service.memo("statistics", compute)


def _license(service: Service) -> URIRef:
    rows = service.select(
        f"SELECT ?l WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{ONTOLOGY_IRI}> <{DCTERMS.license}> ?l }} }}"
    )
    return URIRef(str(rows[0]["l"])) if rows else DEFAULT_LICENSE


def void_description(service: Service, base_url: str) -> Graph:
    """VoID and DCAT for the dataset: counts, partitions, dumps, the endpoint, the URI space."""
    stats = statistics(service)
    public = BASE
    g = bind_prefixes(Graph())
    ds = URIRef(public + ".well-known/void#dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("rightsgraph", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "A knowledge graph of the actors, instruments and obligations of international human-rights and migration law,"
        " built from sourced reports; every fact points to the paragraph that states it.", lang="en")))
    g.add((ds, DCTERMS.license, service.memo("license", lambda: _license(service))))
    g.add((ds, DCTERMS.modified, Literal(service.built_at.isoformat(), datatype=XSD.dateTime)))
    g.add((ds, DCTERMS.identifier, Literal(service.digest)))
    g.add((ds, OWL.versionInfo, Literal(service.version)))
    g.add((ds, FOAF.homepage, URIRef(base_url)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(base_url + "sparql")))
    g.add((ds, VOID.uriSpace, Literal(public + "id/")))
    g.add((ds, VOID.exampleResource, URIRef(public + "id/state/BLR")))
    g.add((ds, VOID.exampleResource, URIRef(public + "id/treaty/untc-V-2")))
    for ns in stats["vocabularies"]:
        g.add((ds, VOID.vocabulary, URIRef(ns)))
    g.add((ds, VOID.vocabulary, URIRef(PREFIXES["rg"])))
    g.add((ds, VOID.triples, Literal(stats["triples"], datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(stats["entities"], datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(stats["classes"]), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(stats["properties"], datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(stats["distinct_subjects"], datatype=XSD.integer)))
    g.add((ds, VOID.distinctObjects, Literal(stats["distinct_objects"], datatype=XSD.integer)))
    for i, (cls, n) in enumerate(sorted(stats["classes"].items())):
        part = BNode(f"class-{i}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for name, n in sorted(stats["graphs"].items()):
        sub = URIRef(public + ".well-known/void#graph-" + name.rstrip("/").rsplit("/", 1)[-1])
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, SD.name, URIRef(name)))
        g.add((sub, VOID.triples, Literal(n, datatype=XSD.integer)))
    service_node = URIRef(base_url + "sparql")
    g.add((ds, DCAT.accessService, service_node))
    g.add((service_node, RDF.type, DCAT.DataService))
    g.add((service_node, DCAT.endpointURL, service_node))
    for dump in service.dumps.values():
        url = URIRef(base_url + "dumps/" + dump.name)
        g.add((ds, VOID.dataDump, url))
        dist = URIRef(public + ".well-known/void#dump-" + dump.name)
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
        if dump.compressed:
            base_dump = service.dumps[dump.name.removesuffix(".gz")]
            g.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + base_dump.media_type)))
            g.add((dist, DCAT.compressFormat, URIRef("https://www.iana.org/assignments/media-types/application/gzip")))
        else:
            g.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + dump.media_type)))
        checksum = BNode("checksum-" + dump.name)
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
    return g


"""What /id/... says about one resource: its triples for RDF, and a view of them for the HTML page."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, VOID, XSD

from ..namespaces import INFERRED_GRAPH, RG, SD
from .html import marked
from .service import Service

MAX_INCOMING = 2000

_OUT = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"
_NESTED = "SELECT DISTINCT ?s ?b ?p ?o WHERE { ?s ?x ?b FILTER(isBlank(?b)) ?b ?p ?o }"
_IN = f"SELECT DISTINCT ?o ?s ?p WHERE {{ ?s ?p ?o FILTER(isIRI(?s)) }} ORDER BY ?p ?s LIMIT {MAX_INCOMING}"
# Triples only the reasoner added (in the inferred graph and in no asserted one): marked on the page.
_ONLY_INFERRED = (f"GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} "
                  f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{INFERRED_GRAPH}>) }}")
_INFERRED_OUT = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_ONLY_INFERRED} }}"
_INFERRED_IN = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_ONLY_INFERRED} FILTER(isIRI(?s)) }}"
_DERIVED = f"SELECT DISTINCT ?para ?node ?quote WHERE {{ ?node <{PROV.wasDerivedFrom}> ?para ; <{RG.quote}> ?quote }}"


class Description:
    """The triples about one IRI: outgoing (with blank-node values one level deep) and incoming."""

    def __init__(self, service: Service, iri: str):
        self.service = service
        self.iri = iri
        node = URIRef(iri)
        self.outgoing = [(node, r["p"], r["o"]) for r in service.select(_OUT, {"s": node})]
        self.nested = [(r["b"], r["p"], r["o"]) for r in service.select(_NESTED, {"s": node})]
        self.incoming = [(r["s"], r["p"], node) for r in service.select(_IN, {"o": node})]
        self.inferred = {(node, r["p"], r["o"]) for r in service.select(_INFERRED_OUT, {"s": node})}
        self.inferred |= {(r["s"], r["p"], node) for r in service.select(_INFERRED_IN, {"o": node})}

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming)

    def triples(self) -> list[tuple]:
        return self.outgoing + self.nested + self.incoming

    # ------------------------------------------------------------------ the HTML view

    def cell(self, term) -> dict:
        if isinstance(term, URIRef):
            return {"kind": "iri", "iri": str(term), "label": self.service.label(str(term))}
        if isinstance(term, BNode):
            props = [(self.service.label(str(p)), self.cell(o)) for b, p, o in self.nested if b == term and p != RDF.type]
            return {"kind": "bnode", "props": sorted(props, key=lambda x: x[0])}
        assert isinstance(term, Literal)
        return {"kind": "literal", "text": str(term), "lang": term.language,
                "datatype": self.service.label(str(term.datatype)) if term.datatype else None}

    def value(self, triple: tuple, term) -> dict:
        """The cell of one end of a triple, marked when only the reasoner says it."""
        return self.cell(term) | ({"inferred": True} if triple in self.inferred else {})

    def view(self) -> dict:
        s = self.service
        types = [self.value(t, t[2]) for t in self.outgoing if t[1] == RDF.type]
        outgoing: dict[str, list] = {}
        for t in sorted(self.outgoing, key=lambda t: (s.label(str(t[1])).casefold(), str(t[2]))):
            if t[1] != RDF.type:
                outgoing.setdefault(str(t[1]), []).append(self.value(t, t[2]))
        incoming: dict[str, list] = {}
        for t in sorted(self.incoming, key=lambda t: (s.label(str(t[1])).casefold(), s.label(str(t[0])).casefold())):
            incoming.setdefault(str(t[1]), []).append(self.value(t, t[0]))
        return {
            "iri": self.iri,
            "label": s.label(self.iri),
            "types": types,
            "outgoing": [(self.cell(URIRef(p)), values) for p, values in outgoing.items()],
            "incoming": [(self.cell(URIRef(p)), values) for p, values in incoming.items()],
            "incoming_cut": len(self.incoming) >= MAX_INCOMING,
            "inferred": bool(self.inferred),
            "sources": self.sources(),
        }

    def sources(self) -> list[dict]:
        """Each source paragraph with the quotes marked: the resource's own quotes in the paragraphs it
        is derived from; for a paragraph, the quotes of every fact derived from it."""
        s = self.service
        paragraphs = s.paragraphs
        if self.iri in paragraphs:
            rows = s.select(_DERIVED, {"para": URIRef(self.iri)})
            quotes = sorted({str(r["quote"]) for r in rows})
            facts = sorted({str(r["node"]) for r in rows}, key=lambda n: s.label(n).casefold())
            p = paragraphs[self.iri]
            return [{"paragraph": p, "pieces": marked(p.text, quotes), "facts": [self.cell(URIRef(f)) for f in facts]}]
        own_quotes = [str(o) for _, pred, o in self.outgoing if pred == RG.quote]
        derived = [str(o) for _, pred, o in self.outgoing if pred == PROV.wasDerivedFrom and str(o) in paragraphs]
        out = []
        for para in sorted(derived, key=lambda i: (paragraphs[i].number or 0, i)):
            p = paragraphs[para]
            out.append({"paragraph": p, "pieces": marked(p.text, own_quotes), "facts": []})
        return out


class GraphDescription(Description):
    """A named graph of the store, for its HTML page: its name, kind and size (its IRI holds no triples
    of its own; its RDF representation is its content)."""

    def __init__(self, service: Service, iri: str, triples: int):
        self.service = service
        self.iri = iri
        node = URIRef(iri)
        self.outgoing = [(node, RDF.type, SD.Graph), (node, SD.name, node),
                         (node, VOID.triples, Literal(triples, datatype=XSD.integer)),
                         (node, RDFS.comment, Literal("A named graph of the dataset; its RDF representations (Turtle, JSON-LD, "
                                                      "N-Triples, RDF/XML) are its triples.", lang="en"))]
        self.nested, self.incoming, self.inferred = [], [], set()

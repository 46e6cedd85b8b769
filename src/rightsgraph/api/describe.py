"""What /id/... says about one resource: its triples for RDF, and a view of them for the HTML page."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import PROV, RDF

from ..namespaces import RG
from .html import marked
from .service import Service

MAX_INCOMING = 2000

_OUT = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"
_NESTED = "SELECT DISTINCT ?s ?b ?p ?o WHERE { ?s ?x ?b FILTER(isBlank(?b)) ?b ?p ?o }"
_IN = f"SELECT DISTINCT ?o ?s ?p WHERE {{ ?s ?p ?o FILTER(isIRI(?s)) }} ORDER BY ?p ?s LIMIT {MAX_INCOMING}"
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

    def view(self) -> dict:
        s = self.service
        types = [self.cell(o) for _, p, o in self.outgoing if p == RDF.type]
        outgoing: dict[str, list] = {}
        for _, p, o in sorted(self.outgoing, key=lambda t: (s.label(str(t[1])).casefold(), str(t[2]))):
            if p != RDF.type:
                outgoing.setdefault(str(p), []).append(self.cell(o))
        incoming: dict[str, list] = {}
        for subj, p, _ in sorted(self.incoming, key=lambda t: (s.label(str(t[1])).casefold(), s.label(str(t[0])).casefold())):
            incoming.setdefault(str(p), []).append(self.cell(subj))
        return {
            "iri": self.iri,
            "label": s.label(self.iri),
            "types": types,
            "outgoing": [(self.cell(URIRef(p)), values) for p, values in outgoing.items()],
            "incoming": [(self.cell(URIRef(p)), values) for p, values in incoming.items()],
            "incoming_cut": len(self.incoming) >= MAX_INCOMING,
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

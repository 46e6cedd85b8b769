"""Search over the build: resources whose label (rdfs:label, skos:prefLabel, skos:altLabel) or quote contains
a text, ignoring case. One query (the text bound as a literal, never spliced in) and one shaping of its hits,
used by /api/search (``routes/api.py``) and the /search page (``routes/search.py``)."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from ..namespaces import RG
from .service import Service

SEARCH = f"""SELECT ?item ?field ?text ?q WHERE {{
  {{ ?item <{RDFS.label}> ?text BIND("label" AS ?field) }}
  UNION {{ ?item <{SKOS.prefLabel}> ?text BIND("label" AS ?field) }}
  UNION {{ ?item <{SKOS.altLabel}> ?text BIND("label" AS ?field) }}
  UNION {{ ?item <{RG.quote}> ?text BIND("quote" AS ?field) }}
  FILTER(isIRI(?item) && CONTAINS(LCASE(STR(?text)), LCASE(STR(?q))))
}}"""


def types(service: Service) -> dict[str, list[str]]:
    """Every IRI's rdf:types, sorted (computed once per build)."""
    def compute():
        out: dict[str, set] = {}
        for r in service.select(f"SELECT DISTINCT ?s ?t WHERE {{ ?s <{RDF.type}> ?t FILTER(isIRI(?s)) }}"):
            out.setdefault(str(r["s"]), set()).add(str(r["t"]))
        return {s: sorted(t) for s, t in out.items()}

    return service.memo("types", compute)


def search_hits(service: Service, q: str) -> list[dict]:
    """The hits for q: {iri, label, types, matches: [{field, text}]}, labels first, then quotes."""
    kinds = types(service)
    hits: dict[str, dict] = {}
    for r in service.select(SEARCH, {"q": Literal(q)}):
        iri = str(r["item"])
        hit = hits.setdefault(iri, {"iri": iri, "label": service.label(iri), "types": kinds.get(iri, []), "matches": []})
        match = {"field": str(r["field"]), "text": str(r["text"])}
        if match not in hit["matches"]:
            hit["matches"].append(match)
    for hit in hits.values():
        hit["matches"].sort(key=lambda m: (m["field"] != "label", m["text"]))
    return sorted(hits.values(), key=lambda h: (all(m["field"] != "label" for m in h["matches"]), h["label"].casefold(), h["iri"]))

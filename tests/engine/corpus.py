"""Queries every engine must answer identically: the named queries plus protocol-style ones."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from rightsgraph.query.named import load_queries

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rg: <https://w3id.org/rightsgraph/def#>
PREFIX id: <https://w3id.org/rightsgraph/id/>
"""

# name -> SELECT query (compared as multisets of rows of rdflib terms)
SELECTS = {
    "states-ordered": "SELECT ?s ?label WHERE { ?s a rg:State ; rdfs:label ?label } ORDER BY ?label",
    "optional-identifier": "SELECT ?t ?untc ?ets WHERE { ?t a rg:Treaty . OPTIONAL { ?t rg:untcNumber ?untc } OPTIONAL { ?t rg:etsNumber ?ets } }",
    "filter-contains-lang": 'SELECT ?t ?l WHERE { ?t a rg:Treaty ; rdfs:label ?l . FILTER (CONTAINS(LCASE(STR(?l)), "convention") && LANG(?l) = "en") }',
    "filter-regex": 'SELECT ?s ?code WHERE { ?s rg:isoCode ?code FILTER REGEX(?code, "^B") }',
    "group-by-count": "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
    "group-by-having": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p HAVING (COUNT(*) > 20)",
    "count-distinct": "SELECT (COUNT(DISTINCT ?p) AS ?predicates) (COUNT(DISTINCT ?s) AS ?subjects) WHERE { ?s ?p ?o }",
    "graph-per-graph-count": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "graph-where-inferred": "SELECT ?g ?s WHERE { GRAPH ?g { ?s rg:partyTo ?t } }",
    "path-subclass-plus": "SELECT ?super WHERE { rg:Treaty rdfs:subClassOf+ ?super }",
    "path-sequence": "SELECT ?p ?label WHERE { ?p rg:supplements/rdfs:label ?label }",
    "path-inverse": "SELECT ?action WHERE { <https://w3id.org/rightsgraph/id/state/BLR> ^rg:state ?action }",
    "path-alternative-star": "SELECT DISTINCT ?x WHERE { rg:actionOf (rdfs:subPropertyOf|owl:inverseOf)* ?x }",
    "minus": "SELECT ?t WHERE { ?t a rg:Treaty MINUS { ?a rg:treaty ?t } }",
    "filter-not-exists": "SELECT ?t WHERE { ?t a rg:Treaty FILTER NOT EXISTS { ?a rg:treaty ?t } }",
    "union-bind": 'SELECT ?x ?kind WHERE { { ?x a rg:TreatyAction BIND("action" AS ?kind) } UNION { ?x a rg:StatusAssertion BIND("status" AS ?kind) } }',
    "values": "SELECT ?s ?l WHERE { VALUES ?s { <https://w3id.org/rightsgraph/id/state/BLR> <https://w3id.org/rightsgraph/id/state/DEU> <https://w3id.org/rightsgraph/id/state/XXX> } ?s rdfs:label ?l }",
    "subquery-limit": "SELECT ?s ?n WHERE { { SELECT ?s (COUNT(?p) AS ?n) WHERE { ?s prov:wasDerivedFrom ?p } GROUP BY ?s } FILTER (?n > 1) }",
    "string-functions": 'SELECT ?s (STRLEN(?code) AS ?len) (UCASE(?l) AS ?u) (CONCAT(?code, "-", STR(?l)) AS ?c) WHERE { ?s rg:isoCode ?code ; rdfs:label ?l }',
    "distinct-predicates": "SELECT DISTINCT ?p WHERE { ?s ?p ?o }",
}

ASKS = {
    "ask-true": ("ASK { <https://w3id.org/rightsgraph/id/state/BLR> a rg:State }", True),
    "ask-false": ("ASK { <https://w3id.org/rightsgraph/id/state/BLR> rg:partyTo <https://w3id.org/rightsgraph/id/state/BLR> }", False),
}

CONSTRUCTS = {
    "construct-state": "CONSTRUCT { <https://w3id.org/rightsgraph/id/state/BLR> ?p ?o } WHERE { <https://w3id.org/rightsgraph/id/state/BLR> ?p ?o }",
    "construct-actions": "CONSTRUCT { ?a ?p ?o } WHERE { ?a a rg:TreatyAction ; ?p ?o }",
}


def with_prefixes(body: str) -> str:
    return PREFIXES + body


def named_queries(root: Path):
    """(name, text, bindings) for every named query with its example parameters bound."""
    out = []
    for name, nq in sorted(load_queries(root / "queries").items()):
        out.append((name, nq.text, nq.bind(nq.example)))
    return out


def _norm(term):
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:b"  # blank node labels are engine-local
    if isinstance(term, Literal) and term.datatype in (XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long):
        return ("number", Decimal(str(term.toPython())))
    return term


_CONCAT = re.compile(r'GROUP_CONCAT\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*?separator\s*=\s*"([^"]*)"\s*\)(?:\s*,\s*"[^"]*"\s*\))?\s*AS\s*\?(\w+)',
                     re.IGNORECASE | re.DOTALL)  # also COALESCE(GROUP_CONCAT(...), "") AS ?v


def concat_vars(query: str) -> dict[str, str]:
    """Variables bound by GROUP_CONCAT(... ; separator="s"): their order is unspecified in SPARQL."""
    return {var: sep for sep, var in _CONCAT.findall(query)}


def row_multiset(rows, query: str = "") -> Counter:
    """Rows as a multiset; GROUP_CONCAT values of ``query`` compared as sorted lists of their parts."""
    concat = concat_vars(query) if query else {}

    def cell(k, v):
        if k in concat and isinstance(v, Literal):
            return ("concat", tuple(sorted(str(v).split(concat[k]))))
        return _norm(v)

    return Counter(tuple(sorted((k, cell(k, v)) for k, v in row.items())) for row in rows)


def same_graph(turtle_a: bytes, turtle_b: bytes, fmt: str = "turtle") -> bool:
    a, b = Graph(), Graph()
    a.parse(data=turtle_a, format=fmt)
    b.parse(data=turtle_b, format=fmt)
    return isomorphic(a, b)

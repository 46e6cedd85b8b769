"""Compacted JSON-LD: a published ``@context`` (``/def/context.jsonld``) and documents that use it.

The default JSON-LD of the service is expanded (full IRIs, every value an object: what pyoxigraph
writes, and what any JSON-LD reader takes without fetching anything). A client that asks for the
compacted form — ``Accept: application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"``,
the JSON-LD 1.1 way — gets terms a web developer can read::

    {"@context": "http://host/def/context.jsonld",
     "@graph": [{"@id": ".../id/state/BLR", "type": "rg:State", "label": {"@value": "Belarus", "@language": "en"},
                 "partyTo": [".../id/treaty/untc-IV-4", ...]}]}

The context is made from the build's own data, once per build: one term per predicate the dataset
uses, named by the predicate's local name (``partyTo``, ``label``, ``wasDerivedFrom``), or left as a
compact IRI (``dcterms:title``) where two vocabularies share a local name; ``"@type": "@id"`` where
every value of the predicate is an IRI or a blank node, ``"@type": <datatype>`` where every value is
a literal of that one datatype; ``type`` for ``@type``; the project's prefixes. Compaction here is
a direct rewrite of pyoxigraph's expanded node objects with that context (no JSON-LD processor is
needed: a value is shortened only where the term's coercion gives it back unchanged), and the tests
expand the result again and compare graphs.
"""

from __future__ import annotations

import json
import re

from rdflib.namespace import RDF, XSD

from ..namespaces import PREFIXES
from .service import Service

COMPACTED = "http://www.w3.org/ns/json-ld#compacted"
CONTEXT_PATH = "/def/context.jsonld"
_TERM = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*\Z")
_PREDICATES = """SELECT ?p ?literal ?lang ?datatype (COUNT(*) AS ?n) WHERE {
  ?s ?p ?o
  BIND(isLiteral(?o) AS ?literal)
  BIND(IF(isLiteral(?o), LANG(?o) != "", false) AS ?lang)
  BIND(IF(isLiteral(?o), DATATYPE(?o), <urn:x-rightsgraph:no-datatype>) AS ?datatype)
} GROUP BY ?p ?literal ?lang ?datatype"""


def wants_compacted(accept: str | None) -> bool:
    """Whether an Accept header asks for application/ld+json with the compacted profile."""
    for part in (accept or "").split(",")[:64]:
        media, _, params = part.partition(";")
        if media.strip().lower() != "application/ld+json":
            continue
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "profile" and COMPACTED in value.strip().strip('"').split():
                return True
    return False


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and _TERM.match(iri[len(ns):] or "-"):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def context(service: Service) -> dict:
    """The ``@context`` of the build (computed once): prefixes, ``type``, and a term per predicate."""
    def compute() -> dict:
        kinds: dict[str, set[tuple]] = {}  # predicate: {(literal?, language?, datatype)}
        for r in service.select(_PREDICATES):
            kinds.setdefault(str(r["p"]), set()).add((r["literal"].toPython(), r["lang"].toPython(), str(r["datatype"])))
        by_local: dict[str, list[str]] = {}
        for iri in kinds:
            if iri != str(RDF.type):
                by_local.setdefault(_local(iri), []).append(iri)
        ctx: dict[str, object] = {prefix: ns for prefix, ns in sorted(PREFIXES.items())}
        ctx["type"] = "@type"
        for iri in sorted(kinds):
            name = _local(iri)
            if iri == str(RDF.type) or len(by_local.get(name, [])) != 1 or not _TERM.match(name) or name in ctx:
                continue  # rdf:type is "type"; shared or odd local names stay compact IRIs
            seen = kinds[iri]
            if all(not literal for literal, _, _ in seen):
                ctx[name] = {"@id": iri, "@type": "@id"}
            elif len(seen) == 1 and all(literal and not lang and dt != str(XSD.string) for literal, lang, dt in seen):
                ctx[name] = {"@id": iri, "@type": _curie(next(iter(seen))[2])}
            else:
                ctx[name] = iri
        return {"@context": ctx}

    return service.memo("jsonld-context", compute)


def compact(expanded: bytes, ctx: dict, context_url: str) -> bytes:
    """pyoxigraph's expanded JSON-LD (a list of node objects) rewritten with ctx, referring to context_url."""
    terms = ctx["@context"]
    by_iri: dict[str, tuple[str, object]] = {}
    for name, definition in terms.items():
        if isinstance(definition, dict):
            by_iri[definition["@id"]] = (name, definition.get("@type"))
        elif isinstance(definition, str) and not name.startswith("@") and name != "type" and name not in PREFIXES:
            by_iri[definition] = (name, None)

    def expand_curie(value: str | None) -> str | None:
        if value and ":" in value and value.split(":", 1)[0] in PREFIXES:
            prefix, local = value.split(":", 1)
            return PREFIXES[prefix] + local
        return value

    def shorten(value: dict, coercion) -> object:
        if coercion == "@id" and set(value) == {"@id"}:
            return value["@id"]
        if coercion not in (None, "@id") and set(value) == {"@value", "@type"} and value["@type"] == expand_curie(coercion):
            return value["@value"]
        if coercion is None and set(value) == {"@value"} and isinstance(value["@value"], str):
            return value["@value"]
        return value

    nodes = []
    for node in json.loads(expanded):
        out: dict[str, object] = {"@id": node["@id"]} if "@id" in node else {}
        for key, values in node.items():
            if key == "@id":
                continue
            if key == str(RDF.type) and all(set(v) == {"@id"} and not v["@id"].startswith("_:") for v in values):
                types = [_curie(v["@id"]) for v in values]
                out["type"] = types[0] if len(types) == 1 else types
                continue
            name, coercion = by_iri.get(key, (_curie(key), None))
            short = [shorten(v, coercion) for v in values]
            out[name] = short[0] if len(short) == 1 else short
        nodes.append(out)
    return json.dumps({"@context": context_url, "@graph": nodes}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

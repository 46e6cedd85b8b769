"""JSON records of the build's resources for /api: one query per kind, assembled once per build.

Every record has ``iri`` and ``label``; references to other resources are ``{"iri", "label"}``,
concepts add their ``notation``; ``evidence`` lists the source paragraphs with the exact quotes
they hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS

from ..namespaces import ID, RG, SCHEMA, concept
from .html import human_date
from .service import Service

NOT_PARTY = str(concept("participation-status", "not-party"))
STANDING = {str(concept("participation-status", n)) for n in ("party", "signatory", "not-party", "unknown")}
STATUSES = ("party", "signatory", "not-party", "unknown")
ORGANIZATION_KINDS = {
    "intergovernmental": RG.IntergovernmentalOrganization,
    "government": RG.GovernmentBody,
    "civil-society": RG.CivilSocietyOrganization,
}


def json_value(term):
    """Numbers and booleans as JSON numbers and booleans; dates (at their precision) and text as strings."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float):
            return value
        if isinstance(value, Decimal):
            return float(value)
    return str(term)


class Node:
    """The properties of one resource, with the service at hand for labels and evidence."""

    def __init__(self, service: Service, iri: str, props: dict[str, list], nested: dict[str, dict[str, list]]):
        self.service = service
        self.iri = iri
        self.props = props
        self.nested = nested

    def all(self, prop) -> list:
        return self.props.get(str(prop), [])

    def one(self, prop):
        values = self.all(prop)
        return values[0] if values else None

    def value(self, prop):
        return json_value(self.one(prop))

    def values(self, prop) -> list:
        return [json_value(v) for v in self.all(prop)]

    def ref(self, prop) -> dict | None:
        refs = self.refs(prop)
        return refs[0] if refs else None

    def refs(self, prop) -> list[dict]:
        return [ref(self.service, v) for v in self.all(prop) if isinstance(v, URIRef)]

    def concepts(self, prop) -> list[dict]:
        return [concept_ref(self.service, v) for v in self.all(prop) if isinstance(v, URIRef)]

    def concept(self, prop) -> dict | None:
        found = self.concepts(prop)
        return found[0] if found else None

    def types(self) -> list[str]:
        return [str(t) for t in self.all(RDF.type)]

    def structured(self, prop) -> list[dict]:
        """Blank-node values (e.g. a budget) as {local name: value}."""
        out = []
        for b in self.all(prop):
            if isinstance(b, BNode) and str(b) in self.nested:
                out.append({_local(p): json_value(v[0]) for p, v in sorted(self.nested[str(b)].items()) if p != str(RDF.type)})
        return out

    def evidence(self) -> list[dict]:
        return self.service.evidence([str(p) for p in self.all(PROV.wasDerivedFrom)], [str(q) for q in self.all(RG.quote)])

    def base(self) -> dict:
        return {"iri": self.iri, "label": self.service.label(self.iri)}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def ref(service: Service, iri) -> dict:
    return {"iri": str(iri), "label": service.label(str(iri))}


def concept_ref(service: Service, iri) -> dict:
    return ref(service, iri) | {"notation": notation(service, str(iri))}


def notation(service: Service, iri: str) -> str:
    notations = service.memo("notations", lambda: {str(r["c"]): str(r["n"]) for r in service.select(
        f"SELECT ?c ?n WHERE {{ ?c <{SKOS.notation}> ?n }}")})
    return notations.get(iri) or _local(iri)


def key_of(iri: str, kind: str) -> str:
    """The natural key of a dataset IRI of one type: /id/treaty/untc-V-2 -> untc-V-2."""
    prefix = f"{ID}{kind}/"
    return iri[len(prefix):] if iri.startswith(prefix) else _local(iri)


def nodes(service: Service, classes: Iterable[URIRef]) -> list[Node]:
    """Every instance of the classes, with all its properties (and those of its blank-node values)."""
    values = " ".join(f"<{c}>" for c in classes)
    rows = service.select(f"SELECT DISTINCT ?item ?p ?o WHERE {{ VALUES ?class {{ {values} }} ?item a ?class ; ?p ?o }}")
    props: dict[str, dict[str, dict]] = {}
    for r in rows:
        if isinstance(r["item"], URIRef):
            props.setdefault(str(r["item"]), {}).setdefault(str(r["p"]), {})[r["o"]] = None
    nested_rows = service.select(
        f"SELECT DISTINCT ?b ?p ?o WHERE {{ VALUES ?class {{ {values} }} ?item a ?class ; ?x ?b . FILTER(isBlank(?b)) ?b ?p ?o }}"
    )
    nested: dict[str, dict[str, list]] = {}
    for r in nested_rows:
        nested.setdefault(str(r["b"]), {}).setdefault(str(r["p"]), []).append(r["o"])
    return [Node(service, iri, {p: sorted(v, key=str) for p, v in ps.items()}, nested) for iri, ps in sorted(props.items())]


def _by_label(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: (r["label"].casefold(), r["iri"]))


def _records(service: Service, name: str, classes: Sequence[URIRef], fields) -> list[dict]:
    """The records of one kind (computed once per build): iri, label, the kind's fields, evidence; by label."""
    return service.memo(name, lambda: _by_label([n.base() | fields(n) | {"evidence": n.evidence()} for n in nodes(service, classes)]))


# ---------------------------------------------------------------------------------- kinds


def states(service: Service) -> list[dict]:
    return _records(service, "states", [RG.State], lambda n: {
        "code": n.value(RG.isoCode),
        "alt_labels": n.values(SKOS.altLabel),
        "government": n.ref(RG.government),
        "same_as": [str(v) for v in n.all(SCHEMA.sameAs) + n.all(SKOS.closeMatch)],
    })


def treaties(service: Service) -> list[dict]:
    return _records(service, "treaties", [RG.Treaty], lambda n: {
        "key": key_of(n.iri, "treaty"),
        "alt_labels": n.values(SKOS.altLabel),
        "untc_number": n.value(RG.untcNumber),
        "ets_number": n.value(RG.etsNumber),
        "adoption_date": n.value(RG.adoptionDate),
        "supplements": n.refs(RG.supplements),
        "supplemented_by": n.refs(RG.supplementedBy),
        "themes": n.concepts(RG.theme),
        "protects": n.concepts(RG.protects),
    })


def organizations(service: Service) -> list[dict]:
    def kind(n: Node) -> str | None:
        types = set(n.types())
        return next((k for k, cls in ORGANIZATION_KINDS.items() if str(cls) in types), None)

    return _records(service, "organizations", [RG.Organization, *ORGANIZATION_KINDS.values()], lambda n: {
        "kind": kind(n),
        "acronym": n.value(RG.acronym),
        "alt_labels": n.values(SKOS.altLabel),
        "parent": n.ref(ORG.subOrganizationOf),
        "jurisdiction": n.ref(RG.jurisdiction),
    })


def programmes(service: Service) -> list[dict]:
    return _records(service, "programmes", [RG.Programme, RG.Project], lambda n: {
        "kind": "project" if str(RG.Project) in n.types() else "programme",
        "start_date": n.value(RG.startDate),
        "end_date": n.value(RG.endDate),
        "funders": n.refs(RG.funder),
        "co_funders": n.refs(RG.coFunder),
        "implementers": n.refs(RG.implementer),
        "partners": n.refs(RG.partner),
        "coordinators": n.refs(RG.coordinator),
        "adopted_by": n.refs(RG.adoptedBy),
        "part_of": n.ref(RG.subProjectOf),
        "follows_up": n.refs(RG.followsUp),
        "budget": n.structured(RG.budget),
        "objectives": n.values(RG.objective),
        "themes": n.concepts(RG.theme),
        "target_groups": n.concepts(RG.targetGroup),
    })


def recommendations(service: Service) -> list[dict]:
    """Every recommendation (a 2009 UNCT recommendation, a 2010 clause), with who made it, the numbered
    recommendation a clause belongs to, the source document and the positions recorded on it."""
    positions = _positions(service)
    documents = _documents_of_units(service)

    def fields(n: Node) -> dict:
        numbered = n.ref(RG.clauseOf)
        units = [str(u) for u in n.all(PROV.wasDerivedFrom)]
        return {
            "recommended_by": n.refs(RG.recommendedBy),
            "attributed_to": n.refs(PROV.wasAttributedTo),
            "addressed_to": n.refs(RG.addressedTo),
            "action": n.concept(RG.recommendedAction),
            "themes": n.concepts(RG.theme),
            "concerns": n.refs(RG.concerns),
            "recommendation": numbered | {"number": _number(service, numbered["iri"])} if numbered else None,
            "clause": n.value(RG.clauseNumber),
            "source": next((ref(service, documents[u]) for u in units if u in documents), None),
            "positions": positions.get(numbered["iri"] if numbered else n.iri, []),
            "note": n.value(RG.note),
        }

    return _records(service, "recommendations", [RG.Recommendation], fields)


def _positions(service: Service) -> dict[str, list[dict]]:
    """Numbered recommendation (or recommendation) IRI → the positions recorded on it, oldest first: value,
    date, response due, whose position and who recorded it, with evidence. A later position stands beside
    an earlier one, never in its place."""
    def compute() -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for n in nodes(service, [RG.Position]):
            on = n.one(RG.onRecommendation)
            if on is None:
                continue
            out.setdefault(str(on), []).append(n.base() | {
                "value": n.concept(RG.positionValue),
                "as_of": n.value(RG.asOf),
                "response_due": n.value(RG.responseDue),
                "attributed_to": n.refs(PROV.wasAttributedTo),
                "recorded_by": n.refs(RG.recordedBy),
                "evidence": n.evidence(),
            })
        return {k: sorted(v, key=lambda p: (str(p["as_of"] or ""), p["iri"])) for k, v in out.items()}

    return service.memo("positions", compute)


def _documents_of_units(service: Service) -> dict[str, str]:
    """Paragraph (or other unit) IRI → the source document it belongs to."""
    return service.memo("documents-of-units", lambda: {str(r["u"]): str(r["d"]) for r in service.select(
        f"SELECT ?u ?d WHERE {{ ?u <{RG.paragraphOf}> ?d }}")})


def _number(service: Service, numbered: str) -> str | None:
    numbers = service.memo("recommendation-numbers", lambda: {str(r["r"]): str(r["n"]) for r in service.select(
        f"SELECT ?r ?n WHERE {{ ?r <{RG.recommendationNumber}> ?n }}")})
    return numbers.get(numbered)


def recommendation_facets(items: list[dict]) -> dict[str, list[dict]]:
    """How many of ``items`` each recommending State made and each instrument (or other target) is concerned by."""
    def count(key: str) -> list[dict]:
        seen: dict[str, dict] = {}
        for item in items:
            for r in item[key]:
                seen.setdefault(r["iri"], dict(r, count=0))["count"] += 1
        return sorted(seen.values(), key=lambda r: (-r["count"], r["label"].casefold()))

    return {"recommended_by": count("recommended_by"), "concerns": count("concerns"),
            "positions": _count_positions(items)}


def _count_positions(items: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for item in items:
        for p in item["positions"][-1:]:  # the latest position recorded
            if p["value"]:
                seen.setdefault(p["value"]["iri"], dict(p["value"], count=0))["count"] += 1
    return sorted(seen.values(), key=lambda r: -r["count"])


def obligations(service: Service) -> list[dict]:
    return _records(service, "obligations", [RG.Obligation], lambda n: {
        "arises_from": n.refs(RG.arisesFrom),
        "articles": n.values(RG.article),
        "bearers": n.refs(RG.bearer),
        "rights_holders": n.concepts(RG.rightsHolder),
        "state_roles": n.concepts(RG.stateRole),
        "themes": n.concepts(RG.theme),
        "note": n.value(RG.note),
    })


def figures(service: Service) -> list[dict]:
    return _records(service, "figures", [RG.Observation], lambda n: {
        "measure": n.concept(RG.measure),
        "value": n.value(RG.value),
        "unit": n.concept(RG.unit),
        "qualifier": n.value(RG.qualifier),
        "period_start": n.value(RG.periodStart),
        "period_end": n.value(RG.periodEnd),
        "ref_area": n.ref(RG.refArea),
        "breakdown": n.ref(RG.breakdown),
        "breakdown_kind": n.concept(RG.breakdownKind),
        "part_of": n.ref(RG.partOf),
    })


# ---------------------------------------------------------------------------------- treaty status
#
# Whose a status is and as of when: every assertion, action and claim names its source document (author,
# symbol, date) and says in words where it comes from (``according_to``); every one carries the editorial
# flags (rg:Ambiguity) that concern it as ``hedges``; a derived party status (rg:PartyStatus, rules/party-to.rq)
# carries its basis and the flags of rules/party-status-hedge.rq (rg:hedgedBy). A delegation's status claim
# (rg:StatusClaim) is listed as a claim, never as a status.


def _participation(service: Service) -> dict:
    """Per (state, treaty): its actions, status assertions, derived party statuses and status claims, and the
    derived party/signatory sets."""

    def by_pair(cls) -> dict[tuple, list[Node]]:
        out: dict[tuple, list[Node]] = {}
        for n in nodes(service, [cls]):
            for state in n.all(RG.state):
                for treaty in n.all(RG.treaty):
                    out.setdefault((str(state), str(treaty)), []).append(n)
        return out

    def pairs(prop) -> set[tuple]:
        return {(str(r["s"]), str(r["t"])) for r in service.select(f"SELECT ?s ?t WHERE {{ ?s <{prop}> ?t }}")}

    return service.memo("participation", lambda: {
        "actions": by_pair(RG.TreatyAction), "assertions": by_pair(RG.StatusAssertion),
        "party_status": by_pair(RG.PartyStatus), "claims": by_pair(RG.StatusClaim),
        "party": pairs(RG.partyTo), "signatory": pairs(RG.signatoryOf),
    })


def _ambiguities(service: Service) -> dict[str, dict]:
    """Every editorial flag (rg:Ambiguity) as a hedge: iri, label, note, and what it concerns."""
    return service.memo("ambiguities", lambda: {n.iri: n.base() | {"note": n.value(RG.note), "concerns": [str(c) for c in n.all(RG.concerns)]}
                                                for n in nodes(service, [RG.Ambiguity])})


def _hedge(flag: dict) -> dict:
    return {k: flag[k] for k in ("iri", "label", "note")}


def flags_on(service: Service, iri: str) -> list[dict]:
    """The editorial flags that concern one statement (an action, an assertion, a claim), by label."""
    index = service.memo("flags-on", lambda: _invert(_ambiguities(service)))
    return index.get(iri, [])


def _invert(ambiguities: dict[str, dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for flag in ambiguities.values():
        for c in flag["concerns"]:
            out.setdefault(c, []).append(_hedge(flag))
    return {k: sorted(v, key=lambda h: (h["label"].casefold(), h["iri"])) for k, v in out.items()}


def _unique(hedges: Iterable[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for h in hedges:
        seen.setdefault(h["iri"], h)
    return sorted(seen.values(), key=lambda h: (h["label"].casefold(), h["iri"]))


def _delegations(service: Service) -> set[str]:
    return service.memo("delegations", lambda: {str(r["d"]) for r in service.select(f"SELECT ?d WHERE {{ ?d a <{RG.Delegation}> }}")})


def _documents(service: Service) -> dict[str, dict]:
    """Source document IRI → iri, label, symbol, date, author: what a statement's source is called."""
    def compute() -> dict[str, dict]:
        out = {}
        for n in nodes(service, [RG.SourceDocument]):
            title = str(n.value(DCTERMS.title) or n.base()["label"])
            author = n.ref(RG.author) or n.ref(DCTERMS.creator)
            out[n.iri] = n.base() | {"symbol": n.value(RG.documentSymbol), "date": n.value(DCTERMS.date), "title": title,
                                     "author": author}
        return out
    return service.memo("status-documents", compute)


def _source(service: Service, n: Node) -> dict | None:
    """The document a statement cites (its first cited unit's document), or None."""
    units = _documents_of_units(service)
    docs = _documents(service)
    for u in sorted(str(v) for v in n.all(PROV.wasDerivedFrom)):
        if units.get(u) in docs:
            return docs[units[u]]
    return None


def _agent_name(service: Service, agent: dict) -> str:
    """An agent in running text: 'the United Nations Country Team in Belarus', 'Belarus' (a State: no article)."""
    label = agent["label"]
    if agent["iri"].startswith(str(ID) + "state/") or label[:4].casefold() == "the ":
        return label
    return "the " + label


def _document_words(doc: dict, author: dict | None) -> str:
    """'in its submission for the Universal Periodic Review of Belarus (2009)' when the title names the author first;
    'in A/HRC/15/16 (Report of the Working Group …: Belarus)' when the document has a symbol; else 'in <title>'."""
    title = doc["title"]
    if author and doc["author"] and author["iri"] == doc["author"]["iri"] and title.startswith(author["label"] + ": "):
        return "in its " + title[len(author["label"]) + 2:]
    if doc["symbol"]:
        return f"in {doc['symbol']} ({title})"
    return f"in {title}"


def _units(evidence: list[dict]) -> str:
    """'¶ 2' or '¶¶ 2, 66' from the numbered paragraphs of the evidence (recommendations are named apart)."""
    numbers = sorted({e["number"] for e in evidence if e["number"] is not None})
    if not numbers:
        return ""
    return ("¶ " if len(numbers) == 1 else "¶¶ ") + ", ".join(str(n) for n in numbers)


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def according_to(service: Service, n: Node, who: list[dict], basis: str, numbers: Sequence[str], as_of) -> str:
    """Whose a status is and as of when, in words: 'according to the United Nations Country Team in Belarus in its
    submission for the Universal Periodic Review of Belarus (2009), ¶ 2, as of 2009'; 'implied by recommendation 98.4
    in A/HRC/15/16 (…), as of 12 May 2010'. Only what the data gives: no speaker, no date, no words for them."""
    doc = _source(service, n)
    speaker = who[0] if who else (doc["author"] if doc else None)
    if basis == "implied-by-recommendation":
        head = "implied by " + ("recommendation " if len(numbers) == 1 else "recommendations ") + _and(list(numbers)) if numbers \
            else "implied by a recommendation"
        where = f" in {doc['symbol'] or doc['title']}" + (f" ({doc['title']})" if doc["symbol"] else "") if doc else ""
        text = head + where
    else:
        text = "according to " + (_agent_name(service, speaker) if speaker else "the source")
        if doc:
            text += " " + _document_words(doc, speaker)
        units = _units(n.evidence())
        if units:
            text += ", " + units
    if as_of:
        text += f", as of {human_date(as_of)}"
    return text


def sources_of(service: Service, items: list[dict]) -> list[dict]:
    """Whose the unratified statuses of ``items`` are and as of when, one line per source: 'according to the United
    Nations Country Team in Belarus in its submission ... (2009), as of 2009' (4 treaties); 'implied by recommendations
    in A/HRC/15/16 (...), as of 12 May 2010' (9). Each with its basis, document, date and the treaties' keys."""
    groups: dict[tuple, dict] = {}
    docs = _documents(service)
    for t in items:
        rows = []
        if t["status"] == "not-party":
            rows = [(a["basis"], a["source"], (a["attributed_to"] or [None])[0], a["as_of"]) for a in t["assertions"] if "not-party" in a["status"]]
        elif t["status"] == "signatory":
            rows = [("stated", a["source"], None, None) for a in t["actions"] if a["type"] == "signature"]
        for basis, source, who, as_of in rows:
            key = (basis, source["iri"] if source else "", who["iri"] if who else "", str(as_of or ""))
            if key not in groups:
                doc = docs.get(key[1])
                speaker = who or (doc["author"] if doc else None)
                if basis == "implied-by-recommendation":
                    words = "implied by recommendations" + (f" in {doc['symbol'] or doc['title']}" + (f" ({doc['title']})" if doc["symbol"] else "") if doc else "")
                else:
                    words = "according to " + (_agent_name(service, speaker) if speaker else "the source") + (" " + _document_words(doc, speaker) if doc else "")
                if as_of:
                    words += f", as of {human_date(as_of)}"
                groups[key] = {"basis": basis, "source": source, "as_of": as_of, "words": words, "treaties": []}
            if t["key"] not in groups[key]["treaties"]:
                groups[key]["treaties"].append(t["key"])
    return sorted(groups.values(), key=lambda g: (str(g["as_of"] or ""), g["basis"]))


def action_words(action: dict) -> str:
    """A treaty action for people: 'accession, August 2001, without reservations'; an action the source does not date:
    'ratification, undated (no later than 2009)' (the bound is the report's own date, never an invented one); a date the
    report gives without saying which step it dates: '..., reported as 3 May 2003 (the report does not say which step)'."""
    parts = [action["type"] or "action"]
    if action["date"]:
        parts.append(human_date(action["date"]))
    elif action["not_later_than"]:
        parts.append(f"undated (no later than {human_date(action['not_later_than'])})")
    else:
        parts.append("undated")
    if action.get("reported_date"):
        parts.append(f"reported as {human_date(action['reported_date'])} (the report does not say which step that date is)")
    if action["without_reservations"]:
        parts.append("without reservations")
    return ", ".join(parts)


def standing(service: Service, state: str, treaty: str) -> dict:
    """What the data says of one state and one treaty: status (and the hedges on it), the derived party status,
    intentions, actions, assertions, the delegation's claims (apart: never a status), evidence."""
    p = _participation(service)
    pair = (state, treaty)
    actions = p["actions"].get(pair, [])
    assertions = p["assertions"].get(pair, [])
    statuses = {str(s) for a in assertions for s in a.all(RG.status)}
    party_status = _party_status(service, p["party_status"].get(pair, []), actions)
    if pair in p["party"]:
        status = "party"
        hedges = party_status["hedges"] if party_status else []
    elif pair in p["signatory"]:
        status = "signatory"
        hedges = _unique(h for a in actions if _is_signature(service, a) for h in flags_on(service, a.iri))
    elif NOT_PARTY in statuses:
        status = "not-party"
        hedges = _unique(h for a in assertions if NOT_PARTY in {str(s) for s in a.all(RG.status)} for h in flags_on(service, a.iri))
    else:
        status = "unknown"
        hedges = []
    evidence: dict[tuple, dict] = {}
    for n in actions + assertions:
        for e in n.evidence():
            evidence.setdefault((e["paragraph"], e["quote"]), e)
    return {
        "status": status,
        "hedged": bool(hedges),
        "hedges": hedges,
        "party_status": party_status,
        "intentions": sorted({notation(service, s) for s in statuses - STANDING}),
        "actions": sorted((_action(service, n) for n in actions), key=lambda a: (a["date"] or a["not_later_than"] or "", a["iri"])),
        "assertions": [_assertion(service, n) for n in sorted(assertions, key=lambda n: (str(n.value(RG.asOf) or ""), n.iri))],
        "bases": sorted({_basis(service, n) for n in assertions if NOT_PARTY in {str(s) for s in n.all(RG.status)}}),
        "claims": [claim(service, n) for n in sorted(p["claims"].get(pair, []), key=lambda n: n.iri)],
        "evidence": sorted(evidence.values(), key=lambda e: (e["number"] is None, e["number"] or 0, e["quote"] or "")),
    }


def _is_signature(service: Service, n: Node) -> bool:
    return n.one(RG.actionType) is not None and notation(service, str(n.one(RG.actionType))) == "signature"


def _party_status(service: Service, found: list[Node], actions: list[Node]) -> dict | None:
    """The derived rg:PartyStatus: the actions it rests on (rg:basedOn) and the flags that hedge it (rg:hedgedBy)."""
    if not found:
        return None
    n = found[0]
    flags = _ambiguities(service)
    by_iri = {a.iri: a for a in actions}
    return n.base() | {
        "based_on": [ref(service, a) | {"type": _action_type(service, by_iri[str(a)]) if str(a) in by_iri else None}
                     for a in sorted(str(v) for v in n.all(RG.basedOn))],
        "hedges": _unique(_hedge(flags[str(h)]) for h in n.all(RG.hedgedBy) if str(h) in flags),
    }


def _action_type(service: Service, n: Node) -> str | None:
    return notation(service, str(n.one(RG.actionType))) if n.one(RG.actionType) is not None else None


def _action(service: Service, n: Node) -> dict:
    """A treaty action: type; date at the source's precision, or only an upper bound (undated); a date the report
    gives without saying which step it dates (rg:reportedDate); in words; whose words, and the flags on it."""
    record = n.base() | {
        "type": _action_type(service, n),
        "date": n.value(RG.actionDate),
        "not_later_than": n.value(RG.notLaterThan),
        "reported_date": n.value(RG.reportedDate),
        "without_reservations": n.value(RG.withoutReservations),
        "according_to": according_to(service, n, n.refs(PROV.wasAttributedTo), "stated", (), None),
        "source": _source_ref(service, n),
        "hedges": flags_on(service, n.iri),
        "note": n.value(RG.note),
    }
    return record | {"wording": action_words(record)}


def _source_ref(service: Service, n: Node) -> dict | None:
    doc = _source(service, n)
    return {k: doc[k] for k in ("iri", "label", "symbol", "date", "author")} if doc else None


def _basis(service: Service, n: Node) -> str:
    """stated (a source says so) or implied-by-recommendation (inferred from a recommendation to ratify, sign or accede)."""
    basis = n.one(RG.statusBasis)
    return notation(service, str(basis)) if basis is not None else "stated"


def _assertion(service: Service, n: Node) -> dict:
    """A status assertion as the API shows it: whose it is, on what basis and as of when (in words too); an implied
    one with the clauses it is implied by, their numbered recommendations, recommending States and the position
    recorded on them; the flags that hedge it."""
    positions = _positions(service)
    numbered = {str(r["c"]): str(r["r"]) for r in service.memo("clause-of", lambda: service.select(
        f"SELECT ?c ?r WHERE {{ ?c <{RG.clauseOf}> ?r }}"))}
    clauses = [str(c) for c in n.all(RG.impliedBy)]
    seen, held = set(), []
    for c in clauses:
        for pos in positions.get(numbered.get(c, c), []):
            if pos["iri"] not in seen:
                seen.add(pos["iri"])
                held.append({k: pos[k] for k in ("iri", "label", "value", "as_of", "response_due", "attributed_to", "recorded_by")})
    numbers = sorted({_number(service, numbered[c]) or "" for c in clauses if c in numbered} - {""}, key=_number_key)
    basis = _basis(service, n)
    who = n.refs(PROV.wasAttributedTo)
    return n.base() | {
        "status": [notation(service, str(s)) for s in n.all(RG.status)],
        "basis": basis,
        "as_of": n.value(RG.asOf),
        "attributed_to": who,
        "according_to": according_to(service, n, who, basis, numbers, n.value(RG.asOf)),
        "source": _source_ref(service, n),
        "implied_by": [ref(service, c) for c in clauses],
        "recommendations": numbers,
        "recommending_states": n.refs(RG.recommendingState),
        "positions": held,
        "hedges": flags_on(service, n.iri),
        "note": n.value(RG.note),
    }


def _number_key(number: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("."))


def claim(service: Service, n: Node) -> dict:
    """A status claim (rg:StatusClaim): what the speaker claims, in words that say whose it is ('party (the
    delegation's claim)'), as of when, the treaties it covers in the speaker's words if it names none; never a status."""
    who = n.refs(PROV.wasAttributedTo)
    delegations = _delegations(service)
    if any(w["iri"] in delegations for w in who):
        whose = "the delegation's claim"
    elif who:
        whose = f"{_agent_name(service, who[0])}'s claim"
    else:
        whose = "a claim"
    claimed = [notation(service, str(s)) for s in n.all(RG.claimedStatus)]
    doc = _source(service, n)
    return n.base() | {
        "claimed_status": claimed,
        "wording": f"{' or '.join(s.replace('-', ' ') for s in claimed) or 'a status'} ({whose})",
        "attributed_to": who,
        "as_of": n.value(RG.asOf),
        "scope": n.value(RG.claimScope),
        "treaty": n.ref(RG.treaty),
        "made_at": n.ref(RG.madeAt),
        "according_to": _claimed_by(service, n, who, doc),
        "source": _source_ref(service, n),
        "hedges": flags_on(service, n.iri),
        "note": n.value(RG.note),
        "evidence": n.evidence(),
    }


def _claimed_by(service: Service, n: Node, who: list[dict], doc: dict | None) -> str:
    """'claimed by the delegation of Belarus at the review of 12 May 2010, as recorded in A/HRC/15/16, ¶ 56'."""
    delegations = _delegations(service)
    if who:
        speaker = who[0]["label"]
        speaker = "the " + speaker[:1].lower() + speaker[1:] if who[0]["iri"] in delegations else _agent_name(service, who[0])
    else:
        speaker = "a speaker"
    text = f"claimed by {speaker}"
    if doc:
        text += f", as recorded in {doc['symbol'] or doc['title']}"
    units = _units(n.evidence())
    if units:
        text += ", " + units
    return text


def state_claims(service: Service, state: str) -> list[dict]:
    """Every status claim about the state, those naming a treaty and those naming only a scope ('nearly all core
    human rights instruments'), oldest first."""
    def compute() -> list[dict]:
        found = [n for n in nodes(service, [RG.StatusClaim]) if state in {str(s) for s in n.all(RG.state)}]
        return [claim(service, n) for n in sorted(found, key=lambda n: (str(n.value(RG.asOf) or ""), n.iri))]
    return service.memo(f"state-claims:{state}", compute)


def state_treaties(service: Service, state: str) -> list[dict]:
    """Every treaty of the dataset with the state's standing towards it."""
    return [
        {k: t[k] for k in ("iri", "label", "key")} | standing(service, state, t["iri"])
        for t in treaties(service)
    ]


def states_with_statuses(service: Service) -> set[str]:
    """The states the data gives any treaty status for: an action, an assertion, a derived status or a claim."""
    def compute() -> set[str]:
        p = _participation(service)
        found = {s for key in ("actions", "assertions", "party_status", "claims") for (s, _t) in p[key]}
        found |= {s for (s, _t) in p["party"] | p["signatory"]}
        return found | {str(v) for c in nodes(service, [RG.StatusClaim]) for v in c.all(RG.state)}
    return service.memo("states-with-statuses", compute)


STATUS_GROUPS = (
    ("party", "Party"),
    ("signatory", "Signed, not ratified"),
    ("not-party", "Not party"),
    ("claimed", "Not stated; claimed party"),
)


def state_status(service: Service, state: str) -> dict:
    """A State page's treaty-status section: the treaties the data gives a status for, by status (party, signed,
    not party, only claimed), each with whose it is, as of when and its hedges; the claims naming no treaty; how
    many treaties the sources say nothing about."""
    def compute() -> dict:
        items = [t for t in state_treaties(service, state)]
        def group(t: dict) -> str:
            return "claimed" if t["status"] == "unknown" and t["claims"] else t["status"]
        groups = [{"key": key, "heading": heading, "treaties": [t for t in items if group(t) == key]} for key, heading in STATUS_GROUPS]
        code = state.rsplit("/", 1)[-1]
        return {
            "state": ref(service, state),
            "code": code,
            "groups": [g for g in groups if g["treaties"]],
            "claims": [c for c in state_claims(service, state) if not c["treaty"]],
            "unknown": sum(1 for t in items if group(t) == "unknown"),
            "hedged": sum(1 for t in items if t["hedged"]),
            "api": f"/api/states/{code}/treaties",
            "home": f"/?state={code}",
        }
    return service.memo(f"state-status:{state}", compute)


def treaty_parties(service: Service, treaty: str) -> list[dict]:
    """The states the data says anything about for one treaty (a claim included), with their standing and its hedges."""
    p = _participation(service)
    states_seen = {s for key in ("actions", "assertions", "claims") for (s, t) in p[key] if t == treaty} | \
        {s for (s, t) in p["party"] | p["signatory"] if t == treaty}
    out = []
    for s in sorted(states_seen):
        st = standing(service, s, treaty)
        out.append(ref(service, s) | {k: st[k] for k in ("status", "intentions", "hedged", "hedges")}
                   | {"claims": [c["wording"] for c in st["claims"]]})
    return _by_label(out)


def matches(record_refs: Sequence[dict] | dict | None, wanted: str) -> bool:
    """Whether a reference (or list of them) names the wanted resource by IRI, key, label or acronym."""
    if record_refs is None:
        return False
    refs = [record_refs] if isinstance(record_refs, dict) else list(record_refs)
    w = wanted.strip().casefold()
    for r in refs:
        if w in (r["iri"].casefold(), _local(r["iri"]).casefold(), r["label"].casefold(), str(r.get("notation", "")).casefold()):
            return True
    return False

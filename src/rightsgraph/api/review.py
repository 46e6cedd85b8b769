"""Domain shaping of the UPR cycle for the pages and /api/reviews: the review as an event, its dialogue,
the delegation's claims and figures, the recommendations explorer's filters, a State's statements and
recommendations, and a source document read in order. Everything is read from the build (through
``records`` and the service's lookups), computed once per build, and says whose words it gives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDFS

from ..namespaces import ID, RG, SCHEMA
from . import records
from .records import Node, nodes, ref
from .service import Service

FILTERS = ("state", "instrument", "position", "theme", "source")
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}\Z")
_LINK_PROPS = (FOAF.page, SCHEMA.url, RDFS.seeAlso, DCTERMS.identifier)  # where a document's official link could be


def _paragraph(service: Service, n: Node) -> dict | None:
    """The first source paragraph a node is derived from: {iri, number, label, unit}."""
    units = [str(u) for u in n.all(PROV.wasDerivedFrom) if str(u) in service.paragraphs]
    if not units:
        return None
    p = service.paragraphs[units[0]]
    return {"iri": p.iri, "number": p.number, "label": p.label, "unit": unit_name(p.iri)}


def unit_name(iri: str) -> str:
    """'…/para/98.4' -> '98.4', '…/footnote/1' -> 'footnote 1', '…/annex' -> 'annex'."""
    tail = iri.rsplit("/source/", 1)[-1].split("/", 1)[-1] if "/source/" in iri else iri
    kind, _, number = tail.partition("/")
    if kind == "para":
        return number
    return f"{kind} {number}".strip()


# ------------------------------------------------------------------------------------ the explorer


def wanted(r: dict, filters: dict) -> bool:
    """The filters of /api/recommendations (records.matches on the same fields), combined."""
    state, instrument, position = filters.get("state"), filters.get("instrument"), filters.get("position")
    theme, source = filters.get("theme"), filters.get("source")
    return ((not state or records.matches(r["recommended_by"], state) or records.matches(r["attributed_to"], state))
            and (not instrument or records.matches(r["concerns"], instrument))
            and (not position or records.matches([p["value"] for p in r["positions"][-1:] if p["value"]], position))
            and (not theme or records.matches(r["themes"], theme))
            and (not source or records.matches(r["source"], source)))


def _number_key(number: str | None) -> tuple:
    return tuple(int(x) for x in re.findall(r"\d+", number or "")) or (10**6,)


def recommendation_items(service: Service) -> list[dict]:
    """Every recommendation in the order of its document: by source (2009 first), number, clause; each with
    its unit (the paragraph it is derived from) and the words it quotes."""
    def compute() -> list[dict]:
        out = []
        for r in records.recommendations(service):
            unit = next((e for e in r["evidence"]), None)
            quotes = [e["quote"] for e in r["evidence"] if e["quote"]]
            number = r["recommendation"]["number"] if r["recommendation"] else (unit_name(unit["paragraph"]) if unit else None)
            date = service.memo("source-dates", lambda: {str(s["d"]): str(s["date"]) for s in service.select(
                f"SELECT ?d ?date WHERE {{ ?d a <{RG.SourceDocument}> ; <{DCTERMS.date}> ?date }}")})
            out.append(r | {"number": number, "quotes": quotes, "unit": unit,
                            "_order": (date.get((r["source"] or {}).get("iri"), ""), _number_key(number), r["clause"] or 0, r["iri"])})
        out.sort(key=lambda r: r["_order"])
        return [{k: v for k, v in r.items() if k != "_order"} for r in out]

    return service.memo("explorer-items", compute)


def filter_choices(service: Service) -> dict[str, list[dict]]:
    """The values each filter of the explorer offers, with how many recommendations have each (unfiltered)."""
    def compute() -> dict[str, list[dict]]:
        items = recommendation_items(service)
        facets = records.recommendation_facets(items)

        def count(key: str, value) -> list[dict]:
            seen: dict[str, dict] = {}
            for item in items:
                for r in value(item):
                    seen.setdefault(r["iri"], dict(r, count=0))["count"] += 1
            return sorted(seen.values(), key=lambda r: r["label"].casefold())

        states = count("state", lambda i: i["recommended_by"] or i["attributed_to"])
        for s in states:
            s["value"] = s["iri"].rsplit("/", 1)[-1] if s["iri"].startswith(str(ID) + "state/") else s["iri"]
        instruments = sorted(facets["concerns"], key=lambda r: r["label"].casefold())
        for i in instruments:
            i["value"] = records.key_of(i["iri"], "treaty") if i["iri"].startswith(str(ID) + "treaty/") else i["iri"]
        themes = count("theme", lambda i: i["themes"])
        for t in themes:
            t["value"] = t["notation"]
        positions = facets["positions"]
        for p in positions:
            p["value"] = p["notation"]
        sources = count("source", lambda i: [i["source"]] if i["source"] else [])
        for s in sources:
            s["value"] = s["iri"].rsplit("/", 1)[-1]
        return {"state": states, "instrument": instruments, "position": positions, "theme": themes, "source": sources}

    return service.memo("explorer-choices", compute)


def explore(service: Service, filters: dict) -> tuple[list[dict], dict]:
    items = [r for r in recommendation_items(service) if wanted(r, filters)]
    return items, records.recommendation_facets(items)


# ------------------------------------------------------------------------------------ the review


def review_keys(service: Service) -> list[str]:
    return sorted(records.key_of(n.iri, "review") for n in _nodes(service, "reviews", [RG.Review]))


def _nodes(service: Service, name: str, classes: Sequence[URIRef]) -> list[Node]:
    return service.memo(f"review-nodes:{name}", lambda: nodes(service, classes))


def _by_iri(service: Service, name: str, classes: Sequence[URIRef]) -> dict[str, Node]:
    return service.memo(f"review-index:{name}", lambda: {n.iri: n for n in _nodes(service, name, classes)})


def _date(n: Node, *props) -> str | None:
    for p in props:
        if n.one(p) is not None:
            return n.value(p)
    return None


def _whose(n: Node) -> list[dict]:
    return n.refs(PROV.wasAttributedTo)


def review(service: Service, key: str) -> dict | None:
    """The review ``key`` (upr-blr-2010) with everything the report says of it, or None."""
    if not _KEY.match(key):
        return None
    return service.memo(f"review:{key}", lambda: _review(service, str(ID) + "review/" + key))


def _review(service: Service, iri: str) -> dict | None:
    n = _by_iri(service, "reviews", [RG.Review]).get(iri)
    if n is None:
        return None
    sessions = _by_iri(service, "sessions", [RG.Session, RG.Meeting])
    session = sessions.get(str(n.one(SCHEMA.superEvent)))
    delegation = _delegation(service, str(n.one(RG.delegation))) if n.one(RG.delegation) else None
    documents = _by_iri(service, "documents", [RG.ReviewDocument])
    docs = []
    for d in n.all(RG.documentForReview):
        dn = documents.get(str(d))
        if dn is not None:
            docs.append(dn.base() | {"symbol": dn.value(RG.documentSymbol), "kind": dn.concept(RG.documentKind),
                                     "prepared_by": dn.refs(RG.preparedBy), "legal_basis": dn.value(RG.legalBasis),
                                     "evidence": dn.evidence()})
    docs.sort(key=lambda d: d["symbol"] or d["label"])
    outcome = [ref(service, o) | {"symbol": _symbol(service, str(o)), "page": "/sources/" + str(o).rsplit("/", 1)[-1]}
               for o in n.all(RG.outcome)]
    inputs = [ref(service, o) | {"symbol": _symbol(service, str(o)), "page": "/sources/" + str(o).rsplit("/", 1)[-1]}
              for o in n.all(RG.inferredInput)]
    dialogue = _dialogue(service, iri)
    meetings = {str(m) for m in n.all(RG.reviewMeeting)} | {iri}
    return n.base() | {
        "key": records.key_of(iri, "review"),
        "state_under_review": n.ref(RG.stateUnderReview),
        "session": session.base() | {"number": session.value(RG.sessionNumber), "start": session.value(SCHEMA.startDate),
                                     "end": session.value(SCHEMA.endDate)} if session else None,
        "review_date": n.value(RG.reviewDate),
        "review_meeting": n.ref(RG.reviewMeeting),
        "adoption_date": n.value(RG.outcomeAdoptionDate),
        "adoption_meeting": n.ref(RG.adoptionMeeting),
        "troika": sorted(n.refs(RG.troikaMember), key=lambda r: r["label"].casefold()),
        "delegation": delegation,
        "documents": docs,
        "questions_in_advance_from": sorted(n.refs(RG.questionsInAdvanceFrom), key=lambda r: r["label"].casefold()),
        "outcome": outcome,
        "outcome_considered_at": n.ref(RG.outcomeConsideredAt),
        "inferred_inputs": inputs,
        "note": n.value(RG.note),
        "attributed_to": _whose(n),
        "evidence": n.evidence(),
        "dialogue": dialogue,
        "delegation_said": _delegation_said(service, delegation["iri"] if delegation else None, meetings),
        "recommendations": _summary(service, iri),
    }


def _symbol(service: Service, doc: str) -> str | None:
    symbols = service.memo("document-symbols", lambda: {str(r["d"]): str(r["s"]) for r in service.select(
        f"SELECT ?d ?s WHERE {{ ?d <{RG.documentSymbol}> ?s }}")})
    return symbols.get(doc)


def _delegation(service: Service, iri: str) -> dict | None:
    n = _by_iri(service, "delegations", [RG.Delegation]).get(iri)
    if n is None:
        return None
    memberships = _by_iri(service, "memberships", [ORG.Membership])
    members = []
    for m in n.all(ORG.hasMembership):
        mn = memberships.get(str(m))
        if mn is None:
            continue
        members.append({"iri": mn.iri, "person": mn.ref(ORG.member), "role": mn.concept(ORG.role),
                        "post": mn.value(RG.postTitle), "organization": mn.ref(RG.postOrganization),
                        "attributed_to": _whose(mn), "evidence": mn.evidence()})
    head = n.ref(RG.headOfDelegation)
    members.sort(key=lambda m: (not head or m["person"] is None or m["person"]["iri"] != head["iri"],
                                (m["role"] or {}).get("notation") != "deputy-head"))
    return n.base() | {"on_behalf_of": n.ref(PROV.actedOnBehalfOf), "head": head, "members": members, "evidence": n.evidence()}


def _dialogue(service: Service, review_iri: str) -> dict | None:
    found = [n for n in _nodes(service, "dialogues", [RG.InteractiveDialogue]) if str(n.one(RG.ofReview)) == review_iri]
    if not found:
        return None
    d = found[0]
    acts: dict[str, list[dict]] = {}
    for a in _nodes(service, "acts", [RG.DialogueAct]):
        of = a.one(RG.actOf)
        if of is None:
            continue
        number = int(a.iri.rsplit("/", 1)[-1]) if a.iri.rsplit("/", 1)[-1].isdigit() else 0
        acts.setdefault(str(of), []).append({"iri": a.iri, "kind": a.concept(RG.actKind), "verb": a.value(RG.verb),
                                             "quote": a.value(RG.quote), "question": str(RG.Question) in a.types(),
                                             "themes": a.concepts(RG.theme), "paragraph": _paragraph(service, a), "_n": number})
    statements = []
    for s in _nodes(service, "statements", [RG.DialogueStatement, RG.CollectiveStatement]):
        if str(s.one(RG.inDialogue)) != d.iri:
            continue
        para = _paragraph(service, s)
        delivered = s.value(RG.delivered)
        statements.append(s.base() | {
            "speaker": s.ref(PROV.wasAttributedTo), "name_in_source": s.value(RG.nameInSource),
            "collective": str(RG.CollectiveStatement) in s.types(), "speaker_description": s.value(RG.speakerDescription),
            "delivered": delivered, "made_recommendations": s.value(RG.madeRecommendations),
            "paragraph": para, "themes": s.concepts(RG.theme), "note": s.value(RG.note),
            "acts": [{k: v for k, v in a.items() if k != "_n"} for a in sorted(acts.get(s.iri, []), key=lambda a: (a["_n"], a["iri"]))],
        })
    statements.sort(key=lambda s: (s["delivered"] is False, (s["paragraph"] or {}).get("number") or 10**6,
                                   (s["name_in_source"] or s["label"]).casefold()))
    replies = []
    for r in _nodes(service, "replies", [RG.DelegationReply]):
        if str(r.one(RG.inDialogue)) != d.iri:
            continue
        replies.append(r.base() | {"speaker": r.ref(PROV.wasAttributedTo), "paragraph": _paragraph(service, r),
                                   "quotes": r.values(RG.quote), "themes": r.concepts(RG.theme), "concerns": r.refs(RG.concerns),
                                   "answers": r.refs(RG.answers), "note": r.value(RG.note), "evidence": r.evidence()})
    replies.sort(key=lambda r: ((r["paragraph"] or {}).get("number") or 10**6, r["iri"]))
    return d.base() | {"delivered": d.value(RG.statementsDelivered), "not_delivered": d.value(RG.statementsNotDelivered),
                       "evidence": d.evidence(), "statements": statements, "replies": replies}


def _delegation_said(service: Service, delegation: str | None, meetings: set[str]) -> dict:
    """The claims and figures attributed to the delegation: its words, never the report's findings."""
    if delegation is None:
        return {"claims": [], "figures": []}
    claims, figures = [], []
    for c in _nodes(service, "claims", [RG.Claim, RG.StatusClaim]):
        if delegation not in {r["iri"] for r in _whose(c)}:
            continue
        claims.append(c.base() | {"status_claim": str(RG.StatusClaim) in c.types(), "quotes": c.values(RG.quote),
                                  "speaker": c.ref(PROV.wasAttributedTo), "paragraph": _paragraph(service, c),
                                  "treaty": c.ref(RG.treaty), "claimed_status": c.concept(RG.claimedStatus),
                                  "note": c.value(RG.note), "evidence": c.evidence()})
    for o in _nodes(service, "observations", [RG.Observation]):
        if delegation not in {r["iri"] for r in _whose(o)}:
            continue
        figures.append(o.base() | {"measure": o.concept(RG.measure), "value": o.value(RG.value), "qualifier": o.value(RG.qualifier),
                                   "unit": o.concept(RG.unit), "quotes": o.values(RG.quote), "speaker": o.ref(PROV.wasAttributedTo),
                                   "paragraph": _paragraph(service, o), "note": o.value(RG.note), "evidence": o.evidence()})
    order = lambda x: ((x["paragraph"] or {}).get("number") or 10**6, x["iri"])
    return {"claims": sorted(claims, key=order), "figures": sorted(figures, key=order)}


def _summary(service: Service, review_iri: str) -> list[dict]:
    """The recommendations made at the review by latest position: how many numbered recommendations and clauses,
    the date of the position, the response due, and the numbers."""
    groups: dict[str, dict] = {}
    made_at = service.memo("made-at", lambda: {(str(r["c"]), str(r["r"])) for r in service.select(
        f"SELECT ?c ?r WHERE {{ ?c <{RG.madeAt}> ?r }}")})
    for r in recommendation_items(service):
        if (r["iri"], review_iri) not in made_at:
            continue
        latest = r["positions"][-1] if r["positions"] else None
        value = latest["value"] if latest and latest["value"] else {"iri": "", "label": "no position recorded", "notation": "none"}
        g = groups.setdefault(value["iri"], {"position": value, "as_of": latest["as_of"] if latest else None,
                                            "response_due": latest["response_due"] if latest else None,
                                            "numbers": [], "clauses": 0, "evidence": latest["evidence"] if latest else [],
                                            "attributed_to": latest["attributed_to"] if latest else []})
        g["clauses"] += 1
        if r["number"] and r["number"] not in g["numbers"]:
            g["numbers"].append(r["number"])
    out = list(groups.values())
    for g in out:
        g["count"] = len(g["numbers"])
        g["explorer"] = f"/recommendations?position={g['position']['notation']}"
    return sorted(out, key=lambda g: _number_key(g["numbers"][0] if g["numbers"] else None))


def reviews(service: Service) -> list[dict]:
    out = []
    for key in review_keys(service):
        r = review(service, key)
        if r:
            out.append({k: r[k] for k in ("iri", "label", "key", "state_under_review", "session", "review_date", "adoption_date",
                                          "troika", "outcome", "evidence")} | {"page": f"/reviews/{key}", "api": f"/api/reviews/{key}"})
    return out


# ------------------------------------------------------------------------------------ a State's page


def state_sections(service: Service, state_iri: str) -> dict:
    """A State's statements in the dialogues and the recommendations it made (empty lists when none)."""
    def compute() -> dict:
        statements = []
        for key in review_keys(service):
            r = review(service, key)
            for s in (r["dialogue"] or {}).get("statements", []) if r else []:
                if s["speaker"] and s["speaker"]["iri"] == state_iri:
                    statements.append(s | {"review": {"iri": r["iri"], "label": r["label"], "page": f"/reviews/{key}"}})
        recs = [i for i in recommendation_items(service) if state_iri in {x["iri"] for x in i["recommended_by"]}]
        code = state_iri.rsplit("/", 1)[-1]
        return {"statements": statements, "recommendations": recs, "explorer": f"/recommendations?state={code}"}

    return service.memo(f"state-sections:{state_iri}", compute)


# ------------------------------------------------------------------------------------ reading the source


def documents(service: Service) -> list[dict]:
    def compute() -> list[dict]:
        out = []
        for n in nodes(service, [RG.SourceDocument]):
            key = n.iri.rsplit("/", 1)[-1]
            links = [str(v) for p in _LINK_PROPS for v in n.all(p) if str(v).startswith(("http://", "https://"))]
            out.append(n.base() | {"key": key, "symbol": n.value(RG.documentSymbol), "date": n.value(DCTERMS.date),
                                   "title": n.value(DCTERMS.title), "author": n.ref(RG.author) or n.ref(DCTERMS.creator),
                                   "review": n.ref(RG.forReview), "official_link": links[0] if links else None,
                                   "page": f"/sources/{key}", "units": len(n.all(RG.hasParagraph))})
        return sorted(out, key=lambda d: (str(d["date"] or ""), d["key"]))

    return service.memo("source-documents", compute)


def _unit_order(service: Service, doc: str) -> list[str]:
    """The units of a document in reading order: the cover, the paragraphs by number (each followed by the
    numbered units inside it, by position), then the footnotes and the annex."""
    def compute() -> list[str]:
        rows = service.select(f"""SELECT ?u ?n ?parent ?pos WHERE {{ ?u <{RG.paragraphOf}> <{doc}> .
            OPTIONAL {{ ?u <{RG.paragraphNumber}> ?n }} OPTIONAL {{ ?u <{RG.subunitOf}> ?parent }}
            OPTIONAL {{ ?u <{RG.position}> ?pos }} }}""")
        numbers = {str(r["u"]): int(r["n"]) for r in rows if r["n"] is not None}

        def key(r) -> tuple:
            u = str(r["u"])
            tail = unit_name(u)
            if u in numbers:
                return (1, numbers[u], 0, 0, u)
            if r["parent"] is not None and str(r["parent"]) in numbers:
                return (1, numbers[str(r["parent"])], 1, int(r["pos"]) if r["pos"] is not None else 0, u)
            if tail.startswith("cover"):
                return (0, 0, 0, 0, u)
            if tail.startswith("footnote"):
                return (2, int(re.sub(r"\D", "", tail) or 0), 0, 0, u)
            return (3, 0, 0, 0, u)

        return [str(r["u"]) for r in sorted({str(r["u"]): r for r in rows}.values(), key=key)]

    return service.memo(f"unit-order:{doc}", compute)


def document(service: Service, key: str) -> dict | None:
    """A source document with its units in reading order, grouped under their headings."""
    found = next((d for d in documents(service) if d["key"] == key), None) if _KEY.match(key) else None
    if found is None:
        return None

    def compute() -> dict:
        sections = service.memo("unit-sections", lambda: {str(r["u"]): str(r["s"]) for r in service.select(
            f"SELECT ?u ?s WHERE {{ ?u <{RG.section}> ?s }}")})
        groups: list[dict] = []
        for u in _unit_order(service, found["iri"]):
            p = service.paragraphs.get(u)
            if p is None:
                continue
            heading = sections.get(u, "")
            if not groups or groups[-1]["heading"] != heading:
                groups.append({"heading": heading, "parts": heading.split(" / ") if heading else [], "units": []})
            groups[-1]["units"].append({"iri": u, "unit": unit_name(u), "number": p.number, "label": p.label, "text": p.text,
                                        "sub": bool(re.search(r"/para/\d+\.\d+$", u))})
        return found | {"sections": groups}

    return service.memo(f"document:{key}", compute)


def neighbours(service: Service, unit: str) -> dict | None:
    """The previous and next units of a unit's document, in reading order (None if not a unit)."""
    p = service.paragraphs.get(unit)
    if p is None or p.document is None:
        return None
    order = _unit_order(service, p.document)
    if unit not in order:
        return None
    i = order.index(unit)

    def cell(j: int) -> dict | None:
        if not 0 <= j < len(order):
            return None
        return {"iri": order[j], "unit": unit_name(order[j]), "label": service.label(order[j])}

    key = p.document.rsplit("/", 1)[-1]
    return {"previous": cell(i - 1), "next": cell(i + 1), "document": ref(service, p.document) | {"page": f"/sources/{key}"},
            "anchor": "u-" + unit_name(unit).replace(" ", "-")}


__all__ = [
    "FILTERS",
    "document",
    "documents",
    "explore",
    "filter_choices",
    "neighbours",
    "recommendation_items",
    "review",
    "review_keys",
    "reviews",
    "state_sections",
    "unit_name",
    "wanted",
]


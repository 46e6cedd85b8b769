"""What the resource pages of /id add to the bare triples (routes/resources.py calls these):

- property and type names for people: the rdfs:label the ontology gives, else the readable name of a reused
  vocabulary's term, else its local name in words; the CURIE stays beside it, quietly;
- folded lists: a value the reasoner copied to a super-property (rg:theme -> dcterms:subject), or an incoming
  link that only restates an outgoing one through its inverse (rg:supplementedBy / rg:supplements), is shown
  once, with the other properties named under it ("also as …"); the RDF twins keep every triple;
- a treaty's page: its status by state (every treaty action, status assertion and status claim, with basis,
  date, whose words and paragraph, and the flags that hedge it) and its page at the UN Treaty Collection or
  the Council of Europe's Treaty Office (built from the verified rg:untcNumber / rg:etsNumber only);
- a paragraph's page: its text with each quote of a fact marked and linked to that fact, the facts numbered;
- the UPR additions (a small hook): a State's statements and recommendations, a paragraph's previous/next.
"""

from __future__ import annotations

import re
from itertools import pairwise

from fastapi import Request
from rdflib import URIRef
from rdflib.namespace import OWL, PROV, RDFS

from ..namespaces import ID, RG
from . import records, review
from .html import READABLE, WEB, curie, human_date, render_bytes
from .service import Service

TREATY = str(ID) + "treaty/"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
UNTC_PAGE = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={number}&chapter={chapter}&clang=_en"
COE_PAGE = "https://www.coe.int/en/web/conventions/full-list?module=treaty-detail&treatynum={number}"


# ------------------------------------------------------------------------------------ names for people


def _words(local: str) -> str:
    """'wasDerivedFrom' -> 'was derived from', 'is_about' -> 'is about', 'LegalResource' -> 'legal resource'."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local.replace("_", " ").replace("-", " "))
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in spaced.split())


def term_name(service: Service, iri: str) -> dict:
    """{iri, label, curie} of a property or class: its label in the build, a readable name, or its local name in words."""
    iri = str(iri)
    short = curie(iri)
    label = service.labels.get(iri) or READABLE.get(iri)
    if not label:
        local = re.split(r"[#/]", iri.rstrip("/#"))[-1] if short == iri else short.split(":", 1)[1]
        label = _words(local) or short
    return {"kind": "iri", "iri": iri, "label": label, "curie": short if short != iri else ""}


# ------------------------------------------------------------------------------------ folding


_SKOS, _ORG = "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/org#"
# What the reused vocabularies say and the build does not load: SKOS (skos:topConceptOf is a sub-property of
# skos:inScheme; broader/narrower and hasTopConcept/topConceptOf are inverses) and W3C ORG (org:headOf is a
# sub-property of org:memberOf; org:memberOf/org:hasMember and org:member/org:hasMembership are inverses).
_VOCAB_SUPERS = {_SKOS + "topConceptOf": {_SKOS + "inScheme"}, _ORG + "headOf": {_ORG + "memberOf"}}
_VOCAB_INVERSES = [(_SKOS + "broader", _SKOS + "narrower"), (_SKOS + "hasTopConcept", _SKOS + "topConceptOf"),
                   (_ORG + "memberOf", _ORG + "hasMember"), (_ORG + "member", _ORG + "hasMembership")]


def _ontology_links(service: Service) -> dict:
    """The sub-property closure (p -> every super-property) and the inverse pairs, from the build's ontology
    (and the few facts of the reused vocabularies above)."""
    def compute() -> dict:
        direct: dict[str, set[str]] = {p: set(q) for p, q in _VOCAB_SUPERS.items()}
        for r in service.select(f"SELECT DISTINCT ?p ?q WHERE {{ ?p <{RDFS.subPropertyOf}> ?q FILTER(isIRI(?q) && ?p != ?q) }}"):
            direct.setdefault(str(r["p"]), set()).add(str(r["q"]))
        supers: dict[str, set[str]] = {}
        for p, parents in direct.items():
            seen, todo = set(), list(parents)
            while todo:
                q = todo.pop()
                if q not in seen and q != p:
                    seen.add(q)
                    todo.extend(direct.get(q, ()))
            supers[p] = seen
        inverse: dict[str, set[str]] = {}
        for r in service.select(f"SELECT DISTINCT ?p ?q WHERE {{ ?p <{OWL.inverseOf}> ?q }}"):
            inverse.setdefault(str(r["p"]), set()).add(str(r["q"]))
            inverse.setdefault(str(r["q"]), set()).add(str(r["p"]))
        for p, q in _VOCAB_INVERSES:
            inverse.setdefault(p, set()).add(q)
            inverse.setdefault(q, set()).add(p)
        symmetric = {str(r["p"]) for r in service.select(f"SELECT DISTINCT ?p WHERE {{ ?p a <{OWL.SymmetricProperty}> }}")}
        return {"supers": supers, "inverse": inverse, "symmetric": symmetric}

    return service.memo("resource-pages:ontology-links", compute)


def _key(v: dict) -> tuple:
    return (v.get("kind"), v.get("iri") or v.get("text"), v.get("lang"), v.get("datatype"))


def fold(service: Service, outgoing: list, incoming: list) -> tuple[list, list]:
    """The outgoing and incoming (property cell, values) lists of a page with what restates another row folded:
    - an inferred value of a property that a sub-property of it already gives (same direction);
    - an incoming link whose property is the inverse of an outgoing one with the same resource (or the same
      symmetric property), or a property linking the same resource both ways because a pair of inverses does.
    Each row says which other properties ("also") the folded values were under; an emptied row is dropped."""
    links = _ontology_links(service)
    supers, inverse, symmetric = links["supers"], links["inverse"], links["symmetric"]

    def by_prop(rows) -> dict[str, tuple[dict, list]]:
        return {p["iri"]: (p, list(values)) for p, values in rows}

    out, inc = by_prop(outgoing), by_prop(incoming)
    also: dict[tuple[str, str], set[str]] = {}  # (direction, kept property) -> folded properties

    def fold_supers(rows: dict, direction: str) -> None:
        for p, (_, values) in list(rows.items()):
            keep = []
            for v in values:
                covering = [q for q, (_, vs) in rows.items() if q != p and p in supers.get(q, ()) and any(_key(w) == _key(v) for w in vs)]
                if v.get("inferred") and covering:
                    also.setdefault((direction, covering[0]), set()).add(p)
                else:
                    keep.append(v)
            rows[p] = (rows[p][0], keep)

    fold_supers(out, "out")
    fold_supers(inc, "in")
    out_values = {q: {_key(v): v for v in vs} for q, (_, vs) in out.items()}
    # A property on both sides whose two directions are the two halves of inverse pairs (dcterms:relation from
    # rg:supplements one way and rg:supplementedBy the other) is the same link twice: fold the incoming one.
    for p, (_, values) in list(inc.items()):
        partners = set(inverse.get(p, ())) | ({p} if p in symmetric else set())
        keep = []
        for v in values:
            same = [q for q in partners if _key(v) in out_values.get(q, {})]
            if same:
                kept = out_values[same[0]][_key(v)]
                if kept.get("inferred") and not v.get("inferred"):  # keep the asserted side
                    kept.update(folded_from=p)
                    keep.append(v)
                    continue
                also.setdefault(("out", same[0]), set()).add(f"^{p}")
            else:
                keep.append(v)
        inc[p] = (inc[p][0], keep)
    for p, (_, values) in list(out.items()):  # an outgoing value restated by an asserted incoming inverse
        dropped = [v for v in values if v.get("folded_from")]
        if dropped:
            out[p] = (out[p][0], [v for v in values if not v.get("folded_from")])
            for v in dropped:
                also.setdefault(("in", v["folded_from"]), set()).add(f"^{p}")

    def rows(table: dict, direction: str) -> list:
        result = []
        for p, (cell, values) in table.items():
            if not values:
                continue
            names = []
            for q in sorted(also.get((direction, p), ())):
                reverse = q.startswith("^")
                name = term_name(service, q.lstrip("^"))
                names.append(name | {"reverse": reverse})
            result.append((cell | {"also": names}, values))
        return result

    return rows(out, "out"), rows(inc, "in")


def named(service: Service, rows: list) -> list:
    """Property cells with a name for people and their CURIE."""
    return [(term_name(service, p["iri"]) | {k: v for k, v in p.items() if k == "also"}, values) for p, values in rows]


def named_types(service: Service, types: list[dict]) -> list[dict]:
    return [t | {k: v for k, v in term_name(service, t["iri"]).items() if k in ("label", "curie")} if t.get("kind") == "iri" else t
            for t in types]


# ------------------------------------------------------------------------------------ sources, shortly


def _documents(service: Service) -> dict[str, dict]:
    def compute() -> dict[str, dict]:
        acronyms = {}
        for r in service.select(f"SELECT ?o ?a WHERE {{ ?o <{RG.acronym}> ?a }}"):
            acronyms[str(r["o"])] = str(r["a"])
        out = {}
        for d in review.documents(service):
            author = d.get("author")
            year = str(d.get("date") or "")[:4]
            who = (acronyms.get(author["iri"]) or author["label"]) if author else ""
            out[d["iri"]] = d | {"short": d.get("symbol") or " ".join(x for x in (who, year) if x) or d["label"], "who": author}
        return out

    return service.memo("resource-pages:documents", compute)


def unit_cell(service: Service, unit: str) -> dict | None:
    """A source unit as a short link text: 'A/HRC/15/16 ¶ 56', 'UNCT 2009 ¶ 2', with its document's author."""
    p = service.paragraphs.get(str(unit))
    if p is None:
        return None
    doc = _documents(service).get(p.document or "", {})
    name = review.unit_name(p.iri)
    where = f"¶ {name}" if re.match(r"^\d", name) else name
    return {"iri": p.iri, "label": p.label, "short": f"{doc.get('short', '')} {where}".strip(), "author": doc.get("who")}


# ------------------------------------------------------------------------------------ a treaty's page


def _arabic(roman: str) -> int | None:
    if not roman or any(c not in _ROMAN for c in roman):
        return None
    total = 0
    for i, c in enumerate(roman):
        v = _ROMAN[c]
        total += -v if i + 1 < len(roman) and _ROMAN[roman[i + 1]] > v else v
    return total


def treaty_links(iri: str, untc: str | None, ets: str | None) -> list[dict]:
    """The treaty's page at its depositary, from its verified number: the UN Treaty Collection's status page
    (mtdsg_no and the chapter's number, e.g. IV-13 -> chapter=4) or the Council of Europe's treaty page (the
    ETS number in three digits, as the Treaty Office writes it: ETS No. 005)."""
    key = iri[len(TREATY):] if iri.startswith(TREATY) else ""
    out = []
    if untc and key.startswith("untc-"):
        chapter = _arabic(untc.split("-", 1)[0])
        if chapter:
            out.append({"href": UNTC_PAGE.format(number=untc, chapter=chapter), "site": "UN Treaty Collection",
                        "text": f"Status at the UN Treaty Collection (chapter {untc.split('-', 1)[0]}, {untc})"})
    if ets and key.startswith("coe-ets-") and ets.isdigit():
        out.append({"href": COE_PAGE.format(number=ets.zfill(3)), "site": "Council of Europe Treaty Office",
                    "text": f"The Council of Europe's page of ETS No. {ets.zfill(3)}"})
    return out


_TREATY_FACTS = f"""
PREFIX rg: <{RG}>
PREFIX prov: <{PROV}>
PREFIX rdfs: <{RDFS}>
SELECT ?t ?fact ?kind ?state ?what ?basis ?date ?reported ?nlt ?asof ?unit ?quote ?who ?implied WHERE {{
  {{ ?fact a rg:TreatyAction ; rg:treaty ?t ; rg:state ?state ; rg:actionType ?what . BIND("action" AS ?kind)
     OPTIONAL {{ ?fact rg:actionDate ?date }} OPTIONAL {{ ?fact rg:reportedDate ?reported }} OPTIONAL {{ ?fact rg:notLaterThan ?nlt }} }}
  UNION
  {{ ?fact a rg:StatusAssertion ; rg:treaty ?t ; rg:state ?state ; rg:status ?what . BIND("assertion" AS ?kind)
     OPTIONAL {{ ?fact rg:statusBasis ?basis }} OPTIONAL {{ ?fact rg:asOf ?asof }} OPTIONAL {{ ?fact rg:impliedBy ?implied }} }}
  UNION
  {{ ?fact a rg:StatusClaim ; rg:treaty ?t ; rg:state ?state ; rg:claimedStatus ?what . BIND("claim" AS ?kind)
     OPTIONAL {{ ?fact rg:asOf ?asof }} }}
  OPTIONAL {{ ?fact prov:wasDerivedFrom ?unit }}
  OPTIONAL {{ ?fact rg:quote ?quote }}
  OPTIONAL {{ ?fact prov:wasAttributedTo ?who }}
}}"""

_FLAGS = f"""
PREFIX rg: <{RG}>
SELECT DISTINCT ?x ?flag WHERE {{
  {{ ?flag a rg:Ambiguity ; rg:concerns ?x }} UNION {{ ?x rg:hedgedBy ?flag }}
}}"""

_DERIVED_STATUS = f"""
PREFIX rg: <{RG}>
SELECT ?t ?status ?state ?on WHERE {{ ?status a rg:PartyStatus ; rg:treaty ?t ; rg:state ?state . OPTIONAL {{ ?status rg:basedOn ?on }} }}"""

_ORDER = {"action": 0, "assertion": 1, "claim": 2}
_ACTION_STATUS = {"signature": "signed", "ratification": "ratified", "accession": "acceded", "succession": "succeeded",
                  "acceptance": "accepted", "approval": "approved"}


def _flags(service: Service) -> dict[str, list[dict]]:
    def compute() -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for r in service.select(_FLAGS):
            out.setdefault(str(r["x"]), []).append({"iri": str(r["flag"]), "label": service.label(str(r["flag"]))})
        return {k: sorted({f["iri"]: f for f in v}.values(), key=lambda f: f["label"]) for k, v in out.items()}

    return service.memo("resource-pages:flags", compute)


def _local(iri: str) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def treaty_status(service: Service, iri: str) -> dict:
    """A treaty's status by state: every state the sources say something about, its derived standing, and each
    fact (treaty action, status assertion, status claim) with basis, date, whose words and source paragraph."""
    def compute() -> dict:
        t = URIRef(iri)
        flags = _flags(service)
        facts: dict[str, dict] = {}
        for r in service.select(_TREATY_FACTS, {"t": t}):
            fid = str(r["fact"])
            f = facts.setdefault(fid, {"iri": fid, "label": service.label(fid), "kind": str(r["kind"]), "state": str(r["state"]),
                                       "what": str(r["what"]), "basis": str(r["basis"]) if r["basis"] is not None else None,
                                       "date": r["date"], "reported": r["reported"], "nlt": r["nlt"], "asof": r["asof"],
                                       "units": {}, "quotes": set(), "who": {}, "implied": {}})
            if r["unit"] is not None and (cell := unit_cell(service, str(r["unit"]))):
                f["units"][cell["iri"]] = cell
            if r["quote"] is not None:
                f["quotes"].add(str(r["quote"]))
            if r["who"] is not None:
                f["who"][str(r["who"])] = {"iri": str(r["who"]), "label": service.label(str(r["who"]))}
            if r["implied"] is not None:
                f["implied"][str(r["implied"])] = {"iri": str(r["implied"]), "label": re.sub(r"-(\d+)$", r" (clause \1)", _local(str(r["implied"])))}
        derived: dict[str, dict] = {}
        for r in service.select(_DERIVED_STATUS, {"t": t}):
            d = derived.setdefault(str(r["state"]), {"iri": str(r["status"]), "on": set()})
            if r["on"] is not None:
                d["on"].add(str(r["on"]))
        states: dict[str, dict] = {}
        for f in facts.values():
            states.setdefault(f["state"], {"iri": f["state"], "label": service.label(f["state"]), "rows": []})["rows"].append(_row(service, f, flags))
        for s, d in derived.items():
            states.setdefault(s, {"iri": s, "label": service.label(s), "rows": []})
        out = []
        for s in sorted(states.values(), key=lambda s: s["label"].casefold()):
            d = derived.get(s["iri"])
            standing = _standing(s["rows"], d is not None)
            hedges = flags.get(d["iri"], []) if d else []
            s["rows"].sort(key=lambda r: (r["order"], r["sort_date"], r["status"]))
            out.append(s | {"standing": standing, "derived": ({"iri": d["iri"], "hedges": hedges,
                                                                "on": [service.label(o) for o in sorted(d["on"])]} if d else None)})
        return {"states": out, "count": sum(len(s["rows"]) for s in out)}

    return service.memo(f"resource-pages:treaty-status:{iri}", compute)


def _standing(rows: list[dict], party: bool) -> str:
    """The state's standing in a few words: what the build derives (party) or what the sources state, else claims."""
    if party:
        return "party"
    stated = [r for r in rows if r["basis_key"] == "stated"]
    if any(r["status_key"] == "signatory" for r in stated):
        return "signatory"
    if any(r["status_key"] == "not-party" for r in stated):
        return "not party"
    if any(r["status_key"] == "not-party" for r in rows if r["basis_key"] == "implied"):
        return "not party (implied by a recommendation)"
    if any(r["basis_key"] == "claimed" for r in rows):
        return "party, as the State claims" if any(r["status_key"] == "party" for r in rows) else "as the State claims"
    return "not stated"


def _row(service: Service, f: dict, flags: dict[str, list[dict]]) -> dict:
    what = _local(f["what"])
    if f["kind"] == "action":
        status_key = "signatory" if what == "signature" else "party"
        status = service.label(f["what"])
        basis_key, basis = "stated", "stated"
        if f["date"] is not None:
            date = human_date(f["date"])
        elif f["reported"] is not None:
            date = f"{human_date(f['reported'])} (reported; which step it dates is not said)"
        elif f["nlt"] is not None:
            date = f"undated (no later than {human_date(f['nlt'])})"
        else:
            date = "undated"
        sort_date = str(f["date"] or f["reported"] or f["nlt"] or "")
    else:
        status_key = what
        status = service.label(f["what"])
        if f["kind"] == "claim":
            basis_key, basis = "claimed", "claimed"
        elif f["basis"] and _local(f["basis"]).startswith("implied"):
            basis_key, basis = "implied", service.label(f["basis"])
        else:
            basis_key, basis = "stated", service.label(f["basis"]) if f["basis"] else "stated"
        date = f"as of {human_date(f['asof'])}" if f["asof"] is not None else "undated"
        sort_date = str(f["asof"] or "")
    units = sorted(f["units"].values(), key=lambda u: u["short"])
    whose = list(f["who"].values()) or [u["author"] for u in units if u.get("author")][:1]
    return {"iri": f["iri"], "label": f["label"], "kind": f["kind"], "order": _ORDER[f["kind"]], "status": status,
            "status_key": status_key, "basis": basis, "basis_key": basis_key, "date": date, "sort_date": sort_date,
            "units": units, "quotes": sorted(f["quotes"]), "whose": whose,
            "implied_by": sorted(f["implied"].values(), key=lambda c: [int(x) for x in re.findall(r"\d+", c["iri"])]),
            "hedges": flags.get(f["iri"], [])}


# ------------------------------------------------------------------------------------ a paragraph's page


_DERIVED = f"SELECT DISTINCT ?para ?node ?quote WHERE {{ ?node <{PROV.wasDerivedFrom}> ?para ; <{RG.quote}> ?quote }}"


def linked_text(service: Service, iri: str) -> dict | None:
    """A paragraph's text in runs, each run of quoted words one mark linked to the fact whose quote covers most of it,
    followed by the numbers of the facts whose quotes end in it (linked to them); the facts in order of
    their first quote (those whose quotes are in another paragraph they cite come last)."""
    p = service.paragraphs.get(iri)
    if p is None:
        return None
    text = p.text
    quotes: dict[str, set[str]] = {}
    for r in service.select(_DERIVED, {"para": URIRef(iri)}):
        quotes.setdefault(str(r["node"]), set()).add(" ".join(str(r["quote"]).split()))
    spans: list[tuple[int, int, str]] = []
    for fact, qs in quotes.items():
        for q in qs:
            start = text.find(q) if q else -1
            while start != -1:
                spans.append((start, start + len(q), fact))
                start = text.find(q, start + 1)
    first = {}
    for a, _, fact in sorted(spans):
        first.setdefault(fact, a)
    order = sorted(quotes, key=lambda f: (first.get(f, len(text) + 1), service.label(f).casefold(), f))
    number = {f: i + 1 for i, f in enumerate(order)}
    cuts = sorted({0, len(text)} | {a for a, _, _ in spans} | {b for _, b, _ in spans})
    pieces: list[dict] = []
    for x, y in pairwise(cuts):
        covering = [(b - a, f) for a, b, f in spans if a <= x and b >= y]
        ending = sorted({f for a, b, f in spans if b == y}, key=lambda f: number[f])
        facts = frozenset(f for _, f in covering)
        if pieces and pieces[-1]["facts"] == facts and not pieces[-1]["refs"]:
            pieces[-1]["text"] += text[x:y]
        else:
            primary = min(covering)[1] if covering else None
            pieces.append({"text": text[x:y], "facts": facts, "fact": primary, "refs": []})
        pieces[-1]["refs"] = [{"n": number[f], "iri": f, "label": service.label(f)} for f in ending]
    for piece in pieces:
        f = piece.pop("facts")
        piece["quoted"] = bool(f)
        if piece["fact"]:
            piece["fact"] = {"iri": piece["fact"], "label": service.label(piece["fact"]), "n": number[piece["fact"]],
                             "count": len(f)}
    runs: list[dict] = []  # a run of quoted pieces is one highlight (one <mark>), its fact numbers after it
    for piece in pieces:
        if piece["quoted"] and runs and runs[-1]["quoted"]:
            runs[-1]["pieces"].append(piece)
        else:
            runs.append({"quoted": piece["quoted"], "pieces": [piece], "refs": []})
        runs[-1]["refs"] += [r for r in piece["refs"] if r not in runs[-1]["refs"]]
    at = 0
    for run in runs:
        run["text"] = "".join(p["text"] for p in run["pieces"])
        a, z = at, at + len(run["text"])
        at = z
        if run["quoted"]:  # the run links to the fact whose quote covers most of it; the numbers name every fact in it
            inside = [(min(b, z) - max(x, a), -number[f], f) for x, b, f in spans if x < z and b > a]
            best = max(inside)[2]
            run["fact"] = {"iri": best, "label": service.label(best), "n": number[best], "count": len({f for _, _, f in inside})}
    facts = [{"n": number[f], "iri": f, "label": service.label(f), "quotes": sorted(quotes[f]), "here": f in first} for f in order]
    return {"pieces": pieces, "runs": runs, "facts": facts}


# ------------------------------------------------------------------------------------ the page's context


def page_context(service: Service, iri: str, view: dict) -> dict:
    """What resource.html shows beyond the description: names, folded lists, a treaty's status, a paragraph's marks."""
    outgoing, incoming = fold(service, view["outgoing"], view["incoming"])
    extra: dict = {"outgoing": named(service, outgoing), "incoming": named(service, incoming), "types": named_types(service, view["types"])}
    if iri.startswith(TREATY):
        untc = next((v[0]["text"] for p, v in view["outgoing"] if p["iri"] == str(RG.untcNumber) and v), None)
        ets = next((v[0]["text"] for p, v in view["outgoing"] if p["iri"] == str(RG.etsNumber) and v), None)
        extra["treaty"] = {"status": treaty_status(service, iri), "links": treaty_links(iri, untc, ets)}
    if iri in service.paragraphs:
        extra["linked"] = linked_text(service, iri)
    return extra


def extend_resource_page(request: Request, service: Service, iri: str, page: bytes) -> bytes:
    if iri.startswith(str(ID) + "state/"):
        extra = render_bytes(request, "state_sections.html", {"x": review.state_sections(service, iri)})
        # --- helper "headline" (issue 13.1 / 14.10): the State's treaty-status section, before its statements, once
        # records.state_status and web/templates/state_status.html exist (their files)
        state_status = getattr(records, "state_status", None)
        if state_status is not None and (WEB / "templates" / "state_status.html").exists():
            extra = render_bytes(request, "state_status.html", {"x": state_status(service, iri)}) + b"\n" + extra
        # --- end of headline's block
        return page.replace(b"</main>", extra + b"\n</main>", 1)
    if iri in service.paragraphs:
        nav = review.neighbours(service, iri)
        if nav:
            extra = render_bytes(request, "paragraph_nav.html", {"x": nav})
            marker = b'<main id="main" tabindex="-1">'
            return page.replace(marker, marker + b"\n" + extra, 1)
    return page


__all__ = ["extend_resource_page", "fold", "linked_text", "page_context", "term_name", "treaty_links", "treaty_status"]

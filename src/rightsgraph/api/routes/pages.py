"""The web front end's pages: / (a state's treaties by status), /charts, /editor and /browse.

Every page is rendered on the server and works without JavaScript; ``web/static/*.js`` only
enhances it (switching state in place, running queries without a reload). Each has a machine
twin: ``/`` answers JSON too, the charts draw ``/api/figures`` and ``/api/programmes``, the editor
runs on ``/sparql``, ``/browse/{type}`` answers JSON with ``?format=json``.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from rdflib.namespace import DCTERMS, RDF

from ...errors import RightsgraphError
from ...namespaces import BASE, ID, PREFIXES, RG, concept, sparql_prologue
from ...query import lexer
from ...query.named import NamedQuery
from .. import records
from ..cache import Answer, json_bytes, request_key, respond
from ..conneg import HTML_OFFERS, JSON_OFFERS, negotiate
from ..deps import ServiceDep, base_url
from ..errors import ApiError, problem
from ..html import human_date, local_href, plural, render_bytes
from ..models import ERRORS
from ..service import Service
from ..svg import Bar, Period, Span, bars, columns, number, timeline
from .sparql import results_view

router = APIRouter(tags=["web"])

HEADLINE_STATE = "BLR"
StateParam = Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 code of the state", examples=["BLR"])]

# The groups of the home page, in order: key, heading, what the group means.
GROUPS = (
    ("party", "Party", "Ratified, acceded or succeeded to."),
    ("signatory", "Signed, not ratified", "Signed; the sources name no ratification."),
    ("not-party", "Not party", "The sources say it is not party."),
    ("considering-accession", "Not party, considering accession", "Not party, and the sources say accession is being considered."),
    ("unknown", "Not stated", "Treaties of the dataset the sources say nothing about for this state."),
)
UNRATIFIED = ("not-party", "signatory")


def _state(service: Service, code: str) -> dict:
    iri = str(ID[f"state/{code.upper()}"])
    found = next((s for s in records.states(service) if s["iri"] == iri), None)
    if found is None:
        raise ApiError(404, f"no state with code {code!r}", {"hint": "an ISO 3166-1 alpha-3 code such as BLR; see /api/states"})
    return found


# ------------------------------------------------------------------------------------ home


@router.get("/", summary="Home: which conventions has Belarus not ratified?", response_model=None, tags=["service"], responses=ERRORS,
            description="HTML for browsers; JSON (`Accept: application/json` or `?format=json`) with the same answer. "
                        "`?state=` asks about another state (ISO 3166-1 alpha-3 code; default BLR).")
def home(request: Request, service: ServiceDep, state: StateParam = HEADLINE_STATE):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)
    code = state.upper()

    def compute() -> Answer:
        found = _state(service, code)
        treaties = records.state_treaties(service, found["iri"])
        answer = {
            "question": f"Which conventions has {found['label']} not ratified?",
            "state": {"iri": found["iri"], "label": found["label"]},
            "answer": [t for t in treaties if t["status"] in UNRATIFIED],
            "api": f"/api/states/{code}/treaties?status=unratified",
        }
        if fmt == "json":
            return Answer(json_bytes(answer), media)
        context = answer | {
            "code": code,
            "groups": _groups(treaties),
            "states": _state_choices(service),
            "total": len(treaties),
            "known": sum(1 for t in treaties if t["status"] != "unknown" or t["intentions"]),
            "triples": service.triple_count,
            "digest": service.digest,
            "queries": list(service.catalogue.values()),
        }
        return Answer(render_bytes(request, "home.html", context), "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("home", code, fmt), compute))


def _group_of(treaty: dict) -> str:
    if treaty["status"] != "party" and "considering-accession" in treaty["intentions"]:
        return "considering-accession"
    return treaty["status"]


def _groups(treaties: list[dict]) -> list[dict]:
    by_group: dict[str, list] = {}
    for t in treaties:
        by_group.setdefault(_group_of(t), []).append(t | {"done": [_action_text(a) for a in t["actions"]]})
    return [{"key": key, "heading": heading, "meaning": meaning, "treaties": by_group.get(key, [])} for key, heading, meaning in GROUPS]


def _action_text(action: dict) -> str:
    """'accession, August 2001, without reservations'; a date the source bounds only: 'by 2009'."""
    parts = [action["type"] or "action"]
    if action["date"]:
        parts.append(human_date(action["date"]))
    elif action["not_later_than"]:
        parts.append(f"by {human_date(action['not_later_than'])}")
    if action["without_reservations"]:
        parts.append("without reservations")
    return ", ".join(parts)


def _state_choices(service: Service) -> list[dict]:
    """Every state of the dataset, the headline state first, then by name."""
    states = [{"code": s["code"], "label": s["label"]} for s in records.states(service) if s["code"]]
    return sorted(states, key=lambda s: (s["code"] != HEADLINE_STATE, s["label"].casefold()))


# ------------------------------------------------------------------------------------ charts

ASYLUM = str(concept("measure", "asylum-applications"))
AVR = str(concept("measure", "avr-assisted"))
RECEPTION = str(concept("measure", "reception-capacity"))


@router.get("/charts", summary="Pictures of the report: programmes over time and its series", include_in_schema=False)
def charts(request: Request, service: ServiceDep):
    def compute() -> Answer:
        return Answer(render_bytes(request, "charts.html", _charts_view(service)), "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("charts",), compute))


def _charts_view(service: Service) -> dict:
    figures = records.figures(service)
    link = _linker(service)

    def series(measure: str) -> list[dict]:
        return [f for f in figures if f["measure"] and f["measure"]["iri"] == measure]

    return {
        "timeline": _timeline(service, link),
        "asylum": _asylum(series(ASYLUM), link),
        "avr": _breakdown(series(AVR), link, "Assisted voluntary returns by destination",
                          "People helped to return home from Belarus since May 2007, by country of destination."),
        "reception": _reception(series(RECEPTION), link),
        "api": {"asylum": "/api/figures?measure=asylum-applications", "avr": "/api/figures?measure=avr-assisted",
                "reception": "/api/figures?measure=reception-capacity", "timeline": "/api/programmes"},
    }


def _linker(service: Service):
    """Where the charts link a resource: its page on this service (the templates' ``href``)."""
    base = BASE
    return lambda iri: local_href(iri, base)


def _year(value) -> int | None:
    m = re.match(r"^(\d{4})", str(value or ""))
    return int(m.group(1)) if m else None


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _start(value) -> float | None:
    """The first instant of a date at its precision, as a fractional year ('2007-05' -> 2007.33)."""
    m = _DATE.fullmatch(str(value or ""))
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    return year + (month - 1) / 12 + (day - 1) / 365


def _end(value) -> float | None:
    """The last instant of a date at its precision ('2010' -> 2011.0, '2009-09' -> 2009.75)."""
    m = _DATE.fullmatch(str(value or ""))
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if not month:
        return year + 1.0
    return year + (int(month) if not day else int(month) - 1 + int(day) / 31) / 12


def period_text(start, end) -> str:
    if start and end:
        a, z = human_date(start), human_date(end)
        return a if a == z else f"{a} – {z}"
    if start:
        return f"from {human_date(start)}"
    if end:
        return f"until {human_date(end)}"
    return "not stated"


def _short(service: Service) -> dict[str, str]:
    """Organisations by acronym where they have one (for the timeline's second lines)."""
    return {o["iri"]: o["acronym"] or o["label"] for o in records.organizations(service)}


def _names(refs: list[dict], short: dict[str, str]) -> str:
    return ", ".join(short.get(r["iri"], r["label"]) for r in refs)


def _timeline(service: Service, link) -> dict:
    short = _short(service)
    rows, undated = [], []
    for p in records.programmes(service):
        funders = p["funders"] + [c for c in p["co_funders"] if c not in p["funders"]]
        row = p | {"period": period_text(p["start_date"], p["end_date"]), "all_funders": funders}
        start, end = _start(p["start_date"]), _end(p["end_date"])
        if start is None:
            undated.append(row)
            continue
        detail = " · ".join(x for x in (f"funded by {_names(funders, short)}" if funders else "",
                                        f"implemented by {_names(p['implementers'], short)}" if p["implementers"] else "") if x)
        text = f"{p['label']} ({p['kind']}): {row['period']}" + (f"; {detail}" if detail else "")
        rows.append((start, p["label"].casefold(), row, Period(p["label"], start, end, text, link(p["iri"]), p["kind"], detail)))
    rows.sort(key=lambda r: (r[0], r[1]))
    dates = [_year(r["d"]) for r in service.select(f"SELECT ?d WHERE {{ ?doc a <{RG.SourceDocument}> ; <{DCTERMS.date}> ?d }}")]
    report = max((d for d in dates if d), default=None)
    until = float(report + 1) if report else None
    svg = timeline([r[3] for r in rows], title="Programmes and projects over time",
                   desc=f"{len(rows)} programmes and projects with their periods; those without an end run to the report "
                        f"({report})." if report else "Programmes and projects with their periods.",
                   until=until, marker=f"report ({report})" if report else "")
    return {"svg": svg, "rows": [r[2] for r in rows] + undated, "undated": undated, "report": report}


def _row(f: dict) -> dict:
    """An observation as a table row: its period and value for people (a hedge such as 'over' kept)."""
    return f | {"period": period_text(f["period_start"], f["period_end"]),
                "shown": (f"{f['qualifier']} " if f["qualifier"] else "") + number(f["value"]),
                "unit_label": f["unit"]["label"] if f["unit"] else ""}


def _partial(f: dict) -> bool:
    """Whether a figure dated within one year covers only part of it (e.g. January to September)."""
    start, end = str(f["period_start"] or ""), str(f["period_end"] or "")
    return (len(start) >= 7 and start[5:7] != "01") or (len(end) >= 7 and end[5:7] != "12")


def _asylum(observations: list[dict], link) -> dict:
    """Applications per year as columns (a year's part marked), totals over several years as spans."""
    yearly: dict[int, dict] = {}
    spans, others = [], []
    for f in observations:
        a, z = _year(f["period_start"]), _year(f["period_end"])
        if f["breakdown"] is None and a is not None and a == z:
            yearly[a] = f
        elif f["breakdown"] is None and a is not None and z is not None:
            spans.append(f)
        else:
            others.append(f)
    years = sorted(set(yearly) | {y for f in spans for y in (_year(f["period_start"]), _year(f["period_end"]))})
    items = []
    for y in range(years[0], years[-1] + 1) if years else ():
        f = yearly.get(y)
        if f is None:
            items.append(Bar(str(y), None))
            continue
        partial = _partial(f)
        items.append(Bar(str(y), f["value"], f["label"], link(f["iri"]), partial, _months(f) if partial else ""))
    span_items = [Span(str(_year(f["period_start"])), str(_year(f["period_end"])), f["value"], f["label"], link(f["iri"])) for f in spans]
    svg = columns(items, title="Asylum applications in Belarus, by year",
                  desc="The yearly figures the report gives" + (", and its totals over several years below them" if spans else "")
                       + ". Years without a column have no yearly figure in the report.",
                  spans=span_items, span_title="Totals over several years")
    rows = sorted((_row(f) for f in observations), key=lambda r: (str(r["period_start"] or ""), str(r["period_end"] or ""),
                                                                 r["breakdown"] is not None, r["label"]))
    by_origin = [f for f in others if f["breakdown"] is not None]
    origin = None
    if by_origin:
        year = _year(by_origin[0]["period_start"])
        origin = bars(sorted((Bar(f["breakdown"]["label"], f["value"], f["label"], link(f["iri"])) for f in by_origin),
                             key=lambda b: (-(b.value or 0), b.label)),
                      title=f"Asylum-seekers in {year} by country of origin", width=440,
                      desc="The countries of origin the report names, with the number of asylum-seekers from each.")
    return {"svg": svg, "rows": rows, "origin": origin}


def _months(f: dict) -> str:
    """'Jan–Sep' for a figure of January to September."""
    start, end = str(f["period_start"] or ""), str(f["period_end"] or "")
    if len(start) >= 7 and len(end) >= 7:
        return f"{human_date(start[:7])[:3]}–{human_date(end[:7])[:3]}"
    return "part"


def _breakdown(observations: list[dict], link, title: str, desc: str) -> dict:
    """The parts of a total as bars (largest first), and whether they add up to it."""
    parts = [f for f in observations if f["breakdown"] is not None]
    totals = [f for f in observations if f["breakdown"] is None]
    items = sorted((Bar(f["breakdown"]["label"], f["value"], f["label"], link(f["breakdown"]["iri"])) for f in parts),
                   key=lambda b: (-(b.value or 0), b.label))
    total = totals[0] if totals else None
    added = sum(f["value"] for f in parts if isinstance(f["value"], int | float))
    return {"svg": bars(items, title=title, desc=desc), "rows": sorted((_row(f) for f in parts), key=lambda r: (-(r["value"] or 0), r["label"])),
            "total": _row(total) if total else None, "sum": added}


def _reception(observations: list[dict], link) -> dict:
    items = sorted((Bar((f["ref_area"] or f["breakdown"])["label"], f["value"], f["label"], link(f["breakdown"]["iri"]))
                    for f in observations if f["breakdown"]), key=lambda b: (-(b.value or 0), b.label))
    svg = bars(items, title="Reception capacity by facility",
               desc="Places in each reception facility for asylum-seekers the report names, by the place it is in.")
    rows = sorted((_row(f) for f in observations), key=lambda r: (-(r["value"] or 0), r["label"]))
    return {"svg": svg, "rows": rows, "sum": sum(f["value"] for f in observations if isinstance(f["value"], int | float))}


# ------------------------------------------------------------------------------------ the editor

STARTER = """SELECT ?treaty ?label ?status WHERE {
  ?assertion a rg:StatusAssertion ; rg:treaty ?treaty ; rg:status ?s .
  ?treaty rdfs:label ?label .
  ?s skos:notation ?status .
}
ORDER BY ?label
"""


def example_text(q: NamedQuery) -> str:
    """A named query as the editor shows it: its title as a comment instead of the ``#+`` header, and
    its example parameters as a VALUES block first in the outermost group, so that the text alone
    gives the answers of /queries/{name} with that example."""
    lines = q.text.splitlines(keepends=True)
    body = "".join(line for line in lines if not line.startswith("#+"))
    text = f"# {q.title}: /queries/{q.name}\n" + body
    if not q.example:
        return text
    bindings = q.bind(q.example)
    given = ", ".join(f"{k}={v}" for k, v in q.example.items())
    block = (f"  # the example's parameters: {given}\n"
             f"  VALUES ({' '.join('?' + n for n in bindings)}) {{ ({' '.join(t.n3() for t in bindings.values())}) }}\n")
    at = lexer.outermost_group(text)
    if at is None:
        return text + "\n" + block
    return text[:at] + "\n" + block + text[at:].removeprefix("\n")


@router.get("/editor", summary="The SPARQL editor", include_in_schema=False)
def editor(request: Request, service: ServiceDep,
           query: Annotated[str | None, Query(description="a SPARQL query, run and shown with its results")] = None,
           example: Annotated[str | None, Query(max_length=100, description="a named query to start from")] = None):
    examples = [{"name": q.name, "title": q.title, "description": q.description, "text": example_text(q)}
                for q in service.catalogue.values()]
    chosen = next((e for e in examples if e["name"] == example), None)
    text = query if query is not None else chosen["text"] if chosen else sparql_prologue() + "\n" + STARTER
    context = {"query": text, "examples": examples, "example": example, "result": None, "problem": None, "downloads": [],
               "public_base": BASE, "prefixes": PREFIXES}
    status = 200
    if query is not None and query.strip():
        try:
            context |= _run(request, service, query)
        except RightsgraphError as exc:
            status, message, detail, _ = problem(request, exc)
            context["problem"] = {"code": status, "message": message, "detail": detail}
    body = render_bytes(request, "editor.html", context)
    return respond(request, Answer(body, "text/html; charset=utf-8", cacheable=False), status=status)


def _run(request: Request, service: Service, text: str) -> dict:
    form = service.query_form(text)
    fmt = "turtle" if form in ("construct", "describe") else "json"
    endpoint = base_url(request) + "sparql"
    answer = service.answer_query(("editor", text, fmt, endpoint), text, fmt=fmt, base_iri=endpoint)
    result = results_view(answer.body, form) | {"truncated": bool(answer.headers.get("X-Result-Truncated"))}
    return {"result": result, "downloads": downloads(text, form)}


DOWNLOADS = {"select": (("CSV", "csv"), ("JSON", "json")), "ask": (("JSON", "json"),),
             "construct": (("Turtle", "turtle"), ("JSON-LD", "jsonld")), "describe": (("Turtle", "turtle"), ("JSON-LD", "jsonld"))}


def downloads(text: str, form: str) -> list[tuple[str, str]]:
    """Links that download a query's results from /sparql, in the formats that suit its form."""
    return [(name, "/sparql?" + urlencode({"query": text, "format": key})) for name, key in DOWNLOADS.get(form, ())]


# ------------------------------------------------------------------------------------ browsing

_KIND = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


@router.get("/browse", summary="Every type of resource of the dataset", include_in_schema=False)
def browse(request: Request, service: ServiceDep):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)

    def compute() -> Answer:
        kinds = [{"kind": k, "heading": plural(k), "count": len(v), "url": f"/browse/{k}"} for k, v in sorted(_kinds(service).items())]
        if fmt == "json":
            return Answer(json_bytes({"items": kinds}), media)
        return Answer(render_bytes(request, "browse.html", {"kinds": kinds, "kind": None}), "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("browse",) + request_key(request) + (fmt,), compute))


@router.get("/browse/{kind}", summary="The resources of one type", include_in_schema=False)
def browse_kind(kind: Annotated[str, Path(max_length=60)], request: Request, service: ServiceDep):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)

    def compute() -> Answer:
        found = _kinds(service).get(kind) if _KIND.match(kind) else None
        if not found:
            raise ApiError(404, f"no resources of type {kind!r}", {"known": sorted(_kinds(service))})
        link = _linker(service)
        items = sorted(({"iri": i, "label": service.label(i), "url": link(i)} for i in found), key=lambda r: (r["label"].casefold(), r["iri"]))
        if fmt == "json":
            return Answer(json_bytes({"items": items, "total": len(items)}), media)
        crumbs = [("Home", "/"), ("Browse", "/browse"), (plural(kind), None)]
        return Answer(render_bytes(request, "browse.html", {"kind": kind, "heading": plural(kind), "items": items, "crumbs": crumbs}),
                      "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("browse", kind) + request_key(request) + (fmt,), compute))


def _kinds(service: Service) -> dict[str, list[str]]:
    """The dataset's own IRIs (subjects with a type) by the type segment of their path."""
    def compute():
        out: dict[str, set] = {}
        prefix = str(ID)
        rows = service.select(f'SELECT DISTINCT ?s WHERE {{ ?s <{RDF.type}> ?t FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{prefix}")) }}')
        for r in rows:
            s = str(r["s"])
            out.setdefault(s[len(prefix):].split("/", 1)[0], set()).add(s)
        return {k: sorted(v) for k, v in out.items()}

    return service.memo("kinds", compute)

"""The charts' data: the report's figures and programmes shaped into series, periods and timelines
for ``svg.py`` (asylum applications by year, assisted returns by destination, reception capacity,
programmes over time), each point linked to its resource page."""

from __future__ import annotations

import re

from rdflib.namespace import DCTERMS

from ..namespaces import BASE, RG, concept
from . import records
from .html import human_date, local_href
from .service import Service
from .svg import (
    Bar,
    Period,
    Span,
    bars,
    bars_narrow,
    columns,
    columns_narrow,
    number,
    timeline,
    timeline_narrow,
)

ASYLUM = str(concept("measure", "asylum-applications"))
AVR = str(concept("measure", "avr-assisted"))
RECEPTION = str(concept("measure", "reception-capacity"))


def charts_view(service: Service) -> dict:
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
    drawing = {"title": "Programmes and projects over time",
               "desc": f"{len(rows)} programmes and projects with their periods; those without an end run to the report "
                       f"({report})." if report else "Programmes and projects with their periods.",
               "until": until, "marker": f"report ({report})" if report else ""}
    periods = [r[3] for r in rows]
    return {"svg": timeline(periods, **drawing, variant="wide"), "narrow": timeline_narrow(periods, **drawing),
            "rows": [r[2] for r in rows] + undated, "undated": undated, "report": report}


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
    drawing = {"title": "Asylum applications in Belarus, by year",
               "desc": "The yearly figures the report gives" + (", and its totals over several years below them" if spans else "")
                       + ". Years marked “no figure” have no yearly figure in the report (not a zero).",
               "spans": span_items, "span_title": "Totals over several years"}
    svg = columns(items, **drawing, variant="wide")
    narrow = columns_narrow(items, **drawing)
    rows = sorted((_row(f) for f in observations), key=lambda r: (str(r["period_start"] or ""), str(r["period_end"] or ""),
                                                                 r["breakdown"] is not None, r["label"]))
    by_origin = [f for f in others if f["breakdown"] is not None]
    origin = origin_narrow = None
    if by_origin:
        year = _year(by_origin[0]["period_start"])
        parts = sorted((Bar(f["breakdown"]["label"], f["value"], f["label"], link(f["iri"])) for f in by_origin),
                       key=lambda b: (-(b.value or 0), b.label))
        drawing = {"title": f"Asylum-seekers in {year} by country of origin",
                   "desc": "The countries of origin the report names, with the number of asylum-seekers from each."}
        origin = bars(parts, **drawing, width=440, variant="wide")
        origin_narrow = bars_narrow(parts, **drawing)
    return {"svg": svg, "narrow": narrow, "rows": rows, "origin": origin, "origin_narrow": origin_narrow}


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
    return {"svg": bars(items, title=title, desc=desc, variant="wide"), "narrow": bars_narrow(items, title=title, desc=desc), "rows": sorted((_row(f) for f in parts), key=lambda r: (-(r["value"] or 0), r["label"])),
            "total": _row(total) if total else None, "sum": added}


def _reception(observations: list[dict], link) -> dict:
    items = sorted((Bar((f["ref_area"] or f["breakdown"])["label"], f["value"], f["label"], link(f["breakdown"]["iri"]))
                    for f in observations if f["breakdown"]), key=lambda b: (-(b.value or 0), b.label))
    drawing = {"title": "Reception capacity by facility",
               "desc": "Places in each reception facility for asylum-seekers the report names, by the place it is in."}
    rows = sorted((_row(f) for f in observations), key=lambda r: (-(r["value"] or 0), r["label"]))
    return {"svg": bars(items, **drawing, variant="wide"), "narrow": bars_narrow(items, **drawing), "rows": rows, "sum": sum(f["value"] for f in observations if isinstance(f["value"], int | float))}



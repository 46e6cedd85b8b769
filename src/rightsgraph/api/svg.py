"""Charts as inline SVG, drawn on the server so that they show without JavaScript.

Three drawings: ``columns`` (values over ordered categories such as years, with optional spans
for totals over several categories), ``bars`` (horizontal bars, one per category) and
``timeline`` (periods on a year axis). Every text is escaped; colours come from classes styled
by ``web/static/style.css`` (the CSP allows no inline styles). Each drawing is ``role="group"`` (it holds links, which
an ``img`` may not: axe's nested-interactive)
with a title and a description; the pages put the same numbers in a table beside it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT = 14  # px, the labels' size; the stylesheet uses the same
CHAR = 0.58 * FONT  # the average advance of a character of the UI font, for wrapping and label columns


@dataclass(frozen=True)
class Bar:
    """One value: its category label, the value (None: no figure), and what a reader is told about it."""

    label: str
    value: float | None
    text: str = ""
    href: str | None = None
    partial: bool = False
    note: str = ""


@dataclass(frozen=True)
class Span:
    """A total over consecutive categories of a column chart (first and last by label)."""

    first: str
    last: str
    value: float
    text: str = ""
    href: str | None = None


@dataclass(frozen=True)
class Period:
    """A row of a timeline: start and end as fractional years (end None: open-ended)."""

    label: str
    start: float
    end: float | None
    text: str = ""
    href: str | None = None
    kind: str = ""
    detail: str = ""


def number(value: float | None) -> str:
    """2220 -> '2,220'; 31.82 -> '31.82'; None -> '–'."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def ticks(maximum: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``maximum`` (1, 2 or 5 times a power of ten apart)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    top = math.ceil(maximum / step) * step
    return [i * step for i in range(int(round(top / step)) + 1)]


def wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """Words in at most ``lines`` lines of about ``width`` characters, the last cut with an ellipsis."""
    out: list[str] = []
    current = ""
    words = text.split()
    for i, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines:
            current = " ".join(words[i:])
            break
    out.append(current)
    if len(out) > lines:
        out, rest = out[:lines], " ".join(out[lines:])
        out[-1] = f"{out[-1]} {rest}"
    if len(out[-1]) > width:
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return [line for line in out if line]


def _e(value) -> str:
    return str(escape(value))


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _name(shown: str, b: Bar) -> str:
    """A linked label's accessible name: the words it shows first (axe's label-content-name-mismatch), then what it draws."""
    return f"{shown}: {b.text}" if b.text and b.text != shown else shown


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def _value_scale(items: Sequence[Bar], count: int = 5) -> list[float]:
    """The ticks of a chart's value axis: from 0 to at least the largest value of ``items`` (see ``ticks``)."""
    return ticks(max((b.value for b in items if b.value is not None), default=1), count)


@dataclass(frozen=True)
class _Across:
    """A value axis drawn across a chart: the ticks of ``scale`` from ``left`` over ``width`` px."""

    scale: list[float]
    left: float
    width: float

    def length(self, value: float) -> float:
        """How long a bar of ``value`` is."""
        return value / self.scale[-1] * self.width

    def draw(self, d: _Drawing, y0: float, y1: float, label_y: float, zero_anchor: str = "middle") -> None:
        """A grid line from ``y0`` to ``y1`` at each tick (the axis itself at 0) and the tick's number at
        ``label_y``, centred on it (the 0 anchored ``zero_anchor``)."""
        for t in self.scale:
            x = self.left + self.length(t)
            d.line(x, y0, x, y1, "grid" if t else "axis")
            d.text(x, label_y, number(t), "tick", "middle" if t else zero_anchor)


def _years(periods: Sequence[Period], until: float | None) -> tuple[list[float], int, int]:
    """Where each period's bar ends (an open-ended one at ``until``, or a year after its start) and the first
    and last year of the timeline's axis."""
    ends = [p.end if p.end is not None else (until or p.start + 1) for p in periods]
    first = math.floor(min((p.start for p in periods), default=2000))
    last = math.ceil(max(ends + [until or 0], default=first + 1))
    return ends, first, last


def _period_class(p: Period) -> str:
    """A period bar's classes: its kind, and ``open`` when it has no end."""
    return "period" + (f" period-{p.kind}" if p.kind else "") + (" open" if p.end is None else "")


class _Drawing:
    """An <svg> being written: a title and description first, then shapes and texts."""

    def __init__(self, width: float, height: float, title: str, desc: str, name: str, variant: str = ""):
        self.parts: list[str] = []
        ident = _slug(name)
        # variant "wide": the drawing for large screens, replaced by its "narrow" twin (drawn for a phone's width)
        # on small ones (web/static/pages.css); each keeps its own ids
        extra = {"wide": " chart-wide has-narrow", "narrow": " chart-narrow"}.get(variant, "")
        if variant == "narrow":
            ident += "-narrow"
        self.parts.append(
            f'<svg class="chart chart-{ident}{extra}" xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
            f'viewBox="0 0 {_f(width)} {_f(height)}" role="group" aria-roledescription="chart" aria-labelledby="{ident}-title {ident}-desc">'
            f'<title id="{ident}-title">{_e(title)}</title><desc id="{ident}-desc">{_e(desc)}</desc>'
        )

    def rect(self, x, y, w, h, cls: str, tip: str = "", href: str | None = None, label: str = "") -> None:
        shape = f'<rect class="{cls}" x="{_f(x)}" y="{_f(y)}" width="{_f(max(w, 0))}" height="{_f(max(h, 0))}" rx="2">'
        shape += f"<title>{_e(tip)}</title></rect>" if tip else "</rect>"
        self.parts.append(self._linked(shape, href, label or tip))

    def text(self, x, y, content: str, cls: str, anchor: str = "start", href: str | None = None, label: str = "") -> None:
        shape = f'<text class="{cls}" x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}">{_e(content)}</text>'
        self.parts.append(self._linked(shape, href, label))

    def lines(self, x, y, rows: Sequence[str], cls: str, href: str | None = None, label: str = "", leading: float = FONT + 3) -> None:
        # a space ends every line but the last, so that the text read out (and its accessible name) has its words apart
        spans = "".join(f'<tspan x="{_f(x)}" dy="{_f(0 if i == 0 else leading)}">{_e(r)}{" " if i < len(rows) - 1 else ""}</tspan>'
                        for i, r in enumerate(rows))
        shape = f'<text class="{cls}" x="{_f(x)}" y="{_f(y)}">{spans}</text>'
        self.parts.append(self._linked(shape, href, label))

    def vertical(self, x, y, content: str, cls: str) -> None:
        """A text read upwards from (x, y)."""
        self.parts.append(f'<text class="{cls}" x="{_f(x)}" y="{_f(y)}" transform="rotate(-90 {_f(x)} {_f(y)})">{_e(content)}</text>')

    def line(self, x1, y1, x2, y2, cls: str) -> None:
        self.parts.append(f'<line class="{cls}" x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}"/>')

    @staticmethod
    def _linked(shape: str, href: str | None, label: str) -> str:
        if not href:
            return shape
        return f'<a href="{_e(href)}" aria-label="{_e(label)}">{shape}</a>'

    def markup(self) -> Markup:
        return Markup("".join(self.parts) + "</svg>")


NO_FIGURE = "no figure"


def columns(items: Sequence[Bar], *, title: str, desc: str, spans: Sequence[Span] = (), span_title: str = "",
            width: float = 640, height: float = 300, variant: str = "") -> Markup:
    """Vertical bars over ordered categories; categories without a value keep their place on the axis, marked
    "no figure" (a dashed empty frame, never a bar of zero)."""
    left, right, top = 48.0, 12.0, 24.0
    plot_h = height - top - 40
    band_h = 44.0 if spans else 0.0
    total_h = height + band_h
    d = _Drawing(width, total_h, title, desc, title, variant)
    scale = _value_scale(items)
    top_value = scale[-1]
    slot = (width - left - right) / max(len(items), 1)
    bottom = top + plot_h
    for t in scale:
        y = bottom - t / top_value * plot_h
        d.line(left, y, width - right, y, "grid" if t else "axis")
        d.text(left - 6, y + 4, number(t), "tick", "end")
    for i, b in enumerate(items):
        x = left + i * slot
        d.text(x + slot / 2, bottom + 16, b.label, "tick", "middle")
        if b.note:
            d.text(x + slot / 2, bottom + 30, b.note, "note", "middle")
        bar_w = min(slot * 0.7, 48)
        if b.value is None:
            d.line(x + (slot - bar_w) / 2, bottom - 1, x + (slot + bar_w) / 2, bottom - 1, "no-figure")  # a gap on the axis
            d.vertical(x + slot / 2 + 4, bottom - 6, NO_FIGURE, "no-figure-text")
            continue
        h = b.value / top_value * plot_h
        d.rect(x + (slot - bar_w) / 2, bottom - h, bar_w, h, "bar partial" if b.partial else "bar", b.text, b.href, b.text)
        d.text(x + slot / 2, bottom - h - 5, number(b.value), "value", "middle")
    if spans:
        index = {b.label: i for i, b in enumerate(items)}
        y = height + 4
        if span_title:
            d.text(left, y, span_title, "note")
        for s in spans:
            a, z = index.get(s.first), index.get(s.last)
            if a is None or z is None:
                continue
            x0, x1 = left + a * slot + 2, left + (z + 1) * slot - 2
            d.rect(x0, y + 8, x1 - x0, 22, "span", s.text, s.href, s.text)
            d.text((x0 + x1) / 2, y + 23, f"{s.first}–{s.last}: {number(s.value)}", "span-label", "middle")
    return d.markup()


def bars(items: Sequence[Bar], *, title: str, desc: str, width: float = 640, row: float = 28, variant: str = "") -> Markup:
    """Horizontal bars, one row per item, in the order given; the value is written after each bar (an item
    without a value says "no figure")."""
    label_w = min(max((len(b.label) for b in items), default=8) * CHAR + 16, width * 0.45)
    top, right = 8.0, 56.0
    height = top + row * len(items) + 24
    d = _Drawing(width, height, title, desc, title, variant)
    axis = _Across(_value_scale(items, 4), label_w, width - label_w - right)
    bottom = top + row * len(items)
    axis.draw(d, top, bottom, bottom + 16)
    for i, b in enumerate(items):
        y = top + i * row
        label = wrap(b.label, int((label_w - 16) / CHAR), 1)[0]
        d.text(label_w - 8, y + row / 2 + 4, label, "label", "end", b.href, _name(label, b))
        if b.value is None:
            d.text(label_w + 6, y + row / 2 + 4, NO_FIGURE, "no-figure-text")
            continue
        w = axis.length(b.value)
        d.rect(label_w, y + 4, w, row - 8, "bar partial" if b.partial else "bar", b.text)
        d.text(label_w + w + 6, y + row / 2 + 4, number(b.value), "value")
    return d.markup()


def timeline(periods: Sequence[Period], *, title: str, desc: str, until: float | None = None, marker: str = "",
             width: float = 1100, row: float = 58, variant: str = "") -> Markup:
    """Periods as bars on a year axis, each labelled in full (on as many lines as it takes: a link's visible
    text is its whole name) with a line for its detail; an open-ended period runs to ``until`` (the report's date)."""
    label_w, right, top = 420.0, 16.0, 28.0
    ends, first, last = _years(periods, until)
    chars = int((label_w - 24) / CHAR)
    labels = [wrap(p.label, chars, 99) for p in periods]
    rows = [max(row, 30 + len(label) * (FONT + 3)) for label in labels]
    height = top + sum(rows) + (22 if until is not None and marker else 8)
    d = _Drawing(width, height, title, desc, title, variant)
    plot_w = width - label_w - right
    span = max(last - first, 1)

    def x(year: float) -> float:
        return label_w + (year - first) / span * plot_w

    bottom = top + sum(rows)
    for year in range(first, last + 1):
        d.line(x(year), top - 6, x(year), bottom, "grid")
        if year < last:
            d.text(x(year + 0.5), top - 10, str(year), "tick", "middle")
    if until is not None and marker:
        d.line(x(until), top - 6, x(until), bottom, "marker")
    y = top
    for p, end, label, h in zip(periods, ends, labels, rows):
        detail = wrap(p.detail, int(chars * 1.1), 1) if p.detail else []
        d.lines(4, y + 18, label, "label", p.href, " ".join(label), leading=FONT + 3)
        if detail:
            d.text(4, y + 18 + len(label) * (FONT + 3), detail[0], "detail")
        d.rect(x(p.start), y + 14, max(x(end) - x(p.start), 3), 28, _period_class(p), p.text)
        y += h
    if until is not None and marker:
        d.text(x(until) - 4, height - 2, marker, "note", "end")
    return d.markup()


# ------------------------------------------------------------------------------------ for phones

NARROW = 360.0  # px: the narrow drawings' width, about a phone's content width (they scale down from it, never up)


def columns_narrow(items: Sequence[Bar], *, title: str, desc: str, spans: Sequence[Span] = (), span_title: str = "",
                   width: float = NARROW, row: float = 26) -> Markup:
    """The same values as ``columns`` for a phone: one row per category (the category, its bar, its value, or a
    dashed "no figure" frame), then each total over several categories as a band of its own."""
    label_w, right, top = 58.0, 52.0, 22.0
    band = 30.0
    height = top + row * len(items) + (16 + band * len(spans) + (18 if span_title else 0) if spans else 0) + 8
    d = _Drawing(width, height, title, desc, title, "narrow")
    axis = _Across(_value_scale(items, 3), label_w, width - label_w - right)
    bottom = top + row * len(items)
    axis.draw(d, top - 4, bottom, top - 8)
    for i, b in enumerate(items):
        y = top + i * row
        d.text(label_w - 8, y + row / 2 + 5, b.label, "tick", "end")
        if b.value is None:
            d.rect(label_w, y + 5, 64, row - 10, "no-figure", f"{b.label}: {NO_FIGURE} in the source")
            d.text(label_w + 6, y + row / 2 + 4, NO_FIGURE, "no-figure-text")
            continue
        w = axis.length(b.value)
        d.rect(label_w, y + 4, w, row - 8, "bar partial" if b.partial else "bar", b.text, b.href, b.text)
        d.text(label_w + w + 5, y + row / 2 + 5, number(b.value) + (f" ({b.note})" if b.note else ""), "value")
    if spans:
        y = bottom + 16
        if span_title:
            d.text(4, y + 8, span_title, "note")
            y += 18
        for s in spans:
            d.rect(4, y, width - 8, band - 6, "span", s.text, s.href, s.text)
            d.text(width / 2, y + band / 2 + 1, f"{s.first}–{s.last}: {number(s.value)}", "span-label", "middle")
            y += band
    return d.markup()


def bars_narrow(items: Sequence[Bar], *, title: str, desc: str, width: float = NARROW, row: float = 42) -> Markup:
    """The same values as ``bars`` for a phone: each label on its own line above its bar, never cut."""
    top, right, left = 6.0, 52.0, 4.0
    height = top + row * len(items) + 22
    d = _Drawing(width, height, title, desc, title, "narrow")
    axis = _Across(_value_scale(items, 3), left, width - left - right)
    bottom = top + row * len(items)
    axis.draw(d, top + 18, bottom, bottom + 16, zero_anchor="start")
    chars = int((width - 2 * left) / CHAR)
    for i, b in enumerate(items):
        y = top + i * row
        shown = wrap(b.label, chars, 1)[0]
        d.text(left, y + 14, shown, "label", "start", b.href, _name(shown, b))
        if b.value is None:
            d.text(left, y + 32, NO_FIGURE, "no-figure-text")
            continue
        w = axis.length(b.value)
        d.rect(left, y + 20, w, row - 26, "bar partial" if b.partial else "bar", b.text)
        d.text(left + w + 5, y + 32, number(b.value), "value")
    return d.markup()


def timeline_narrow(periods: Sequence[Period], *, title: str, desc: str, until: float | None = None, marker: str = "",
                    width: float = NARROW, row: float = 62) -> Markup:
    """The same periods as ``timeline`` for a phone: each label on up to two lines across the width, its bar under
    it on a shared year axis (labelled every few years)."""
    left, right, top = 6.0, 8.0, 26.0
    ends, first, last = _years(periods, until)
    chars = int((width - 2 * left) / CHAR)
    labels = [wrap(p.label, chars, 99) for p in periods]
    rows = [max(row, 36 + len(label) * (FONT + 2)) for label in labels]
    height = top + sum(rows) + (22 if until is not None and marker else 8)
    d = _Drawing(width, height, title, desc, title, "narrow")
    plot_w = width - left - right
    span = max(last - first, 1)
    step = next((k for k in (1, 2, 5, 10) if plot_w / span * k >= 44), 10)

    def x(year: float) -> float:
        return left + (year - first) / span * plot_w

    bottom = top + sum(rows)
    for year in range(first, last + 1):
        if (year - first) % step == 0:
            d.line(x(year), top - 6, x(year), bottom, "grid")
            if year + step <= last or year == first:
                d.text(x(year), top - 10, str(year), "tick", "start")
    if until is not None and marker:
        d.line(x(until), top - 6, x(until), bottom, "marker")
    y = top
    for p, end, label, h in zip(periods, ends, labels, rows):
        d.lines(left, y + 16, label, "label", p.href, " ".join(label), leading=FONT + 2)
        bar_y = y + 16 + (len(label) - 1) * (FONT + 2) + 7
        d.rect(x(p.start), bar_y, max(x(end) - x(p.start), 3), 12, _period_class(p), p.text)
        y += h
    if until is not None and marker:
        d.text(x(until) - 4, height - 2, marker, "note", "end")
    return d.markup()

"""The catalogue of source documents (data/sources/catalog.toml): what each document is and how it is laid out.

Each ``[[source]]`` entry names the document (key, file, title, date, author, state, review,
symbol) and, under ``[source.layout]``, the patterns its text follows: how a numbered paragraph
starts, which lines are headings, page headers and page numbers, how footnotes and numbered
sub-units (the recommendations "97.1.") look, where an annex starts. ``[[source.correction]]``
entries repair what the text extraction got wrong, each checked against the original.
The segmenter (segment.py) knows no document: a new document of a known layout needs an entry
here, not code.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError
from ..namespaces import ID


@dataclass(frozen=True)
class HeadingRule:
    """A line that opens a section. ``level`` 1 starts a new top section, 2 a subsection, 3 a sub-subsection.

    With ``title_next`` the line holds only the heading's number ("I.", "A.", "Annex") and the
    next non-blank line its title; they are joined with ``joiner``. With ``starts = "annex"``
    every following line belongs to the annex unit.
    """

    pattern: re.Pattern
    level: int
    title_next: bool = False
    joiner: str = " "
    starts: str | None = None


@dataclass(frozen=True)
class Layout:
    """How one document's text is laid out: every knob the segmenter reads (see docs/sources.md)."""

    name: str
    paragraph: re.Pattern
    headings: tuple[HeadingRule, ...] = ()
    page_header: re.Pattern | None = None
    page_number: re.Pattern | None = None
    footnote_marker: re.Pattern | None = None
    footnote_body_start: re.Pattern | None = None
    footnote_body_end: re.Pattern | None = None
    footnote_section: str = "Footnotes"
    footnote_reference: re.Pattern | None = None
    subunit: re.Pattern | None = None
    subunit_label: str = "sub-paragraph"
    contents_start: re.Pattern | None = None
    body_start: re.Pattern | None = None
    cover_unit: bool = False
    strict: bool = False


@dataclass(frozen=True)
class Correction:
    """A repair of the text extraction, applied to the raw text before segmentation."""

    find: str
    replace: str
    count: int
    note: str


@dataclass(frozen=True)
class SourceDocument:
    key: str
    path: Path
    title: str
    date: str
    state: str
    author: str
    contributors: tuple[str, ...] = ()
    layout: Layout | None = None
    symbol: str | None = None
    previous_symbols: tuple[str, ...] = ()
    date_as_given: str | None = None
    review: str | None = None
    corrections: tuple[Correction, ...] = ()
    expected: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def iri(self):
        return ID[f"source/{self.key}"]

    def paragraph_iri(self, number) -> "ID":
        return ID[f"source/{self.key}/para/{number}"]

    def footnote_iri(self, number) -> "ID":
        return ID[f"source/{self.key}/footnote/{number}"]

    def unit_iri(self, name: str):
        return ID[f"source/{self.key}/{name}"]


# The layout of the 2009 UNCT submission, the project's first document: also what parse_report()
# assumes when it is given no layout.
INLINE_LAYOUT = {
    "name": "number-inline",
    "paragraph": r"^\s*(?P<n>\d{1,3})\.\s+(?P<text>.*)$",
    "headings": [
        {"pattern": r"^\s*(Introduction)\s*$", "level": 1},
        {"pattern": r"^\s*([IVX]+\.\s+\S.*)$", "level": 1},
        {"pattern": r"^\s*([A-E]\.\s+\S.*)$", "level": 2},
        {"pattern": r"^\s*(Rights of (?:persons|refugees)\b.*)$", "level": 3},
    ],
    "footnote_marker": r"^\s*(?P<n>\d)\s*$",
    "footnote_body_start": "^\\s*[\u201c\"]",
    "footnote_body_end": r"https?://\S+/?\s*$",
}

_LAYOUT_KEYS = {
    "name", "paragraph", "headings", "page_header", "page_number", "footnote_marker", "footnote_body_start",
    "footnote_body_end", "footnote_section", "footnote_reference", "subunit", "subunit_label", "contents_start",
    "body_start", "cover_unit", "strict",
}
_PATTERN_KEYS = {
    "paragraph", "page_header", "page_number", "footnote_marker", "footnote_body_start", "footnote_body_end",
    "footnote_reference", "subunit", "contents_start", "body_start",
}


def _compile(where: str, key: str, pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except (re.error, TypeError) as exc:
        raise SourceError(f"{where}: layout.{key} is not a regular expression ({exc}): {pattern!r}") from exc


def layout_from(spec: dict, where: str = "layout") -> Layout:
    """Build a Layout from a catalogue table, naming the entry and key of any mistake."""
    unknown = set(spec) - _LAYOUT_KEYS
    if unknown:
        raise SourceError(f"{where}: unknown layout option(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_LAYOUT_KEYS))}")
    if "paragraph" not in spec:
        raise SourceError(f"{where}: the layout needs a `paragraph` pattern (how a numbered paragraph starts)")
    values: dict = {}
    for key, value in spec.items():
        if key in _PATTERN_KEYS:
            values[key] = _compile(where, key, value)
        elif key == "headings":
            rules = []
            for i, h in enumerate(value):
                if "pattern" not in h or "level" not in h:
                    raise SourceError(f"{where}: heading rule {i + 1} needs `pattern` and `level`")
                rules.append(HeadingRule(
                    pattern=_compile(where, f"headings[{i}].pattern", h["pattern"]), level=int(h["level"]),
                    title_next=bool(h.get("title_next", False)), joiner=str(h.get("joiner", " ")),
                    starts=h.get("starts"),
                ))
                if rules[-1].starts not in (None, "annex"):
                    raise SourceError(f"{where}: heading rule {i + 1}: `starts` may only be \"annex\"")
            values[key] = tuple(rules)
        else:
            values[key] = value
    if "n" not in values["paragraph"].groupindex:
        raise SourceError(f"{where}: layout.paragraph needs a named group (?P<n>...) for the paragraph number")
    if values.get("subunit") is not None and not {"parent", "n"} <= set(values["subunit"].groupindex):
        raise SourceError(f"{where}: layout.subunit needs named groups (?P<parent>...) and (?P<n>...)")
    values.setdefault("name", "custom")
    return Layout(**values)


def default_layout() -> Layout:
    return layout_from(INLINE_LAYOUT, "built-in number-inline layout")


def _date(value) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def document_from(entry: dict, folder: Path, where: str) -> SourceDocument:
    for required in ("key", "file", "title", "date", "author"):
        if required not in entry:
            raise SourceError(f"{where}: a catalogue entry needs `{required}`")
    layout = layout_from(entry["layout"], f"{where} ({entry['key']})") if "layout" in entry else default_layout()
    corrections = tuple(
        Correction(find=c["find"], replace=c["replace"], count=int(c.get("count", 1)), note=c.get("note", ""))
        for c in entry.get("correction", ())
    )
    expected = {k: entry[k] for k in ("paragraphs", "subunits", "footnotes", "annex") if k in entry}
    return SourceDocument(
        key=entry["key"], path=folder / entry["file"], title=entry["title"], date=_date(entry["date"]),
        state=entry.get("state", ""), author=entry["author"], contributors=tuple(entry.get("contributors", ())),
        layout=layout, symbol=entry.get("symbol"), previous_symbols=tuple(entry.get("previous_symbols", ())),
        date_as_given=entry.get("date_as_given"), review=entry.get("review"), corrections=corrections,
        expected=expected,
    )


def load_catalog(path: Path) -> list[SourceDocument]:
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("source", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(f"{path}: {exc}") from exc
    docs = [document_from(e, path.parent, f"{path}, entry {i + 1}") for i, e in enumerate(entries)]
    keys = [d.key for d in docs]
    if len(set(keys)) != len(keys):
        raise SourceError(f"{path}: duplicate source keys in {keys}")
    return docs

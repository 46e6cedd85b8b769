"""Cut a PDF-extracted report into its units: numbered paragraphs, numbered sub-units, footnotes, annex, cover.

The segmenter reads one line at a time and knows no document: every pattern it matches comes from
the document's Layout (catalog.py). What it drops (page headers, page numbers, headings, footnote
markers, the table of contents) it records per line, so a test can show that every non-blank line
of the text lands in exactly one unit or was dropped for a stated reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import SourceError
from .catalog import Correction, Layout, default_layout

# What a line of the text became (ParsedReport.line_roles). Units are named "unit:<name>".
DROPPED_ROLES = ("blank", "page-header", "page-number", "contents", "heading", "footnote-marker")


@dataclass
class Footnote:
    number: int
    text: str
    page: int = 0
    lines: list[int] = field(default_factory=list)
    referenced_by: str | None = None  # the unit whose text carried the reference mark (removed from it)


@dataclass
class Unit:
    """One citable unit of a document: its name in IRIs ("para/21", "para/97.1", "footnote/1", "annex", "cover")."""

    name: str
    kind: str  # paragraph | subunit | footnote | annex | cover
    text: str
    section: str | None = None
    number: int | None = None  # a paragraph's number
    label: str | None = None  # a sub-unit's number as the document writes it, e.g. "97.1"
    parent: int | None = None  # a sub-unit's paragraph
    position: int | None = None  # a sub-unit's place within its paragraph (1, 2, ...)
    lines: list[int] = field(default_factory=list)


@dataclass
class ParsedReport:
    paragraphs: dict[int, str] = field(default_factory=dict)
    sections: dict[int, str] = field(default_factory=dict)
    footnotes: list[Footnote] = field(default_factory=list)
    subunits: dict[str, Unit] = field(default_factory=dict)
    annex: Unit | None = None
    cover: Unit | None = None
    line_roles: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    paragraph_lines: dict[int, list[int]] = field(default_factory=dict)  # line indexes of each paragraph
    removed_marks: dict[str, str] = field(default_factory=dict)  # unit name -> footnote reference mark taken out

    @property
    def units(self) -> list[Unit]:
        """Every unit in document order of kind: cover, paragraphs with their sub-units, footnotes, annex."""
        out: list[Unit] = []
        if self.cover is not None:
            out.append(self.cover)
        for n, text in self.paragraphs.items():
            out.append(Unit(name=f"para/{n}", kind="paragraph", text=text, section=self.sections.get(n) or None, number=n,
                            lines=self.paragraph_lines.get(n, [])))
            out.extend(u for u in self.subunits.values() if u.parent == n)
        for f in self.footnotes:
            out.append(Unit(name=f"footnote/{f.number}", kind="footnote", text=f.text, number=f.number, lines=f.lines))
        if self.annex is not None:
            out.append(self.annex)
        return out


def normalise(text: str) -> str:
    """Collapse runs of whitespace to one space, as paragraph texts and quotes are compared."""
    return re.sub(r"\s+", " ", text).strip()


def apply_corrections(text: str, corrections: tuple[Correction, ...], where: str = "text") -> str:
    """Apply each catalogue correction, which must find its text exactly `count` times."""
    for c in corrections:
        found = text.count(c.find)
        if found != c.count:
            raise SourceError(f"{where}: correction {c.find!r} expected {c.count} time(s), found {found}: is the text the catalogued one?")
        text = text.replace(c.find, c.replace)
    return text


def _split_pages(text: str) -> tuple[list[str], list[int]]:
    """The text's lines and the page (0-based, counted by form feeds) each stands on."""
    lines, pages, page = [], [], 0
    for raw in text.replace("\r\n", "\n").split("\n"):
        while raw.startswith("\f"):
            page += 1
            raw = raw[1:]
        lines.append(raw)
        pages.append(page)
    return lines, pages


def _edges(lines: list[str], pages: list[int]) -> tuple[set[int], set[int]]:
    """Indexes of the first and of the last non-blank line of each page."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, (line, page) in enumerate(zip(lines, pages)):
        if line.strip():
            first.setdefault(page, i)
            last[page] = i
    return set(first.values()), set(last.values())


def parse_report(text: str, layout: Layout | None = None, where: str = "text") -> ParsedReport:
    """Split a report into its units (paragraphs expected in order 1, 2, 3..., sub-units 1, 2, 3... within one)."""
    lay = layout or default_layout()
    report = ParsedReport()
    lines, pages = _split_pages(text)
    report.lines, report.pages = lines, pages
    roles = ["blank"] * len(lines)
    first_of_page, last_of_page = _edges(lines, pages)

    current: int | None = None
    para_lines: list[str] = []
    sub: Unit | None = None
    sub_lines: list[str] = []
    heading: list[str] = []
    pending: tuple = ()  # (rule, number-text) of a heading whose title is on the next line
    footnote: Footnote | None = None
    in_body = lay.body_start is None
    in_contents = False
    cover_lines: list[str] = []
    cover_index: list[int] = []
    annex_lines: list[str] = []
    annex_index: list[int] = []
    annex_section: str | None = None
    para_index: dict[int, list[int]] = {}
    sub_index: dict[str, list[int]] = {}
    last_page = -1

    def close_sub() -> None:
        nonlocal sub
        if sub is not None:
            sub.text = normalise(" ".join(sub_lines))
            report.subunits[sub.label] = sub
            sub = None

    def close() -> None:
        close_sub()
        if current is not None:
            report.paragraphs[current] = normalise(" ".join(para_lines))

    def set_heading(rule, title: str) -> None:
        nonlocal heading, annex_section
        heading = heading[: rule.level - 1] + [title]
        if rule.starts == "annex":
            close()
            annex_section = title

    for i, raw in enumerate(lines):
        if pages[i] != last_page:
            last_page = pages[i]
            if footnote is not None and footnote.page != pages[i] and lay.footnote_body_end is None:
                footnote = None  # a footnote without an end pattern ends with its page
        if not raw.strip():
            continue
        if lay.page_header is not None and i in first_of_page and lay.page_header.match(raw):
            roles[i] = "page-header"
            continue
        if lay.page_number is not None and i in last_of_page and lay.page_number.match(raw):
            roles[i] = "page-number"
            continue
        if not in_body:
            if lay.body_start.match(raw):
                in_body = True
            else:
                if lay.contents_start is not None and lay.contents_start.match(raw):
                    in_contents = True
                if in_contents or not lay.cover_unit:
                    roles[i] = "contents"
                else:
                    roles[i] = "unit:cover"
                    cover_lines.append(raw)
                    cover_index.append(i)
                continue
        if pending:
            rule, number = pending
            pending = ()
            roles[i] = "heading"
            set_heading(rule, normalise(number + rule.joiner + raw))
            continue
        if annex_section is not None:
            roles[i] = "unit:annex"
            annex_lines.append(raw)
            annex_index.append(i)
            continue
        start = lay.paragraph.match(raw)
        expected = 1 if current is None else current + 1
        if start and int(start.group("n")) == expected:
            close()
            current, footnote = expected, None
            body = start.groupdict().get("text") or ""
            para_lines = [body] if body else []
            para_index[current] = [i]
            report.sections[current] = " / ".join(heading)
            roles[i] = f"unit:para/{current}"
            continue
        if lay.subunit is not None and current is not None:
            s = lay.subunit.match(raw)
            if s and int(s.group("parent")) == current:
                position = 1 if sub is None else sub.position + 1
                if int(s.group("n")) == position:
                    close_sub()
                    label = f"{current}.{position}"
                    sub = Unit(name=f"para/{label}", kind="subunit", text="", section=report.sections.get(current) or None,
                               label=label, parent=current, position=position)
                    body = s.groupdict().get("text") or ""
                    sub_lines = [body] if body else []
                    sub_index[label] = [i]
                    roles[i] = f"unit:para/{label}"
                    continue
        matched = next((r for r in lay.headings if r.pattern.match(raw)), None)
        if matched is not None:
            roles[i] = "heading"
            title = normalise(matched.pattern.match(raw).group(1) if matched.pattern.groups else raw)
            if matched.title_next:
                pending = (matched, title)
            else:
                set_heading(matched, title)
            continue
        mark = lay.footnote_marker.match(raw) if lay.footnote_marker is not None else None
        if mark:
            # A page-foot footnote number; a body follows if the next lines are its text.
            footnote = Footnote(int(mark.group("n")), "", page=pages[i])
            report.footnotes.append(footnote)
            roles[i] = "footnote-marker"
            continue
        if footnote is not None and (
            lay.footnote_body_start is None or lay.footnote_body_start.match(raw) or footnote.text
        ):
            footnote.text = normalise(footnote.text + " " + raw)
            footnote.lines.append(i)
            roles[i] = f"unit:footnote/{footnote.number}"
            if lay.footnote_body_end is not None and lay.footnote_body_end.search(raw):
                footnote = None
            continue
        if sub is not None:
            sub_lines.append(raw)
            sub_index[sub.label].append(i)
            roles[i] = f"unit:para/{sub.label}"
        elif current is not None:
            para_lines.append(raw)
            para_index[current].append(i)
            roles[i] = f"unit:para/{current}"
        else:
            roles[i] = "unassigned"
    close()
    if pending:
        raise SourceError(f"{where}: a heading {pending[1]!r} has no title line after it")

    report.footnotes = [f for f in report.footnotes if f.text]
    for label, unit in report.subunits.items():
        unit.lines = sub_index[label]
    if cover_lines:
        report.cover = Unit(name="cover", kind="cover", text=normalise(" ".join(cover_lines)), section="Cover page", lines=cover_index)
    if annex_section is not None:
        report.annex = Unit(name="annex", kind="annex", text=normalise(" ".join(annex_lines)), section=annex_section, lines=annex_index)
    report.line_roles = roles
    report.paragraph_lines = para_index
    if lay.footnote_reference is not None:
        _remove_reference_marks(report, lay.footnote_reference, where)
    if lay.strict:
        stray = [i for i, r in enumerate(roles) if r == "unassigned"]
        if stray:
            raise SourceError(
                f"{where}: {len(stray)} line(s) belong to no unit, e.g. line {stray[0] + 1}: {lines[stray[0]].strip()[:60]!r}"
                f" (is the {lay.name!r} layout the layout of this text?)"
            )
    return report


def _remove_reference_marks(report: ParsedReport, pattern: re.Pattern, where: str) -> None:
    """Take each footnote's reference mark ("available.1") out of the one unit on its page that carries it."""
    para_index = report.paragraph_lines
    for note in report.footnotes:
        candidates = []
        for n, idx in para_index.items():
            if any(report.pages[i] == note.page for i in idx):
                candidates.append(("para", n))
        for label, unit in report.subunits.items():
            if any(report.pages[i] == note.page for i in unit.lines):
                candidates.append(("sub", label))
        hits = []
        for kind, key in candidates:
            text = report.paragraphs[key] if kind == "para" else report.subunits[key].text
            for m in pattern.finditer(text):
                if int(m.group("n")) == note.number:
                    hits.append((kind, key, m))
        if len(hits) != 1:
            raise SourceError(f"{where}: footnote {note.number}: found {len(hits)} reference marks on its page, expected 1")
        kind, key, m = hits[0]
        if kind == "para":
            text = report.paragraphs[key]
            report.paragraphs[key] = normalise(text[: m.start()] + text[m.end():])
            note.referenced_by = f"para/{key}"
        else:
            unit = report.subunits[key]
            unit.text = normalise(unit.text[: m.start()] + unit.text[m.end():])
            note.referenced_by = f"para/{key}"
        report.removed_marks[note.referenced_by] = m.group(0)


def check_expected(report: ParsedReport, expected: dict, where: str) -> None:
    """Compare the segmentation with the numbering the catalogue records from the original (PDF)."""
    if "paragraphs" in expected and len(report.paragraphs) != expected["paragraphs"]:
        raise SourceError(
            f"{where}: found {len(report.paragraphs)} paragraphs, expected {expected['paragraphs']}"
            + ("" if report.paragraphs else " (does the layout's `paragraph` pattern match how this text numbers paragraphs?)")
        )
    for parent, count in expected.get("subunits", {}).items():
        found = sum(1 for u in report.subunits.values() if u.parent == int(parent))
        if found != count:
            raise SourceError(f"{where}: found {found} sub-units in paragraph {parent}, expected {count}")
    if "footnotes" in expected and [f.number for f in report.footnotes] != list(expected["footnotes"]):
        raise SourceError(f"{where}: found footnotes {[f.number for f in report.footnotes]}, expected {list(expected['footnotes'])}")
    if "annex" in expected and (report.annex is not None) != bool(expected["annex"]):
        raise SourceError(f"{where}: expected {'an' if expected['annex'] else 'no'} annex, found {'one' if report.annex else 'none'}")

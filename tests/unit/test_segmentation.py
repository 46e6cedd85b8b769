"""The segmenter, for every document of the catalogue: a new catalogued document is tested here without a new test.

Each document's text must come apart into units that account for every line: each non-blank line
lands in exactly one unit or is dropped for a stated reason (page header, page number, heading,
footnote marker, contents), and each unit's text is its lines re-joined. A wrong layout, a broken
catalogue entry or a correction that does not apply fails with a SourceError that says why.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rightsgraph.errors import SourceError
from rightsgraph.sources import DROPPED_ROLES, documents, load_catalog, normalise, parse_report, read_text, segment

ROOT = Path(__file__).resolve().parents[2]
DOCS = documents(ROOT)
KEYS = [d.key for d in DOCS]


def doc(key):
    return next(d for d in DOCS if d.key == key)


@pytest.fixture(scope="module", params=KEYS)
def segmented(request):
    d = doc(request.param)
    return d, segment(d)


def test_the_catalogue_lists_both_documents():
    assert {"unct-blr-2009", "a-hrc-15-16"} <= set(KEYS)


def test_paragraphs_are_numbered_1_to_n_in_order(segmented):
    d, report = segmented
    numbers = list(report.paragraphs)
    assert numbers == list(range(1, len(numbers) + 1))
    if "paragraphs" in d.expected:
        assert len(numbers) == d.expected["paragraphs"]


def test_subunits_are_numbered_1_to_k_within_their_paragraph(segmented):
    d, report = segmented
    by_parent: dict[int, list[int]] = {}
    for unit in report.subunits.values():
        by_parent.setdefault(unit.parent, []).append(unit.position)
        assert unit.label == f"{unit.parent}.{unit.position}"
    for parent, positions in by_parent.items():
        assert positions == list(range(1, len(positions) + 1)), parent
    assert {str(p): len(v) for p, v in by_parent.items()} == {str(k): v for k, v in d.expected.get("subunits", {}).items()}


def test_every_non_blank_line_lands_in_one_unit_or_is_dropped_for_a_reason(segmented):
    d, report = segmented
    owners: dict[int, str] = {}
    for unit in report.units:
        for i in unit.lines:
            assert i not in owners, f"line {i + 1} is in {owners[i]} and {unit.name}"
            owners[i] = unit.name
    for i, (line, role) in enumerate(zip(report.lines, report.line_roles)):
        if not line.strip():
            continue
        if role.startswith("unit:"):
            assert owners.get(i) == role[len("unit:"):], (i + 1, line)
        else:
            assert role in DROPPED_ROLES, (i + 1, role, line)
            assert i not in owners


def _body(d, line: str) -> str:
    """A unit's line without the number that opens it ("2. ", "97.1. ")."""
    for pattern in (d.layout.paragraph, d.layout.subunit):
        m = pattern.match(line) if pattern is not None else None
        if m:
            return m.groupdict().get("text") or ""
    return line


def test_each_units_text_is_its_lines_rejoined(segmented):
    d, report = segmented
    for unit in report.units:
        first, *rest = unit.lines
        opened = unit.kind in ("paragraph", "subunit")
        rejoined = normalise(" ".join([_body(d, report.lines[first]) if opened else report.lines[first]]
                                      + [report.lines[i] for i in rest]))
        mark = report.removed_marks.get(unit.name)
        if mark is not None:
            assert rejoined != unit.text and mark in rejoined
            assert any(normalise(rejoined[:k] + rejoined[k + len(mark):]) == unit.text
                       for k in range(len(rejoined)) if rejoined.startswith(mark, k)), unit.name
        else:
            assert rejoined == unit.text, unit.name


def test_no_page_header_or_page_number_is_left_in_a_text(segmented):
    d, report = segmented
    headers = {line.strip() for line, role in zip(report.lines, report.line_roles) if role == "page-header"}
    for unit in report.units:
        for header in headers:
            assert header not in unit.text, (unit.name, header)
    for i, role in enumerate(report.line_roles):
        if role == "page-number":  # the last non-blank line of its page, and nothing else
            later = [j for j in range(i + 1, len(report.lines)) if report.pages[j] == report.pages[i]]
            assert not any(report.lines[j].strip() for j in later), i + 1
            assert report.lines[i].strip().isdigit()


def test_texts_are_whitespace_normalised(segmented):
    _, report = segmented
    for unit in report.units:
        assert unit.text and unit.text == normalise(unit.text), unit.name
        assert "\f" not in unit.text


def test_the_catalogue_states_only_what_the_text_says(segmented):
    d, _ = segmented
    text = read_text(d)
    for given in (d.symbol, d.date_as_given, *d.previous_symbols):
        if given:
            assert given in text


WRONG = [(d.key, o.key) for d in DOCS for o in DOCS if d.layout.name != o.layout.name]


@pytest.mark.parametrize(("key", "other"), WRONG)
def test_a_wrong_layout_fails_with_a_clear_source_error(key, other):
    d, wrong = doc(key), doc(other)
    with pytest.raises(SourceError, match=r"paragraphs, expected|belong to no unit|expected"):
        segment(dataclasses.replace(d, layout=wrong.layout))


@pytest.mark.parametrize("key", KEYS)
def test_a_correction_that_finds_nothing_fails(key):
    from rightsgraph.sources import Correction

    d = doc(key)
    broken = dataclasses.replace(d, corrections=(Correction("no such text in any report", "x", 1, ""),))
    with pytest.raises(SourceError, match="expected 1 time"):
        segment(broken)


@pytest.mark.parametrize("key", KEYS)
def test_a_symbol_the_text_does_not_give_fails(key):
    d = doc(key)
    with pytest.raises(SourceError, match="does not contain"):
        segment(dataclasses.replace(d, symbol="A/HRC/99/99"))


# ---------------------------------------------------------------- the catalogue itself

def _catalogue(tmp_path: Path, layout: str, text: str = "1.\nText.\n") -> Path:
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "catalog.toml"
    path.write_text(f'[[source]]\nkey = "x"\nfile = "doc.txt"\ntitle = "X"\ndate = "2010"\nauthor = "a"\n'
                    f"paragraphs = 1\n[source.layout]\n{layout}\n", encoding="utf-8")
    return path


BAD_LAYOUTS = {  # test id: (the [source.layout] table, what the refusal says)
    "a_layout_without_a_paragraph_pattern_is_refused": ('page_number = "^\\\\d+$"', "needs a `paragraph` pattern"),
    "a_layout_pattern_that_is_not_a_regex_is_named": ("paragraph = '^(?P<n>\\d+\\.$'", r"layout\.paragraph is not a regular expression"),
    "an_unknown_layout_option_is_refused": ("paragraph = '^(?P<n>\\d+)\\.$'\nparagraphs_inline = true", "unknown layout option"),
    "a_paragraph_pattern_needs_its_number_group": ("paragraph = '^(\\d+)\\.$'", r"\(\?P<n>"),
}


@pytest.mark.parametrize("layout, message", list(BAD_LAYOUTS.values()), ids=list(BAD_LAYOUTS))
def test_a_bad_layout_is_refused_with_its_reason(tmp_path, layout, message):
    with pytest.raises(SourceError, match=message):
        load_catalog(_catalogue(tmp_path, layout))


THIRD = """\
X/1/2

Cover title

Contents
Introduction ...... 1
\fX/1/2

Introduction
1.
First paragraph, which runs
over two lines.1
I.

Findings
2.
Second paragraph:
2.1. First point (A);
2.2. Second point
(B).
3.
Third
paragraph.
1

A footnote body.
2
\fX/1/2

Annex
Members
The list.
3
"""

THIRD_LAYOUT = """\
name = "number-own-line"
paragraph = '^(?P<n>\\d{1,3})\\.$'
subunit = '^(?P<parent>\\d{1,3})\\.(?P<n>\\d{1,3})\\.\\s+(?P<text>.*)$'
headings = [
  { pattern = '^(Introduction)$', level = 1 },
  { pattern = '^([IVX]+\\.)$', level = 1, title_next = true },
  { pattern = '^(Annex)$', level = 1, title_next = true, joiner = ": ", starts = "annex" },
]
page_header = '^X/1/2$'
page_number = '^\\d{1,3}$'
footnote_marker = '^(?P<n>\\d{1,2})$'
footnote_reference = '(?<=[a-z][.,;:])(?P<n>\\d{1,2})(?=\\s|$)'
body_start = '^Introduction$'
contents_start = '^Contents$'
cover_unit = true
strict = true
"""


def test_a_third_document_needs_a_catalogue_entry_not_code(tmp_path):
    (d,) = load_catalog(_catalogue(tmp_path, THIRD_LAYOUT, THIRD))
    d = dataclasses.replace(d, expected={"paragraphs": 3, "subunits": {"2": 2}, "footnotes": [1], "annex": True})
    report = segment(d)
    assert report.paragraphs == {1: "First paragraph, which runs over two lines.", 2: "Second paragraph:", 3: "Third paragraph."}
    assert report.sections == {1: "Introduction", 2: "I. Findings", 3: "I. Findings"}
    assert {k: u.text for k, u in report.subunits.items()} == {"2.1": "First point (A);", "2.2": "Second point (B)."}
    assert [(f.number, f.text, f.referenced_by) for f in report.footnotes] == [(1, "A footnote body.", "para/1")]
    assert report.annex.text == "The list." and report.annex.section == "Annex: Members"
    assert report.cover.text == "Cover title"
    assert report.line_roles.count("page-header") == 3 and report.line_roles.count("page-number") == 2


def test_parse_report_without_a_layout_reads_the_inline_layout():
    report = parse_report("Introduction\n1. One\nline.\n2. Two.\n")
    assert report.paragraphs == {1: "One line.", 2: "Two."}
    assert report.sections[1] == "Introduction"


@pytest.mark.parametrize("key", KEYS)
def test_every_correction_says_where_the_original_shows_it(key):
    for c in doc(key).corrections:
        assert c.note.strip(), c.find
        assert c.find != c.replace

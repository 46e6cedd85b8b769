"""The dialogue's Turtle is what src/rightsgraph/sources/dialogue.py makes of the curated tables,
and a table that does not fit the source is refused, not written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rightsgraph.sources.dialogue import DialogueError, Tables, render

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = "regenerate: .venv/bin/python -m rightsgraph.sources.dialogue"


@pytest.fixture(scope="module")
def tables() -> Tables:
    return Tables.load(ROOT)


def test_the_committed_turtle_is_what_the_generator_writes(tables):
    written = render(ROOT, tables)
    assert written.statements == (ROOT / "data" / "dialogue" / "statements-2010.ttl").read_text(encoding="utf-8"), REGENERATE
    assert written.replies == (ROOT / "data" / "dialogue" / "replies-2010.ttl").read_text(encoding="utf-8"), REGENERATE


def test_a_quote_not_in_its_paragraph_is_refused(tables):
    para, (code, name, acts) = next(iter(sorted(tables.statements.items())))
    kind, verb, quote, themes, concerns = acts[0]
    bent = (kind, verb, quote + " and abolished the death penalty", themes, concerns)  # words the paragraph does not have
    statements = tables.statements | {para: (code, name, [bent, *acts[1:]])}
    with pytest.raises(DialogueError, match=f"quote not in para/{para}"):
        render(ROOT, dataclasses.replace(tables, statements=statements))


def test_a_reply_citing_a_paragraph_the_report_lacks_is_refused(tables):
    para, reply = next(iter(sorted(tables.replies.items())))
    replies = {k: v for k, v in tables.replies.items() if k != para} | {500: reply}
    with pytest.raises(DialogueError, match="no unit para/500"):
        render(ROOT, dataclasses.replace(tables, replies=replies))


def test_the_counts_of_paragraph_21_and_footnote_1_are_enforced(tables):
    with pytest.raises(DialogueError, match="30 undelivered"):
        render(ROOT, dataclasses.replace(tables, undelivered=tables.undelivered[:-1]))

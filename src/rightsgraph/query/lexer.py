"""The one SPARQL lexer: tokens, the query form, bracket nesting, the outermost group and a VALUES
splice, for everything that reads SPARQL text without parsing it — the guard's screening, the
remote engine, named-query headers, fastshacl's focus join and the editor's examples.

Strings, IRIs and comments are whole tokens, so nothing inside them counts as a keyword or a
bracket; an unterminated string runs to the end of the text (the parser will refuse it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

QUERY_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}

TOKENS = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\Z)
             | '''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)
             | "(?:[^"\\\n\r]|\\.)*"?
             | '(?:[^'\\\n\r]|\\.)*'?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\W]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<name>[^\W\d][\w.\-]*(?::[\w.\-:%\\]*)?|:[\w.\-:%\\]*)
  | (?P<open>[({\[])
  | (?P<close>[)}\]])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # space, comment, string, iri, var, lang, name, pname, open, close, other
    text: str
    start: int
    end: int

    @property
    def word(self) -> str | None:
        """The keyword (upper case) if this is a bare name, else None."""
        return self.text.upper() if self.kind == "name" else None


def tokens(text: str, *, skip_space: bool = True) -> Iterator[Token]:
    """The tokens of ``text``; a prefixed name is kind ``pname``; spaces and comments skipped unless asked for."""
    for m in TOKENS.finditer(text):
        kind = m.lastgroup
        if skip_space and kind in ("space", "comment"):
            continue
        token = m.group()
        if kind == "name" and ":" in token:
            kind = "pname"
        yield Token(kind, token, m.start(), m.end())


def query_form(text: str) -> str | None:
    """'select', 'ask', 'construct' or 'describe' (the first query keyword), or None."""
    for t in tokens(text):
        if t.word in QUERY_FORMS:
            return QUERY_FORMS[t.word]
    return None


def nesting_depth(text: str) -> int:
    """The deepest nesting of brackets ( { [ outside strings, IRIs and comments."""
    depth = deepest = 0
    for t in tokens(text):
        if t.kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif t.kind == "close":
            depth -= 1
    return deepest


def outermost_group(text: str) -> int | None:
    """Offset just after the opening brace of the query's WHERE group (the first top-level group of a
    SELECT or ASK, which may omit WHERE), or None if the text has none."""
    form = None
    braces = parens = 0
    seen_where = False
    for t in tokens(text):
        if t.kind == "name":
            if form is None and t.word in QUERY_FORMS:
                form = t.word
            elif form and t.word == "WHERE" and braces == 0 and parens == 0:
                seen_where = True
            continue
        if form is None or t.kind not in ("open", "close"):
            continue
        if t.text == "(":
            parens += 1
        elif t.text == ")":
            parens -= 1
        elif t.text == "{":
            if braces == 0 and parens == 0 and (seen_where or form in ("SELECT", "ASK")):
                return t.end
            braces += 1
        elif t.text == "}":
            braces -= 1
    return None


def values_block(row: dict[str, str]) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` from variable name → term in N3 (the caller checks the terms)."""
    return "VALUES (" + " ".join(f"?{n}" for n in row) + ") { (" + " ".join(row.values()) + ") }"


def splice_values(text: str, block: str) -> str:
    """The query with ``block`` (a VALUES block) first in its outermost group, or appended when it has none."""
    at = outermost_group(text)
    if at is None:
        return text + "\n" + block + "\n"
    return text[:at] + " " + block + " " + text[at:]


def projects(text: str, name: str) -> bool:
    """Whether the query's result has a column ``?name``: SELECT * or ?name in the SELECT clause, or,
    for a query that is not a SELECT, ?name anywhere in it."""
    variable = {"?" + name, "$" + name}
    inside_select = False
    anywhere = False
    for t in tokens(text):
        if t.kind == "var" and t.text in variable:
            anywhere = True
            if inside_select:
                return True
        if t.word == "SELECT":
            inside_select = True
        elif inside_select and (t.word == "WHERE" or t.text == "{"):
            return False
        elif inside_select and t.text == "*":
            return True
    return anywhere and not inside_select

"""Result tables for people: the pages of a SPARQL answer (the editor, the /sparql page, /queries/{name}).

One answer (the cached SPARQL JSON or Turtle of the whole query, cut at ``max_rows``) is shown a page
of rows at a time (``PAGE_SIZE``), with the count, links to the other pages and to the downloads of
the whole answer. IRIs carry their label beside them, from the service's label table (one query per
build, ``Service.labels``: a lookup per cell is a dictionary read). Literals keep their language tag
or datatype, shown quietly; long ones fold. Syntax errors are said in words: line, column, the
line itself with a mark, and what the parser expected (``syntax_problem``); the JSON error shape
of the protocol is not touched, the pages only read its message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

from ..namespaces import BASE
from .html import curie, local_href

PAGE_SIZE = 100
LONG_LITERAL = 280  # characters; a longer literal shows its beginning and folds the rest
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# The downloads of a whole answer, by query form: (name, format key of /sparql and /queries).
DOWNLOADS = {"select": (("CSV", "csv"), ("TSV", "tsv"), ("JSON", "json")), "ask": (("JSON", "json"),),
             "construct": (("Turtle", "turtle"), ("N-Triples", "ntriples"), ("JSON-LD", "jsonld")),
             "describe": (("Turtle", "turtle"), ("N-Triples", "ntriples"), ("JSON-LD", "jsonld"))}


def page_number(value: str | None) -> int:
    """The page a request asks for (1 when absent or not a positive number)."""
    try:
        n = int(value or 1)
    except ValueError:
        return 1
    return max(n, 1)


def cell(binding: dict | None, labels: Mapping[str, str]) -> dict | None:
    """One SPARQL JSON binding as the table shows it."""
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        short = curie(value)
        label = labels.get(value)
        return {"kind": "iri", "iri": value, "href": local_href(value, BASE), "curie": short,
                "label": label if label and label != short else None}
    if kind == "bnode":
        return {"kind": "bnode", "text": "_:" + value}
    datatype = binding.get("datatype")
    lang = binding.get("xml:lang")
    shown = None if lang or not datatype or datatype in (XSD_STRING, RDF_LANG_STRING) else curie(datatype)
    out = {"kind": "literal", "text": value, "lang": lang, "datatype": shown, "datatype_iri": datatype}
    if len(value) > LONG_LITERAL:
        cut = value.rfind(" ", 0, LONG_LITERAL - 80)
        out["head"] = value[: cut if cut > 80 else LONG_LITERAL - 80].rstrip()
    return out


def pager(page: int, pages: int, url: Callable[[int], str], around: int = 2) -> list[tuple[int | None, str | None]]:
    """The page links: (number, url) for the first, the last and those around ``page``, (None, None) for a gap."""
    shown = sorted({1, pages} | set(range(max(1, page - around), min(pages, page + around) + 1)))
    out: list[tuple[int | None, str | None]] = []
    for i, n in enumerate(shown):
        if i and n - shown[i - 1] > 1:
            out.append((None, None))
        out.append((n, url(n)))
    return out


def results_view(body: bytes, form: str, *, labels: Mapping[str, str] | None = None, page: int = 1,
                 page_url: Callable[[int], str] | None = None, downloads: list[tuple[str, str]] | None = None,
                 truncated: bool = False, limit: int | None = None, per_page: int = PAGE_SIZE) -> dict:
    """What the results templates show: one page of rows of cells (with the count, the pages and the
    downloads), the boolean of an ASK, or the text of a graph."""
    common = {"downloads": downloads or [], "truncated": truncated, "limit": limit}
    if form in ("construct", "describe"):
        return common | {"kind": "graph", "text": body.decode("utf-8", "replace")}
    doc = json.loads(body)
    if "boolean" in doc:
        return common | {"kind": "ask", "boolean": doc["boolean"]}
    columns = doc["head"]["vars"]
    bindings = doc["results"]["bindings"]
    total = len(bindings)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    labels = labels or {}
    rows = [[cell(b.get(c), labels) for c in columns] for b in bindings[start:start + per_page]]
    url = page_url or (lambda n: f"?page={n}")
    return common | {
        "kind": "select", "columns": columns, "rows": rows, "total": total, "page": page, "pages": pages,
        "first": start + 1 if rows else 0, "last": start + len(rows),
        "previous": url(page - 1) if page > 1 else None, "next": url(page + 1) if page < pages else None,
        "links": pager(page, pages, url) if pages > 1 else [],
    }


# ------------------------------------------------------------------ syntax errors for people

_AT = re.compile(r"error at (\d+):(\d+): ?(.*)\Z", re.DOTALL)
_PNAME = re.compile(r"([A-Za-z][\w.-]*)?:[\w.:%-]*\Z")
_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)


def declared_prefixes(text: str) -> list[str]:
    """The prefixes a text declares with PREFIX, as ``rg:``, in order."""
    return [f"{p}:" for p in _DECLARED.findall(text)]


def _expected(text: str) -> list[str]:
    """The items of pyoxigraph's "expected one of A, B, [charclass], ..." list, in order."""
    items, i, n = [], 0, len(text)
    while i < n:
        while i < n and text[i] in ", \n":
            i += 1
        if i >= n:
            break
        if text[i] == '"':
            j = text.find('"', i + 1 + (text[i + 1:i + 2] == '"'))
            j = n if j < 0 else j + 1
        elif text[i] == "[":
            j, quote = i + 1, None
            while j < n and not (text[j] == "]" and quote is None):
                if text[j] == "\\" and quote:
                    j += 1
                elif text[j] == "'":
                    quote = None if quote else "'"
                j += 1
            j += 1
        else:
            j = text.find(", ", i)
            j = n if j < 0 else j
        items.append(text[i:j].strip())
        i = j
    return [x for x in items if x]


def _describe(item: str) -> str | None:
    """An expected item in words, or None for the character classes nobody needs to read."""
    if item.startswith("["):
        if "'A'" in item or "'a'" in item:
            return "a name"
        if "'0'" in item and "'A'" not in item:
            return "a digit"
        return None
    return item


def syntax_problem(message: str, text: str) -> dict | None:
    """Line, column, the line with a mark under the column, and what was expected, from an engine's
    "error at LINE:COLUMN: expected ..." message (pyoxigraph's; columns count characters from 1).
    None when the message gives no position."""
    m = _AT.search(message)
    if not m:
        return None
    line, column, rest = int(m.group(1)), int(m.group(2)), m.group(3).strip()
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    at_end = line >= len(lines) and column > len(source)
    reasons, expected = [], []
    listed = rest.removeprefix("expected one of ").removeprefix("expected ") if rest.startswith("expected") else ""
    for item in _expected(listed):
        words = _describe(item)
        if words is None:
            continue
        if item[0] not in '"[' and " " in item:  # a sentence from the parser: a reason, not a token
            reasons.append(words)
        elif words not in expected:
            expected.append(words)
    if not listed and rest:
        reasons.append(rest)
    advice = []
    for reason in reasons:
        if reason.lower().startswith("prefix not found"):
            before = source[: max(0, column - 1)]
            name = _PNAME.search(before.rstrip())
            prefix = name.group(1) or "" if name else None
            declared = set(_DECLARED.findall(text))
            if prefix is not None and prefix not in declared:
                advice.append(f"the prefix {prefix}: is not declared: add PREFIX {prefix}: <…> before the query")
            else:
                advice.append("a prefix used here is not declared: add its PREFIX declaration before the query")
        else:
            advice.append(reason[0].lower() + reason[1:])
    where = f"line {line}, column {column}" + (" (the end of the query)" if at_end else "")
    summary = "; ".join(advice) if advice else (
        ("the parser expected " + _either(expected)) if expected else "the query cannot be read from here")
    return {"line": line, "column": column, "at_end": at_end, "source": source, "expected": expected, "reasons": advice,
            "where": where, "summary": summary, "marker": " " * max(0, min(column - 1, len(source))) + "^"}


def _either(items: list[str]) -> str:
    shown = items[:8]
    more = " …" if len(items) > 8 else ""
    if len(shown) == 1:
        return shown[0] + more
    return ", ".join(shown[:-1]) + " or " + shown[-1] + more


# ------------------------------------------------------------------ the editor's PREFIX fold

_DECLARATION = re.compile(r"^\s*(PREFIX|BASE)\b", re.IGNORECASE)
_QUIET = re.compile(r"^\s*(#.*)?$")


def split_prologue(text: str) -> tuple[str, str]:
    """(the PREFIX/BASE declarations at the start, the rest): the editor folds the first. Comment and
    blank lines among the leading declarations stay with the rest (only they move, so the query
    ``join_prologue`` gives back means the same)."""
    lines = text.split("\n")
    declarations, quiet, i = [], [], 0
    while i < len(lines) and (_DECLARATION.match(lines[i]) or _QUIET.match(lines[i])):
        (declarations if _DECLARATION.match(lines[i]) else quiet).append(lines[i])
        i += 1
    if not declarations:
        return "", text
    rest = [q for q in quiet if q.strip()] + lines[i:]
    return "\n".join(declarations), "\n".join(rest)


def join_prologue(prologue: str | None, query: str) -> str:
    """The query the editor runs: its folded declarations, then its text."""
    prologue = (prologue or "").rstrip()
    return prologue + "\n" + query if prologue.strip() else query


def page_problem(request, exc: BaseException, text: str) -> tuple[int, dict, dict]:
    """(status, what the results templates show of a failure, headers): the error shape's status,
    message and detail (``api/errors.problem``, as the JSON answer has them), and for a syntax error
    its position and expectations in words."""
    from .errors import problem

    status, message, detail, headers = problem(request, exc)
    syntax = syntax_problem(message, text) if status == 400 else None
    return status, {"code": status, "message": message, "detail": detail, "syntax": syntax}, headers

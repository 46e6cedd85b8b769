"""The query guard: what a SPARQL text must pass before any engine sees it.

1. Lexical checks, cheap and first: the length cap (413) and the bracket-nesting cap (400),
   counted outside strings, IRIs and comments; the query form (SELECT, ASK, CONSTRUCT,
   DESCRIBE; an update keyword is refused here already); any SERVICE keyword.
2. rdflib's parser and algebra (``parseQuery`` + ``translateQuery``, LRU-cached by text), whose
   tree is walked to refuse SERVICE in every form and to note FROM / FROM NAMED, which the
   engine must then honour (``dataset_in_query``). A text that parses as an update instead is
   refused naming its operation (LOAD, INSERT DATA...).
3. Where rdflib cannot parse a text (its parser recurses deeply and is slow on long
   expressions, so it gets a time budget), the query engine decides the syntax; SERVICE is then
   refused by the lexical scan of step 1, which skips strings, IRIs and comments.

Every refusal is a :class:`QueryRefused` with the HTTP status it maps to and the feature named.
rdflib's graph loading (FROM fetching a URL or file) is switched off at import.
"""

from __future__ import annotations

import ctypes
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import rdflib.plugins.sparql as rdflib_sparql
from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import QueryError

rdflib_sparql.SPARQL_LOAD_GRAPHS = False

PARSE_BUDGET_SECONDS = 0.5  # rdflib's parse of one text; past it the engine decides the syntax
CACHED_TEXT_LENGTH = 20_000  # longer texts are checked every time rather than kept in the LRU cache

QUERY_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
NONDETERMINISTIC = {"NOW", "RAND", "UUID", "STRUUID", "BNODE"}
_SERVICE_REFUSED = "SERVICE (federated query) is refused: this endpoint answers from its own data only"

# One token at a time; strings, IRIs and comments are whole tokens so nothing inside them counts.
_TOKENS = re.compile(
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


class QueryRefused(QueryError):
    """A query the service will not run; ``status`` is the HTTP status, ``feature`` what was refused."""

    status = 400

    def __init__(self, message: str, feature: str, status: int | None = None):
        super().__init__(message)
        self.feature = feature
        if status is not None:
            self.status = status


@dataclass(frozen=True)
class Screening:
    """What the lexical pass learnt about a text."""

    form: str  # select, ask, construct or describe
    dataset_in_query: bool  # FROM or FROM NAMED present
    deterministic: bool  # no NOW(), RAND(), UUID(), STRUUID(), BNODE(): its answer may be cached
    service: bool  # a SERVICE keyword outside strings, IRIs and comments


@dataclass(frozen=True)
class Analysis:
    form: str
    dataset_in_query: bool
    deterministic: bool
    parsed: bool  # False: rdflib could not parse it (in its budget); the engine decides the syntax


def screen(text: str, *, max_length: int, max_nesting: int) -> Screening:
    """The lexical checks; raises QueryRefused (413 too long, 400 too deep, an update, no query form)."""
    if len(text) > max_length:
        raise QueryRefused(f"the query is {len(text)} characters long; the limit is {max_length}", "length", 413)
    depth = deepest = 0
    form = None
    first_word = None
    service = from_ = False
    deterministic = True
    for m in _TOKENS.finditer(text):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > max_nesting:
                    raise QueryRefused(f"the query nests brackets deeper than {max_nesting} levels", "nesting")
        elif kind == "close":
            depth -= 1
        elif kind == "name" and ":" not in m.group():
            word = m.group().upper()
            if first_word is None and word not in ("BASE", "PREFIX"):
                first_word = word
            if form is None and word in QUERY_FORMS:
                form = QUERY_FORMS[word]
            elif word == "SERVICE":
                service = True
            elif word == "FROM":
                from_ = True
            elif word in NONDETERMINISTIC:
                deterministic = False
    if first_word in UPDATE_WORDS:
        raise QueryRefused(f"SPARQL Update ({first_word}) is refused: this is a read-only query endpoint", "update")
    if form is None:
        raise QueryRefused("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE", "syntax")
    return Screening(form, from_, deterministic, service)


class _ParseBudgetExceeded(BaseException):
    """Raised into a thread whose rdflib parse ran past its budget (BaseException: nothing swallows it)."""


def _set_async_exc(thread_id: int, exc) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


def _parse(text: str, budget: float):
    """rdflib's algebra of a query, or None when rdflib cannot parse it within the budget.

    rdflib's parser is pure Python (it can take seconds on a long expression), so a timer raises
    an exception into this thread when the budget is spent; the lock keeps that exception from
    arriving after the parse has finished.
    """
    thread_id = threading.get_ident()
    lock = threading.Lock()
    parsing = [True]

    def expire():
        with lock:
            if parsing[0]:
                _set_async_exc(thread_id, _ParseBudgetExceeded)

    timer = threading.Timer(budget, expire)
    timer.daemon = True
    try:
        timer.start()
        try:
            return translateQuery(parseQuery(text))
        finally:
            with lock:
                parsing[0] = False
                _set_async_exc(thread_id, None)  # drop one that was raised but not yet delivered
            timer.cancel()
    except _ParseBudgetExceeded:
        return None


def _update_operation(text: str) -> str | None:
    try:
        request = parseUpdate(text).request
    except Exception:  # noqa: BLE001 - rdflib's parser raises many types; "not an update" is the answer
        return None
    names = {"InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT"}
    return ", ".join(dict.fromkeys(names.get(op.name, op.name.upper()) for op in request)) or "an empty update"


def _walk(algebra) -> tuple[set[str], bool]:
    """The names of every algebra node, and whether the query has a dataset clause."""
    names: set[str] = set()

    def visit(node):
        if isinstance(node, CompValue):
            names.add(node.name)
        return None

    traverse(algebra.algebra, visitPre=visit)
    return names, bool(algebra.algebra.get("datasetClause"))


@lru_cache(maxsize=2048)
def _analyse(text: str, max_length: int, max_nesting: int, budget: float) -> Analysis | tuple:
    """The analysis, or the (message, feature, status) of the refusal: cached either way."""
    try:
        return _checked(text, screen(text, max_length=max_length, max_nesting=max_nesting), budget)
    except QueryRefused as refusal:
        return (str(refusal), refusal.feature, refusal.status)


def _checked(text: str, screening: Screening, budget: float) -> Analysis:
    try:
        algebra = _parse(text, budget)
    except (RecursionError, MemoryError):
        algebra = None
    except Exception:  # noqa: BLE001 - a syntax error to rdflib; it may still be an update
        operation = _update_operation(text)
        if operation:
            raise QueryRefused(f"SPARQL Update ({operation}) is refused: this is a read-only query endpoint", operation.split()[0])
        algebra = None
    if algebra is None:
        if screening.service:
            raise QueryRefused(_SERVICE_REFUSED, "SERVICE")
        return Analysis(screening.form, screening.dataset_in_query, screening.deterministic, parsed=False)
    names, dataset = _walk(algebra)
    if "ServiceGraphPattern" in names:
        raise QueryRefused(_SERVICE_REFUSED, "SERVICE")
    if names & {"Load", "InsertData", "DeleteData", "Modify", "DeleteWhere", "Clear", "Drop", "Create", "Add", "Move", "Copy"}:
        raise QueryRefused("SPARQL Update is refused: this is a read-only query endpoint", "update")
    return Analysis(screening.form, dataset, screening.deterministic, parsed=True)


def analyse(text: str, *, max_length: int, max_nesting: int, budget: float = PARSE_BUDGET_SECONDS) -> Analysis:
    """Check a query text (lexically, then on rdflib's algebra); raises QueryRefused."""
    check = _analyse if len(text) <= CACHED_TEXT_LENGTH else _analyse.__wrapped__  # the cache holds no huge texts
    outcome = check(text, max_length, max_nesting, budget)
    if isinstance(outcome, tuple):
        raise QueryRefused(*outcome)
    return outcome

"""The query guard: what a SPARQL text must pass before any engine sees it.

1. Lexical checks, cheap and first: the length cap (413), the bracket-nesting cap (400) and the
   operator cap (400: a chain of thousands of ``+`` or ``||`` is an expression tree thousands of
   levels deep, which overflows pyoxigraph's stack; see ``OPERATOR_WEIGHTS``), counted outside
   strings, IRIs and comments;
   the query form (SELECT, ASK, CONSTRUCT, DESCRIBE; an update keyword is refused here already);
   any SERVICE keyword, in the text as sent and after ``\\uXXXX`` escapes are decoded (rdflib
   decodes them anywhere in a query, as SPARQL 1.1 §19.2 says), is refused at once, whatever
   a parser later makes of it.
2. rdflib's parser and algebra (``parseQuery`` + ``translateQuery``, LRU-cached by text), whose
   tree is walked to refuse SERVICE in every form, updates (LOAD, INSERT...), and calls of
   functions outside the XPath/XSD/SPARQL namespaces (``<http://x/f>(?a)``: extension functions
   are refused by name, whether or not an engine knows them), and to note FROM / FROM NAMED,
   which the engine must then honour (``dataset_in_query``) by *selecting* graphs of its store.
   A text that parses as an update instead is refused naming its operation (LOAD, INSERT DATA...).
   The parse runs only where the lexical pass cannot decide: where an IRI or prefixed name that
   does not resolve (through the text's own PREFIX lines) to a built-in namespace stands before
   a ``(`` (a function call, or an RDF collection after a predicate), or where the text has
   ``\\u`` escapes. Every other text has nothing the walk could refuse, and skipping rdflib's
   pure-Python parse (24 ms for the headline query) is what lets uncached queries run at the
   engine's speed. In the worker pool the parse runs in the worker, with the query.
3. Where rdflib cannot parse a text (its parser recurses deeply and is slow on long
   expressions, so it gets a time budget), the query engine decides the syntax; SERVICE is then
   refused by the lexical scan of step 1, which skips strings, IRIs and comments, and an unknown
   function is an error of the engine (oxigraph: "the custom function ... is not supported").

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

from ..errors import QueryRefused
from . import lexer
from .lexer import QUERY_FORMS

rdflib_sparql.SPARQL_LOAD_GRAPHS = False

PARSE_BUDGET_SECONDS = 0.5  # rdflib's parse of one text; past it the engine decides the syntax
CACHED_TEXT_LENGTH = 20_000  # longer texts are checked every time rather than kept in the LRU cache

UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
NONDETERMINISTIC = {"NOW", "RAND", "UUID", "STRUUID", "BNODE"}
# Chained binary operators outside strings, IRIs and comments build a left-deep expression or path tree
# as deep as the chain is long; pyoxigraph 0.5.13 overflows its stack (SIGSEGV) at ~6,500 chained
# `+` and ~9,000 chained `||`. Arithmetic and path steps (+ - * /) weigh 4, each `|` or `&` character
# 1 (so `||` weighs 2), and a query may weigh 8,000: 2,000 arithmetic steps or 4,000 `||`, a third of
# what crashes the engine. Comparisons and unary operators cannot chain in SPARQL and are not counted.
OPERATOR_WEIGHTS = {"+": 4, "-": 4, "*": 4, "/": 4, "|": 1, "&": 1}
MAX_OPERATORS = 8000
# Function IRIs a query may call: XSD constructor casts, the XPath/XQuery function and math
# namespaces (which SPARQL's built-ins come from) and the SPARQL namespace. Any other IRI called as
# a function is an extension function, refused by name.
BUILTIN_FUNCTION_NAMESPACES = (
    "http://www.w3.org/2001/XMLSchema#",
    "http://www.w3.org/2005/xpath-functions#",
    "http://www.w3.org/2005/xpath-functions/math#",
    "http://www.w3.org/ns/sparql#",
)
PROJECT_FUNCTIONS: frozenset[str] = frozenset()  # the project's own extension functions (none yet)
UPDATE_NODES = {"Load", "InsertData", "DeleteData", "Modify", "DeleteWhere", "Clear", "Drop", "Create", "Add", "Move", "Copy"}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_REFUSED = "SERVICE (federated query) is refused: this endpoint answers from its own data only"

@dataclass(frozen=True)
class Screening:
    """What the lexical pass learnt about a text."""

    form: str  # select, ask, construct or describe
    dataset_in_query: bool  # FROM or FROM NAMED present
    deterministic: bool  # no NOW(), RAND(), UUID(), STRUUID(), BNODE(): its answer may be cached
    service: bool  # a SERVICE keyword outside strings, IRIs and comments
    calls: bool = False  # an IRI or prefixed name followed by "(" that is not a built-in: only the algebra can tell


@dataclass(frozen=True)
class Analysis:
    form: str
    dataset_in_query: bool
    deterministic: bool
    parsed: bool  # False: rdflib could not parse it (in its budget); the engine decides the syntax


def unescape(text: str) -> str:
    """The text with SPARQL's ``\\uXXXX`` / ``\\UXXXXXXXX`` codepoint escapes decoded (as rdflib does
    before parsing; SPARQL 1.1 §19.2 allows them anywhere in a query)."""

    def decode(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _ESCAPE.sub(decode, text)


def screen(text: str, *, max_length: int, max_nesting: int, max_operators: int = MAX_OPERATORS) -> Screening:
    """The lexical checks; raises QueryRefused (413 too long, 400 too deep, an update, no query form).
    Kept in a small LRU by text: one request screens its text more than once (its form, its guard)."""
    if len(text) > max_length:
        raise QueryRefused(f"the query is {len(text)} characters long; the limit is {max_length}", "length", 413)
    if len(text) <= CACHED_TEXT_LENGTH:
        return _screen_cached(text, max_nesting, max_operators)
    return _screen(text, max_nesting, max_operators)


@lru_cache(maxsize=256)
def _screen_cached(text: str, max_nesting: int, max_operators: int) -> Screening:
    return _screen(text, max_nesting, max_operators)  # a refusal raises and is not kept


def _screen(text: str, max_nesting: int, max_operators: int) -> Screening:
    screening = _scan(text, max_nesting, max_operators)
    if not screening.service and ("\\u" in text or "\\U" in text):
        decoded = unescape(text)
        if decoded != text and _scan(decoded, max_nesting, max_operators).service:
            screening = Screening(screening.form, screening.dataset_in_query, screening.deterministic, True, screening.calls)
    return screening


def _builtin_call(previous: tuple[str, str], prefixes: dict[str, str]) -> bool:
    """Whether the IRI or prefixed name before a "(" names a built-in function (an XSD cast...)."""
    kind, token = previous
    if kind == "iri":
        iri = token[1:-1]
    else:
        prefix, _, local = token.partition(":")
        if prefix not in prefixes or "\\" in local:
            return False
        iri = prefixes[prefix] + local
    return "://" in iri and (iri.startswith(BUILTIN_FUNCTION_NAMESPACES) or iri in PROJECT_FUNCTIONS)


def _scan(text: str, max_nesting: int, max_operators: int) -> Screening:
    depth = deepest = operators = 0
    form = None
    first_word = None
    service = from_ = calls = False
    deterministic = True
    previous = ("space", "")  # the last token that is not space or a comment
    prefixes: dict[str, str] = {}
    declaring: str | None = None  # "" after PREFIX, then the prefix until its IRI
    for t in lexer.tokens(text):
        kind, token = t.kind, t.text
        before, previous = previous, (kind, token)
        if declaring is not None:
            if declaring == "" and kind == "pname" and token.endswith(":"):
                declaring = token[:-1]
                continue
            if declaring and kind == "iri":
                if prefixes.setdefault(declaring, token[1:-1]) != token[1:-1]:
                    calls = True  # a prefix declared twice: leave it to the parser
            declaring = None
        if kind == "name" and token.upper() == "PREFIX":
            declaring = ""
        if kind == "open":
            if token == "(" and before[0] in ("iri", "pname") and not _builtin_call(before, prefixes):
                calls = True
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > max_nesting:
                    raise QueryRefused(f"the query nests brackets deeper than {max_nesting} levels", "nesting")
        elif kind == "close":
            depth -= 1
        elif kind == "other":
            weight = OPERATOR_WEIGHTS.get(token)
            if weight:
                operators += weight
                if operators > max_operators:
                    raise QueryRefused("the query chains too many operators (more than 2,000 of + - * / or 4,000 of || &&): "
                                       "an expression or path that long nests too deeply", "nesting")
        elif kind == "name":
            word = token.upper()
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
    return Screening(form, from_, deterministic, service, calls)


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
    parsing, expired = [True], [False]

    def expire():
        with lock:
            if parsing[0]:
                expired[0] = True
                _set_async_exc(thread_id, _ParseBudgetExceeded)

    timer = threading.Timer(budget, expire)
    timer.daemon = True
    try:
        timer.start()
        try:
            algebra = translateQuery(parseQuery(text))
        finally:
            with lock:
                parsing[0] = False
                _set_async_exc(thread_id, None)  # drop one that was raised but not yet delivered
            timer.cancel()
    except _ParseBudgetExceeded:
        return None
    # The exception can land where it is swallowed (a gc callback, a __del__) and the parse then
    # runs on: past the budget is past the budget, however the parse ended.
    return None if expired[0] else algebra


def _update_operation(text: str) -> str | None:
    try:
        request = parseUpdate(text).request
    except Exception:  # noqa: BLE001 - rdflib's parser raises many types; "not an update" is the answer
        return None
    names = {"InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT"}
    return ", ".join(dict.fromkeys(names.get(op.name, op.name.upper()) for op in request)) or "an empty update"


def _walk(algebra) -> tuple[set[str], set[str], bool]:
    """The names of every algebra node, the IRIs called as functions, and whether the query has a dataset clause."""
    names: set[str] = set()
    functions: set[str] = set()

    def visit(node):
        if isinstance(node, CompValue):
            names.add(node.name)
            if node.name == "Function" and node.get("iri") is not None:
                functions.add(str(node.get("iri")))
        return None

    traverse(algebra.algebra, visitPre=visit)
    return names, functions, bool(algebra.algebra.get("datasetClause"))


def extension_functions(functions) -> list[str]:
    """The function IRIs that are neither built in (XSD, XPath, SPARQL namespaces) nor the project's own."""
    return sorted(f for f in functions if not f.startswith(BUILTIN_FUNCTION_NAMESPACES) and f not in PROJECT_FUNCTIONS)


@lru_cache(maxsize=2048)
def _analyse(text: str, max_length: int, max_nesting: int, budget: float) -> Analysis | tuple:
    """The analysis, or the (message, feature, status) of the refusal: cached either way."""
    try:
        return _checked(text, screen(text, max_length=max_length, max_nesting=max_nesting), budget)
    except QueryRefused as refusal:
        return (str(refusal), refusal.feature, refusal.status, refusal.extra)


def lexical_analysis(text: str, screening: Screening) -> Analysis | None:
    """The analysis of a screened text when the lexical pass decides it alone, else None (rdflib must parse).

    Nothing the algebra walk could refuse escapes the lexical pass unless an IRI or prefixed name
    that is not a built-in stands before "(" (an extension function, or an RDF collection) or the
    text has ``\\u`` escapes: SERVICE and updates are refused lexically (and no engine's query
    grammar runs an update). Skipping rdflib's parse (24 ms for the headline query, pure Python)
    is what lets uncached queries run at the engine's speed.
    """
    if screening.service:
        raise QueryRefused(_SERVICE_REFUSED, "SERVICE")
    if screening.calls or "\\u" in text or "\\U" in text:
        return None
    return Analysis(screening.form, screening.dataset_in_query, screening.deterministic, parsed=False)


def _checked(text: str, screening: Screening, budget: float) -> Analysis:
    decided = lexical_analysis(text, screening)  # refuses SERVICE, whatever a parser would make of it
    if decided is not None:
        return decided
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
        return Analysis(screening.form, screening.dataset_in_query, screening.deterministic, parsed=False)
    names, functions, dataset = _walk(algebra)
    if "ServiceGraphPattern" in names:
        raise QueryRefused(_SERVICE_REFUSED, "SERVICE")
    if names & UPDATE_NODES:
        raise QueryRefused("SPARQL Update is refused: this is a read-only query endpoint", "update")
    unknown = extension_functions(functions)
    if unknown:
        listed = ", ".join(f"<{f}>" for f in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise QueryRefused(f"extension function {listed} is refused: only the SPARQL built-ins and XSD casts are available",
                           "extension function", extra={"function": unknown[0]})
    return Analysis(screening.form, dataset, screening.deterministic, parsed=True)


def analyse(text: str, *, max_length: int, max_nesting: int, budget: float = PARSE_BUDGET_SECONDS) -> Analysis:
    """Check a query text (lexically, then on rdflib's algebra); raises QueryRefused."""
    check = _analyse if len(text) <= CACHED_TEXT_LENGTH else _analyse.__wrapped__  # the cache holds no huge texts
    outcome = check(text, max_length, max_nesting, budget)
    if isinstance(outcome, tuple):
        raise QueryRefused(*outcome)
    return outcome

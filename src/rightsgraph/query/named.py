"""Named queries: `queries/<name>.rq` files with a `#+` header, and typed, safe parameter binding.

Header lines (grlc-style, but parameters are bound as RDF terms, never spliced into the text):

    #+ title: Unratified conventions
    #+ description: Treaties the sources say a state has not ratified or acceded to.
    #+ tags: treaties, headline
    #+ param: state state — the state, as an ISO 3166-1 alpha-3 code (BLR) or its IRI
    #+ param: treaty iri optional — restrict to one treaty
    #+ example: state=BLR

A parameter NAME binds the SPARQL variable ?NAME, which must be in the SELECT clause (substitution
follows SPARQL-dev SEP-0007). Types: iri, state, string, integer, date, year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ..errors import SourceError, UsageError
from ..namespaces import ID
from . import lexer

PARAM_TYPES = ("iri", "state", "string", "integer", "date", "year")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI = re.compile(r"^(https?|urn):[^\s<>\"{}|\\^`]+$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_HEADER = re.compile(r"^#\+\s*([a-z]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s+([a-z]+)(\s+optional)?\s*(?:[—–-]+\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool = False
    description: str = ""

    def to_term(self, raw: str):
        """Convert a request value to the RDF term bound to ?name; UsageError when it does not fit."""
        value = raw.strip()
        if self.type == "iri":
            if not _IRI.match(value):
                raise UsageError(f"parameter {self.name!r} must be an absolute IRI (http, https or urn), got {raw!r}")
            return URIRef(value)
        if self.type == "state":
            if _ISO3.match(value):
                return ID[f"state/{value.upper()}"]
            if _IRI.match(value):
                return URIRef(value)
            raise UsageError(f"parameter {self.name!r} must be an ISO 3166-1 alpha-3 code such as BLR, or a state IRI; got {raw!r}")
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d{1,18}", value):
                raise UsageError(f"parameter {self.name!r} must be an integer, got {raw!r}")
            return Literal(int(value), datatype=XSD.integer)
        if self.type == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise UsageError(f"parameter {self.name!r} must be a date YYYY-MM-DD, got {raw!r}") from None
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise UsageError(f"parameter {self.name!r} must be a date YYYY-MM-DD, got {raw!r}")
            return Literal(value, datatype=XSD.date)
        if self.type == "year":
            if not re.fullmatch(r"\d{4}", value):
                raise UsageError(f"parameter {self.name!r} must be a four-digit year, got {raw!r}")
            return Literal(value, datatype=XSD.gYear)
        return Literal(raw)  # string: taken exactly as given

    def describe(self) -> dict:
        return {"name": self.name, "type": self.type, "optional": self.optional, "description": self.description}


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    path: Path
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    example: dict = field(default_factory=dict)

    def bind(self, raw: dict[str, str | list[str]]) -> dict[str, object]:
        """Typed bindings for the given request values (unknown, repeated or missing ones are errors)."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(raw) - set(known))
        if unknown:
            raise UsageError(f"unknown parameter(s) for query {self.name!r}: {', '.join(unknown)}; known: {', '.join(known) or 'none'}")
        bindings = {}
        for p in self.params:
            value = raw.get(p.name)
            if isinstance(value, list):
                if len(value) > 1:
                    raise UsageError(f"parameter {p.name!r} was given {len(value)} times; give it once")
                value = value[0] if value else None
            if value is None or value == "":
                if not p.optional:
                    raise UsageError(f"query {self.name!r} needs parameter {p.name!r} ({p.type}): {p.description}")
                continue
            bindings[p.name] = p.to_term(value)
        return bindings

    def describe(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "tags": list(self.tags),
            "parameters": [p.describe() for p in self.params],
            "example": self.example,
        }


def parse_named_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        m = _HEADER.match(line)
        if not m:
            raise SourceError(f"{path}: malformed header line {line!r}")
        key, value = m.groups()
        if key == "param":
            pm = _PARAM.match(value)
            if not pm or pm.group(2) not in PARAM_TYPES:
                raise SourceError(f"{path}: bad param line {line!r}; expected '#+ param: NAME TYPE [optional] — description' with TYPE in {PARAM_TYPES}")
            name, kind, optional, desc = pm.groups()
            if not lexer.projects(text, name):
                raise SourceError(f"{path}: parameter {name!r} must appear as ?{name} in the SELECT clause (it is bound by substitution)")
            params.append(Param(name, kind, bool(optional), (desc or "").strip()))
        else:
            meta[key] = value
    name = path.stem
    if not _NAME.match(name):
        raise SourceError(f"{path}: query names are kebab-case ({name!r})")
    for required in ("title", "description"):
        if required not in meta:
            raise SourceError(f"{path}: missing '#+ {required}:' header")
    example = {}
    if meta.get("example"):
        for pair in meta["example"].split("&"):
            k, _, v = pair.partition("=")
            example[k.strip()] = v.strip()
    tags = tuple(t.strip() for t in meta.get("tags", "").split(",") if t.strip())
    return NamedQuery(name, meta["title"], meta["description"], text, path, tags, tuple(params), example)


def load_queries(directory: Path) -> dict[str, NamedQuery]:
    """The catalogue: every .rq directly in directory (checks/ and findings/ are not public)."""
    return {q.name: q for q in (parse_named_query(p) for p in sorted(directory.glob("*.rq")))}


DOCS_INTRO = """# Named queries

Each `queries/<name>.rq` is served at `/queries/<name>` (HTML form, JSON and every SPARQL result format) and runs with `rightsgraph query --name <name> --param k=v`. Parameters are bound as typed RDF terms (substitution), never spliced into the text.

This page is generated from the queries' `#+` headers: `python tools/gen_query_docs.py`.
"""


def docs_markdown(catalogue: dict[str, NamedQuery]) -> str:
    """docs/queries.md: a section per named query (title, description, parameters, an example call)."""
    parts = [DOCS_INTRO]
    for q in sorted(catalogue.values(), key=lambda q: q.name):
        lines = [f"## `{q.name}` — {q.title}", "", q.description, ""]
        if q.params:
            lines += ["| parameter | type | required | meaning |", "|---|---|---|---|"]
            lines += [f"| `{p.name}` | {p.type} | {'no' if p.optional else 'yes'} | {p.description} |" for p in q.params]
            lines.append("")
        query = "&".join(f"{k}={v}" for k, v in q.example.items())
        params = "".join(f" --param {k}={v}" for k, v in q.example.items())
        lines += ["```sh", f"curl -s 'http://127.0.0.1:8000/queries/{q.name}{'?' + query if query else ''}' -H 'Accept: text/csv'",
                  f".venv/bin/rightsgraph query --name {q.name}{params}", "```", ""]
        parts.append("\n".join(lines))
    return "\n".join(parts)


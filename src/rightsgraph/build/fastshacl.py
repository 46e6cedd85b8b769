"""A fast SHACL validator for the SHACL the project's shapes use, equal to pyshacl on them.

``validation.validate`` runs pyshacl, the reference: exact, but it walks rdflib graphs node by
node (13 s at 50k triples, 162 s at 500k; this module 0.7 s and 7 s — docs/build.md, measured
with bench/buildsyn.py). This module validates the same data against the same
shapes graph and returns the same :class:`~rightsgraph.build.validation.Violation` records (severity,
focus, path, message, shape, value, file), selected and sorted the same way, in seconds:

* the data lives in a pyoxigraph ``Store`` (default graph: data, sources and the ontology, as
  pyshacl sees them with ``ont_graph`` mixed in and ``inference="none"``); each predicate a shape
  uses is read once into a subject → objects index;
* the core constraints are evaluated in Python over those indexes with pyshacl's semantics, value
  nodes being converted to rdflib terms where pyshacl's answer depends on them (``sh:datatype``
  with rdflib's ill-typed literals, ``sh:in``, ``sh:minInclusive``, ``sh:pattern`` of literals);
* SPARQL-based constraints (``sh:sparql``/``sh:select``, ``sh:prefixes``/``sh:declare``,
  ``$PATH``) run on the Store, once for all focus nodes of a shape: the focus nodes are put in a
  scratch named graph joined at the start of the query's WHERE group, which gives pre-binding
  semantics for the patterns the shapes use ($this in triple patterns, OPTIONAL, FILTER). A query
  with a construct for which that join differs from pre-binding (sub-select, MINUS, EXISTS,
  GRAPH, SERVICE, VALUES, a projection without $this) runs once per focus node instead, with
  pyoxigraph's ``substitutions`` (SEP-0007 pre-binding, what SHACL specifies).

Supported: targets (``sh:targetClass`` with rdfs:subClassOf, ``sh:targetSubjectsOf``,
``sh:targetObjectsOf``, ``sh:targetNode``, implicit class targets), ``sh:property`` with IRI
paths, ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``, ``sh:nodeKind``,
``sh:in``, ``sh:hasValue``, ``sh:pattern`` (+``sh:flags``), ``sh:minInclusive``, ``sh:node``,
``sh:or``, ``sh:severity``, ``sh:message``, ``sh:deactivated``, ``sh:sparql``. Anything else in the
shapes graph (complex paths, ``sh:not``, ``sh:xone``, ``sh:closed``...) raises
:class:`UnsupportedShapes` when the shapes are compiled, and the build falls back to pyshacl.
A reportable shape without ``sh:message`` gets a short generic message of its own (pyshacl's
generic messages are worded differently); every project shape has one.

``rightsgraph.reference.shacl.validate`` is the same validator with rdflib graphs in, for the
comparison: ``tests/shapes/test_fastshacl.py`` proves the results equal to pyshacl's on every shape fixture,
on the project's data, on a generated graph and on broken variants of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from datetime import date, datetime, time as dtime

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from ..engine.terms import from_ox as to_rdflib
from ..engine.terms import to_ox
from ..query import lexer
from .validation import Violation, _relative, sort_key

__all__ = ["UnsupportedShapes", "CompiledShapes", "compile_shapes", "validate_store"]

_FOCUS_GRAPH = "urn:x-rightsgraph:fastshacl:focus/"
_FOCUS_P = ox.NamedNode("urn:x-rightsgraph:fastshacl:is")
_FOCUS_O = ox.NamedNode("urn:x-rightsgraph:fastshacl:focus")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class UnsupportedShapes(ValueError):
    """The shapes graph uses SHACL this validator does not implement (use pyshacl)."""


# ---------------------------------------------------------------- terms


# to_ox / to_rdflib: the engines' conversions (engine/terms.py), blank-node labels kept both ways


def _text(term) -> str:
    """str() of the rdflib term, from a pyoxigraph term."""
    return term.value


# ---------------------------------------------------------------- compiled shapes

_SUPPORTED = {
    SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.property, SH.path,
    SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.hasValue, SH.pattern,
    SH.flags, SH.minInclusive, SH.node, SH["or"], SH.severity, SH.message, SH.sparql, SH.deactivated,
    SH.name, SH.description, SH.order, SH.group,
}
_IGNORED_SUBJECT_PREDICATES = {SH.select, SH.prefixes, SH.declare, SH.prefix, SH.namespace}


@dataclass(eq=False)
class _Sparql:
    node: object
    text: str  # prefixes applied, $PATH substituted
    messages: list
    batch: bool


@dataclass(eq=False)
class _Shape:
    node: object
    path: object | None  # URIRef for a property shape
    severity: object
    messages: list
    targets: dict = field(default_factory=dict)
    min_count: int | None = None
    max_count: int | None = None
    datatype: object | None = None
    classes: list = field(default_factory=list)
    node_kind: object | None = None
    in_values: frozenset | None = None
    has_values: list = field(default_factory=list)
    patterns: list = field(default_factory=list)
    min_inclusive: list = field(default_factory=list)
    nodes: list = field(default_factory=list)  # sh:node shapes
    ors: list = field(default_factory=list)  # lists of alternative shapes
    properties: list = field(default_factory=list)
    sparql: list = field(default_factory=list)
    deactivated: bool = False

    @property
    def is_property(self) -> bool:
        return self.path is not None


@dataclass
class CompiledShapes:
    shapes_graph: Graph
    top: list  # shapes with targets

    def owner_name(self, shape: _Shape) -> str | None:
        """The sh:sourceShape as validation.validate reports it: a blank property shape is named by its node shape."""
        node = shape.node
        if not isinstance(node, URIRef):
            owner = self.shapes_graph.value(None, SH.property, node)
            node = owner if isinstance(owner, URIRef) else node
        return str(node) if isinstance(node, URIRef) else None


_STR_CALL = re.compile(r"\bSTR\s*\(", re.I)
_RDFLIB_STR = ox.NamedNode("urn:x-rightsgraph:fastshacl:rdflib-str")


def _rdflib_str(term):
    """STR() as rdflib evaluates it: also of a blank node (its label), where SPARQL raises a type error.

    pyshacl runs the constraints with rdflib, so a blank node where an IRI or literal is expected
    (``STR(?value)`` of a blank ``rg:isoCode``) must compare as rdflib compares it.
    """
    return ox.Literal(term.value) if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else None


_FUNCTIONS = {_RDFLIB_STR: _rdflib_str}
_SAFE_BATCH = re.compile(r"\b(SELECT|MINUS|EXISTS|GRAPH|SERVICE|VALUES)\b", re.I)


def _prefix_declarations(g: Graph, sparql_node) -> str:
    lines = []
    for pnode in g.objects(sparql_node, SH.prefixes):
        for decl in g.objects(pnode, SH.declare):
            prefix, ns = g.value(decl, SH.prefix), g.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines)))


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Read the shapes graph; raises UnsupportedShapes for SHACL this module does not implement."""
    g = shapes
    cache: dict = {}

    def build(node) -> _Shape:
        if node in cache:
            return cache[node]
        for p in set(g.predicates(node, None)):
            if str(p).startswith(str(SH)) and p not in _SUPPORTED:
                raise UnsupportedShapes(f"shape {node}: {p} is not supported by the fast validator")
        paths = list(g.objects(node, SH.path))
        if len(paths) > 1:
            raise UnsupportedShapes(f"shape {node}: more than one sh:path")
        path = paths[0] if paths else None
        if path is not None and not isinstance(path, URIRef):
            raise UnsupportedShapes(f"shape {node}: only IRI paths are supported (found a complex path)")
        severity = g.value(node, SH.severity) or SH.Violation
        shape = _Shape(node=node, path=path, severity=severity, messages=list(g.objects(node, SH.message)))
        cache[node] = shape
        deact = g.value(node, SH.deactivated)
        shape.deactivated = bool(deact is not None and deact.toPython() is True)
        shape.targets = {
            "class": [to_ox(c) for c in g.objects(node, SH.targetClass)],
            "subjects_of": [to_ox(p) for p in g.objects(node, SH.targetSubjectsOf)],
            "objects_of": [to_ox(p) for p in g.objects(node, SH.targetObjectsOf)],
            "node": [to_ox(n) for n in g.objects(node, SH.targetNode)],
        }
        if (node, RDF.type, RDFS.Class) in g or (node, RDF.type, OWL.Class) in g:
            shape.targets["class"].append(to_ox(node))  # implicit class target
        for p, attr in ((SH.minCount, "min_count"), (SH.maxCount, "max_count")):
            vals = list(g.objects(node, p))
            if len(vals) > 1:
                raise UnsupportedShapes(f"shape {node}: more than one {p}")
            if vals:
                setattr(shape, attr, int(vals[0].toPython()))
        dts = list(g.objects(node, SH.datatype))
        if len(dts) > 1:
            raise UnsupportedShapes(f"shape {node}: more than one sh:datatype")
        shape.datatype = dts[0] if dts else None
        shape.classes = [to_ox(c) for c in g.objects(node, SH["class"])]
        kinds = list(g.objects(node, SH.nodeKind))
        if len(kinds) > 1:
            raise UnsupportedShapes(f"shape {node}: more than one sh:nodeKind")
        shape.node_kind = kinds[0] if kinds else None
        ins = list(g.objects(node, SH["in"]))
        if len(ins) > 1:
            raise UnsupportedShapes(f"shape {node}: more than one sh:in")
        if ins:
            shape.in_values = frozenset(Collection(g, ins[0]))
        shape.has_values = [to_ox(v) for v in g.objects(node, SH.hasValue)]
        flags = g.value(node, SH.flags)
        re_flags = 0
        if flags is not None:
            f = str(flags.value).lower()
            re_flags |= re.I if "i" in f else 0
            re_flags |= re.M if "m" in f else 0
        for p in g.objects(node, SH.pattern):
            text = str(p.value) if p.value is not None and len(p.value) > 1 else str(p)
            shape.patterns.append(re.compile(text, re_flags))
        shape.min_inclusive = list(g.objects(node, SH.minInclusive))
        shape.nodes = [build(n) for n in g.objects(node, SH.node)]
        for lst in g.objects(node, SH["or"]):
            shape.ors.append([build(n) for n in Collection(g, lst)])
        shape.properties = [build(n) for n in g.objects(node, SH.property)]
        for s in g.objects(node, SH.sparql):
            for p in set(g.predicates(s, None)):
                if str(p).startswith(str(SH)) and p not in (SH.select, SH.message, SH.prefixes, SH.deactivated):
                    raise UnsupportedShapes(f"SPARQL constraint {s} of {node}: {p} is not supported")
            d = g.value(s, SH.deactivated)
            if d is not None and d.toPython() is True:
                continue
            selects = list(g.objects(s, SH.select))
            if len(selects) != 1:
                raise UnsupportedShapes(f"SPARQL constraint {s} of {node}: needs exactly one sh:select")
            text = str(selects[0])
            if "$PATH" in text:
                if path is None:
                    raise UnsupportedShapes(f"SPARQL constraint {s} of {node} uses $PATH outside a property shape")
                text = text.replace("$PATH", f"<{path}>")
            batch = (
                len(_SAFE_BATCH.findall(text)) == 1
                and re.match(r"\s*SELECT\s+(DISTINCT\s+)?[$?]this\b", text, re.I) is not None
                and "$currentShape" not in text and "$shapesGraph" not in text
            )
            text = _STR_CALL.sub(f"<{_RDFLIB_STR.value}>(", text)  # rdflib's STR(), see _rdflib_str
            prefixes = _prefix_declarations(g, s)
            shape.sparql.append(_Sparql(s, (prefixes + "\n" + text) if prefixes else text, list(g.objects(s, SH.message)), batch))
        return shape

    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    roots = set()
    for t in targets:
        roots.update(g.subjects(t, None))
    for cls in (RDFS.Class, OWL.Class):
        for s in g.subjects(RDF.type, cls):
            if (s, RDF.type, SH.NodeShape) in g or (s, RDF.type, SH.PropertyShape) in g:
                roots.add(s)
    top = [build(n) for n in sorted(roots, key=str)]
    # every shape node of the graph must be understood, not only the reachable ones
    for kind in (SH.NodeShape, SH.PropertyShape):
        for s in g.subjects(RDF.type, kind):
            build(s)
    return CompiledShapes(shapes, top)


# ---------------------------------------------------------------- data access


def _reachable(start, edges: dict) -> set:
    """``start`` and every node reached from it along ``edges`` (a node to its neighbours), transitively."""
    out, stack = {start}, [start]
    while stack:
        for d in edges.get(stack.pop(), ()):
            if d not in out:
                out.add(d)
                stack.append(d)
    return out


class _Data:
    """Lazy per-predicate indexes over the default graph (or one graph) of a Store."""

    def __init__(self, store: ox.Store, graphs=None):
        self.store = store
        self.graphs = list(graphs) if graphs else [ox.DefaultGraph()]
        self._fwd: dict = {}
        self._bwd: dict = {}
        self._supers: dict = {}
        self._rdflib: dict = {}
        self.type = ox.NamedNode(str(RDF.type))
        self.sub_class = ox.NamedNode(str(RDFS.subClassOf))

    def _load(self, p):
        fwd, bwd = defaultdict(list), defaultdict(list)
        for g in self.graphs:  # the graphs hold no triple twice (see validate_store)
            for q in self.store.quads_for_pattern(None, p, None, g):
                fwd[q.subject].append(q.object)
                bwd[q.object].append(q.subject)
        self._fwd[p], self._bwd[p] = fwd, bwd

    def forward(self, p) -> dict:
        if p not in self._fwd:
            self._load(p)
        return self._fwd[p]

    def backward(self, p) -> dict:
        if p not in self._bwd:
            self._load(p)
        return self._bwd[p]

    def super_classes(self, c) -> set:
        """c and everything c is an rdfs:subClassOf, transitively (rdflib's transitive_objects)."""
        out = self._supers.get(c)
        if out is None:
            out = self._supers[c] = _reachable(c, self.forward(self.sub_class))
        return out

    def sub_classes(self, c) -> set:
        """c and everything that is an rdfs:subClassOf c, transitively."""
        return _reachable(c, self.backward(self.sub_class))

    def rdflib(self, term):
        r = self._rdflib.get(term)
        if r is None:
            r = self._rdflib[term] = to_rdflib(term)
        return r


# ---------------------------------------------------------------- evaluation

_XSD_CHECKS = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: dtime, XSD.dateTime: datetime,
}


def _actual(value_node: Literal, rule) -> bool:
    kinds = _XSD_CHECKS.get(rule)
    return True if kinds is None else isinstance(value_node.value, kinds)


def _datatype_ok(v: Literal, rule) -> bool:
    """pyshacl's DatatypeConstraintComponent on one rdflib literal."""
    datatype, lang = v.datatype, v.language
    if datatype == rule:
        return False if getattr(v, "ill_typed", None) is True else _actual(v, rule)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and datatype:
        return True
    if datatype is None and lang is None and rule == XSD.string:
        return _actual(v, rule)
    if rule == RDF.langString and lang:
        return _actual(v, rule)
    return False


def _min_inclusive_ok(v, m_val: Literal) -> bool:
    from pyshacl.rdfutil import compare_literal

    if not isinstance(v, Literal):
        return False
    min_is_string, v_is_string = isinstance(m_val.value, str), isinstance(v.value, str)
    if min_is_string != v_is_string:
        return False
    try:
        return compare_literal(v, m_val) >= 0
    except (TypeError, NotImplementedError):
        return False


_KINDS = {
    "blank": {SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI},
    "literal": {SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral},
    "iri": {SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI},
}


@dataclass(frozen=True)
class _Result:
    shape: _Shape
    focus: object
    path: object | None
    value: object | None
    message: str | None
    component: str = ""


class _Validator:
    def __init__(self, compiled: CompiledShapes, data: _Data):
        self.compiled = compiled
        self.data = data
        self._conforms: dict = {}
        self._dt_cache: dict = {}
        self._graphs = 0

    # -- focus nodes

    def focus_nodes(self, shape: _Shape) -> list:
        d, found = self.data, set()
        found.update(shape.targets["node"])
        types = d.backward(d.type)
        for tc in shape.targets["class"]:
            for c in d.sub_classes(tc):
                found.update(types.get(c, ()))
        for p in shape.targets["subjects_of"]:
            found.update(d.forward(p).keys())
        for p in shape.targets["objects_of"]:
            found.update(d.backward(p).keys())
        return sorted(found, key=str)

    # -- one shape over focus nodes

    def evaluate(self, shape: _Shape, focus: list, nested: bool = False) -> list[_Result]:
        if shape.deactivated or not focus:
            return []
        d = self.data
        out: list[_Result] = []
        if shape.is_property:
            index = d.forward(to_ox(shape.path))
            pairs = [(f, index.get(f, ())) for f in focus]
        else:
            pairs = [(f, (f,)) for f in focus]

        def fail(f, v=None, component=""):
            out.append(_Result(shape, f, shape.path, v, None, component))

        if shape.min_count is not None:
            for f, vs in pairs:
                if len(vs) < shape.min_count:
                    fail(f, None, "minCount")
        if shape.max_count is not None:
            for f, vs in pairs:
                if len(vs) > shape.max_count:
                    fail(f, None, "maxCount")
        if shape.datatype is not None:
            for f, vs in pairs:
                for v in vs:
                    if not self._datatype(v, shape.datatype):
                        fail(f, v, "datatype")
        for cls in shape.classes:
            types = d.forward(d.type)
            for f, vs in pairs:
                for v in vs:
                    if isinstance(v, ox.Literal) or not any(cls in d.super_classes(t) for t in types.get(v, ())):
                        fail(f, v, "class")
        if shape.node_kind is not None:
            for f, vs in pairs:
                for v in vs:
                    kind = "blank" if isinstance(v, ox.BlankNode) else "literal" if isinstance(v, ox.Literal) else "iri"
                    if shape.node_kind not in _KINDS[kind]:
                        fail(f, v, "nodeKind")
        if shape.in_values is not None:
            for f, vs in pairs:
                for v in vs:
                    if d.rdflib(v) not in shape.in_values:
                        fail(f, v, "in")
        for hv in shape.has_values:
            for f, vs in pairs:
                if hv not in vs:
                    fail(f, None, "hasValue")
        for pattern in shape.patterns:
            for f, vs in pairs:
                for v in vs:
                    if isinstance(v, ox.BlankNode):
                        fail(f, v, "pattern")
                        continue
                    text = self._string(v)
                    if not (pattern.match(text) or pattern.search(text)):
                        fail(f, v, "pattern")
        for m_val in shape.min_inclusive:
            for f, vs in pairs:
                for v in vs:
                    if not _min_inclusive_ok(d.rdflib(v), m_val):
                        fail(f, v, "minInclusive")
        for node_shape in shape.nodes:
            for f, vs in pairs:
                for v in vs:
                    if not self.conforms(node_shape, v):
                        fail(f, v, "node")
        for alternatives in shape.ors:
            for f, vs in pairs:
                for v in vs:
                    if not any(self.conforms(s, v) for s in alternatives):
                        fail(f, v, "or")
        for prop in shape.properties:
            out.extend(self.evaluate(prop, [f for f, _ in pairs] if not shape.is_property else [v for _, vs in pairs for v in vs], nested))
        for constraint in shape.sparql:
            out.extend(self._sparql(shape, constraint, focus))
        return out

    def conforms(self, shape: _Shape, v) -> bool:
        """Whether v conforms to shape (pyshacl with allow_warnings: only sh:Violation results count)."""
        key = (id(shape), v)
        ok = self._conforms.get(key)
        if ok is None:
            results = self.evaluate(shape, [v], nested=True)
            ok = self._conforms[key] = not any(r.shape.severity not in (SH.Warning, SH.Info) for r in results)
        return ok

    def _datatype(self, v, rule) -> bool:
        if not isinstance(v, ox.Literal):
            return False
        key = (v, rule)
        ok = self._dt_cache.get(key)
        if ok is None:
            ok = self._dt_cache[key] = _datatype_ok(self.data.rdflib(v), rule)
        return ok

    def _string(self, v) -> str:
        if isinstance(v, ox.Literal):
            lit = self.data.rdflib(v)
            if lit.value is not None and lit.datatype in (None, RDF.langString, XSD.string):
                return str(lit.value)
            return str(lit)
        return v.value

    # -- SPARQL-based constraints

    def _sparql(self, shape: _Shape, c: _Sparql, focus: list) -> list[_Result]:
        store = self.data.store
        rows_by_focus: dict = defaultdict(list)
        if c.batch and not any(isinstance(f, ox.Literal) for f in focus):
            self._graphs += 1
            g = ox.NamedNode(f"{_FOCUS_GRAPH}{self._graphs}")
            store.extend(ox.Quad(f, _FOCUS_P, _FOCUS_O, g) for f in focus)
            try:
                text = _join_focus(c.text, g)
                solutions = store.query(text, default_graph=self.data.graphs, custom_functions=_FUNCTIONS)
                names = [v.value for v in solutions.variables]
                for row in solutions:
                    bound = {n: row[n] for n in names if row[n] is not None}
                    rows_by_focus[bound["this"]].append(bound)
            finally:
                store.remove_graph(g)
        else:
            this = ox.Variable("this")
            for f in focus:
                solutions = store.query(c.text, default_graph=self.data.graphs, substitutions={this: f}, custom_functions=_FUNCTIONS)
                names = [v.value for v in solutions.variables]
                for row in solutions:
                    bound = {n: row[n] for n in names if row[n] is not None}
                    rows_by_focus[f].append(bound)
        out = []
        for f in focus:
            seen = []
            for bound in rows_by_focus.get(f, ()):
                bound = dict(bound)
                if "failure" in bound:
                    raise UnsupportedShapes(f"SPARQL constraint {c.node}: ?failure is not supported")
                p, v, t = bound.pop("path", None), bound.pop("value", None), bound.pop("this", None)
                if p is None and v is None and t is None:
                    continue
                key = (t, p, v, bound)
                if key in seen:
                    continue
                seen.append(key)
                if v is None:
                    v = None if shape.is_property else f
                path = to_rdflib(p) if p is not None else shape.path
                message = _sparql_message(shape, c, (t, p, v, bound))
                out.append(_Result(shape, t if t is not None else f, path, v, message, "sparql"))
        return out


def _join_focus(text: str, graph) -> str:
    at = lexer.outermost_group(text)
    if at is None:
        raise UnsupportedShapes(f"a SPARQL constraint without a WHERE group: {text[:60]!r}")
    return f"{text[:at]} GRAPH <{graph.value}> {{ $this <{_FOCUS_P.value}> <{_FOCUS_O.value}> }} {text[at:]}"


def _format_message(msg: str, bound) -> str:
    """pyshacl's _format_sparql_based_result_message for (this, path, value, other vars)."""
    t, p, v, others = bound
    fdict = dict(others)
    if t is not None:
        fdict["this"] = t
    if p is not None:
        fdict["path"] = p
    if v is not None:
        fdict["value"] = v
    for var, val in fdict.items():
        msg = re.sub("{{[?$]{}}}".format(var), str(to_rdflib(val)), msg)
    return msg


def _sparql_message(shape: _Shape, c: _Sparql, bound) -> str:
    # pyshacl lists the constraint's messages first, then the shape's; validation.validate takes the first
    for m in c.messages + shape.messages:
        if isinstance(m, Literal):
            return _format_message(str(m.value), bound)
        return str(m)
    return "SPARQL constraint not met"


_GENERIC = "value does not conform to the shape"


def _message(r: _Result) -> str:
    if r.message is not None:
        return r.message
    for m in r.shape.messages:
        return str(m.value) if isinstance(m, Literal) else str(m)
    return _GENERIC


# ---------------------------------------------------------------- entry points


_ONTOLOGY_GRAPH = ox.NamedNode("urn:x-rightsgraph:fastshacl:ontology")


def inoculated(ontology: Graph) -> Graph:
    """What pyshacl adds of ``ont_graph`` to the data graph with inference="none" (its RDFS/OWL axioms)."""
    from pyshacl.rdfutil.inoculate import inoculate

    return inoculate(Graph(), ontology)


def validate_store(store: ox.Store, shapes: Graph | CompiledShapes, subject_files: dict | None = None,
                   ontology: Graph | None = None) -> list[Violation]:
    """Every SHACL result for the data in store's default graph, as validation.validate gives them.

    ``ontology`` is mixed in as pyshacl mixes its ``ont_graph`` (the triples of it not already in
    the store go to a scratch named graph, removed afterwards). ``subject_files`` maps pyoxigraph
    subjects to the file that first stated them.
    """
    compiled = shapes if isinstance(shapes, CompiledShapes) else compile_shapes(shapes)
    graphs = [ox.DefaultGraph()]
    if ontology is not None:
        dg = ox.DefaultGraph()
        extra = [
            ox.Quad(*(to_ox(x) for x in t), _ONTOLOGY_GRAPH) for t in inoculated(ontology)
        ]
        extra = [q for q in extra if ox.Quad(q.subject, q.predicate, q.object, dg) not in store]
        if extra:
            store.extend(extra)
            graphs.append(_ONTOLOGY_GRAPH)
    try:
        v = _Validator(compiled, _Data(store, graphs))
        results = []
        for shape in compiled.top:
            results.extend(v.evaluate(shape, v.focus_nodes(shape)))
    finally:
        if len(graphs) > 1:
            store.remove_graph(_ONTOLOGY_GRAPH)
    files = subject_files or {}
    out = []
    for r in results:
        file = files.get(r.focus)
        path = r.path
        out.append(
            Violation(
                severity=str(r.shape.severity).rsplit("#", 1)[-1],
                focus=_text(r.focus),
                path=str(path) if isinstance(path, URIRef) else (None if path is None else "(complex path)"),
                message=_message(r),
                shape=compiled.owner_name(r.shape),
                value=None if r.value is None else _text(r.value),
                file=_relative(file) if file else None,
            )
        )
    return sorted(out, key=sort_key)

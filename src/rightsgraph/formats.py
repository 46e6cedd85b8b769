"""The formats rightsgraph reads and writes: one registry, built on pyoxigraph's own enums.

pyoxigraph's :class:`~pyoxigraph.RdfFormat` and :class:`~pyoxigraph.QueryResultsFormat` already know
each format's name, media type, file extension and whether it holds named graphs; a :class:`Format`
adds only what the library cannot know:

* ``key`` — the public name (CLI ``--format``, ``?format=``, engine ``fmt``): ``turtle``, ``json`` …;
* ``aliases`` — other ``?format=`` spellings (the file extension is always one);
* ``media_aliases`` — media types accepted for it besides its own (``application/json`` for the
  results JSON and for JSON-LD …), in the order in which they are offered, after every canonical type;
* ``rdflib`` — the rdflib parser / serializer name, where the reference engine or an rdflib parse needs it;
* ``read_aliases`` — media types accepted for an upload but never offered (``text/plain``, N-Triples' old type);
* ``prefixes`` — whether pyoxigraph is given prefix declarations when writing it.

Everything else (``media_type``, ``suffix``, ``quads``, ``label``) is read from the enum. The tests
check that the aliases here say what ``from_media_type`` / ``from_extension`` say, where the library
has an opinion (``n3`` is knowingly ours: Turtle is N3, and Fuseki and Virtuoso answer it so).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

RDF, RESULTS, PAGE = "rdf", "results", "page"


@dataclass(frozen=True)
class Format:
    key: str
    kind: str  # RDF (a graph or dataset syntax), RESULTS (SPARQL results), PAGE (HTML, plain JSON)
    ox: ox.RdfFormat | ox.QueryResultsFormat | None = None
    aliases: tuple[str, ...] = ()
    media_aliases: tuple[str, ...] = ()
    rdflib: str | None = None
    prefixes: bool = False  # pyoxigraph writes prefix declarations in it
    page_media_type: str | None = None  # PAGE formats have no enum
    read_aliases: tuple[str, ...] = ()  # media types accepted for an upload, never offered

    @property
    def media_type(self) -> str:
        """The canonical media type, without parameters (the enum's CSV / TSV carry ``charset``)."""
        if self.ox is None:
            return self.page_media_type or ""
        return self.ox.media_type.partition(";")[0].strip()

    @property
    def media_types(self) -> tuple[str, ...]:
        """Every media type accepted for the format, the canonical one first."""
        return (self.media_type, *self.media_aliases)

    @property
    def read_media_types(self) -> tuple[str, ...]:
        """Every media type an upload in the format may carry."""
        return (*self.media_types, *self.read_aliases)

    @property
    def suffix(self) -> str:
        """The file extension (no dot): ``ttl``, ``nq``, ``srj`` …"""
        return self.ox.file_extension if self.ox is not None else self.key

    @property
    def quads(self) -> bool:
        """Whether the syntax holds named graphs (N-Quads, TriG, JSON-LD)."""
        return isinstance(self.ox, ox.RdfFormat) and self.ox.supports_datasets

    @property
    def label(self) -> str:
        """What people call it: ``Turtle``, ``RDF/XML``, ``SPARQL Results in JSON``."""
        return self.ox.name if self.ox is not None else self.key.upper()

    @property
    def names(self) -> tuple[str, ...]:
        """Every ``?format=`` spelling: the key, the file extension, the aliases."""
        return tuple(dict.fromkeys((self.key, self.suffix, *self.aliases)))


# The service's order of preference within each kind: the first is the default, and wildcards
# (``*/*``, ``application/*``) pick the earliest match.
RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", RESULTS, ox.QueryResultsFormat.JSON, media_aliases=("application/json",), rdflib="json"),
    Format("xml", RESULTS, ox.QueryResultsFormat.XML, media_aliases=("application/xml", "text/xml"), rdflib="xml"),
    Format("csv", RESULTS, ox.QueryResultsFormat.CSV, rdflib="csv"),
    Format("tsv", RESULTS, ox.QueryResultsFormat.TSV),  # rdflib has no TSV writer
)
RDF_FORMATS: tuple[Format, ...] = (
    Format("turtle", RDF, ox.RdfFormat.TURTLE, aliases=("n3",), media_aliases=("application/x-turtle",), rdflib="turtle",
           prefixes=True),
    Format("ntriples", RDF, ox.RdfFormat.N_TRIPLES, aliases=("n-triples",), rdflib="nt", read_aliases=("text/plain",)),
    Format("nquads", RDF, ox.RdfFormat.N_QUADS, aliases=("n-quads",), rdflib="nquads"),
    Format("trig", RDF, ox.RdfFormat.TRIG, rdflib="trig", prefixes=True),
    Format("jsonld", RDF, ox.RdfFormat.JSON_LD, aliases=("json-ld",), media_aliases=("application/json",), rdflib="json-ld"),
    Format("rdfxml", RDF, ox.RdfFormat.RDF_XML, aliases=("rdf+xml", "owl"), media_aliases=("application/xml", "text/xml"),
           rdflib="xml", prefixes=True),
)
HTML = Format("html", PAGE, aliases=("htm",), media_aliases=("application/xhtml+xml",), page_media_type="text/html")
JSON = Format("json", PAGE, page_media_type="application/json")

# Where "json" and "xml" are asked for and only graph formats are offered, they mean these
# (pyoxigraph's from_extension says the same).
GRAPH_READINGS = {"json": "jsonld", "xml": "rdfxml"}
# The dumps of a build, in the order they are written (N-Quads first: the others are made from it).
DUMP_KEYS = ("nquads", "trig", "turtle", "ntriples", "jsonld")
# What POST /validate and `rightsgraph validate` parse (rdflib, in the sandbox).
UPLOAD_KEYS = ("turtle", "ntriples", "jsonld", "rdfxml")

_RDF = {f.key: f for f in RDF_FORMATS}
_RESULTS = {f.key: f for f in RESULT_FORMATS}


def rdf(key: str) -> Format:
    """The RDF format of a key (KeyError for another)."""
    return _RDF[key]


def results(key: str) -> Format:
    """The SPARQL results format of a key (KeyError for another)."""
    return _RESULTS[key]


def is_rdf(key: str) -> bool:
    return key in _RDF


def is_results(key: str) -> bool:
    return key in _RESULTS


def triple_formats() -> tuple[Format, ...]:
    """The RDF formats without named graphs' own syntax (what one resource's description is offered in)."""
    return tuple(f for f in RDF_FORMATS if f.key not in ("nquads", "trig"))


def dumps() -> tuple[Format, ...]:
    return tuple(_RDF[k] for k in DUMP_KEYS)


def uploads() -> tuple[Format, ...]:
    return tuple(_RDF[k] for k in UPLOAD_KEYS)


def dump_name(fmt: Format) -> str:
    """The file name of a dump: ``dataset.ttl``, ``dataset.nq`` …"""
    return f"dataset.{fmt.suffix}"


def offers(formats) -> list[tuple[str, str]]:
    """(media type, key) pairs for content negotiation: every canonical type first, in order, then the aliases."""
    formats = list(formats)
    return [(f.media_type, f.key) for f in formats] + [(m, f.key) for f in formats for m in f.media_aliases]


def key_for_name(name: str, formats) -> str | None:
    """The key a ``?format=`` spelling names among formats (key, extension or alias), else None."""
    name = name.strip().lower()
    formats = list(formats)
    for f in formats:
        if name in f.names:
            return f.key
    keys = {f.key for f in formats}
    if not keys & set(GRAPH_READINGS) and GRAPH_READINGS.get(name) in keys:
        return GRAPH_READINGS[name]
    return None

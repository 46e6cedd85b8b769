"""The format registry says what pyoxigraph's enums say, and every table the code had is now read from it."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from rightsgraph import formats

EVERY = (*formats.RESULT_FORMATS, *formats.RDF_FORMATS)


@pytest.mark.parametrize("fmt", EVERY, ids=lambda f: f.key)
def test_the_enum_knows_every_media_type_and_the_suffix(fmt):
    enum = type(fmt.ox)
    assert enum.from_media_type(fmt.media_type) == fmt.ox
    for media in fmt.media_aliases:  # every alias is one the library reads as this format too
        assert enum.from_media_type(media) == fmt.ox, media
    assert enum.from_extension(fmt.suffix) == fmt.ox
    assert ";" not in fmt.media_type


def test_registry_contents():
    assert [f.key for f in formats.RESULT_FORMATS] == ["json", "xml", "csv", "tsv"]
    assert [f.key for f in formats.RDF_FORMATS] == ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"]
    assert {f.key for f in formats.RDF_FORMATS if f.quads} == {"nquads", "trig", "jsonld"}
    assert formats.results("csv").media_type == "text/csv"  # pyoxigraph's own carries "; charset=utf-8"
    assert [formats.dump_name(f) for f in formats.dumps()] == ["dataset.nq", "dataset.trig", "dataset.ttl", "dataset.nt", "dataset.jsonld"]
    assert formats.rdf("rdfxml").label == "RDF/XML" and formats.rdf("ntriples").rdflib == "nt"
    assert "text/plain" in formats.rdf("ntriples").read_media_types and "text/plain" not in formats.rdf("ntriples").media_types


@pytest.mark.parametrize("name, offered, expected", [
    ("ttl", formats.RDF_FORMATS, "turtle"), ("n3", formats.RDF_FORMATS, "turtle"), ("NT", formats.RDF_FORMATS, "ntriples"),
    ("rdf", formats.RDF_FORMATS, "rdfxml"), ("owl", formats.RDF_FORMATS, "rdfxml"), ("json", formats.RDF_FORMATS, "jsonld"),
    ("xml", formats.RDF_FORMATS, "rdfxml"), ("json", formats.RESULT_FORMATS, "json"), ("xml", formats.RESULT_FORMATS, "xml"),
    ("srj", formats.RESULT_FORMATS, "json"), ("htm", [formats.HTML], "html"),
    ("pdf", formats.RDF_FORMATS, None), ("csv", formats.RDF_FORMATS, None), ("turtle", formats.RESULT_FORMATS, None),
])
def test_format_names(name, offered, expected):
    assert formats.key_for_name(name, offered) == expected


def test_no_other_format_tables():
    """The modules that had their own tables now hold the registry's."""
    from rightsgraph import cli, uploads
    from rightsgraph.api import conneg
    from rightsgraph.build import pipeline
    from rightsgraph.engine import GRAPH_FORMATS, SELECT_FORMATS

    assert pipeline.DUMP_FORMATS["dataset.ttl"] == (ox.RdfFormat.TURTLE, "text/turtle", False)
    assert uploads.FORMATS["rdfxml"] == ("xml", ("application/rdf+xml", "application/xml", "text/xml"), "RDF/XML")
    assert cli.EXPORT_FORMATS == {"nquads": "dataset.nq", "trig": "dataset.trig", "turtle": "dataset.ttl", "ntriples": "dataset.nt",
                                  "jsonld": "dataset.jsonld"}
    assert SELECT_FORMATS["tsv"] == "text/tab-separated-values" and GRAPH_FORMATS["jsonld"] == "application/ld+json"
    assert conneg.GRAPH_OFFERS[:6] == [(f.media_type, f.key) for f in formats.RDF_FORMATS]
    assert ("application/json", "jsonld") in conneg.GRAPH_OFFERS and ("application/json", "json") in conneg.RESULT_OFFERS

"""A segmented source document as RDF: the document resource and one rg:Paragraph per unit."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ..errors import SourceError
from ..namespaces import ID, RG, bind_prefixes
from .catalog import SourceDocument
from .segment import ParsedReport, apply_corrections, check_expected, parse_report


def _date_literal(value: str) -> Literal:
    kinds = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}
    if len(value) not in kinds:
        raise SourceError(f"source date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return Literal(value, datatype=kinds[len(value)])


def read_text(doc: SourceDocument) -> str:
    """The document's text with the catalogue's corrections applied."""
    try:
        text = doc.path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"cannot read source {doc.path}: {exc.strerror}") from exc
    return apply_corrections(text, doc.corrections, str(doc.path))


def segment(doc: SourceDocument, expected: int | None = None) -> ParsedReport:
    """Read, correct and segment one catalogued document, checking it against the catalogue's counts."""
    text = read_text(doc)
    for given in (doc.symbol, doc.date_as_given, *doc.previous_symbols):
        if given and given not in text:
            raise SourceError(f"{doc.path}: the catalogue says {given!r}, which the text does not contain")
    report = parse_report(text, doc.layout, str(doc.path))
    wanted = dict(doc.expected)
    if expected is not None:
        wanted["paragraphs"] = expected
    check_expected(report, wanted, str(doc.path))
    return report


def paragraphs_graph(doc: SourceDocument, expected: int | None = None) -> Graph:
    """The source document and all its units as RDF."""
    report = segment(doc, expected)
    g = bind_prefixes(Graph())
    d = doc.iri
    name = doc.symbol or doc.title
    g.add((d, RDF.type, RG.SourceDocument))
    g.add((d, RDFS.label, Literal(doc.title, lang="en")))
    g.add((d, DCTERMS.title, Literal(doc.title, lang="en")))
    g.add((d, DCTERMS.date, _date_literal(doc.date)))
    if doc.state:
        g.add((d, RG.aboutState, ID[f"state/{doc.state}"]))
    g.add((d, RG.author, ID[f"organization/{doc.author}"]))
    g.add((d, DCTERMS.creator, ID[f"organization/{doc.author}"]))
    for c in doc.contributors:
        g.add((d, RG.contributor, ID[f"organization/{c}"]))
    g.add((d, DCTERMS.source, Literal(doc.path.name)))
    if doc.symbol:
        g.add((d, RG.documentSymbol, Literal(doc.symbol)))
    for s in doc.previous_symbols:
        g.add((d, RG.previousSymbol, Literal(s)))
    if doc.review:
        g.add((d, RG.forReview, ID[f"review/{doc.review}"]))
    if doc.layout is not None:
        g.add((d, RG.layout, ID[f"concept/source-layout/{doc.layout.name}"]))

    def unit(iri: URIRef, label: str, text: str, section: str | None) -> URIRef:
        g.add((d, RG.hasParagraph, iri))
        g.add((iri, RDF.type, RG.Paragraph))
        g.add((iri, RDFS.label, Literal(f"{name}, {label}", lang="en")))
        g.add((iri, RG.paragraphOf, d))
        g.add((iri, RG.text, Literal(text)))
        if section:
            g.add((iri, RG.section, Literal(section)))
        g.add((iri, PROV.wasDerivedFrom, d))
        return iri

    if report.cover is not None:
        unit(doc.unit_iri("cover"), "cover page", report.cover.text, report.cover.section)
    for number, body in report.paragraphs.items():
        p = unit(doc.paragraph_iri(number), f"paragraph {number}", body, report.sections.get(number))
        g.add((p, RG.paragraphNumber, Literal(number)))
    sub_label = doc.layout.subunit_label if doc.layout is not None else "sub-paragraph"
    for label, sub in report.subunits.items():
        s = unit(doc.paragraph_iri(label), f"{sub_label} {label}", sub.text, sub.section)
        g.add((s, RG.unitNumber, Literal(label)))
        g.add((s, RG.position, Literal(sub.position)))
        g.add((s, RG.subunitOf, doc.paragraph_iri(sub.parent)))
    footnote_section = doc.layout.footnote_section if doc.layout is not None else "Footnotes"
    for note in report.footnotes:
        f = unit(doc.footnote_iri(note.number), f"footnote {note.number}", note.text, footnote_section)
        if note.referenced_by:
            g.add((f, DCTERMS.isReferencedBy, doc.unit_iri(note.referenced_by)))
    if report.annex is not None:
        unit(doc.unit_iri("annex"), "annex", report.annex.text, report.annex.section)
    return g

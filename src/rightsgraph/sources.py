"""Read a PDF-extracted report into numbered paragraphs and write them as RDF.

The report's numbered paragraphs become `rg:Paragraph` resources holding their text, so every
fact can cite one and every quote can be checked against it. Line breaks are joined with single
spaces; page-break footnote markers and footnote bodies are kept apart from paragraph text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .errors import SourceError
from .namespaces import ID, RG, bind_prefixes

_PARA_START = re.compile(r"^\s*(\d{1,3})\.\s+(.*)$")
_HEADING = re.compile(r"^\s*(Introduction|[IVX]+\.\s+\S.*|[A-E]\.\s+\S.*|Rights of (?:persons|refugees)\b.*)$")
_FOOTNOTE_MARK = re.compile(r"^\s*(\d)\s*$")


@dataclass
class Footnote:
    number: int
    text: str


@dataclass
class ParsedReport:
    paragraphs: dict[int, str] = field(default_factory=dict)
    sections: dict[int, str] = field(default_factory=dict)
    footnotes: list[Footnote] = field(default_factory=list)


def normalise(text: str) -> str:
    """Collapse runs of whitespace to one space, as paragraph texts and quotes are compared."""
    return re.sub(r"\s+", " ", text).strip()


def parse_report(text: str) -> ParsedReport:
    """Split the report into numbered paragraphs (expected in order 1, 2, 3...)."""
    report = ParsedReport()
    current: int | None = None
    lines: list[str] = []
    heading: list[str] = []
    footnote: Footnote | None = None

    def close() -> None:
        if current is not None:
            report.paragraphs[current] = normalise(" ".join(lines))

    for raw in text.splitlines():
        start = _PARA_START.match(raw)
        expected = 1 if current is None else current + 1
        if start and int(start.group(1)) == expected:
            close()
            current, lines, footnote = expected, [start.group(2)], None
            report.sections[current] = " / ".join(heading)
            continue
        if _HEADING.match(raw):
            title = normalise(raw)
            if re.match(r"^[IVX]+\.|^Introduction", title):
                heading = [title]
            elif re.match(r"^[A-E]\.", title):
                heading = heading[:1] + [title]
            else:
                heading = heading[:2] + [title]
            continue
        mark = _FOOTNOTE_MARK.match(raw)
        if mark:
            # A page-foot footnote number; a body follows if the next lines quote it.
            footnote = Footnote(int(mark.group(1)), "")
            report.footnotes.append(footnote)
            continue
        if footnote is not None and (raw.strip().startswith(("\u201c", '"')) or footnote.text):
            if raw.strip():
                footnote.text = normalise(footnote.text + " " + raw)
                if re.search(r"https?://\S+/?\s*$", raw):
                    footnote = None
            continue
        if current is not None and raw.strip():
            lines.append(raw)
    close()
    report.footnotes = [f for f in report.footnotes if f.text]
    return report


@dataclass(frozen=True)
class SourceDocument:
    key: str
    path: Path
    title: str
    date: str
    state: str
    author: str
    contributors: tuple[str, ...]

    @property
    def iri(self) -> URIRef:
        return ID[f"source/{self.key}"]

    def paragraph_iri(self, number: int) -> URIRef:
        return ID[f"source/{self.key}/para/{number}"]


def paragraphs_graph(doc: SourceDocument, expected: int | None = None) -> Graph:
    """The source document and all its paragraphs as RDF."""
    try:
        text = doc.path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"cannot read source {doc.path}: {exc.strerror}") from exc
    report = parse_report(text)
    if expected is not None and len(report.paragraphs) != expected:
        raise SourceError(f"{doc.path}: found {len(report.paragraphs)} paragraphs, expected {expected}")
    g = bind_prefixes(Graph())
    d = doc.iri
    g.add((d, RDF.type, RG.SourceDocument))
    g.add((d, RDFS.label, Literal(doc.title, lang="en")))
    g.add((d, DCTERMS.title, Literal(doc.title, lang="en")))
    g.add((d, DCTERMS.date, Literal(doc.date, datatype=XSD.gYear)))
    g.add((d, RG.aboutState, ID[f"state/{doc.state}"]))
    g.add((d, RG.author, ID[f"organization/{doc.author}"]))
    for c in doc.contributors:
        g.add((d, RG.contributor, ID[f"organization/{c}"]))
    g.add((d, DCTERMS.source, Literal(doc.path.name)))
    for number, body in report.paragraphs.items():
        p = doc.paragraph_iri(number)
        g.add((d, RG.hasParagraph, p))
        g.add((p, RDF.type, RG.Paragraph))
        g.add((p, RDFS.label, Literal(f"{doc.title}, paragraph {number}", lang="en")))
        g.add((p, RG.paragraphNumber, Literal(number)))
        g.add((p, RG.paragraphOf, d))
        g.add((p, RG.text, Literal(body)))
        if report.sections.get(number):
            g.add((p, RG.section, Literal(report.sections[number])))
        g.add((p, PROV.wasDerivedFrom, d))
    for note in report.footnotes:
        f = ID[f"source/{doc.key}/footnote/{note.number}"]
        g.add((d, RG.hasParagraph, f))
        g.add((f, RDF.type, RG.Paragraph))
        g.add((f, RDFS.label, Literal(f"{doc.title}, footnote {note.number}", lang="en")))
        g.add((f, RG.paragraphOf, d))
        g.add((f, RG.text, Literal(note.text)))
        g.add((f, RG.section, Literal("Footnotes")))
        g.add((f, PROV.wasDerivedFrom, d))
    return g


def catalog(root: Path) -> list[tuple[SourceDocument, int | None]]:
    """The source documents listed in data/sources/catalog.toml."""
    import tomllib

    path = root / "data" / "sources" / "catalog.toml"
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("source", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(f"{path}: {exc}") from exc
    docs = []
    for e in entries:
        doc = SourceDocument(
            key=e["key"], path=path.parent / e["file"], title=e["title"], date=str(e["date"]),
            state=e["state"], author=e["author"], contributors=tuple(e.get("contributors", ())),
        )
        docs.append((doc, e.get("paragraphs")))
    return docs


def write_sources(root: Path) -> list[Path]:
    """Regenerate data/sources/<key>.ttl for every catalogued source; returns the files written."""
    written = []
    for doc, expected in catalog(root):
        graph = paragraphs_graph(doc, expected)
        out = root / "data" / "sources" / f"{doc.key}.ttl"
        body = graph.serialize(format="turtle", encoding="utf-8")
        header = f"# Generated by `rightsgraph sources` from {doc.path.name}; do not edit by hand.\n".encode()
        out.write_bytes(header + body)
        written.append(out)
    return written

"""Every data file conforms to the shapes (parametrised over data/, so a new file is tested too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsgraph.build.loading import load_layers
from rightsgraph.build.validation import validate

ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "data").rglob("*.ttl"))


@pytest.fixture(scope="module")
def results():
    layers = load_layers(ROOT)
    return validate(layers.validation_graph(), layers.shapes, layers.ontology, {
        s: Path(f).resolve().relative_to(ROOT) for s, f in layers.subject_files.items()
    })


@pytest.mark.parametrize("data_file", DATA_FILES)
def test_data_file_conforms(results, data_file):
    mine = [r for r in results if r.severity == "Violation" and r.file == data_file]
    assert mine == [], "\n".join(r.format() for r in mine)


def test_every_fact_cites_a_paragraph(compiled):
    from rdflib.namespace import PROV, RDF

    from rightsgraph.namespaces import DATA_GRAPH, RG

    data = compiled.graph(DATA_GRAPH)
    typed = set(data.subjects(RDF.type, None))
    concepts = {s for s in typed if str(s).startswith("https://w3id.org/rightsgraph/id/concept")}
    # A qualified attribution (who, in which role) is not a fact but the shared "whose words" of facts that cite.
    attributions = set(data.subjects(RDF.type, PROV.Attribution))
    assert attributions and all(set(data.subjects(PROV.qualifiedAttribution, a)) for a in attributions)
    for node in typed - concepts - attributions:
        if str(node).startswith("https://w3id.org/rightsgraph/id/"):
            sources = set(compiled.objects(node, PROV.wasDerivedFrom))
            assert sources, node
            assert all((s, RDF.type, RG.Paragraph) in compiled for s in sources), node

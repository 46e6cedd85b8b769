"""Every shape rejects its invalid fixtures at the expected focus node and path, and accepts the valid ones.

Fixtures live in tests/shapes/cases/<ShapeName>/{valid,invalid,warning}-*.ttl; an invalid case
starts with `# expect-focus: <IRI>` and `# expect-path: <IRI or none>` comment lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rightsgraph.namespaces import RGSH

CASES = Path(__file__).parent / "cases"
FIXTURES = sorted(p for p in CASES.glob("*/*.ttl") if not p.parent.name.startswith("_"))


def expectations(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s*expect-(focus|path|severity):\s*(\S+)", line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def test_every_shape_has_an_invalid_fixture(layers):
    from rdflib.namespace import RDF, SH

    shapes = {str(s).split("#")[-1] for s in layers.shapes.subjects(RDF.type, SH.NodeShape) if str(s).startswith(str(RGSH))}
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf)
    targeted = {s for s in shapes if any((RGSH[s], t, None) in layers.shapes for t in targets)}
    with_cases = {p.parent.name for p in FIXTURES if not p.name.startswith("valid-")}
    assert targeted - with_cases == set(), "shapes without an invalid fixture"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(cases, path):
    results = cases.reference(path)  # pyshacl's (tests/shapes/conftest.py)
    violations = [r for r in results if r.severity == "Violation"]
    if path.name.startswith("valid-"):
        assert violations == [], [v.format() for v in violations]
        return
    expect = expectations(path)
    severity = expect.get("severity", "Violation")
    shape = str(RGSH[path.parent.name])
    hits = [
        r for r in results
        if r.severity == severity and r.focus == expect["focus"] and r.shape == shape
        and (r.path or "none") == expect["path"]
    ]
    assert hits, f"expected a {severity} of {shape} at {expect}; got: " + "; ".join(r.format() + f" <{r.shape}>" for r in results)
    assert all(h.message and not h.message.startswith("constraint") for h in hits)
    if severity == "Warning":
        assert violations == [], "an advisory check must not block the build"

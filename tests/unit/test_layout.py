"""The layout holds: data flows one way (sources → build → release → engines → routes), and the
reference implementations are used by tests only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "rightsgraph"


def _imports(path: Path) -> set[str]:
    """The rightsgraph modules a file imports, as dotted names (relative imports resolved)."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m.startswith("rightsgraph")}


def _modules(folder: str = "") -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_tests_use_the_references(path):
    if "reference" in path.relative_to(PACKAGE).parts:
        return
    assert not {m for m in _imports(path) if m.startswith("rightsgraph.reference")}, f"{path.name} imports a reference implementation"


@pytest.mark.parametrize("path", _modules("api") + _modules("procs") + _modules("engine"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_downstream_of_the_release_reads_the_project_tree_or_builds(path):
    source = path.read_text(encoding="utf-8")
    assert "settings.root" not in source, f"{path.name} reads the project tree: serve from the release"
    assert not {m for m in _imports(path) if m.startswith(("rightsgraph.build.pipeline.build", "rightsgraph.build.build",
                                                           "rightsgraph.build.ensure_build", "rightsgraph.sources"))}, \
        f"{path.name} builds or reads sources"


def test_the_checker_sees_imports():
    assert "rightsgraph.errors" in _imports(PACKAGE / "config.py")
    assert "rightsgraph.build.fastshacl" in _imports(PACKAGE / "build" / "pipeline.py")


# Modules allowed to import the routers: the app factory mounts them; the response memo answers GET /sparql
# with the route's own functions (``memo._sparql_query``), as HTTP machinery, not domain shaping; the
# OpenAPI customiser documents the routes with their own answers as examples (it sits above them, as
# the factory does, and nothing below the routes imports it but the factory and /api/docs).
_MOUNT_ROUTES = {"api/app.py", "api/memo.py", "api/openapi.py"}


@pytest.mark.parametrize("path", [p for p in _modules() if "routes" not in p.relative_to(PACKAGE).parts],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_routes_sit_on_top_domain_modules_do_not_import_them(path):
    if str(path.relative_to(PACKAGE)) in _MOUNT_ROUTES:
        return
    assert not {m for m in _imports(path) if m.startswith("rightsgraph.api.routes")}, \
        f"{path.relative_to(PACKAGE)} imports a route module: move what it needs to a domain module (api/search.py, api/records.py)"

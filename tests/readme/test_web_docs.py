"""docs/web.md cannot drift: every page of the web front end and every static file is in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rightsgraph.api.html import WEB
from rightsgraph.api.routes import browse, charts, editor, home

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted({r.path for m in (home, charts, editor, browse) for r in m.router.routes}))
def test_every_page_is_documented(path):
    assert f"`{path}`" in DOC, f"describe the page {path} in docs/web.md"


@pytest.mark.parametrize("name", sorted(p.name for p in (WEB / "static").iterdir() if p.is_file()))
def test_every_static_file_is_documented(name):
    assert f"`{name}`" in DOC, f"say what web/static/{name} is for in docs/web.md"


def test_the_browser_test_commands_are_documented():
    conftest = (ROOT / "tests" / "browser" / "conftest.py").read_text(encoding="utf-8")
    for command in re.findall(r"`((?:apt-get|\.venv/bin/pip) install [^`]+)`", conftest):
        assert command in DOC, f"docs/web.md should say how to install: {command}"

"""docs/web.md documents every page of the UPR cycle's routers (explorer, reviews, sources, search)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsgraph.api.routes import explorer, reviews, search, sources

DOC = (Path(__file__).resolve().parents[2] / "docs" / "web.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted({r.path for m in (explorer, reviews, sources, search) for r in m.router.routes
                                          if not r.path.startswith("/api/")}))
def test_every_upr_page_is_documented(path):
    assert f"`{path}`" in DOC, f"describe the page {path} in docs/web.md"

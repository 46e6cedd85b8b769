"""docs/service.md cannot drift: every route of the app, and every budget setting it uses, is in it."""

from __future__ import annotations

from pathlib import Path

DOC = (Path(__file__).resolve().parents[2] / "docs" / "service.md").read_text(encoding="utf-8")


def test_every_route_is_documented_with_a_curl_line(client):
    paths = set(client.get("/openapi.json").json()["paths"]) | {"/api/docs", "/openapi.json"}
    curls = "\n".join(line for line in DOC.splitlines() if line.lstrip().startswith("curl"))
    for path in sorted(paths):
        stem = path.split("{")[0].rstrip("/") or "/"
        assert stem in DOC, f"{path} is not documented in docs/service.md"
        assert f'$R{stem}' in curls, f"{path} has no curl line in docs/service.md"


def test_the_budgets_are_documented():
    for setting in ("max_query_length", "max_nesting", "max_body_bytes", "max_rows", "query_timeout", "page_size", "cache_size"):
        assert setting in DOC, setting

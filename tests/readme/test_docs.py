"""Docs that cannot drift: every named query, setting, CLI command and API route is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rightsgraph.cli import parser
from rightsgraph.config import documented_settings, settings_table
from rightsgraph.query.named import load_queries

ROOT = Path(__file__).resolve().parents[2]


def text(*names: str) -> str:
    return "\n".join((ROOT / n).read_text(encoding="utf-8") for n in names if (ROOT / n).exists())


@pytest.mark.parametrize("name", sorted(load_queries(ROOT / "queries")))
def test_named_query_is_documented(name):
    assert f"## `{name}`" in text("docs/queries.md"), f"add {name} to docs/queries.md: python tools/gen_query_docs.py"


def test_queries_doc_is_generated_from_the_headers():
    from rightsgraph.query.named import docs_markdown

    assert text("docs/queries.md") == docs_markdown(load_queries(ROOT / "queries")), "regenerate: python tools/gen_query_docs.py"


@pytest.mark.parametrize("variable", sorted(documented_settings()))
def test_setting_is_documented(variable):
    assert f"`{variable}`" in text("README.md"), f"add {variable} to the README's settings table"


def test_readme_settings_table_is_the_generated_one():
    assert settings_table() in text("README.md"), "paste rightsgraph.config.settings_table() into the README's settings section"


def test_a_bad_setting_is_a_usage_error_naming_the_variable(monkeypatch):
    from rightsgraph.config import Settings
    from rightsgraph.errors import UsageError

    monkeypatch.setenv("RIGHTSGRAPH_QUERY_STORE", "tape")
    with pytest.raises(UsageError, match="RIGHTSGRAPH_QUERY_STORE='tape'"):
        Settings.from_env()
    monkeypatch.setenv("RIGHTSGRAPH_QUERY_STORE", "disk")
    monkeypatch.setenv("RIGHTSGRAPH_QUERY_TIMEOUT", "-1")
    with pytest.raises(UsageError, match="RIGHTSGRAPH_QUERY_TIMEOUT='-1'"):
        Settings.from_env()
    monkeypatch.delenv("RIGHTSGRAPH_QUERY_TIMEOUT")
    assert Settings.from_env().query_store == "disk"


def cli_commands() -> list[str]:
    sub = next(a for a in parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", cli_commands())
def test_cli_command_is_documented(command):
    assert f"rightsgraph {command}" in text("README.md"), f"document `rightsgraph {command}` in the README"


def api_routes(built) -> list[str]:
    from rightsgraph.api.app import create_app
    from rightsgraph.config import Settings

    app = create_app(Settings(root=ROOT, build_dir=built.path.parents[1]), build_path=built.path)
    paths = set()
    for route in app.routes:
        path = getattr(route, "path", "")
        if path and not path.startswith(("/docs", "/redoc", "/openapi")) and "static" not in path:
            paths.add(re.sub(r":path}", "}", path))
    return sorted(paths)


def test_api_routes_are_documented(built):
    docs = text("README.md", "docs/service.md")
    missing = [p for p in api_routes(built) if p not in docs]
    assert missing == [], f"document these routes in docs/service.md: {missing}"

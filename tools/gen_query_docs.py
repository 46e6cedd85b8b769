"""Regenerate docs/queries.md from the #+ headers of queries/*.rq (tests/readme/test_docs.py checks it is current)."""

from pathlib import Path

from rightsgraph.query.named import docs_markdown, load_queries

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    (ROOT / "docs" / "queries.md").write_text(docs_markdown(load_queries(ROOT / "queries")), encoding="utf-8")

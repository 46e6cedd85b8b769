"""Fixtures of the build tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture()
def project_copy(root, tmp_path) -> Path:
    """A copy of the project's inputs, safe to break."""
    copy = tmp_path / "project"
    for part in ("ontology", "shapes", "data", "queries", "rules"):
        shutil.copytree(root / part, copy / part)
    return copy

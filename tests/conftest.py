"""Shared fixtures: one real build of the project per test session, and engines over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset

from rightsgraph.build import BuildReport, build
from rightsgraph.config import Settings
from rightsgraph.engine import open_engine
from rightsgraph.build.progress import Progress

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuildReport:
    """A fresh build of the repository's data into a private directory."""
    settings = Settings(root=ROOT, build_dir=tmp_path_factory.mktemp("build"))
    return build(settings, progress=Progress(6, quiet=True))


@pytest.fixture(scope="session")
def dataset_nq(built) -> Path:
    return built.path / "dumps" / "dataset.nq"


@pytest.fixture(scope="session")
def compiled(dataset_nq) -> Dataset:
    """The compiled build as an rdflib Dataset whose default graph is the union."""
    ds = Dataset(default_union=True)
    ds.parse(dataset_nq, format="nquads")
    return ds


@pytest.fixture(scope="session")
def oxigraph(dataset_nq):
    return open_engine("oxigraph", dataset_nq)


@pytest.fixture(scope="session")
def rdflib_engine(dataset_nq):
    return open_engine("rdflib", dataset_nq)

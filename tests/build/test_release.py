"""The release is the only input of the service: it carries its queries, shapes and ontology, and
what happens to the checkout after the build does not reach what is served. A build that cannot
be written says so in one line, exits 2 and leaves nothing half-written."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import stat
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from rightsgraph.api.app import create_app
from rightsgraph.build import build, read_manifest
from rightsgraph.build.progress import Progress
from rightsgraph.config import Settings
from rightsgraph.errors import UsageError, ValidationFailed

REJECT_EVERYTHING = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rg: <https://w3id.org/rightsgraph/def#> .
<urn:x:shape> a sh:NodeShape ; sh:targetClass rg:State ; sh:property [ sh:path rg:neverThere ; sh:minCount 1 ;
    sh:message "every State needs rg:neverThere" ] .
"""
UPLOAD = b"""@prefix rg: <https://w3id.org/rightsgraph/def#> .
<https://w3id.org/rightsgraph/id/state/XXB> a rg:State ; rg:isoCode "XXB" .
"""


@pytest.fixture()
def release(project_copy, tmp_path):
    settings = Settings(root=project_copy, build_dir=tmp_path / "builds")
    return settings, build(settings, progress=Progress(6, quiet=True))


def test_the_release_carries_its_queries_shapes_and_ontology_with_digests(release):
    settings, report = release
    manifest = read_manifest(report.path)
    files = manifest["files"]
    assert {"ontology.ttl", "shapes.ttl", "queries/unratified-conventions.rq"} <= set(files)
    for name, digest in files.items():
        assert hashlib.sha256((report.path / name).read_bytes()).hexdigest() == digest, name
    named = sorted(p.name for p in (settings.root / "queries").glob("*.rq"))
    assert sorted(p.name for p in (report.path / "queries").glob("*.rq")) == named


def test_a_query_changed_alone_makes_a_new_release(release):
    settings, first = release
    query = settings.root / "queries" / "organizations.rq"
    query.write_text(query.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    second = build(settings, progress=Progress(6, quiet=True))
    assert second.digest == first.digest  # the same dataset...
    assert second.path != first.path and not second.reused  # ...in a new release, with the new query
    assert (second.path / "queries" / "organizations.rq").read_text(encoding="utf-8").endswith("# edited\n")


def test_the_service_serves_the_release_not_the_checkout(release):
    settings, report = release
    app = create_app(settings, build_path=report.path)
    with TestClient(app) as client:
        before = client.get("/queries", headers={"Accept": "application/json"}).json()
        verdict = client.post("/validate", content=UPLOAD, headers={"Content-Type": "text/turtle"}).json()
        # the checkout moves on after the build
        (settings.root / "queries" / "organizations.rq").unlink()
        (settings.root / "queries" / "added-later.rq").write_text("#+ title: Added later\nASK {}\n", encoding="utf-8")
        (settings.root / "shapes" / "reject-everything.ttl").write_text(REJECT_EVERYTHING, encoding="utf-8")
        fresh = create_app(settings, build_path=report.path)
        with TestClient(fresh) as again:
            assert again.get("/queries", headers={"Accept": "application/json"}).json() == before
            assert again.get("/queries/organizations", headers={"Accept": "application/json"}).status_code == 200
            assert again.get("/queries/added-later").status_code == 404
            judged = again.post("/validate", content=UPLOAD, headers={"Content-Type": "text/turtle"}).json()
            assert judged == verdict  # the release's shapes, not the checkout's
            assert not any("rg:neverThere" in r["message"] for r in judged["results"])
        with pytest.raises(ValidationFailed, match="violation"):  # the edited checkout's shapes do bite
            build(settings, progress=Progress(6, quiet=True))


def test_the_app_factory_never_builds(tmp_path, project_copy):
    with pytest.raises(UsageError, match="run `rightsgraph build` first"):
        create_app(Settings(root=project_copy, build_dir=tmp_path / "empty"))
    assert not (tmp_path / "empty").exists()


def test_releases_are_readable_like_a_published_directory(release):
    _, report = release
    mode = stat.S_IMODE(report.path.stat().st_mode)
    umask = os.umask(0o022)
    os.umask(umask)
    assert mode == 0o777 & ~umask and mode & stat.S_IROTH and mode & stat.S_IXOTH


def _limited_build(project, builds, max_bytes):
    """`rightsgraph build` in a child whose files may not grow past max_bytes (RLIMIT_FSIZE: EFBIG, a real I/O error)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    env = dict(os.environ, RIGHTSGRAPH_BUILD_DIR=str(builds))
    return subprocess.run([sys.executable, "-m", "rightsgraph.cli", "--root", str(project), "build"], capture_output=True,
                          text=True, env=env, preexec_fn=limit, timeout=300)


def test_a_build_that_cannot_be_written_says_so_exits_2_and_keeps_the_last_good_one(project_copy, tmp_path):
    builds = tmp_path / "builds"
    good = build(Settings(root=project_copy, build_dir=builds), progress=Progress(6, quiet=True))
    (project_copy / "queries" / "organizations.rq").write_text("#+ title: Changed\nASK {}\n", encoding="utf-8")  # a new release
    failed = _limited_build(project_copy, builds, 64 * 1024)
    assert failed.returncode == 2, failed.stderr
    errors = [line for line in failed.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "cannot write the build" in errors[0], failed.stderr
    assert "Traceback" not in failed.stderr
    assert (builds / "current").resolve() == good.path
    assert json.loads((good.path / "manifest.json").read_text())["digest"] == good.digest
    assert not list(builds.glob(".tmp-*")), "a failed build left its temporary directory"
    assert sorted(p.name for p in (builds / "releases").iterdir()) == [good.path.name]

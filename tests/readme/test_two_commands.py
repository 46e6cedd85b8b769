"""The README's first command works on a clean clone: `make serve` sets everything up and serves.

(`make test` is what CI runs on a clean clone, so it proves itself.)
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ")[0]
    assert "make serve" in head and "make test" in head
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.server
def test_make_serve_on_a_clean_clone(tmp_path, stop_group):
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(["make", "serve", f"PORT={port}"], cwd=clone, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 600
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "make serve did not come up"
            time.sleep(1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/states/BLR/treaties?status=unratified", timeout=10) as r:
            body = json.load(r)
        keys = {item["iri"].rsplit("/", 1)[-1] for item in body["items"]}
        assert keys == {"untc-V-3", "untc-V-4", "coe-ets-166", "untc-IV-13"} | {"untc-IV-13", "untc-IV-15", "untc-IV-15-a", "untc-IV-16", "untc-IV-9-b", "untc-IV-3-a", "untc-IV-12", "coe-ets-114", "coe-ets-187"}  # stated in 2009, implied in 2010
        assert (clone / "build" / "current" / "manifest.json").is_file()
    finally:
        stop_group(proc, 20)
        log.close()

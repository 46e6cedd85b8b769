"""SECURITY.md rows 13-14: CORS on the public read endpoints is `*` without credentials and never
echoes an arbitrary origin; the dependency floors that close known CVEs are declared and installed."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
EVIL = "https://evil.example"


@pytest.mark.server
@pytest.mark.parametrize("path", ["/api/states/BLR", "/sparql?query=ASK%20%7B%7D", "/id/state/BLR", "/queries", "/no/such"])
def test_cors_is_star_without_credentials(server, path):
    r = httpx.get(server + path, headers={"Origin": EVIL, "Cookie": "session=secret"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers
    assert EVIL not in " ".join(r.headers.values())


@pytest.mark.server
def test_preflights_allow_reading_only_and_never_echo_the_origin(server):
    for method in ("GET", "POST"):  # POST is how long SPARQL queries are sent: a read
        ok = httpx.options(server + "/sparql", headers={"Origin": EVIL, "Access-Control-Request-Method": method,
                                                         "Access-Control-Request-Headers": "content-type"})
        assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in ok.headers and EVIL not in " ".join(ok.headers.values())
    for method, headers in (("DELETE", "content-type"), ("PUT", "content-type"), ("POST", "authorization"), ("GET", "cookie")):
        r = httpx.options(server + "/sparql", headers={"Origin": EVIL, "Access-Control-Request-Method": method,
                                                        "Access-Control-Request-Headers": headers})
        assert r.status_code == 400, (method, headers)
        assert r.headers.get("access-control-allow-origin") in (None, "*")
        assert "access-control-allow-credentials" not in r.headers
        assert r.json()["error"]["detail"]["refused"] in (["method"], ["headers"], ["method", "headers"])


FLOORS = {"starlette": "1.3.1", "h11": "0.16.0", "python-multipart": "0.0.27"}


def _tuple(v: str) -> tuple:
    return tuple(int(x) for x in re.findall(r"\d+", v)[:3])


@pytest.mark.parametrize("package, floor", list(FLOORS.items()))
def test_dependency_floors_are_declared_and_installed(package, floor):
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    declared = next((d for d in deps if re.match(rf"{re.escape(package)}\b", d, re.I)), None)
    assert declared is not None, f"{package} is not a declared dependency"
    m = re.search(r">=\s*([\d.]+)", declared)
    assert m and _tuple(m.group(1)) >= _tuple(floor), declared
    assert _tuple(version(package)) >= _tuple(floor)

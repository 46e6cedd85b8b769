"""SECURITY.md row 12: XSS through literals or javascript: IRIs in HTML pages, and embedded JSON-LD.
Pages of a store holding hostile literals and IRIs (tests/service/fixtures/hostile.ttl) escape every
literal and IRI, link only http(s) IRIs (javascript: and data: are shown as text), carry the CSP and
the other security headers, run no inline script, and any embedded JSON-LD cannot close its element."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from rdflib import Graph

from rightsgraph.api.app import create_app

from .harness import live_server

pytestmark = pytest.mark.server

FIXTURES = Path(__file__).resolve().parents[1] / "service" / "fixtures"
HOSTILE = "https://w3id.org/rightsgraph/id/test/hostile"
HTML = {"Accept": "text/html"}


class Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.hrefs: list[str] = []
        self.inline_scripts: list[str] = []
        self.script_srcs: list[str] = []
        self.handlers: list[str] = []
        self._script: dict | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [k for k in attrs if k.lower().startswith("on")]
        if tag == "a" and attrs.get("href") is not None:
            self.hrefs.append(attrs["href"])
        if tag == "script":
            if attrs.get("src"):
                self.script_srcs.append(attrs["src"])
            else:
                self._script = {"type": attrs.get("type", ""), "text": ""}

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append(self._script)
            self._script = None


@pytest.fixture(scope="module")
def hostile_server(sec_settings, built, tmp_path_factory):
    g = Graph()
    for path in sorted(FIXTURES.glob("*.ttl")):
        g.parse(data=path.read_bytes(), format="turtle")
    nt = tmp_path_factory.mktemp("hostile") / "hostile.nt"
    nt.write_bytes(g.serialize(format="nt", encoding="utf-8"))
    app = create_app(sec_settings, build_path=built.path, extra_graphs={"https://w3id.org/rightsgraph/graph/test-fixtures": nt})
    with live_server(app, sec_settings) as url:
        yield url


def _safe(r: httpx.Response) -> Page:
    assert r.headers["content-type"].startswith("text/html"), r.headers["content-type"]
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "base-uri 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY" and r.headers["referrer-policy"] == "no-referrer"
    page = Page(r.text)
    assert page.handlers == [], page.handlers
    assert not any(re.match(r"\s*(javascript|data|vbscript):", h, re.I) for h in page.hrefs), page.hrefs
    assert all(src.startswith("/") and not src.startswith("//") for src in page.script_srcs), page.script_srcs
    for script in page.inline_scripts:  # only data blocks, which cannot end their element early
        assert script["type"] in ("application/ld+json", "application/json"), script
        assert "</" not in script["text"] and "<!--" not in script["text"]
    return page


def test_hostile_literals_and_iris_are_escaped_on_the_resource_page(hostile_server):
    r = httpx.get(hostile_server + "/id/test/hostile", headers=HTML)
    assert r.status_code == 200, r.text[:200]
    page = _safe(r)
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;" in r.text
    assert "javascript:alert(1)" in r.text  # shown, as text
    assert "https://example.org/ok" in page.hrefs


def test_hostile_values_are_escaped_in_sparql_results_pages(hostile_server):
    query = f"SELECT ?p ?o WHERE {{ <{HOSTILE}> ?p ?o }}"
    r = httpx.get(hostile_server + "/sparql", params={"query": query}, headers=HTML, timeout=20)
    assert r.status_code == 200, r.text[:300]
    _safe(r)
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;img src=x onerror=alert(3)&gt;" in r.text


def test_error_pages_escape_what_the_request_said(hostile_server):
    r = httpx.get(hostile_server + "/id/x/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers=HTML)
    assert r.status_code == 404
    _safe(r)
    assert "<script>alert(1)" not in r.text
    r = httpx.get(hostile_server + "/sparql", params={"query": "SELECT * WHERE { <script>alert(1)</script> }"}, headers=HTML)
    assert r.status_code == 400 and "<script>alert(1)" not in r.text


@pytest.mark.parametrize("path", ["/", "/sparql", "/queries", "/queries/treaty-status?state=BLR", "/def", "/def/shapes",
                                  "/dumps/", "/id/state/BLR", "/api/docs", "/editor", "/browse", "/charts", "/no/such/page",
                                  "/recommendations", "/recommendations?state=BRA", "/reviews", "/reviews/upr-blr-2010",
                                  "/sources", "/sources/a-hrc-15-16", "/search?q=torture", "/search?q=%3Cscript%3E",
                                  "/id/state/BRA", "/id/source/a-hrc-15-16/para/98.4"])
def test_every_html_page_has_the_security_headers_and_no_inline_script(hostile_server, path):
    r = httpx.get(hostile_server + path, headers=HTML, timeout=20)
    assert r.status_code == (404 if path == "/no/such/page" else 200), f"{path} answered {r.status_code}"
    _safe(r)


def test_json_answers_are_never_sniffed_as_html(hostile_server):
    r = httpx.get(hostile_server + "/api/search", params={"q": "<script>"})
    assert r.headers["content-type"] == "application/json" and r.headers["x-content-type-options"] == "nosniff"

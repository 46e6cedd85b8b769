"""A bounded byte fuzz of the upload parsers (POST /validate): random bytes, and seed documents of each
format with random bytes inserted, deleted or flipped. Every answer is 200, 400 or 415 (or a 503
with Retry-After at the deadline), in the error shape, and comes back well within the deadline."""

from __future__ import annotations

import time

import httpx
import pytest

pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

pytestmark = pytest.mark.server

SEEDS = {
    "text/turtle": b'@prefix rg: <https://w3id.org/rightsgraph/def#> . @prefix ex: <http://example.org/> .\n'
                   b'ex:a a rg:State ; ex:p "x"@en, 1, 2.5e3, true, ( 1 2 [ ex:q ex:r ] ) ; ex:s """long\nstring""" .\n',
    "application/n-triples": b'<http://example.org/a> <http://example.org/p> "x\\u00e9"@en .\n_:b <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    "application/ld+json": b'{"@context": {"ex": "http://example.org/", "p": {"@id": "ex:p", "@type": "@id"}}, "@id": "ex:a",'
                           b' "@type": "ex:T", "p": ["ex:b", {"@id": "ex:c"}], "ex:v": {"@value": "x", "@language": "en"}}',
    "application/rdf+xml": b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                           b'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a"><ex:p>x</ex:p>'
                           b'<ex:q rdf:resource="http://example.org/b"/><ex:r rdf:parseType="Resource"><ex:s>1</ex:s></ex:r>'
                           b'</rdf:Description></rdf:RDF>',
}
ALLOWED = {200, 400, 415}


@st.composite
def mutated(draw):
    media = draw(st.sampled_from(sorted(SEEDS)))
    body = bytearray(SEEDS[media])
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(body)))
        op = draw(st.sampled_from(["insert", "delete", "flip", "repeat"]))
        if op == "insert":
            body[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del body[at:at + draw(st.integers(1, 8))]
        elif op == "flip" and at < len(body):
            body[at] ^= draw(st.integers(1, 255))
        elif op == "repeat":
            body[at:at] = bytes(body[at:at + 16]) * draw(st.integers(2, 40))
    return media, bytes(body)


def _check(client, media: str, body: bytes, deadline: float):
    started = time.monotonic()
    r = client.post("/validate", content=body, headers={"Content-Type": media})
    took = time.monotonic() - started
    ok = r.status_code in ALLOWED or (r.status_code == 503 and r.headers.get("retry-after", "").isdigit())
    assert ok, (media, body[:120], r.status_code, r.text[:300])
    assert took < deadline + 2, (media, body[:120], took)
    if r.status_code >= 400:
        assert set(r.json()["error"]) == {"code", "message", "detail"}


def test_mutated_documents(fuzz_server, fuzz_settings):
    deadline = fuzz_settings.validate_timeout
    with httpx.Client(base_url=fuzz_server, timeout=30) as client:

        @settings(max_examples=250, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
        @given(case=mutated())
        def run(case):
            _check(client, *case, deadline)

        run()


def test_random_bytes(fuzz_server, fuzz_settings):
    deadline = fuzz_settings.validate_timeout
    with httpx.Client(base_url=fuzz_server, timeout=30) as client:

        @settings(max_examples=100, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
        @given(media=st.sampled_from(sorted(SEEDS)), body=st.binary(min_size=1, max_size=2000))
        def run(media, body):
            _check(client, media, body, deadline)

        run()

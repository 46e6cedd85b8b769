"""Hypothesis: any string bound as a literal round-trips exactly, through rightsgraph.query.named and the
engine, and through GET /queries/{name} on the live server. Nothing in the value can change the
query: it is a term, substituted, never spliced into the text."""

from __future__ import annotations

import httpx
import pytest

pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

pytestmark = pytest.mark.server

# Any Unicode text but lone surrogates (not representable in UTF-8, so not in a URL or an RDF literal).
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
HOSTILE = ["' } ; DROP ALL ; #", '" } UNION { ?s ?p ?o } #', "\\", '\\"', "\x00", "\r\n", "}}}}", "SERVICE <http://127.0.0.1:9/> {}",
           "\\u0022", "${text}", "?text", "<script>", "\U0001F600", "\u2028\u2029", "'''", '"""', "#", "@en", "^^<urn:x>"]


def _echo(service):
    return service.catalogue["echo"]


@settings(max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(value=TEXT)
@example(value="")
def _roundtrip_engine(service, value):
    query = _echo(service)
    if value == "":
        return  # an empty value means "not given": the parameter is required
    bindings = query.bind({"text": value})
    rows = service.local.select(query.text, bindings)
    assert len(rows) == 1 and str(rows[0]["text"]) == value
    assert int(rows[0]["length"]) == len(value)


def test_any_string_round_trips_through_the_engine(fuzz_app):
    _roundtrip_engine(fuzz_app.state.service)


def test_hostile_strings_round_trip_over_http(fuzz_server):
    with httpx.Client(base_url=fuzz_server, timeout=20) as c:
        for value in HOSTILE:
            r = c.get("/queries/echo", params={"text": value})
            assert r.status_code == 200, (value, r.text[:200])
            rows = r.json()["results"]["bindings"]
            assert len(rows) == 1 and rows[0]["text"]["value"] == value
            assert "datatype" not in rows[0]["text"] and "xml:lang" not in rows[0]["text"]


def test_any_string_round_trips_over_http(fuzz_server):
    with httpx.Client(base_url=fuzz_server, timeout=20) as c:

        @settings(max_examples=120, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
        @given(value=TEXT.filter(bool))
        def run(value):
            r = c.get("/queries/echo", params={"text": value})
            assert r.status_code == 200, (value, r.text[:200])
            rows = r.json()["results"]["bindings"]
            assert len(rows) == 1 and rows[0]["text"]["value"] == value, (value, rows)

        run()

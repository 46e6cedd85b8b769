"""SECURITY.md row 7: SPARQL injection through REST and named-query parameters. Values are bound as
typed terms by substitution (never spliced into the text): an injected quote or brace is just part
of a literal, or the parameter is refused for its type."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.server

INJECTIONS = [
    "BLR' } ; DROP ALL ; #",
    'BLR" } UNION { ?s ?p ?o } #',
    "BLR> } UNION { ?s ?p ?o } #",
    "https://w3id.org/rightsgraph/id/state/BLR> } UNION { ?s ?p ?o",
    "BLR\\u0022 } UNION { ?s ?p ?o",
    "BLR\n} SERVICE <http://127.0.0.1:9/> { ?s ?p ?o",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_named_query_parameters_are_typed_or_refused(server, canary, value):
    for query, param in (("treaty-status", "state"), ("unratified-conventions", "state"), ("evidence", "resource")):
        r = httpx.get(server + f"/queries/{query}", params={param: value, **({"state": "BLR"} if param != "state" else {})})
        assert r.status_code in (200, 400), r.text[:200]
        if r.status_code == 200:
            assert r.json()["results"]["bindings"] == []  # bound as a term that matches nothing
        else:
            assert param in r.json()["error"]["message"]
    assert canary.touched() == 0


def test_an_injected_quote_is_part_of_a_literal(server):
    for q in ("state' } UNION { ?s ?p ?o } #", 'x" . ?s ?p ?o . FILTER("', "\\' ) } #", "}}}}"):
        r = httpx.get(server + "/api/search", params={"q": q})
        assert r.status_code == 200, r.text[:200]
        assert r.json()["total"] == 0  # no label contains that text; nothing else was matched
    real = httpx.get(server + "/api/search", params={"q": "statelessness"}).json()
    assert real["total"] > 0


def test_rest_path_and_query_parameters_are_checked(server):
    for path in ("/api/states/BLR'%20%7D%20UNION%20%7B", "/api/treaties/x%22%3E%3Cscript%3E", "/api/states/BLR%00",
                 "/id/state/BLR%3E%20%3Fp%20%3Fo", "/api/obligations?state=BLR%27%7D"):
        r = httpx.get(server + path)
        assert r.status_code in (400, 404, 422), (path, r.status_code)
        assert set(r.json()["error"]) == {"code", "message", "detail"}

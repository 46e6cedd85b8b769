"""The response memo (api/memo.py): a kept answer is exactly what the application sends, keyed by
everything that can change it, over a real uvicorn; what must not be kept is not."""

from __future__ import annotations

import httpx
import pytest

HEADLINE = "/api/states/BLR/treaties?status=unratified"
VOLATILE = {"date", "server"}


def _same(a: httpx.Response, b: httpx.Response) -> None:
    assert a.status_code == b.status_code and a.content == b.content
    assert {k: v for k, v in a.headers.items() if k not in VOLATILE} == {k: v for k, v in b.headers.items() if k not in VOLATILE}


def test_a_kept_answer_is_the_applications_answer(live, service):
    with httpx.Client(base_url=live) as http:
        hits = service.responses.hits
        first = http.get(HEADLINE)
        again = http.get(HEADLINE)
        assert service.responses.hits == hits + 1  # the second came from the memo
        _same(first, again)
        assert first.headers["content-security-policy"] and first.headers["x-content-type-options"] == "nosniff"
        assert "x-rightsgraph-memo" not in first.headers and "x-rightsgraph-memo" not in again.headers
        assert [t["iri"] for t in again.json()["items"]] == [t["iri"] for t in first.json()["items"]]


def test_the_key_holds_what_changes_the_answer(live):
    with httpx.Client(base_url=live) as http:
        url = "/queries/unratified-conventions?state=BLR"
        as_json = [http.get(url, headers={"Accept": "application/sparql-results+json"}) for _ in range(2)]
        as_csv = [http.get(url, headers={"Accept": "text/csv"}) for _ in range(2)]
        assert as_json[1].headers["content-type"].startswith("application/sparql-results+json")
        assert as_csv[1].headers["content-type"].startswith("text/csv") and as_csv[1].text.startswith("state,treaty,")
        other_state = http.get("/queries/unratified-conventions?state=UKR")
        assert other_state.status_code == 200 and other_state.content != as_json[1].content
        etag = as_json[0].headers["etag"]
        for _ in range(2):
            not_modified = http.get(url, headers={"Accept": "application/sparql-results+json", "If-None-Match": etag})
            assert not_modified.status_code == 304 and not_modified.content == b""
        assert http.get(url, headers={"Accept": "application/sparql-results+json", "If-None-Match": '"x"'}).status_code == 200
        cors = [http.get(HEADLINE, headers={"Origin": "https://example.org"}) for _ in range(2)]
        assert cors[1].headers["access-control-allow-origin"] == "*"
        head = http.head(HEADLINE)
        assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == cors[1].headers["etag"]


@pytest.mark.parametrize("request_args", [
    ("GET", "/sparql", {"params": {"query": "SELECT (STRUUID() AS ?u) WHERE {}"}}),  # not deterministic
    ("POST", "/sparql", {"data": {"query": "SELECT (STRUUID() AS ?u) WHERE {}"}}),
])
def test_what_may_change_is_never_kept(live, service, request_args):
    method, path, kwargs = request_args
    with httpx.Client(base_url=live) as http:
        kept = len(service.responses)
        answers = {http.request(method, path, **kwargs).json()["results"]["bindings"][0]["u"]["value"] for _ in range(3)}
        assert len(answers) == 3 and len(service.responses) == kept


def test_errors_are_never_kept(live, service):
    with httpx.Client(base_url=live) as http:
        kept = len(service.responses)
        for _ in range(2):
            missing = http.get("/api/states/XXX/treaties")
            assert missing.status_code == 404 and missing.json()["error"]["code"]
            assert http.get("/sparql", params={"query": "SELECT * WHERE {"}).status_code == 400
        assert len(service.responses) == kept

"""The answer cache: bounded in entries and bytes (keys included), keyed by build digest."""

from __future__ import annotations

from rightsgraph.api.cache import Answer, AnswerCache, etag_matches


def test_lru_bounded_by_entries_and_bytes():
    cache = AnswerCache("digest-a", max_entries=3, max_bytes=1000)
    for i in range(5):
        cache.put(("q", str(i)), Answer(b"x" * 10, "text/plain"))
    assert len(cache) == 3 and cache.get(("q", "0")) is None and cache.get(("q", "4")) is not None
    cache.put(("q", "long" * 200), Answer(b"y", "text/plain"))  # an 800-character key counts
    assert cache.get(("q", "1")) is None and len(cache) <= 3
    assert cache._bytes <= 1000
    cache.put(("q", "nope"), Answer(b"z", "text/plain", cacheable=False))
    assert cache.get(("q", "nope")) is None


def test_answers_of_another_build_are_not_served():
    a = AnswerCache("digest-a", 10)
    a.put("k", Answer(b"1", "text/plain"))
    b = AnswerCache("digest-b", 10)
    b._entries = a._entries  # even sharing storage, the digest keeps them apart
    assert b.get("k") is None and a.get("k").body == b"1"


def test_etags():
    answer = Answer(b"body", "text/turtle")
    assert answer.etag.startswith('"') and answer.etag != Answer(b"body", "application/n-triples").etag
    assert etag_matches(answer.etag, answer.etag)
    assert etag_matches(f'"x", W/{answer.etag}', answer.etag)
    assert etag_matches("*", answer.etag)
    assert not etag_matches('"x"', answer.etag) and not etag_matches(None, answer.etag)


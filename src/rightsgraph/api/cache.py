"""The answer cache: serialised answers keyed by (build digest, request), with strong ETags.

A build never changes once published, so an answer computed for a request stays right for as
long as the service serves that build; the digest in the key keeps answers of different builds
apart. The cache is a bounded LRU (entries and bytes) shared by the request threads.

``InFlight`` is the cache's other half: identical requests that miss it while the first of them is
still being answered wait for that one evaluation instead of each running the query (a popular query
evicted by a burst of new ones, asked on 16 connections at once, was evaluated 16 times and held every
one of them behind the pool's queue: docs/engines.md, "the latency tail").
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Hashable

from fastapi import Request
from fastapi.responses import Response

MAX_CACHED_BYTES = 64 * 1024 * 1024  # all cached bodies together
MAX_ENTRY_BYTES = 4 * 1024 * 1024  # larger answers are served but not kept


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)
    cacheable: bool = True

    @property
    def etag(self) -> str:
        digest = hashlib.blake2b(self.media_type.encode() + b"\0" + self.body, digest_size=16).hexdigest()
        return f'"{digest}"'


class AnswerCache:
    def __init__(self, digest: str, max_entries: int, max_bytes: int = MAX_CACHED_BYTES):
        self.digest = digest
        self.max_entries = max(0, max_entries)
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Answer] = OrderedDict()
        self._sizes: dict[Hashable, int] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Answer | None:
        with self._lock:
            answer = self._entries.get((self.digest, key))
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end((self.digest, key))
            self.hits += 1
            return answer

    def put(self, key: Hashable, answer: Answer) -> None:
        size = len(answer.body) + _size(key)  # a key can hold a long query text
        if not answer.cacheable or self.max_entries == 0 or size > MAX_ENTRY_BYTES:
            return
        with self._lock:
            full_key = (self.digest, key)
            if full_key in self._entries:
                self._bytes -= self._sizes.pop(full_key)
                del self._entries[full_key]
            self._entries[full_key] = answer
            self._sizes[full_key] = size
            self._bytes += size
            while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                evicted, _ = self._entries.popitem(last=False)
                self._bytes -= self._sizes.pop(evicted)

    def answer(self, key: Hashable, compute: Callable[[], Answer]) -> Answer:
        cached = self.get(key)
        if cached is not None:
            return cached
        answer = compute()
        self.put(key, answer)
        return answer

    def __len__(self) -> int:
        return len(self._entries)


class _Abandoned(Exception):
    """The evaluation a request waited for stopped with its own request (cancelled): evaluate again."""


class InFlight:
    """One evaluation for identical requests in flight at once, on the event loop.

    ``await in_flight.run(key, evaluate)``: the first caller for ``key`` awaits ``evaluate()`` itself (no task, no
    extra turn of the loop: a new text pays one future and a dictionary entry) and publishes the outcome on a
    future that callers arriving meanwhile wait for. Every one of them gets the same answer or the same exception.
    A waiting caller that is cancelled leaves the others waiting; if the first caller is cancelled (its evaluation
    stops with it), the waiting ones start again and one of them evaluates. The entry goes when the evaluation
    ends, so a failure is not remembered. Only answers that are the same for every caller may share: the service
    coalesces the texts the guard found deterministic; a text with RAND() or NOW() is evaluated per request."""

    def __init__(self) -> None:
        self._waiting: dict[Hashable, asyncio.Future] = {}

    async def run(self, key: Hashable, evaluate: Callable[[], Awaitable[Answer]]) -> Answer:
        loop = asyncio.get_running_loop()
        while (shared := self._waiting.get(key)) is not None and shared.get_loop() is loop:  # (tests run several loops)
            try:
                return await asyncio.shield(shared)
            except _Abandoned:
                continue
        shared = self._waiting[key] = loop.create_future()
        try:
            answer = await evaluate()
        except asyncio.CancelledError:
            shared.set_exception(_Abandoned())
            raise
        except BaseException as exc:
            shared.set_exception(exc)
            raise
        else:
            shared.set_result(answer)
            return answer
        finally:
            if self._waiting.get(key) is shared:
                del self._waiting[key]
            shared.exception()  # retrieved: with nobody waiting, asyncio would log it as never retrieved

    def __len__(self) -> int:
        return len(self._waiting)


def _size(key) -> int:
    if isinstance(key, (str, bytes)):
        return len(key)
    if isinstance(key, tuple):
        return sum(_size(part) for part in key)
    return 8


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """If-None-Match (weak comparison, lists and *) against a strong ETag."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in if_none_match.split(","))


def respond(request: Request, answer: Answer, *, vary: bool = True, status: int = 200) -> Response:
    """The answer as a response, or 304 when the client's If-None-Match already has it."""
    headers = {"ETag": answer.etag, "Cache-Control": "no-cache"} | answer.headers
    if vary:
        headers["Vary"] = "Accept"
    if answer.cacheable and status == 200 and len(answer.body) <= MAX_ENTRY_BYTES:
        headers["x-rightsgraph-memo"] = "1"  # the response memo (memo.py) may keep it; removed before it is sent
    if status == 200 and etag_matches(request.headers.get("if-none-match"), answer.etag):
        return Response(status_code=304, headers=headers)
    return Response(answer.body, status_code=status, media_type=answer.media_type, headers=headers)


def json_bytes(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def request_key(request: Request) -> tuple:
    """A cache key for a GET: the origin it was asked at (answers carry absolute links built from it, e.g.
    a list's ``next``: one client's Host must never shape another's answer), its path and its query
    parameters, in order."""
    return (str(request.base_url), request.url.path, tuple(request.query_params.multi_items()))

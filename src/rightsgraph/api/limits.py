"""Budgets on what one client can make the server hold: the request line, headers, time, connections,
requests in flight and the size of an answer.

uvicorn enforces none of these by itself (no header timeout, no request-line cap, no per-client
limit), so they live here, in two layers:

* :class:`HardenedHttpToolsProtocol` (the HTTP protocol uvicorn runs, see :func:`serve_options`; on
  uvicorn's C-parsed httptools protocol; :class:`HardenedH11Protocol` is its pure-Python twin): a
  *deadline for the request head* (a slowloris that sends its headers a byte at a time is cut off
  after ``header_timeout`` seconds, with a 408, however steadily it sends), a deadline for the body
  (``body_timeout``), a cap on the request line (414) and on the whole head (431) counted as bytes
  arrive, and caps on open connections, in all (503) and per client address (429), checked as a
  connection opens. Its own answers have the service's error shape.
* :class:`RequestLimits` (ASGI middleware, so it holds in-process too): the same URL (414) and
  header (431) caps on the parsed request; at most ``max_client_requests`` *queries* in flight per
  client address (requests that may run SPARQL or a validation in a worker; documents, pages, the
  JSON API and answers the response memo holds take no slot, so a crawler on many keep-alive
  connections is never refused) — one more waits, first come first served, up to
  ``client_queue_timeout`` for a slot, then gets 429 with ``Retry-After``; a client whose slots are
  all held waits likewise for anything else; ``/health`` is exempt — and a cap on the size of an
  answer (``max_response_bytes``: a larger one is replaced by a 503 before any of it is sent; the
  dumps, which are files streamed from disk, are exempt).

Every budget is a field of :class:`~rightsgraph.config.Settings` (``RIGHTSGRAPH_<NAME>``).
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections import deque
from dataclasses import dataclass

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..config import Settings
from ..errors import ApiError
from .errors import raw_error, send_error
from .memo import ResponseMemo, memo_key

log = logging.getLogger("rightsgraph.api")

EXEMPT_FROM_RESPONSE_CAP = ("/dumps/", "/static/")
UNLIMITED_PATHS = ("/health",)


def _default(name: str):
    return Settings.model_fields[name].default


# ------------------------------------------------------------------------------------ ASGI


async def _refuse(scope, send, status: int, message: str, detail=None, headers: dict[str, str] | None = None) -> None:
    await send_error(scope, send, ApiError(status, message, detail, headers))


# Requests that may run a SPARQL query or an upload validation in a worker process: what a client's
# in-flight budget counts. Everything else (linked-data documents, pages, the JSON API, static files)
# is answered in the server process by bounded lookups, and an answer the response memo holds is sent
# from memory: those take no slot, so a crawler on many keep-alive connections is never refused.
QUERY_PATHS = ("/sparql", "/queries/", "/validate", "/editor")
MEMO_SCOPE_KEY = "rightsgraph.memo"  # (memo key, kept response or None), for memo.ResponseMemo not to look again


class _Waiter:
    """A request queued for its client: woken (on its own event loop) when it may go on."""

    __slots__ = ("loop", "future", "slot", "granted")

    def __init__(self, loop, future, slot: bool):
        self.loop, self.future, self.slot, self.granted = loop, future, slot, False


def _wake(future) -> None:
    if not future.done():
        future.set_result(True)


class RequestLimits:
    """URL and header caps, running queries per client address, and the size of an answer.

    **The per-client budget counts what is expensive**: a request that may run a query or a validation in
    a worker (``QUERY_PATHS``, unless the response memo already holds its answer) takes one of the
    client's ``max_client_requests`` slots for as long as it runs. One over the budget waits, first come
    first served, up to ``client_queue_timeout`` for a slot, then gets 429 with ``Retry-After``. Cheap
    requests (documents, pages, the JSON API, memo answers) take no slot; but a client whose slots are
    all held waits for one before anything else of its own is served, so a client holding its budget
    with requests that never finish is refused whatever it asks next."""

    BUDGETS = ("max_url_bytes", "max_header_bytes", "max_headers", "max_client_requests", "client_queue_timeout",
               "max_response_bytes", "body_timeout", "max_body_bytes")
    RETRY_AFTER = 1  # seconds: a slot frees as soon as one of the client's queries finishes

    def __init__(self, app, settings: Settings | None = None, **overrides):
        self.app = app
        settings = settings or Settings()
        values = {name: overrides.get(name, getattr(settings, name)) for name in self.BUDGETS}
        self.max_url = int(values["max_url_bytes"])
        self.max_header_bytes = int(values["max_header_bytes"])
        self.max_headers = int(values["max_headers"])
        self.max_client_requests = int(values["max_client_requests"])
        self.client_queue_timeout = float(values["client_queue_timeout"])
        self.max_response = int(values["max_response_bytes"])
        self.body_timeout = float(values["body_timeout"])
        self.max_body = int(values["max_body_bytes"])
        self._in_flight: dict[str, int] = {}
        self._waiting: dict[str, deque[_Waiter]] = {}
        self._lock = threading.Lock()  # the app may be driven from several event loops (TestClient threads)

    # --- the budget

    def _try(self, client: str, slot: bool) -> bool:
        """Go on at once (taking a slot if ``slot``) when the client has a free slot and nobody queued before it.
        Called with the lock held."""
        if self._waiting.get(client) or self._in_flight.get(client, 0) >= self.max_client_requests:
            return False
        if slot:
            self._in_flight[client] = self._in_flight.get(client, 0) + 1
        return True

    def _pump(self, client: str) -> None:
        """Let queued requests go on, in order, while the client has free slots. Called with the lock held."""
        queue = self._waiting.get(client)
        while queue and self._in_flight.get(client, 0) < self.max_client_requests:
            waiter = queue.popleft()
            waiter.granted = True
            if waiter.slot:
                self._in_flight[client] = self._in_flight.get(client, 0) + 1
            waiter.loop.call_soon_threadsafe(_wake, waiter.future)
        if queue is not None and not queue:
            self._waiting.pop(client, None)

    def _release(self, client: str) -> None:
        with self._lock:
            left = self._in_flight.get(client, 1) - 1
            if left > 0:
                self._in_flight[client] = left
            else:
                self._in_flight.pop(client, None)
            self._pump(client)

    async def _admit(self, client: str, slot: bool) -> bool:
        """Whether the request may go on: at once, or after waiting its turn (first come, first served) up to
        ``client_queue_timeout`` for the client to have a free slot. With ``slot``, it then holds one
        (give it back with ``_release``)."""
        with self._lock:
            if self._try(client, slot):
                return True
            if self.client_queue_timeout <= 0:
                return False
            loop = asyncio.get_running_loop()
            waiter = _Waiter(loop, loop.create_future(), slot)
            self._waiting.setdefault(client, deque()).append(waiter)
        try:
            await asyncio.wait_for(waiter.future, self.client_queue_timeout)
        except asyncio.TimeoutError:
            return self._leave(client, waiter)  # let through after all when its turn came as the wait ended
        except asyncio.CancelledError:
            if self._leave(client, waiter) and slot:
                self._release(client)
            raise
        return True

    def _leave(self, client: str, waiter: _Waiter) -> bool:
        """Take a waiter that stopped waiting out of the queue; whether its turn had come (then it holds its slot)."""
        with self._lock:
            if waiter.granted:
                return True
            queue = self._waiting.get(client)
            if queue is not None:
                try:
                    queue.remove(waiter)
                except ValueError:
                    pass
                if not queue:
                    self._waiting.pop(client, None)
            return False

    def in_flight(self, client: str) -> int:
        """The client's requests holding a slot now (its running queries)."""
        with self._lock:
            return self._in_flight.get(client, 0)

    def queued(self, client: str) -> int:
        with self._lock:
            return len(self._waiting.get(client, ()))

    @staticmethod
    def _memo_hit(scope) -> bool:
        """Whether the response memo holds the answer to this GET (then it is sent from memory: no slot).
        The key and the kept response are left in the scope for the memo."""
        if scope["method"] != "GET":
            return False
        memo = ResponseMemo._memo(scope)
        if memo is None:
            return False
        key = memo_key(scope)
        kept = memo.get(key)
        scope[MEMO_SCOPE_KEY] = (key, kept)
        return kept is not None

    # --- the middleware

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        target = len(scope.get("raw_path") or scope["path"].encode("utf-8", "replace")) + len(scope.get("query_string") or b"")
        if target > self.max_url:
            return await _refuse(scope, send, 414, f"the request target is {target} bytes long; the limit is {self.max_url}"
                                            " (send a long SPARQL query by POST)", {"limit": self.max_url})
        headers = scope.get("headers") or []
        if len(headers) > self.max_headers:
            return await _refuse(scope, send, 431, f"the request has {len(headers)} header fields; the limit is {self.max_headers}",
                                 {"limit": self.max_headers})
        size = sum(len(k) + len(v) + 4 for k, v in headers)
        if size > self.max_header_bytes:
            return await _refuse(scope, send, 431, f"the request headers are {size} bytes; the limit is {self.max_header_bytes}",
                                 {"limit": self.max_header_bytes})
        path = scope["path"]
        if path in UNLIMITED_PATHS:  # liveness: never queued or refused for its client; its body is capped all the same
            refusal = self._body_refusal(headers)
            if refusal is not None:
                return await send_error(scope, send, refusal)
            return await self.app(scope, self._timed(receive, deadline=False), send)
        client = (scope.get("client") or ("unknown", 0))[0]
        slot = path.startswith(QUERY_PATHS) and not self._memo_hit(scope)
        if not await self._admit(client, slot):
            return await _refuse(scope, send, 429, f"this client already has {self.max_client_requests} queries in progress "
                                            f"(the limit) and none finished within {self.client_queue_timeout:g} s",
                                 {"limit": self.max_client_requests, "queued_seconds": self.client_queue_timeout},
                                 {"Retry-After": str(self.RETRY_AFTER)})
        try:
            refusal = self._body_refusal(headers)
            if refusal is not None:
                return await send_error(scope, send, refusal)
            capped = send if path.startswith(EXEMPT_FROM_RESPONSE_CAP) else self._capped(scope, send)
            await self.app(scope, self._timed(receive), capped)
        finally:
            if slot:
                self._release(client)

    def _body_message(self) -> str:
        return f"the request body is larger than {self.max_body} bytes"

    def _body_refusal(self, headers) -> ApiError | None:
        """The request body's cap, at once from Content-Length (else while reading it: ``_timed``)."""
        declared = None
        for k, v in headers:
            if k == b"content-length":
                declared = v
        if declared is None:
            return None
        try:
            length = int(declared)
        except ValueError:
            return ApiError(400, "the Content-Length header is not a number")
        return ApiError(413, self._body_message()) if length > self.max_body else None

    def _timed(self, receive, deadline: bool = True):
        """receive, with a deadline on the whole request body (then 408) and a cap on its size (then 413)."""
        loop_time = None
        done = False
        seen = 0

        async def timed():
            nonlocal loop_time, done, seen
            if done:
                return await receive()
            if deadline:
                loop = asyncio.get_running_loop()
                if loop_time is None:
                    loop_time = loop.time() + self.body_timeout
                try:
                    message = await asyncio.wait_for(receive(), timeout=max(0.0, loop_time - loop.time()))
                except asyncio.TimeoutError:
                    raise ApiError(408, f"the request body did not arrive within {self.body_timeout:g} s") from None
            else:
                message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise ApiError(413, self._body_message())
            if message["type"] != "http.request" or not message.get("more_body", False):
                done = True
            return message

        return timed

    def _capped(self, scope, send):
        """send, replacing an answer larger than the cap by a 503 before any of it goes out."""
        state = {"refused": False, "sent": 0}
        limit = self.max_response

        async def capped(message):
            if state["refused"]:
                return
            if message["type"] == "http.response.start":
                length = next((v for k, v in message.get("headers", []) if k.lower() == b"content-length"), None)
                if length is not None and length.isdigit() and int(length) > limit:
                    state["refused"] = True
                    log.warning("an answer of %s bytes was refused (max_response_bytes=%d)", length.decode(), limit)
                    return await _refuse(scope, send, 503, f"the answer is {int(length)} bytes, more than the {limit} bytes this "
                                                    "service sends at once; narrow the query (LIMIT, fewer variables)",
                                         {"limit": limit}, {"Retry-After": "60"})
            elif message["type"] == "http.response.body":
                state["sent"] += len(message.get("body", b""))
                if state["sent"] > limit:  # a streamed answer without Content-Length: cut the connection
                    state["refused"] = True
                    raise RuntimeError(f"the streamed answer passed max_response_bytes={limit}")
            await send(message)

        return capped


# ------------------------------------------------------------------------------------ uvicorn


@dataclass(frozen=True)
class ProtocolLimits:
    header_timeout: float = _default("header_timeout")
    body_timeout: float = _default("body_timeout")
    max_url_bytes: int = _default("max_url_bytes")
    max_header_bytes: int = _default("max_header_bytes")
    max_connections: int = _default("max_connections")
    max_client_connections: int = _default("max_client_connections")

    @classmethod
    def from_settings(cls, settings) -> "ProtocolLimits":
        return cls(**{name: getattr(settings, name) for name in cls.__dataclass_fields__})


_HEAD_END = re.compile(rb"\r?\n\r?\n")


class _Deadlines:
    """What both hardened protocols share: the connection caps as a connection opens, the head and body
    deadlines, head counting from zero, and every answer of their own in the error shape. Each protocol
    adds how its parser reports a head and a message (a mixin: first among the bases, so that
    ``super()`` reaches uvicorn's protocol)."""

    limits = ProtocolLimits()

    def connection_made(self, transport) -> None:  # type: ignore[override]
        self._head_timer = self._body_timer = None
        self._start_counting()
        super().connection_made(transport)
        if not self._refused_over_caps():
            self._await_head(timer=True)

    def _refused_over_caps(self) -> bool:
        """Close a new connection past the connection caps (503 past ``max_connections`` in all, 429 past
        ``max_client_connections`` from its client address); True when it was closed."""
        limits = self.limits
        if len(self.connections) > limits.max_connections:
            self._close_with(503, f"the server has {limits.max_connections} connections open; try again shortly", retry_after=1)
            return True
        host = self.client[0] if self.client else None
        if host is not None:
            same = sum(1 for c in self.connections if getattr(c, "client", None) and c.client[0] == host)
            if same > limits.max_client_connections:
                self._close_with(429, f"this client has {limits.max_client_connections} connections open; "
                                      "reuse them (keep-alive)", retry_after=1)
                return True
        return False

    # --- deadlines

    def _start_counting(self) -> None:
        """Whatever arrives next is a request head: count it from zero."""
        self._head_bytes = self._line_bytes = 0
        self._line_done = self._head_ended = False
        self._tail = b""
        self._awaiting_head = True

    def _await_head(self, timer: bool) -> None:
        """Wait for a request head, with the head deadline running now (``timer``: a new connection) or
        from the head's first byte (a kept-alive connection, idle under uvicorn's keep-alive timer)."""
        self._cancel_timers()
        self._start_counting()
        if timer:
            self._start_head_timer()

    def _start_head_timer(self) -> None:
        self._head_timer = self.loop.call_later(self.limits.header_timeout, self._head_overdue)

    def _cancel_timers(self) -> None:
        for name in ("_head_timer", "_body_timer"):
            timer = getattr(self, name, None)
            if timer is not None:
                timer.cancel()
                setattr(self, name, None)

    def _head_overdue(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self._close_with(408, f"the request head did not arrive within {self.limits.header_timeout:g} s")

    def _body_overdue(self) -> None:
        self._body_timer = None
        if not self.transport.is_closing():
            if self.cycle is not None and not self.cycle.response_started:
                self._close_with(408, f"the request body did not arrive within {self.limits.body_timeout:g} s")
            else:
                self.transport.close()

    def _close_with(self, status: int, message: str, retry_after: int | None = None) -> None:
        self._cancel_timers()
        try:
            self.transport.write(raw_error(ApiError(status, message, headers={"Retry-After": str(retry_after)} if retry_after else None)))
        finally:
            self.transport.close()
            if self.cycle is not None:
                self.cycle.disconnected = True
                self.cycle.message_event.set()

    def connection_lost(self, exc) -> None:
        self._cancel_timers()
        super().connection_lost(exc)

    def _refused_head(self, data: bytes) -> bool:
        """Count ``data`` while a request head is awaited (the head deadline starts at its first byte); True when
        the connection is closing: a cap was passed (414, 431), or it was closing already."""
        if self.transport.is_closing():
            return True
        if self._awaiting_head and not self._head_ended:
            if self._head_timer is None:
                self._start_head_timer()  # the first byte of a kept-alive connection's next head
            return self._count_head(data)
        return False

    def _count_head(self, data: bytes) -> bool:
        """Count the bytes of a request head as they arrive (to its end, if it is in ``data``); True when a cap
        was passed and the connection is being closed with a 414 or 431."""
        window = self._tail + data
        end = _HEAD_END.search(window)
        used = len(data) if end is None else max(0, end.end() - len(self._tail))
        self._tail = window[-3:]
        self._head_ended = end is not None
        self._head_bytes += used
        if not self._line_done:
            newline = data.find(b"\n", 0, used)
            self._line_bytes += used if newline < 0 else newline
            self._line_done = newline >= 0
        limits = self.limits
        if self._line_bytes > limits.max_url_bytes + 32:  # method, spaces and HTTP version
            self._close_with(414, f"the request line is longer than {limits.max_url_bytes} bytes (send a long SPARQL query by POST)")
            return True
        if self._head_bytes > limits.max_header_bytes + limits.max_url_bytes + 32:
            self._close_with(431, f"the request head is larger than {limits.max_header_bytes} bytes")
            return True
        return False

    def send_400_response(self, msg: str) -> None:
        """A request the parser cannot read: 400 in the error shape (uvicorn's own is plain text)."""
        self._close_with(400, f"the request is not valid HTTP/1.1: {msg}")


class HardenedH11Protocol(_Deadlines, H11Protocol):
    """uvicorn's h11 protocol with deadlines on the request head and body, head-size caps counted as
    bytes arrive, and connection caps (in all and per client address).

    The head deadline (``header_timeout``) runs from the connection's start, and on a kept-alive
    connection from the first byte of each later head: between an answer and the next request's first
    byte the connection is idle, and uvicorn's keep-alive timer (``keep_alive_timeout``) closes it
    quietly. The deadline never runs while the server works on a request."""

    # --- protocol events

    def data_received(self, data: bytes) -> None:
        if self._refused_head(data):
            return
        super().data_received(data)
        self._after_events()

    def _after_events(self) -> None:
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        if self._awaiting_head and state is not h11.IDLE:
            self._awaiting_head = False
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None
            if state is h11.SEND_BODY:
                self._body_timer = self.loop.call_later(self.limits.body_timeout, self._body_overdue)
        if self._body_timer is not None and state is not h11.SEND_BODY:
            self._body_timer.cancel()
            self._body_timer = None

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE and self.conn.our_state is h11.IDLE:
            self._await_head(timer=False)  # idle until the next head's first byte; then the same deadline
        else:
            self._after_events()


class HardenedHttpToolsProtocol(_Deadlines, HttpToolsProtocol):
    """The same budgets as :class:`HardenedH11Protocol` on uvicorn's httptools protocol (llhttp, in C: a
    request head parses in ~3 µs instead of ~25, and the answer is written without h11's event
    machinery; docs/engines.md). This is the protocol ``serve_options`` gives uvicorn.

    * deadlines: the head timer runs from the connection's start, and on a kept-alive connection from
      the first byte of each later head (idle in between, under uvicorn's keep-alive timer), until the
      parser has the whole head (``on_headers_complete``); then the body timer runs until the whole
      message is in (``on_message_complete``);
    * the request line and the head are counted as bytes arrive, before the parser sees them, exactly
      as in :class:`HardenedH11Protocol` (to the end of the head, ``\\r\\n\\r\\n``, in the data): a head that
      never ends is refused once it passes the cap, however the bytes are split. Counting starts again
      when a message is complete, so a pipelined request's head is counted from the next data on (at
      most one read's worth is parsed uncounted; RequestLimits checks the parsed head's caps again);
    * the connection caps, as a connection opens; every answer of its own in the error shape (a request
      the parser refuses included, instead of uvicorn's plain-text 400)."""

    def data_received(self, data: bytes) -> None:
        if self._refused_head(data):
            return
        super().data_received(data)

    # --- parser events

    def on_headers_complete(self) -> None:
        if self.transport.is_closing():
            return
        self._awaiting_head = False
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        if self._body_timer is not None:
            self._body_timer.cancel()
        self._body_timer = self.loop.call_later(self.limits.body_timeout, self._body_overdue)
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if self.cycle is None or self.transport.is_closing():
            return
        super().on_body(body)

    def on_message_complete(self) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None
        self._start_counting()  # whatever follows is the next request's head
        if self.cycle is None or self.transport.is_closing():
            return
        super().on_message_complete()


def protocol_class(settings, protocol: type | None = None) -> type:
    """The hardened protocol (:class:`HardenedHttpToolsProtocol`, or ``protocol``, e.g.
    :class:`HardenedH11Protocol`) bound to the budgets of ``settings``."""
    base = protocol or HardenedHttpToolsProtocol
    name = "RightsgraphHttpToolsProtocol" if base is HardenedHttpToolsProtocol else "RightsgraphH11Protocol"
    return type(name, (base,), {"limits": ProtocolLimits.from_settings(settings)})


def serve_options(settings) -> dict:
    """The keyword arguments for ``uvicorn.run`` / ``uvicorn.Config`` that apply these budgets (on the
    httptools protocol; ``protocol_class(settings, HardenedH11Protocol)`` is the pure-Python twin):

        uvicorn.run(app, host=..., port=..., log_level="info", **serve_options(settings))
    """
    head = settings.max_header_bytes + settings.max_url_bytes
    return {
        "http": protocol_class(settings),
        "timeout_keep_alive": settings.keep_alive_timeout,
        "h11_max_incomplete_event_size": head + 1024,  # for the h11 twin, a backstop: its protocol answers 414/431 first
        "server_header": False,
        "backlog": 2048,
        "timeout_graceful_shutdown": 10,
    }

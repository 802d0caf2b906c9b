"""What a hostile client meets before the app: the API key, the body limit, connection bounds and deadlines.

The ASGI guards run before FastAPI reads or parses anything: a wrong or missing
key is refused before the body is read (compared in constant time over SHA-256
digests, so not even its length leaks), and a body is refused past its declared
or streamed size. The connection guard sits below ASGI, in uvicorn's h11
protocol: connections are bounded per client address and in all, idle ones do
not count against others, and a request must arrive whole within a deadline.
Every refusal is one line of JSON.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, ClassVar

import orjson
from uvicorn.protocols.http.h11_impl import H11Protocol

API_KEY_HEADER = b"x-api-key"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


# -- ASGI guards: run before FastAPI reads or parses anything -------------------------------------------------


async def _reply(send: Send, status: int, detail: str) -> None:
    body = orjson.dumps({"detail": detail})
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((value for key, value in scope["headers"] if key.lower() == name), None)


class RequireKey:
    """401 for a missing or wrong X-API-Key; hashing first keeps even the key's length out of the timing."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self.app = app
        self.digest = hashlib.sha256(api_key.encode()).digest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            given = hashlib.sha256(_header(scope, API_KEY_HEADER) or b"").digest()
            if not hmac.compare_digest(given, self.digest):
                await _reply(send, 401, "missing or wrong API key (header X-API-Key)")
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """413 for a body over the limit, by its Content-Length or, when chunked or lying, by the bytes received."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _reply(send, 413, self._too_large())
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _reply(send, 413, self._too_large())
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    def _too_large(self) -> str:
        return f"request body over the limit of {self.max_bytes} bytes: send fewer requests per call"


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, once; then the connection's own events (disconnect)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay


# -- connection guards: below ASGI, where connections are made ---------------------------------------------------


@dataclass(frozen=True)
class ConnectionLimits:
    """What one client, and all of them, may hold open; how long a request may take to arrive."""

    total: int = 128  # bounds the memory held by request bodies to 128 x MAX_BODY_BYTES
    per_client: int = 64
    request_timeout_s: float = 30.0  # from connecting (or the last answer) to the request's last byte
    keep_alive_s: float = 5.0  # idle between requests on one connection


def _raw_json(status: int, reason: str, detail: str) -> bytes:
    body = orjson.dumps({"detail": detail})
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


class _GuardedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with connection bounds and a deadline for each request, answering in JSON.

    uvicorn's own `limit_concurrency` counts idle connections too and answers in
    plain text, so 64 idle sockets shut everyone out; here a refused connection
    gets its JSON answer at once and counts for nothing."""

    limits: ClassVar[ConnectionLimits] = ConnectionLimits()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.refusal: bytes | None = self._over_limit()
        self.deadline: asyncio.TimerHandle | None = None
        if self.refusal is None:
            self._arm()
        else:  # answered at once; closed once its request is read (closing before would reset it) or at the deadline
            transport.write(self.refusal)
            self.deadline = self.loop.call_later(self.limits.request_timeout_s, transport.close)

    def _over_limit(self) -> bytes | None:
        accepted = [c for c in self.connections if getattr(c, "refusal", None) is None and c is not self]
        if len(accepted) >= self.limits.total:
            detail = f"the server is at its limit of {self.limits.total} connections at once: retry shortly"
            return _raw_json(503, "Service Unavailable", detail)
        host = self.client[0] if self.client else None
        if sum(1 for c in accepted if c.client and c.client[0] == host) >= self.limits.per_client:
            detail = f"over {self.limits.per_client} connections from your address at once: close some first"
            return _raw_json(503, "Service Unavailable", detail)
        return None

    def data_received(self, data: bytes) -> None:
        if self.refusal is not None:
            self.transport.close()
            return
        super().data_received(data)

    def handle_events(self) -> None:
        super().handle_events()
        cycle = self.cycle
        if cycle is not None and not cycle.more_body and not cycle.response_complete:
            self._disarm()  # the whole request is in: the deadline is met

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self.transport.write(_raw_json(400, "Bad Request", "invalid HTTP request"))
        self.transport.close()

    def _arm(self) -> None:
        self._disarm()
        self.deadline = self.loop.call_later(self.limits.request_timeout_s, self._too_slow)

    def _disarm(self) -> None:
        if getattr(self, "deadline", None) is not None:
            self.deadline.cancel()  # type: ignore[union-attr]
            self.deadline = None

    def _too_slow(self) -> None:
        """A request still incomplete at its deadline: 408 unless an answer has begun, then the connection closes."""
        self.deadline = None
        cycle = self.cycle
        if cycle is None or cycle.response_complete or not cycle.response_started:
            detail = f"request not received within {self.limits.request_timeout_s:g} s: send it whole, sooner"
            self.transport.write(_raw_json(408, "Request Timeout", detail))
            if cycle is not None:
                cycle.disconnected = True  # the app's answer, should it come, goes nowhere
        self.transport.close()


def server_settings(limits: ConnectionLimits) -> dict[str, Any]:
    """uvicorn settings for `serve`: the guarded protocol, the keep-alive timeout, no server header."""
    protocol = type("GuardedH11", (_GuardedH11,), {"limits": limits})
    return {"http": protocol, "timeout_keep_alive": limits.keep_alive_s, "server_header": False}

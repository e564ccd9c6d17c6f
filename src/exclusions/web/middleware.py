"""Two pure ASGI middlewares: security headers on every response, and a cache of rendered
pages keyed by the store's content.

Pure ASGI rather than Starlette's ``BaseHTTPMiddleware``: a cached page is answered without
routing, templates or a worker thread, which is what lets one process serve hundreds of
pages a second.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No inline script or style, nothing from another origin: every asset ships in the package.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
COMPRESSIBLE = (b"text/", b"application/json", b"image/svg+xml")


class SecurityHeaders:
    """Adds the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, adding headers to the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


@dataclass(frozen=True)
class Cached:
    """A rendered 200 response: headers, body and its gzip form."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    gzipped: bytes | None
    etag: bytes


class PageCache:
    """Answers repeated GETs from memory; entries are keyed by the store's content version.

    Only 200 responses to GET requests without cookies or authorisation are kept, up to
    ``max_bytes`` (least recently used first out). Clients may revalidate with ETag.
    """

    def __init__(self, app: ASGIApp, version: Callable[[], str], max_bytes: int = 256 << 20):
        """Wrap ``app``; ``version()`` names the store's content."""
        self.app = app
        self.version = version
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[str, str, str], Cached] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every page."""
        with self._lock:
            self._entries.clear()
            self.size = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve from the cache, or render and keep the page."""
        if scope["type"] == "http" and scope["method"] == "HEAD":
            # HEAD is GET without the body: route it as GET so every page answers it.
            scope, send = {**scope, "method": "GET"}, _without_body(send)
        if scope["type"] != "http" or scope["method"] != "GET" or not self.max_bytes:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        if b"authorization" in headers or b"cookie" in headers:
            await self.app(scope, receive, send)
            return
        key = (self.version(), scope["path"], scope.get("query_string", b"").decode("latin-1"))
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
        if hit is not None:
            self.hits += 1
            await _answer(hit, headers, send)
            return
        self.misses += 1
        await self._render(key, scope, receive, send)

    async def _render(
        self, key: tuple[str, str, str], scope: Scope, receive: Receive, send: Send
    ) -> None:
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._finish(key, start, b"".join(chunks), scope, send)

        await self.app(scope, receive, capture)

    async def _finish(
        self, key: tuple[str, str, str], start: Message, body: bytes, scope: Scope, send: Send
    ) -> None:
        headers = [(k.lower(), v) for k, v in start.get("headers", [])]
        names = dict(headers)
        if start.get("status") != 200 or b"set-cookie" in names:
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        etag = b'"' + hashlib.sha256(key[0].encode() + body).hexdigest()[:24].encode() + b'"'
        kept = [(k, v) for k, v in headers if k not in (b"content-length", b"etag")]
        kept += [(b"etag", etag), (b"cache-control", b"no-cache"), (b"vary", b"accept-encoding")]
        packed = None
        if names.get(b"content-type", b"").startswith(COMPRESSIBLE) and len(body) > 1024:
            packed = gzip.compress(body, 6)
        entry = Cached(kept, body, packed, etag)
        with self._lock:
            if key not in self._entries:
                self._entries[key] = entry
                self.size += len(body) + len(packed or b"")
            while self.size > self.max_bytes and self._entries:
                _, old = self._entries.popitem(last=False)
                self.size -= len(old.body) + len(old.gzipped or b"")
        await _answer(entry, dict(scope.get("headers", [])), send)


def _without_body(send: Send) -> Send:
    """``send`` with every body chunk emptied (headers, content-length included, kept)."""

    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_head


async def _answer(entry: Cached, request: dict[bytes, bytes], send: Send) -> None:
    """Send a cached page: 304 if the client has it, gzip if it accepts it."""
    if entry.etag in request.get(b"if-none-match", b""):
        headers = [(k, v) for k, v in entry.headers if k != b"content-type"]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    body, headers = entry.body, list(entry.headers)
    if entry.gzipped is not None and b"gzip" in request.get(b"accept-encoding", b""):
        body = entry.gzipped
        headers.append((b"content-encoding", b"gzip"))
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})

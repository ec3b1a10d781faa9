"""Bounded waiting: a worker that already has as many requests in hand as it can answer promptly says so at
once (503 `busy` with `Retry-After`), instead of queueing more until every answer takes seconds. Clients send
session events again with the same Idempotency-Key, so nothing is lost or doubled."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

# About a second of work for one worker (a session event costs 5-7 ms of CPU); more waiting than that is
# better answered "busy, try again" than with a long silence.
MAX_IN_FLIGHT = 128
RETRY_AFTER_SECONDS = 1
BUSY = json.dumps({"error": "busy", "message": "the server is busy: try again in a moment"}).encode()


class Backpressure:
    """A plain ASGI middleware counting the HTTP requests this worker has in hand."""

    def __init__(self, app: ASGIApp, limit: int = MAX_IN_FLIGHT) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/healthz":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            await _busy(send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


async def _busy(send: Send) -> None:
    await send({"type": "http.response.start", "status": 503, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(BUSY)).encode()),
        (b"retry-after", str(RETRY_AFTER_SECONDS).encode()), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": BUSY})

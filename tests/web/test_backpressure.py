"""A worker with as many requests in hand as it can answer promptly answers the next one "busy" at once."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from backcoach.web.backpressure import Backpressure


class Held:
    """An ASGI app whose answers wait until released: requests stay in hand as long as a test wants."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.entered = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.entered += 1
        await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def call(app: Backpressure, path: str = "/api/v1/sessions/1/events") -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "http", "path": path, "method": "POST", "headers": []}, receive, send)
    return sent[0]["status"], dict(sent[0]["headers"]), sent[1]["body"]


def test_beyond_the_limit_a_request_is_answered_busy_at_once_and_the_others_complete() -> None:
    async def scenario() -> None:
        held = Held()
        app = Backpressure(held, limit=3)
        waiting = [asyncio.create_task(call(app)) for _ in range(3)]
        while held.entered < 3:  # wait for the state: three requests in hand
            await asyncio.sleep(0)
        status, headers, body = await call(app)
        assert status == 503 and headers[b"retry-after"] == b"1"
        assert json.loads(body)["error"] == "busy"
        held.release.set()
        assert [(await task)[0] for task in waiting] == [200, 200, 200]
        assert app.in_flight == 0
        assert (await call(app))[0] == 200, "room again once answers went out"

    asyncio.run(scenario())


def test_the_health_check_is_never_turned_away() -> None:
    async def scenario() -> None:
        held = Held()
        held.release.set()
        app = Backpressure(held, limit=0)
        assert (await call(app, "/healthz"))[0] == 200
        assert (await call(app))[0] == 503

    asyncio.run(scenario())

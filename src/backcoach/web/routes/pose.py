"""The camera form check's WebSocket: ``/api/v1/sessions/{session_id}/pose``.

The session page sends frames of landmarks (pose_frames.py; never a picture), the server judges each with the
current exercise's form rules and answers how it was judged, what to change and the session effects it caused
(services/session_camera.py). Signed in as for the session's other routes (the sign-in cookie; a guest's too),
and only for one's own session; otherwise the socket is closed with a code:

    4401 not signed in · 4403 another site's page · 4404 no such session of yours

A malformed frame is answered ``{"type": "error", ...}`` and the socket stays open; frames beyond the rate are
answered ``{"type": "dropped"}``. The work of a frame (the rules, and a database write when the verdict changes)
runs in a worker thread, one frame at a time, so the event loop is never held."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocketDisconnect

from backcoach.errors import BackCoachError, NotAuthenticated, NotFound
from backcoach.services.session_camera import SessionCamera
from backcoach.web.deps import COOKIE, MAX_ID, app_of
from backcoach.web.pose_frames import read_pose_message

router = APIRouter(prefix="/api/v1", tags=["sessions"])

NOT_SIGNED_IN, OTHER_SITE, NOT_YOURS = 4401, 4403, 4404
MAX_FRAMES_PER_SECOND = 30.0
BURST_FRAMES = 10.0


class FrameRate:
    """A token bucket: on average at most ``rate`` frames a second, up to ``burst`` at once (by default the
    module's limits, read when a socket opens)."""

    def __init__(self, rate: float | None = None, burst: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = MAX_FRAMES_PER_SECOND if rate is None else rate
        self.burst = BURST_FRAMES if burst is None else burst
        self.clock = clock
        self.tokens = self.burst
        self.at = clock()

    def take(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


@router.websocket("/sessions/{session_id}/pose")
async def pose_socket(websocket: WebSocket, session_id: int) -> None:
    await websocket.accept()
    camera = _other_site(websocket) or await _camera(websocket, session_id)
    if isinstance(camera, int):
        await websocket.close(code=camera)
        return
    try:
        await websocket.send_json(camera.exercise())
        await _frames(websocket, camera)
    except WebSocketDisconnect:
        pass
    finally:
        with contextlib.suppress(BackCoachError):  # e.g. the account was erased meanwhile: nothing left to keep
            await run_in_threadpool(camera.close)


def _other_site(websocket: WebSocket) -> int | None:
    """A page of another site may not open it with the person's cookie (the cookie is SameSite=Lax as well)."""
    origin = websocket.headers.get("origin")
    if origin and urlsplit(origin).netloc != websocket.headers.get("host"):
        return OTHER_SITE
    return None


async def _camera(websocket: WebSocket, session_id: int) -> SessionCamera | int:
    """The signed-in person's camera on their session, or the code to close with."""
    app = app_of(websocket)
    try:
        account = await run_in_threadpool(app.accounts().account_for, websocket.cookies.get(COOKIE))
    except NotAuthenticated:
        return NOT_SIGNED_IN
    if not 1 <= session_id <= MAX_ID:
        return NOT_YOURS
    try:
        return await run_in_threadpool(SessionCamera, app.store, account.id, session_id)
    except NotFound:
        return NOT_YOURS


async def _frames(websocket: WebSocket, camera: SessionCamera) -> None:
    rate = FrameRate()
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        text = message.get("text")
        if text is None:
            await websocket.send_json({"type": "error", "error": "invalid_input", "field": "message",
                                       "message": "message: send each frame as JSON text"})
            continue
        if not rate.take():
            await websocket.send_json({"type": "dropped", "message": f"more than {MAX_FRAMES_PER_SECOND:g} frames "
                                       "a second: this one was not judged"})
            continue
        await websocket.send_json(await _answer(camera, text))


async def _answer(camera: SessionCamera, text: str) -> dict[str, Any]:
    try:
        message = read_pose_message(text)
        answer: dict[str, Any] = await run_in_threadpool(camera.frame, message.frame, message.at, message.aspect)
    except BackCoachError as error:
        return {"type": "error", **error.to_dict()}
    return answer

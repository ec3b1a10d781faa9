"""The camera form check's WebSocket round trip: from a frame of landmarks sent to the answer received, over a real
`backcoach serve` (uvicorn, SQLite in a fresh folder) on this machine, at the page's pace (at most 30 frames a
second). Side by side in the same run: the form rules' step alone on the same frames (in process), and an HTTP
session event (POST /api/v1/sessions/{id}/events) to the same server, the other way an event reaches a session.

Frames come from the body model (devtools/form_library.py): prone on elbows held well (answers without an event)
and with the hips lifting for 4 s (a form event written into the session when the fault starts and ends).

    .venv/bin/python benchmarks/pose_socket.py [--rounds 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from websockets.sync.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's devtools and test plan

from backcoach.domain.form import FormChecker
from backcoach.knowledge.form_rules import load_form_rules
from devtools.form_clips import Clip
from devtools.form_library import standard_clips

PASSWORD = "benchmark password 1"
FRAME_SECONDS = 1 / 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(data_dir: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "BACKCOACH_DATA_DIR": str(data_dir), "BACKCOACH_PORT": str(port)}
    env.pop("BACKCOACH_DATABASE_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "backcoach", "serve"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the server did not start")


class Api:
    """JSON calls over one kept-alive connection, with the sign-in cookie."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port)
        self.cookie = ""

    def call(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        cookie = {"Cookie": self.cookie} if self.cookie else {}
        sent = {"Content-Type": "application/json", **cookie, **(headers or {})}
        payload = None if body is None else json.dumps(body)
        try:
            self.connection.request(method, path, body=payload, headers=sent)
            answer = self.connection.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):  # an idle keep-alive closed
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port)
            self.connection.request(method, path, body=payload, headers=sent)
            answer = self.connection.getresponse()
        data = answer.read()
        cookie = answer.getheader("set-cookie")
        if cookie and cookie.startswith("backcoach_session="):
            self.cookie = cookie.split(";", 1)[0]
        if answer.status >= 400:
            raise RuntimeError(f"{method} {path}: {answer.status} {data[:200]!r}")
        return json.loads(data) if data else None


def holding_session(api: Api) -> int:
    """A session of prone on elbows (one 180 s hold), started and into its hold."""
    from backcoach.knowledge.loader import load_knowledge
    from tests.web.test_accounts_api import PLAN

    exercise = load_knowledge().exercises["prone-on-elbows"]
    item = {**PLAN["routine"][0], "exercise_id": exercise.id, "name": exercise.name, "position": "prone",
            "cues": list(exercise.cues), "dosage": {"reps": 1, "sets": 1, "per_side": False, "hold_seconds": 180,
                                                    "rest_seconds": 0, "times_per_day": 1}}
    program = api.call("POST", "/api/v1/me/programs", {"plan": {**PLAN, "routine": [item]}})
    session_id = int(api.call("POST", "/api/v1/sessions", {"program_id": program["id"]})["id"])
    for key, event in (("start", {"type": "start", "at": 0}), ("tick", {"type": "tick", "at": 6})):
        api.call("POST", f"/api/v1/sessions/{session_id}/events", event, {"Idempotency-Key": key})
    return session_id


def socket_round_trips(port: int, cookie: str, session_id: int, clips: list[Clip]) -> tuple[list[float], list[float]]:
    """Milliseconds from sending each frame to its answer: answers without an event, answers with one."""
    quiet: list[float] = []
    written: list[float] = []
    at = 6.0
    with connect(f"ws://127.0.0.1:{port}/api/v1/sessions/{session_id}/pose",
                 additional_headers={"Cookie": cookie}) as socket_:
        json.loads(socket_.recv())
        t = 0.0
        for clip in clips:
            for labelled in clip.frames:
                t += FRAME_SECONDS
                at += FRAME_SECONDS
                text = json.dumps({"t": t, "at": at, "aspect": 4 / 3,
                                   "landmarks": [list(p) for p in labelled.frame.points]})
                began = time.perf_counter()
                socket_.send(text)
                answer = json.loads(socket_.recv())
                elapsed = (time.perf_counter() - began) * 1000
                if answer["type"] != "form":
                    raise RuntimeError(f"unexpected answer {answer}")
                (written if answer["effects"] else quiet).append(elapsed)
                time.sleep(max(0.0, FRAME_SECONDS - elapsed / 1000))  # the page's pace, under the server's limit
    return quiet, written


def engine_steps(clips: list[Clip]) -> list[float]:
    """Milliseconds of the form rules' step alone on the same frames."""
    form = load_form_rules()["prone-on-elbows"]
    checker = FormChecker(form)
    times = []
    for clip in clips:
        state = checker.start()
        for labelled in clip.frames:
            began = time.perf_counter()
            state, _ = checker.step(state, labelled.frame)
            times.append((time.perf_counter() - began) * 1000)
    return times


def http_events(api: Api, session_id: int, count: int) -> list[float]:
    """Milliseconds of HTTP session events (pause and resume in turn, each stored) to the same server."""
    times = []
    for n in range(count):
        event = {"type": "pause" if n % 2 == 0 else "resume", "at": 7 + n * 0.1}
        began = time.perf_counter()
        api.call("POST", f"/api/v1/sessions/{session_id}/events", event, {"Idempotency-Key": f"http-{n}"})
        times.append((time.perf_counter() - began) * 1000)
    return times


def describe(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{name:<44} n={len(times):>4}  p50 {statistics.median(times):7.3f} ms  p95 {p95:7.3f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="times each clip is played")
    rounds = parser.parse_args().rounds
    library = {(c.exercise_id, c.name): c for c in standard_clips(0.003, 11)}
    clips = [library[("prone-on-elbows", "good")], library[("prone-on-elbows", "hips lift")]] * rounds
    with tempfile.TemporaryDirectory() as folder:
        process, port = serve(Path(folder))
        try:
            api = Api(port)
            api.call("POST", "/api/v1/auth/register", {"email": "pose@bench.invalid", "password": PASSWORD})
            api.call("POST", "/api/v1/auth/login", {"email": "pose@bench.invalid", "password": PASSWORD})
            quiet, written = socket_round_trips(port, api.cookie, holding_session(api), clips)
            posted = http_events(api, holding_session(api), max(40, len(written) * 10))
        finally:
            process.terminate()
            process.wait(timeout=10)
    steps = engine_steps(clips)
    print(describe("form rules' step alone (in process)", steps))
    print(describe("WebSocket frame -> answer, no event", quiet))
    print(describe("WebSocket frame -> answer, with a form event", written))
    print(describe("HTTP session event -> answer (same server)", posted))
    print(f"ratio: WebSocket round trip / the rules' step          "
          f"{statistics.median(quiet) / statistics.median(steps):6.1f}x")
    if written:
        print(f"ratio: WebSocket frame with an event / HTTP event    "
              f"{statistics.median(written) / statistics.median(posted):6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

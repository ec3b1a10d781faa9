"""The camera form check's WebSocket (/api/v1/sessions/{id}/pose) with landmark frames made by the body model:
a fault pauses the hold through the session's own event use case and its cue comes back; good form resumes it;
repetitions the camera counts go into the session; malformed frames are answered with an error and the socket
stays usable; frames beyond the rate are dropped; anyone but the owner is refused with a close code; the form
summary is kept with the session."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from backcoach.knowledge.loader import load_knowledge
from backcoach.settings import Settings
from backcoach.web.app import create_app
from backcoach.web.routes import pose
from backcoach.web.routes.pose import NOT_SIGNED_IN, NOT_YOURS, OTHER_SITE, FrameRate
from devtools.form_clips import Clip
from devtools.form_library import standard_clips
from tests.web.test_accounts_api import PLAN, person

HIPS_CUE = "Keep your hips on the ground."
START_OF_HOLD = 6.0  # the session's get-ready countdown is 5 s


@cache
def clips() -> dict[tuple[str, str], Clip]:
    return {(c.exercise_id, c.name): c for c in standard_clips(0.003, 7)}


def routine_item(exercise_id: str, name: str, position: str, **dosage: Any) -> dict[str, Any]:
    """A routine item of one exercise, its own cues and steps from the library, at this dose."""
    exercise = load_knowledge().exercises[exercise_id]
    dose = {"reps": 1, "sets": 1, "per_side": False, "rest_seconds": 0, "times_per_day": 1} | dosage
    return {**PLAN["routine"][0], "exercise_id": exercise_id, "name": name, "position": position, "dosage": dose,
            "cues": list(exercise.cues), "steps": list(exercise.steps), "summary": exercise.summary}


def session_of(client: TestClient, *items: dict[str, Any]) -> int:
    program = client.post("/api/v1/me/programs", json={"plan": {**PLAN, "routine": list(items)}})
    assert program.status_code == 201, program.text
    session_id: int = client.post("/api/v1/sessions", json={"program_id": program.json()["id"]}).json()["id"]
    return session_id


def post_event(client: TestClient, session_id: int, event: dict[str, Any], key: str) -> list[dict[str, Any]]:
    answer = client.post(f"/api/v1/sessions/{session_id}/events", json=event, headers={"Idempotency-Key": key})
    assert answer.status_code == 200, answer.text
    effects: list[dict[str, Any]] = answer.json()
    return effects


def holding(client: TestClient, *items: dict[str, Any]) -> int:
    """A session of these exercises, started and into the first one's hold (or repetitions)."""
    session_id = session_of(client, *items)
    post_event(client, session_id, {"type": "start", "at": 0}, "start")
    post_event(client, session_id, {"type": "tick", "at": START_OF_HOLD}, "tick")
    return session_id


def message(frame_rows: Any, t: float, at: float) -> str:
    return json.dumps({"t": t, "at": at, "aspect": 4 / 3, "landmarks": frame_rows})


def rows(clip: Clip, index: int) -> list[list[float]]:
    return [list(point) for point in clip.frames[index].frame.points]


@pytest.fixture
def unlimited(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clips are sent as fast as the test can: the rate limit is tested on its own."""
    monkeypatch.setattr(pose, "MAX_FRAMES_PER_SECOND", 1e9)
    monkeypatch.setattr(pose, "BURST_FRAMES", 1e9)


def play(socket: Any, clip: Clip, at: float) -> list[dict[str, Any]]:
    answers = []
    for index, labelled in enumerate(clip.frames):
        socket.send_text(message(rows(clip, index), labelled.frame.t, at + labelled.frame.t))
        answers.append(socket.receive_json())
    return answers


def test_a_fault_pauses_the_hold_with_its_cue_and_good_form_resumes_it(settings: Settings, unlimited: None) -> None:
    owner = person(settings, "owner@example.org")
    session_id = holding(owner, routine_item("prone-on-elbows", "Prone on elbows", "prone", hold_seconds=60))
    clip = clips()[("prone-on-elbows", "hips lift")]
    with owner.websocket_connect(f"/api/v1/sessions/{session_id}/pose") as socket:
        hello = socket.receive_json()
        answers = play(socket, clip, START_OF_HOLD)
    assert hello["type"] == "exercise" and hello["exercise_id"] == "prone-on-elbows" and hello["checked"]
    assert hello["placement"]["view"] == "side" and "metres" in hello["placement"]["distance"]
    assert all(a["type"] == "form" and a["status"] == "judged" and a["counting"] for a in answers)
    paused = next(i for i, a in enumerate(answers) if any(e["type"] == "hold_paused" for e in a["effects"]))
    assert {"type": "say", "text": f"Check your form: {HIPS_CUE}"} in [
        {k: v for k, v in e.items() if k != "at"} for e in answers[paused]["effects"]]
    assert answers[paused]["cue"] == HIPS_CUE and answers[paused]["faults"] == ["hips-down"]
    lifted = next(f.frame.t for f in clip.frames if f.labels.get("hips-down"))
    assert answers[paused]["t"] - lifted <= 0.5, "the cue comes within half a second of the fault (frame time)"
    resumed = next(i for i, a in enumerate(answers) if any(e["type"] == "hold_resumed" for e in a["effects"]))
    assert resumed > paused and answers[resumed]["cue"] is None and answers[-1]["faults"] == []
    document = owner.get(f"/api/v1/sessions/{session_id}").json()
    camera_events = [e for e in document["events"] if e["idempotency_key"].startswith("camera-")]
    assert [(e["type"], e["valid"]) for e in camera_events] == [("form", False), ("form", True)]
    assert camera_events[0]["cue"] == HIPS_CUE and len({e["idempotency_key"] for e in camera_events}) == 2
    assert document["now"]["form_valid"] is True
    summary = document["form_summary"]["exercises"][0]
    assert summary["exercise_id"] == "prone-on-elbows" and summary["frames"] == len(answers)
    assert [f["code"] for f in summary["findings"]] == ["hips-down"]
    assert "landmarks" not in json.dumps(document["form_summary"])
    exported = owner.get("/api/v1/me/export").json()["sessions"][0]
    assert exported["form_summary"] == document["form_summary"]


def test_good_form_sends_nothing_to_the_session(settings: Settings, unlimited: None) -> None:
    owner = person(settings, "owner@example.org")
    session_id = holding(owner, routine_item("prone-on-elbows", "Prone on elbows", "prone", hold_seconds=60))
    with owner.websocket_connect(f"/api/v1/sessions/{session_id}/pose") as socket:
        socket.receive_json()
        answers = play(socket, clips()[("prone-on-elbows", "good")], START_OF_HOLD)
    assert all(a["status"] == "judged" and not a["faults"] and not a["effects"] for a in answers)
    events = owner.get(f"/api/v1/sessions/{session_id}").json()["events"]
    assert [e["type"] for e in events] == ["start", "tick"]


def test_repetitions_the_camera_counts_go_into_the_session(settings: Settings, unlimited: None) -> None:
    owner = person(settings, "owner@example.org")
    session_id = holding(owner, routine_item("prone-press-up", "Prone press-up", "prone", reps=10))
    with owner.websocket_connect(f"/api/v1/sessions/{session_id}/pose") as socket:
        socket.receive_json()
        answers = play(socket, clips()[("prone-press-up", "good")], START_OF_HOLD)
    camera_reps = answers[-1]["reps"]
    counted = [e for a in answers for e in a["effects"] if e["type"] == "rep_counted"]
    assert camera_reps >= 4 and len(counted) >= camera_reps  # the engine's tempo counts a rep too, when it runs out
    events = owner.get(f"/api/v1/sessions/{session_id}").json()["events"]
    assert sum(e["type"] == "rep_done" and e["idempotency_key"].startswith("camera-") for e in events) == camera_reps


def test_the_camera_that_cannot_see_says_what_to_change_and_leaves_the_timer(settings: Settings,
                                                                             unlimited: None) -> None:
    owner = person(settings, "owner@example.org")
    session_id = holding(owner, routine_item("prone-on-elbows", "Prone on elbows", "prone", hold_seconds=60))
    nobody = [[0.0, 0.0, 0.0, 0.0]] * 33
    with owner.websocket_connect(f"/api/v1/sessions/{session_id}/pose") as socket:
        socket.receive_json()
        socket.send_text(message(nobody, 1.0, 7.0))
        answer = socket.receive_json()
    assert answer["status"] == "cant_see" and "Step into the camera's view" in answer["problem"]
    assert answer["effects"] == []


def test_malformed_frames_get_an_error_and_the_socket_stays_usable(settings: Settings, unlimited: None) -> None:
    owner = person(settings, "owner@example.org")
    session_id = holding(owner, routine_item("prone-on-elbows", "Prone on elbows", "prone", hold_seconds=60))
    good = rows(clips()[("prone-on-elbows", "good")], 0)
    bad = ["not json", "[1, 2]", json.dumps({"t": 1, "at": 7, "landmarks": good[:32]}),
           message([[0.5, 0.5, 0.0, 2.0]] * 33, 1.0, 7.0), message(good, -1.0, 7.0),
           json.dumps({"t": 1, "at": 7, "landmarks": good, "picture": "..."}),
           message(good, 1.0, 7.0).replace("0.", "NaN, 0.", 1), "x" * 20_000]
    with owner.websocket_connect(f"/api/v1/sessions/{session_id}/pose") as socket:
        socket.receive_json()
        errors = []
        for text in bad:
            socket.send_text(text)
            errors.append(socket.receive_json())
        socket.send_bytes(b"\x00\x01")
        errors.append(socket.receive_json())
        socket.send_text(message(good, 2.0, 8.0))
        after = socket.receive_json()
        socket.send_text(message(good, 1.0, 8.5))  # the frame clock went back
        errors.append(socket.receive_json())
    assert all(e["type"] == "error" and e["error"] == "invalid_input" and e["message"] for e in errors)
    fields = [e["field"] for e in errors]
    assert fields[:4] == ["message", "message", "landmarks", "landmarks[0][3]"] and fields[-1] == "t"
    assert "picture" in fields and "message" in fields
    assert after["type"] == "form" and after["status"] == "judged"


def test_frames_beyond_the_rate_are_dropped_not_judged(settings: Settings) -> None:
    owner = person(settings, "owner@example.org")
    session_id = holding(owner, routine_item("prone-on-elbows", "Prone on elbows", "prone", hold_seconds=60))
    clip = clips()[("prone-on-elbows", "good")]
    with owner.websocket_connect(f"/api/v1/sessions/{session_id}/pose") as socket:
        socket.receive_json()
        for index in range(40):  # sent at once, far faster than 30 a second
            socket.send_text(message(rows(clip, index), index / 30, START_OF_HOLD + index / 30))
        kinds = [socket.receive_json()["type"] for _ in range(40)]
    assert kinds.count("dropped") >= 1 and kinds.count("form") >= pose.BURST_FRAMES


def test_the_frame_rate_refills_with_time() -> None:
    now = [0.0]
    rate = FrameRate(rate=30, burst=2, clock=lambda: now[0])
    assert [rate.take() for _ in range(3)] == [True, True, False]
    now[0] += 1 / 30
    assert rate.take() and not rate.take()


def test_anyone_but_the_owner_is_refused_with_a_close_code(settings: Settings) -> None:
    owner = person(settings, "owner@example.org")
    session_id = holding(owner, routine_item("prone-on-elbows", "Prone on elbows", "prone", hold_seconds=60))
    stranger = person(settings, "stranger@example.org")
    visitor = TestClient(create_app(settings))
    cases = [(stranger, f"/api/v1/sessions/{session_id}/pose", {}, NOT_YOURS),
             (stranger, "/api/v1/sessions/999999/pose", {}, NOT_YOURS),
             (visitor, f"/api/v1/sessions/{session_id}/pose", {}, NOT_SIGNED_IN),
             (owner, f"/api/v1/sessions/{session_id}/pose", {"origin": "https://elsewhere.example"}, OTHER_SITE)]
    for client, path, headers, code in cases:
        with client.websocket_connect(path, headers=headers) as socket, pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
        assert closed.value.code == code
    assert [e["type"] for e in owner.get(f"/api/v1/sessions/{session_id}").json()["events"]] == ["start", "tick"]


def test_the_checker_follows_the_session_to_its_next_exercise(settings: Settings, unlimited: None) -> None:
    owner = person(settings, "owner@example.org")
    session_id = holding(owner, routine_item("prone-on-elbows", "Prone on elbows", "prone", hold_seconds=60),
                         routine_item("prone-press-up", "Prone press-up", "prone", reps=10))
    good = clips()[("prone-on-elbows", "good")]
    with owner.websocket_connect(f"/api/v1/sessions/{session_id}/pose") as socket:
        assert socket.receive_json()["exercise_id"] == "prone-on-elbows"
        play(socket, good, START_OF_HOLD)
        post_event(owner, session_id, {"type": "skip", "at": START_OF_HOLD + 11}, "skip")
        answer: dict[str, Any] = {}
        for index in range(3000):  # until the camera has read the session again (at most every 0.5 s)
            socket.send_text(message(rows(good, 0), 20 + index / 30, START_OF_HOLD + 11 + index / 30))
            answer = socket.receive_json()
            if answer["exercise_id"] == "prone-press-up":
                break
    assert answer["exercise"]["exercise_id"] == "prone-press-up" and answer["exercise"]["counted_by"] == "reps"
    assert answer["exercise"]["placement"]["view"] == "side"
    kept = owner.get(f"/api/v1/sessions/{session_id}").json()["form_summary"]["exercises"]
    assert [summary["exercise_id"] for summary in kept] == ["prone-on-elbows", "prone-press-up"]
    assert kept[0]["frames"] >= len(good.frames) and kept[0]["findings"] == []


def test_turning_the_camera_off_during_a_fault_lets_the_timer_count_again(settings: Settings,
                                                                         unlimited: None) -> None:
    owner = person(settings, "owner@example.org")
    session_id = holding(owner, routine_item("prone-on-elbows", "Prone on elbows", "prone", hold_seconds=60))
    clip = clips()[("prone-on-elbows", "hips lift")]
    with owner.websocket_connect(f"/api/v1/sessions/{session_id}/pose") as socket:
        socket.receive_json()
        for index, labelled in enumerate(clip.frames):
            socket.send_text(message(rows(clip, index), labelled.frame.t, START_OF_HOLD + labelled.frame.t))
            if any(e["type"] == "hold_paused" for e in socket.receive_json()["effects"]):
                break
        assert owner.get(f"/api/v1/sessions/{session_id}").json()["now"]["form_valid"] is False
    document = owner.get(f"/api/v1/sessions/{session_id}").json()
    assert document["now"]["form_valid"] is True
    assert document["events"][-1]["type"] == "form" and document["events"][-1]["valid"] is True
    assert document["events"][-1]["idempotency_key"].startswith("camera-")

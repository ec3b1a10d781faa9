"""The form check engine on labelled clips from the body model: every rule finds its fault with its cue and stays
quiet on good form, with noise; unseen parts give "can't see" rather than a guess; repetitions, holds, sides,
wrong view and wrong position; events only on a change; and its events drive the session engine."""

from __future__ import annotations

import itertools
from dataclasses import replace
from functools import cache
from typing import Any

import pytest

from backcoach.domain.form import FormChecker, FrameResult, form_summary
from backcoach.domain.form.camera import NOBODY, TOO_FEW
from backcoach.domain.form.checker import FormState
from backcoach.domain.form.landmarks import LANDMARK_NAMES, Frame
from backcoach.domain.session import new_session, step
from backcoach.domain.session_model import StepSpec
from backcoach.knowledge.form_rules import load_form_rules
from devtools.body_model import Camera, Picture
from devtools.form_clips import Clip, make_clip, repeat
from devtools.form_library import SPECS, standard_clips

FORMS = load_form_rules()


@cache
def clips(noise: float = 0.004, seed: int = 3) -> dict[tuple[str, str], Clip]:
    return {(c.exercise_id, c.name): c for c in standard_clips(noise, seed)}


def run(exercise_id: str, frames: list[Frame], aspect: float = 4 / 3) -> tuple[FormState, list[FrameResult]]:
    checker = FormChecker(FORMS[exercise_id], aspect)
    state = checker.start()
    results = []
    for frame in frames:
        state, result = checker.step(state, frame)
        results.append(result)
    return state, results


def run_clip(clip: Clip) -> tuple[FormState, list[FrameResult]]:
    return run(clip.exercise_id, [f.frame for f in clip.frames], clip.camera.aspect)


def form_events(results: list[FrameResult]) -> list[dict[str, Any]]:
    return [e for r in results for e in r.events if e["type"] == "form"]


FAULT_CLIPS = [(e, n, rule) for e, n, _, _, _, faults in SPECS for rule in sorted(faults)]
GOOD_CLIPS = [(e, n) for e, n, _, _, _, faults in SPECS if not faults]


@pytest.mark.parametrize(("exercise_id", "name", "rule_id"), FAULT_CLIPS)
def test_each_rule_finds_its_fault_and_says_its_cue(exercise_id: str, name: str, rule_id: str) -> None:
    _, results = run_clip(clips()[(exercise_id, name)])
    cue = next(rule.cue for rule in FORMS[exercise_id].rules if rule.id == rule_id)
    events = form_events(results)
    assert {"type": "form", "valid": False, "cue": cue} in events
    assert events[-1] == {"type": "form", "valid": True} or not name.endswith(("lift", "forward", "bend"))
    assert all(r.status == "judged" for r in results)


@pytest.mark.parametrize(("exercise_id", "name"), GOOD_CLIPS)
def test_good_form_is_judged_valid_throughout(exercise_id: str, name: str) -> None:
    state, results = run_clip(clips()[(exercise_id, name)])
    assert form_events(results) == []
    assert all(r.status == "judged" and not r.faults for r in results)
    assert state.findings == ()


@pytest.mark.parametrize("exercise_id", sorted({e for e, *_ in SPECS}))
def test_rules_agree_with_the_models_labels_on_nine_frames_in_ten(exercise_id: str) -> None:
    agree = judged = 0
    for clip in (c for c in clips(0.003, 5).values() if c.exercise_id == exercise_id):
        _, results = run_clip(clip)
        for labelled, result in zip(clip.frames, results, strict=True):
            for rule in FORMS[exercise_id].rules:
                label = labelled.labels.get(rule.id)
                applies = rule.id in result.judged_rules
                if label is not None and applies and result.status == "judged":
                    judged += 1
                    agree += (rule.id in result.faults) == label
    if FORMS[exercise_id].rules:
        assert agree / judged >= 0.9


def test_events_come_only_on_a_change_of_verdict() -> None:
    _, results = run_clip(clips()[("prone-on-elbows", "hips lift")])
    events = form_events(results)
    assert events == [{"type": "form", "valid": False, "cue": "Keep your hips on the ground."},
                      {"type": "form", "valid": True}]
    assert sum(bool(r.events) for r in results) == 2


def test_a_hold_counts_only_while_the_form_is_valid() -> None:
    good, _ = run_clip(clips()[("prone-on-elbows", "good")])
    faulty, results = run_clip(clips()[("prone-on-elbows", "hips lift")])
    faulty_seconds = sum(1 for r in results if r.faults) / 30
    assert good.hold_seconds == pytest.approx(10 - 1 / 30, abs=0.05)
    assert faulty.hold_seconds == pytest.approx(good.hold_seconds - faulty_seconds, abs=0.05)
    assert 3.5 < faulty_seconds < 5.5


@pytest.mark.parametrize(("exercise_id", "name", "reps"),
                         [(e, n, r) for e, n, _, _, r, _ in SPECS if r is not None])
def test_repetitions_are_counted_and_faulty_ones_are_not(exercise_id: str, name: str, reps: int) -> None:
    state, results = run_clip(clips()[(exercise_id, name)])
    assert state.reps == reps
    assert sum(e == {"type": "rep_done"} for r in results for e in r.events) == reps


def test_jitter_around_a_threshold_does_not_count_extra_repetitions() -> None:
    def timeline(t: float) -> dict[str, float]:
        if t < 4.5:
            return {"move": repeat(t, 3.5, 1.0, 1.0)}
        return {"move": 0.5 + 0.12 * (1 if int(t * 6) % 2 else -1)}  # trunk jumping 26 <-> 35 degrees, 3 times a second
    clip = make_clip("prone-press-up", "jitter", 10, timeline, picture=Picture(noise=0.004))
    state, results = run_clip(clip)
    assert state.reps == 1
    assert sum(r.in_end != before.in_end for before, r in itertools.pairwise(results)) <= 3


def test_hidden_hips_give_cant_see_with_the_reason_never_a_guess() -> None:
    clip = clips()[("prone-press-up", "hips lift at the top")]
    frames = [replace(f.frame, points=tuple(p._replace(visibility=0.1) if i in (23, 24) else p
                                            for i, p in enumerate(f.frame.points))) for f in clip.frames]
    state, results = run("prone-press-up", frames)
    assert {r.status for r in results} == {"cant_see"}
    assert {r.problem for r in results} == {"I can't see your hips clearly. Make sure nothing is in the way and "
                                            "the room is well lit."}
    assert form_events(results) == [] and state.reps == 0
    assert form_summary(FORMS["prone-press-up"], state)["camera"]["quality"] == "poor"


def test_legs_out_of_the_picture_are_named() -> None:
    camera = Camera(view="side", near="right", distance=1.6, height=0.5, aim=(0.7, 0.3))  # too close, aimed at the head
    clip = make_clip("prone-press-up", "too close", 3, lambda t: {}, camera=camera)
    _, results = run_clip(clip)
    assert results[-1].status == "cant_see"
    assert results[-1].problem == ("Your knees are out of the picture. Move the camera back so your whole body is "
                                   "in it.")


def test_too_dark_says_so_and_the_timer_takes_over_from_a_pending_fault() -> None:
    bad = clips()[("prone-on-elbows", "hips lift")].frames
    faint = Picture(noise=0.004, hidden=frozenset(LANDMARK_NAMES[:26]))  # only 7 points seen well enough
    dark = make_clip("prone-on-elbows", "dark", 2, lambda t: {"hips": 1.0}, picture=faint)
    frames = [f.frame for f in bad[:150]] + [replace(f.frame, t=f.frame.t + 5) for f in dark.frames]
    _, results = run("prone-on-elbows", frames)
    assert results[149].faults == ("hips-down",)
    assert results[-1].status == "cant_see" and results[-1].problem == TOO_FEW
    events = form_events(results)
    assert events[-1] == {"type": "form", "valid": True}, "falls back to the timer rather than judging"
    notices = [r.notice for r in results if r.notice]
    assert notices == [TOO_FEW]


def test_the_wrong_view_asks_to_turn() -> None:
    clip = make_clip("prone-press-up", "from the feet", 2, lambda t: {}, camera=Camera(view="front", distance=1.0,
                                                                                     height=0.7))
    _, results = run_clip(clip)
    assert results[-1].status == "cant_see"
    assert results[-1].problem == FORMS["prone-press-up"].placement.turn_cue


def test_the_wrong_position_is_said_after_a_second() -> None:
    clip = make_clip("standing-back-extension", "standing", 3, lambda t: {}, camera=Camera(view="side",
                                                                                           distance=3.2, height=1.0))
    _, results = run("prone-press-up", [f.frame for f in clip.frames])
    assert {r.status for r in results} == {"out_of_position"}
    assert not any(r.events for r in results[:29]), "said only once it has lasted a second"
    assert form_events(results) == [{"type": "form", "valid": False, "cue": FORMS["prone-press-up"].position.cue}]


def test_the_side_is_detected() -> None:
    _, left = run_clip(clips()[("single-knee-to-chest", "good, left knee")])
    _, right = run_clip(clips()[("single-knee-to-chest", "good")])
    assert left[150].side == "left" and right[150].side == "right"
    _, rotation = run_clip(clips()[("lower-trunk-rotation", "good")])
    assert rotation[(4 * 30)].side == "left" and rotation[(13 * 30)].side == "right"


def test_the_summary_has_the_analyze_shape() -> None:
    state, _ = run_clip(clips()[("bridge", "sagging")])
    summary = form_summary(FORMS["bridge"], state, fps=30)
    assert {"exercise_id", "frames", "fps", "camera", "reps", "valid_hold_seconds", "findings"} <= set(summary)
    assert summary["camera"] == {"view": "side", "quality": "good", "problems": []}
    assert summary["reps"] == 0 and summary["frames"] == 25 * 30
    codes = {f["code"] for f in summary["findings"]}
    assert codes == {"hips-in-line", "rep_not_counted"}
    assert all(set(f) == {"t", "code", "message"} for f in summary["findings"])


def test_form_events_pause_and_resume_the_sessions_hold() -> None:
    spec = StepSpec("prone-on-elbows", "Prone on elbows", "prone", reps=1, hold_seconds=30,
                    cues=("Keep your hips on the ground.",))
    session = new_session((spec,))
    session, _ = step(session, {"type": "start"}, 0.0)
    effects = []
    _, results = run_clip(clips()[("prone-on-elbows", "hips lift")])
    for result in results:
        for event in result.events:
            session, out = step(session, event, 6.0 + result.t)
            effects += [e.to_dict() for e in out]
    kinds = [e["type"] for e in effects]
    assert "hold_paused" in kinds and "hold_resumed" in kinds
    assert {"type": "say", "text": "Check your form: Keep your hips on the ground."} in [
        {k: v for k, v in e.items() if k != "at"} for e in effects]


def test_nobody_in_the_picture_is_said() -> None:
    clip = make_clip("bridge", "dark room", 2, lambda t: {}, picture=Picture(dim=0.3))
    state, results = run_clip(clip)
    assert {r.problem for r in results} == {NOBODY}
    assert [r.notice for r in results if r.notice] == [NOBODY]
    assert form_summary(FORMS["bridge"], state)["camera"]["problems"] == [NOBODY]


def test_every_event_is_a_valid_session_event() -> None:
    from backcoach.services.session_replay import check_event

    events = [{**event, "at": result.t} for clip in clips().values() for result in run_clip(clip)[1]
              for event in result.events]
    assert {e["type"] for e in events} == {"form", "rep_done"}
    for event in events:
        check_event(event)


def test_seeing_again_is_said_and_judging_resumes() -> None:
    good = clips()[("prone-on-elbows", "good")].frames
    hidden = [replace(f.frame, points=tuple(p._replace(visibility=0.1) for p in f.frame.points)) for f in good[60:120]]
    frames = [f.frame for f in good[:60]] + hidden + [f.frame for f in good[120:]]
    state, results = run("prone-on-elbows", frames)
    assert [r.notice for r in results if r.notice] == [NOBODY, "I can see you again."]
    assert results[-1].status == "judged" and form_events(results) == []
    assert state.hold_seconds == pytest.approx((len(good) - 60) / 30, abs=0.1), "the unseen two seconds do not count"


def test_frames_out_of_order_or_repeated_add_no_time() -> None:
    frames = [f.frame for f in clips()[("prone-on-elbows", "good")].frames[:90]]
    shuffled = [*frames[:45], frames[10], frames[44], frames[44], *frames[45:]]
    state, results = run("prone-on-elbows", shuffled)
    assert state.hold_seconds == pytest.approx(89 / 30, abs=0.01)
    assert [r.status for r in results[45:48]] == ["skipped"] * 3
    assert state.frames == 90


def test_a_frame_is_read_from_rows_as_mediapipe_sends_them() -> None:
    clip_frame = clips()[("bridge", "good")].frames[0].frame
    rows = [[p.x, p.y, p.z, p.visibility, 0.99] for p in clip_frame.points]  # with MediaPipe's presence too
    assert Frame.from_rows(clip_frame.t, rows) == clip_frame


def test_a_moment_unseen_does_not_lift_a_fault() -> None:
    frames = [f.frame for f in clips()[("prone-on-elbows", "hips lift")].frames]
    glitched = [replace(f, points=tuple(p._replace(visibility=0.1) for p in f.points)) if i in (130, 131, 132) else f
                for i, f in enumerate(frames)]
    _, results = run("prone-on-elbows", glitched)
    assert [r.status for r in results[130:133]] == ["cant_see"] * 3
    assert form_events(results) == [{"type": "form", "valid": False, "cue": "Keep your hips on the ground."},
                                    {"type": "form", "valid": True}]

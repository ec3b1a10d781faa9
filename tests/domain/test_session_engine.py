"""Scripted replays through the pure session engine: step(state, event, now) -> (state, effects)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backcoach.domain.session import new_session, step, summary
from backcoach.domain.session_model import SessionState, StepSpec

ROTATION = StepSpec("lower-trunk-rotation", "Lower trunk rotation", "hooklying", reps=2, hold_seconds=30,
                    per_side=True, cues=("keep your low back and shoulders on the ground", "breathe slowly"))
PRESS_UP = StepSpec("prone-press-up", "Prone press-up", "prone", reps=3, hold_seconds=2,
                    cues=("keep your hips on the ground",), regresses_to="prone-on-elbows",
                    regress_name="Prone on elbows")
STANDING = StepSpec("standing-back-extension", "Standing back extension", "standing", reps=2, hold_seconds=30,
                    cues=("keep your knees straight",))


def play(steps: tuple[StepSpec, ...], events: list[dict[str, Any]], baseline: str | None = None
         ) -> tuple[SessionState, list[dict[str, Any]]]:
    state = new_session(steps, baseline)
    timeline: list[dict[str, Any]] = []
    for event in events:
        state, effects = step(state, event, float(event["at"]))
        timeline.extend(e.to_dict() for e in effects)
    return state, timeline


def of_type(timeline: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [e for e in timeline if e["type"] == kind]


def ticks(until: float, every: float = 1.0, start: float = 1.0) -> list[dict[str, Any]]:
    count = int((until - start) / every) + 1
    return [{"at": start + i * every, "type": "tick"} for i in range(count)]


def test_countdown_comes_before_the_first_hold_with_position_and_first_cue() -> None:
    _, timeline = play((ROTATION,), [{"at": 0, "type": "start"}, *ticks(10)])
    kinds = [e["type"] for e in timeline]
    assert kinds.index("countdown") < kinds.index("hold_started")
    assert of_type(timeline, "countdown")[0]["seconds"] == 5
    assert of_type(timeline, "hold_started")[0]["at"] == 5.0
    first_say = of_type(timeline, "say")[0]["text"]
    assert "knees bent" in first_say and "keep your low back and shoulders on the ground" in first_say


def test_per_side_holds_alternate_with_switch_sides_between() -> None:
    _, timeline = play((ROTATION,), [{"at": 0, "type": "start"}, *ticks(200)])
    holds = of_type(timeline, "hold_completed")
    assert [(h["side"], h["rep"]) for h in holds] == [("left", 1), ("right", 1), ("left", 2), ("right", 2)]
    assert all(h["seconds_counted"] == 30 for h in holds)
    assert len(of_type(timeline, "switch_sides")) == 3
    assert of_type(timeline, "ask_pain"), "asks about pain when the exercise ends"


def test_cues_are_spoken_half_way_and_five_seconds_before_the_end() -> None:
    _, timeline = play((STANDING,), [{"at": 0, "type": "start"}, *ticks(40)])
    says = {e["at"]: e["text"] for e in of_type(timeline, "say")}
    assert says[20.0] == "keep your knees straight"  # half-way through the 5..35 hold
    assert says[30.0] == "Five more seconds."


def test_hold_counts_only_while_form_is_valid() -> None:
    events = [{"at": 0, "type": "start"}, {"at": 10, "type": "form", "valid": False, "cue": "straighten your knees"},
              *ticks(30, start=11), {"at": 30.5, "type": "form", "valid": True}, *ticks(70, start=31)]
    _, timeline = play((STANDING,), events)
    first = of_type(timeline, "hold_completed")[0]
    assert first["seconds_counted"] == 30
    assert first["at"] == 55.5  # started at 5, paused 10 -> 30.5
    assert any("straighten your knees" in e["text"] for e in of_type(timeline, "say"))
    assert of_type(timeline, "hold_paused")[0]["at"] == 10


def test_sharp_pain_stops_at_once_with_advice_and_the_easier_alternative() -> None:
    events = [{"at": 0, "type": "start"}, *ticks(200),
              {"at": 201, "type": "pain_report", "level": 2, "sharp": False},
              {"at": 208, "type": "pain_report", "level": 7, "sharp": True}, *ticks(400, start=209)]
    state, timeline = play((ROTATION, PRESS_UP, STANDING), events)
    stopped = of_type(timeline, "session_stopped")
    assert len(stopped) == 1 and stopped[0]["reason"] == "sharp_pain"
    assert stopped[0]["regress_to"] == "prone-on-elbows"
    assert "Prone on elbows" in stopped[0]["advice"] and "doctor or physiotherapist" in stopped[0]["advice"]
    assert not [e for e in timeline if e["at"] > 208 and e["type"] in ("hold_started", "reps_started")]
    assert state.status == "stopped"


def test_symptoms_spreading_down_the_leg_stop_the_exercise_and_flag_regression() -> None:
    events = [{"at": 0, "type": "start"}, *ticks(20),
              {"at": 21, "type": "pain_report", "level": 3, "sharp": False, "leg_symptoms": "foot"},
              *ticks(300, start=22)]
    state, timeline = play((ROTATION, STANDING), events, baseline="above_knee")
    stopped = of_type(timeline, "session_stopped")
    assert stopped[0]["reason"] == "symptoms_spreading" and stopped[0]["exercise_id"] == "lower-trunk-rotation"
    assert not [e for e in timeline if e["at"] > 21 and e["type"] == "hold_started"]
    assert summary(state)["regressions"] == ["lower-trunk-rotation"]


def test_symptoms_moving_up_are_noted_as_a_good_sign() -> None:
    events = [{"at": 0, "type": "start"}, *ticks(150),
              {"at": 151, "type": "pain_report", "level": 1, "sharp": False, "leg_symptoms": "buttock"}]
    state, timeline = play((ROTATION,), events, baseline="below_knee")
    assert of_type(timeline, "centralization_noted")
    assert state.centralized and of_type(timeline, "session_completed")


def test_waits_for_the_pain_answer_before_the_next_exercise() -> None:
    state, timeline = play((STANDING, PRESS_UP), [{"at": 0, "type": "start"}, *ticks(500)])
    assert state.phase == "ask_pain"
    assert [e["exercise_id"] for e in of_type(timeline, "show_step")] == ["standing-back-extension"] * 2


def test_pause_freezes_the_timer_and_resume_continues() -> None:
    events = [{"at": 0, "type": "start"}, {"at": 10, "type": "pause"}, *ticks(60, start=11),
              {"at": 60, "type": "resume"}, *ticks(100, start=61)]
    _, timeline = play((STANDING,), events)
    assert of_type(timeline, "hold_completed")[0]["at"] == 85


def test_skip_moves_to_the_next_exercise_and_the_summary_says_so() -> None:
    events = [{"at": 0, "type": "start"}, {"at": 8, "type": "skip"}, *ticks(40, start=9)]
    state, timeline = play((STANDING, PRESS_UP), events)
    assert of_type(timeline, "show_step")[-1]["exercise_id"] == "prone-press-up"
    assert summary(state)["exercises"][0]["status"] == "skipped"


def test_rep_done_counts_a_repetition_at_once() -> None:
    events = [{"at": 0, "type": "start"}, {"at": 5.5, "type": "rep_done"}, {"at": 6, "type": "rep_done"},
              {"at": 6.5, "type": "rep_done"}]
    state, timeline = play((PRESS_UP,), events)
    assert [e["at"] for e in of_type(timeline, "rep_counted")] == [5.5, 6, 6.5]
    assert summary(state)["exercises"][0]["reps"] == {"both": 3}


def test_events_after_the_end_cause_nothing_but_a_late_pain_report_is_kept() -> None:
    events = [{"at": 0, "type": "start"}, {"at": 3, "type": "stop"}, {"at": 4, "type": "tick"},
              {"at": 5, "type": "pain_report", "level": 4, "sharp": False}]
    state, timeline = play((STANDING,), events)
    assert of_type(timeline, "session_stopped")[0]["reason"] == "user"
    assert not [e for e in timeline if e["at"] > 3]
    assert summary(state)["late_pain_reports"][0]["level"] == 4


def test_summary_counts_holds_per_side() -> None:
    state, _ = play((ROTATION,), [{"at": 0, "type": "start"}, *ticks(150),
                                  {"at": 151, "type": "pain_report", "level": 0, "sharp": False}])
    exercise = summary(state)["exercises"][0]
    assert exercise["holds"] == {"left": 2, "right": 2}
    assert exercise["status"] == "completed"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.05, 7.0), min_size=5, max_size=60))
def test_tick_granularity_never_changes_the_timeline(gaps: list[float]) -> None:
    times, at = [], 0.0
    for gap in gaps:
        at += gap
        times.append(round(at, 3))
    coarse = [{"at": 0, "type": "start"}, *({"at": t, "type": "tick"} for t in times)]
    fine = [{"at": 0, "type": "start"}, *ticks(times[-1], every=0.5, start=0.5), {"at": times[-1], "type": "tick"}]
    _, a = play((ROTATION, PRESS_UP), coarse)
    _, b = play((ROTATION, PRESS_UP), fine)
    assert a == b


def test_the_input_state_is_never_modified() -> None:
    state = new_session((ROTATION,))
    after, _ = step(state, {"at": 0, "type": "start"}, 0)
    assert state.status == "ready" and after.status == "running"


def test_no_step_modifies_its_input_or_shares_anything_mutable_with_its_output() -> None:
    script = [{"at": 0, "type": "start"}, *ticks(40), {"at": 40.5, "type": "form", "valid": False},
              {"at": 41, "type": "form", "valid": True}, {"at": 42, "type": "pain_report", "level": 3},
              {"at": 43, "type": "skip"}, *ticks(60, start=44), {"at": 60.5, "type": "rep_done"},
              {"at": 61, "type": "pain_report", "level": 2, "leg_symptoms": "none"}, {"at": 62, "type": "stop"},
              {"at": 63, "type": "pain_report", "level": 1}]
    state = new_session((ROTATION, PRESS_UP, STANDING), "above_knee")
    for event in script:
        before = copy.deepcopy(state)
        after, _ = step(state, event, float(event["at"]))
        assert state == before, f"{event} changed its input state"
        assert after.steps is state.steps, "the frozen steps are shared, not copied"
        for mine, theirs in ((after.logs, state.logs), (after.cue_marks, state.cue_marks),
                             (after.regressions, state.regressions), (after.late_reports, state.late_reports)):
            assert mine is not theirs
        for new_log, old_log in zip(after.logs, state.logs, strict=True):
            assert new_log is not old_log and new_log.pain_reports is not old_log.pain_reports
            assert new_log.holds is not old_log.holds and new_log.reps is not old_log.reps
        state = after
    assert state.late_reports and any(log.pain_reports for log in state.logs)

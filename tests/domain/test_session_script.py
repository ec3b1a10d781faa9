"""The session script is a projection of the engine: what stepping the engine with ticks produces, from any
state; each later exercise's timeline is what the engine does after a skip at any moment; the answer tables are
the engine's answers."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backcoach.domain.session import new_session, step, view
from backcoach.domain.session_model import SessionState, StepSpec
from backcoach.domain.session_script import CHOICES, LEG_CHOICES, LEVEL_CHOICES, report_key, script
from tests.domain.test_session_engine import PRESS_UP, ROTATION, STANDING

GRID = 0.5  # ticks every half second: the engine puts each effect at its exact time whatever the ticks

specs = st.builds(
    StepSpec, exercise_id=st.sampled_from(["a", "b", "c", "d"]), name=st.just("An exercise"),
    position=st.sampled_from(["prone", "standing", "hooklying"]), reps=st.integers(1, 3), sets=st.integers(1, 2),
    hold_seconds=st.one_of(st.none(), st.integers(1, 40)), per_side=st.booleans(), rest_seconds=st.integers(0, 20),
    cues=st.just(("Breathe.", "Keep it slow.")), regresses_to=st.none(), regress_name=st.none(),
)
routines = st.lists(specs, min_size=1, max_size=3).map(tuple)


def tick_through(state: SessionState, until: float) -> tuple[SessionState, list[dict[str, Any]]]:
    """Tick the engine on a grid from the state's clock until it needs an answer, stops counting, or `until`."""
    effects: list[dict[str, Any]] = []
    at = state.clock
    while state.status == "running" and state.phase not in ("ask_pain", "done") and at < until:
        at = math.floor(at / GRID) * GRID + GRID
        state, caused = step(state, {"type": "tick"}, at)
        effects.extend(e.to_dict() for e in caused)
    return state, effects


def scripted(timeline: dict[str, Any], shift: float = 0.0) -> list[dict[str, Any]]:
    """Every effect of a timeline (its segments, then its ending) at session time."""
    effects = [e for segment in timeline["segments"] for e in segment["effects"]] + timeline["ending"]["effects"]
    return [{**e, "at": round(e["at"] + shift, 3)} for e in effects]


def started(steps: tuple[StepSpec, ...], events: list[dict[str, Any]]) -> SessionState:
    state = new_session(steps, "buttock")
    for event in events:
        state, _ = step(state, event, float(event["at"]))
    return state


@settings(max_examples=60, deadline=None)
@given(routines, st.floats(0, 60, allow_nan=False).map(lambda x: round(x, 2)))
def test_the_script_is_what_ticking_the_engine_produces(steps: tuple[StepSpec, ...], later: float) -> None:
    state = started(steps, [{"at": 0, "type": "start"}])
    state, _ = step(state, {"type": "tick"}, later)  # from anywhere in the session, not only its start
    projected = script(state)
    after, ticked = tick_through(state, until=10_000)
    assert scripted(projected) == ticked
    assert projected["ending"]["phase"] == after.phase and projected["ending"]["status"] == after.status
    assert after.phase in ("ask_pain", "done")
    for segment in projected["segments"]:  # what each segment shows is the engine's view inside it
        inside, _ = step(state, {"type": "tick"}, (segment["start"] + segment["end"]) / 2)
        shown = view(inside)
        assert (shown["phase"], shown["exercise_id"], shown["side"], shown["set"]) == (
            segment["phase"], segment["exercise_id"], segment["side"], segment["set"])


@settings(max_examples=40, deadline=None)
@given(routines, st.floats(0, 30, allow_nan=False).map(lambda x: round(x, 2)))
def test_each_later_exercise_is_what_the_engine_does_after_a_skip_at_any_moment(
        steps: tuple[StepSpec, ...], delay: float) -> None:
    state = started(steps, [{"at": 0, "type": "start"}])
    projected = script(state)
    assert [t["index"] for t in projected["exercises"]] == list(range(1, len(steps)))
    for timeline in projected["exercises"]:
        skip_at = state.clock + delay
        state, effects = step(state, {"type": "skip"}, skip_at)
        assert state.index == timeline["index"]
        skipped = next(n for n, e in enumerate(effects) if e.type == "exercise_skipped")
        entry = [e.to_dict() for e in effects[skipped + 1:]]  # what the skip starts (a rep the skipped exercise
        # completed at that very instant is counted before it, and is no part of the next exercise's timeline)
        after, ticked = tick_through(state, until=10_000)
        assert scripted(timeline, skip_at) == entry + ticked
        assert timeline["ending"]["phase"] == after.phase
    final, _ = step(state, {"type": "skip"}, state.clock + delay)
    assert final.status == "completed", "skipping the last exercise completes the session"


def test_a_paused_session_is_projected_as_resumed_and_shifts_by_the_pause() -> None:
    state = started((ROTATION, PRESS_UP), [{"at": 0, "type": "start"}, {"at": 12.3, "type": "pause"}])
    projected = script(state)
    assert projected["paused"] and projected["at"] == 12.3
    resumed, _ = step(state, {"type": "resume"}, 40.0)
    _, ticked = tick_through(resumed, until=10_000)
    assert scripted(projected, 40.0 - 12.3) == ticked


def test_a_session_not_started_is_projected_from_its_start() -> None:
    state = new_session((STANDING,))
    projected = script(state)
    begun, entry = step(state, {"type": "start"}, 0.0)
    _, ticked = tick_through(begun, until=10_000)
    assert projected["status"] == "ready"
    assert scripted(projected) == [e.to_dict() for e in entry] + ticked


def test_the_check_in_and_pain_tables_are_the_engines_answers() -> None:
    state = started((PRESS_UP, ROTATION), [{"at": 0, "type": "start"}])
    projected = script(state)
    at_check_in, _ = tick_through(state, until=10_000)
    assert at_check_in.phase == "ask_pain"
    assert len(projected["check_in"]) == 2 * len(LEG_CHOICES) * len(LEVEL_CHOICES)
    for sharp, leg, level in [(False, "none", 0), (False, "foot", 2), (True, None, 3), (False, None, 7)]:
        event: dict[str, Any] = {"type": "pain_report", "level": level, "sharp": sharp}
        if leg:
            event["leg_symptoms"] = leg
        after, effects = step(at_check_in, event, at_check_in.clock)
        outcome = projected["outcomes"][projected["check_in"][report_key(sharp, leg, level)]]
        assert outcome["status"] == after.status and outcome["last_leg"] == after.last_leg
        said = [e.to_dict() for e in effects]
        upto = next((i for i, e in enumerate(said) if e["type"] == "show_step"), len(said))
        assert outcome["effects"] == [{k: v for k, v in e.items() if k != "at"} for e in said[:upto]]
        assert outcome["next_exercise"] == (after.status == "running")
    sharp = projected["outcomes"][projected["reports"][report_key(True, None, 4)]]
    assert sharp["status"] == "stopped" and "Prone on elbows" in sharp["effects"][0]["text"]
    spreading = projected["outcomes"][projected["check_in"][report_key(False, "below_knee", 1)]]
    assert spreading["status"] == "stopped", "symptoms further down than the buttock stop the session"


def test_a_stopped_or_completed_session_has_nothing_to_play() -> None:
    state = started((PRESS_UP,), [{"at": 0, "type": "start"}, {"at": 3, "type": "stop"}])
    projected = script(state)
    assert projected["segments"] == [] and projected["exercises"] == [] and projected["stop"] is None
    assert projected["routine"] == [{"exercise_id": "prone-press-up", "name": "Prone press-up"}]


def test_the_stop_button_is_met_with_the_engines_words() -> None:
    state = started((PRESS_UP,), [{"at": 0, "type": "start"}])
    projected = script(state)
    stop = projected["outcomes"][projected["stop"]]
    _, effects = step(state, {"type": "stop"}, state.clock)
    assert stop["status"] == "stopped"
    assert stop["effects"] == [{k: v for k, v in e.to_dict().items() if k != "at"} for e in effects]


def test_screened_warning_signs_are_answered_as_the_engine_answers_them() -> None:
    state = started((PRESS_UP, ROTATION), [{"at": 0, "type": "start"}, {"at": 7, "type": "tick"}])
    triage = {"level": "emergency", "headline": "Call an ambulance.",
              "reasons": [{"message": "Numbness when you wipe.", "level": "emergency"}]}
    event = {"type": "pain_report", "red_flags": {"saddle_numbness": True}, "triage": triage}
    projected = script(state, {"saddle_numbness": event})
    outcome = projected["outcomes"][projected["warnings"]["saddle_numbness"]]
    _, effects = step(state, event, state.clock)
    assert outcome["status"] == "stopped"
    assert outcome["effects"] == [{k: v for k, v in e.to_dict().items() if k != "at"} for e in effects]
    assert script(state)["warnings"] == {}


def test_the_tables_follow_the_served_choices_in_order() -> None:
    """A page finds an answer from the script's `choices` alone: sharp, then leg, then level, nested in order."""
    keys = [report_key(sharp, leg, level) for sharp in CHOICES["sharp"] for leg in CHOICES["leg_symptoms"]
            for level in CHOICES["level"]]
    assert keys == list(range(2 * len(LEG_CHOICES) * len(LEVEL_CHOICES)))
    projected = script(started((PRESS_UP,), [{"at": 0, "type": "start"}]))
    assert projected["choices"] == CHOICES and len(projected["reports"]) == len(keys)

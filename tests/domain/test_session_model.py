"""The session state as JSON data (the snapshot kept beside a session's event log) reads back exactly."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backcoach.domain.session import new_session, step
from backcoach.domain.session_model import SessionState
from tests.domain.test_session_engine import PRESS_UP, ROTATION, STANDING

EVENTS = st.one_of(
    st.fixed_dictionaries({"type": st.sampled_from(["tick", "pause", "resume", "skip", "rep_done", "stop"])}),
    st.fixed_dictionaries({"type": st.just("form"), "valid": st.booleans()}),
    st.fixed_dictionaries({"type": st.just("pain_report"), "level": st.none() | st.integers(0, 10),
                           "sharp": st.booleans(),
                           "leg_symptoms": st.sampled_from(["none", "buttock", "above_knee", "below_knee"])}),
)


def played(gaps_and_events: list[tuple[float, dict[str, Any]]], baseline: str | None) -> SessionState:
    state, at = new_session((ROTATION, PRESS_UP, STANDING), baseline), 0.0
    state, _ = step(state, {"at": 0, "type": "start"}, 0.0)
    for gap, event in gaps_and_events:
        at += gap
        state, _ = step(state, {**event, "at": at}, at)
    return state


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(0.01, 9.0), EVENTS), max_size=40),
       st.sampled_from([None, "none", "above_knee"]))
def test_any_state_survives_json_and_goes_on_exactly_as_the_original(
        script: list[tuple[float, dict[str, Any]]], baseline: str | None) -> None:
    state = played(script, baseline)
    restored = SessionState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert restored == state
    later = state.clock + 30
    assert step(restored, {"at": later, "type": "tick"}, later) == step(state, {"at": later, "type": "tick"}, later)


def test_a_snapshot_shares_nothing_mutable_with_its_state() -> None:
    state = played([(1.0, {"type": "pain_report", "level": 2, "sharp": False, "leg_symptoms": "none"})], None)
    data = state.to_dict()
    data["logs"][0]["pain_reports"][0]["level"] = 9
    data["cue_marks"].append(99.0)
    assert state.logs[0].pain_reports[0]["level"] == 2 and 99.0 not in state.cue_marks

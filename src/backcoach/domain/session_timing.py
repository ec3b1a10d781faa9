"""How time moves a running session: countdowns, holds with cue points, repetitions, rests."""

from __future__ import annotations

from backcoach.domain.session_model import (
    GET_READY_SECONDS,
    POSITION_WORDS,
    REST_BETWEEN_HOLDS,
    REST_BETWEEN_SETS,
    SWITCH_SECONDS,
    Effect,
    Phase,
    SessionState,
)
from backcoach.domain.units import spoken

EPSILON = 1e-9


def advance(state: SessionState, to: float, effects: list[Effect]) -> None:
    """Move the session's clock to ``to``, crossing every boundary on the way at its exact time."""
    while state.clock < to - EPSILON:
        if not _counting(state):
            state.clock = to
            return
        remaining = _next_boundary(state) - state.phase_elapsed
        available = to - state.clock
        if available < remaining - EPSILON:
            state.phase_elapsed += available
            state.clock = to
            return
        state.clock += max(remaining, 0.0)
        state.phase_elapsed += max(remaining, 0.0)
        _cross_boundary(state, effects)


def _counting(state: SessionState) -> bool:
    if state.status != "running" or state.paused or state.phase in ("ask_pain", "done", "idle"):
        return False
    return state.form_valid or state.phase not in ("hold", "reps")


def _next_boundary(state: SessionState) -> float:
    if state.phase == "reps":
        return state.rep_seconds
    upcoming = [mark for mark in state.cue_marks if mark > state.phase_elapsed + EPSILON]
    return min([*upcoming, state.phase_length])


def _cross_boundary(state: SessionState, effects: list[Effect]) -> None:
    if state.phase == "hold" and state.phase_elapsed < state.phase_length - EPSILON:
        _speak_cue_mark(state, effects)
    elif state.phase == "countdown":
        _start_effort(state, effects)
    elif state.phase == "hold":
        _complete_hold(state, effects)
    elif state.phase == "reps":
        complete_rep(state, effects)
    else:  # rest or switch is over
        _show_effort(state, effects)
        _start_effort(state, effects)


def begin_exercise(state: SessionState, index: int, effects: list[Effect]) -> None:
    state.index = index
    state.effort_index = 0
    state.logs[index].status = "in_progress"
    spec = state.current
    _show_effort(state, effects)
    position = POSITION_WORDS.get(spec.position, "Get into position")
    effects.append(Effect(state.clock, "say", {"text": f"Get ready: {spec.name}. {position}. {spec.cues[0]}"}))
    effects.append(Effect(state.clock, "countdown", {"seconds": GET_READY_SECONDS, "exercise_id": spec.exercise_id}))
    _enter(state, "countdown", GET_READY_SECONDS)


def _show_effort(state: SessionState, effects: list[Effect]) -> None:
    set_no, rep, side = state.effort
    spec = state.current
    effects.append(Effect(state.clock, "show_step", {
        "exercise_id": spec.exercise_id, "side": side, "set": set_no, "rep": rep or None,
        "name": spec.name, "position": spec.position,
    }))


def _enter(state: SessionState, phase: Phase, length: float, marks: list[float] | None = None) -> None:
    state.phase = phase
    state.phase_length = float(length)
    state.phase_elapsed = 0.0
    state.cue_marks = marks or []


def _start_effort(state: SessionState, effects: list[Effect]) -> None:
    spec = state.current
    set_no, rep, side = state.effort
    where = f" on the {side} side" if side else ""
    if spec.held:
        hold = float(spec.hold_seconds or 0)
        marks = [m for m in (hold / 2 if hold >= 20 else None, hold - 5 if hold >= 15 else None) if m]
        effects.append(Effect(state.clock, "hold_started", {
            "exercise_id": spec.exercise_id, "side": side, "set": set_no, "rep": rep, "seconds": spec.hold_seconds,
        }))
        effects.append(Effect(state.clock, "say", {"text": f"Hold{where} for {spoken(spec.hold_seconds)}."}))
        _enter(state, "hold", hold, sorted(set(marks)))
        return
    state.reps_done = 0
    effects.append(Effect(state.clock, "reps_started", {
        "exercise_id": spec.exercise_id, "side": side, "set": set_no, "reps": spec.reps,
    }))
    effects.append(Effect(state.clock, "say", {"text": f"{spec.reps} repetitions{where}, at an easy pace."}))
    _enter(state, "reps", spec.rep_seconds * spec.reps)


def _speak_cue_mark(state: SessionState, effects: list[Effect]) -> None:
    spec = state.current
    left = state.phase_length - state.phase_elapsed
    if left <= 5 + 1e-6:
        text = "Five more seconds."
    else:
        text = spec.cues[1 % len(spec.cues)] if len(spec.cues) > 1 else spec.cues[0]
    effects.append(Effect(state.clock, "say", {"text": text}))


def _complete_hold(state: SessionState, effects: list[Effect]) -> None:
    spec = state.current
    set_no, rep, side = state.effort
    state.logs[state.index].count(side, held=True, seconds=state.phase_length)
    effects.append(Effect(state.clock, "hold_completed", {
        "exercise_id": spec.exercise_id, "side": side, "set": set_no, "rep": rep,
        "seconds_counted": round(state.phase_length, 3),
    }))
    _next_effort(state, effects)


def complete_rep(state: SessionState, effects: list[Effect]) -> None:
    """Count one repetition now (its tempo ran out, or the person said it is done)."""
    spec = state.current
    set_no, _, side = state.effort
    state.reps_done += 1
    state.phase_elapsed = 0.0
    state.logs[state.index].count(side, held=False)
    effects.append(Effect(state.clock, "rep_counted", {
        "exercise_id": spec.exercise_id, "side": side, "set": set_no, "rep": state.reps_done,
    }))
    if state.reps_done >= spec.reps:
        _next_effort(state, effects)


def _next_effort(state: SessionState, effects: list[Effect]) -> None:
    spec = state.current
    efforts = spec.efforts()
    if state.effort_index + 1 >= len(efforts):
        state.logs[state.index].status = "completed"
        finish_exercise(state, effects, ask=True)
        return
    set_before, _, side_before = efforts[state.effort_index]
    state.effort_index += 1
    set_after, _, side_after = efforts[state.effort_index]
    if set_after != set_before:
        seconds = max(spec.rest_seconds, REST_BETWEEN_SETS)
        effects.append(Effect(state.clock, "rest", {"seconds": seconds, "exercise_id": spec.exercise_id}))
        _enter(state, "rest", seconds)
    elif side_after != side_before:
        effects.append(Effect(state.clock, "switch_sides", {"exercise_id": spec.exercise_id, "to": side_after}))
        effects.append(Effect(state.clock, "say", {"text": f"Switch sides: now the {side_after} side."}))
        _enter(state, "switch", SWITCH_SECONDS)
    else:
        seconds = spec.rest_seconds or REST_BETWEEN_HOLDS
        effects.append(Effect(state.clock, "rest", {"seconds": seconds, "exercise_id": spec.exercise_id}))
        _enter(state, "rest", seconds)


def finish_exercise(state: SessionState, effects: list[Effect], ask: bool) -> None:
    """End the current exercise: ask about pain, or (when skipped) go straight on."""
    spec = state.current
    if ask:
        _enter(state, "ask_pain", 0)
        effects.append(Effect(state.clock, "ask_pain", {
            "exercise_id": spec.exercise_id,
            "question": "Did that hurt? Rate it 0 to 10, say if it was sharp, and where your leg symptoms reach now.",
        }))
        return
    if state.index + 1 >= len(state.steps):
        state.status = "completed"
        _enter(state, "done", 0)
        effects.append(Effect(state.clock, "session_completed", {}))
        return
    begin_exercise(state, state.index + 1, effects)

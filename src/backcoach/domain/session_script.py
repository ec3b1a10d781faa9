"""A projection of the session engine for a screen that must keep guiding while its connection is down.

From a state, ``script`` steps the engine forward (on copies, with ticks only) and returns the timeline the
engine would produce: segments (phase, exercise, side, set, rep, start and end in session seconds, the effects to
show and say) until the session needs an answer (``ask_pain``) or completes. Each remaining exercise's own
timeline from its start (times relative to that start) is included, so an offline skip can jump to it, and the
engine's answers to a pain report (during the exercise and at its check-in) for every choice a screen offers, so
an offline answer is met with the engine's own words. Nothing here decides anything: every value comes from
``step``; the server's engine stays the authority and the screen reconciles with it when back online.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backcoach.domain.legs import LEG_ORDER
from backcoach.domain.session import step, view
from backcoach.domain.session_model import Effect, SessionState

EPSILON = 1e-9
GUIDED_PHASES = ("countdown", "hold", "reps", "rest", "switch")
LEG_CHOICES: tuple[str | None, ...] = (None, *LEG_ORDER)  # None: not sure / not said
LEVEL_CHOICES: tuple[int | None, ...] = (None, *range(11))  # pain 0-10, or not said
ENTRY_EFFECTS = ("show_step", "say", "countdown")

__all__ = ["CHOICES", "LEG_CHOICES", "LEVEL_CHOICES", "report_key", "script"]


SHARP_CHOICES = (False, True)
CHOICES = {"sharp": list(SHARP_CHOICES), "leg_symptoms": list(LEG_CHOICES), "level": list(LEVEL_CHOICES)}


def report_key(sharp: bool, leg: str | None, level: int | None) -> int:
    """Where a pain report's answer is in the script's tables (lists of indexes into ``outcomes``): the choices
    in the order of ``CHOICES`` (served as the script's ``choices``), sharp first, then leg, then level."""
    position = SHARP_CHOICES.index(sharp) * len(LEG_CHOICES) + LEG_CHOICES.index(leg)
    return position * len(LEVEL_CHOICES) + LEVEL_CHOICES.index(level)


@dataclass
class _Played:
    segments: list[dict[str, Any]]
    final: SessionState
    ending: list[Effect]


class _Outcomes:
    """Distinct outcomes, each kept once (many choices give the same answer)."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._seen: dict[str, int] = {}

    def index(self, outcome: dict[str, Any]) -> int:
        key = repr(sorted(outcome.items()))
        if key not in self._seen:
            self._seen[key] = len(self.items)
            self.items.append(outcome)
        return self._seen[key]


def script(state: SessionState, warnings: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """The engine's timeline from ``state`` (see the module's docstring). A paused session is projected as if
    resumed at its clock: a screen shifts it by however long the pause lasts. ``warnings``: pain reports of
    warning signs a screen offers, already screened (with their ``triage``), by name; the engine's answer to each
    is in ``warnings`` of the script."""
    now = state.clock
    outcomes = _Outcomes()
    result: dict[str, Any] = {"at": now, "status": state.status, "phase": state.phase, "paused": state.paused,
                              "index": state.index, "last_leg": state.last_leg, "segments": [], "ending": None,
                              "reports": None, "check_in": None, "exercises": [], "outcomes": outcomes.items,
                              "routine": [{"exercise_id": spec.exercise_id, "name": spec.name} for spec in state.steps],
                              "stop": None, "warnings": {}, "choices": CHOICES}
    if state.status not in ("ready", "running") or not state.steps:
        return result
    live, entry = _live(state)
    result["stop"] = outcomes.index(_answer(live.index, *step(live, {"type": "stop"}, live.clock)))
    result["warnings"] = {name: outcomes.index(_answer(live.index, *step(live, event, live.clock)))
                          for name, event in (warnings or {}).items()}
    if live.phase != "ask_pain":
        played = _play(live, entry)
        result.update(segments=played.segments, ending=_ending(played), reports=_reports(live, outcomes),
                      check_in=_check_in(played.final, outcomes))
    else:
        result.update(check_in=_check_in(live, outcomes), ending=_ending(_Played([], live, [])))
    result["exercises"] = _following(live, now, outcomes)
    return result


def _live(state: SessionState) -> tuple[SessionState, list[Effect]]:
    """The state to project from: a session not started yet as the engine starts it (with the effects of its
    start), a paused one as if resumed now."""
    if state.status == "ready":
        return step(state, {"type": "start"}, state.clock)
    if state.paused:
        return step(state, {"type": "resume"}, state.clock)[0], []
    return state, []


def _play(state: SessionState, entry: Sequence[Effect]) -> _Played:
    """Tick the engine from one boundary to the next until it needs an answer or stops counting."""
    segments: list[dict[str, Any]] = []
    pending = list(entry)
    current = state
    while current.status == "running" and current.phase in GUIDED_PHASES and _counting(current):
        left = _left_in_phase(current)
        if left <= EPSILON:
            break
        end = current.clock + left
        segment = _segment(current, end)
        after, effects = step(current, {"type": "tick"}, end)
        segment["effects"] = [e.to_dict() for e in pending + [e for e in effects if e.at < after.clock - EPSILON]]
        pending = [e for e in effects if e.at >= after.clock - EPSILON]
        segment["end"] = after.clock
        segments.append(segment)
        current = after
    return _Played(segments, current, pending)


def _counting(state: SessionState) -> bool:
    return state.form_valid or state.phase not in ("hold", "reps")


def _left_in_phase(state: SessionState) -> float:
    if state.phase == "reps":
        return (state.current.reps - state.reps_done) * state.rep_seconds - state.phase_elapsed
    return state.phase_length - state.phase_elapsed


def _segment(state: SessionState, end: float) -> dict[str, Any]:
    shown = view(state)
    segment = {name: shown.get(name) for name in ("phase", "index", "total", "exercise_id", "name", "position",
                                                 "side", "set", "sets", "rep", "reps", "next")}
    segment.update(start=state.clock, end=end, cue=state.current.cues[0])
    if state.phase == "reps":
        segment.update(rep_seconds=state.rep_seconds, reps_done=state.reps_done)
    return segment


def _ending(played: _Played) -> dict[str, Any]:
    final = played.final
    return {"phase": final.phase, "status": final.status, "at": final.clock, "index": final.index,
            "effects": [e.to_dict() for e in played.ending]}


def _following(state: SessionState, now: float, outcomes: _Outcomes) -> list[dict[str, Any]]:
    """Each later exercise's timeline from its start (times from 0), as the engine begins it after a skip or
    a check-in."""
    timelines: list[dict[str, Any]] = []
    current = state
    for index in range(state.index + 1, len(state.steps)):
        current, effects = step(current, {"type": "skip"}, now)
        if current.status != "running" or current.index != index:
            break
        entry = [e for e in effects if e.type in ENTRY_EFFECTS]
        played = _play(current, entry)
        timelines.append({
            "index": index, "exercise_id": current.current.exercise_id, "name": current.current.name,
            "segments": [_shifted(segment, now) for segment in played.segments],
            "ending": _shifted(_ending(played), now),
            "reports": _reports(current, outcomes), "check_in": _check_in(played.final, outcomes),
        })
    return timelines


def _shifted(item: dict[str, Any], origin: float) -> dict[str, Any]:
    moved = dict(item)
    for name in ("start", "end", "at"):
        if name in moved:
            moved[name] = moved[name] - origin
    if "effects" in moved:
        moved["effects"] = [{**effect, "at": round(effect["at"] - origin, 3)} for effect in moved["effects"]]
    return moved


def _reports(state: SessionState, outcomes: _Outcomes) -> list[int]:
    """The engine's answer to a pain report during this exercise, for each choice."""
    return _table(state, outcomes)


def _table(state: SessionState, outcomes: _Outcomes) -> list[int]:
    """For each choice, in ``report_key`` order, the index of the engine's answer in ``outcomes``."""
    return [outcomes.index(_outcome(state, sharp, leg, level))
            for sharp in SHARP_CHOICES for leg in LEG_CHOICES for level in LEVEL_CHOICES]


def _check_in(state: SessionState, outcomes: _Outcomes) -> list[int] | None:
    """The engine's answer to the check-in after this exercise, for each choice (None: it ends otherwise)."""
    if state.status != "running" or state.phase != "ask_pain":
        return None
    return _table(state, outcomes)


def _outcome(state: SessionState, sharp: bool, leg: str | None, level: int | None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "pain_report", "level": level, "sharp": sharp}
    if leg is not None:
        event["leg_symptoms"] = leg
    return _answer(state.index, *step(state, event, state.clock))


def _answer(index: int, after: SessionState, effects: list[Effect]) -> dict[str, Any]:
    """What an answer did: how the session goes on, and its effects up to the next exercise's start."""
    before_next = []
    for effect in effects:
        if effect.type == "show_step":
            break
        before_next.append({key: value for key, value in effect.to_dict().items() if key != "at"})
    return {"status": after.status, "next_exercise": after.status == "running" and after.index != index,
            "last_leg": after.last_leg, "effects": before_next}

"""Safe bounds of a stored program: each routine item names a known exercise at a dose within the bounds the
planner itself keeps (domain/dosing.py, exercises.yaml), and a session of it lasts a bounded time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backcoach.domain.dosing import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS
from backcoach.domain.models import Exercise
from backcoach.domain.session_model import SessionState
from backcoach.errors import InvalidInput

MAX_ROUTINE_ITEMS = 30  # the planner's longest routine is far shorter
MAX_REST_SECONDS = 300
MAX_TIMES_PER_DAY = 10
MAX_SESSION_SECONDS = 6 * 3600  # no session event is later than this after the start


def check_doses(plan: Mapping[str, Any], exercises: Mapping[str, Exercise], argument: str = "plan") -> None:
    """Raise InvalidInput naming the field of the first routine item outside the safe bounds."""
    routine = plan.get("routine") or ()
    if len(routine) > MAX_ROUTINE_ITEMS:
        raise InvalidInput(f"{argument}.routine", f"has {len(routine)} items; at most {MAX_ROUTINE_ITEMS}")
    for number, item in enumerate(routine):
        where = f"{argument}.routine[{number}]"
        exercise = exercises.get(str(item.get("exercise_id")))
        if exercise is None:
            raise InvalidInput(f"{where}.exercise_id", f"{item.get('exercise_id')!r} is not an exercise of the library")
        _check_dose(item.get("dosage") or {}, exercise, f"{where}.dosage")


def _check_dose(dosage: Mapping[str, Any], exercise: Exercise, where: str) -> None:
    longest = exercise.max_hold_seconds or MAX_HOLD_SECONDS
    bounds = {"reps": (1, MAX_REPS), "sets": (1, MAX_SETS), "hold_seconds": (1, longest),
              "rest_seconds": (0, MAX_REST_SECONDS), "times_per_day": (1, MAX_TIMES_PER_DAY)}
    for name, (low, high) in bounds.items():
        value = dosage.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high \
                or value != int(value):
            raise InvalidInput(f"{where}.{name}", f"must be a whole number from {low} to {high}")


def longest_session(state: SessionState) -> float:
    """The latest second a session event may have: six hours from the start, whatever the routine (the
    clinical scenarios tick a running session for up to 20,000 s). With the doses and routine length bounded,
    this bounds the effects one event can produce."""
    return float(MAX_SESSION_SECONDS)


def check_time(at: float, last_at: float, state: SessionState, where: str = "at") -> None:
    """An event's time: not before the last stored event, nor after the longest the session can last."""
    if at < last_at:
        raise InvalidInput(where, f"goes back in time ({at} after {last_at})")
    limit = longest_session(state)
    if at > limit:
        raise InvalidInput(where, f"is after the longest this session can last ({limit:.0f} s from its start)")

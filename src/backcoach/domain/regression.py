"""Steps of a routine over days: moving an exercise on, stepping it back, or stopping a direction.

A regression always says what it does: step back to the easier exercise; or, when there is none, fewer
repetitions, then a shorter hold, then a resting position that suits the person, and only then leave
the exercise out for now.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backcoach.domain.dosing import describe, within_bounds
from backcoach.domain.models import Dosage, Exercise
from backcoach.domain.units import HELD_MIN_SECONDS

MIN_HOLD = HELD_MIN_SECONDS  # a hold is never shortened below what counts as a hold


@dataclass(frozen=True)
class RoutineEntry:
    exercise_id: str
    dosage: Dosage


@dataclass(frozen=True)
class StepChange:
    exercise_id: str
    action: str  # progress, regress, rest (a resting position instead) or stop (left out)
    to_exercise_id: str | None  # None when the exercise is left out
    dosage: Dosage | None
    code: str
    message: str  # exactly what this change does


class Ladder:
    """Changes to one routine, made at most once per exercise, never duplicating an exercise."""

    def __init__(self, routine: Sequence[RoutineEntry], exercises: Mapping[str, Exercise], rules: Mapping[str, Any],
                 rest_positions: Sequence[str], stopped: frozenset[str]) -> None:
        self._routine = list(routine)
        self._exercises = exercises
        self._rules = rules
        self._rest = list(rest_positions)
        self._stopped = set(stopped)
        self._in_use = {entry.exercise_id for entry in routine}
        self.changes: list[StepChange] = []

    def untouched(self) -> list[RoutineEntry]:
        changed = {change.exercise_id for change in self.changes}
        return [entry for entry in self._routine if entry.exercise_id not in changed]

    def moves(self, entry: RoutineEntry, direction: str) -> bool:
        return self._exercises[entry.exercise_id].moves(direction)

    def _free(self, exercise_id: str | None) -> Exercise | None:
        """A library exercise that can join the routine: not already in it, not of a stopped direction."""
        found = self._exercises.get(exercise_id or "")
        if found is None or found.id in self._in_use or any(found.moves(d) for d in self._stopped):
            return None
        return found

    def _record(self, change: StepChange) -> StepChange:
        self.changes.append(change)
        if change.to_exercise_id:
            self._in_use.add(change.to_exercise_id)
        return change

    def regress(self, entry: RoutineEntry, code: str) -> StepChange:
        exercise = self._exercises[entry.exercise_id]
        easier = self._free(exercise.regresses_to)
        if easier is not None:
            return self._record(StepChange(exercise.id, "regress", easier.id, _carry(easier, entry.dosage), code,
                                           f"{exercise.name} steps back to {easier.name}."))
        smaller = _smaller(entry.dosage)
        if smaller is not None:
            what = "fewer repetitions" if smaller.reps < entry.dosage.reps else "shorter holds"
            return self._record(StepChange(
                exercise.id, "regress", exercise.id, smaller, code,
                f"{exercise.name}: {what} ({_dose(entry.dosage, exercise)} becomes {_dose(smaller, exercise)})."))
        return self._rest_or_leave_out(exercise, code)

    def _rest_or_leave_out(self, exercise: Exercise, code: str) -> StepChange:
        rest = next((found for found in map(self._free, self._rest) if found is not None), None)
        if rest is not None:
            return self._record(StepChange(exercise.id, "rest", rest.id, rest.default_dosage, code,
                                           f"{exercise.name} is already as easy as it gets, so it makes way for a "
                                           f"resting position: {rest.name}."))
        return self._record(StepChange(exercise.id, "stop", None, None, code,
                                       f"{exercise.name} is left out for now."))

    def stop_direction(self, direction: str, code: str) -> None:
        """Leave out every exercise of a direction; a resting position takes the first one's place."""
        self._stopped.add(direction)
        for entry in self.untouched():
            exercise = self._exercises[entry.exercise_id]
            if exercise.moves(direction):
                self._rest_or_leave_out(exercise, code)

    def progress(self, entry: RoutineEntry, dose_rules: Mapping[str, Any]) -> bool:
        """One step forward: the next exercise of the chain, or a little more of the same."""
        exercise = self._exercises[entry.exercise_id]
        harder = self._free(exercise.progresses_to)
        if exercise.progress_dose_first and _bigger(entry.dosage, exercise, dose_rules) is not None:
            harder = None  # the dose grows to its limit first, slowly
        if harder is not None:
            self._record(StepChange(exercise.id, "progress", harder.id, _carry(harder, entry.dosage), "progress",
                                    f"{exercise.name} moves on to {harder.name}."))
            return True
        bigger = _bigger(entry.dosage, exercise, dose_rules)
        if bigger is None:
            return False
        self._record(StepChange(exercise.id, "progress", exercise.id, bigger, "progress_dose",
                                f"{exercise.name}: a little more ({_dose(entry.dosage, exercise)} becomes "
                                f"{_dose(bigger, exercise)})."))
        return True


def _carry(target: Exercise, current: Dosage) -> Dosage:
    """The new exercise's starting dose, keeping how often a day the routine repeats it."""
    return target.default_dosage._replace(times_per_day=current.times_per_day)


def _smaller(dose: Dosage) -> Dosage | None:
    if dose.sets > 1:
        return dose._replace(sets=1)
    if dose.reps > 1:
        return dose._replace(reps=max(1, dose.reps // 2))
    if dose.hold_seconds is not None and dose.hold_seconds > MIN_HOLD:
        return dose._replace(hold_seconds=max(MIN_HOLD, dose.hold_seconds // 2))
    return None


def _bigger(dose: Dosage, exercise: Exercise, rules: Mapping[str, Any]) -> Dosage | None:
    hold = dose.hold_seconds
    if hold is not None and hold >= MIN_HOLD:
        longest = max(exercise.max_hold_seconds or int(rules["max_hold_seconds"]), hold)
        bigger = dose._replace(hold_seconds=min(hold + int(rules["hold_step_seconds"]), longest))
    else:
        bigger = dose._replace(reps=min(dose.reps + int(rules["reps_step"]), int(rules["max_reps"])))
    bigger = within_bounds(bigger, exercise.max_hold_seconds)
    return None if bigger == dose else bigger


def _dose(dose: Dosage, exercise: Exercise) -> str:
    return describe(dose, exercise.dose_verb).split(";")[0].lower()

"""Builds the day-one routine: safe items within the time budget, one step of each progression chain.

Day one holds only the first step of each progression (prone lying before propping on the elbows, knee
rocking before the leg-over rotation): later steps wait, named with the step they come after, and unlock
through the progression rules. An item left out for a reason that offers an alternative (a straight-leg
stretch for someone with symptoms below the knee) brings in that alternative instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from backcoach.domain.dosing import estimate_seconds, personal_dose, shortened
from backcoach.domain.exclusions import Exclusion, exclusion_for
from backcoach.domain.intake import Intake
from backcoach.domain.models import Dosage, Exercise, Knowledge, ProgramItem
from backcoach.domain.profile import Profile

NOT_NEEDED = "Not part of the routine for your pattern today; it keeps to fewer, better-matched exercises."
KIND_ORDER = {"triage": 0, "safety": 1, "position": 2, "time": 3, "later": 4, "not_needed": 5}


class RoutineItem(NamedTuple):
    exercise: Exercise
    dosage: Dosage
    why: str
    seconds: int


class Limits(NamedTuple):
    """What a care pathway allows (STarT Back): how many items, how hard, how much."""

    max_items: int | None = None
    max_level: int | None = None
    fewer_reps: bool = False


def first_step(exercise: Exercise, knowledge: Knowledge, allowed: set[str]) -> Exercise:
    """The easiest step of the exercise's progression chain that the person may do."""
    found = exercise
    easier = knowledge.exercises.get(exercise.regresses_to or "")
    seen = {exercise.id}
    while easier is not None and easier.id not in seen:
        seen.add(easier.id)
        if easier.id in allowed:
            found = easier
        easier = knowledge.exercises.get(easier.regresses_to or "")
    return found


class RoutineBuilder:
    """Accumulates routine items within the time budget and remembers why others were left out."""

    def __init__(self, knowledge: Knowledge, profile: Profile, intake: Intake, budget_seconds: int,
                 limits: Limits | None = None) -> None:
        self._knowledge = knowledge
        self._profile = profile
        self._intake = intake
        self._tags = frozenset(profile.tags)
        self._remaining = budget_seconds
        self._budget_minutes = budget_seconds // 60
        self._limits = limits or Limits()
        self.routine: list[RoutineItem] = []
        self._excluded: dict[str, Exclusion] = {}
        self._safety = {e.id: exclusion_for(e, profile, intake, knowledge) for e in knowledge.exercises.values()}
        self._allowed = {exercise_id for exercise_id, blocked in self._safety.items() if blocked is None}

    def _blocked(self, exercise: Exercise) -> Exclusion | None:
        """Why this person may not do the exercise (worked out once per plan), or None."""
        return self._safety[exercise.id]

    def chosen(self, exercise_id: str) -> bool:
        return any(item.exercise.id == exercise_id for item in self.routine)

    def refuse_all(self, items: Iterable[ProgramItem], reason: str) -> None:
        for item in items:
            self._excluded.setdefault(item.exercise_id, Exclusion(item.exercise_id, "triage", reason))

    def add_all(self, items: Iterable[ProgramItem]) -> None:
        for item in items:
            if not self.chosen(item.exercise_id):
                self._consider(item)

    def _full(self) -> bool:
        return self._limits.max_items is not None and len(self.routine) >= self._limits.max_items

    def _consider(self, item: ProgramItem) -> None:
        exercise = self._knowledge.exercises[item.exercise_id]
        blocked = self._blocked(exercise)
        if blocked is not None:
            self._excluded.setdefault(exercise.id, blocked)
            if blocked.instead and not self.chosen(blocked.instead):
                name = exercise.name
                self._consider(ProgramItem(blocked.instead, f"In place of {name}: {item.why}", item.required))
            return
        start = first_step(exercise, self._knowledge, self._allowed)
        if start.id != exercise.id:
            self._later(exercise, start, item)
            return
        if self._limits.max_level is not None and exercise.level > self._limits.max_level and not item.required:
            reason = "A harder exercise, left for later: your plan starts with the gentlest ones."
            self._excluded.setdefault(exercise.id, Exclusion(exercise.id, "later", reason))
            return
        if self._full() and not item.required:
            self._excluded.setdefault(exercise.id, Exclusion(exercise.id, "not_needed", NOT_NEEDED))
            return
        self._add(exercise, item)

    def _later(self, exercise: Exercise, start: Exercise, item: ProgramItem) -> None:
        reason = f"Comes after {start.name}: it unlocks once that step has been easy for a few days."
        self._excluded[exercise.id] = Exclusion(exercise.id, "later", reason)
        if not self.chosen(start.id):
            why = f"The first step toward {exercise.name}: {start.summary}"
            self._consider(ProgramItem(start.id, why, item.required, item.times_per_day))

    def _add(self, exercise: Exercise, item: ProgramItem) -> None:
        dose, note = personal_dose(exercise, self._tags, fewer_reps=self._limits.fewer_reps)
        if item.times_per_day:
            dose = dose._replace(times_per_day=item.times_per_day)
        if estimate_seconds(dose) > self._remaining:
            smaller = shortened(dose, keep_hold="walking" in exercise.features)
            if smaller is None or estimate_seconds(smaller) > self._remaining:
                reason = f"Left out to fit your {self._budget_minutes} minutes; add it on a day with more time."
                self._excluded[exercise.id] = Exclusion(exercise.id, "time", reason)
                return
            dose, note = smaller, f"Shortened to fit your {self._budget_minutes} minutes."
        seconds = estimate_seconds(dose)
        self._remaining -= seconds
        self._excluded.pop(exercise.id, None)
        self.routine.append(RoutineItem(exercise, dose, " ".join(f"{item.why} {note}".split()), seconds))

    def exclusions(self) -> tuple[Exclusion, ...]:
        """Every library exercise not in the routine, with its reason (safety first)."""
        listed = dict(self._excluded)
        for exercise in self._knowledge.exercises.values():
            if exercise.id in listed or self.chosen(exercise.id):
                continue
            listed[exercise.id] = self._blocked(exercise) or Exclusion(exercise.id, "not_needed", NOT_NEEDED)
        return tuple(sorted(listed.values(), key=lambda e: (KIND_ORDER[e.kind], e.exercise_id)))

"""Answers -> plan: screen, understand the pattern, build an explained routine that fits the time.

Deterministic: the same answers and knowledge always give the same plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from backcoach.domain.dosing import estimate_seconds, personal_dose, shortened
from backcoach.domain.exclusions import Exclusion, exclusion_for
from backcoach.domain.intake import Intake
from backcoach.domain.models import Dosage, Exercise, Knowledge, Program, ProgramItem
from backcoach.domain.profile import Profile, build_profile
from backcoach.domain.rules import Evaluator
from backcoach.domain.screening import Triage, screen

DEFAULT_MINUTES = 15
MIN_ROUTINE_ITEMS = 3
POSITIONS_OF_EASE = "positions-of-ease"
FALLBACK_PROGRAM = "follow-along"
NOT_NEEDED = "Not part of the routine for your pattern today; it keeps to fewer, better-matched exercises."


class RoutineItem(NamedTuple):
    exercise: Exercise
    dosage: Dosage
    why: str
    seconds: int


class Plan(NamedTuple):
    triage: Triage
    headline: str
    profile: Profile
    program: Program | None
    routine: tuple[RoutineItem, ...]
    excluded: tuple[Exclusion, ...]
    safety: tuple[str, ...]
    minutes_available: int
    baseline: Mapping[str, Any]


def make_plan(answers: Mapping[str, Any], knowledge: Knowledge) -> Plan:
    """Build the plan for validated intake answers."""
    intake = Intake(answers)
    evaluator = Evaluator(intake, knowledge.facts)
    triage = screen(evaluator, knowledge)
    profile = build_profile(intake, evaluator, knowledge)
    minutes = intake.minutes_available or DEFAULT_MINUTES
    program, candidates = _candidates(triage, profile, knowledge)
    builder = _RoutineBuilder(knowledge, profile, intake, budget_seconds=minutes * 60)
    builder.expect({item.exercise_id for item in candidates})
    if triage.routine_policy == "none":
        everything = [ProgramItem(exercise_id, "") for exercise_id in knowledge.exercises]
        builder.refuse_all(candidates + everything, _triage_refusal(triage, knowledge))
    else:
        builder.add_all(candidates)
        if triage.allows_exercise and len(builder.routine) < MIN_ROUTINE_ITEMS:
            builder.add_all(_fallback_items(profile, knowledge))
    return Plan(
        triage=triage,
        headline=" ".join(knowledge.level_headlines[triage.level].split()),
        profile=profile,
        program=program if builder.routine else None,
        routine=tuple(builder.routine),
        excluded=builder.exclusions(),
        safety=_safety(triage, profile, knowledge),
        minutes_available=minutes,
        baseline={"pain_now": intake.pain_now, "leg_symptoms": intake.get("leg_symptoms")},
    )


def _candidates(triage: Triage, profile: Profile, knowledge: Knowledge) -> tuple[Program | None, list[ProgramItem]]:
    """The main program and every candidate item in priority order (required additions first)."""
    if triage.routine_policy == "positions_of_ease":
        program = knowledge.programs[POSITIONS_OF_EASE]
        return program, list(program.items)
    selected = [entry for entry in knowledge.program_selection if _selects(entry, profile)]
    matched = [knowledge.programs[entry["program"]] for entry in selected]
    main = matched[0] if matched else knowledge.programs[FALLBACK_PROGRAM]
    added = [item for rule in profile.tag_rules for item in rule.adds]
    items = [i for i in added if i.required] + list(main.items) + [i for i in added if not i.required]
    for entry, program in zip(selected, matched, strict=True):
        if program is not main and _is_specific(entry):
            items.extend(program.items)
    return main, items


def _is_specific(entry: Mapping[str, Any]) -> bool:
    """A selection entry with criteria (the catch-all default adds nothing as a second program)."""
    return any(key in entry for key in ("bias", "tags_any", "places_only"))


def _selects(entry: Mapping[str, Any], profile: Profile) -> bool:
    if "bias" in entry and profile.bias not in entry["bias"]:
        return False
    if "tags_any" in entry and not set(entry["tags_any"]) & set(profile.tags):
        return False
    return not ("places_only" in entry and not set(profile.places) <= set(entry["places_only"]))


def _fallback_items(profile: Profile, knowledge: Knowledge) -> list[ProgramItem]:
    """Gentle, level-1 exercises that suit the pattern, when the programs left too few."""
    region = "upper_back" if profile.has("upper_back_only") else "low_back"
    picks = sorted(
        (e for e in knowledge.exercises.values()
         if e.level == 1 and e.region in (region, "whole_back") and "position_of_ease" not in e.features),
        key=lambda e: e.id,
    )
    return [ProgramItem(e.id, f"A gentle {e.direction} exercise that suits your pattern: {e.summary}") for e in picks]


def _triage_refusal(triage: Triage, knowledge: Knowledge) -> str:
    return "No exercises for now. " + " ".join(knowledge.level_headlines[triage.level].split())


def _safety(triage: Triage, profile: Profile, knowledge: Knowledge) -> tuple[str, ...]:
    notes: list[str] = []
    if triage.level != "self_care_ok":
        notes.append(" ".join(knowledge.level_headlines[triage.level].split()))
    notes.extend(" ".join(rule.safety.split()) for rule in profile.tag_rules if rule.safety)
    notes.extend(knowledge.general_safety)
    return tuple(dict.fromkeys(notes))


class _RoutineBuilder:
    """Accumulates routine items within the time budget and remembers why others were left out."""

    def __init__(self, knowledge: Knowledge, profile: Profile, intake: Intake, budget_seconds: int) -> None:
        self._knowledge = knowledge
        self._profile = profile
        self._intake = intake
        self._tags = frozenset(profile.tags)
        self._remaining = budget_seconds
        self._budget_minutes = budget_seconds // 60
        self.routine: list[RoutineItem] = []
        self._excluded: dict[str, Exclusion] = {}
        self._candidates: set[str] = set()

    def expect(self, exercise_ids: set[str]) -> None:
        """The exercises the programs ask for, so a progression never comes without its easier step."""
        self._candidates = exercise_ids

    def _chosen(self, exercise_id: str) -> bool:
        return any(item.exercise.id == exercise_id for item in self.routine)

    def refuse_all(self, items: list[ProgramItem], reason: str) -> None:
        for item in items:
            self._excluded.setdefault(item.exercise_id, Exclusion(item.exercise_id, "triage", reason))

    def add_all(self, items: list[ProgramItem]) -> None:
        for item in items:
            if not self._chosen(item.exercise_id):
                self._consider(item)

    def _consider(self, item: ProgramItem) -> None:
        exercise = self._knowledge.exercises[item.exercise_id]
        blocked = exclusion_for(exercise, self._profile, self._intake)
        if blocked is not None:
            self._excluded.setdefault(exercise.id, blocked)
            return
        easier = exercise.regresses_to
        if easier in self._candidates and not self._chosen(easier or ""):
            name = self._knowledge.exercises[easier or ""].name
            reason = f"Comes after {name}, which is not in today's routine; start with the easier step."
            self._excluded[exercise.id] = Exclusion(exercise.id, "not_needed", reason)
            return
        dose, note = personal_dose(exercise, self._tags)
        if estimate_seconds(dose) > self._remaining:
            smaller = shortened(dose)
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
            if exercise.id in listed or self._chosen(exercise.id):
                continue
            found = exclusion_for(exercise, self._profile, self._intake)
            listed[exercise.id] = found or Exclusion(exercise.id, "not_needed", NOT_NEEDED)
        order = {"triage": 0, "safety": 1, "position": 2, "time": 3, "not_needed": 4}
        return tuple(sorted(listed.values(), key=lambda e: (order[e.kind], e.exercise_id)))


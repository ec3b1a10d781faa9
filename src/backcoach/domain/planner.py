"""Answers -> plan: screen, understand the pattern, build an explained routine that fits the time.

Deterministic: the same answers and knowledge always give the same plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from backcoach.domain.exclusions import Exclusion
from backcoach.domain.guidance import ease_positions, flare_up_plan, lessons, safety_notes
from backcoach.domain.intake import Intake
from backcoach.domain.models import Knowledge, Program, ProgramItem
from backcoach.domain.profile import Profile, build_profile
from backcoach.domain.routine import Limits, RoutineBuilder, RoutineItem
from backcoach.domain.rules import Evaluator
from backcoach.domain.screening import Triage, screen
from backcoach.domain.start_back import StartBack, start_back

DEFAULT_MINUTES = 15
MIN_ROUTINE_ITEMS = 3
POSITIONS_OF_EASE = "positions-of-ease"
FALLBACK_PROGRAM = "follow-along"
EASE_WHY = "A resting position that takes pressure off your back and nerves until a clinician has examined you."

__all__ = ["Plan", "RoutineItem", "make_plan"]


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
    start_back: StartBack | None = None
    pathway: Mapping[str, Any] | None = None
    lessons: tuple[Mapping[str, Any], ...] = ()
    flare_up: Mapping[str, Any] | None = None


def make_plan(answers: Mapping[str, Any], knowledge: Knowledge) -> Plan:
    """Build the plan for validated intake answers."""
    intake = Intake(answers)
    evaluator = Evaluator(intake, knowledge.facts)
    triage = screen(evaluator, knowledge, intake)
    profile = build_profile(intake, evaluator, knowledge)
    score = start_back(answers.get("start_back"))
    pathway = knowledge.pathways.get(score.risk) if score is not None and triage.allows_exercise else None
    minutes = intake.minutes_available or DEFAULT_MINUTES
    builder = RoutineBuilder(knowledge, profile, intake, minutes * 60, _limits(pathway))
    positions = ease_positions(knowledge, profile, intake)
    program = _fill(builder, triage, (profile, positions, pathway), knowledge)
    return Plan(
        triage=triage,
        headline=" ".join(knowledge.level_headlines[triage.level].split()),
        profile=profile,
        program=program if builder.routine else None,
        routine=tuple(builder.routine),
        excluded=builder.exclusions(),
        safety=safety_notes(triage, profile, knowledge, has_exercises=bool(builder.routine)),
        minutes_available=minutes,
        baseline={"pain_now": intake.pain_now, "leg_symptoms": intake.get("leg_symptoms"),
                  "leg_symptom_kinds": sorted(intake.choices("leg_symptom_kinds"))},
        start_back=score,
        pathway=pathway,
        lessons=lessons(knowledge, triage, profile, score.risk if score else None),
        flare_up=flare_up_plan(knowledge, triage, positions),
    )


def _limits(pathway: Mapping[str, Any] | None) -> Limits:
    if not pathway:
        return Limits()
    return Limits(pathway.get("max_items"), pathway.get("max_level"), bool(pathway.get("fewer_reps")))


def _fill(builder: RoutineBuilder, triage: Triage,
          person: tuple[Profile, tuple[str, ...], Mapping[str, Any] | None], knowledge: Knowledge) -> Program | None:
    """Put the candidates the triage allows into the routine; the program they came from. ``person`` is
    the profile, the resting positions that suit them and their care pathway."""
    profile, positions, pathway = person
    if triage.routine_policy == "none":
        everything = [ProgramItem(exercise_id, "") for exercise_id in knowledge.exercises]
        headline = " ".join(knowledge.level_headlines[triage.level].split())
        builder.refuse_all(everything, f"No exercises for now. {headline}")
        return None
    if triage.routine_policy == "positions_of_ease":
        builder.add_all(ProgramItem(exercise_id, EASE_WHY) for exercise_id in positions)
        return knowledge.programs[POSITIONS_OF_EASE]
    program, candidates = _candidates(profile, knowledge)
    pathway_items = [ProgramItem(item["exercise_id"], item["why"], True) for item in (pathway or {}).get("adds", ())]
    builder.add_all([*pathway_items, *candidates])
    if len(builder.routine) < MIN_ROUTINE_ITEMS:
        builder.add_all(_fallback_items(profile, knowledge))
    return program


def _candidates(profile: Profile, knowledge: Knowledge) -> tuple[Program, list[ProgramItem]]:
    """The main program and every candidate item in priority order (required additions first)."""
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
         if e.level == 1 and e.region in (region, "whole_back") and "position_of_ease" not in e.features
         and not e.features & {"balance", "walking"}),
        key=lambda e: e.id,
    )
    return [ProgramItem(e.id, f"A gentle {e.direction} exercise that suits your pattern: {e.summary}") for e in picks]

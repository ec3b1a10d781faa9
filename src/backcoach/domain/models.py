"""Value objects shared by screening and planning, built by the knowledge loader."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

Condition = Mapping[str, Any]

TRIAGE_ORDER = ("self_care_ok", "see_clinician_before_exercise", "urgent_referral", "emergency")


def triage_rank(level: str) -> int:
    return TRIAGE_ORDER.index(level)


class Dosage(NamedTuple):
    reps: int
    hold_seconds: int | None = None
    sets: int = 1
    per_side: bool = False
    rest_seconds: int = 0
    times_per_day: int = 1

    def to_dict(self) -> dict[str, int | bool]:
        data: dict[str, int | bool] = {"reps": self.reps, "sets": self.sets, "per_side": self.per_side}
        if self.hold_seconds is not None:
            data["hold_seconds"] = self.hold_seconds
        data["rest_seconds"] = self.rest_seconds
        data["times_per_day"] = self.times_per_day
        return data


class Contraindication(NamedTuple):
    reason: str
    tag: str | None = None
    diagnosis: str | None = None


class Exercise(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    position: str
    places: frozenset[str]
    equipment: tuple[str, ...]
    direction: str
    region: str
    level: int
    features: frozenset[str]
    summary: str
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    should_feel: str
    should_not_feel: str
    stop_if: tuple[str, ...]
    contraindications: tuple[Contraindication, ...]
    default_dosage: Dosage
    sources: tuple[str, ...]
    dosage_source: str | None = None
    progresses_to: str | None = None
    regresses_to: str | None = None
    dosage_as_given: Mapping[str, int | bool] = {}


class ProgramItem(NamedTuple):
    exercise_id: str
    why: str
    required: bool = False


class Program(NamedTuple):
    id: str
    name: str
    covers: str
    why: str
    items: tuple[ProgramItem, ...]
    sources: tuple[str, ...]
    must_be_doable_in: str | None = None
    must_not_direction: str | None = None


class RedFlagRule(NamedTuple):
    code: str
    suspected: str
    level: str
    when: Condition
    message: str
    sources: tuple[str, ...]
    routine: str = "none"  # "none" or "positions_of_ease" when the level is above self-care


class TagRule(NamedTuple):
    tag: str
    when: Condition
    explanation: str
    sources: tuple[str, ...]
    avoid_directions: tuple[str, ...] = ()
    avoid_features: tuple[str, ...] = ()
    avoid_reason: str = ""
    adds: tuple[ProgramItem, ...] = ()
    safety: str = ""


class Knowledge(NamedTuple):
    """Everything the domain needs, loaded and validated from the knowledge files."""

    exercises: Mapping[str, Exercise]
    programs: Mapping[str, Program]
    red_flag_rules: tuple[RedFlagRule, ...]
    tag_rules: tuple[TagRule, ...]
    facts: Mapping[str, Condition]
    level_headlines: Mapping[str, str]
    general_safety: tuple[str, ...]
    sources: Mapping[str, str] = {}
    program_selection: tuple[Mapping[str, Any], ...] = ()

"""Why an exercise may not be used by this person: safety first, then where they can exercise."""

from __future__ import annotations

from typing import NamedTuple

from backcoach.domain.intake import Intake
from backcoach.domain.models import Exercise, Knowledge
from backcoach.domain.profile import Profile

PLACE_WORDS = {
    "floor": "getting down on the floor",
    "bed": "lying on a bed",
    "chair": "a chair",
    "standing": "standing",
}


class Exclusion(NamedTuple):
    exercise_id: str
    kind: str  # triage, safety, position, time, later, not_needed
    reason: str
    instead: str | None = None  # an exercise the library offers in its place


def exclusion_for(exercise: Exercise, profile: Profile, intake: Intake, knowledge: Knowledge) -> Exclusion | None:
    """The first reason this exercise is unsafe or impossible for the person, if any."""
    reason, instead = safety_reason(exercise, profile, intake, knowledge)
    if reason:
        return Exclusion(exercise.id, "safety", reason, instead)
    if not exercise.places & set(profile.places):
        needs = " or ".join(PLACE_WORDS[p] for p in sorted(exercise.places))
        return Exclusion(exercise.id, "position", f"Needs {needs}, which doesn't fit where you can exercise.")
    return None


def avoided_direction(bias: str, knowledge: Knowledge) -> tuple[str, str] | None:
    """The direction a movement bias leaves out, and the sentence that says why (patterns.yaml)."""
    avoids = knowledge.bias_rules.get("avoids", {}).get(bias)
    return None if avoids is None else (str(avoids["direction"]), " ".join(str(avoids["reason"]).split()))


def safety_reason(exercise: Exercise, profile: Profile, intake: Intake, knowledge: Knowledge
                  ) -> tuple[str, str | None]:
    """Why the exercise is unsafe for this pattern ("" when it is not), and what to offer instead."""
    avoided = avoided_direction(profile.bias, knowledge)
    if avoided and exercise.moves(avoided[0]):
        return avoided[1], None
    for rule in profile.tag_rules:
        if any(exercise.moves(d) for d in rule.avoid_directions) or exercise.features & set(rule.avoid_features):
            return " ".join(rule.avoid_reason.split()), None
    for contraindication in exercise.contraindications:
        if contraindication.tag in profile.tags or contraindication.diagnosis in intake.diagnoses:
            return " ".join(contraindication.reason.split()), contraindication.instead
    return "", None

"""Why an exercise may not be used by this person: safety first, then where they can exercise."""

from __future__ import annotations

from typing import NamedTuple

from backcoach.domain.intake import Intake
from backcoach.domain.models import Exercise
from backcoach.domain.profile import Profile

BIAS_AVOIDS = {
    "extension": ("flexion", "Forward-bending exercises are left out while backward bending is easing your symptoms."),
    "flexion": ("extension", "Backward-bending exercises are left out because your pattern eases bending forward."),
}
PLACE_WORDS = {
    "floor": "getting down on the floor",
    "bed": "lying on a bed",
    "chair": "a chair",
    "standing": "standing",
}


class Exclusion(NamedTuple):
    exercise_id: str
    kind: str  # safety, position, time, not_needed, triage
    reason: str


def exclusion_for(exercise: Exercise, profile: Profile, intake: Intake) -> Exclusion | None:
    """The first reason this exercise is unsafe or impossible for the person, if any."""
    reason = _safety_reason(exercise, profile, intake)
    if reason:
        return Exclusion(exercise.id, "safety", reason)
    if not exercise.places & set(profile.places):
        needs = " or ".join(PLACE_WORDS[p] for p in sorted(exercise.places))
        return Exclusion(exercise.id, "position", f"Needs {needs}, which doesn't fit where you can exercise.")
    return None


def _safety_reason(exercise: Exercise, profile: Profile, intake: Intake) -> str:
    avoided = BIAS_AVOIDS.get(profile.bias)
    if avoided and exercise.direction == avoided[0]:
        return avoided[1]
    for rule in profile.tag_rules:
        if exercise.direction in rule.avoid_directions or exercise.features & set(rule.avoid_features):
            return " ".join(rule.avoid_reason.split())
    for contraindication in exercise.contraindications:
        if contraindication.tag in profile.tags or contraindication.diagnosis in intake.diagnoses:
            return " ".join(contraindication.reason.split())
    return ""

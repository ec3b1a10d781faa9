"""The pattern: profile tags, the movement bias, and where the person can exercise (§2)."""

from __future__ import annotations

from typing import NamedTuple

from backcoach.domain.intake import Intake
from backcoach.domain.models import Knowledge, TagRule
from backcoach.domain.rules import Evaluator

ALL_PLACES = ("floor", "bed", "chair", "standing")
PLACE_OF_CHOICE = {"bed": "bed", "floor": "floor", "chair": "chair", "standing": "standing", "at_work": "chair"}

# Answers that point to a direction (disc-type pattern vs. stenosis/facet pattern) [TBC-TABLE] [SURI10].
EXTENSION_SIGNS_WORSE = frozenset({"sitting", "bending_forward", "getting_up_from_sitting", "coughing_or_sneezing"})
EXTENSION_SIGNS_BETTER = frozenset({"walking", "standing", "lying_on_stomach", "leaning_back"})
FLEXION_SIGNS_WORSE = frozenset({"standing_long", "walking", "leaning_back", "lying_on_stomach"})
FLEXION_SIGNS_BETTER = frozenset({"sitting", "bending_forward", "leaning_on_cart"})
DISC_DIAGNOSES = frozenset({"herniated_disc", "bulging_disc", "sciatica"})


class Profile(NamedTuple):
    bias: str
    tags: tuple[str, ...]
    explanation: tuple[str, ...]
    places: tuple[str, ...]
    tag_rules: tuple[TagRule, ...]

    def has(self, tag: str) -> bool:
        return tag in self.tags


def build_profile(intake: Intake, evaluator: Evaluator, knowledge: Knowledge) -> Profile:
    matched = tuple(rule for rule in knowledge.tag_rules if evaluator.holds(rule.when))
    tags = {rule.tag for rule in matched}
    bias, bias_reason = decide_bias(intake, tags)
    places, place_note = allowed_places(intake)
    explanation = [bias_reason, *(rule.explanation for rule in matched)]
    if place_note:
        explanation.append(place_note)
    return Profile(
        bias=bias,
        tags=tuple(sorted(tags)),
        explanation=tuple(" ".join(line.split()) for line in explanation),
        places=places,
        tag_rules=matched,
    )


def decide_bias(intake: Intake, tags: set[str]) -> tuple[str, str]:
    """The direction the routine leans on, and the sentence that explains it."""
    ext, flex = intake.extension_response, intake.flexion_response
    extension_barred = bool(tags & {"stenosis_pattern", "extension_peripheralizes", "spondylolisthesis"})
    if ext == "centralized" and not extension_barred:
        return "extension", "Repeated backward bending moved your symptoms toward your back, so the routine uses it."
    if flex == "centralized" and "flexion_peripheralizes" not in tags:
        return "flexion", "Repeated forward bending moved your symptoms toward your back, so the routine leans on it."
    if tags & {"stenosis_pattern", "spondylolisthesis", "extension_intolerant"}:
        return "flexion", "Your pattern eases with forward bending and dislikes arching, so the routine bends forward."
    if ext == "peripheralized":
        return "none", "No direction has been shown to help yet, so the routine stays gentle and avoids arching back."
    if ext == "better_in_back_only" and not extension_barred:
        return "extension", "Backward bending eased your back pain in the movement check, so the routine uses it."
    if flex == "better_in_back_only" and "flexion_peripheralizes" not in tags:
        return "flexion", "Forward bending eased your back pain in the movement check, so the routine uses it."
    return _bias_from_answers(intake, tags)


def _bias_from_answers(intake: Intake, tags: set[str]) -> tuple[str, str]:
    ext_score = len(intake.worse_with & EXTENSION_SIGNS_WORSE) + len(intake.better_with & EXTENSION_SIGNS_BETTER)
    flex_score = len(intake.worse_with & FLEXION_SIGNS_WORSE) + len(intake.better_with & FLEXION_SIGNS_BETTER)
    disc = bool(intake.diagnoses & DISC_DIAGNOSES)
    disc_type = (
        (disc and flex_score <= ext_score)
        or (ext_score >= 2 and flex_score == 0)
        or ("radicular" in tags and ext_score > flex_score)
    )
    if disc_type and "extension_peripheralizes" not in tags:
        return "extension", (
            "Your answers fit a disc-type pattern that usually eases with backward bending (worse sitting or "
            "bending, better walking or lying face down), so the routine leans on gentle extension."
        )
    if flex_score >= 2 and ext_score == 0 and "flexion_peripheralizes" not in tags:
        return "flexion", (
            "Your pain eases when you sit or bend forward and builds when you stand or arch, "
            "so the routine bends forward."
        )
    if tags & {"morning_stiffness"} and not tags & {"post_exercise_soreness", "upper_back_only"}:
        return "mixed", "Stiffness that eases as you move responds to gentle movement in every direction."
    return "neutral", "No single direction stands out, so the routine uses gentle movements that suit most backs."


def allowed_places(intake: Intake) -> tuple[tuple[str, ...], str]:
    """Where the person can exercise: their choices, minus the floor or standing when they can't."""
    places = set(ALL_PLACES)
    chosen = intake.choices("where_to_exercise")
    if chosen:
        places = {PLACE_OF_CHOICE[c] for c in chosen}
    if intake.get("can_get_on_floor") is False or intake.get("uses_wheelchair") is True:
        places.discard("floor")
    if intake.get("uses_wheelchair") is True:
        places &= {"chair", "bed"} if "bed" in chosen else {"chair"}
    if not places:
        return ("chair",), "None of the places you chose suits your limits, so the routine is done in a chair."
    return tuple(p for p in ALL_PLACES if p in places), ""

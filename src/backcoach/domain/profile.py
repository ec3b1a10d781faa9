"""The pattern: profile tags, the movement bias, and where the person can exercise (§2).

Every sentence of explanation is built from what the person said: a rule's explanation may quote the
answers that made it true ({evidence}), and the bias sentence names the answers that decided it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from backcoach.domain.intake import Intake
from backcoach.domain.models import Bias, Knowledge, TagRule
from backcoach.domain.rules import Evaluator
from backcoach.domain.screening import join_words

ALL_PLACES = ("floor", "bed", "chair", "standing")
PLACE_OF_CHOICE = {"bed": ("bed",), "floor": ("floor",), "chair": ("chair",), "standing": ("standing",),
                   "at_work": ("chair", "standing")}


class Profile(NamedTuple):
    bias: Bias
    tags: tuple[str, ...]
    explanation: tuple[str, ...]
    places: tuple[str, ...]
    tag_rules: tuple[TagRule, ...]

    def has(self, tag: str) -> bool:
        return tag in self.tags


class _Quoter:
    """Renders knowledge sentences with the person's own answers in place of {evidence}."""

    def __init__(self, evaluator: Evaluator, knowledge: Knowledge) -> None:
        self._evaluator = evaluator
        self._knowledge = knowledge

    def words(self, pairs: Sequence[tuple[str, Any]]) -> str:
        return join_words(dict.fromkeys(self._knowledge.phrase(field, value) for field, value in pairs))

    def sentence(self, template: str, pairs: Sequence[tuple[str, Any]] = ()) -> str:
        text = " ".join(template.split())
        return text.replace("{evidence}", self.words(pairs)) if "{evidence}" in text else text

    def evidence(self, rule: TagRule) -> list[tuple[str, Any]]:
        return self._evaluator.evidence(rule.when)

    def rule(self, rule: TagRule) -> str:
        return self.sentence(rule.explanation, self.evidence(rule))


def build_profile(intake: Intake, evaluator: Evaluator, knowledge: Knowledge) -> Profile:
    matched = tuple(rule for rule in knowledge.tag_rules if evaluator.holds(rule.when))
    tags = {rule.tag for rule in matched}
    quote = _Quoter(evaluator, knowledge)
    bias, bias_reason = decide_bias(intake, tags, matched, knowledge, quote)
    places, place_note = allowed_places(intake)
    restated = _restated_by(bias_reason, knowledge.bias_rules)
    explanation = [bias_reason, *(quote.rule(rule) for rule in matched if rule.tag not in restated)]
    if place_note:
        explanation.append(place_note)
    return Profile(
        bias=bias,
        tags=tuple(sorted(tags)),
        explanation=tuple(dict.fromkeys(explanation)),
        places=places,
        tag_rules=matched,
    )


def _restated_by(bias_reason: str, rules: Mapping[str, Any]) -> set[str]:
    """The tags whose sentence only repeats the bias reason the person already reads."""
    reasons: Mapping[str, str] = rules["reasons"]
    return {tag for tag, key in rules.get("restated_by", {}).items() if reasons[key] == bias_reason}


def decide_bias(intake: Intake, tags: set[str], matched: Sequence[TagRule], knowledge: Knowledge,
                quote: _Quoter) -> tuple[Bias, str]:
    """The direction the routine leans on, and the sentence that explains it (order: patterns.yaml)."""
    rules: Mapping[str, Any] = knowledge.bias_rules
    reasons: Mapping[str, str] = rules["reasons"]
    ext, flex = intake.extension_response, intake.flexion_response
    extension_barred = bool(tags & set(rules["barred_extension_tags"]))
    flexion_barred = "flexion_peripheralizes" in tags
    if ext == "centralized" and not extension_barred:
        return "extension", reasons["movement_extension"]
    if flex == "centralized" and not flexion_barred:
        return "flexion", reasons["movement_flexion"]
    flexion_rules = [rule for rule in matched if rule.tag in rules["flexion_tags"]]
    if flexion_rules and not flexion_barred:
        evidence = [pair for rule in flexion_rules for pair in quote.evidence(rule)]
        return "flexion", quote.sentence(reasons["flexion_pattern"], evidence)
    if ext == "peripheralized":
        return "none", reasons["movement_none"]
    for tag in rules["neutral_tags"]:
        if tag in tags:
            return "neutral", reasons[tag]
    if ext == "better_in_back_only" and not extension_barred:
        return "extension", reasons["back_better_extension"]
    if flex == "better_in_back_only" and not flexion_barred:
        return "flexion", reasons["back_better_flexion"]
    return _bias_from_answers(intake, tags, rules, quote)


def _signs(intake: Intake, signs: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """The person's answers among a direction's signs, as (field, value) pairs in the question order."""
    return [(field, value) for field in ("worse_with", "better_with")
            for value in signs[field] if value in intake.choices(field)]


UNHELPFUL = ("no_change", "worse_in_back_only")


def _bias_from_answers(intake: Intake, tags: set[str], rules: Mapping[str, Any], quote: _Quoter) -> tuple[Bias, str]:
    """A direction guessed from the answers, unless the movement check already showed it doesn't help."""
    reasons: Mapping[str, str] = rules["reasons"]
    tested = [r for r in (intake.extension_response, intake.flexion_response) if r is not None]
    if tested and all(r in UNHELPFUL for r in tested):
        return "neutral", reasons["movement_no_change"]
    ext = _signs(intake, rules["direction_signs"]["extension"])
    flex = _signs(intake, rules["direction_signs"]["flexion"])
    disc = [("known_diagnoses", d) for d in rules["disc_diagnoses"] if d in intake.diagnoses]
    radicular = "radicular" in tags
    disc_type = (
        (bool(disc) and len(flex) <= len(ext))
        or (len(ext) >= 2 and not flex)
        or (radicular and len(ext) > len(flex))
    )
    if disc_type and not tags & set(rules["barred_extension_tags"]):
        leg = [("leg_symptoms", intake.get("leg_symptoms"))] if radicular and intake.get("leg_symptoms") else []
        return "extension", quote.sentence(reasons["answers_extension"], [*disc, *ext, *leg])
    if len(flex) >= 2 and not ext and "flexion_peripheralizes" not in tags:
        return "flexion", quote.sentence(reasons["answers_flexion"], flex)
    for tag in rules["mixed_tags"]:
        if tag in tags:
            return "mixed", reasons[tag]
    if ext or flex:
        return "neutral", quote.sentence(reasons["unclear_answers"], [*ext, *flex])
    return "neutral", reasons["neutral"]


def allowed_places(intake: Intake) -> tuple[tuple[str, ...], str]:
    """Where the person can exercise: their choices, minus the floor or standing when they can't."""
    places = set(ALL_PLACES)
    chosen = intake.choices("where_to_exercise")
    if chosen:
        places = {place for choice in chosen for place in PLACE_OF_CHOICE[choice]}
    if intake.get("can_get_on_floor") is False or intake.get("uses_wheelchair") is True:
        places.discard("floor")
    if intake.get("uses_wheelchair") is True:
        places &= {"chair", "bed"} if "bed" in chosen else {"chair"}
    if not places:
        return ("chair",), "None of the places you chose suits your limits, so the routine is done in a chair."
    return tuple(p for p in ALL_PLACES if p in places), ""

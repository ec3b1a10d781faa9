"""The camera form rules (form_rules.yaml): validated by form_rules.schema.json, then checked against the library
(known exercises and sources) and for sense (hysteresis on the safe side, the landmarks a rule reads are ones the
exercise says it needs), and turned into domain values."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from typing import Any

from backcoach.domain.form.landmarks import PAIRED
from backcoach.domain.form.one_euro import OneEuroParams
from backcoach.domain.form.spec import (
    Check,
    Counting,
    Defaults,
    ExerciseForm,
    Measure,
    Motion,
    Needs,
    Placement,
    Position,
    Rule,
    Threshold,
)
from backcoach.errors import KnowledgeError
from backcoach.knowledge.files import DATA_DIR, load_checked
from backcoach.knowledge.loader import load_knowledge

FORM_RULES_SCHEMA = "form_rules.schema.json"
_BOTH_SIDES = ("min", "max", "mid", "far", "left", "right")


@cache
def load_form_rules(data_dir: str = DATA_DIR) -> dict[str, ExerciseForm]:
    """Every exercise's form rules, by exercise id."""
    document = load_checked(os.path.join(data_dir, "form_rules.yaml"), FORM_RULES_SCHEMA)
    knowledge = load_knowledge(data_dir)
    return check_form_rules(document, set(knowledge.exercises), set(knowledge.sources))


def check_form_rules(document: Mapping[str, Any], exercise_ids: set[str], source_keys: set[str]
                     ) -> dict[str, ExerciseForm]:
    """The rules as domain values; an unknown or repeated exercise, an unknown source, a threshold whose
    ``clear`` is on the wrong side of ``at``, or a point not among the exercise's needs is a KnowledgeError."""
    defaults = _defaults(document["defaults"])
    forms: dict[str, ExerciseForm] = {}
    for index, item in enumerate(document["exercises"]):
        where = f"form_rules.yaml: exercises[{index}]"
        exercise_id = item["exercise"]
        if exercise_id in forms:
            raise KnowledgeError(f"{where}.exercise: {exercise_id!r} is repeated")
        if exercise_id not in exercise_ids:
            raise KnowledgeError(f"{where}.exercise: {exercise_id!r} is not in exercises.yaml")
        for key in item["sources"]:
            if key not in source_keys:
                raise KnowledgeError(f"{where}.sources: {key!r} is not in sources.yaml")
        forms[exercise_id] = _exercise(item, defaults, where)
    return forms


def _defaults(raw: Mapping[str, Any]) -> Defaults:
    values = {k: v for k, v in raw.items() if k != "filter"}
    return Defaults(**values, filter=OneEuroParams(**raw["filter"]))


def _exercise(item: Mapping[str, Any], defaults: Defaults, where: str) -> ExerciseForm:
    view = item["placement"]["view"]
    needs = Needs(tuple(item["needs"]["points"]), item["needs"].get("sides", "near" if view == "side" else "both"))
    default_side = "near" if view == "side" else "mid"
    position = item["position"]
    checks = tuple(Check(_measure(c["measure"], default_side), c.get("low"), c.get("high"))
                   for c in position["checks"])
    rules = tuple(_rule(r, default_side, f"{where}.rules[{i}]") for i, r in enumerate(item["rules"]))
    if len({r.id for r in rules}) != len(rules):
        raise KnowledgeError(f"{where}.rules: a rule id is repeated")
    motion = None
    if "motion" in item:
        raw = item["motion"]
        motion = Motion(raw["name"], _measure(raw["measure"], default_side),
                        _threshold(raw["enter"], f"{where}.motion.enter"), raw.get("still_below"))
    for index, rule in enumerate(rules):
        if rule.when != "always" and motion is None:
            raise KnowledgeError(f"{where}.rules[{index}].when: {rule.when!r} needs the exercise's motion")
        if rule.when == "held" and (motion is None or motion.still_below is None):
            raise KnowledgeError(f"{where}.rules[{index}].when: 'held' needs motion.still_below")
    counting = item["counting"]
    form = ExerciseForm(
        exercise_id=item["exercise"],
        placement=Placement(**item["placement"]),
        needs=needs,
        position=Position(position["name"], position["cue"], checks),
        rules=rules,
        counting=Counting(counting["by"], counting.get("min_seconds", 0.3), counting.get("reason", "")),
        motion=motion,
        defaults=defaults,
        sources=tuple(item["sources"]),
    )
    _check_needs(form, where)
    return form


def _measure(raw: Mapping[str, Any], default_side: str) -> Measure:
    return Measure(raw["kind"], tuple(raw["points"]), raw.get("side", default_side), raw.get("scale", "torso"),
                   raw.get("absolute", False))


def _threshold(raw: Mapping[str, Any], where: str) -> Threshold:
    threshold = Threshold(raw["when"], float(raw["at"]), float(raw["clear"]))
    wrong_side = threshold.clear > threshold.at if threshold.when == "above" else threshold.clear < threshold.at
    if wrong_side:
        raise KnowledgeError(f"{where}.clear: {threshold.clear} must be back on the other side of at "
                             f"({threshold.at}) for the hysteresis to hold")
    return threshold


def _rule(raw: Mapping[str, Any], default_side: str, where: str) -> Rule:
    return Rule(raw["id"], _measure(raw["measure"], default_side), _threshold(raw["fault"], f"{where}.fault"),
                raw["cue"], raw.get("when", "always"), raw["explains"], raw.get("debounce_seconds"))


def _check_needs(form: ExerciseForm, where: str) -> None:
    """Every point a measure reads is among the needed ones, and one read on both sides needs both sides seen."""
    measures = [c.measure for c in form.position.checks] + [r.measure for r in form.rules]
    measures += [form.motion.measure] if form.motion else []
    for measure in measures:
        for point in measure.points:
            base = point.split("_", 1)[1] if point.startswith(("left_", "right_")) else point
            if base not in form.needs.points:
                raise KnowledgeError(f"{where}: {measure.kind} reads {point!r}, which is not in needs.points")
            two_sided = measure.side in _BOTH_SIDES or measure.kind in ("spread", "tilt", "cross")
            if two_sided and base in PAIRED and form.needs.sides != "both" and measure.side != "mid":
                raise KnowledgeError(f"{where}: {measure.kind} reads {point!r} on both sides; needs.sides must be both")

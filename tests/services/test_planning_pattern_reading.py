"""The pattern uses everything the person said and explains only what they said (clinical_facts.md §2).

Every answer of the intake changes something the person sees; a sentence that quotes an answer quotes one
they gave; soreness after a workout and new severe pain are their own patterns, not a guess from two disc
signs; what they said makes worse is left out.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from backcoach.knowledge.loader import load_knowledge
from backcoach.services import planning
from devtools.answers import complete
from tests.conftest import load_contract
from tests.strategies import no_red_flags

INTAKE = load_contract("intake.schema.json")
KNOWLEDGE = load_knowledge()
BASE = {"age": 45, "pain_now": 4, "duration": "6_to_12_weeks"}


def build_plan(answers: dict[str, Any]) -> dict[str, Any]:
    return planning.build_plan(complete(answers))


def routine(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return list(plan["routine"])


def seen(plan: dict[str, Any]) -> str:
    """Everything a person reads about their pattern, routine and care."""
    parts = [*plan["profile"]["explanation"], *plan["safety"], *(i["why"] for i in plan["routine"]),
             *(e["reason"] for e in plan["excluded"])]
    if plan["flare_up"]:
        parts += [p["exercise_id"] for p in plan["flare_up"]["positions_of_ease"]]
    parts += [lesson["id"] for lesson in plan["education"]] + plan["profile"]["tags"] + [plan["profile"]["bias"]]
    return "\n".join(parts)


@pytest.mark.parametrize("field", ["worse_with", "better_with"])
def test_every_worse_and_better_answer_changes_what_the_person_sees(field: str) -> None:
    without = seen(build_plan(BASE))
    for value in INTAKE["properties"][field]["items"]["enum"]:
        assert seen(build_plan({**BASE, field: [value]})) != without, f"{field}={value} is not read"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(no_red_flags)
def test_no_sentence_quotes_an_answer_the_person_did_not_give(answers: dict[str, Any]) -> None:
    plan = build_plan(answers)
    text = "\n".join([*plan["profile"]["explanation"], *(r["message"] for r in plan["triage"]["reasons"])])
    for field in ("worse_with", "better_with", "known_diagnoses", "pain_areas", "leg_symptom_kinds"):
        given_values = set(answers.get(field) or ())
        for value in INTAKE["properties"][field]["items"]["enum"]:
            phrase = KNOWLEDGE.phrase(field, value)
            if value not in given_values and len(phrase) > 12 and phrase in text:
                assert any(phrase in KNOWLEDGE.phrase(field, v) for v in given_values), (field, value, text)
    for reason in plan["triage"]["reasons"]:
        for quoted in reason["evidence"]:
            assert quoted in _all_phrases(answers), quoted


def _all_phrases(answers: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for field, value in answers.items():
        if isinstance(value, dict):
            found |= {KNOWLEDGE.phrase(f"{field}.{k}", v) for k, v in value.items()}
        elif isinstance(value, list):
            found |= {KNOWLEDGE.phrase(field, v) for v in value}
        else:
            found.add(KNOWLEDGE.phrase(field, value))
    return found


def test_soreness_after_a_workout_is_its_own_pattern_not_an_extension_guess() -> None:
    plan = build_plan({**BASE, "age": 27, "duration": "under_6_weeks", "sore_after_unusual_exercise": True,
                       "onset": "after_workout", "leg_symptoms": "none", "worse_with": ["sitting", "bending_forward"]})
    assert plan["profile"]["bias"] == "neutral" and plan["program"]["id"] == "post-workout-soreness"
    assert "doms-settles" in [lesson["id"] for lesson in plan["education"]]


def test_new_severe_pain_gets_positions_of_ease_and_walking_not_a_direction() -> None:
    plan = build_plan({**BASE, "pain_now": 8, "duration": "under_6_weeks", "onset": "lifting_or_bending",
                       "worse_with": ["sitting", "bending_forward", "coughing_or_sneezing"]})
    assert plan["profile"]["bias"] == "neutral" and "acute_severe" in plan["profile"]["tags"]
    ids = {item["exercise_id"] for item in routine(plan)}
    assert "hooklying-rest" in ids and "interval-walking" in ids
    assert not ids & {"prone-press-up", "standing-back-extension", "double-knee-to-chest"}


def test_a_movement_check_still_sets_the_direction_in_new_severe_pain() -> None:
    plan = build_plan({**BASE, "pain_now": 8, "duration": "under_6_weeks", "leg_symptoms": "below_knee",
                       "repeated_movement_response": {"extension": "centralized"}})
    assert plan["profile"]["bias"] == "extension"


@pytest.mark.parametrize(("worse", "features", "positions"), [
    ("lying_on_back", {"flat_on_back"}, {"supine", "hooklying"}),
    ("lying_on_stomach", {"prone_lying"}, {"prone"}),
    ("twisting", {"end_range_rotation"}, set()),
    ("lifting", {"loaded_flexion", "high_effort"}, set()),
])
def test_what_makes_it_worse_is_left_out(worse: str, features: set[str], positions: set[str]) -> None:
    for extra in ({}, {"repeated_movement_response": {"extension": "centralized"}}, {"known_diagnoses": ["arthritis"]},
                  {"sore_after_unusual_exercise": True, "leg_symptoms": "none"}):
        plan = build_plan({**BASE, **extra, "worse_with": [worse]})
        for item in routine(plan):
            exercise = KNOWLEDGE.exercises[item["exercise_id"]]
            assert not exercise.features & features, (worse, item["exercise_id"])
            assert item["position"] not in positions, (worse, item["exercise_id"])
        if plan["flare_up"]:
            for position in plan["flare_up"]["positions_of_ease"]:
                assert not KNOWLEDGE.exercises[position["exercise_id"]].features & features


def test_pain_above_the_knee_is_not_called_a_nerve_root() -> None:
    plan = build_plan({**BASE, "leg_symptoms": "above_knee", "leg_symptom_side": "left"})
    text = " ".join(plan["profile"]["explanation"])
    assert "nerve root" not in text and "down the thigh" in text
    below = build_plan({**BASE, "leg_symptoms": "below_knee", "leg_symptom_side": "left"})
    assert "nerve root" in " ".join(below["profile"]["explanation"])


def test_a_stenosis_plan_gives_no_spondylolisthesis_reasons() -> None:
    plan = build_plan({"age": 74, "pain_now": 4, "duration": "over_12_weeks", "leg_symptoms": "below_knee",
                       "leg_symptom_side": "both", "better_with": ["sitting", "leaning_on_cart"],
                       "worse_with": ["walking", "standing_long"]})
    text = seen(plan).lower()
    assert "spondylolisthesis" not in text and "stenosis" in text
    assert "arch" not in " ".join(plan["profile"]["explanation"][:1]).lower() or "leaves out arching" in text


def test_the_direction_sentence_names_only_what_was_said() -> None:
    plan = build_plan({**BASE, "known_diagnoses": ["herniated_disc"], "worse_with": ["sitting"]})
    first = plan["profile"]["explanation"][0]
    assert plan["profile"]["bias"] == "extension"
    assert "worse with sitting" in first and "walking" not in first and "face down" not in first


def test_no_floor_words_for_someone_who_cannot_get_down() -> None:
    plan = build_plan({**BASE, "can_get_on_floor": False, "where_to_exercise": ["bed", "chair"],
                       "repeated_movement_response": {"extension": "centralized"}})
    assert routine(plan)
    for item in routine(plan):
        words = " ".join([item["summary"], *item["steps"], *item["cues"], *item["mistakes"]]).lower()
        assert "floor" not in words and "ground" not in words, item["exercise_id"]


def test_straight_leg_stretches_give_way_to_a_bent_knee_version_below_the_knee() -> None:
    plan = build_plan({**BASE, "sore_after_unusual_exercise": False, "leg_symptoms": "below_knee",
                       "leg_symptom_side": "right", "known_diagnoses": ["spondylolisthesis"]})
    ids = {item["exercise_id"] for item in routine(plan)}
    assert "hamstring-stretch" not in ids and "seated-hamstring-stretch" not in ids
    assert "bent-knee-hamstring-stretch" in ids


@pytest.mark.parametrize("answers", [
    {"known_diagnoses": ["spinal_stenosis"], "age": 70},
    {"repeated_movement_response": {"extension": "peripheralized", "flexion": "centralized"}},
    {"repeated_movement_response": {"extension": "centralized"}},
])
def test_cat_cow_carries_both_halves(answers: dict[str, Any]) -> None:
    plan = build_plan({**BASE, **answers})
    assert not {"cat-cow", "seated-cat-cow"} & {item["exercise_id"] for item in routine(plan)}


def test_a_hip_replacement_keeps_to_hip_safe_moves() -> None:
    for extra in ({}, {"known_diagnoses": ["spinal_stenosis"]}, {"sore_after_unusual_exercise": True}):
        plan = build_plan({**BASE, "age": 68, "hip_replacement": True, "schema_version": 2, **extra})
        assert "hip_precautions" in plan["profile"]["tags"]
        for item in routine(plan):
            features = KNOWLEDGE.exercises[item["exercise_id"]].features
            assert not features & {"deep_hip_flexion", "leg_crossing", "hip_internal_rotation"}, item["exercise_id"]


def test_directional_exercises_are_repeated_through_the_day() -> None:
    plan = build_plan({**BASE, "repeated_movement_response": {"extension": "centralized"}})
    lying = next(item for item in routine(plan) if item["exercise_id"] == "prone-lying")
    assert lying["dosage"]["times_per_day"] == 6 and "6 times a day" in lying["dose_text"]

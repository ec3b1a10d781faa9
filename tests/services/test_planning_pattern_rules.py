"""Pattern -> bias, tags and routine, per clinical_facts.md §2 (recommended and avoided exercises)."""

from __future__ import annotations

from typing import Any

import pytest

from backcoach.knowledge.loader import load_knowledge
from backcoach.services import planning
from devtools.answers import complete

FLEXION_MOVES = {"double-knee-to-chest", "single-knee-to-chest", "seated-forward-bend", "childs-pose"}
EXTENSION_MOVES = {"prone-lying", "prone-on-elbows", "prone-press-up", "standing-back-extension"}
OSTEOPOROSIS_AVOID = {"seated-forward-bend", "double-knee-to-chest", "childs-pose", "lower-trunk-rotation-leg-over"}
FLOOR_ONLY = {"childs-pose", "cat-cow", "bird-dog", "thread-the-needle", "quadruped-rocking"}


def build_plan(answers: dict[str, Any]) -> dict[str, Any]:
    """A plan for answers that say no to every warning sign they leave out."""
    return planning.build_plan(complete(answers))


def routine_ids(plan: dict[str, Any]) -> set[str]:
    return {item["exercise_id"] for item in plan["routine"]}


def test_disc_pattern_that_centralizes_with_extension() -> None:
    plan = build_plan({"age": 38, "pain_now": 5, "leg_symptoms": "below_knee", "leg_symptom_side": "right",
                       "worse_with": ["sitting", "bending_forward", "coughing_or_sneezing"],
                       "repeated_movement_response": {"extension": "centralized", "flexion": "peripheralized"}})
    assert plan["profile"]["bias"] == "extension"
    assert "radicular" in plan["profile"]["tags"]
    ids = [item["exercise_id"] for item in plan["routine"]]
    assert ids[0] == "prone-lying", "the gentlest step first"
    assert not {"prone-on-elbows", "prone-press-up"} & set(ids), "later steps wait (the seed's 'if not enough')"
    later = {e["exercise_id"]: e for e in plan["excluded"] if e["kind"] == "later"}
    assert "Prone lying" in later["prone-on-elbows"]["reason"]
    assert not routine_ids(plan) & FLEXION_MOVES
    excluded = {e["exercise_id"]: e for e in plan["excluded"]}
    assert excluded["double-knee-to-chest"]["kind"] == "safety"


def test_disc_pattern_from_answers_alone() -> None:
    plan = build_plan({"age": 35, "pain_now": 4, "known_diagnoses": ["herniated_disc"], "leg_symptoms": "above_knee",
                       "worse_with": ["sitting"], "better_with": ["walking", "lying_on_stomach"]})
    assert plan["profile"]["bias"] == "extension"
    assert routine_ids(plan) & EXTENSION_MOVES


def test_extension_that_peripheralizes_is_never_used() -> None:
    plan = build_plan({"age": 40, "pain_now": 4, "leg_symptoms": "above_knee",
                       "repeated_movement_response": {"extension": "peripheralized", "flexion": "centralized"}})
    assert plan["profile"]["bias"] == "flexion"
    assert not [i for i in plan["routine"] if i["direction"] == "extension"]


@pytest.mark.parametrize("answers", [
    {"age": 72, "pain_now": 4, "leg_symptoms": "below_knee", "leg_symptom_side": "both", "duration": "over_12_weeks",
     "better_with": ["sitting", "bending_forward", "leaning_on_cart"], "worse_with": ["standing_long", "walking"]},
    {"age": 66, "pain_now": 5, "known_diagnoses": ["spinal_stenosis"]},
    {"age": 70, "pain_now": 3, "better_with": ["sitting"], "worse_with": ["walking", "leaning_back"]},
], ids=["classic-claudication", "diagnosed", "sitting-relief"])
def test_stenosis_bends_forward_and_never_backward(answers: dict[str, Any]) -> None:
    plan = build_plan(answers)
    assert plan["profile"]["bias"] == "flexion"
    assert "stenosis_pattern" in plan["profile"]["tags"]
    assert not [i for i in plan["routine"] if i["direction"] == "extension"]
    assert routine_ids(plan) & (FLEXION_MOVES | {"pelvic-tilt"})


def test_spondylolisthesis_avoids_end_range_extension() -> None:
    plan = build_plan({"age": 16, "pain_now": 4, "known_diagnoses": ["spondylolysis"], "worse_with": ["leaning_back"]})
    assert not routine_ids(plan) & {"prone-press-up", "standing-back-extension", "prone-on-elbows"}
    assert plan["profile"]["bias"] in ("flexion", "neutral")
    assert "abdominal-bracing" in routine_ids(plan)


def test_arthritis_gets_daily_bridging() -> None:
    plan = build_plan({"age": 68, "pain_now": 3, "known_diagnoses": ["arthritis"]})
    assert "arthritis" in plan["profile"]["tags"]
    assert plan["profile"]["bias"] in ("neutral", "mixed")
    bridge = next(i for i in plan["routine"] if i["exercise_id"] == "bridge")
    assert "every day" in bridge["why"].lower()


def test_osteoporosis_avoids_deep_and_loaded_bending_and_twisting() -> None:
    plan = build_plan({"age": 71, "pain_now": 3, "known_diagnoses": ["osteoporosis"], "duration": "over_12_weeks"})
    assert plan["triage"]["level"] == "self_care_ok"
    assert not routine_ids(plan) & OSTEOPOROSIS_AVOID
    assert "bridge" in routine_ids(plan)


def test_morning_stiffness_in_bed() -> None:
    plan = build_plan({"age": 50, "pain_now": 3, "morning_stiffness_minutes": 15, "where_to_exercise": ["bed"]})
    assert "morning_stiffness" in plan["profile"]["tags"]
    assert plan["routine"]
    assert all("bed" in item["places"] for item in plan["routine"])
    assert plan["program"]["id"] == "morning-in-bed"


def test_post_workout_soreness_gets_gentle_stretches() -> None:
    plan = build_plan({"age": 29, "pain_now": 3, "sore_after_unusual_exercise": True, "leg_symptoms": "none"})
    assert "post_exercise_soreness" in plan["profile"]["tags"]
    assert plan["profile"]["bias"] == "neutral"
    assert {"childs-pose", "cat-cow", "lower-trunk-rotation"} <= routine_ids(plan)


def test_workout_injury_with_leg_pain_is_not_soreness() -> None:
    plan = build_plan({"age": 29, "pain_now": 5, "sore_after_unusual_exercise": True, "onset": "after_workout",
                       "leg_symptoms": "below_knee", "worse_with": ["sitting", "bending_forward"]})
    assert "post_exercise_soreness" not in plan["profile"]["tags"]
    assert plan["profile"]["bias"] == "extension"


def test_upper_back_in_a_chair() -> None:
    plan = build_plan({"age": 34, "pain_now": 3, "pain_areas": ["upper_back_between_shoulder_blades"],
                       "can_get_on_floor": False})
    assert {"upper_back", "floor_limited"} <= set(plan["profile"]["tags"])
    assert plan["routine"][0]["exercise_id"] == "seated-rhomboid-stretch"
    assert all(item["position"] in ("seated", "standing") or "bed" in item["places"] for item in plan["routine"])


@pytest.mark.parametrize("limits", [{"can_get_on_floor": False}, {"where_to_exercise": ["chair", "standing"]}])
def test_no_floor_work_for_people_who_cannot_get_down(limits: dict[str, Any]) -> None:
    plan = build_plan({"age": 80, "pain_now": 4, **limits})
    assert "floor_limited" in plan["profile"]["tags"]
    assert not routine_ids(plan) & FLOOR_ONLY
    if "where_to_exercise" in limits:
        assert not [i for i in plan["routine"] if i["position"] == "prone"]


def test_wheelchair_users_exercise_seated() -> None:
    plan = build_plan({"age": 55, "pain_now": 4, "uses_wheelchair": True})
    assert plan["routine"] and all(item["position"] == "seated" for item in plan["routine"])


def test_cannot_lie_on_stomach() -> None:
    plan = build_plan({"age": 40, "pain_now": 4, "can_lie_on_stomach": False,
                       "repeated_movement_response": {"extension": "centralized"}})
    assert plan["profile"]["bias"] == "extension"
    assert not [i for i in plan["routine"] if i["position"] == "prone"]
    assert "standing-back-extension" in routine_ids(plan)


def test_pregnancy_avoids_lying_face_down_and_flat_on_the_back() -> None:
    plan = build_plan({"age": 31, "pain_now": 4, "known_diagnoses": ["pregnancy"]})
    assert plan["routine"]
    assert not [i for i in plan["routine"] if i["position"] in ("prone", "supine", "hooklying")]


def test_routine_length_follows_the_minutes_available() -> None:
    answers = {"age": 45, "pain_now": 3}
    short = build_plan({**answers, "minutes_available": 5})
    long = build_plan({**answers, "minutes_available": 30})
    assert len(short["routine"]) < len(long["routine"])
    assert short["estimated_minutes"] <= 5 < long["estimated_minutes"]
    assert any(e["kind"] == "time" and "5 minutes" in e["reason"] for e in short["excluded"])


def test_high_pain_starts_gently() -> None:
    plan = build_plan({"age": 45, "pain_now": 8, "duration": "6_to_12_weeks"})
    assert "high_pain" in plan["profile"]["tags"]
    tilt = next(i for i in plan["routine"] if i["exercise_id"] == "pelvic-tilt")
    assert tilt["dosage"]["reps"] == 5 and "pain is high" in tilt["why"], "half the library's 10 repetitions"
    features = load_knowledge().exercises
    assert plan["routine"] and not [i for i in plan["routine"] if "high_effort" in features[i["exercise_id"]].features]


def test_same_answers_same_plan() -> None:
    answers = {"age": 52, "pain_now": 6, "leg_symptoms": "foot", "worse_with": ["sitting"]}
    assert build_plan(answers) == build_plan(dict(answers))


@pytest.mark.parametrize(("response", "bias", "tag"), [
    ({"extension": "centralized"}, "extension", "centralizes_with_extension"),
    ({"flexion": "centralized"}, "flexion", "centralizes_with_flexion"),
    ({"extension": "peripheralized"}, "none", "extension_peripheralizes"),
])
def test_the_movement_check_is_explained_once(response: dict[str, str], bias: str, tag: str) -> None:
    plan = build_plan({"age": 40, "pain_now": 4, "leg_symptoms": "below_knee", "leg_symptom_side": "left",
                       "repeated_movement_response": response})
    explanation = plan["profile"]["explanation"]
    said_again = next(rule.explanation for rule in load_knowledge().tag_rules if rule.tag == tag)
    assert plan["profile"]["bias"] == bias
    assert tag in plan["profile"]["tags"], "the tag still shapes the routine"
    assert explanation[0].startswith("In the movement check"), explanation
    assert said_again not in explanation, "the bias reason already says it"


def test_restated_tags_and_reasons_exist() -> None:
    knowledge = load_knowledge()
    tags = {rule.tag for rule in knowledge.tag_rules}
    for tag, reason in knowledge.bias_rules["restated_by"].items():
        assert tag in tags
        assert reason in knowledge.bias_rules["reasons"]

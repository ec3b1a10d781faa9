"""Properties every plan must have, over the whole intake schema (hypothesis)."""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcoach.knowledge.loader import load_knowledge
from backcoach.services.planning import build_plan
from tests.conftest import load_contract
from tests.strategies import intake_answers

PLAN_SCHEMA = jsonschema.Draft202012Validator(load_contract("plan.schema.json"))
KNOWLEDGE = load_knowledge()
FLOOR_ONLY_POSITIONS = {"quadruped", "kneeling"}
PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROFILE
@given(intake_answers)
def test_every_plan_validates_against_the_plan_contract(answers: dict[str, Any]) -> None:
    PLAN_SCHEMA.validate(build_plan(answers))


@PROFILE
@given(intake_answers)
def test_every_item_and_exclusion_has_a_reason(answers: dict[str, Any]) -> None:
    plan = build_plan(answers)
    assert all(item["why"].strip() for item in plan["routine"])
    assert all(entry["reason"].strip() for entry in plan["excluded"])
    assert all(reason["message"].strip() and reason["code"] for reason in plan["triage"]["reasons"])
    routine_ids = {item["exercise_id"] for item in plan["routine"]}
    excluded_ids = {entry["exercise_id"] for entry in plan["excluded"]}
    assert routine_ids.isdisjoint(excluded_ids)
    assert routine_ids | excluded_ids == set(KNOWLEDGE.exercises), "every exercise is either chosen or explained"


@PROFILE
@given(intake_answers)
def test_above_self_care_there_is_no_exercise_beyond_positions_of_ease(answers: dict[str, Any]) -> None:
    plan = build_plan(answers)
    level = plan["triage"]["level"]
    if level in ("emergency", "urgent_referral"):
        assert plan["routine"] == []
    if level == "see_clinician_before_exercise":
        for item in plan["routine"]:
            assert "position_of_ease" in KNOWLEDGE.exercises[item["exercise_id"]].features


@PROFILE
@given(intake_answers.filter(lambda a: any(a.get("red_flags", {}).values())))
def test_a_red_flag_screen_never_yields_exercises(answers: dict[str, Any]) -> None:
    plan = build_plan(answers)
    levels = {reason["level"] for reason in plan["triage"]["reasons"]}
    if levels & {"emergency", "urgent_referral"}:
        assert plan["routine"] == []
    elif levels - {"self_care_ok"}:
        assert all("position_of_ease" in KNOWLEDGE.exercises[i["exercise_id"]].features for i in plan["routine"])


@PROFILE
@given(intake_answers)
def test_no_routine_exercise_contradicts_the_bias(answers: dict[str, Any]) -> None:
    plan = build_plan(answers)
    bias = plan["profile"]["bias"]
    directions = {item["direction"] for item in plan["routine"]}
    if bias == "extension":
        assert "flexion" not in directions
    if bias == "flexion":
        assert "extension" not in directions
    tags = set(plan["profile"]["tags"])
    if tags & {"stenosis_pattern", "extension_peripheralizes"}:
        assert "extension" not in directions
    if "flexion_peripheralizes" in tags:
        assert "flexion" not in directions


@PROFILE
@given(intake_answers)
def test_no_routine_exercise_breaks_the_persons_position_limits(answers: dict[str, Any]) -> None:
    plan = build_plan(answers)
    for item in plan["routine"]:
        exercise = KNOWLEDGE.exercises[item["exercise_id"]]
        if answers.get("can_get_on_floor") is False or answers.get("uses_wheelchair") is True:
            assert "floor" not in exercise.places or exercise.places - {"floor"}
            assert exercise.position not in FLOOR_ONLY_POSITIONS
        if answers.get("uses_wheelchair") is True:
            assert exercise.places & {"chair", "bed"}
        if answers.get("can_lie_on_stomach") is False or "pregnancy" in answers.get("known_diagnoses", []):
            assert exercise.position != "prone"
        if "pregnancy" in answers.get("known_diagnoses", []):
            assert exercise.position not in ("supine", "hooklying")
        assert exercise.places & expected_places(answers)


def expected_places(answers: dict[str, Any]) -> set[str]:
    """Where the person can exercise, worked out independently of the implementation."""
    chosen = set(answers.get("where_to_exercise", []))
    at_work = {"chair", "standing"}  # at work you can sit or stand
    places = {p for c in chosen for p in (at_work if c == "at_work" else {c})} or {"floor", "bed", "chair", "standing"}
    if answers.get("can_get_on_floor") is False or answers.get("uses_wheelchair") is True:
        places.discard("floor")
    if answers.get("uses_wheelchair") is True:
        places &= {"chair", "bed"} if "bed" in chosen else {"chair"}
    return places or {"chair"}


@PROFILE
@given(intake_answers)
def test_routine_fits_the_time_available(answers: dict[str, Any]) -> None:
    plan = build_plan(answers)
    total = sum(item["estimated_seconds"] for item in plan["routine"])
    assert total <= plan["minutes_available"] * 60
    if "minutes_available" in answers:
        assert plan["minutes_available"] == answers["minutes_available"]


@PROFILE
@given(intake_answers)
def test_doses_stay_within_safe_bounds(answers: dict[str, Any]) -> None:
    for item in build_plan(answers)["routine"]:
        dosage = item["dosage"]
        assert 1 <= dosage["reps"] <= 15
        assert 1 <= dosage["sets"] <= 3
        assert 1 <= dosage.get("hold_seconds", 1) <= 180


@settings(max_examples=100, deadline=None)
@given(intake_answers, st.randoms())
def test_same_answers_same_plan_whatever_the_key_order(answers: dict[str, Any], rng: Any) -> None:
    keys = list(answers)
    rng.shuffle(keys)
    assert build_plan({k: answers[k] for k in keys}) == build_plan(answers)


WORSE_RULES_OUT = {"lying_on_back": {"flat_on_back"}, "lying_on_stomach": {"prone_lying"},
                   "twisting": {"end_range_rotation"}, "lifting": {"loaded_flexion", "high_effort"}}


@PROFILE
@given(intake_answers)
def test_no_routine_item_contradicts_what_makes_it_worse(answers: dict[str, Any]) -> None:
    plan = build_plan(answers)
    ruled_out = {f for worse in answers.get("worse_with", []) for f in WORSE_RULES_OUT.get(worse, set())}
    for item in plan["routine"]:
        assert not KNOWLEDGE.exercises[item["exercise_id"]].features & ruled_out, item["exercise_id"]


@PROFILE
@given(intake_answers)
def test_day_one_holds_one_step_of_each_progression(answers: dict[str, Any]) -> None:
    ids = {item["exercise_id"] for item in build_plan(answers)["routine"]}
    for exercise_id in ids:
        step = KNOWLEDGE.exercises[exercise_id]
        while step.regresses_to:
            step = KNOWLEDGE.exercises[step.regresses_to]
            assert step.id not in ids, f"{exercise_id} and its easier step {step.id} on day one"


@PROFILE
@given(intake_answers)
def test_a_plan_without_exercise_gives_no_exercise_advice(answers: dict[str, Any]) -> None:
    plan = build_plan(answers)
    if plan["triage"]["level"] in ("emergency", "urgent_referral"):
        assert plan["routine"] == [] and plan["education"] == [] and plan["flare_up"] is None
        assert plan["pathway"] is None and plan["profile"]["explanation"] == []
    else:
        assert plan["flare_up"] is not None and plan["education"], "every plan with exercise has both"

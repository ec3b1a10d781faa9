"""Screening that is complete and never reads silence as safety (clinical_facts.md §1 and §6).

The classes the first rules missed: unanswered warning signs, infection risk after spinal surgery or with
severe night pain but no fever, fragility fractures without a fall, progressive neurological loss, and the
version-2 intake that asks osteoporosis, steroids, immune suppression and drug use apart.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcoach.errors import InvalidInput
from backcoach.services.planning import build_plan, urgent_plan
from devtools.answers import NO_WARNING_SIGNS, V1_WARNING_SIGNS, complete

E, U, S, OK = "emergency", "urgent_referral", "see_clinician_before_exercise", "self_care_ok"
V2_NO = {**{k: False for k in NO_WARNING_SIGNS if k not in ("osteoporosis_or_long_term_steroids",
                                                              "iv_drug_use_or_immunosuppressed")},
         "osteoporosis": False, "long_term_steroids": False, "immunosuppressed": False, "iv_drug_use": False,
         "dark_urine": False}
EASE = {"hooklying-rest", "side-lying-rest", "standing-counter-lean", "ninety-ninety-rest", "seated-lean-forward-rest",
        "prone-lying"}


def v1(**flags: bool) -> dict[str, Any]:
    return {"red_flags": {**NO_WARNING_SIGNS, **flags}}


def v2(**flags: bool) -> dict[str, Any]:
    return {"schema_version": 2, "red_flags": {**V2_NO, **flags}}


def triage(answers: dict[str, Any]) -> dict[str, Any]:
    plan = build_plan({"age": 45, "pain_now": 5, **answers})
    result: dict[str, Any] = plan["triage"]
    result["plan"] = plan
    return result


def codes(result: dict[str, Any]) -> list[str]:
    return [r["code"] for r in result["reasons"]]


# --- unanswered is unknown, never "no" ----------------------------------------------------------------

def test_nothing_answered_means_see_a_clinician_first_with_every_question_named() -> None:
    result = triage({})
    assert result["level"] == S and codes(result) == ["warning_signs_unanswered"]
    assert {q["id"] for q in result["unanswered"]} == {f"red_flags.{name}" for name in V1_WARNING_SIGNS}
    message = result["reasons"][0]["message"]
    assert "numbness around your genitals, bottom or inner thighs" in message
    assert "pain at night that no position eases" in message
    assert {item["exercise_id"] for item in result["plan"]["routine"]} <= EASE


@pytest.mark.parametrize("missing", V1_WARNING_SIGNS)
def test_one_unanswered_warning_sign_is_named_and_keeps_exercise_waiting(missing: str) -> None:
    flags = {k: v for k, v in NO_WARNING_SIGNS.items() if k != missing}
    result = triage({"red_flags": flags})
    assert result["level"] == S
    assert [q["id"] for q in result["unanswered"]] == [f"red_flags.{missing}"]
    assert {item["exercise_id"] for item in result["plan"]["routine"]} <= EASE


@pytest.mark.parametrize(("flag", "level"), [("saddle_numbness", E), ("bladder_or_bowel_change", E),
                                             ("pulsating_abdominal_pain", E), ("leg_weakness_getting_worse", U),
                                             ("unexplained_weight_loss", U), ("fever_or_chills", U)])
def test_a_yes_gives_its_own_level_whatever_else_is_unanswered(flag: str, level: str) -> None:
    result = triage({"red_flags": {flag: True}})
    assert result["level"] == level
    assert len(result["unanswered"]) == 15, "the unanswered questions are still listed"
    assert "warning_signs_unanswered" not in codes(result), "the sign that needs a doctor speaks alone"
    assert result["plan"]["routine"] == []


def test_version_2_answers_must_answer_the_questions_version_2_splits() -> None:
    only_v1 = triage({"schema_version": 2, "red_flags": NO_WARNING_SIGNS})
    # a version-1 answer covers both halves of its merged question; dark urine is a version-2 question
    assert only_v1["level"] == S and [q["id"] for q in only_v1["unanswered"]] == ["red_flags.dark_urine"]
    partial = triage({"schema_version": 2, "red_flags": {k: v for k, v in V2_NO.items() if k != "dark_urine"}})
    assert partial["level"] == S and [q["id"] for q in partial["unanswered"]] == ["red_flags.dark_urine"]
    assert triage(v2())["level"] == OK


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(V1_WARNING_SIGNS), min_size=1))
def test_any_unanswered_subset_is_never_self_care(missing: set[str]) -> None:
    flags = {k: v for k, v in NO_WARNING_SIGNS.items() if k not in missing}
    result = triage({"red_flags": flags})
    assert result["level"] != OK
    assert {q["id"] for q in result["unanswered"]} == {f"red_flags.{name}" for name in missing}


# --- infection risk (§1 spinal infection row; §6 post-operative pathway) ----------------------------------

@pytest.mark.parametrize("answers", [
    {"known_diagnoses": ["recent_spine_surgery"], **v1(fever_or_chills=True)},
    {"known_diagnoses": ["recent_spine_surgery"], **v1(feeling_unwell_generally=True)},
    v1(recent_infection_or_spinal_procedure=True, fever_or_chills=True),
    v2(long_term_steroids=True, fever_or_chills=True),
    v2(immunosuppressed=True, feeling_unwell_generally=True),
    v2(iv_drug_use=True, fever_or_chills=True),
], ids=["surgery-fever", "surgery-unwell", "procedure-fever", "steroids-fever", "immuno-unwell", "ivdu-fever"])
def test_infection_risk_with_fever_or_feeling_unwell_is_an_emergency(answers: dict[str, Any]) -> None:
    result = triage(answers)
    assert result["level"] == E and "infection_risk_with_fever" in codes(result)


@pytest.mark.parametrize("answers", [
    {"known_diagnoses": ["recent_spine_surgery"], **v1(constant_night_pain=True)},
    v1(iv_drug_use_or_immunosuppressed=True, constant_night_pain=True),
    v2(immunosuppressed=True, constant_night_pain=True),
    v1(recent_infection_or_spinal_procedure=True, constant_night_pain=True),
], ids=["surgery", "ivdu-or-immuno-v1", "immuno-v2", "recent-procedure"])
def test_severe_night_pain_with_an_infection_risk_is_an_emergency_without_fever(answers: dict[str, Any]) -> None:
    result = triage(answers)
    assert result["level"] == E and "infection_risk_with_night_pain" in codes(result)


def test_after_surgery_without_fever_is_the_post_operative_pathway() -> None:
    result = triage({"known_diagnoses": ["recent_spine_surgery"], **v1(recent_infection_or_spinal_procedure=True)})
    assert result["level"] == S and codes(result) == ["recent_spinal_procedure"]
    assert "back surgery in the last few months" in result["reasons"][0]["message"]


@pytest.mark.parametrize("answers", [
    {"known_diagnoses": ["osteoporosis"], **v1(osteoporosis_or_long_term_steroids=True, fever_or_chills=True)},
    v2(osteoporosis=True, fever_or_chills=True),
], ids=["v1-merged-flag-explained-by-osteoporosis", "v2-osteoporosis"])
def test_a_cold_with_osteoporosis_is_not_an_infection_emergency(answers: dict[str, Any]) -> None:
    result = triage(answers)
    assert result["level"] == U and "infection_risk_with_fever" not in codes(result)


def test_the_version_1_merged_flag_without_osteoporosis_is_read_as_possible_steroids() -> None:
    assert triage(v1(osteoporosis_or_long_term_steroids=True, fever_or_chills=True))["level"] == E


def test_immune_suppression_with_worsening_weakness_is_an_emergency() -> None:
    result = triage(v2(iv_drug_use=True, leg_weakness_getting_worse=True))
    assert result["level"] == E and "infection_risk_with_weakness" in codes(result)


# --- fractures (§1 vertebral fracture row) ------------------------------------------------------------------

@pytest.mark.parametrize("answers", [
    {"worse_with": ["coughing_or_sneezing"], "duration": "under_6_weeks", "onset": "gradual", **v2(osteoporosis=True)},
    {"worse_with": ["coughing_or_sneezing"], "onset": "unknown", **v2(long_term_steroids=True)},
    {"worse_with": ["coughing_or_sneezing"], "duration": "under_6_weeks", "known_diagnoses": ["osteoporosis"], **v1()},
    {"onset": "lifting_or_bending", "duration": "under_6_weeks", **v1(osteoporosis_or_long_term_steroids=True)},
], ids=["osteoporosis-cough", "steroids-sneeze", "diagnosed-cough-v1", "merged-lift-v1"])
def test_a_fragility_fracture_needs_no_fall(answers: dict[str, Any]) -> None:
    result = triage({"age": 67, **answers})
    assert result["level"] == U and "fragility_fracture_risk" in codes(result)
    assert result["plan"]["routine"] == []


def test_a_lifting_strain_at_70_without_fragile_bones_is_not_urgent() -> None:
    result = triage({"age": 70, "onset": "lifting_or_bending", "duration": "under_6_weeks", **v2()})
    assert result["level"] == OK


def test_a_fall_in_later_life_is_urgent() -> None:
    result = triage({"age": 84, "onset": "fall_or_accident", "duration": "under_6_weeks", **v2()})
    assert result["level"] == U and "older_age_fall" in codes(result)


# --- progressive neurological loss, other causes ------------------------------------------------------------

def test_weakness_getting_worse_in_one_leg_is_urgent_and_in_both_an_emergency() -> None:
    one = triage({"leg_symptoms": "foot", "leg_symptom_side": "left", **v2(leg_weakness_getting_worse=True)})
    both = triage({"leg_symptoms": "foot", "leg_symptom_side": "both", **v2(leg_weakness_getting_worse=True)})
    assert (one["level"], both["level"]) == (U, E)


def test_dark_urine_after_a_hard_workout_is_an_emergency_and_alone_needs_a_doctor() -> None:
    workout = triage({"sore_after_unusual_exercise": True, "onset": "after_workout", **v2(dark_urine=True)})
    assert workout["level"] == E and "exertional_rhabdomyolysis" in codes(workout)
    assert triage(v2(dark_urine=True))["level"] == U


# --- what an emergency or urgent plan says ------------------------------------------------------------------

EXERCISE_WORDS = ("stretch", "should not hurt", "bed rest", "exercise stops", "routine", "repetition")


@pytest.mark.parametrize("flags", [{"saddle_numbness": True}, {"pulsating_abdominal_pain": True},
                                   {"unexplained_weight_loss": True}, {"leg_weakness_getting_worse": True}])
def test_an_emergency_or_urgent_plan_gives_no_exercise_advice_anywhere(flags: dict[str, bool]) -> None:
    plan = triage({"duration": "under_6_weeks", "pain_areas": ["low_back"], **v1(**flags)})["plan"]
    assert plan["routine"] == [] and plan["education"] == [] and plan["flare_up"] is None
    assert plan["profile"]["explanation"] == [] and plan["pathway"] is None
    for line in plan["safety"]:
        assert not any(word in line.lower() for word in EXERCISE_WORDS), line


def test_every_reason_quotes_only_what_the_person_said() -> None:
    result = triage({"age": 45, **v1(history_of_cancer=True, constant_night_pain=True)})
    reason = next(r for r in result["reasons"] if r["code"] == "cancer_with_warning_features")
    assert reason["evidence"] == ["having had cancer", "pain at night that no position eases"]
    assert "weight" not in reason["message"] and "cough" not in reason["message"]


def test_complete_fills_only_what_is_missing() -> None:
    assert complete({"red_flags": {"saddle_numbness": True}})["red_flags"]["saddle_numbness"] is True


def test_incomplete_answers_that_already_need_care_now_get_that_plan() -> None:
    plan = urgent_plan({"red_flags": {"saddle_numbness": True}})
    assert plan is not None and plan["triage"]["level"] == E and plan["routine"] == []
    plan = urgent_plan({"pain_now": 6, "red_flags": {"fever_or_chills": True}})
    assert plan is not None and plan["triage"]["level"] == U
    assert urgent_plan({"age": 41}) is None, "nothing urgent yet: the missing answers are still asked"
    assert urgent_plan({"red_flags": {"history_of_cancer": True}}) is None, "not urgent on its own"


def test_incomplete_answers_that_are_also_wrong_are_refused() -> None:
    with pytest.raises(InvalidInput, match="age"):
        urgent_plan({"age": 400, "red_flags": {"saddle_numbness": True}})

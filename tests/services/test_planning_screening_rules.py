"""Every red-flag rule and combination of clinical_facts.md §1, case by case (see the ids)."""

from __future__ import annotations

from typing import Any

import pytest

from backcoach.services.planning import build_plan
from devtools.answers import complete

BASE = {"age": 45, "pain_now": 5}
E, U, S, OK = "emergency", "urgent_referral", "see_clinician_before_exercise", "self_care_ok"
CHRONIC_CLAUDICATION = {
    "age": 72, "pain_now": 4, "duration": "over_12_weeks", "leg_symptoms": "below_knee", "leg_symptom_side": "both",
    "better_with": ["sitting", "bending_forward"], "worse_with": ["standing_long", "walking"],
}


def flags(**values: bool) -> dict[str, Any]:
    return {**BASE, "red_flags": values}


CASES: list[tuple[str, dict[str, Any], set[str], str | None]] = [
    # Cauda equina: one feature is enough [BMJ-CES]
    ("ces-saddle-numbness", flags(saddle_numbness=True), {E}, "ces_saddle_numbness"),
    ("ces-bladder", flags(bladder_or_bowel_change=True), {E}, "ces_bladder_bowel"),
    ("ces-sexual", flags(sexual_dysfunction_new=True), {E}, "ces_sexual_dysfunction"),
    ("ces-numb-both-legs-new", {**flags(numbness_both_legs=True), "duration": "under_6_weeks"}, {E},
     "ces_numbness_both_legs"),
    ("ces-numb-both-legs-unknown-duration", flags(numbness_both_legs=True), {E}, "ces_numbness_both_legs"),
    ("ces-bilateral-sciatica-new", {**BASE, "leg_symptoms": "below_knee", "leg_symptom_side": "both",
                                    "duration": "under_6_weeks"}, {E}, "ces_bilateral_sciatica"),
    ("ces-saddle-with-benign-story", {**flags(saddle_numbness=True), "onset": "after_sitting_long",
                                      "duration": "over_12_weeks"}, {E}, "ces_saddle_numbness"),
    ("ces-weakness-both-legs", {**flags(leg_weakness_getting_worse=True), "leg_symptom_side": "both",
                                "leg_symptoms": "foot"}, {E}, "motor_deficit_both_legs"),
    ("ces-plus-other-flags", flags(saddle_numbness=True, fever_or_chills=True), {E}, "ces_saddle_numbness"),
    # Not red flags on their own (§1 last row)
    ("stable-bilateral-claudication", {**CHRONIC_CLAUDICATION, "red_flags": {"numbness_both_legs": True}}, {OK},
     None),
    ("stable-bilateral-claudication-no-flag", CHRONIC_CLAUDICATION, {OK}, None),
    ("older-age-alone", {"age": 81, "pain_now": 3}, {OK}, None),
    ("alternating-buttock-pain", {**BASE, "leg_symptoms": "buttock", "leg_symptom_side": "alternating"}, {OK}, None),
    # Cancer
    ("cancer-weakness", flags(history_of_cancer=True, leg_weakness_getting_worse=True), {E},
     "cancer_with_neuro_symptoms"),
    ("cancer-radicular", {**flags(history_of_cancer=True), "leg_symptoms": "below_knee"}, {E},
     "cancer_with_neuro_symptoms"),
    ("cancer-numb-leg", {**flags(history_of_cancer=True), "leg_symptoms": "buttock",
                         "leg_symptom_kinds": ["numbness"]}, {E}, "cancer_with_neuro_symptoms"),
    ("cancer-night-pain", flags(history_of_cancer=True, constant_night_pain=True), {U},
     "cancer_with_warning_features"),
    ("cancer-weight-loss", flags(history_of_cancer=True, unexplained_weight_loss=True), {U},
     "cancer_with_warning_features"),
    ("cancer-cough", {**flags(history_of_cancer=True), "worse_with": ["coughing_or_sneezing"]}, {U},
     "cancer_with_warning_features"),
    ("cancer-thoracic", {**flags(history_of_cancer=True), "pain_areas": ["mid_back"]}, {U},
     "cancer_with_warning_features"),
    ("cancer-severe-unremitting", {**flags(history_of_cancer=True), "pain_now": 9, "worse_with": ["rest"]}, {U},
     "cancer_with_warning_features"),
    ("cancer-alone-mechanical", {**flags(history_of_cancer=True), "onset": "lifting_or_bending",
                                 "worse_with": ["bending_forward"]}, {S}, "cancer_history"),
    ("weight-loss-alone", flags(unexplained_weight_loss=True), {U}, "unexplained_weight_loss"),
    # Infection
    ("fever-ivdu", flags(fever_or_chills=True, iv_drug_use_or_immunosuppressed=True), {E},
     "infection_risk_with_fever"),
    ("fever-recent-procedure", flags(fever_or_chills=True, recent_infection_or_spinal_procedure=True), {E},
     "infection_risk_with_fever"),
    ("unwell-immunosuppressed", flags(feeling_unwell_generally=True, iv_drug_use_or_immunosuppressed=True), {E},
     "infection_risk_with_fever"),
    ("fever-steroids", flags(fever_or_chills=True, osteoporosis_or_long_term_steroids=True), {E},
     "infection_risk_with_fever"),
    ("fever-alone", flags(fever_or_chills=True), {U}, "fever_with_back_pain"),
    ("ivdu-alone", flags(iv_drug_use_or_immunosuppressed=True), {S}, "immunosuppressed_or_ivdu"),
    ("post-discectomy-no-fever", {**flags(recent_infection_or_spinal_procedure=True),
                                  "known_diagnoses": ["recent_spine_surgery"]}, {S}, "recent_spinal_procedure"),
    ("recent-surgery-diagnosis", {**BASE, "known_diagnoses": ["recent_spine_surgery"]}, {S},
     "recent_spinal_procedure"),
    # Fracture
    ("major-trauma", flags(recent_significant_trauma=True), {E}, "major_trauma"),
    ("osteoporosis-fall", {**flags(osteoporosis_or_long_term_steroids=True), "onset": "fall_or_accident",
                           "duration": "under_6_weeks"}, {U, E}, "fragility_fracture_risk"),
    ("steroids-bending", {**flags(osteoporosis_or_long_term_steroids=True), "onset": "lifting_or_bending"}, {U, E},
     "fragility_fracture_risk"),
    ("elderly-fall", {"age": 78, "pain_now": 6, "onset": "fall_or_accident", "duration": "under_6_weeks"}, {U, E},
     "older_age_fall"),
    ("osteoporosis-new-pain", {**flags(osteoporosis_or_long_term_steroids=True), "duration": "under_6_weeks"}, {S},
     "new_pain_with_fragile_bones"),
    ("osteoporosis-chronic-no-trauma", {**flags(osteoporosis_or_long_term_steroids=True),
                                        "duration": "over_12_weeks", "onset": "gradual"}, {OK}, None),
    # Nerve deficit
    ("foot-drop-one-leg", {**flags(leg_weakness_getting_worse=True), "leg_symptom_side": "left",
                           "leg_symptoms": "foot"}, {U}, "progressive_weakness"),
    # Vascular, cardiorespiratory, muscle
    ("pulsating-belly", flags(pulsating_abdominal_pain=True), {E}, "pulsating_abdominal_pain"),
    ("aaa-older-man", {"age": 72, "pain_now": 7, "red_flags": {"pulsating_abdominal_pain": True}}, {E},
     "pulsating_abdominal_pain"),
    ("chest-pain-upper-back", {**flags(chest_pain_or_breathlessness=True),
                               "pain_areas": ["upper_back_between_shoulder_blades"]}, {E},
     "chest_pain_or_breathlessness"),
    ("rhabdo-dark-urine", {**flags(feeling_unwell_generally=True), "sore_after_unusual_exercise": True,
                           "onset": "after_workout"}, {E, U}, "exertional_rhabdomyolysis"),
    ("doms-well", {**BASE, "sore_after_unusual_exercise": True, "onset": "after_workout", "leg_symptoms": "none"},
     {OK}, None),
    ("unwell-alone", flags(feeling_unwell_generally=True), {S}, "feeling_unwell"),
    ("night-pain-alone", flags(constant_night_pain=True), {S}, "constant_night_pain"),
    # Inflammatory back pain: exercise allowed, routine GP visit advised [NG65]
    ("axspa-four-features", {"age": 28, "pain_now": 4, "duration": "over_12_weeks", "pain_areas": ["buttock"],
                             "better_with": ["moving_around"], "worse_with": ["rest"],
                             "morning_stiffness_minutes": 60}, {OK}, "inflammatory_back_pain_features"),
    ("axspa-three-features", {"age": 40, "pain_now": 4, "duration": "over_12_weeks", "pain_areas": ["buttock"],
                              "better_with": ["walking"], "worse_with": ["rest"]}, {OK},
     "inflammatory_back_pain_possible"),
    ("axspa-too-old", {"age": 50, "pain_now": 4, "duration": "over_12_weeks", "pain_areas": ["buttock"],
                       "better_with": ["walking"], "worse_with": ["rest"], "morning_stiffness_minutes": 60}, {OK},
     None),
    # Movement testing: no direction helps
    ("both-directions-peripheralize", {**BASE, "leg_symptoms": "below_knee",
                                       "repeated_movement_response": {"extension": "peripheralized",
                                                                      "flexion": "peripheralized"}}, {S},
     "no_direction_helps"),
    ("ext-peripheralizes-nerve-root", {**BASE, "leg_symptoms": "foot", "leg_symptom_kinds": ["numbness"],
                                       "repeated_movement_response": {"extension": "peripheralized",
                                                                      "flexion": "no_change"}}, {S},
     "no_direction_helps"),
]


@pytest.mark.parametrize(("answers", "levels", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_triage_level_and_reason(answers: dict[str, Any], levels: set[str], code: str | None) -> None:
    plan = build_plan(complete(answers))
    triage = plan["triage"]
    assert triage["level"] in levels
    codes = [reason["code"] for reason in triage["reasons"]]
    if code is None:
        assert not [r for r in triage["reasons"] if r["level"] != OK]
    else:
        assert code in codes
    for reason in triage["reasons"]:
        assert reason["message"] and reason["sources"]
    if triage["level"] in (E, U):
        assert plan["routine"] == []
        assert plan["safety"][0] == triage["headline"]


def test_emergency_outranks_everything_and_every_reason_is_listed() -> None:
    plan = build_plan(complete(flags(saddle_numbness=True, history_of_cancer=True, constant_night_pain=True)))
    codes = [r["code"] for r in plan["triage"]["reasons"]]
    assert plan["triage"]["level"] == E
    assert codes[0] == "ces_saddle_numbness"
    assert {"cancer_with_neuro_symptoms", "cancer_with_warning_features", "cancer_history"} <= set(codes)


def test_positions_of_ease_only_when_the_sheet_says_so() -> None:
    plan = build_plan(complete(dict(CASES[-1][1])))
    assert plan["triage"]["level"] == S
    assert plan["routine"], "positions of ease are offered"
    ease = {"hooklying-rest", "side-lying-rest", "standing-counter-lean", "ninety-ninety-rest",
            "seated-lean-forward-rest", "prone-lying"}
    assert {i["exercise_id"] for i in plan["routine"]} <= ease
    cancer = build_plan(complete(flags(history_of_cancer=True)))
    assert cancer["triage"]["level"] == S
    assert {i["exercise_id"] for i in cancer["routine"]} <= ease, "resting positions only, while waiting"

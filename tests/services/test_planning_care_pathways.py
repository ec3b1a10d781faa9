"""Care pathways the anchors use (NICE NG59, STarT Back, McKenzie): the plan changes with the STarT Back
risk, lessons are chosen by the pattern, a flare-up plan comes with every plan that has exercise, and the
guided movement test is scored from where the symptoms were before and after."""

from __future__ import annotations

from typing import Any

import pytest

from backcoach.domain.movement_test import Symptoms, classify
from backcoach.domain.start_back import START_BACK_AGREE_ITEMS
from backcoach.knowledge.loader import load_knowledge
from backcoach.services import planning
from devtools.answers import complete

KNOWLEDGE = load_knowledge()
BASE = {"schema_version": 2, "age": 50, "pain_now": 5, "duration": "over_12_weeks"}
V2_NO = {"saddle_numbness": False, "bladder_or_bowel_change": False, "sexual_dysfunction_new": False,
         "leg_weakness_getting_worse": False, "numbness_both_legs": False, "fever_or_chills": False,
         "feeling_unwell_generally": False, "dark_urine": False, "history_of_cancer": False,
         "unexplained_weight_loss": False, "constant_night_pain": False, "recent_significant_trauma": False,
         "osteoporosis": False, "long_term_steroids": False, "immunosuppressed": False, "iv_drug_use": False,
         "recent_infection_or_spinal_procedure": False, "pulsating_abdominal_pain": False,
         "chest_pain_or_breathlessness": False}


def plan_for(**answers: Any) -> dict[str, Any]:
    return planning.build_plan({**BASE, "red_flags": V2_NO, **answers})


def start_back(agree: set[str], bother: str) -> dict[str, Any]:
    return {**{name: name in agree for name in START_BACK_AGREE_ITEMS}, "bothersomeness": bother}


LOW = start_back(set(), "slightly")
MEDIUM = start_back({"leg_pain_spread", "shoulder_or_neck_pain", "walked_short_distances_only",
                     "dressed_more_slowly"}, "moderately")
HIGH = start_back({"not_safe_to_be_active", "worrying_thoughts", "terrible_never_better", "not_enjoyed_things"},
                  "very_much")


def test_low_risk_is_advice_and_a_simple_programme() -> None:
    plan = plan_for(start_back=LOW)
    assert plan["pathway"]["risk"] == "low" and len(plan["routine"]) <= 3


def test_medium_risk_is_the_full_programme() -> None:
    medium, unscored = plan_for(start_back=MEDIUM), plan_for()
    assert medium["pathway"]["risk"] == "medium"
    assert [i["exercise_id"] for i in medium["routine"]] == [i["exercise_id"] for i in unscored["routine"]]
    assert unscored["pathway"]["risk"] is None and "STarT Back" in unscored["pathway"]["summary"]


def test_high_risk_is_gentle_graded_and_supported() -> None:
    plan = plan_for(start_back=HIGH)
    pathway = plan["pathway"]
    assert pathway["risk"] == "high" and pathway["start_back"]["psychosocial_subscale"] == 5
    ids = [i["exercise_id"] for i in plan["routine"]]
    assert "interval-walking" in ids, "graded activity by quota"
    assert all(KNOWLEDGE.exercises[e].level == 1 for e in ids)
    assert len([e for e in ids if e != "interval-walking"]) <= 3
    assert any("quota" in line for line in pathway["advice"])
    assert any("physiotherapist or your doctor" in line for line in pathway["advice"]), "a clear nudge"
    lessons = {lesson["id"] for lesson in plan["education"]}
    assert "worry-and-pain" in lessons or "pacing-and-quotas" in lessons


def test_lessons_follow_the_pattern() -> None:
    stenosis = plan_for(age=74, known_diagnoses=["spinal_stenosis"])
    doms = plan_for(age=25, duration="under_6_weeks", sore_after_unusual_exercise=True, leg_symptoms="none")
    assert {"stenosis-walking", "sleep-positions-flexion"} <= {lesson["id"] for lesson in stenosis["education"]}
    assert "doms-settles" in {lesson["id"] for lesson in doms["education"]}
    assert "stenosis-walking" not in {lesson["id"] for lesson in doms["education"]}
    for plan in (stenosis, doms):
        assert plan["education"][0]["id"] == "when-to-get-help"
        assert all(lesson["body"] and lesson["sources"] for lesson in plan["education"])


def test_every_plan_with_exercise_has_a_flare_up_plan_that_fits_the_person() -> None:
    said = plan_for(better_with=["lying_knees_bent", "sitting"], known_diagnoses=["spinal_stenosis"], age=72)
    flare = said["flare_up"]
    ids = [p["exercise_id"] for p in flare["positions_of_ease"]]
    assert ids[:3] == ["hooklying-rest", "ninety-ninety-rest", "seated-lean-forward-rest"], "what they said eases it"
    assert flare["heat"] and flare["reduce"] and flare["get_help"]
    extension = plan_for(repeated_movement_response={"extension": "centralized"}, leg_symptoms="below_knee")
    assert "prone-lying" in [p["exercise_id"] for p in extension["flare_up"]["positions_of_ease"]]
    pregnant = plan_for(known_diagnoses=["pregnancy"], age=30)
    assert all(p["exercise_id"] != "prone-lying" and p["exercise_id"] != "hooklying-rest"
               for p in pregnant["flare_up"]["positions_of_ease"])


@pytest.mark.parametrize(("before", "after", "kwargs", "response"), [
    (Symptoms("foot", 4), Symptoms("buttock", 5), {}, "centralized"),
    (Symptoms("below_knee", 4), Symptoms("none", 4), {}, "centralized"),
    (Symptoms("above_knee", 4), Symptoms("below_knee", 3), {}, "peripheralized"),
    (Symptoms("above_knee", 4), Symptoms("above_knee", 4), {"stopped_spreading": True}, "peripheralized"),
    (Symptoms("none", 5), Symptoms("none", 7), {}, "worse_in_back_only"),
    (Symptoms("none", 5), Symptoms("none", 3), {}, "better_in_back_only"),
    (Symptoms("buttock", 5), Symptoms("buttock", 4), {}, "no_change"),
])
def test_the_movement_test_is_scored_from_before_and_after(before: Symptoms, after: Symptoms,
                                                           kwargs: dict[str, Any], response: str) -> None:
    assert classify(before, after, **kwargs) == response


def test_a_movement_test_result_sets_the_direction() -> None:
    centralized = planning.build_plan(complete({"age": 40, "pain_now": 5, "leg_symptoms": "below_knee",
                                                "worse_with": ["walking"],
                                                "repeated_movement_response": {"flexion": "centralized"}}))
    assert centralized["profile"]["bias"] == "flexion"

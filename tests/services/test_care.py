"""Safety over weeks on the store (SQLite and PostgreSQL): check-ins and sessions are screened with the
intake's own rules and words, and a stop holds until a clinician's assessment is recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backcoach.errors import InvalidInput, SafetyStop
from backcoach.services.care import CareService
from backcoach.services.planning import build_plan
from backcoach.services.programs import ProgramService
from backcoach.services.sessions import SessionService
from devtools.answers import complete

DISC = complete({"age": 38, "pain_now": 5, "leg_symptoms": "below_knee", "leg_symptom_side": "right",
                 "duration": "under_6_weeks", "worse_with": ["sitting", "bending_forward"],
                 "repeated_movement_response": {"extension": "centralized"}})
DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # every step names its time: nothing depends on the clock


class Person:
    def __init__(self, store: Any) -> None:
        user = store.local_user_id()
        self.programs = ProgramService(store, user)
        self.sessions = SessionService(store, user)
        self.care = CareService(store, user)

    def program(self, answers: dict[str, Any] = DISC) -> int:
        return self.programs.save_plan(build_plan(answers), "from intake", now=DAY0 - timedelta(hours=1))


@pytest.fixture
def person(store: Any) -> Person:
    return Person(store)


@pytest.mark.parametrize(("flags", "level"), [
    ({"saddle_numbness": True}, "emergency"), ({"bladder_or_bowel_change": True}, "emergency"),
    ({"leg_weakness_getting_worse": True}, "urgent_referral"), ({"pulsating_abdominal_pain": True}, "emergency"),
])
def test_a_warning_sign_at_a_check_in_gets_the_intakes_level_and_words(person: Person, flags: dict[str, bool],
                                                                       level: str) -> None:
    program_id = person.program()
    result = person.programs.checkin({"pain_now": 4, "red_flags": flags}, now=DAY0)
    intake = build_plan(complete({**DISC, "red_flags": {**DISC["red_flags"], **flags}}))
    assert result["triage"]["level"] == level == intake["triage"]["level"]
    assert result["triage"]["headline"] == intake["triage"]["headline"]
    intake_words = {r["message"] for r in intake["triage"]["reasons"]}
    assert {r["message"] for r in result["triage"]["reasons"]} <= intake_words
    assert result["stopped"] and result["review"]["stop"]
    with pytest.raises(SafetyStop) as refused:
        person.sessions.start(program_id)
    assert refused.value.message.startswith(intake["triage"]["headline"])


def test_a_stop_holds_until_a_clinicians_assessment_is_recorded(person: Person) -> None:
    program_id = person.program()
    person.programs.checkin({"pain_now": 4, "red_flags": {"saddle_numbness": True}}, now=DAY0)
    person.programs.checkin({"pain_now": 2, "red_flags": {"saddle_numbness": False}}, now=DAY0 + timedelta(days=1))
    with pytest.raises(SafetyStop):
        person.sessions.start(program_id)
    before = (DAY0 - timedelta(days=1)).date().isoformat()
    early = person.care.clear(before, "Saw my GP last week", now=DAY0 + timedelta(days=2))
    assert early["cleared"] == [] and len(early["still_active"]) == 1, "an assessment before the stop cannot lift it"
    with pytest.raises(SafetyStop):
        person.sessions.start(program_id)
    done = person.care.clear((DAY0 + timedelta(days=2)).date().isoformat(), "Seen in A&E, MRI normal, fine to exercise",
                             now=DAY0 + timedelta(days=2))
    assert len(done["cleared"]) == 1 and done["cleared"][0]["clearance"]["clinician_said"].startswith("Seen in A&E")
    person.sessions.start(program_id)  # allowed again
    assert person.care.active() == [] and len(person.care.history()) == 1


def test_a_clearance_needs_what_the_clinician_said_and_a_real_date(person: Person) -> None:
    with pytest.raises(InvalidInput, match="clinician_said"):
        person.care.clear(None, "  ")
    with pytest.raises(InvalidInput, match="assessed_on"):
        person.care.clear("yesterday", "fine")
    with pytest.raises(InvalidInput, match="future"):
        person.care.clear((datetime.now(UTC) + timedelta(days=3)).date().isoformat(), "fine")


def test_history_from_the_intake_counts_at_a_check_in(person: Person) -> None:
    cancer = complete({"age": 62, "pain_now": 3, "duration": "over_12_weeks", "leg_symptoms": "none",
                       "red_flags": {"history_of_cancer": True}})
    program_id = person.program(cancer)  # kept, with resting positions only: see a clinician first
    with pytest.raises(SafetyStop, match="check with a doctor or physiotherapist"):
        person.sessions.start(program_id)
    result = person.programs.checkin({"pain_now": 4, "red_flags": {"constant_night_pain": True}}, now=DAY0)
    assert result["triage"]["level"] == "urgent_referral", "night pain after cancer, as the intake would say"
    assert "cancer_with_warning_features" in [r["code"] for r in result["triage"]["reasons"]]
    other = complete({"age": 60, "pain_now": 3, "duration": "over_12_weeks"})
    assert build_plan(other)["triage"]["level"] == "self_care_ok"


def test_a_warning_sign_that_the_rules_read_as_stable_does_not_stop(person: Person) -> None:
    claudication = complete({"age": 74, "pain_now": 4, "duration": "over_12_weeks", "leg_symptoms": "below_knee",
                             "leg_symptom_side": "both", "better_with": ["sitting", "bending_forward"],
                             "worse_with": ["walking", "standing_long"], "red_flags": {"numbness_both_legs": True}})
    program_id = person.program(claudication)
    result = person.programs.checkin({"pain_now": 4, "red_flags": {"numbness_both_legs": True}}, now=DAY0)
    assert result["triage"]["level"] == "self_care_ok" and not result["stopped"]
    person.sessions.start(program_id)


def test_a_warning_sign_during_a_session_ends_it_and_stops_exercise(person: Person) -> None:
    program_id = person.program()
    recorded = person.sessions.start(program_id)
    person.sessions.record(recorded, {"at": 0, "type": "start"})
    warning = {"at": 5, "type": "warning_sign", "red_flags": {"saddle_numbness": True}}
    effects = person.sessions.record(recorded, warning)
    stopped = next(e for e in effects if e["type"] == "session_stopped")
    assert stopped["reason"] == "warning_sign" and stopped["level"] == "emergency"
    assert stopped["advice"].startswith("Please get emergency care now")
    with pytest.raises(SafetyStop):
        person.sessions.start(program_id)
    reloaded = person.sessions.load(recorded.session_id)
    assert reloaded.state.stop_reason == "warning_sign"


def test_spreading_twice_stops_the_direction_and_centralizing_is_praised(person: Person) -> None:
    person.program()
    first = person.programs.checkin({"pain_now": 5, "leg_symptoms": "foot"}, now=DAY0)
    assert [r["code"] for r in first["review"]["reasons"]] == ["regress_on_spreading"]
    back_up = person.programs.checkin({"pain_now": 5, "leg_symptoms": "below_knee"}, now=DAY0 + timedelta(days=1))
    assert "centralizing" in [a["code"] for a in back_up["review"]["advice"]] and not back_up["review"]["changes"]
    second = person.programs.checkin({"pain_now": 5, "leg_symptoms": "foot"}, now=DAY0 + timedelta(days=2))
    assert second["review"]["stopped_directions"] == ["extension"]
    plan = person.programs.current()
    assert plan is not None
    current = plan[1].plan
    assert [d["direction"] for d in current["stopped_directions"]] == ["extension"]
    assert not [i for i in current["routine"] if i["direction"] == "extension"]
    assert "clinician_spreading" in [a["code"] for a in second["review"]["advice"]]


def test_spreading_with_new_weakness_stops_the_direction_at_once(person: Person) -> None:
    person.program()
    result = person.programs.checkin({"pain_now": 5, "leg_symptoms": "foot", "leg_symptom_kinds": ["weakness"]},
                                     now=DAY0)
    assert result["review"]["stopped_directions"] == ["extension"]


def test_a_plan_that_asks_for_a_clinician_is_not_a_program_and_stops_the_old_one(person: Person) -> None:
    program_id = person.program()
    emergency = build_plan(complete({**DISC, "red_flags": {"saddle_numbness": True}}))
    with pytest.raises(InvalidInput, match="plan"):
        person.programs.save_plan(emergency, "from intake")
    assert person.care.hold_from_plan(emergency)
    with pytest.raises(SafetyStop):
        person.sessions.start(program_id)

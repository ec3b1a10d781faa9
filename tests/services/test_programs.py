"""A person's program over days on the store: saving, check-ins, versioned progress and regression."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backcoach.errors import InvalidInput
from backcoach.services.planning import build_plan
from backcoach.services.programs import ProgramService
from backcoach.services.sessions import SessionService
from devtools.answers import complete

ANSWERS = complete({"age": 40, "pain_now": 4, "leg_symptoms": "none", "minutes_available": 5})
DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # every step names its time: nothing depends on the clock
SAVED = DAY0 - timedelta(hours=1)


@pytest.fixture
def programs(store: Any) -> ProgramService:
    return ProgramService(store, store.local_user_id())


def run_whole_session(store: Any, program_id: int, pain: int = 1, now: datetime | None = None) -> None:
    """Drive one session to its end, answering every check-in with this pain level."""
    sessions = SessionService(store, store.local_user_id())
    recorded = sessions.start(program_id, now)
    at = 0.0
    sessions.record(recorded, {"at": at, "type": "start"})
    while recorded.state.status == "running":
        at += 1
        if recorded.state.phase == "ask_pain":
            sessions.record(recorded, {"at": at, "type": "pain_report", "level": pain, "sharp": False})
        else:
            sessions.record(recorded, {"at": at, "type": "tick"})
    assert recorded.state.status == "completed"


def test_a_plan_without_exercises_cannot_become_a_program(programs: ProgramService) -> None:
    plan = build_plan({**ANSWERS, "red_flags": {"saddle_numbness": True}})
    with pytest.raises(InvalidInput, match=r"plan\.routine"):
        programs.save_plan(plan, "test")


def test_adopting_the_same_plan_keeps_the_program_and_its_progress(programs: ProgramService) -> None:
    plan = build_plan(ANSWERS)
    first = programs.adopt(plan, "from intake")
    assert programs.adopt(plan, "again") == first
    assert programs.adopt(build_plan({**ANSWERS, "minutes_available": 20}), "other") != first


def test_a_pain_rise_regresses_once_and_keeps_the_old_version(programs: ProgramService) -> None:
    programs.save_plan(build_plan(ANSWERS), "from intake", now=SAVED)
    quiet = programs.checkin({"pain_now": 4}, now=DAY0)
    assert quiet["review"]["changes"] == []
    worse = programs.checkin({"pain_now": 6, "leg_symptoms": "none"}, now=DAY0 + timedelta(days=1))
    assert worse["review"]["changes"] and worse["review"]["version"] == 2
    assert all(c["code"] == "regress_on_pain_rise" for c in worse["review"]["changes"])
    assert [r["code"] for r in worse["review"]["reasons"]] == ["regress_on_pain_rise"], "one reason, once"
    again = programs.review(now=DAY0 + timedelta(days=1))
    assert again["changes"] == [] and again["version"] == 2
    history = programs.progress()["program"]["history"]
    assert [h["version"] for h in history] == [1, 2] and "rose by 2 points" in history[1]["reason"]


def test_three_sessions_in_one_day_progress_nothing(store: Any, programs: ProgramService) -> None:
    program_id = programs.save_plan(build_plan(ANSWERS), "from intake", now=SAVED)
    for _ in range(3):
        run_whole_session(store, program_id, now=DAY0)
    programs.checkin({"pain_now": 3}, now=DAY0 + timedelta(days=1))
    progress = programs.progress(now=DAY0 + timedelta(days=1))
    assert progress["sessions"] == {"total": 3, "completed": 3, "stopped": 0}
    assert progress["program"]["version"] == 1


def test_three_easy_days_and_a_good_next_day_progress_one_step(store: Any, programs: ProgramService) -> None:
    program_id = programs.save_plan(build_plan(ANSWERS), "from intake", now=SAVED)
    for day in range(3):
        run_whole_session(store, program_id, now=DAY0 + timedelta(days=day))
    assert programs.progress(now=DAY0 + timedelta(days=2))["program"]["version"] == 1, "waits for the next day"
    result = programs.checkin({"pain_now": 3}, now=DAY0 + timedelta(days=3))
    assert result["review"]["version"] == 2 and len(result["review"]["changes"]) == 1
    assert "3 days in a row" in programs.progress()["program"]["history"][1]["reason"]


def test_a_red_flag_at_check_in_says_stop(programs: ProgramService) -> None:
    programs.save_plan(build_plan(ANSWERS), "from intake", now=SAVED)
    result = programs.checkin({"pain_now": 5, "red_flags": {"bladder_or_bowel_change": True}}, now=DAY0)
    assert result["review"]["stop"] and result["checkin"]["red_flags"] == {"bladder_or_bowel_change": True}


def test_check_ins_are_scored_and_trended(programs: ProgramService) -> None:
    programs.save_plan(build_plan(ANSWERS), "from intake", now=SAVED)
    programs.checkin({"pain_now": 6, "psfs": {"sitting": 3}, "odi_answers": [3] * 10}, now=DAY0)
    programs.checkin({"pain_now": 3, "psfs": {"sitting": 6}, "odi_answers": [1] * 10},
                     now=DAY0 + timedelta(days=7))
    progress = programs.progress()
    assert [c["odi_percent"] for c in progress["checkins"]] == [60.0, 20.0]
    changes = {c["measure"]: c for c in progress["trends"]["changes"]}
    assert changes["odi"]["clinically_important"] and changes["odi"]["direction"] == "better"
    assert changes["psfs"]["change"] == 3.0
    assert changes["nprs"]["baseline"] == 4  # the intake's pain is the baseline


@pytest.mark.parametrize(("answers", "field"), [
    ({"pain_now": 11}, "pain_now"), ({"pain_now": 2, "leg_symptoms": "knee"}, "leg_symptoms"),
    ({"pain_now": 2, "odi_answers": [1] * 9}, "odi_answers"), ({"pain_now": 2, "psfs": {"walk": 12}}, "psfs.walk"),
    ({"pain_now": 2, "red_flags": {"headache": True}}, "red_flags.headache"),
])
def test_bad_check_ins_name_the_field(programs: ProgramService, answers: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        programs.checkin(answers)
    assert raised.value.message.startswith(field)


@pytest.mark.parametrize(("change", "field"), [
    ({"reps": 1000000}, "dosage.reps"),
    ({"reps": -3}, "dosage.reps"),
    ({"reps": 0}, "dosage.reps"),
    ({"sets": 50}, "dosage.sets"),
    ({"hold_seconds": 1e308}, "dosage.hold_seconds"),
    ({"hold_seconds": 10000}, "dosage.hold_seconds"),
    ({"rest_seconds": 86400}, "dosage.rest_seconds"),
    ({"times_per_day": 500}, "dosage.times_per_day"),
])
def test_a_plan_with_a_dose_outside_the_safe_bounds_is_refused_naming_the_field(
        programs: ProgramService, change: dict[str, Any], field: str) -> None:
    plan = build_plan(ANSWERS)
    plan["routine"][-1]["dosage"] = {**plan["routine"][-1]["dosage"], **change}
    last = len(plan["routine"]) - 1
    with pytest.raises(InvalidInput) as refused:
        programs.save_plan(plan, "test")
    assert refused.value.field == f"plan.routine[{last}].{field}"
    assert programs.current() is None, "nothing is stored"


def test_a_plan_naming_an_unknown_exercise_is_refused(programs: ProgramService) -> None:
    plan = build_plan(ANSWERS)
    plan["routine"][0]["exercise_id"] = "juggling-chainsaws"
    with pytest.raises(InvalidInput) as refused:
        programs.save_plan(plan, "test")
    assert refused.value.field == "plan.routine[0].exercise_id"


def test_every_plan_the_planner_makes_is_within_the_bounds(programs: ProgramService) -> None:
    for minutes in (3, 5, 10, 20, 30, 60, 90):
        assert programs.save_plan(build_plan({**ANSWERS, "minutes_available": minutes}), "test") > 0


def test_a_routine_longer_than_any_the_planner_makes_is_refused(programs: ProgramService) -> None:
    plan = build_plan(ANSWERS)
    plan["routine"] = plan["routine"] * 31
    with pytest.raises(InvalidInput) as refused:
        programs.save_plan(plan, "test")
    assert refused.value.field == "plan.routine"

"""The latest check-in's result read back later (the page a check-in redirects to): the same triage, stop and
program change as the check-in's own answer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from backcoach.services.planning import build_plan
from backcoach.services.programs import ProgramService
from tests.services.test_programs import ANSWERS, DAY0, SAVED


@pytest.fixture
def programs(store: Any) -> ProgramService:
    return ProgramService(store, store.local_user_id())


def test_without_check_ins_there_is_no_result(programs: ProgramService) -> None:
    programs.save_plan(build_plan(ANSWERS), "from intake", now=SAVED)
    assert programs.progress()["latest_checkin"] is None
    assert programs.progress()["last_session"] is None


def test_a_warning_sign_reads_back_with_the_answers_triage_and_stop(programs: ProgramService) -> None:
    programs.save_plan(build_plan(ANSWERS), "from intake", now=SAVED)
    answer = programs.checkin({"pain_now": 5, "red_flags": {"saddle_numbness": True, "fever_or_chills": False}},
                              now=DAY0)
    latest = programs.progress()["latest_checkin"]
    assert answer["stopped"] and latest["stopped"] and not latest["stop_cleared"]
    assert latest["triage"] == answer["triage"] and latest["triage"]["level"] == "emergency"
    assert latest["created_at"] == answer["checkin"]["created_at"]


def test_a_quiet_check_in_has_no_triage_and_no_change(programs: ProgramService) -> None:
    programs.save_plan(build_plan(ANSWERS), "from intake", now=SAVED)
    programs.checkin({"pain_now": 4, "red_flags": {"saddle_numbness": False}}, now=DAY0)
    latest = programs.progress()["latest_checkin"]
    assert latest["triage"] is None and not latest["stopped"] and latest["program_changes"] == []


def test_the_program_change_a_check_in_made_is_given_with_its_reason(programs: ProgramService) -> None:
    programs.save_plan(build_plan(ANSWERS), "from intake", now=SAVED)
    programs.checkin({"pain_now": 4}, now=DAY0)
    worse = programs.checkin({"pain_now": 6, "leg_symptoms": "none"}, now=DAY0 + timedelta(days=1))
    changes = programs.progress()["latest_checkin"]["program_changes"]
    assert [c["version"] for c in changes] == [worse["review"]["version"]] == [2]
    assert all(r["message"] in changes[0]["reason"] for r in worse["review"]["reasons"])

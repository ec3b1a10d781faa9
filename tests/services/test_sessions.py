"""Guided sessions over the store: every event stored before its effects, rebuilt exactly after a crash."""

from __future__ import annotations

from typing import Any

import pytest

from backcoach.domain.session import view
from backcoach.errors import InvalidInput
from backcoach.services.plan_bounds import MAX_SESSION_SECONDS, longest_session
from backcoach.services.planning import build_plan
from backcoach.services.programs import ProgramService
from backcoach.services.session_events import SessionEvents
from backcoach.services.sessions import SessionService
from devtools.answers import complete

ANSWERS = complete({"age": 40, "pain_now": 3, "leg_symptoms": "none", "minutes_available": 5})


@pytest.fixture
def services(store: Any) -> tuple[ProgramService, SessionService]:
    user = store.local_user_id()
    return ProgramService(store, user), SessionService(store, user)


def started(services: tuple[ProgramService, SessionService]) -> Any:
    programs, sessions = services
    program_id = programs.save_plan(build_plan(ANSWERS), reason="test")
    return sessions.start(program_id)


def test_events_are_stored_and_a_new_process_rebuilds_the_same_state(services: Any) -> None:
    _, sessions = services
    recorded = started(services)
    assert [e["type"] for e in sessions.record(recorded, {"at": 0, "type": "start"})][:2] == ["show_step", "say"]
    for second in range(1, 9):
        sessions.record(recorded, {"at": second, "type": "tick"})
    sessions.record(recorded, {"at": 9, "type": "pause"})
    reloaded = SessionService(*_store_and_user(sessions)).load(recorded.session_id)
    assert view(reloaded.state) == view(recorded.state)
    assert reloaded.last_at == 9 and reloaded.state.paused


def _store_and_user(sessions: SessionService) -> tuple[Any, int]:
    return sessions._store, sessions._user_id


def test_ticks_that_change_nothing_are_not_stored(services: Any, store: Any) -> None:
    _, sessions = services
    recorded = started(services)
    sessions.record(recorded, {"at": 0, "type": "start"})
    sessions.record(recorded, {"at": 0.1, "type": "tick"})
    sessions.record(recorded, {"at": 0.2, "type": "tick"})
    with store.unit_of_work() as uow:
        assert [row.body["type"] for row in uow.events.list(recorded.session_id)] == ["start"]


def test_the_interrupted_session_is_offered_for_resuming_until_it_ends(services: Any) -> None:
    _, sessions = services
    recorded = started(services)
    assert sessions.resumable() is None  # not begun yet
    sessions.record(recorded, {"at": 0, "type": "start"})
    assert sessions.resumable() is not None
    sessions.abandon(sessions.resumable())
    assert sessions.resumable() is None
    assert sessions.load(recorded.session_id).state.stop_reason == "user"


def test_time_cannot_go_backwards_and_unknown_events_are_refused(services: Any) -> None:
    _, sessions = services
    recorded = started(services)
    sessions.record(recorded, {"at": 5, "type": "start"})
    with pytest.raises(InvalidInput, match="at"):
        sessions.record(recorded, {"at": 4, "type": "tick"})
    with pytest.raises(InvalidInput, match="type"):
        sessions.record(recorded, {"at": 6, "type": "dance"})


def test_sharp_pain_ends_the_session_in_the_store(services: Any, store: Any) -> None:
    _, sessions = services
    recorded = started(services)
    sessions.record(recorded, {"at": 0, "type": "start"})
    effects = sessions.record(recorded, {"at": 7, "type": "pain_report", "level": 7, "sharp": True})
    assert effects[-1]["type"] == "session_stopped" and effects[-1]["reason"] == "sharp_pain"
    with store.unit_of_work() as uow:
        assert uow.sessions.get_for_user(recorded.session_id, store.local_user_id()).status == "stopped"


@pytest.mark.parametrize("at", [float("nan"), float("inf"), -1, 1e7])
def test_an_event_time_must_be_finite_and_within_the_longest_a_session_can_last(services: Any, at: float) -> None:
    _, sessions = services
    recorded = started(services)
    sessions.record(recorded, {"at": 0, "type": "start"})
    with pytest.raises(InvalidInput, match="at"):
        sessions.record(recorded, {"at": at, "type": "tick"})
    assert recorded.last_at == 0


def test_over_http_an_event_far_beyond_the_routine_is_refused_before_any_work(services: Any, store: Any) -> None:
    recorded = started(services)
    events = SessionEvents(store, store.local_user_id())
    events.record(recorded.session_id, {"at": 0, "type": "start"}, "k1")
    limit = longest_session(recorded.state)
    assert limit == MAX_SESSION_SECONDS == 6 * 3600
    with pytest.raises(InvalidInput, match="longest this session can last"):
        events.record(recorded.session_id, {"at": limit + 1, "type": "tick"}, "k2")
    events.record(recorded.session_id, {"at": limit, "type": "tick"}, "k3")
    with store.unit_of_work() as uow:
        assert [row.idempotency_key for row in uow.events.list(recorded.session_id)] == ["k1", "k3"]


def test_a_session_made_but_never_started_is_taken_up_again_not_left_behind(services: Any, store: Any) -> None:
    programs, sessions = services
    program_id = programs.save_plan(build_plan(ANSWERS), reason="test")
    first = sessions.start(program_id)  # the terminal is killed before the start event is stored
    again = sessions.start(program_id, reuse_unstarted=True)
    assert again.session_id == first.session_id
    sessions.record(again, {"at": 0, "type": "start"})
    sessions.abandon(sessions.load(again.session_id))
    assert sessions.start(program_id, reuse_unstarted=True).session_id != first.session_id, "an ended one is not"
    with store.unit_of_work() as uow:
        assert len(uow.sessions.for_user(store.local_user_id())) == 2


def test_a_new_session_is_read_from_its_first_snapshot_without_replaying_the_plan(
    services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starting a session keeps its ready state: reading it (the session page, its twin) checks and replays
    nothing."""
    _, sessions = services
    recorded = started(services)

    def no_replay(*_: Any) -> None:
        raise AssertionError("a new session was replayed from its plan")

    monkeypatch.setattr("backcoach.services.session_state.rebuild", no_replay)
    document = sessions.document(recorded.session_id, with_script=False)
    assert document["now"]["status"] == "ready" and document["events"] == []
    assert sessions.record(recorded, {"at": 0, "type": "start"})[0]["type"] == "show_step"


def test_the_overview_a_screen_opens_with_agrees_with_the_document_and_reads_no_events(
    services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sessions = services
    recorded = started(services)
    sessions.record(recorded, {"at": 0, "type": "start"})
    for second in range(1, 12):
        sessions.record(recorded, {"at": second, "type": "pause" if second % 2 else "resume"})
    document = sessions.document(recorded.session_id, with_script=False)
    monkeypatch.setattr("backcoach.db.repositories.EventRepository.list", lambda *_: pytest.fail("events read"))
    monkeypatch.setattr("backcoach.db.repositories.EventRepository.bodies", lambda *_: pytest.fail("events read"))
    overview = sessions.overview(recorded.session_id)
    assert overview == {"id": document["id"], "status": document["status"], "now": document["now"]}

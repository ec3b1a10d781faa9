"""The one session-event use case on both databases: idempotent by key, safe under concurrent writers, and a
tick that causes nothing answered without a write."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from backcoach.errors import Conflict
from backcoach.services.planning import build_plan
from backcoach.services.programs import ProgramService
from backcoach.services.session_events import SessionEvents
from backcoach.services.sessions import SessionService
from devtools.answers import complete

ANSWERS = complete({"age": 40, "pain_now": 3, "leg_symptoms": "none", "minutes_available": 5})


def started(store: Any) -> tuple[int, SessionEvents]:
    user = store.local_user_id()
    program_id = ProgramService(store, user).save_plan(build_plan(ANSWERS), reason="test")
    session_id = SessionService(store, user).start(program_id).session_id
    events = SessionEvents(store, user)
    events.record(session_id, {"at": 0, "type": "start"}, "start")
    return session_id, events


def stored_keys(store: Any, session_id: int) -> list[tuple[int, str]]:
    with store.unit_of_work() as uow:
        return [(row.seq, row.idempotency_key) for row in uow.events.list(session_id)]


def test_the_same_key_and_event_is_applied_once_and_answered_the_same(store: Any) -> None:
    session_id, events = started(store)
    first = events.apply(session_id, {"at": 3, "type": "pause"}, "k1")
    again = events.apply(session_id, {"at": 3, "type": "pause"}, "k1")
    assert first.stored and not first.repeated
    assert again.repeated and not again.stored and again.shown == first.shown
    with pytest.raises(Conflict, match="different event"):
        events.apply(session_id, {"at": 4, "type": "resume"}, "k1")
    assert stored_keys(store, session_id) == [(1, "start"), (2, "k1")]


def test_a_tick_that_causes_nothing_is_not_stored_and_its_key_stays_free(store: Any) -> None:
    session_id, events = started(store)
    quiet = events.apply(session_id, {"at": 0.5, "type": "tick"}, "t1")
    assert quiet.shown == [] and not quiet.stored
    assert quiet.state.clock == 0.5, "the state the terminal shows has moved on"
    assert stored_keys(store, session_id) == [(1, "start")]
    assert events.apply(session_id, {"at": 0.5, "type": "pause"}, "t1").stored


def test_concurrent_writers_to_one_session_neither_lose_nor_duplicate_events(store: Any) -> None:
    session_id, events = started(store)
    failures: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            for n in range(25):
                events.record(session_id, {"at": 1, "type": "form", "valid": n % 2 == 0}, f"w{worker}-{n}")
                events.record(session_id, {"at": 1, "type": "form", "valid": n % 2 == 0}, f"w{worker}-{n}")
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    rows = stored_keys(store, session_id)
    assert [seq for seq, _ in rows] == list(range(1, 202)), "gap-free, each event once (its repeat answered)"
    assert len({key for _, key in rows}) == 201

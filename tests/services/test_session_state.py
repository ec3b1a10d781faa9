"""A session's engine state kept as a snapshot beside its event log: current after every event, never replayed
while current, and rebuilt from the log (the truth) when missing or behind."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, update

from backcoach.db.models import SessionSnapshot
from backcoach.domain.session_model import SessionState
from backcoach.services import session_state
from backcoach.services.planning import build_plan
from backcoach.services.programs import ProgramService
from backcoach.services.session_events import SessionEvents
from backcoach.services.session_replay import rebuild
from backcoach.services.sessions import SessionService
from devtools.answers import complete

ANSWERS = complete({"age": 40, "pain_now": 3, "leg_symptoms": "none", "minutes_available": 5})
SCRIPT = [{"at": 0, "type": "start"}, *({"at": s, "type": "tick"} for s in range(1, 40, 3)),
          {"at": 41, "type": "pause"}, {"at": 45, "type": "resume"}, {"at": 47, "type": "skip"}]


def new_session(store: Any) -> tuple[int, SessionEvents]:
    user = store.local_user_id()
    program_id = ProgramService(store, user).save_plan(build_plan(ANSWERS), reason="test")
    return SessionService(store, user).start(program_id).session_id, SessionEvents(store, user)


def play(events: SessionEvents, session_id: int, script: list[dict[str, Any]], prefix: str = "k"
         ) -> list[list[dict[str, Any]]]:
    return [events.record(session_id, dict(event), f"{prefix}{n}") for n, event in enumerate(script)]


def document(store: Any, session_id: int) -> dict[str, Any]:
    return SessionService(store, store.local_user_id()).document(session_id)


def stored(store: Any, session_id: int) -> tuple[int, SessionSnapshot | None, list[dict[str, Any]], dict[str, Any]]:
    with store.unit_of_work() as uow:
        session = uow.sessions.get_for_user(session_id, store.local_user_id())
        plan = uow.programs.version(session.program_id, session.program_version).plan
        return session.last_seq, uow.session_log.head(session_id, session.user_id).snapshot, \
            list(uow.events.bodies(session_id)), plan


def test_every_event_leaves_a_snapshot_equal_to_replaying_the_log(store: Any) -> None:
    session_id, events = new_session(store)
    answers = play(events, session_id, SCRIPT)
    last_seq, snapshot, bodies, plan = stored(store, session_id)
    kept = [event for event, shown in zip(SCRIPT, answers, strict=True) if shown or event["type"] != "tick"]
    assert len(kept) < len(SCRIPT), "a tick that causes nothing is answered without a write"
    assert bodies == kept
    assert snapshot is not None and last_seq == snapshot.seq == len(kept)
    assert SessionState.from_dict(snapshot.state["state"]) == rebuild(plan, bodies)
    assert snapshot.last_at == SCRIPT[-1]["at"]


def test_a_current_snapshot_means_no_replay_for_an_event_or_the_document(store: Any,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    session_id, events = new_session(store)
    play(events, session_id, SCRIPT)

    def no_replay(*_: Any) -> None:
        raise AssertionError("replayed the whole log")

    monkeypatch.setattr(session_state, "rebuild", no_replay)
    events.record(session_id, {"at": 50, "type": "pause"}, "later")
    assert document(store, session_id)["now"]["clock"] == 50


@pytest.mark.parametrize("damage", ["missing", "behind", "old format"])
def test_a_missing_or_stale_snapshot_is_rebuilt_from_the_log(store: Any, damage: str) -> None:
    intact_id, intact = new_session(store)
    damaged_id, damaged = new_session(store)
    play(intact, intact_id, SCRIPT)
    play(damaged, damaged_id, SCRIPT)
    after_start = {"v": 1, "state": _started_state(store, damaged_id)}  # with the seq it reflects: 1
    snapshot = update(SessionSnapshot).where(SessionSnapshot.session_id == damaged_id)
    with store.unit_of_work() as uow:
        if damage == "missing":
            uow.session.execute(delete(SessionSnapshot).where(SessionSnapshot.session_id == damaged_id))
        elif damage == "behind":
            uow.session.execute(snapshot.values(seq=1, last_at=0.0, state=after_start))
        else:
            uow.session.execute(snapshot.values(state={"v": 0, "state": {}}))
        uow.commit()
    tail = [{"at": 60, "type": "tick"}, {"at": 61, "type": "pause"}]
    assert play(damaged, damaged_id, tail, "t") == play(intact, intact_id, tail, "t")
    assert document(store, damaged_id)["now"] == document(store, intact_id)["now"]
    last_seq, snapshot, _, _ = stored(store, damaged_id)
    assert snapshot is not None and snapshot.seq == last_seq, "the next event renews the snapshot"


def _started_state(store: Any, session_id: int) -> dict[str, Any]:
    _, _, bodies, plan = stored(store, session_id)
    return rebuild(plan, bodies[:1]).to_dict()

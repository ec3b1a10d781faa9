"""Repositories on both databases: accounts, versioned programs, privacy (event writes: the service tests)."""

from __future__ import annotations

from typing import Any

import pytest

from backcoach.errors import Conflict, NotFound

PLAN = {"triage": {"level": "self_care"}, "routine": []}


def make_user(store: Any, email: str = "pat@example.org") -> int:
    with store.unit_of_work() as uow:
        user = uow.users.add(email, "patient", password_hash="x")
        uow.commit()
        return int(user.id)


def make_session(store: Any, user_id: int) -> int:
    with store.unit_of_work() as uow:
        program = uow.programs.create(user_id, PLAN, reason="first plan")
        session = uow.sessions.create(user_id, program.id, 1)
        uow.commit()
        return int(session.id)


def test_emails_are_unique_whatever_their_case(store: Any) -> None:
    make_user(store, "Pat@Example.org")
    with pytest.raises(Conflict):
        make_user(store, "pat@example.ORG ")


def test_a_program_change_keeps_every_old_version_and_its_reason(store: Any) -> None:
    user = make_user(store)
    with store.unit_of_work() as uow:
        program = uow.programs.create(user, PLAN, reason="first plan")
        uow.programs.add_version(program.id, {**PLAN, "note": "easier"}, reason="regressed: symptoms spread")
        uow.commit()
        program_id = program.id
    with store.unit_of_work() as uow:
        versions = uow.programs.versions(program_id)
        assert [(v.version, v.reason) for v in versions] == [(1, "first plan"), (2, "regressed: symptoms spread")]
        assert versions[0].plan == PLAN
        assert uow.programs.current(program_id).version == 2


def test_an_uncommitted_unit_of_work_leaves_nothing(store: Any) -> None:
    with store.unit_of_work() as uow:
        uow.users.add("gone@example.org", "patient", password_hash="x")
    with store.unit_of_work() as uow:
        assert uow.users.by_email("gone@example.org") is None


def test_other_peoples_programs_and_sessions_do_not_exist(store: Any) -> None:
    owner = make_user(store, "owner@example.org")
    stranger = make_user(store, "stranger@example.org")
    session_id = make_session(store, owner)
    with store.unit_of_work() as uow:
        session = uow.sessions.get_for_user(session_id, owner)
        with pytest.raises(NotFound):
            uow.sessions.get_for_user(session_id, stranger)
        with pytest.raises(NotFound):
            uow.programs.get_for_user(session.program_id, stranger)


def test_erasing_a_user_removes_everything_of_theirs(store: Any) -> None:
    user = make_user(store)
    other = make_user(store, "other@example.org")
    session_id = make_session(store, user)
    kept_session = make_session(store, other)
    with store.unit_of_work() as uow:
        head = uow.session_log.head(session_id, user, lock=True)
        uow.session_log.append(head, "k", request_hash="h", event={"at": 0, "type": "start"}, effects=[],
                               state={"v": 1, "state": {}})
        uow.checkins.add(user, {"pain_now": 4})
        uow.commit()
    with store.unit_of_work() as uow:
        uow.users.delete(user)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.users.by_email("pat@example.org") is None
        assert uow.checkins.list_for_user(user) == []
        assert uow.events.list(session_id) == []
        with pytest.raises(NotFound):
            uow.sessions.get_for_user(session_id, user)
        assert uow.sessions.get_for_user(kept_session, other).id == kept_session

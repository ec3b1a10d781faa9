"""Guests ("try without an account") over the store (SQLite and PostgreSQL): their session's lifetime, claiming
(keeping the data under a new account, or adding it to an existing one only with its password) and the
deletion of guests no one can reach any more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backcoach.errors import Forbidden, InvalidInput, NotAuthenticated, TooManyRequests
from backcoach.services.accounts import (
    GUEST_ABSOLUTE_TIMEOUT,
    GUEST_IDLE_TIMEOUT,
    IDLE_TIMEOUT,
    Account,
    AccountService,
)
from backcoach.services.guests import KEPT, MERGED, Guests, sign_up_problems
from backcoach.services.login_limits import LoginLimiter
from backcoach.services.movement import MovementTests, score
from backcoach.services.planning import build_plan
from backcoach.services.programs import ProgramService
from backcoach.services.saved_plans import SavedPlans
from backcoach.services.sessions import SessionService
from devtools.answers import complete

PASSWORD = "a long enough secret"
PLAN = build_plan(complete({"age": 45, "pain_now": 4, "minutes_available": 5}))
START = datetime(2026, 3, 1, 9, tzinfo=UTC)


def tried(store: Any, guest: Account) -> dict[str, Any]:
    """A guest who saved a plan, started it, checked in with a warning sign and did a movement test."""
    plan_id = SavedPlans(store).keep(PLAN)
    programs = ProgramService(store, guest.id)
    program_id = programs.save_plan(PLAN, reason="started from your plan")
    SavedPlans(store).started(plan_id, guest.id, program_id)
    session_id = SessionService(store, guest.id).start(program_id).session_id
    programs.checkin({"pain_now": 3})
    programs.checkin({"pain_now": 5, "red_flags": {"saddle_numbness": True}})
    MovementTests(store, guest.id).record(score("extension", {"leg": "none"}, {"leg": "none"}), "standing")
    return {"plan_id": plan_id, "program_id": program_id, "session_id": session_id}


def holdings(store: Any, user_id: int) -> dict[str, Any]:
    with store.reading() as uow:
        return {"programs": [p.id for p in uow.programs.all_for_user(user_id)],
                "sessions": [s.id for s in uow.sessions.for_user(user_id)],
                "checkins": len(uow.checkins.list_for_user(user_id)),
                "stops": len(uow.holds.all_for_user(user_id)),
                "tests": len(uow.movement_tests.for_user(user_id))}


def test_a_guest_is_signed_in_without_a_password(store: Any) -> None:
    guest, token = Guests(store).start()
    found = AccountService(store).account_for(token)
    assert found.guest and found.id == guest.id and found.to_dict()["email"] is None
    with pytest.raises(NotAuthenticated):
        AccountService(store).sign_in(guest.email, "!guest")


def test_a_guest_session_lasts_a_day_unused_and_a_week_in_all(store: Any) -> None:
    accounts, guests = AccountService(store), Guests(store)
    _, token = guests.start(now=START)
    assert accounts.account_for(token, now=START + GUEST_IDLE_TIMEOUT - timedelta(minutes=1)).guest
    moment = START
    while moment + GUEST_IDLE_TIMEOUT / 2 < START + GUEST_ABSOLUTE_TIMEOUT:
        moment += GUEST_IDLE_TIMEOUT / 2
        assert accounts.account_for(token, now=moment).guest
    with pytest.raises(NotAuthenticated):
        accounts.account_for(token, now=START + GUEST_ABSOLUTE_TIMEOUT)
    _, idle = guests.start(now=START)
    with pytest.raises(NotAuthenticated):
        accounts.account_for(idle, now=START + GUEST_IDLE_TIMEOUT)


def test_a_guest_unreachable_after_its_session_ends_is_deleted_with_its_data(store: Any) -> None:
    guests, accounts = Guests(store), AccountService(store)
    gone, _ = guests.start(now=START)
    tried(store, gone)
    kept, kept_token = guests.start(now=START + GUEST_IDLE_TIMEOUT - timedelta(hours=1))
    accounts.create("pat@example.org", PASSWORD)
    # a sign-in purges: the first guest has been unused for a day; the second only for hours (beyond an
    # account's 30 minutes, which must not apply to guests)
    accounts.sign_in("pat@example.org", PASSWORD, now=START + GUEST_IDLE_TIMEOUT + IDLE_TIMEOUT)
    with store.reading() as uow:
        assert uow.users.by_email(gone.email) is None
        assert uow.users.by_email(kept.email) is not None
    assert holdings(store, gone.id) == {"programs": [], "sessions": [], "checkins": 0, "stops": 0, "tests": 0}
    assert accounts.account_for(kept_token, now=START + GUEST_IDLE_TIMEOUT + IDLE_TIMEOUT).id == kept.id


def test_a_guest_left_by_signing_in_elsewhere_is_deleted(store: Any) -> None:
    guest, token = Guests(store).start()
    accounts = AccountService(store)
    accounts.create("pat@example.org", PASSWORD)
    accounts.sign_in("pat@example.org", PASSWORD, replaces=token)
    with store.reading() as uow:
        assert uow.users.by_email(guest.email) is None


def test_claiming_with_a_new_email_keeps_everything(store: Any) -> None:
    guests, accounts = Guests(store), AccountService(store)
    guest, token = guests.start()
    ids = tried(store, guest)
    before = holdings(store, guest.id)
    account, new_token = guests.claim(guest, {"email": "Pat@Example.org", "password": PASSWORD})
    assert account == Account(guest.id, "pat@example.org", "patient", guest=False)
    assert holdings(store, account.id) == before and before["stops"] == 1
    assert SavedPlans(store).open(ids["plan_id"], account.id) == PLAN
    with pytest.raises(NotAuthenticated):
        accounts.account_for(token)  # the guest's cookie ends: a new sign-in
    assert accounts.account_for(new_token) == account
    assert accounts.sign_in("pat@example.org", PASSWORD)[0] == account
    assert [entry["action"] for entry in accounts.export(account)["audit"]][:1] == [KEPT]


def test_claiming_an_existing_account_needs_its_password_then_adds_the_data_to_it(store: Any) -> None:
    guests, accounts = Guests(store), AccountService(store)
    owner = accounts.create("pat@example.org", PASSWORD)
    ProgramService(store, owner.id).save_plan(PLAN, reason="mine")
    guest, token = guests.start()
    ids = tried(store, guest)
    with pytest.raises(NotAuthenticated) as wrong:
        guests.claim(guest, {"email": "pat@example.org", "password": "not the password at all"})
    with pytest.raises(NotAuthenticated) as as_sign_in:
        accounts.sign_in("pat@example.org", "not the password at all")
    assert wrong.value.message == as_sign_in.value.message, "a wrong password answers as a wrong sign-in"
    assert accounts.account_for(token).guest and holdings(store, guest.id)["sessions"] == [ids["session_id"]]
    account, new_token = guests.claim(guest, {"email": "pat@example.org", "password": PASSWORD})
    assert account.id == owner.id and accounts.account_for(new_token).id == owner.id
    mine = holdings(store, owner.id)
    assert ids["program_id"] in mine["programs"] and len(mine["programs"]) == 2
    assert mine["sessions"] == [ids["session_id"]] and mine["checkins"] == 2 and mine["stops"] == 1
    with store.reading() as uow:
        assert uow.users.by_email(guest.email) is None
    assert SavedPlans(store).open(ids["plan_id"], owner.id) == PLAN
    assert MERGED in [entry["action"] for entry in accounts.export(account)["audit"]]


def test_wrong_passwords_when_claiming_count_as_failed_sign_ins(store: Any) -> None:
    limiter = LoginLimiter(store)
    guests, accounts = Guests(store, limiter), AccountService(store, limiter)
    accounts.create("pat@example.org", PASSWORD)
    guest, _ = guests.start()
    for _ in range(limiter.limits.per_account):
        with pytest.raises(NotAuthenticated):
            guests.claim(guest, {"email": "pat@example.org", "password": "not the password at all"})
    with pytest.raises(TooManyRequests):
        guests.claim(guest, {"email": "pat@example.org", "password": PASSWORD})
    with pytest.raises(TooManyRequests):
        accounts.sign_in("pat@example.org", PASSWORD)


def test_only_a_guest_claims_and_never_into_a_clinician_account(store: Any) -> None:
    guests, accounts = Guests(store), AccountService(store)
    patient = accounts.create("pat@example.org", PASSWORD)
    with pytest.raises(Forbidden):
        guests.claim(patient, {"email": "other@example.org", "password": PASSWORD})
    accounts.create("doc@example.org", PASSWORD, role="clinician")
    guest, token = guests.start()
    tried(store, guest)
    with pytest.raises(Forbidden):
        guests.claim(guest, {"email": "doc@example.org", "password": PASSWORD})
    assert accounts.account_for(token).guest and holdings(store, guest.id)["checkins"] == 2


@pytest.mark.parametrize(("body", "field"), [({"email": "nope", "password": PASSWORD}, "email"),
                                             ({"email": "a@b.org", "password": "password"}, "password"),
                                             ({"email": "a@b.org", "password": PASSWORD, "role": "x"}, "role"),
                                             ({"email": "a@b.org"}, "password")])
def test_a_claim_is_checked_like_a_registration(store: Any, body: dict[str, Any], field: str) -> None:
    guest, _ = Guests(store).start()
    with pytest.raises(InvalidInput) as refused:
        Guests(store).claim(guest, body)
    assert refused.value.field == field


def test_sign_up_problems_are_all_named_at_once() -> None:
    assert set(sign_up_problems("nope", "short")) == {"email", "password"}
    assert sign_up_problems("a@b.org", PASSWORD) == {}

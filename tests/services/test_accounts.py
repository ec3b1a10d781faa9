"""Accounts over the store (SQLite and PostgreSQL): hashed passwords and tokens, expiry, erasure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backcoach.errors import InvalidInput, NotAuthenticated, TooManyRequests
from backcoach.services.accounts import ABSOLUTE_TIMEOUT, IDLE_TIMEOUT, AccountService, token_hash
from backcoach.services.login_limits import Limits, LoginLimiter

PASSWORD = "a long enough secret"


def test_passwords_and_tokens_are_never_stored_in_clear(store: Any) -> None:
    accounts = AccountService(store)
    account = accounts.create("pat@example.org", PASSWORD)
    _, token = accounts.sign_in("pat@example.org", PASSWORD)
    with store.unit_of_work() as uow:
        user = uow.users.get(account.id)
        assert PASSWORD not in user.password_hash and user.password_hash.startswith("$argon2")
        assert uow.auth.signed_in(token) is None  # only the hash is a key
        found = uow.auth.signed_in(token_hash(token))
        assert found is not None and found.email == "pat@example.org"


def test_an_active_session_ends_twelve_hours_after_sign_in(store: Any) -> None:
    accounts = AccountService(store)
    accounts.create("pat@example.org", PASSWORD)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    _, token = accounts.sign_in("pat@example.org", PASSWORD, now=start)
    moment = start
    while moment + IDLE_TIMEOUT / 2 < start + ABSOLUTE_TIMEOUT:
        moment += IDLE_TIMEOUT / 2
        assert accounts.account_for(token, now=moment).email == "pat@example.org"
    with pytest.raises(NotAuthenticated):
        accounts.account_for(token, now=start + ABSOLUTE_TIMEOUT)


def test_a_session_unused_for_thirty_minutes_ends_and_is_deleted(store: Any) -> None:
    accounts = AccountService(store)
    accounts.create("pat@example.org", PASSWORD)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    _, token = accounts.sign_in("pat@example.org", PASSWORD, now=start)
    seen = start + IDLE_TIMEOUT - timedelta(seconds=1)
    accounts.account_for(token, now=seen)
    with pytest.raises(NotAuthenticated):
        accounts.account_for(token, now=seen + IDLE_TIMEOUT)
    with store.unit_of_work() as uow:
        assert uow.auth.get(token_hash(token)) is None


def test_last_seen_is_written_at_most_once_a_minute(store: Any) -> None:
    accounts = AccountService(store)
    accounts.create("pat@example.org", PASSWORD)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    _, token = accounts.sign_in("pat@example.org", PASSWORD, now=start)
    accounts.account_for(token, now=start + timedelta(seconds=59))
    with store.unit_of_work() as uow:
        assert uow.auth.get(token_hash(token)).last_seen_at == start
    accounts.account_for(token, now=start + timedelta(seconds=61))
    with store.unit_of_work() as uow:
        assert uow.auth.get(token_hash(token)).last_seen_at == start + timedelta(seconds=61)


def test_ended_sessions_are_purged_at_the_next_sign_in(store: Any) -> None:
    accounts = AccountService(store)
    accounts.create("pat@example.org", PASSWORD)
    accounts.create("sam@example.org", PASSWORD)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    _, idle = accounts.sign_in("pat@example.org", PASSWORD, now=start)
    _, active = accounts.sign_in("sam@example.org", PASSWORD, now=start)
    accounts.account_for(active, now=start + IDLE_TIMEOUT - timedelta(minutes=1))
    accounts.sign_in("sam@example.org", PASSWORD, now=start + IDLE_TIMEOUT + timedelta(minutes=1))
    with store.unit_of_work() as uow:
        assert uow.auth.get(token_hash(idle)) is None
        assert uow.auth.get(token_hash(active)) is not None


def test_erasure_leaves_nothing_and_signs_out(store: Any) -> None:
    accounts = AccountService(store)
    account = accounts.create("pat@example.org", PASSWORD)
    _, token = accounts.sign_in("pat@example.org", PASSWORD)
    accounts.erase(account)
    with pytest.raises(NotAuthenticated):
        accounts.account_for(token)
    with pytest.raises(NotAuthenticated):
        accounts.sign_in("pat@example.org", PASSWORD)


def test_an_unknown_email_costs_one_hash_verification_like_a_known_one(store: Any,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    accounts = AccountService(store)
    accounts.create("pat@example.org", PASSWORD)
    calls: list[str] = []
    real = PasswordHasher.verify

    def counted(self: PasswordHasher, hash: str, password: str) -> bool:
        calls.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    for email in ("pat@example.org", "nobody@example.org"):
        with pytest.raises(NotAuthenticated, match="the email or the password is wrong"):
            accounts.sign_in(email, "a wrong password")
    with pytest.raises(NotAuthenticated, match="the email or the password is wrong"):
        accounts.sign_in("nobody@example.org", 12345678)
    assert len(calls) == 3 and all(h.startswith("$argon2") for h in calls)


def test_failed_sign_ins_are_limited_and_a_success_resets_them(store: Any) -> None:
    accounts = AccountService(store, LoginLimiter(store, Limits(per_account=3, per_address=100)))
    accounts.create("pat@example.org", PASSWORD)
    for _ in range(2):
        with pytest.raises(NotAuthenticated):
            accounts.sign_in("pat@example.org", "a wrong password", client="10.0.0.1")
    accounts.sign_in("pat@example.org", PASSWORD, client="10.0.0.1")
    for _ in range(3):
        with pytest.raises(NotAuthenticated):
            accounts.sign_in("pat@example.org", "a wrong password", client="10.0.0.1")
    with pytest.raises(TooManyRequests):
        accounts.sign_in("pat@example.org", PASSWORD, client="10.0.0.1")


@pytest.mark.parametrize("password", ["password", "PASSWORD", " " * 8, "12345678", "aaaaaaaaaaaa", "abababab",
                                      "x" * 129, "Ab1!" * 2000, 12345678, None])
def test_weak_too_long_or_wrong_typed_passwords_are_refused(store: Any, password: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        AccountService(store).create("pat@example.org", password)
    assert refused.value.field == "password"


@pytest.mark.parametrize("email", ["a@b.org\x00", "a\ud800@b.org", "x" * 320 + "@b.org", "no-at-sign", 42])
def test_malformed_emails_are_refused(store: Any, email: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        AccountService(store).create(email, PASSWORD)
    assert refused.value.field == "email"


def test_a_hash_with_old_parameters_is_upgraded_at_sign_in(store: Any) -> None:
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024).hash(PASSWORD)
    with store.unit_of_work() as uow:
        user_id = uow.users.add("pat@example.org", "patient", weak).id
        uow.commit()
    AccountService(store).sign_in("pat@example.org", PASSWORD)
    with store.unit_of_work() as uow:
        upgraded = uow.users.get(user_id).password_hash
    assert upgraded != weak and not PasswordHasher().check_needs_rehash(upgraded)
    AccountService(store).sign_in("pat@example.org", PASSWORD)


def test_a_sign_in_ends_the_session_it_replaces(store: Any) -> None:
    accounts = AccountService(store)
    accounts.create("pat@example.org", PASSWORD)
    _, old = accounts.sign_in("pat@example.org", PASSWORD)
    _, new = accounts.sign_in("pat@example.org", PASSWORD, replaces=old)
    with pytest.raises(NotAuthenticated):
        accounts.account_for(old)
    assert accounts.account_for(new).email == "pat@example.org"

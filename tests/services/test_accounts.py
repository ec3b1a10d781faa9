"""Accounts over the store (SQLite and PostgreSQL): hashed passwords and tokens, expiry, erasure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backcoach.errors import NotAuthenticated
from backcoach.services.accounts import SESSION_DAYS, AccountService, token_hash

PASSWORD = "a long enough secret"


def test_passwords_and_tokens_are_never_stored_in_clear(store: Any) -> None:
    accounts = AccountService(store)
    account = accounts.create("pat@example.org", PASSWORD)
    _, token = accounts.sign_in("pat@example.org", PASSWORD)
    with store.unit_of_work() as uow:
        user = uow.users.get(account.id)
        assert PASSWORD not in user.password_hash and user.password_hash.startswith("$argon2")
        assert uow.auth.user_for(token, datetime.now(UTC)) is None  # only the hash is a key
        assert uow.auth.user_for(token_hash(token), datetime.now(UTC)) is not None


def test_a_session_ends_after_its_time(store: Any) -> None:
    accounts = AccountService(store)
    accounts.create("pat@example.org", PASSWORD)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    _, token = accounts.sign_in("pat@example.org", PASSWORD, now=start)
    assert accounts.account_for(token, now=start + timedelta(days=SESSION_DAYS - 1)).email == "pat@example.org"
    with pytest.raises(NotAuthenticated):
        accounts.account_for(token, now=start + timedelta(days=SESSION_DAYS, seconds=1))


def test_erasure_leaves_nothing_and_signs_out(store: Any) -> None:
    accounts = AccountService(store)
    account = accounts.create("pat@example.org", PASSWORD)
    _, token = accounts.sign_in("pat@example.org", PASSWORD)
    accounts.erase(account)
    with pytest.raises(NotAuthenticated):
        accounts.account_for(token)
    with pytest.raises(NotAuthenticated):
        accounts.sign_in("pat@example.org", PASSWORD)

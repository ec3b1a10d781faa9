"""Failed sign-in limits in the store (SQLite and PostgreSQL) over a sliding window, with an injected clock (no
sleeping); two stores on one database, as two web workers would be, share one budget."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from backcoach.db.models import LoginFailure
from backcoach.errors import TooManyRequests
from backcoach.services.login_limits import Limits, LoginLimiter, account_key, address_key
from backcoach.services.store import Store


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def limiter(store: Any, clock: Clock) -> LoginLimiter:
    return LoginLimiter(store, Limits(window=900, per_account=3, per_address=5), clock=clock)


def stored(store: Any) -> list[str]:
    with store.unit_of_work() as uow:
        return list(uow.session.scalars(select(LoginFailure.key)))


@pytest.fixture
def second_worker(store: Any) -> Iterator[Store]:
    """Another Store on the same database: what a second web worker process opens."""
    other = Store(store.url)
    yield other
    other.close()


def test_an_account_is_limited_until_its_oldest_failure_leaves_the_window(store: Any) -> None:
    clock = Clock()
    limits = limiter(store, clock)
    for step in range(3):
        limits.check("pat", "10.0.0.1")
        clock.advance(10 * step)
        limits.failed("pat", "10.0.0.1")
    with pytest.raises(TooManyRequests) as refused:
        limits.check("pat", "10.0.0.2")  # another address does not help
    assert refused.value.retry_after == 900 - 30
    limits.check("someone-else", "10.0.0.3")
    clock.advance(900 - 30 - 0.5)
    with pytest.raises(TooManyRequests) as still:
        limits.check("pat", "10.0.0.2")
    assert still.value.retry_after == 1  # half a second left, rounded up
    clock.advance(0.5)
    limits.check("pat", "10.0.0.2")


def test_the_window_slides_one_failure_at_a_time(store: Any) -> None:
    clock = Clock()
    limits = limiter(store, clock)
    for _ in range(3):
        limits.failed("pat", None)
        clock.advance(100)
    with pytest.raises(TooManyRequests) as refused:
        limits.check("pat", None)
    assert refused.value.retry_after == 900 - 300
    clock.advance(600)  # the first failure leaves the window: one more attempt is allowed
    limits.check("pat", None)
    limits.failed("pat", None)
    with pytest.raises(TooManyRequests) as again:
        limits.check("pat", None)
    assert again.value.retry_after == 100  # until the second failure leaves


def test_a_success_resets_the_account_but_not_the_address(store: Any) -> None:
    clock = Clock()
    limits = limiter(store, clock)
    for _ in range(2):
        limits.failed("pat", "10.0.0.1")
    limits.succeeded("pat")
    for _ in range(2):
        limits.failed("pat", "10.0.0.1")
    limits.check("pat", "10.0.0.1")
    limits.failed("pat", "10.0.0.1")
    with pytest.raises(TooManyRequests):
        limits.check("pat", "10.0.0.9")  # three failures of the account since its success
    with pytest.raises(TooManyRequests):
        limits.check("another", "10.0.0.1")  # five failures from this address across accounts
    limits.check("another", "10.0.0.9")


def test_many_accounts_from_one_address_are_limited_by_the_address(store: Any) -> None:
    clock = Clock()
    limits = limiter(store, clock)
    for n in range(5):
        limits.failed(f"user{n}", "10.0.0.1")
    with pytest.raises(TooManyRequests):
        limits.check("user-new", "10.0.0.1")


def test_two_workers_on_one_database_share_one_budget(store: Any, second_worker: Store) -> None:
    clock = Clock()
    first, second = limiter(store, clock), limiter(second_worker, clock)
    first.failed("pat", "10.0.0.1")
    second.failed("pat", "10.0.0.2")
    first.failed("pat", "10.0.0.3")
    for worker in (first, second):
        with pytest.raises(TooManyRequests):
            worker.check("pat", "10.0.0.4")
    second.succeeded("pat")  # a right password in one worker resets the account in every worker
    first.check("pat", "10.0.0.4")


def test_the_table_holds_no_email_or_address_in_clear(store: Any) -> None:
    limits = limiter(store, Clock())
    limits.failed("pat@example.org", "10.0.0.1")
    keys = stored(store)
    assert sorted(keys) == sorted([account_key("pat@example.org"), address_key("10.0.0.1")])
    assert all(len(key) == 64 and "pat" not in key and "10.0" not in key for key in keys)


def test_each_key_keeps_no_more_rows_than_its_limit(store: Any) -> None:
    clock = Clock()
    limits = limiter(store, clock)
    for _ in range(20):
        limits.failed("pat", "10.0.0.1")
        clock.advance(1)
    keys = stored(store)
    assert keys.count(account_key("pat")) == 3 and keys.count(address_key("10.0.0.1")) == 5
    with pytest.raises(TooManyRequests) as refused:
        limits.check("pat", None)
    assert refused.value.retry_after == 900 - 3  # the third most recent failure, 3 s ago, is the one to wait for


def test_a_flood_of_addresses_leaves_the_table_once_out_of_the_window(store: Any) -> None:
    clock = Clock()
    limits = limiter(store, clock)
    for n in range(40):
        limits.failed(f"user{n}", f"10.0.{n}.1")
    assert len(stored(store)) == 80
    clock.advance(900)
    limits.failed("late", "10.9.9.9")  # the next failure deletes every row out of the window
    assert sorted(stored(store)) == sorted([account_key("late"), address_key("10.9.9.9")])
    with store.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(LoginFailure)) == 2

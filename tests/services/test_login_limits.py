"""Failed sign-in limits over a sliding window, with an injected clock (no sleeping)."""

from __future__ import annotations

import pytest

from backcoach.errors import TooManyRequests
from backcoach.services.login_limits import Limits, LoginLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limiter(clock: Clock) -> LoginLimiter:
    return LoginLimiter(Limits(window=900, per_account=3, per_address=5), clock=clock)


def test_an_account_is_limited_until_its_oldest_failure_leaves_the_window() -> None:
    clock = Clock()
    limits = limiter(clock)
    for step in range(3):
        limits.check("pat", "10.0.0.1")
        clock.now += 10 * step
        limits.failed("pat", "10.0.0.1")
    with pytest.raises(TooManyRequests) as refused:
        limits.check("pat", "10.0.0.2")  # another address does not help
    assert refused.value.retry_after == 900 - 30
    limits.check("someone-else", "10.0.0.3")
    clock.now += 900 - 30
    limits.check("pat", "10.0.0.2")


def test_a_success_resets_the_account_but_not_the_address() -> None:
    clock = Clock()
    limits = limiter(clock)
    for _ in range(2):
        limits.failed("pat", "10.0.0.1")
    limits.succeeded("pat")
    for _ in range(2):
        limits.failed("pat", "10.0.0.1")
    limits.check("pat", "10.0.0.1")
    limits.failed("pat", "10.0.0.1")
    with pytest.raises(TooManyRequests):
        limits.check("another", "10.0.0.1")  # five failures from this address across accounts
    limits.check("another", "10.0.0.9")


def test_many_accounts_from_one_address_are_limited_by_the_address() -> None:
    clock = Clock()
    limits = limiter(clock)
    for n in range(5):
        limits.failed(f"user{n}", "10.0.0.1")
    with pytest.raises(TooManyRequests):
        limits.check("user-new", "10.0.0.1")

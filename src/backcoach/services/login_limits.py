"""Failed sign-in limits, per account (email) and per client address, over a sliding window.

The failures are rows of the database (table login_failures), so every web worker process, on every machine
using the same database, counts against one budget. A row holds the time and a salted SHA-256 of the email or
of the address, never either in clear (someone holding the database and guessing an email could still tell
that it failed to sign in within the window). The table stays small: each key keeps at most as many rows as
its limit, rows out of the window are deleted at the next failure, a right password deletes the account's
rows and erasing the account deletes them too.

Between the check and the recording of a failure the password is verified, so sign-ins running at the same
moment can each pass the check: the budget can be exceeded by the number of attempts in flight, no more."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from backcoach.db.uow import UnitOfWork
from backcoach.errors import TooManyRequests
from backcoach.services.store import Store

WINDOW_SECONDS = 15 * 60
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 50
SALT = b"backcoach failed sign-in key v1\x00"


@dataclass(frozen=True)
class Limits:
    window: float = WINDOW_SECONDS
    per_account: int = ACCOUNT_FAILURES
    per_address: int = ADDRESS_FAILURES


def account_key(email: str) -> str:
    """The key of an account's failures (its normalised email, hashed with the salt)."""
    return _key("account", email)


def address_key(address: str) -> str:
    return _key("address", address)


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(SALT + f"{kind}:{value}".encode()).hexdigest()


def _utcnow() -> datetime:
    return datetime.now(UTC)


class LoginLimiter:
    """Failure counters in the store, shared by every process using it; `clock` (an aware UTC datetime) is
    injectable so tests never sleep. Each call is one short transaction of its own."""

    def __init__(self, store: Store, limits: Limits | None = None,
                 clock: Callable[[], datetime] = _utcnow) -> None:
        self._store = store
        self.limits = limits or Limits()
        self._clock = clock

    def check(self, account: str, address: str | None) -> None:
        """Raise TooManyRequests (with the seconds to wait) if either counter is full."""
        now = self._clock()
        with self._store.reading() as uow:
            wait = max(self._wait(uow, key, limit, now) for key, limit in self._counters(account, address))
        if wait > 0:
            raise TooManyRequests("too many failed sign-ins: try again later", retry_after=math.ceil(wait))

    def failed(self, account: str, address: str | None, uow: UnitOfWork | None = None) -> None:
        """Count a failure (in the caller's unit of work if given, which commits it; else committed here)."""
        now = self._clock()
        with self._within(uow) as work:
            work.login_failures.purge(now - self._window)
            for key, limit in self._counters(account, address):
                work.login_failures.add(key, now)
                work.login_failures.keep_latest(key, limit)

    def succeeded(self, account: str, uow: UnitOfWork | None = None) -> None:
        """A right password resets the account's counter (not the address's)."""
        with self._within(uow) as work:
            work.login_failures.remove(account_key(account))

    @contextmanager
    def _within(self, uow: UnitOfWork | None) -> Iterator[UnitOfWork]:
        if uow is not None:
            yield uow
            return
        with self._store.unit_of_work() as own:
            yield own
            own.commit()

    @property
    def _window(self) -> timedelta:
        return timedelta(seconds=self.limits.window)

    def _counters(self, account: str, address: str | None) -> list[tuple[str, int]]:
        counters = [(account_key(account), self.limits.per_account)]
        if address:
            counters.append((address_key(address), self.limits.per_address))
        return counters

    def _wait(self, uow: UnitOfWork, key: str, limit: int, now: datetime) -> float:
        """Seconds until the key has fewer than `limit` failures in the window (0: it has fewer now)."""
        oldest_counted = uow.login_failures.nth_latest(key, limit, after=now - self._window)
        if oldest_counted is None:
            return 0.0
        return (oldest_counted + self._window - now).total_seconds()

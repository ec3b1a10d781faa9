"""Failed sign-in limits, per account (email) and per client address, over a sliding window.

The counters live in this process's memory: each worker process limits on its own, so with N workers an
attacker gets at most N times the budget. That bound is kept on purpose (no write per failed attempt to the
shared database); run one worker, or put a shared limiter in front, if that factor matters."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from backcoach.errors import TooManyRequests

WINDOW_SECONDS = 15 * 60
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 50
MAX_KEYS = 100_000  # memory bound: the oldest keys are forgotten first


@dataclass(frozen=True)
class Limits:
    window: float = WINDOW_SECONDS
    per_account: int = ACCOUNT_FAILURES
    per_address: int = ADDRESS_FAILURES


class LoginLimiter:
    """Thread-safe failure counters; `clock` (seconds, monotonic) is injectable so tests never sleep."""

    def __init__(self, limits: Limits | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits or Limits()
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, account: str, address: str | None) -> None:
        """Raise TooManyRequests (with the seconds to wait) if either counter is full."""
        now = self._clock()
        with self._lock:
            waits = [self._wait(f"account:{account}", self.limits.per_account, now)]
            if address:
                waits.append(self._wait(f"address:{address}", self.limits.per_address, now))
        wait = max(waits)
        if wait > 0:
            raise TooManyRequests("too many failed sign-ins: try again later", retry_after=math.ceil(wait))

    def failed(self, account: str, address: str | None) -> None:
        now = self._clock()
        with self._lock:
            self._add(f"account:{account}", now)
            if address:
                self._add(f"address:{address}", now)

    def succeeded(self, account: str) -> None:
        """A right password resets the account's counter (not the address's)."""
        with self._lock:
            self._failures.pop(f"account:{account}", None)

    def _wait(self, key: str, limit: int, now: float) -> float:
        times = self._failures.get(key)
        if not times:
            return 0.0
        while times and times[0] <= now - self.limits.window:
            times.popleft()
        if len(times) < limit:
            return 0.0
        return times[-limit] + self.limits.window - now

    def _add(self, key: str, now: float) -> None:
        times = self._failures.pop(key, None) or deque()
        times.append(now)
        while len(times) > max(self.limits.per_account, self.limits.per_address):
            times.popleft()
        self._failures[key] = times  # re-inserted: the dict's order is least recently failed first
        if len(self._failures) > MAX_KEYS:
            del self._failures[next(iter(self._failures))]

"""Sign-in cost for a known email (wrong password) against an unknown email, alternately in one process.

An unknown email is checked against a dummy argon2 hash, so both should cost the same: goal ratio ~1.0
(known / unknown median). A ratio far from 1 tells an attacker which emails have accounts.

    python benchmarks/login_timing.py [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from backcoach.errors import NotAuthenticated
from backcoach.services.accounts import AccountService
from backcoach.services.login_limits import Limits, LoginLimiter
from backcoach.services.store import Store

PASSWORD = "a long enough secret"


def attempt(accounts: AccountService, email: str) -> float:
    start = time.perf_counter()
    with contextlib.suppress(NotAuthenticated):
        accounts.sign_in(email, "not the right password")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        unlimited = LoginLimiter(Limits(per_account=10**9, per_address=10**9))
        accounts = AccountService(store, unlimited)
        accounts.create("known@example.org", PASSWORD)
        attempt(accounts, "warm-up@example.org")
        known, unknown = [], []
        for n in range(runs):
            known.append(attempt(accounts, "known@example.org"))
            unknown.append(attempt(accounts, f"unknown{n}@example.org"))
        store.close()
    known_ms, unknown_ms = statistics.median(known) * 1000, statistics.median(unknown) * 1000
    print(f"known email, wrong password: median {known_ms:.1f} ms over {runs} runs")
    print(f"unknown email:               median {unknown_ms:.1f} ms over {runs} runs")
    print(f"ratio known/unknown: {known_ms / unknown_ms:.2f} (goal ~1.0)")


if __name__ == "__main__":
    main()

"""The failed sign-ins repository: rows added, counted within a window, capped per key, purged (queries live
only in db/)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backcoach.db.models import LoginFailure


class LoginFailureRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, key: str, at: datetime) -> None:
        self._session.add(LoginFailure(key=key, failed_at=at))
        self._session.flush()

    def nth_latest(self, key: str, n: int, after: datetime) -> datetime | None:
        """When the key's n-th most recent failure later than `after` happened; None if it has fewer."""
        found = self._session.scalar(
            select(LoginFailure.failed_at).where(LoginFailure.key == key, LoginFailure.failed_at > after)
            .order_by(LoginFailure.failed_at.desc(), LoginFailure.id.desc()).offset(n - 1).limit(1))
        return found

    def keep_latest(self, key: str, n: int) -> None:
        """Delete all but the key's n most recent failures (a key never holds more rows than its limit)."""
        kept = (select(LoginFailure.id).where(LoginFailure.key == key)
                .order_by(LoginFailure.failed_at.desc(), LoginFailure.id.desc()).limit(n))
        self._session.execute(delete(LoginFailure).where(LoginFailure.key == key, LoginFailure.id.not_in(kept)))

    def remove(self, key: str) -> None:
        self._session.execute(delete(LoginFailure).where(LoginFailure.key == key))

    def purge(self, until: datetime) -> None:
        """Delete every failure at or before `until` (out of the window: it no longer counts)."""
        self._session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= until))


"""Repositories of safety stops and guided movement tests (queries live only in db/)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backcoach.db.models import CareHold, MovementTest, utcnow


class CareHoldRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, user_id: int, source: str, triage: dict[str, Any], now: datetime | None = None) -> CareHold:
        row = CareHold(user_id=user_id, source=source, level=str(triage["level"]), triage=triage,
                       created_at=now or utcnow())
        self._session.add(row)
        self._session.flush()
        return row

    def active(self, user_id: int) -> Sequence[CareHold]:
        """The stops not yet cleared, oldest first."""
        return self._session.scalars(select(CareHold).where(CareHold.user_id == user_id,
                                                            CareHold.cleared_at.is_(None))
                                     .order_by(CareHold.created_at, CareHold.id)).all()

    def all_for_user(self, user_id: int) -> Sequence[CareHold]:
        return self._session.scalars(select(CareHold).where(CareHold.user_id == user_id)
                                     .order_by(CareHold.created_at, CareHold.id)).all()

    def clear(self, hold: CareHold, clearance: dict[str, Any], now: datetime | None = None) -> None:
        hold.cleared_at = now or utcnow()
        hold.clearance = clearance


class MovementTestRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, user_id: int, direction: str, method: str, result: dict[str, Any],
            now: datetime | None = None) -> MovementTest:
        row = MovementTest(user_id=user_id, direction=direction, method=method, result=result,
                           created_at=now or utcnow())
        self._session.add(row)
        self._session.flush()
        return row

    def for_user(self, user_id: int) -> Sequence[MovementTest]:
        return self._session.scalars(select(MovementTest).where(MovementTest.user_id == user_id)
                                     .order_by(MovementTest.created_at, MovementTest.id)).all()

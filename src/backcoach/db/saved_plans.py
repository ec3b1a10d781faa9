"""Plans kept at their own address (the intake page's answer, /plans/{id})."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from backcoach.db.models import SavedPlan, utcnow


class SavedPlanRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, plan_id: str, plan: dict[str, Any], user_id: int | None, now: datetime | None = None) -> None:
        self._session.add(SavedPlan(id=plan_id, plan=plan, user_id=user_id, created_at=now or utcnow()))
        self._session.flush()

    def get(self, plan_id: str) -> SavedPlan | None:
        return self._session.get(SavedPlan, plan_id)

    def started(self, plan_id: str, user_id: int, program_id: int) -> None:
        """The plan was started as this program: an anonymous plan becomes the account's."""
        self._session.execute(update(SavedPlan).where(SavedPlan.id == plan_id)
                              .values(user_id=user_id, program_id=program_id))

    def move(self, from_user: int, to_user: int) -> None:
        self._session.execute(update(SavedPlan).where(SavedPlan.user_id == from_user).values(user_id=to_user))

    def purge_anonymous(self, before: datetime) -> int:
        """Delete the anonymous plans made before `before`; returns how many."""
        result = self._session.execute(
            delete(SavedPlan).where(SavedPlan.user_id.is_(None), SavedPlan.created_at < before))
        return int(getattr(result, "rowcount", 0) or 0)

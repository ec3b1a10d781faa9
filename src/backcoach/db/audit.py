"""The audit log repository: entries are added and read, never changed (queries live only in db/)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from backcoach.db.models import AuditEntry, User, utcnow


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, subject_id: int, actor_id: int | None, action: str, now: datetime | None = None) -> None:
        self._session.add(AuditEntry(subject_id=subject_id, actor_id=actor_id, action=action,
                                     created_at=now or utcnow()))
        self._session.flush()

    def for_subject(self, subject_id: int) -> list[dict[str, Any]]:
        """Every entry about this person, oldest first, with the actor's email (None once erased)."""
        actor = aliased(User)
        rows = self._session.execute(
            select(AuditEntry, actor.email).outerjoin(actor, actor.id == AuditEntry.actor_id)
            .where(AuditEntry.subject_id == subject_id).order_by(AuditEntry.created_at, AuditEntry.id))
        return [{"at": entry.created_at.isoformat(), "actor": email, "action": entry.action}
                for entry, email in rows]

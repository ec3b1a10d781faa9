"""Clinicians' invite codes (only their SHA-256 is stored) and the patient's link to a clinician (queries live
only in db/)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from backcoach.db.models import Invite, User


@dataclass(frozen=True)
class OpenInvite:
    id: int
    clinician_id: int
    expires_at: datetime


class InviteRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, code_hash: str, clinician_id: int, now: datetime, expires_at: datetime) -> None:
        self._session.add(Invite(code_hash=code_hash, clinician_id=clinician_id, created_at=now,
                                 expires_at=expires_at))
        self._session.flush()

    def exists(self, code_hash: str) -> bool:
        return self._session.scalar(select(Invite.id).where(Invite.code_hash == code_hash)) is not None

    def open_expiries(self, clinician_id: int, now: datetime) -> list[datetime]:
        """When each of the clinician's unused, unexpired codes expires, soonest first."""
        return list(self._session.scalars(
            select(Invite.expires_at).where(Invite.clinician_id == clinician_id, Invite.accepted_at.is_(None),
                                            Invite.expires_at > now).order_by(Invite.expires_at)))

    def usable(self, code_hash: str, now: datetime) -> OpenInvite | None:
        """The code's invite if it is neither used nor expired."""
        row = self._session.scalar(select(Invite).where(Invite.code_hash == code_hash,
                                                        Invite.accepted_at.is_(None), Invite.expires_at > now))
        return None if row is None else OpenInvite(row.id, row.clinician_id, row.expires_at)

    def accept(self, invite_id: int, patient_id: int, now: datetime) -> bool:
        """Mark the invite used by this patient; False if another acceptance got there first (used once)."""
        result = self._session.execute(update(Invite).where(Invite.id == invite_id, Invite.accepted_at.is_(None))
                                       .values(accepted_by=patient_id, accepted_at=now))
        return int(getattr(result, "rowcount", 0) or 0) == 1

    def purge_expired(self, clinician_id: int, before: datetime) -> None:
        """Forget the clinician's codes that expired unused before `before` (nothing more to know of them)."""
        self._session.execute(delete(Invite).where(
            Invite.clinician_id == clinician_id, Invite.accepted_at.is_(None), Invite.expires_at <= before))

    def clinician_of(self, patient_id: int) -> User | None:
        patient = self._session.get(User, patient_id)
        if patient is None or patient.clinician_id is None:
            return None
        return self._session.get(User, patient.clinician_id)

    def link(self, patient_id: int, clinician_id: int | None) -> None:
        self._session.execute(update(User).where(User.id == patient_id).values(clinician_id=clinician_id))

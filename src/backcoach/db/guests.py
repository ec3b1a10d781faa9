"""Guest accounts ("try without an account"): turning one into a normal account, moving its data into
another account, and deleting those that can no longer be reached (queries live only in db/)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backcoach.db.models import (
    AuditEntry,
    AuthSession,
    CareHold,
    Checkin,
    Invite,
    MovementTest,
    Program,
    ProgramVersion,
    SavedPlan,
    TrainingSession,
    User,
)
from backcoach.errors import Conflict

# Everything of a person's, by the column that names them.
OWNED = ((Program, Program.user_id), (TrainingSession, TrainingSession.user_id), (Checkin, Checkin.user_id),
         (CareHold, CareHold.user_id), (MovementTest, MovementTest.user_id), (SavedPlan, SavedPlan.user_id),
         (AuditEntry, AuditEntry.subject_id), (AuditEntry, AuditEntry.actor_id),
         (ProgramVersion, ProgramVersion.created_by), (Invite, Invite.accepted_by))


class GuestRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def become_account(self, guest_id: int, email: str, password_hash: str) -> None:
        """The guest account becomes a normal one with this email and password hash (its data stays where it
        is). Conflict when the email was taken meanwhile."""
        self._session.execute(update(User).where(User.id == guest_id, User.guest.is_(True))
                              .values(email=email, password_hash=password_hash, guest=False))
        try:
            self._session.flush()
        except IntegrityError:
            raise Conflict("that email already has an account") from None

    def move_everything(self, guest_id: int, to_user: int) -> None:
        """Every row of the guest's (programs, sessions, check-ins, safety stops, movement tests, saved plans,
        audit entries) becomes the other account's; the guest's sign-in sessions end."""
        for model, column in OWNED:
            self._session.execute(update(model).where(column == guest_id).values({column.key: to_user}))
        self.end_sessions(guest_id)

    def end_sessions(self, user_id: int) -> None:
        self._session.execute(delete(AuthSession).where(AuthSession.user_id == user_id))

    def purge_sessions(self, now: datetime, idle_since: datetime, guest_idle_since: datetime) -> int:
        """Delete every sign-in session past its absolute end or unused since `idle_since` (a guest's: since
        `guest_idle_since`); returns how many."""
        last_seen = func.coalesce(AuthSession.last_seen_at, AuthSession.created_at)
        guests = select(User.id).where(User.guest.is_(True))
        result = self._session.execute(delete(AuthSession).where(
            (AuthSession.expires_at <= now) | (last_seen <= guest_idle_since)
            | ((last_seen <= idle_since) & AuthSession.user_id.not_in(guests)))
            .execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    def unreachable(self, limit: int) -> Sequence[int]:
        """Guest accounts without a sign-in session: no one can reach them any more (a guest has no password)."""
        signed_in = exists().where(AuthSession.user_id == User.id)
        return self._session.scalars(select(User.id).where(User.guest.is_(True), ~signed_in)
                                     .order_by(User.id).limit(limit)).all()

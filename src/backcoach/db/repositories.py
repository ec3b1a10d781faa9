"""Repositories: the only place with queries. Each works inside the caller's unit of work."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backcoach.db.models import (
    AuthSession,
    CareHold,
    Checkin,
    MovementTest,
    Program,
    ProgramVersion,
    SessionEvent,
    TrainingSession,
    User,
    Video,
    utcnow,
)
from backcoach.errors import Conflict, NotFound


class UserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, email: str, role: str, password_hash: str, clinician_id: int | None = None, *,
            guest: bool = False) -> User:
        if self.by_email(email) is not None:
            raise Conflict(f"an account for {email.strip().lower()} already exists")
        user = User(email=email.strip().lower(), role=role, password_hash=password_hash, clinician_id=clinician_id,
                    guest=guest)
        self._session.add(user)
        self._session.flush()
        return user

    def by_email(self, email: str) -> User | None:
        return self._session.scalar(select(User).where(User.email == email.strip().lower()))

    def get(self, user_id: int) -> User:
        user = self._session.get(User, user_id)
        if user is None:
            raise NotFound("no such user")
        return user

    def patients_of(self, clinician_id: int) -> Sequence[User]:
        return self._session.scalars(select(User).where(User.clinician_id == clinician_id).order_by(User.id)).all()

    def delete(self, user_id: int) -> None:
        """Erase the user and everything of theirs."""
        for model in (Checkin, TrainingSession, Program, AuthSession, CareHold, MovementTest):
            self._session.execute(delete(model).where(model.user_id == user_id))
        self._session.execute(delete(User).where(User.id == user_id))


class ProgramRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def create(self, user_id: int, plan: dict[str, Any], reason: str, created_by: int | None = None,
               now: datetime | None = None) -> Program:
        moment = now or utcnow()
        program = Program(user_id=user_id, current_version=1, created_at=moment)
        self._session.add(program)
        self._session.flush()
        self._session.add(ProgramVersion(program_id=program.id, version=1, plan=plan, reason=reason,
                                         created_by=created_by, created_at=moment))
        self._session.flush()
        return program

    def add_version(self, program_id: int, plan: dict[str, Any], reason: str,
                    created_by: int | None = None, now: datetime | None = None) -> ProgramVersion:
        program = self._session.get(Program, program_id, with_for_update=True)
        if program is None:
            raise NotFound("no such program")
        program.current_version += 1
        version = ProgramVersion(program_id=program_id, version=program.current_version, plan=plan, reason=reason,
                                 created_by=created_by, created_at=now or utcnow())
        self._session.add(version)
        self._session.flush()
        return version

    def get_for_user(self, program_id: int, user_id: int) -> Program:
        program = self._session.get(Program, program_id)
        if program is None or program.user_id != user_id:
            raise NotFound("no such program")
        return program

    def all_for_user(self, user_id: int) -> Sequence[Program]:
        return self._session.scalars(select(Program).where(Program.user_id == user_id).order_by(Program.id)).all()

    def latest_for_user(self, user_id: int) -> Program | None:
        return self._session.scalar(
            select(Program).where(Program.user_id == user_id).order_by(Program.id.desc()).limit(1))

    def version(self, program_id: int, version: int) -> ProgramVersion:
        row = self._session.scalar(select(ProgramVersion).where(
            ProgramVersion.program_id == program_id, ProgramVersion.version == version))
        if row is None:
            raise NotFound("no such program version")
        return row

    def current(self, program_id: int) -> ProgramVersion:
        program = self._session.get(Program, program_id)
        if program is None:
            raise NotFound("no such program")
        return self.version(program_id, program.current_version)

    def versions(self, program_id: int) -> Sequence[ProgramVersion]:
        return self._session.scalars(select(ProgramVersion).where(ProgramVersion.program_id == program_id)
                                     .order_by(ProgramVersion.version)).all()


class SessionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def create(self, user_id: int, program_id: int, program_version: int, now: datetime | None = None
               ) -> TrainingSession:
        moment = now or utcnow()
        row = TrainingSession(user_id=user_id, program_id=program_id, program_version=program_version,
                              created_at=moment, updated_at=moment)
        self._session.add(row)
        self._session.flush()
        return row

    def get_for_user(self, session_id: int, user_id: int) -> TrainingSession:
        row = self._session.get(TrainingSession, session_id)
        if row is None or row.user_id != user_id:
            raise NotFound("no such session")
        return row

    def latest_active(self, user_id: int) -> TrainingSession | None:
        return self._session.scalar(select(TrainingSession).where(
            TrainingSession.user_id == user_id, TrainingSession.status == "active")
            .order_by(TrainingSession.id.desc()).limit(1))

    def for_user(self, user_id: int) -> Sequence[TrainingSession]:
        return self._session.scalars(select(TrainingSession).where(TrainingSession.user_id == user_id)
                                     .order_by(TrainingSession.id)).all()

    def add_form_summary(self, session_id: int, user_id: int, summary: dict[str, Any], most: int) -> None:
        """Keep one exercise's form summary with the session (the latest ``most`` of them)."""
        row = self.get_for_user(session_id, user_id)
        kept = list((row.form_summary or {}).get("exercises", []))
        row.form_summary = {"exercises": [*kept, summary][-most:]}

    def finish(self, session_id: int, status: str, now: datetime | None = None) -> bool:
        """Record how an active session ended; False when it had already ended (nothing changes)."""
        row = self._session.get(TrainingSession, session_id)
        if row is None:
            raise NotFound("no such session")
        if row.status != "active":
            return False
        row.status = status
        row.updated_at = now or utcnow()
        return True


class EventRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def list(self, session_id: int) -> Sequence[SessionEvent]:
        return self._session.scalars(select(SessionEvent).where(SessionEvent.session_id == session_id)
                                     .order_by(SessionEvent.seq)).all()

    def bodies(self, session_id: int) -> Sequence[dict[str, Any]]:
        """The stored events' bodies in order (what a replay needs)."""
        return self._session.scalars(select(SessionEvent.body).where(SessionEvent.session_id == session_id)
                                     .order_by(SessionEvent.seq)).all()


class CheckinRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, user_id: int, record: dict[str, Any], now: datetime | None = None) -> Checkin:
        row = Checkin(user_id=user_id, created_at=now or utcnow(), **record)
        self._session.add(row)
        self._session.flush()
        return row

    def list_for_user(self, user_id: int) -> Sequence[Checkin]:
        return self._session.scalars(select(Checkin).where(Checkin.user_id == user_id)
                                     .order_by(Checkin.created_at, Checkin.id)).all()


VIDEO_FIELDS = ("title", "description", "duration", "upload_date", "url", "tags", "chapters", "view_count",
                "analysis")


class VideoRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def upsert(self, rows: Sequence[dict[str, Any]]) -> tuple[int, int]:
        """Insert new videos and update changed ones (by video_id); returns (inserted, updated)."""
        ids = [row["video_id"] for row in rows]
        existing = {v.video_id: v for v in self._session.scalars(select(Video).where(Video.video_id.in_(ids)))}
        inserted = updated = 0
        for row in rows:
            video = existing.get(row["video_id"])
            if video is None:
                video = Video(video_id=row["video_id"], **{k: row[k] for k in VIDEO_FIELDS})
                self._session.add(video)
                existing[row["video_id"]] = video
                inserted += 1
            elif any(getattr(video, k) != row[k] for k in VIDEO_FIELDS):
                for key in VIDEO_FIELDS:
                    setattr(video, key, row[key])
                video.updated_at = utcnow()
                updated += 1
        try:
            self._session.flush()
        except IntegrityError:
            raise Conflict("another import stored some of these videos at the same moment") from None
        return inserted, updated

    def all(self) -> list[dict[str, Any]]:
        videos = self._session.scalars(select(Video).order_by(Video.video_id))
        return [{"video_id": v.video_id, **{k: getattr(v, k) for k in VIDEO_FIELDS}} for v in videos]

    def each(self, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Every video, read from the database in batches (rebuilding the search index of a large catalogue)."""
        videos = self._session.scalars(select(Video).order_by(Video.video_id).execution_options(yield_per=batch))
        for v in videos:
            yield {"video_id": v.video_id, **{k: getattr(v, k) for k in VIDEO_FIELDS}}

    def count(self) -> int:
        return int(self._session.scalar(select(func.count()).select_from(Video)) or 0)


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    email: str
    role: str
    expires_at: datetime
    last_seen: datetime
    guest: bool = False


_SIGNED_IN = (select(AuthSession.user_id, User.email, User.role, AuthSession.expires_at, AuthSession.last_seen_at,
                     AuthSession.created_at, User.guest)
              .join(User, User.id == AuthSession.user_id).where(AuthSession.token_hash == bindparam("token")))


class AuthSessionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, token_hash: str, user_id: int, expires_at: datetime, now: datetime | None = None) -> None:
        moment = now or utcnow()
        self._session.add(AuthSession(token_hash=token_hash, user_id=user_id, expires_at=expires_at,
                                      created_at=moment, last_seen_at=moment))
        self._session.flush()

    def get(self, token_hash: str) -> AuthSession | None:
        return self._session.get(AuthSession, token_hash)

    def signed_in(self, token_hash: str) -> SignedIn | None:
        """The sign-in session with its account, in one query (every signed-in request asks this)."""
        row = self._session.connection().execute(_SIGNED_IN, {"token": token_hash}).first()
        if row is None:
            return None
        return SignedIn(row.user_id, row.email, row.role, row.expires_at, row.last_seen_at or row.created_at,
                        bool(row.guest))

    def seen(self, token_hash: str, moment: datetime) -> None:
        """Note that a sign-in session was used (its idle timeout counts from here)."""
        self._session.execute(update(AuthSession).where(AuthSession.token_hash == token_hash)
                              .values(last_seen_at=moment))

    def remove(self, token_hash: str) -> None:
        self._session.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash))

    def purge(self, now: datetime, idle_since: datetime) -> int:
        """Delete every session past its absolute end or unused since `idle_since`; returns how many."""
        last_seen = func.coalesce(AuthSession.last_seen_at, AuthSession.created_at)
        result = self._session.execute(
            delete(AuthSession).where((AuthSession.expires_at <= now) | (last_seen <= idle_since)))
        return int(getattr(result, "rowcount", 0) or 0)

"""SQLAlchemy models. Changes here need an Alembic migration (tests compare the two)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database (SQLite hands back naive ones otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # "Try without an account": made by the browser's first session, no email of its own, claimed later
    guest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Program(Base):
    __tablename__ = "programs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProgramVersion(Base):
    """Append-only: a change adds a version with its reason; an old version is never edited."""

    __tablename__ = "program_versions"
    __table_args__ = (UniqueConstraint("program_id", "version", name="uq_program_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TrainingSession(Base):
    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    program_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # seq of its latest event
    # What the camera's form check found, per exercise it watched: {"exercises": [form summary, ...]}; None when
    # the camera was not used. Never frames or landmarks.
    form_summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class SessionSnapshot(Base):
    """A session's engine state after its event ``seq``: a cache of replaying the log (the log stays the truth)."""

    __tablename__ = "session_snapshots"
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    last_at: Mapped[float] = mapped_column(Float)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)


class SessionEvent(Base):
    """Append-only, unique per session and idempotency key; seq orders a session's events."""

    __tablename__ = "session_events"
    __table_args__ = (
        UniqueConstraint("session_id", "idempotency_key", name="uq_event_key"),
        UniqueConstraint("session_id", "seq", name="uq_event_seq"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    idempotency_key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    effects: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Checkin(Base):
    __tablename__ = "checkins"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    pain_now: Mapped[int] = mapped_column(Integer)
    leg_symptoms: Mapped[str | None] = mapped_column(String(20))
    psfs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    psfs_mean: Mapped[float | None] = mapped_column(Float)
    odi_answers: Mapped[list[Any] | None] = mapped_column(JSON)
    odi_percent: Mapped[float | None] = mapped_column(Float)
    red_flags: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    leg_symptom_kinds: Mapped[list[Any] | None] = mapped_column(JSON)
    start_back: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CareHold(Base):
    """A safety stop: no exercise sessions until it is cleared (a clinician assessed the person, or their
    clinician cleared it). A later check-in without the warning sign does not lift it."""

    __tablename__ = "care_holds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    source: Mapped[str] = mapped_column(String(20))  # intake, checkin, session
    level: Mapped[str] = mapped_column(String(40))
    triage: Mapped[dict[str, Any]] = mapped_column(JSON)  # level, headline, reasons as the person saw them
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    clearance: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class MovementTest(Base):
    """A guided repeated-movement test: where the symptoms were before and after 10 repetitions."""

    __tablename__ = "movement_tests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    direction: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(40))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class Video(Base):
    """A catalogue video; re-importing updates it in place (video_id is the catalogue's own id)."""

    __tablename__ = "videos"
    video_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    duration: Mapped[int | None] = mapped_column(Integer)
    upload_date: Mapped[str | None] = mapped_column(String(10))
    url: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[Any]] = mapped_column(JSON)
    chapters: Mapped[list[Any]] = mapped_column(JSON)
    view_count: Mapped[int | None] = mapped_column(Integer)
    analysis: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuthSession(Base):
    """A signed-in browser or API client; only the token's SHA-256 is kept."""

    __tablename__ = "auth_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)  # the absolute end
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # for the idle timeout; None: created_at


class AuditEntry(Base):
    """Append-only: who read or changed a person's data. Erased with the person (the subject); an erased
    actor leaves the entry with no actor."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    subject_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(80))


class LoginFailure(Base):
    """A failed sign-in, kept only while it counts (the limits' window): `key` is a salted SHA-256 of the
    account's email or of the client's address, never either in clear (services/login_limits.py)."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_failed_at", "key", "failed_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)  # the purge's index


class SavedPlan(Base):
    """A plan as the intake page made it, at its own address (/plans/{id}). `id` is random and unguessable: an
    anonymous plan is opened by whoever holds its address; one made while signed in only by its owner."""

    __tablename__ = "saved_plans"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)  # the purge's index
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="SET NULL"))  # once started


class Invite(Base):
    """A clinician's invite code for a patient to accept (links the patient to the clinician). Only the code's
    SHA-256 is kept; a code works once and until it expires."""

    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

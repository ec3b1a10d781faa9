"""The hot path of a guided session: its head (the session row with its snapshot, in one query), the stored
answer to an Idempotency-Key, and the append of one event with its new snapshot. Plain SQL statements built
once (no ORM identity map or unit-of-work flush), since every event of every session passes here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backcoach.db.models import SessionEvent, SessionSnapshot, TrainingSession, utcnow
from backcoach.errors import Conflict, NotFound

SESSIONS = cast(Table, TrainingSession.__table__)
SNAPSHOTS = cast(Table, SessionSnapshot.__table__)
EVENTS = cast(Table, SessionEvent.__table__)


@dataclass(frozen=True)
class Snapshot:
    seq: int
    last_at: float
    state: dict[str, Any]


@dataclass(frozen=True)
class SessionHead:
    """A session row with the snapshot kept beside it (None before its first event, or when it was lost)."""

    id: int
    user_id: int
    program_id: int
    program_version: int
    status: str
    created_at: datetime
    last_seq: int
    snapshot: Snapshot | None


_HEAD = (select(SESSIONS.c.id, SESSIONS.c.user_id, SESSIONS.c.program_id, SESSIONS.c.program_version,
                SESSIONS.c.status, SESSIONS.c.created_at, SESSIONS.c.last_seq, SNAPSHOTS.c.seq, SNAPSHOTS.c.last_at,
                SNAPSHOTS.c.state)
         .select_from(SESSIONS.outerjoin(SNAPSHOTS, SNAPSHOTS.c.session_id == SESSIONS.c.id))
         .where(SESSIONS.c.id == bindparam("session_id")))
_LOCKED_HEAD = _HEAD.with_for_update(of=SESSIONS)
_ANSWER = select(EVENTS.c.request_hash, EVENTS.c.effects).where(
    EVENTS.c.session_id == bindparam("session_id"), EVENTS.c.idempotency_key == bindparam("key"))
_APPEND = insert(EVENTS)
_ADVANCE = update(SESSIONS).where(SESSIONS.c.id == bindparam("of")).values(last_seq=bindparam("to"))
_RENEW = (update(SNAPSHOTS).where(SNAPSHOTS.c.session_id == bindparam("of"))
          .values(seq=bindparam("new_seq"), last_at=bindparam("new_at"), state=bindparam("new_state")))
_FIRST_SNAPSHOT = insert(SNAPSHOTS)


class SessionLog:
    def __init__(self, session: Session) -> None:
        self._session = session

    def head(self, session_id: int, user_id: int, *, lock: bool = False) -> SessionHead:
        """One of this person's sessions with its snapshot; with ``lock``, held until the end of the unit of
        work (writers to one session queue here; SQLite: the write lock the unit of work already holds)."""
        row = self._session.connection().execute(_LOCKED_HEAD if lock else _HEAD, {"session_id": session_id}).first()
        if row is None or row.user_id != user_id:
            raise NotFound("no such session")
        snapshot = None if row.seq is None else Snapshot(row.seq, row.last_at, row.state)
        return SessionHead(row.id, row.user_id, row.program_id, row.program_version, row.status, row.created_at,
                           row.last_seq, snapshot)

    def answer(self, session_id: int, key: str) -> tuple[str, list[Any]] | None:
        """The request hash and effects stored under an Idempotency-Key, if it was used."""
        row = self._session.connection().execute(_ANSWER, {"session_id": session_id, "key": key}).first()
        return None if row is None else (row.request_hash, row.effects)

    def begin(self, session_id: int, state: dict[str, Any]) -> None:
        """The snapshot of a new session before its first event (its ready state): reading the session then
        needs no replay of the plan."""
        self._session.connection().execute(_FIRST_SNAPSHOT, {"session_id": session_id, "seq": 0, "last_at": 0.0,
                                                             "state": state})

    def append(self, head: SessionHead, key: str, *, request_hash: str, event: dict[str, Any],
               effects: list[Any], state: dict[str, Any]) -> int:
        """Append an event to a session locked by ``head(lock=True)``, with the engine state after it; its seq
        follows the session's last. A key used already fails on the unique constraint: a Conflict."""
        seq = head.last_seq + 1
        connection = self._session.connection()
        try:
            connection.execute(_APPEND, {"session_id": head.id, "seq": seq, "idempotency_key": key,
                                         "request_hash": request_hash, "body": event, "effects": effects,
                                         "created_at": utcnow()})
        except IntegrityError:
            raise Conflict("this Idempotency-Key was already used for this session") from None
        connection.execute(_ADVANCE, {"of": head.id, "to": seq})
        at = float(event["at"])
        if head.snapshot is not None:
            connection.execute(_RENEW, {"of": head.id, "new_seq": seq, "new_at": at, "new_state": state})
        else:
            connection.execute(_FIRST_SNAPSHOT, {"session_id": head.id, "seq": seq, "last_at": at, "state": state})
        return seq

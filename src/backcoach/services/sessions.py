"""Use cases of guided sessions: start, record events (stored before their effects are shown), resume."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from backcoach.db.models import TrainingSession
from backcoach.db.uow import UnitOfWork
from backcoach.domain.session import step, summary, view
from backcoach.domain.session_model import SessionState
from backcoach.errors import Conflict
from backcoach.services.care import CareService
from backcoach.services.plan_bounds import check_time
from backcoach.services.programs import ProgramService
from backcoach.services.session_replay import check_event, screened, session_from_plan
from backcoach.services.session_state import LazyPlan, current_state, snapshot_of
from backcoach.services.store import Store

SILENT_EVENTS = ("tick",)  # stored only when they cause something


def request_hash(event: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(event, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@dataclass
class RecordedSession:
    """A session's engine state rebuilt from its stored events."""

    session_id: int
    program_id: int
    state: SessionState
    stored_events: int
    last_at: float
    review: dict[str, Any] | None = None  # the program review made when the session ended
    plan: dict[str, Any] = field(default_factory=dict)  # the program version the session guides
    started_at: datetime | None = None

    def moment(self, at: float) -> datetime | None:
        """When an event at ``at`` seconds from the start happened."""
        return None if self.started_at is None else self.started_at + timedelta(seconds=at)


class SessionService:
    """One user's guided sessions over the store; each call is one unit of work with one commit."""

    def __init__(self, store: Store, user_id: int) -> None:
        self._store = store
        self._user_id = user_id

    def start(self, program_id: int, now: datetime | None = None, reuse_unstarted: bool = False) -> RecordedSession:
        """A new session of one of this person's programs; refused (SafetyStop) while a safety stop holds.
        With ``reuse_unstarted``, a session of the same program version that was made but never got an event
        (the terminal was closed or killed in between) is taken up again instead of leaving it behind."""
        with self._store.unit_of_work() as uow:
            CareService(self._store, self._user_id).require_clear(uow)
            program = uow.programs.get_for_user(program_id, self._user_id)
            version = uow.programs.current(program.id)
            latest = uow.sessions.latest_active(self._user_id) if reuse_unstarted else None
            if (latest is not None and latest.program_id == program.id and latest.program_version == version.version
                    and latest.last_seq == 0):
                session = latest
            else:
                session = uow.sessions.create(self._user_id, program.id, version.version, now)
                uow.commit()
            return RecordedSession(session.id, program.id, session_from_plan(version.plan), 0, 0.0,
                                   plan=version.plan, started_at=session.created_at)

    def load(self, session_id: int) -> RecordedSession:
        with self._store.unit_of_work() as uow:
            session = uow.sessions.get_for_user(session_id, self._user_id)
            plan = uow.programs.version(session.program_id, session.program_version).plan
            current = current_state(uow, session, LazyPlan(uow, session, plan))
        return RecordedSession(session_id, session.program_id, current.state, session.last_seq, current.last_at,
                               plan=plan, started_at=session.created_at)

    def resumable(self) -> RecordedSession | None:
        """The latest session that was running when it was interrupted, if any."""
        with self._store.unit_of_work() as uow:
            active = uow.sessions.latest_active(self._user_id)
        if active is None:
            return None
        recorded = self.load(active.id)
        return recorded if recorded.state.status == "running" else None

    def abandon(self, recorded: RecordedSession) -> None:
        """Close an interrupted session the person chose not to resume (recorded as stopped by them)."""
        self.record(recorded, {"at": recorded.last_at, "type": "stop"})

    def record(self, recorded: RecordedSession, event: dict[str, Any], key: str | None = None
               ) -> list[dict[str, Any]]:
        """Apply one event; store it (and what it caused) before returning the effects to show."""
        event = check_event(event)
        check_time(float(event["at"]), recorded.last_at, recorded.state)
        event = screened(event, recorded.plan)
        state, effects = step(recorded.state, event, float(event["at"]))
        shown = [effect.to_dict() for effect in effects]
        if shown or event["type"] not in SILENT_EVENTS or "triage" in event:
            self._store_event(recorded, event, shown, key, state)
        recorded.state = state
        recorded.last_at = float(event["at"])
        return shown

    def _store_event(self, recorded: RecordedSession, event: dict[str, Any], shown: list[dict[str, Any]],
                     key: str | None, state: SessionState) -> None:
        moment = recorded.moment(float(event["at"]))
        with self._store.unit_of_work() as uow:
            session = uow.sessions.lock_for_user(recorded.session_id, self._user_id)
            stored_key = key or f"local-{session.last_seq + 1}"
            ended = _store_event(uow, self._store, session, Applied(event, shown, state), key=stored_key,
                                 digest=request_hash(event), moment=moment)
            uow.commit()
        recorded.stored_events += 1
        if ended:
            recorded.review = ProgramService(self._store, self._user_id).review(moment)


@dataclass(frozen=True)
class Applied:
    """An event as stored (screened), the effects it caused and the engine state after it."""

    event: dict[str, Any]
    shown: list[dict[str, Any]]
    state: SessionState


def _store_event(uow: UnitOfWork, store: Store, session: TrainingSession, applied: Applied, *, key: str,
                 digest: str, moment: datetime | None) -> bool:
    """The one write of an event, for both paths: append it to the locked session's log, renew the snapshot
    beside it, hold exercise when a warning sign calls for it, mark the session ended. True when it ended."""
    seq = uow.events.append_locked(session, key, applied.event, applied.shown, digest)
    uow.events.save_snapshot(session.id, seq, float(applied.event["at"]), snapshot_of(applied.state))
    _hold_if_warned(uow, store, session.user_id, applied.event, moment)
    return _finish_if_ended(uow, session.id, applied.state)


def _hold_if_warned(uow: UnitOfWork, store: Store, user_id: int, event: dict[str, Any],
                    now: datetime | None) -> None:
    """A warning sign screened above self-care during a session stops exercise until cleared."""
    triage = event.get("triage")
    if triage:
        CareService(store, user_id).hold(uow, "session", triage, now)


def _finish_if_ended(uow: UnitOfWork, session_id: int, state: SessionState) -> bool:
    """Mark the stored session stopped or completed the first time its engine state ends there."""
    return state.status in ("stopped", "completed") and uow.sessions.finish(session_id, state.status)


class KeyedEvents:
    """Session events sent over HTTP: each with an Idempotency-Key, applied once, answered the same again."""

    def __init__(self, store: Store, user_id: int) -> None:
        self._store = store
        self._user_id = user_id

    def record(self, session_id: int, event: object, key: str) -> list[dict[str, Any]]:
        """Apply and store an event once; the same key and event again answers the stored effects, the same key
        with another event is a Conflict. One unit of work, with the session locked throughout."""
        checked = check_event(event)
        digest = request_hash(checked)
        with self._store.unit_of_work() as uow:
            session = uow.sessions.lock_for_user(session_id, self._user_id)
            existing = uow.events.by_key(session_id, key)
            if existing is not None:
                if existing.request_hash != digest:
                    raise Conflict("this Idempotency-Key was already used for a different event")
                return list(existing.effects)
            plan = LazyPlan(uow, session)
            current = current_state(uow, session, plan)
            check_time(float(checked["at"]), current.last_at, current.state)
            event = screened(checked, plan.document) if "red_flags" in checked else checked
            state, effects = step(current.state, event, float(checked["at"]))
            shown = [effect.to_dict() for effect in effects]
            moment = session.created_at + timedelta(seconds=float(checked["at"]))
            ended = _store_event(uow, self._store, session, Applied(event, shown, state), key=key,
                                 digest=digest, moment=moment)
            uow.commit()
        if ended:
            ProgramService(self._store, self._user_id).review(moment)
        return shown

    def document(self, session_id: int) -> dict[str, Any]:
        """The session as the API shows it: status, every stored event, where it is now, the summary."""
        with self._store.unit_of_work() as uow:
            session = uow.sessions.get_for_user(session_id, self._user_id)
            rows = list(uow.events.list(session_id))
            state = current_state(uow, session, LazyPlan(uow, session), rows).state
        return {"id": session.id, "program_id": session.program_id, "program_version": session.program_version,
                "status": session.status, "created_at": session.created_at.isoformat(),
                "events": [{"seq": row.seq, **row.body} for row in rows], "now": view(state),
                "summary": summary(state)}

"""The one use case of a session event, for the terminal and for HTTP alike: check the event, take the
session's state from its snapshot, step the engine, store the event and its effects with the new snapshot in
one unit of work, and answer the effects. A tick that causes nothing is answered without a write."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from backcoach.db.session_log import SessionHead
from backcoach.db.uow import UnitOfWork
from backcoach.domain.session import step
from backcoach.domain.session_model import Effect, SessionState
from backcoach.errors import Conflict
from backcoach.services.care import CareService
from backcoach.services.plan_bounds import check_time
from backcoach.services.programs import ProgramService
from backcoach.services.session_replay import check_event, screened
from backcoach.services.session_state import CurrentState, LazyPlan, current_state, snapshot_of
from backcoach.services.store import Store

SILENT_EVENTS = ("tick",)  # stored only when they cause something


def request_hash(event: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(event, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@dataclass(frozen=True)
class Outcome:
    """What one event did: the effects to show, the engine state after it and whether it was stored."""

    shown: list[dict[str, Any]]
    state: SessionState
    last_at: float  # the event's time (a repeated event: the latest stored one's)
    stored: bool = False
    repeated: bool = False  # the same Idempotency-Key and event again: the stored effects, nothing applied
    review: dict[str, Any] | None = None  # the program review made when this event ended the session


@dataclass(frozen=True)
class _Request:
    event: dict[str, Any]
    key: str | None
    digest: str

    @property
    def at(self) -> float:
        return float(self.event["at"])


class SessionEvents:
    """One person's session events. Over HTTP each carries an Idempotency-Key (applied once, answered the same
    again; the same key with another event is a Conflict); the terminal's are keyed by their place in the log."""

    def __init__(self, store: Store, user_id: int) -> None:
        self._store = store
        self._user_id = user_id

    def record(self, session_id: int, event: object, key: str | None = None) -> list[dict[str, Any]]:
        """Apply and store an event once; answers the effects it caused."""
        return self.apply(session_id, event, key).shown

    def apply(self, session_id: int, event: object, key: str | None = None) -> Outcome:
        checked = check_event(event)
        request = _Request(checked, key, request_hash(checked))
        if checked["type"] in SILENT_EVENTS:
            quiet = self._without_write(session_id, request)
            if quiet is not None:
                return quiet
        outcome, ended_at = self._write(session_id, request)
        if ended_at is None:
            return outcome
        return replace(outcome, review=ProgramService(self._store, self._user_id).review(ended_at))

    def _without_write(self, session_id: int, request: _Request) -> Outcome | None:
        """A tick answered from the snapshot when it causes nothing (None: it must be stored after all)."""
        with self._store.reading() as uow:
            session = uow.session_log.head(session_id, self._user_id)
            repeated = _repeated(uow, session, request)
            if repeated is not None:
                return repeated
            _, state, effects = _advance(uow, session, request)
        return None if effects else Outcome([], state, request.at)

    def _write(self, session_id: int, request: _Request) -> tuple[Outcome, datetime | None]:
        """Store the event; with it, when it ended the session (the first time), the moment it did."""
        with self._store.unit_of_work() as uow:
            session = uow.session_log.head(session_id, self._user_id, lock=True)
            repeated = _repeated(uow, session, request)
            if repeated is not None:
                return repeated, None
            event, state, effects = _advance(uow, session, request)
            shown = [effect.to_dict() for effect in effects]
            moment = session.created_at + timedelta(seconds=request.at)
            key = request.key or f"local-{session.last_seq + 1}"
            uow.session_log.append(session, key, request_hash=request.digest, event=event, effects=shown,
                                   state=snapshot_of(state))
            _hold_if_warned(uow, self._store, session.user_id, event, moment)
            ended = state.status in ("stopped", "completed") and uow.sessions.finish(session.id, state.status)
            uow.commit()
        return Outcome(shown, state, request.at, stored=True), moment if ended else None


def _advance(uow: UnitOfWork, session: SessionHead, request: _Request
             ) -> tuple[dict[str, Any], SessionState, list[Effect]]:
    """The event as it will be stored (its warning signs screened), the state after it and its effects."""
    plan = LazyPlan(uow, session)
    current = current_state(uow, session, plan)
    check_time(request.at, current.last_at, current.state)
    event = screened(request.event, plan.document) if "red_flags" in request.event else request.event
    state, effects = step(current.state, event, request.at)
    return event, state, effects


def _repeated(uow: UnitOfWork, session: SessionHead, request: _Request) -> Outcome | None:
    """The stored answer when this Idempotency-Key was used before (a Conflict if for another event)."""
    if request.key is None:
        return None
    existing = uow.session_log.answer(session.id, request.key)
    if existing is None:
        return None
    stored_hash, effects = existing
    if stored_hash != request.digest:
        raise Conflict("this Idempotency-Key was already used for a different event")
    current: CurrentState = current_state(uow, session, LazyPlan(uow, session))
    return Outcome(list(effects), current.state, current.last_at, repeated=True)


def _hold_if_warned(uow: UnitOfWork, store: Store, user_id: int, event: dict[str, Any], now: datetime) -> None:
    """A warning sign screened above self-care during a session stops exercise until cleared."""
    triage = event.get("triage")
    if triage:
        CareService(store, user_id).hold(uow, "session", triage, now)

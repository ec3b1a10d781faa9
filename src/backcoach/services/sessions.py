"""Use cases of guided sessions: start, resume, record events (through the one event use case in
session_events.py), and the session as a document."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from backcoach.db.models import SessionEvent
from backcoach.domain.session import summary, view
from backcoach.domain.session_model import SessionState
from backcoach.domain.session_script import script
from backcoach.services.care import CareService
from backcoach.services.session_events import SessionEvents
from backcoach.services.session_replay import screened, session_from_plan
from backcoach.services.session_state import LazyPlan, current_state, snapshot_of
from backcoach.services.store import Store

# The warning signs the session page asks about during a session (names of the intake's red-flag questions).
SESSION_WARNING_SIGNS = ("saddle_numbness", "bladder_or_bowel_change", "leg_weakness_getting_worse",
                         "numbness_both_legs", "chest_pain_or_breathlessness")


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
                ready = session_from_plan(version.plan)
            else:
                session = uow.sessions.create(self._user_id, program.id, version.version, now)
                ready = session_from_plan(version.plan)
                uow.session_log.begin(session.id, snapshot_of(ready))
                uow.commit()
            return RecordedSession(session.id, program.id, ready, 0, 0.0, plan=version.plan,
                                   started_at=session.created_at)

    def load(self, session_id: int) -> RecordedSession:
        with self._store.reading() as uow:
            session = uow.session_log.head(session_id, self._user_id)
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
        """Apply one event through the one event use case (stored before its effects are shown) and keep the
        session's state in ``recorded`` for the terminal to show."""
        outcome = SessionEvents(self._store, self._user_id).apply(recorded.session_id, event, key)
        recorded.state = outcome.state
        recorded.last_at = outcome.last_at
        recorded.stored_events += outcome.stored
        if outcome.review is not None:
            recorded.review = outcome.review
        return outcome.shown

    def overview(self, session_id: int) -> dict[str, Any]:
        """What a screen needs to open a session: its id, status and where it is now, from its snapshot (the
        same work however many events it has)."""
        with self._store.reading() as uow:
            session = uow.session_log.head(session_id, self._user_id)
            state = current_state(uow, session, LazyPlan(uow, session)).state
        return {"id": session.id, "status": session.status, "now": view(state)}

    def document(self, session_id: int, with_script: bool = True) -> dict[str, Any]:
        """The session as the API shows it: status, every stored event (with its Idempotency-Key), where it is
        now, the summary, the camera's form summary (None without the camera), and the engine's script from now
        on (what a screen plays while offline)."""
        with self._store.reading() as uow:
            session = uow.session_log.head(session_id, self._user_id)
            rows = list(uow.events.list(session_id))
            plan = LazyPlan(uow, session)
            state = current_state(uow, session, plan, rows).state
            going = with_script and state.status in ("ready", "running")
            warnings = _screened_warnings(state, plan) if going else None
            form = uow.sessions.get_for_user(session_id, self._user_id).form_summary
        return {"id": session.id, "program_id": session.program_id, "program_version": session.program_version,
                "status": session.status, "created_at": session.created_at.isoformat(),
                "events": [{"seq": row.seq, "idempotency_key": row.idempotency_key, **row.body} for row in rows],
                "now": view(state), "summary": summary(state), "form_summary": form, "stopped": _stop_of(rows),
                "script": script(state, warnings) if with_script else None}


def _screened_warnings(state: SessionState, plan: LazyPlan) -> dict[str, dict[str, Any]]:
    """A pain report of each warning sign the session page offers, screened with the intake's rules as the event
    would be: the script holds the engine's answer to each, for a page that has lost its connection."""
    return {name: screened({"type": "pain_report", "at": state.clock, "red_flags": {name: True}}, plan.document)
            for name in SESSION_WARNING_SIGNS}


def _stop_of(rows: list[SessionEvent]) -> dict[str, Any] | None:
    """The engine's `session_stopped` effect (its reason and advice), when the session was stopped."""
    for row in reversed(rows):
        for effect in row.effects:
            if effect.get("type") == "session_stopped":
                return dict(effect)
    return None

"""A session's engine state: read from its snapshot when that reflects the latest stored event, else rebuilt
from the event log (the log stays the truth) and the snapshot renewed by the next stored event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from backcoach.db.models import SessionEvent
from backcoach.db.session_log import SessionHead
from backcoach.db.uow import UnitOfWork
from backcoach.domain.session_model import SessionState
from backcoach.services.session_replay import rebuild

SNAPSHOT_VERSION = 1


class LazyPlan:
    """The program version a session guides, read from the store only when something needs it."""

    def __init__(self, uow: UnitOfWork, session: SessionHead, known: dict[str, Any] | None = None) -> None:
        self._uow = uow
        self._session = session
        if known is not None:
            self.__dict__["document"] = known

    @cached_property
    def document(self) -> dict[str, Any]:
        return self._uow.programs.version(self._session.program_id, self._session.program_version).plan


@dataclass(frozen=True)
class CurrentState:
    state: SessionState
    last_at: float  # the time of the latest stored event (0 before the first)


def current_state(uow: UnitOfWork, session: SessionHead, plan: LazyPlan,
                  rows: Sequence[SessionEvent] | None = None) -> CurrentState:
    """The engine state after the session's latest stored event: its snapshot when current, else a replay."""
    snapshot = session.snapshot
    if snapshot is not None and snapshot.seq == session.last_seq and snapshot.state.get("v") == SNAPSHOT_VERSION:
        return CurrentState(SessionState.from_dict(snapshot.state["state"]), snapshot.last_at)
    bodies = [row.body for row in rows] if rows is not None else list(uow.events.bodies(session.id))
    return CurrentState(rebuild(plan.document, bodies), float(bodies[-1]["at"]) if bodies else 0.0)


def snapshot_of(state: SessionState) -> dict[str, Any]:
    return {"v": SNAPSHOT_VERSION, "state": state.to_dict()}

"""The camera form check of a live session (the session page's WebSocket): each frame of landmarks is judged by
the form rules of the session's current exercise (domain/form), and when the verdict differs from the session's,
the ``form`` event (or a counted ``rep_done``) goes into the session through the one event use case
(session_events.py), each with its own Idempotency-Key: the hold pauses and the cue is said exactly as the session
engine decides. Only a form summary per exercise is kept with the session; no picture and no landmark is stored.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backcoach.domain.form import ExerciseForm, FormChecker, FormState, Frame, form_summary
from backcoach.domain.session_model import SessionState
from backcoach.errors import InvalidInput
from backcoach.knowledge.form_rules import load_form_rules
from backcoach.services.session_events import SessionEvents
from backcoach.services.session_state import LazyPlan, current_state
from backcoach.services.store import Store

REFRESH_SECONDS = 0.5  # the session's state is read again at most this often (the page's ticks move it on)
COUNTING_PHASES = ("hold", "reps")  # where the engine counts only while form is valid
MOST_SUMMARIES = 60  # form summaries kept with one session (a routine has at most 30 exercises)
NOT_CHECKED = "The camera doesn't check this exercise, so the timer counts it."
ENDED = "The session has ended."


@dataclass(frozen=True)
class SessionNow:
    """What the camera needs to know of the session: where it is and its latest event's time."""

    status: str
    phase: str
    paused: bool
    form_valid: bool
    exercise_id: str | None
    name: str | None
    last_at: float

    @classmethod
    def of(cls, state: SessionState, last_at: float) -> SessionNow:
        current = state.current if state.steps else None
        return cls(state.status, state.phase, state.paused, state.form_valid,
                   current.exercise_id if current else None, current.name if current else None, last_at)

    @property
    def counting(self) -> bool:
        return self.status == "running" and not self.paused and self.phase in COUNTING_PHASES


class SessionCamera:
    """One camera connection to one of this person's sessions (NotFound for anyone else's). Not thread-safe:
    one frame at a time."""

    def __init__(self, store: Store, user_id: int, session_id: int,
                 forms: dict[str, ExerciseForm] | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._user_id = user_id
        self._session_id = session_id
        self._events = SessionEvents(store, user_id)
        self._forms = load_form_rules() if forms is None else forms
        self._clock = clock
        self._prefix = f"camera-{uuid.uuid4().hex}-"
        self._sent = 0
        self.now = self._read()
        self._read_at = clock()
        self._form: ExerciseForm | None = None
        self._state: FormState | None = None
        self._first_t: float | None = None
        self._last_t: float | None = None
        self._exercise_id: str | None = None
        self._aspect = 4 / 3
        self._follow_exercise()

    def exercise(self) -> dict[str, Any]:
        """What the page shows about the exercise being checked: where to put the camera, or that it isn't."""
        form = self._form
        answer: dict[str, Any] = {"type": "exercise", "exercise_id": self._exercise_id, "name": self.now.name,
                                  "checked": form is not None}
        if form is None:
            answer["problem"] = ENDED if self.now.status not in ("ready", "running") else NOT_CHECKED
            return answer
        placement = form.placement
        answer["placement"] = {"view": placement.view, "height": placement.height, "distance": placement.distance,
                               "advice": placement.advice}
        answer["position"] = form.position.cue
        answer["counted_by"] = form.counting.by
        answer["reason"] = form.counting.reason or None
        return answer

    def frame(self, frame: Frame, at: float, aspect: float | None = None) -> dict[str, Any]:
        """Judge one frame (``at``: the page's session clock); the answer says how it was judged, what to change
        and the session effects the events it caused (and ``exercise`` when the exercise changed)."""
        if self._clock() - self._read_at >= REFRESH_SECONDS:
            self._refresh()
        changed = self._follow_exercise()
        if aspect is not None:
            self._aspect = aspect
        answer: dict[str, Any] = {"type": "form", "t": frame.t, "exercise_id": self._exercise_id}
        if changed:
            answer["exercise"] = self.exercise()
        if self._form is None or self._state is None:
            return {**answer, "status": "ended" if self.now.status not in ("ready", "running") else "not_checked",
                    "problem": self.exercise()["problem"], "effects": []}
        if self._last_t is not None and frame.t < self._last_t:
            raise InvalidInput("t", f"goes back in time ({frame.t} after {self._last_t})")
        self._first_t = frame.t if self._first_t is None else self._first_t
        self._last_t = frame.t
        self._state, result = FormChecker(self._form, self._aspect).step(self._state, frame)
        effects = self._forward(result.events, at)
        state = self._state
        return {**answer, "status": result.status, "problem": result.problem, "faults": list(result.faults),
                "cue": None if state.valid else state.cue, "notice": result.notice, "side": result.side,
                "in_end": result.in_end, "reps": state.reps, "counting": self.now.counting, "effects": effects}

    def close(self) -> None:
        """The camera is off: a fault it reported no longer holds the session (the timer carries on), and the
        summary of what it saw is kept."""
        self._refresh()
        if self.now.counting and not self.now.form_valid:
            self._apply({"type": "form", "valid": True}, self.now.last_at)
        self._keep_summary()

    def _forward(self, events: tuple[dict[str, Any], ...], at: float) -> list[dict[str, Any]]:
        """The events for the session: its form verdict when it differs from the checker's (only while the
        engine counts), and each repetition the camera counted (only in a phase of repetitions)."""
        assert self._state is not None
        now = self.now
        if not now.counting:
            return []
        wanted: list[dict[str, Any]] = []
        if self._state.valid != now.form_valid:
            wanted.append({"type": "form", "valid": True} if self._state.valid else
                          {"type": "form", "valid": False, "cue": self._state.cue or "Check your position."})
        if now.phase == "reps":
            wanted += [event for event in events if event["type"] == "rep_done"]
        shown: list[dict[str, Any]] = []
        for event in wanted:
            shown += self._apply(event, at)
        return shown

    def _apply(self, event: dict[str, Any], at: float) -> list[dict[str, Any]]:
        """Through the one event use case; an event stored meanwhile with a later time (the page's tick) moves
        this one to that time rather than refusing it."""
        for attempt in range(2):
            self._sent += 1
            moment = max(at, self.now.last_at)
            try:
                outcome = self._events.apply(self._session_id, {**event, "at": moment}, f"{self._prefix}{self._sent}")
            except InvalidInput:
                if attempt:
                    raise
                self._refresh()
                continue
            self.now = SessionNow.of(outcome.state, outcome.last_at)
            return outcome.shown
        return []  # pragma: no cover - the loop returns or raises

    def _refresh(self) -> None:
        self.now = self._read()
        self._read_at = self._clock()

    def _read(self) -> SessionNow:
        with self._store.reading() as uow:
            session = uow.session_log.head(self._session_id, self._user_id)
            current = current_state(uow, session, LazyPlan(uow, session))
        return SessionNow.of(current.state, current.last_at)

    def _follow_exercise(self) -> bool:
        """A checker for the session's current exercise (None once it has ended, or for one without rules);
        True when that changed. The last exercise's summary is kept."""
        going = self.now.status in ("ready", "running")
        exercise_id = self.now.exercise_id if going else None
        if exercise_id == self._exercise_id:
            return False
        self._keep_summary()
        self._exercise_id = exercise_id
        self._form = self._forms.get(exercise_id) if exercise_id else None
        self._state = FormChecker(self._form).start() if self._form else None
        self._first_t = self._last_t = None
        return True

    def _keep_summary(self) -> None:
        if self._form is None or self._state is None or self._state.frames == 0:
            return
        span = (self._last_t or 0.0) - (self._first_t or 0.0)
        fps = (self._state.frames - 1) / span if span > 0 else None
        summary = form_summary(self._form, self._state, fps)
        with self._store.unit_of_work() as uow:
            uow.sessions.add_form_summary(self._session_id, self._user_id, summary, MOST_SUMMARIES)
            uow.commit()
        self._state = FormChecker(self._form).start()
        self._first_t = self._last_t = None

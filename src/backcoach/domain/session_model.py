"""Data of a guided session: the steps to guide, the running state, the effects emitted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

from backcoach.domain.legs import LEG_ORDER
from backcoach.domain.plan_document import RoutineItemDoc
from backcoach.domain.units import is_held, rep_seconds

SessionStatus = Literal["ready", "running", "stopped", "completed"]
Phase = Literal["idle", "countdown", "hold", "reps", "rest", "switch", "ask_pain", "done"]
LogStatus = Literal["not_reached", "in_progress", "completed", "skipped", "stopped"]
StopReason = Literal["sharp_pain", "symptoms_spreading", "warning_sign", "user"]
EventType = Literal["start", "tick", "pause", "resume", "skip", "rep_done", "pain_report", "form", "stop",
                    "warning_sign"]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)

__all__ = ["EVENT_TYPES", "GET_READY_SECONDS", "LEG_ORDER", "Effect", "ExerciseLog", "SessionState", "StepSpec"]

GET_READY_SECONDS = 5
SWITCH_SECONDS = 3
REST_BETWEEN_HOLDS = 5
REST_BETWEEN_SETS = 15
POSITION_WORDS = {
    "prone": "Lie face down",
    "supine": "Lie on your back",
    "hooklying": "Lie on your back with your knees bent and feet flat",
    "side-lying": "Lie on your side",
    "seated": "Sit tall in a chair",
    "standing": "Stand up",
    "quadruped": "Get onto your hands and knees",
    "kneeling": "Kneel down",
}


@dataclass(frozen=True)
class StepSpec:
    """One exercise of the routine as the session guides it."""

    exercise_id: str
    name: str
    position: str
    reps: int
    sets: int = 1
    hold_seconds: int | None = None
    per_side: bool = False
    rest_seconds: int = 0
    cues: tuple[str, ...] = ("Move slowly and breathe.",)
    regresses_to: str | None = None
    regress_name: str | None = None

    @property
    def held(self) -> bool:
        return is_held(self.hold_seconds)

    @property
    def rep_seconds(self) -> float:
        return rep_seconds(self.hold_seconds)

    def efforts(self) -> list[tuple[int, int, str | None]]:
        """(set, rep, side) of each hold, or (set, 0, side) of each block of repetitions."""
        sides: tuple[str | None, ...] = ("left", "right") if self.per_side else (None,)
        if self.held:
            return [(s, r, side) for s in range(1, self.sets + 1) for r in range(1, self.reps + 1) for side in sides]
        return [(s, 0, side) for s in range(1, self.sets + 1) for side in sides]

    @classmethod
    def from_routine_item(cls, item: RoutineItemDoc, regress_name: str | None = None) -> StepSpec:
        dose = item.dosage
        return cls(
            exercise_id=item.exercise_id, name=item.name, position=item.position, reps=dose.reps, sets=dose.sets,
            hold_seconds=dose.hold_seconds, per_side=dose.per_side, rest_seconds=dose.rest_seconds,
            cues=item.cues or ("Move slowly and breathe.",), regresses_to=item.regresses_to, regress_name=regress_name,
        )


@dataclass(frozen=True)
class Effect:
    at: float
    type: str
    data: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"at": round(self.at, 3), "type": self.type, **self.data}


@dataclass
class ExerciseLog:
    exercise_id: str
    status: LogStatus = "not_reached"
    holds: dict[str, int] = field(default_factory=dict)
    hold_seconds: dict[str, float] = field(default_factory=dict)
    reps: dict[str, int] = field(default_factory=dict)
    pain_reports: list[dict[str, Any]] = field(default_factory=list)

    def count(self, side: str | None, held: bool, seconds: float = 0.0) -> None:
        key = side or "both"
        if held:
            self.holds[key] = self.holds.get(key, 0) + 1
            self.hold_seconds[key] = self.hold_seconds.get(key, 0.0) + seconds
        else:
            self.reps[key] = self.reps.get(key, 0) + 1

    def copy(self) -> ExerciseLog:
        """An independent copy (the reports too), sharing nothing mutable with this log."""
        return ExerciseLog(self.exercise_id, self.status, dict(self.holds), dict(self.hold_seconds), dict(self.reps),
                           [dict(report) for report in self.pain_reports])

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise_id": self.exercise_id,
            "status": self.status,
            "holds": dict(self.holds),
            "hold_seconds": {k: round(v, 3) for k, v in self.hold_seconds.items()},
            "reps": dict(self.reps),
            "pain_reports": list(self.pain_reports),
        }


@dataclass
class SessionState:
    steps: tuple[StepSpec, ...]
    logs: list[ExerciseLog]
    baseline_leg: str | None = None
    last_leg: str | None = None
    status: SessionStatus = "ready"
    phase: Phase = "idle"
    index: int = 0
    effort_index: int = 0
    reps_done: int = 0
    phase_elapsed: float = 0.0
    phase_length: float = 0.0
    cue_marks: list[float] = field(default_factory=list)
    clock: float = 0.0
    paused: bool = False
    form_valid: bool = True
    stop_reason: StopReason | None = None
    centralized: bool = False
    regressions: list[str] = field(default_factory=list)
    late_reports: list[dict[str, Any]] = field(default_factory=list)

    def copy(self) -> SessionState:
        """An independent copy: the frozen steps are shared, everything mutable is copied."""
        return replace(self, logs=[log.copy() for log in self.logs], cue_marks=list(self.cue_marks),
                       regressions=list(self.regressions), late_reports=[dict(r) for r in self.late_reports])

    def to_dict(self) -> dict[str, Any]:
        """The whole state as JSON data (a snapshot beside the event log); ``from_dict`` reads it back exactly."""
        data = {name: getattr(self, name) for name in _SCALARS}
        return {**data, "steps": [_step_dict(spec) for spec in self.steps],
                "logs": [_log_dict(log) for log in self.logs], "cue_marks": list(self.cue_marks),
                "regressions": list(self.regressions), "late_reports": [dict(r) for r in self.late_reports]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionState:
        steps = tuple(StepSpec(**{**spec, "cues": tuple(spec["cues"])}) for spec in data["steps"])
        logs = [ExerciseLog(log["exercise_id"], log["status"], dict(log["holds"]), dict(log["hold_seconds"]),
                            dict(log["reps"]), [dict(r) for r in log["pain_reports"]]) for log in data["logs"]]
        return cls(steps=steps, logs=logs, cue_marks=list(data["cue_marks"]), regressions=list(data["regressions"]),
                   late_reports=[dict(r) for r in data["late_reports"]], **{name: data[name] for name in _SCALARS})

    @property
    def current(self) -> StepSpec:
        return self.steps[min(self.index, len(self.steps) - 1)]

    @property
    def effort(self) -> tuple[int, int, str | None]:
        return self.current.efforts()[self.effort_index]

    @property
    def rep_seconds(self) -> float:
        return self.current.rep_seconds


_SCALARS = ("baseline_leg", "last_leg", "status", "phase", "index", "effort_index", "reps_done", "phase_elapsed",
            "phase_length", "clock", "paused", "form_valid", "stop_reason", "centralized")


def _step_dict(spec: StepSpec) -> dict[str, Any]:
    return {name: getattr(spec, name) for name in spec.__dataclass_fields__} | {"cues": list(spec.cues)}


def _log_dict(log: ExerciseLog) -> dict[str, Any]:
    return {"exercise_id": log.exercise_id, "status": log.status, "holds": dict(log.holds),
            "hold_seconds": dict(log.hold_seconds), "reps": dict(log.reps),
            "pain_reports": [dict(r) for r in log.pain_reports]}

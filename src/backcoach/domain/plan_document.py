"""The plan as one typed document: what `backcoach plan --json` prints (plan.schema.json), what a program
stores, and what sessions, progression and videos read back. One `to_dict` and one `from_dict`.

The triage, pattern, routine, exclusions and stopped directions are typed; the guidance that is only shown
(pathway, lessons, flare-up plan) and the answers the plan was built from stay JSON mappings. `from_dict`
reads every plan the contract allows, including a minimal one whose routine items give only an exercise id,
direction, dosage and why: the rest comes from the exercise library.
"""

# No `from __future__ import annotations` here: typing.NamedTuple would compile each field's annotation
# string when the module is imported, doubling what it costs every command-line start.

from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple, cast

from backcoach.domain.dosing import describe, estimate_seconds
from backcoach.domain.models import Bias, Dosage, Exercise, Level
from backcoach.domain.wording import how_to

ExclusionKind = Literal["triage", "safety", "position", "time", "later", "not_needed"]
SCHEMA_VERSION = 1
HOW_TO = ("summary", "steps", "cues", "mistakes", "should_feel", "should_not_feel", "stop_if")
Json = dict[str, Any]


class Reason(NamedTuple):
    code: str
    message: str
    level: str
    suspected: str = ""
    sources: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()  # the person's own answers that led here, in plain words

    def to_dict(self) -> Json:
        return {"code": self.code, "message": self.message, "level": self.level, "suspected": self.suspected,
                "sources": list(self.sources), "evidence": list(self.evidence)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Reason":
        return cls(str(data["code"]), str(data["message"]), str(data.get("level", "")), str(data.get("suspected", "")),
                   tuple(data.get("sources", ())), tuple(data.get("evidence", ())))


class TriageDoc(NamedTuple):
    level: Level
    headline: str
    reasons: tuple[Reason, ...]
    unanswered: tuple[tuple[str, str], ...] = ()  # (question id, the question in plain words)

    def to_dict(self) -> Json:
        return {"level": self.level, "headline": self.headline, "reasons": [r.to_dict() for r in self.reasons],
                "unanswered": [{"id": qid, "question": text} for qid, text in self.unanswered]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "TriageDoc":
        return cls(cast(Level, data["level"]), str(data.get("headline", "")),
                   tuple(Reason.from_dict(r) for r in data["reasons"]),
                   tuple((str(q["id"]), str(q["question"])) for q in data.get("unanswered", ())))


class ProfileDoc(NamedTuple):
    bias: Bias
    tags: tuple[str, ...]
    explanation: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def to_dict(self) -> Json:
        return {"bias": self.bias, "tags": list(self.tags), "explanation": list(self.explanation),
                "places": list(self.places)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ProfileDoc":
        return cls(cast(Bias, data["bias"]), tuple(data["tags"]), tuple(data.get("explanation", ())),
                   tuple(data.get("places", ())))


class RoutineItemDoc(NamedTuple):
    """One exercise of the routine at its dose, with everything a person and a session guide need."""

    exercise_id: str
    name: str
    direction: str
    position: str
    dosage: Dosage
    why: str
    places: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    dose_text: str = ""
    how: Mapping[str, Any] = {}  # summary, steps, cues, mistakes, what it should and should not feel like
    progresses_to: str | None = None
    regresses_to: str | None = None
    estimated_seconds: int = 0
    sources: tuple[str, ...] = ()

    @classmethod
    def of(cls, exercise: Exercise, dosage: Dosage, why: str, places: Sequence[str] = (),
           seconds: int | None = None) -> "RoutineItemDoc":
        """The item for a library exercise at this dose, worded for where the person exercises."""
        return cls(exercise.id, exercise.name, exercise.direction, exercise.position, dosage, why,
                   tuple(sorted(exercise.places)), exercise.equipment, describe(dosage, exercise.dose_verb),
                   how_to(exercise, places), exercise.progresses_to, exercise.regresses_to,
                   estimate_seconds(dosage) if seconds is None else seconds, exercise.sources)

    @property
    def cues(self) -> tuple[str, ...]:
        return tuple(self.how.get("cues", ()))

    def to_dict(self) -> Json:
        return {"exercise_id": self.exercise_id, "name": self.name, "direction": self.direction,
                "position": self.position, "places": list(self.places), "equipment": list(self.equipment),
                "dosage": self.dosage.to_dict(), "dose_text": self.dose_text, "why": self.why,
                **{key: _copy(self.how[key]) for key in HOW_TO if key in self.how},
                "progresses_to": self.progresses_to, "regresses_to": self.regresses_to,
                "estimated_seconds": self.estimated_seconds, "sources": list(self.sources)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], exercises: Mapping[str, Exercise]) -> "RoutineItemDoc":
        """An item as stored; what a minimal item leaves out comes from the exercise library."""
        dosage = Dosage.from_dict(data["dosage"])
        exercise = exercises.get(str(data["exercise_id"]))
        known = cls.of(exercise, dosage, str(data["why"])) if exercise is not None else None
        how = {key: data[key] for key in HOW_TO if key in data} or (known.how if known else {})

        def pick(key: str, fallback: Any) -> Any:
            return data[key] if key in data else (getattr(known, key) if known else fallback)

        return cls(str(data["exercise_id"]), str(pick("name", data["exercise_id"])), str(data["direction"]),
                   str(pick("position", "")), dosage, str(data["why"]), tuple(pick("places", ())),
                   tuple(pick("equipment", ())), str(pick("dose_text", "")), how, pick("progresses_to", None),
                   pick("regresses_to", None), int(pick("estimated_seconds", 0)), tuple(pick("sources", ())))


class Excluded(NamedTuple):
    exercise_id: str
    reason: str
    kind: ExclusionKind = "not_needed"
    name: str = ""

    def to_dict(self) -> Json:
        return {"exercise_id": self.exercise_id, "name": self.name, "kind": self.kind, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Excluded":
        return cls(str(data["exercise_id"]), str(data["reason"]), cast(ExclusionKind, data.get("kind", "not_needed")),
                   str(data.get("name", "")))


class StoppedDirection(NamedTuple):
    direction: str
    since: str
    reason: str

    def to_dict(self) -> Json:
        return {"direction": self.direction, "since": self.since, "reason": self.reason}


class PlanDocument(NamedTuple):
    triage: TriageDoc
    profile: ProfileDoc
    routine: tuple[RoutineItemDoc, ...]
    excluded: tuple[Excluded, ...]
    safety: tuple[str, ...]
    program: Mapping[str, str] | None = None  # id, name, why
    minutes_available: int | None = None
    baseline: Mapping[str, Any] = {}
    pathway: Mapping[str, Any] | None = None
    education: tuple[Mapping[str, Any], ...] = ()
    flare_up: Mapping[str, Any] | None = None
    stopped_directions: tuple[StoppedDirection, ...] = ()
    intake: Mapping[str, Any] | None = None  # the answers the plan was built from
    progressed_on: str | None = None  # the day the program last stepped forward

    @property
    def estimated_minutes(self) -> float:
        return round(sum(item.estimated_seconds for item in self.routine) / 60, 1)

    @property
    def rest_positions(self) -> tuple[str, ...]:
        return tuple(p["exercise_id"] for p in (self.flare_up or {}).get("positions_of_ease", ()))

    def to_dict(self) -> Json:
        data: Json = {
            "schema_version": SCHEMA_VERSION, "triage": self.triage.to_dict(), "profile": self.profile.to_dict(),
            "program": None if self.program is None else dict(self.program),
            "routine": [item.to_dict() for item in self.routine],
            "excluded": [entry.to_dict() for entry in self.excluded], "safety": list(self.safety),
            "minutes_available": self.minutes_available, "baseline": dict(self.baseline),
            "estimated_minutes": self.estimated_minutes, "pathway": _copy(self.pathway),
            "education": [_copy(lesson) for lesson in self.education], "flare_up": _copy(self.flare_up),
            "stopped_directions": [d.to_dict() for d in self.stopped_directions], "intake": _copy(self.intake),
        }
        if self.progressed_on is not None:
            data["progressed_on"] = self.progressed_on
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], exercises: Mapping[str, Exercise]) -> "PlanDocument":
        """A plan valid against plan.schema.json (checked by the caller), written by any version."""
        return cls(
            triage=TriageDoc.from_dict(data["triage"]), profile=ProfileDoc.from_dict(data["profile"]),
            routine=tuple(RoutineItemDoc.from_dict(item, exercises) for item in data["routine"]),
            excluded=tuple(Excluded.from_dict(entry) for entry in data["excluded"]), safety=tuple(data["safety"]),
            program=data.get("program"), minutes_available=data.get("minutes_available"),
            baseline=data.get("baseline") or {}, pathway=data.get("pathway"),
            education=tuple(data.get("education") or ()), flare_up=data.get("flare_up"),
            stopped_directions=tuple(StoppedDirection(str(d["direction"]), str(d.get("since", "")),
                                                      str(d.get("reason", "")))
                                     for d in data.get("stopped_directions") or ()),
            intake=data.get("intake"), progressed_on=data.get("progressed_on"),
        )


def _copy(value: Any) -> Any:
    """A JSON-ready copy: mappings become dicts and sequences lists, all the way down."""
    if value is None or isinstance(value, (str, int, float)):  # the common leaves, before the slower ABC check
        return value
    if isinstance(value, Mapping):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copy(item) for item in value]
    return value

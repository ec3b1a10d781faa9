"""Value objects shared by screening and planning, built by the knowledge loader."""

# No `from __future__ import annotations` here: typing.NamedTuple would compile each field's annotation
# string when the module is imported, doubling what it costs every command-line start.

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

Condition = Mapping[str, Any]
Level = Literal["emergency", "urgent_referral", "see_clinician_before_exercise", "self_care_ok"]
Bias = Literal["extension", "flexion", "neutral", "mixed", "none"]

TRIAGE_ORDER = ("self_care_ok", "see_clinician_before_exercise", "urgent_referral", "emergency")


def triage_rank(level: str) -> int:
    return TRIAGE_ORDER.index(level)


class Dosage(NamedTuple):
    reps: int
    hold_seconds: int | None = None
    sets: int = 1
    per_side: bool = False
    rest_seconds: int = 0
    times_per_day: int = 1

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Dosage":
        """A dosage as plans store it (what it leaves out takes the defaults)."""
        hold = data.get("hold_seconds")
        return cls(reps=int(data.get("reps", 1)), hold_seconds=None if hold is None else int(hold),
                   sets=int(data.get("sets", 1)), per_side=bool(data.get("per_side", False)),
                   rest_seconds=int(data.get("rest_seconds", 0)), times_per_day=int(data.get("times_per_day", 1)))

    def to_dict(self) -> dict[str, int | bool]:
        data: dict[str, int | bool] = {"reps": self.reps, "sets": self.sets, "per_side": self.per_side}
        if self.hold_seconds is not None:
            data["hold_seconds"] = self.hold_seconds
        data["rest_seconds"] = self.rest_seconds
        data["times_per_day"] = self.times_per_day
        return data


class Contraindication(NamedTuple):
    reason: str
    tag: str | None = None
    diagnosis: str | None = None
    instead: str | None = None  # an exercise offered in its place


class Exercise(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    position: str
    places: frozenset[str]
    equipment: tuple[str, ...]
    direction: str
    region: str
    level: int
    features: frozenset[str]
    summary: str
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    should_feel: str
    should_not_feel: str
    stop_if: tuple[str, ...]
    contraindications: tuple[Contraindication, ...]
    default_dosage: Dosage
    sources: tuple[str, ...]
    dosage_source: str | None = None
    progresses_to: str | None = None
    regresses_to: str | None = None
    dosage_as_given: Mapping[str, int | bool] = {}
    also_moves: frozenset[str] = frozenset()  # secondary directions (cat-cow arches and rounds)
    dose_verb: str = "Hold"
    max_hold_seconds: int | None = None
    progress_dose_first: bool = False  # more hold and repetitions before the next exercise (bridging)

    def moves(self, direction: str) -> bool:
        """Whether the exercise takes the spine in this direction, as its main or a secondary one."""
        return self.direction == direction or direction in self.also_moves


class ProgramItem(NamedTuple):
    exercise_id: str
    why: str
    required: bool = False
    times_per_day: int | None = None  # directional exercises repeated through the day (§3)


class Program(NamedTuple):
    id: str
    name: str
    covers: str
    why: str
    items: tuple[ProgramItem, ...]
    sources: tuple[str, ...]
    must_be_doable_in: str | None = None
    must_not_direction: str | None = None


class RedFlagRule(NamedTuple):
    code: str
    suspected: str
    level: Level
    when: Condition
    message: str  # may quote the person's own answers with {evidence}
    sources: tuple[str, ...]


class WarningQuestion(NamedTuple):
    """A warning-sign question a complete intake answers; unanswered is unknown, never "no"."""

    id: str  # the dotted intake field, e.g. red_flags.osteoporosis
    short: str  # the question in a few plain words
    answered_by: tuple[str, ...]  # fields any of which answers it (itself first, then version-1 ones)
    since_version: int = 1
    until_version: int | None = None
    at_checkin: bool = False  # can newly appear: asked again at every check-in

    def asked_in(self, version: int) -> bool:
        return self.since_version <= version and (self.until_version is None or version <= self.until_version)


class SafetyNote(NamedTuple):
    text: str
    levels: frozenset[str]  # the triage levels at which it is shown
    about_exercise: bool = False  # shown only when the plan has exercises to do


class TagRule(NamedTuple):
    tag: str
    when: Condition
    explanation: str  # may quote the person's own answers with {evidence}
    sources: tuple[str, ...]
    avoid_directions: tuple[str, ...] = ()
    avoid_features: tuple[str, ...] = ()
    avoid_reason: str = ""
    adds: tuple[ProgramItem, ...] = ()
    safety: str = ""


class Knowledge(NamedTuple):
    """Everything the domain needs, loaded and validated from the knowledge files."""

    exercises: Mapping[str, Exercise]
    programs: Mapping[str, Program]
    red_flag_rules: tuple[RedFlagRule, ...]
    tag_rules: tuple[TagRule, ...]
    facts: Mapping[str, Condition]
    level_headlines: Mapping[str, str]
    general_safety: tuple[SafetyNote, ...]
    sources: Mapping[str, str] = {}
    program_selection: tuple[Mapping[str, Any], ...] = ()
    warning_questions: tuple[WarningQuestion, ...] = ()
    unanswered_rule: RedFlagRule | None = None  # the reason given when warning signs are unanswered
    phrases: Mapping[str, str] = {}  # "field" or "field=value" -> how an answer is quoted back
    bias_rules: Mapping[str, Any] = {}  # patterns.yaml `bias`: direction signs, what each bias avoids
    pathways: Mapping[str, Any] = {}  # programs.yaml `pathways`: STarT Back risk -> how the plan changes
    education: tuple[Mapping[str, Any], ...] = ()
    flare_up: Mapping[str, Any] = {}

    def phrase(self, field: str, value: Any) -> str:
        """The person's answer in plain words, e.g. ("worse_with", "sitting") -> "worse with sitting"."""
        key = f"{field}={str(value).lower() if isinstance(value, bool) else value}"
        if key in self.phrases:
            return self.phrases[key]
        template = self.phrases.get(field, "{label}")
        label = self.phrases.get(f"{key}#label", str(value).replace("_", " "))
        return template.format(label=label.lower(), value=value)

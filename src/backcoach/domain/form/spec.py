"""The form rules of one exercise as domain values (read from knowledge/data/form_rules.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from backcoach.domain.form.one_euro import OneEuroParams

View = Literal["side", "front"]
MeasureKind = Literal["angle", "incline", "lean", "height", "gap", "spread", "tilt", "cross"]
SideChoice = Literal["near", "far", "left", "right", "mid", "min", "max"]
Scale = Literal["torso", "shoulders", "hips"]
Phase = Literal["always", "end", "held", "start"]
CountBy = Literal["reps", "hold", "time"]


@dataclass(frozen=True)
class Measure:
    """What is measured on a frame.

    ``angle``: the angle at the middle of three points (degrees, 0..180). ``incline``: the line from the first
    point to the second against the horizontal (degrees, up is positive, whichever way the body faces).
    ``lean``: that line against the vertical, positive toward where the person faces (side view) or toward the
    person's left (front view). ``height``: how far the first point is above the second, in ``scale`` units.
    ``gap``: the distance between two points. ``spread``: the distance between the left and right point of one
    pair. ``tilt``: the line between the left and right point of one pair against the horizontal. ``cross``: how
    far a leg's first point (the knee) has crossed from its own side's second point (hip) toward the other side,
    the larger of the two legs, in ``scale`` units.

    Paired points are named without their side (``knee``); ``side`` picks which: ``near`` (the side facing the
    camera), ``far``, ``left``, ``right``, ``mid`` (the middle of both), or ``min``/``max`` (measured on both
    sides, the smaller or larger result).
    """

    kind: MeasureKind
    points: tuple[str, ...]
    side: SideChoice = "near"
    scale: Scale = "torso"
    absolute: bool = False


@dataclass(frozen=True)
class Threshold:
    """Hysteresis: ``active`` once the value goes ``above`` (or ``below``) ``at``; inactive again only once it
    comes back past ``clear``, so a value jittering around ``at`` does not flicker."""

    when: Literal["above", "below"]
    at: float
    clear: float

    def next_state(self, active: bool, value: float) -> bool:
        if self.when == "above":
            return value > self.clear if active else value > self.at
        return value < self.clear if active else value < self.at


@dataclass(frozen=True)
class Check:
    """One condition of the position check: the measure lies within [low, high]."""

    measure: Measure
    low: float | None = None
    high: float | None = None

    def holds(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


@dataclass(frozen=True)
class Position:
    name: str
    cue: str
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    measure: Measure
    fault: Threshold
    cue: str
    when: Phase = "always"
    explains: str = ""
    debounce_seconds: float | None = None


@dataclass(frozen=True)
class Motion:
    """The end position of the movement (top of a press-up, knees fallen to one side): where reps turn and holds
    count. Without one, being in position is the hold. A rule ``when: held`` applies only in the end position
    held still (the measure moving slower than ``still_below``), not while passing through it."""

    name: str
    measure: Measure
    enter: Threshold
    still_below: float | None = None  # the measure's speed (units a second) under which the end position is held


@dataclass(frozen=True)
class Counting:
    by: CountBy
    min_seconds: float = 0.3
    reason: str = ""


@dataclass(frozen=True)
class Placement:
    view: View
    height: str
    distance: str
    advice: str
    turn_cue: str


@dataclass(frozen=True)
class Needs:
    points: tuple[str, ...]
    sides: Literal["near", "both"] = "near"


@dataclass(frozen=True)
class Defaults:
    visibility: float = 0.5
    debounce_seconds: float = 0.3
    position_seconds: float = 1.0
    camera_seconds: float = 0.5
    max_gap_seconds: float = 0.5
    min_points_seen: int = 12
    side_view_below: float = 0.35
    front_view_above: float = 0.5
    filter: OneEuroParams = field(default_factory=OneEuroParams)


@dataclass(frozen=True)
class ExerciseForm:
    exercise_id: str
    placement: Placement
    needs: Needs
    position: Position
    rules: tuple[Rule, ...]
    counting: Counting
    motion: Motion | None = None
    defaults: Defaults = field(default_factory=Defaults)
    sources: tuple[str, ...] = ()

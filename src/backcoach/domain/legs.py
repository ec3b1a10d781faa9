"""Leg symptoms over time, the signal the fact sheet reads at every check-in and session (§4): how far
down the leg they reach, compared with the report before; spreading further down, or moving back up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LEG_ORDER = ("none", "buttock", "above_knee", "below_knee", "foot")
NEURO_KINDS = frozenset({"numbness", "weakness"})


@dataclass(frozen=True)
class LegReport:
    """Where leg symptoms reached at one moment (the intake, a check-in, or a report during a session)."""

    day: int
    level: str | None
    kinds: frozenset[str] = frozenset()
    direction: str | None = None  # the direction of the exercise being done, for a report in a session
    source: str = "checkin"


@dataclass(frozen=True)
class LegSignal:
    day: int
    kind: str  # spreading, centralizing or same
    level: str
    direction: str | None
    new_neuro: bool  # numbness or weakness that had not been reported before


def further_down(level: object, reference: object) -> bool:
    both = level in LEG_ORDER and reference in LEG_ORDER
    return both and LEG_ORDER.index(str(level)) > LEG_ORDER.index(str(reference))


def further_up(level: object, reference: object) -> bool:
    both = level in LEG_ORDER and reference in LEG_ORDER
    return both and LEG_ORDER.index(str(level)) < LEG_ORDER.index(str(reference))


def leg_signals(reports: Sequence[LegReport]) -> list[LegSignal]:
    """Each report compared with the last known level before it (an unanswered level changes nothing)."""
    signals: list[LegSignal] = []
    known: str | None = None
    kinds: set[str] = set()
    for report in reports:
        new_neuro = bool((report.kinds & NEURO_KINDS) - kinds)
        kinds |= report.kinds
        if report.level not in LEG_ORDER:
            continue
        if known is not None:
            kind = ("spreading" if further_down(report.level, known) or (new_neuro and report.level != "none")
                    else "centralizing" if further_up(report.level, known) else "same")
            signals.append(LegSignal(report.day, kind, str(report.level), report.direction, new_neuro))
        known = report.level
    return signals

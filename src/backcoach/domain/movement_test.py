"""The guided repeated-movement test, scored: where the symptoms were before and after 10 repetitions
of one direction (clinical_facts.md §2, §4). Pure: the terminal or the web asks, this decides."""

from __future__ import annotations

from dataclasses import dataclass

from backcoach.domain.legs import LEG_ORDER, further_down, further_up

RESPONSES = ("centralized", "peripheralized", "no_change", "worse_in_back_only", "better_in_back_only")


@dataclass(frozen=True)
class Symptoms:
    leg: str  # how far down a leg symptoms reach (LEG_ORDER)
    back_pain: int | None = None  # 0-10

    def __post_init__(self) -> None:
        if self.leg not in LEG_ORDER:
            raise ValueError(f"leg must be one of {', '.join(LEG_ORDER)}")
        if self.back_pain is not None and not 0 <= self.back_pain <= 10:
            raise ValueError("back pain is 0 to 10")


def classify(before: Symptoms, after: Symptoms, *, stopped_spreading: bool = False, back_points: int = 2) -> str:
    """Centralized when leg symptoms moved up toward the back (or went), peripheralized when they spread
    further down (or the test was stopped because they were spreading); otherwise what the back did."""
    if stopped_spreading or further_down(after.leg, before.leg):
        return "peripheralized"
    if further_up(after.leg, before.leg):
        return "centralized"
    if before.back_pain is not None and after.back_pain is not None:
        change = after.back_pain - before.back_pain
        if change >= back_points:
            return "worse_in_back_only"
        if change <= -back_points:
            return "better_in_back_only"
    return "no_change"

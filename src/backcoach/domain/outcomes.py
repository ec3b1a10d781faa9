"""Outcome measures scored per the fact sheet (§5): NPRS, Oswestry Disability Index, PSFS.

Minimal clinically important differences (MCID): NPRS 2 points or 30 % of baseline; ODI 10 points;
PSFS 2 points (on the mean).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ODI_SECTIONS = 10
ODI_ITEM_MAX = 5
NPRS_MCID_POINTS = 2
NPRS_MCID_FRACTION = 0.30
ODI_MCID_POINTS = 10.0
PSFS_MCID_POINTS = 2.0
ODI_BANDS = ((20, "minimal"), (40, "moderate"), (60, "severe"), (80, "crippled"), (100, "bed-bound"))


def odi_percent(answers: Sequence[int | None]) -> float | None:
    """Sum / (5 x sections answered) x 100; a missing section lowers the denominator by 5."""
    if len(answers) != ODI_SECTIONS:
        raise ValueError(f"the Oswestry index has {ODI_SECTIONS} sections, got {len(answers)}")
    answered = [a for a in answers if a is not None]
    for value in answered:
        if not 0 <= value <= ODI_ITEM_MAX:
            raise ValueError(f"Oswestry sections are scored 0-5, got {value}")
    if not answered:
        return None
    return round(sum(answered) / (ODI_ITEM_MAX * len(answered)) * 100, 1)


def odi_band(percent: float) -> str:
    return next(label for limit, label in ODI_BANDS if percent <= limit)


def psfs_mean(ratings: Sequence[int]) -> float | None:
    """Mean of the activity ratings (0 unable .. 10 as before the problem)."""
    for value in ratings:
        if not 0 <= value <= 10:
            raise ValueError(f"PSFS ratings are 0-10, got {value}")
    return round(sum(ratings) / len(ratings), 2) if ratings else None


@dataclass(frozen=True)
class Change:
    measure: str
    baseline: float
    latest: float
    change: float
    important: bool
    direction: str  # better, worse or same

    def to_dict(self) -> dict[str, object]:
        return {
            "measure": self.measure, "baseline": self.baseline, "latest": self.latest,
            "change": self.change, "clinically_important": self.important, "direction": self.direction,
        }


def nprs_change(baseline: int, latest: int) -> Change:
    """Pain: lower is better; important when it moves 2 points or 30 % of the baseline."""
    delta = latest - baseline
    important = abs(delta) >= NPRS_MCID_POINTS or (baseline > 0 and abs(delta) / baseline >= NPRS_MCID_FRACTION)
    return Change("nprs", baseline, latest, delta, important and delta != 0, _direction(-delta))


def odi_change(baseline: float, latest: float) -> Change:
    """Disability: lower is better; important at 10 points."""
    delta = round(latest - baseline, 1)
    return Change("odi", baseline, latest, delta, abs(delta) >= ODI_MCID_POINTS, _direction(-delta))


def psfs_same_activities(history: Sequence[Mapping[str, int]]) -> Change | None:
    """Function over time, on the same activities only: the latest ratings against the earliest ones that
    share activities with them, each averaged over the activities both rate (None when none are shared)."""
    if len(history) < 2:
        return None
    latest = {_activity(name): rating for name, rating in history[-1].items()}
    for earlier in history[:-1]:
        before = {_activity(name): rating for name, rating in earlier.items()}
        shared = sorted(set(before) & set(latest))
        if shared:
            first_mean = psfs_mean([before[name] for name in shared])
            last_mean = psfs_mean([latest[name] for name in shared])
            assert first_mean is not None and last_mean is not None
            return psfs_change(first_mean, last_mean)
    return None


def _activity(name: str) -> str:
    return " ".join(name.casefold().split())


def psfs_change(baseline: float, latest: float) -> Change:
    """Function: higher is better; important at 2 points on the mean."""
    delta = round(latest - baseline, 2)
    return Change("psfs", baseline, latest, delta, abs(delta) >= PSFS_MCID_POINTS, _direction(delta))


def _direction(improvement: float) -> str:
    if improvement > 0:
        return "better"
    return "worse" if improvement < 0 else "same"

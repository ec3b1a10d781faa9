"""What the progress page shows, built from the JSON twin's answer (GET /api/v1/me/progress and /me/lesson):
the charts' series with the clinically important change marked (the thresholds of domain/outcomes.py), and the
same numbers as tables for screen readers and for a browser without scripts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from backcoach.bootstrap import Person
from backcoach.domain.outcomes import (
    NPRS_MCID_FRACTION,
    NPRS_MCID_POINTS,
    ODI_MCID_POINTS,
    PSFS_MCID_POINTS,
    Change,
    nprs_change,
    odi_change,
    psfs_same_activities,
)
from backcoach.knowledge.questions import questions
from backcoach.services.outcomes import LEG_LEVELS

STOPPING_LEVELS = ("emergency", "urgent_referral", "see_clinician_before_exercise")
LEVEL_CLASS = {"emergency": "emergency", "urgent_referral": "urgent", "see_clinician_before_exercise": "clinician",
               "self_care_ok": "ok"}


def leg_labels() -> dict[str, str]:
    """How far leg symptoms reach, in the intake's words (questions.yaml)."""
    question = next(q for q in questions() if q.id == "leg_symptoms")
    return {option.value: option.label for option in question.options}


def progress_view(person: Person) -> dict[str, Any]:
    """The progress page's content: the twin's answer, today's lesson, and the charts."""
    progress = person.programs.progress()
    checkins: Sequence[Mapping[str, Any]] = progress["checkins"]
    pain_baseline = next((c["baseline"] for c in progress["trends"]["changes"] if c["measure"] == "nprs"), None)
    stopped = bool(progress["care"]["active"])
    return {
        **progress,
        "lesson": None if stopped else person.programs.lesson(),
        "stopped": stopped,
        "charts": [chart for chart in (pain_chart(checkins, pain_baseline), psfs_chart(checkins),
                                       odi_chart(checkins), leg_chart(checkins)) if chart["points"]],
        "level_class": LEVEL_CLASS,
        "session_status": SESSION_STATUS,
        "mcid_note": f"{NPRS_MCID_POINTS} points or {NPRS_MCID_FRACTION:.0%} on pain, {PSFS_MCID_POINTS:g} points on "
                     f"your activities, {ODI_MCID_POINTS:g} points on the Oswestry score",
    }


LEG_AXIS = {"none": "Back only", "buttock": "Buttock", "above_knee": "Thigh", "below_knee": "Below knee",
            "foot": "Foot"}  # short words for the chart's axis (the table gives the full answer)
SESSION_STATUS = {"completed": "completed", "stopped": "stopped", "active": "not finished"}


def _when(checkins: Sequence[Mapping[str, Any]]) -> list[str]:
    """Each check-in's day; with the time (UTC) when a day has more than one."""
    days = [str(c["created_at"])[:10] for c in checkins]
    return [f"{day} {str(c['created_at'])[11:16]} UTC" if days.count(day) > 1 else day
            for day, c in zip(days, checkins, strict=True)]


def _better(change: Change | None) -> bool:
    return change is not None and change.important and change.direction == "better"


def pain_chart(checkins: Sequence[Mapping[str, Any]], baseline: float | None) -> dict[str, Any]:
    """Pain now (NPRS 0-10); an improvement is clinically important at 2 points or 30 % below the start."""
    start = int(baseline) if baseline is not None else None
    points = [{"date": when, "value": c["pain_now"],
               "important": start is not None and _better(nprs_change(start, int(c["pain_now"])))}
              for when, c in zip(_when(checkins), checkins, strict=True)]
    threshold = None if not start else round(start - min(NPRS_MCID_POINTS, NPRS_MCID_FRACTION * start), 1)
    return {
        "id": "pain", "short": "Pain", "title": "Pain now (0 = none, 10 = worst imaginable)", "unit": "",
        "min": 0, "max": 10,
        "points": points, "threshold": threshold, "lower_is_better": True,
        "threshold_label": None if threshold is None else
        f"Clinically important improvement: {threshold:g} or lower ({NPRS_MCID_POINTS} points or "
        f"{NPRS_MCID_FRACTION:.0%} below your starting pain of {start})",
    }


def psfs_chart(checkins: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Activities (PSFS mean, 0 unable .. 10 as before); 2 points better on the same activities is important."""
    rated = [c for c in checkins if c.get("psfs_mean") is not None]
    points = [{"date": when, "value": c["psfs_mean"],
               "important": _better(psfs_same_activities([r["psfs"] for r in rated[:i + 1]]))}
              for i, (when, c) in enumerate(zip(_when(rated), rated, strict=True))]
    first = float(rated[0]["psfs_mean"]) if rated else None
    threshold = None if first is None else min(10.0, round(first + PSFS_MCID_POINTS, 2))
    return {
        "id": "psfs", "short": "Activities", "title": "Your activities (0 = unable, 10 = as before the problem)",
        "unit": "",
        "min": 0, "max": 10, "points": points, "threshold": threshold, "lower_is_better": False,
        "threshold_label": None if first is None else
        f"Clinically important improvement: {PSFS_MCID_POINTS:g} points better than your first rating "
        f"({first:g}), on the same activities",
    }


def odi_chart(checkins: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Oswestry disability % (lower is better); 10 points is important."""
    rated = [c for c in checkins if c.get("odi_percent") is not None]
    first = float(rated[0]["odi_percent"]) if rated else None
    points = [{"date": when, "value": c["odi_percent"],
               "important": first is not None and _better(odi_change(first, float(c["odi_percent"])))}
              for when, c in zip(_when(rated), rated, strict=True)]
    threshold = None if first is None else max(0.0, round(first - ODI_MCID_POINTS, 1))
    return {
        "id": "odi", "short": "Oswestry %", "title": "Daily life (Oswestry, % of the most difficulty)", "unit": " %",
        "min": 0, "max": 100,
        "points": points, "threshold": threshold, "lower_is_better": True,
        "threshold_label": None if first is None else
        f"Clinically important improvement: {ODI_MCID_POINTS:g} points below your first score ({first:g} %)",
    }


def leg_chart(checkins: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """How far leg symptoms reach at each check-in (none < buttock < thigh < below the knee < foot)."""
    labels = leg_labels()
    points: list[dict[str, Any]] = []
    located = [c for c in checkins if c.get("leg_symptoms") in LEG_LEVELS]
    for when, c in zip(_when(located), located, strict=True):
        level = str(c["leg_symptoms"])
        index = LEG_LEVELS.index(level)
        before = points[-1]["value"] if points else None
        moved = None if before is None else "up toward the back" if index < before else \
            "further down the leg" if index > before else "the same"
        points.append({"date": when, "value": index, "label": labels[level], "moved": moved,
                       "important": before is not None and index < before})
    return {"id": "legs", "short": "Leg symptoms", "title": "How far down the leg symptoms reach", "unit": "", "min": 0,
            "max": len(LEG_LEVELS) - 1, "points": points, "threshold": None, "lower_is_better": True,
            "levels": [LEG_AXIS[level] for level in LEG_LEVELS], "threshold_label": None}


def chart_summary(chart: Mapping[str, Any]) -> str:
    """One sentence a screen reader hears for the chart: first, latest, and whether it reached the mark."""
    points = chart["points"]
    first, last = points[0], points[-1]
    if chart["id"] == "legs":
        return (f"{len(points)} check-ins: from {first['label'].lower()} on {first['date']} to "
                f"{last['label'].lower()} on {last['date']}.")
    reached = " It reached a clinically important improvement." if last["important"] else ""
    return (f"{len(points)} check-ins: {first['value']:g}{chart['unit']} on {first['date']}, "
            f"{last['value']:g}{chart['unit']} on {last['date']}.{reached}")

"""Use case helpers for check-ins and progress: scoring and trends over stored check-ins (pure over rows)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from backcoach.contracts.validator import SchemaViolation, Validator
from backcoach.domain.outcomes import (
    nprs_change,
    odi_band,
    odi_change,
    odi_percent,
    psfs_mean,
    psfs_same_activities,
)
from backcoach.domain.session_model import LEG_ORDER
from backcoach.domain.start_back import start_back
from backcoach.errors import InvalidInput
from backcoach.knowledge.files import checkin_schema

LEG_LEVELS = LEG_ORDER  # none -> foot: the order in which symptoms spread down the leg


@cache
def _checkin_validator() -> Validator:
    return Validator(checkin_schema())


def score_checkin(answers: object) -> dict[str, Any]:
    """Check a check-in against checkin.schema.json (unknown fields refused, never stored) and add its scores
    (ODI %, PSFS mean, STarT Back); bad input names the field."""
    try:
        _checkin_validator().validate(answers)
    except SchemaViolation as violation:
        raise InvalidInput(violation.path or "check-in", violation.problem) from None
    assert isinstance(answers, dict)
    psfs, odi = answers.get("psfs"), answers.get("odi_answers")
    score = start_back(answers["start_back"]) if answers.get("start_back") is not None else None
    return {
        "pain_now": answers["pain_now"], "leg_symptoms": answers.get("leg_symptoms"),
        "leg_symptom_kinds": answers.get("leg_symptom_kinds"),
        "psfs": psfs, "psfs_mean": None if psfs is None else psfs_mean(list(psfs.values())),
        "odi_answers": odi, "odi_percent": None if odi is None else odi_percent(odi),
        "red_flags": {name: True for name, value in (answers.get("red_flags") or {}).items() if value} or None,
        "start_back": None if answers.get("start_back") is None else {
            "answers": dict(answers["start_back"]), "score": None if score is None else score.to_dict()},
    }


def psfs_limit() -> int:
    """How many activities a check-in may rate (PSFS): set once, in checkin.schema.json."""
    return int(checkin_schema()["properties"]["psfs"]["maxProperties"])


def red_flag_names() -> list[str]:
    """The warning signs a check-in can report: the intake's red-flag questions."""
    return list(checkin_schema()["properties"]["red_flags"]["properties"])


def trends(checkins: Sequence[Mapping[str, Any]], baseline_pain: int | None = None) -> dict[str, Any]:
    """Change from the first to the latest check-in per measure, with the clinically important threshold."""
    if not checkins:
        return {"count": 0, "changes": []}
    first, last = checkins[0], checkins[-1]
    changes = [nprs_change(baseline_pain if baseline_pain is not None else first["pain_now"], last["pain_now"])]
    odi = [c["odi_percent"] for c in checkins if c.get("odi_percent") is not None]
    if len(odi) >= 2:
        changes.append(odi_change(odi[0], odi[-1]))
    psfs = [c["psfs_mean"] for c in checkins if c.get("psfs_mean") is not None]
    function = psfs_same_activities([c["psfs"] for c in checkins if c.get("psfs")])
    if function is not None:
        changes.append(function)
    latest_odi = odi[-1] if odi else None
    start_backs = [c["start_back"]["score"] for c in checkins if (c.get("start_back") or {}).get("score")]
    return {
        "count": len(checkins),
        "changes": [change.to_dict() for change in changes],
        "latest": {"pain_now": last["pain_now"], "odi_percent": latest_odi,
                   "odi_band": odi_band(latest_odi) if latest_odi is not None else None,
                   "psfs_mean": psfs[-1] if psfs else None,
                   "start_back": start_backs[-1] if start_backs else None},
    }

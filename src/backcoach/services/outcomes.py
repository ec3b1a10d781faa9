"""Use case helpers for check-ins and progress: scoring and trends over stored check-ins (pure over rows)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
from backcoach.knowledge.files import intake_schema

LEG_LEVELS = LEG_ORDER  # none -> foot: the order in which symptoms spread down the leg


CHECKIN_KEYS = ("pain_now", "leg_symptoms", "leg_symptom_kinds", "psfs", "odi_answers", "red_flags", "start_back")


def score_checkin(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a check-in and add its scores (ODI %, PSFS mean, STarT Back); bad input names the field."""
    unknown = sorted(set(answers) - set(CHECKIN_KEYS))
    if unknown:
        raise InvalidInput(unknown[0], f"is not a check-in field ({', '.join(CHECKIN_KEYS)})")
    pain_now = answers.get("pain_now")
    if isinstance(pain_now, bool) or not isinstance(pain_now, int) or not 0 <= pain_now <= 10:
        raise InvalidInput("pain_now", "must be a whole number from 0 to 10")
    leg_symptoms = answers.get("leg_symptoms")
    if leg_symptoms is not None and leg_symptoms not in LEG_LEVELS:
        raise InvalidInput("leg_symptoms", f"must be one of: {', '.join(LEG_LEVELS)}")
    record: dict[str, Any] = {"pain_now": pain_now, "leg_symptoms": leg_symptoms,
                              "leg_symptom_kinds": _choices(answers.get("leg_symptom_kinds"), "leg_symptom_kinds")}
    record.update(_psfs(answers.get("psfs")))
    record.update(_odi(answers.get("odi_answers")))
    record["red_flags"] = _red_flags(answers.get("red_flags"))
    record["start_back"] = _start_back(answers.get("start_back"))
    return record


def _intake_part(name: str) -> Any:
    return intake_schema()["properties"][name]


def _choices(values: object, name: str) -> list[str] | None:
    if values is None:
        return None
    allowed = _intake_part(name)["items"]["enum"]
    if not isinstance(values, list) or any(v not in allowed for v in values):
        raise InvalidInput(name, f"must be a list of: {', '.join(allowed)}")
    return list(dict.fromkeys(values))


def _start_back(answers: object) -> dict[str, Any] | None:
    """The 9 STarT Back items as the intake asks them, with the score when all 9 are answered."""
    if answers is None:
        return None
    try:
        Validator(_intake_part("start_back")).validate(answers)
    except SchemaViolation as violation:
        raise InvalidInput(f"start_back.{violation.path}".rstrip("."), violation.problem) from None
    assert isinstance(answers, dict)
    score = start_back(answers)
    return {"answers": dict(answers), "score": None if score is None else score.to_dict()}


def red_flag_names() -> list[str]:
    """The warning signs a check-in can report: the intake's red-flag questions."""
    return list(intake_schema()["properties"]["red_flags"]["properties"])


def _red_flags(flags: object) -> dict[str, bool] | None:
    if flags is None:
        return None
    if not isinstance(flags, Mapping):
        raise InvalidInput("red_flags", "must map warning-sign names to true or false")
    known = red_flag_names()
    for name, value in flags.items():
        if name not in known:
            raise InvalidInput(f"red_flags.{name}", f"is not a warning sign we ask about ({', '.join(known)})")
        if not isinstance(value, bool):
            raise InvalidInput(f"red_flags.{name}", "must be true or false")
    present = {str(name): True for name, value in flags.items() if value}
    return present or None


def _psfs(psfs: object) -> dict[str, Any]:
    if psfs is None:
        return {"psfs": None, "psfs_mean": None}
    if not isinstance(psfs, Mapping) or not 1 <= len(psfs) <= 5:
        raise InvalidInput("psfs", "give 1 to 5 activities, each rated 0 (unable) to 10 (as before)")
    ratings: dict[str, int] = {}
    for activity, rating in psfs.items():
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
            raise InvalidInput(f"psfs.{activity}", "must be a whole number from 0 to 10")
        ratings[str(activity)] = rating
    return {"psfs": ratings, "psfs_mean": psfs_mean(list(ratings.values()))}


def _odi(answers: object) -> dict[str, Any]:
    if answers is None:
        return {"odi_answers": None, "odi_percent": None}
    if not isinstance(answers, Sequence) or isinstance(answers, str) or len(answers) != 10:
        raise InvalidInput("odi_answers", "give the 10 Oswestry sections, each 0-5 or null when skipped")
    for index, value in enumerate(answers):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5):
            raise InvalidInput(f"odi_answers[{index}]", "must be 0 to 5, or null when skipped")
    return {"odi_answers": list(answers), "odi_percent": odi_percent(list(answers))}


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

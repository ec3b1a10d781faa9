"""A check-in's result read back later (the page a check-in redirects to shows it): rebuilt from what was stored
at that moment, with the rules and words of the check-in's own answer."""

from __future__ import annotations

from typing import Any

from backcoach.db.uow import UnitOfWork
from backcoach.services.care import reported_flags, retriage


def latest_checkin_result(uow: UnitOfWork, user_id: int) -> dict[str, Any] | None:
    """The latest check-in's result: the triage of the warning signs it reported (the stop's own words when it
    stopped exercise, else screened again with the intake's rules), whether it stopped exercise, and the program
    changes made at that moment (each version's reason says why and what changed). None without check-ins."""
    rows = list(uow.checkins.list_for_user(user_id))
    if not rows:
        return None
    row = rows[-1]
    versions = [v for program in uow.programs.all_for_user(user_id) for v in uow.programs.versions(program.id)]
    before = sorted((v for v in versions if v.created_at < row.created_at), key=lambda v: v.created_at)
    holds = [h for h in uow.holds.all_for_user(user_id) if h.source == "checkin" and h.created_at == row.created_at]
    triage: dict[str, Any] | None = dict(holds[0].triage) if holds else None
    if triage is None and reported_flags(row.red_flags):
        record = {"pain_now": row.pain_now, "leg_symptoms": row.leg_symptoms,
                  "leg_symptom_kinds": row.leg_symptom_kinds, "red_flags": row.red_flags}
        triage = retriage(before[-1].plan.get("intake") if before else None, record)
    return {
        "created_at": row.created_at.isoformat(),
        "triage": triage,
        "stopped": bool(holds),
        "stop_cleared": bool(holds) and all(h.cleared_at is not None for h in holds),
        "program_changes": [{"version": v.version, "reason": v.reason} for v in versions
                            if v.created_at == row.created_at],
    }

"""Use cases of safety over weeks: a warning sign reported at a check-in or during a session is screened
with the intake's own rules and words, and a stop holds until it is cleared.

A stop is cleared when the person records that a clinician assessed them (when, and what they said), or
when their clinician clears it. A clearance dated before a stop began does not lift that stop, and a
later check-in without the warning sign never lifts one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from backcoach.db.models import CareHold
from backcoach.db.uow import UnitOfWork
from backcoach.domain.intake import Intake
from backcoach.domain.models import triage_rank
from backcoach.domain.rules import Evaluator
from backcoach.domain.screening import screen
from backcoach.errors import InvalidInput, SafetyStop
from backcoach.knowledge.loader import load_knowledge
from backcoach.services.store import Store

CLEAR_HINT = ("When a doctor or physiotherapist has assessed you, record it with `backcoach clearance` "
              "(or ask your clinician to clear it) to start exercising again.")
MAX_NOTE = 2000


def reported_flags(flags: object) -> dict[str, bool]:
    """The warning signs reported as present (names already checked by the caller's schema)."""
    return {str(k): True for k, v in (flags or {}).items() if v is True} if isinstance(flags, Mapping) else {}


def retriage(intake_answers: Mapping[str, Any] | None, report: Mapping[str, Any]) -> dict[str, Any]:
    """Screen a report (new warning signs, pain, leg symptoms) together with the intake's other answers,
    with the intake's rules: the same answers give the same level and the same words."""
    knowledge = load_knowledge()
    answers = dict(intake_answers or {})
    for key in ("pain_now", "leg_symptoms", "leg_symptom_kinds"):
        if report.get(key) is not None:
            answers[key] = report[key]
    answers["red_flags"] = {**(answers.get("red_flags") or {}), **reported_flags(report.get("red_flags"))}
    intake = Intake(answers)
    triage = screen(Evaluator(intake, knowledge.facts), knowledge)
    return {
        "level": triage.level,
        "headline": " ".join(knowledge.level_headlines[triage.level].split()),
        "reasons": [reason.to_dict() for reason in triage.reasons],
        "reported": [knowledge.phrase(f"red_flags.{name}", True) for name in reported_flags(report.get("red_flags"))],
    }


def intake_triage(plan: Mapping[str, Any]) -> dict[str, Any]:
    """A plan's triage as a stop keeps it (the words the person saw at intake)."""
    triage = plan["triage"]
    return {"level": triage["level"], "headline": triage["headline"], "reasons": triage["reasons"], "reported": []}


def hold_needed(triage: Mapping[str, Any]) -> bool:
    return bool(triage["level"] != "self_care_ok")


def hold_document(hold: CareHold) -> dict[str, Any]:
    return {"id": hold.id, "created_at": hold.created_at.isoformat(), "source": hold.source, "level": hold.level,
            "triage": hold.triage, "cleared_at": hold.cleared_at.isoformat() if hold.cleared_at else None,
            "clearance": hold.clearance}


def refusal(holds: list[CareHold]) -> SafetyStop:
    """The stop as the person sees it: the most urgent level's headline and every reason, as at intake."""
    worst = max(holds, key=lambda h: triage_rank(h.level))
    reasons = [r["message"] for hold in holds for r in hold.triage.get("reasons", ())
               if r.get("level") != "self_care_ok"]
    message = " ".join([worst.triage["headline"], *dict.fromkeys(reasons), CLEAR_HINT])
    return SafetyStop(message, {**worst.triage, "holds": [hold_document(h) for h in holds]})


class CareService:
    """One person's safety stops; every call is one unit of work with one commit."""

    def __init__(self, store: Store, user_id: int) -> None:
        self._store = store
        self._user_id = user_id

    def active(self) -> list[dict[str, Any]]:
        with self._store.unit_of_work() as uow:
            return [hold_document(h) for h in uow.holds.active(self._user_id)]

    def history(self) -> list[dict[str, Any]]:
        with self._store.unit_of_work() as uow:
            return [hold_document(h) for h in uow.holds.all_for_user(self._user_id)]

    def require_clear(self, uow: UnitOfWork | None = None) -> None:
        """Raise SafetyStop while a stop holds (exercise refused: exit 3, HTTP 409)."""
        if uow is not None:
            holds = list(uow.holds.active(self._user_id))
        else:
            with self._store.unit_of_work() as own:
                holds = list(own.holds.active(self._user_id))
        if holds:
            raise refusal(holds)

    def hold(self, uow: UnitOfWork, source: str, triage: dict[str, Any], now: datetime | None = None) -> bool:
        """Record a stop in the caller's unit of work when the triage calls for one."""
        if not hold_needed(triage):
            return False
        uow.holds.add(self._user_id, source, triage, now)
        return True

    def hold_from_plan(self, plan: Mapping[str, Any], now: datetime | None = None) -> bool:
        """A new intake that calls for a clinician stops the exercise program the person already has."""
        triage = plan["triage"]
        with self._store.unit_of_work() as uow:
            if uow.programs.latest_for_user(self._user_id) is None or not hold_needed(triage):
                return False
            uow.holds.add(self._user_id, "intake", intake_triage(plan), now)
            uow.commit()
            return True

    def clear(self, assessed_on: object, said: object, *, by_role: str = "patient", by_user: int | None = None,
              now: datetime | None = None, note_field: str = "clinician_said") -> dict[str, Any]:
        """Record a clinician's assessment; it lifts every stop that began on or before that day."""
        day = _assessed_on(assessed_on, now)
        note = _note(said, note_field)
        with self._store.unit_of_work() as uow:
            holds = list(uow.holds.active(self._user_id))
            lifted = [h for h in holds if h.created_at.date() <= day]
            clearance = {"assessed_on": day.isoformat(), "clinician_said": note, "by": by_role,
                         "by_user_id": by_user}
            for hold in lifted:
                uow.holds.clear(hold, clearance, now)
            uow.commit()
            remaining = [hold_document(h) for h in holds if h not in lifted]
            return {"cleared": [hold_document(h) for h in lifted], "still_active": remaining}


def _assessed_on(value: object, now: datetime | None) -> date:
    today = (now or datetime.now(UTC)).date()
    if value is None:
        return today
    if not isinstance(value, str):
        raise InvalidInput("assessed_on", "must be a date such as 2026-12-01")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput("assessed_on", f"must be a date such as 2026-12-01, got {value!r}") from None
    if day > today:
        raise InvalidInput("assessed_on", "cannot be in the future")
    return day


def _note(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(field, "say in a few words what the clinician said")
    if len(value) > MAX_NOTE:
        raise InvalidInput(field, f"must be at most {MAX_NOTE} characters")
    return " ".join(value.split())

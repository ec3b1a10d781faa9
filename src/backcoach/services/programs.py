"""Use cases of a person's program over days: save a plan, check in (screened with the intake's rules),
review (progress, regress, stop a direction), progress."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from backcoach.db.models import Checkin, ProgramVersion
from backcoach.domain.plan_document import PlanDocument
from backcoach.domain.progression import Review, StepChange, apply_review, reason_of, review_program
from backcoach.errors import InvalidInput, NotFound
from backcoach.knowledge.loader import load_knowledge, load_progression_rules
from backcoach.services.care import CareService, intake_triage, reported_flags, retriage
from backcoach.services.checkin_result import latest_checkin_result
from backcoach.services.movement import MovementTests
from backcoach.services.outcomes import score_checkin, trends
from backcoach.services.plan_bounds import check_doses
from backcoach.services.program_history import day_of, history_for
from backcoach.services.session_replay import session_from_plan
from backcoach.services.store import Store

CHECKIN_FIELDS = ("created_at", "pain_now", "leg_symptoms", "leg_symptom_kinds", "psfs", "psfs_mean", "odi_answers",
                  "odi_percent", "red_flags", "start_back")


class ProgramService:
    """One person's program, check-ins and progress; every call is one unit of work with one commit."""

    def __init__(self, store: Store, user_id: int) -> None:
        self._store = store
        self._user_id = user_id

    def save_plan(self, plan: object, reason: str, created_by: int | None = None, now: datetime | None = None) -> int:
        """Make this plan (plan.schema.json) the person's current program; returns the program id."""
        if not isinstance(plan, dict):
            raise InvalidInput("plan", "is required: a plan object as `backcoach plan --json` prints it")
        session_from_plan(plan, "plan")  # validates against the contract, naming the field
        check_doses(plan, load_knowledge().exercises)  # known exercises at doses within the safe bounds
        if not plan.get("routine"):
            raise InvalidInput("plan.routine", "is empty: there is nothing to practise (see the plan's advice)")
        level = plan["triage"]["level"]
        with self._store.unit_of_work() as uow:
            program = uow.programs.create(self._user_id, plan, reason=reason, created_by=created_by, now=now)
            if level != "self_care_ok" and created_by is None:  # kept, but no exercise until a clinician clears it
                uow.holds.add(self._user_id, "intake", intake_triage(plan), now)
            uow.commit()
            return int(program.id)

    def program_document(self, program_id: int) -> dict[str, Any]:
        """One of this person's programs: its current plan and how it changed (others' answer NotFound)."""
        with self._store.unit_of_work() as uow:
            program = uow.programs.get_for_user(program_id, self._user_id)
            versions = list(uow.programs.versions(program.id))
        current = versions[-1]
        return {"id": program_id, "version": current.version, "plan": current.plan,
                "history": [{"version": v.version, "reason": v.reason, "created_at": v.created_at.isoformat()}
                            for v in versions]}

    def adopt(self, plan: dict[str, Any], reason: str) -> int:
        """The program started from this plan (kept with its progress), or a new program for it."""
        with self._store.unit_of_work() as uow:
            program = uow.programs.latest_for_user(self._user_id)
            if program is not None and uow.programs.version(program.id, 1).plan == plan:
                return int(program.id)
        return self.save_plan(plan, reason)

    def current(self) -> tuple[int, ProgramVersion] | None:
        with self._store.unit_of_work() as uow:
            program = uow.programs.latest_for_user(self._user_id)
            return None if program is None else (program.id, uow.programs.current(program.id))

    def require_current(self) -> tuple[int, ProgramVersion]:
        found = self.current()
        if found is None:
            raise NotFound("no program yet: run `backcoach intake`, or pass --plan FILE")
        return found

    def checkin(self, answers: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
        """Score and store a check-in; a warning sign is screened with the intake's rules and words and
        stops exercise until cleared; then review the program (the result says what changed and why)."""
        record = score_checkin(answers)
        now = now or datetime.now(UTC)
        with self._store.unit_of_work() as uow:
            program = uow.programs.latest_for_user(self._user_id)
            intake = uow.programs.current(program.id).plan.get("intake") if program is not None else None
            triage = retriage(intake, record) if reported_flags(record.get("red_flags")) else None
            row = uow.checkins.add(self._user_id, record, now)
            held = CareService(self._store, self._user_id).hold(uow, "checkin", triage, now) if triage else False
            uow.commit()
            stored = _checkin_dict(row)
        return {"checkin": stored, "triage": triage, "stopped": held, "care": self._care().active(),
                "review": self.review(now), "lesson": self.lesson(now)}

    def lesson(self, now: datetime | None = None) -> dict[str, Any] | None:
        """Between sessions, one of the plan's lessons a day, in turn (none for a plan without lessons)."""
        found = self.current()
        lessons = [] if found is None else found[1].plan.get("education") or []
        if not lessons:
            return None
        return dict(lessons[day_of(now or datetime.now(UTC)) % len(lessons)])

    def _care(self) -> CareService:
        return CareService(self._store, self._user_id)

    def review(self, now: datetime | None = None, *, apply: bool = True) -> dict[str, Any]:
        """Apply the progression rules to the current program; a change becomes a new program version
        (with ``apply=False``, only say what they call for)."""
        now = now or datetime.now(UTC)
        with self._store.unit_of_work() as uow:
            program = uow.programs.latest_for_user(self._user_id)
            if program is None:
                return {"changes": [], "reasons": [], "advice": [], "stop": False, "version": None}
            version = uow.programs.current(program.id)
            review = review_program(history_for(uow, self._user_id, version, day_of(now)), load_progression_rules(),
                                    load_knowledge().exercises)
            if review.changes and apply:
                exercises = load_knowledge().exercises
                changed = apply_review(PlanDocument.from_dict(version.plan, exercises), review, exercises,
                                       now.date().isoformat())
                version = uow.programs.add_version(program.id, changed.to_dict(), reason_of(review), now=now)
                uow.commit()
            stop = bool(uow.holds.active(self._user_id))
            return _review_dict(review, version.version, stop)

    def progress(self, now: datetime | None = None) -> dict[str, Any]:
        """Pain and function over time, the current program's level and how it got there."""
        with self._store.unit_of_work() as uow:
            checkins = [_checkin_dict(row) for row in uow.checkins.list_for_user(self._user_id)]
            program = uow.programs.latest_for_user(self._user_id)
            versions = [] if program is None else list(uow.programs.versions(program.id))
            sessions = list(uow.sessions.for_user(self._user_id))
            latest = latest_checkin_result(uow, self._user_id)
        baseline = versions[0].plan.get("baseline", {}).get("pain_now") if versions else None
        return {
            "checkins": checkins,
            "trends": trends(checkins, baseline),
            "sessions": {"total": len(sessions),
                         "completed": sum(1 for s in sessions if s.status == "completed"),
                         "stopped": sum(1 for s in sessions if s.status == "stopped")},
            "last_session": None if not sessions else {"started_at": sessions[-1].created_at.isoformat(),
                                                       "status": sessions[-1].status},
            "latest_checkin": latest,
            "program": None if program is None else _program_level(program.id, versions),
            "review": self.review(now, apply=False) if program is not None else None,
            "care": {"active": self._care().active(), "history": self._care().history()},
            "movement_tests": MovementTests(self._store, self._user_id).results(),
        }


def _checkin_dict(row: Checkin) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in CHECKIN_FIELDS}
    data["created_at"] = row.created_at.isoformat()
    return data


def _program_level(program_id: int, versions: Sequence[ProgramVersion]) -> dict[str, Any]:
    current = versions[-1]
    return {
        "id": program_id,
        "version": current.version,
        "exercises": [{"exercise_id": item["exercise_id"], "name": item.get("name", item["exercise_id"]),
                       "dose_text": item.get("dose_text", "")} for item in current.plan["routine"]],
        "history": [{"version": v.version, "reason": v.reason, "created_at": v.created_at.isoformat()}
                    for v in versions],
    }


def _review_dict(review: Review, version: int, stop: bool) -> dict[str, Any]:
    return {
        "version": version,
        "stop": stop,
        "reasons": [{"code": r.code, "message": r.message} for r in review.reasons],
        "changes": [_change_dict(c) for c in review.changes],
        "advice": [{"code": a.code, "message": a.message} for a in review.advice],
        "stopped_directions": list(review.stopped_directions),
    }


def _change_dict(change: StepChange) -> dict[str, Any]:
    return {"exercise_id": change.exercise_id, "action": change.action, "to_exercise_id": change.to_exercise_id,
            "dosage": None if change.dosage is None else change.dosage.to_dict(), "code": change.code,
            "message": change.message}

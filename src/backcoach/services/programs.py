"""Use cases of a person's program over days: save a plan, check in, review (progress/regress), progress."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from backcoach.db.models import Checkin, ProgramVersion, TrainingSession
from backcoach.db.uow import UnitOfWork
from backcoach.domain.models import Dosage
from backcoach.domain.progression import (
    CheckIn,
    ExerciseSession,
    ProgramHistory,
    Review,
    RoutineEntry,
    StepChange,
    review_program,
)
from backcoach.errors import InvalidInput, NotFound
from backcoach.knowledge.loader import load_knowledge, load_progression_rules
from backcoach.services.outcomes import score_checkin, trends
from backcoach.services.planning import routine_item
from backcoach.services.session_replay import rebuild, session_from_plan
from backcoach.services.store import Store

CHECKIN_FIELDS = ("created_at", "pain_now", "leg_symptoms", "psfs", "psfs_mean", "odi_answers", "odi_percent",
                  "red_flags")


def day_of(moment: datetime) -> int:
    return moment.date().toordinal()


class ProgramService:
    """One person's program, check-ins and progress; every call is one unit of work with one commit."""

    def __init__(self, store: Store, user_id: int) -> None:
        self._store = store
        self._user_id = user_id

    def save_plan(self, plan: object, reason: str, created_by: int | None = None) -> int:
        """Make this plan (plan.schema.json) the person's current program; returns the program id."""
        if not isinstance(plan, dict):
            raise InvalidInput("plan", "is required: a plan object as `backcoach plan --json` prints it")
        session_from_plan(plan, "plan")  # validates against the contract, naming the field
        if not plan.get("routine"):
            raise InvalidInput("plan.routine", "is empty: there is nothing to practise (see the plan's advice)")
        with self._store.unit_of_work() as uow:
            program = uow.programs.create(self._user_id, plan, reason=reason, created_by=created_by)
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
        """Score and store a check-in, then review the program (the result says what changed and why)."""
        record = score_checkin(answers.get("pain_now"), answers.get("leg_symptoms"), answers.get("psfs"),
                               answers.get("odi_answers"), answers.get("red_flags"))
        with self._store.unit_of_work() as uow:
            row = uow.checkins.add(self._user_id, record, now)
            uow.commit()
            stored = _checkin_dict(row)
        return {"checkin": stored, "review": self.review(now)}

    def review(self, now: datetime | None = None, *, apply: bool = True) -> dict[str, Any]:
        """Apply the progression rules to the current program; a change becomes a new program version
        (with ``apply=False``, only say what they call for)."""
        now = now or datetime.now(UTC)
        with self._store.unit_of_work() as uow:
            program = uow.programs.latest_for_user(self._user_id)
            if program is None:
                return {"changes": [], "advice": [], "stop": False, "version": None}
            version = uow.programs.current(program.id)
            history = _history(uow, self._user_id, version, day_of(now))
            review = review_program(history, load_progression_rules(), load_knowledge().exercises)
            if review.changes and apply:
                reason = " ".join(change.message for change in review.changes)
                version = uow.programs.add_version(program.id, _changed_plan(version.plan, review.changes), reason,
                                                   now=now)
                uow.commit()
            return _review_dict(review, version.version)

    def progress(self, now: datetime | None = None) -> dict[str, Any]:
        """Pain and function over time, the current program's level and how it got there."""
        with self._store.unit_of_work() as uow:
            checkins = [_checkin_dict(row) for row in uow.checkins.list_for_user(self._user_id)]
            program = uow.programs.latest_for_user(self._user_id)
            versions = [] if program is None else list(uow.programs.versions(program.id))
            sessions = list(uow.sessions.for_user(self._user_id))
        baseline = versions[0].plan.get("baseline", {}).get("pain_now") if versions else None
        return {
            "checkins": checkins,
            "trends": trends(checkins, baseline),
            "sessions": {"total": len(sessions),
                         "completed": sum(1 for s in sessions if s.status == "completed"),
                         "stopped": sum(1 for s in sessions if s.status == "stopped")},
            "program": None if program is None else _program_level(program.id, versions),
            "review": self.review(now, apply=False) if program is not None else None,
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


def _history(uow: UnitOfWork, user_id: int, version: ProgramVersion, today: int) -> ProgramHistory:
    plan = version.plan
    since = version.created_at
    sessions = [s for s in uow.sessions.for_user(user_id)
                if s.program_id == version.program_id and s.program_version == version.version]
    checkins = list(uow.checkins.list_for_user(user_id))
    before = [c for c in checkins if c.created_at < since]
    baseline = before[-1].pain_now if before else int(plan.get("baseline", {}).get("pain_now") or 0)
    return ProgramHistory(
        routine=tuple(RoutineEntry(item["exercise_id"], _dosage(item["dosage"]), day_of(since))
                      for item in plan["routine"]),
        sessions=tuple(_exercise_sessions(uow, plan, sessions)),
        checkins=tuple(CheckIn(day_of(c.created_at), c.pain_now, bool(c.red_flags)) for c in checkins),
        baseline_pain=baseline,
        start_day=day_of(since),
        today=today,
        tags=frozenset(plan.get("profile", {}).get("tags", [])),
        fresh_checkin=bool(checkins) and checkins[-1].created_at > since,
    )


def _exercise_sessions(uow: UnitOfWork, plan: dict[str, Any], sessions: Sequence[TrainingSession]
                       ) -> list[ExerciseSession]:
    done: list[ExerciseSession] = []
    for session in sessions:
        if session.status == "active":
            continue
        state = rebuild(plan, [row.body for row in uow.events.list(session.id)])
        for log in state.logs:
            if log.status == "not_reached":
                continue
            levels = [int(r["level"]) for r in log.pain_reports if r.get("level") is not None]
            done.append(ExerciseSession(
                day=day_of(session.created_at), exercise_id=log.exercise_id, max_pain=max(levels, default=None),
                spreading=log.exercise_id in state.regressions, sharp=any(r.get("sharp") for r in log.pain_reports),
                completed=log.status == "completed"))
    return done


def _dosage(data: dict[str, Any]) -> Dosage:
    return Dosage(reps=int(data.get("reps", 1)), hold_seconds=data.get("hold_seconds"), sets=int(data.get("sets", 1)),
                  per_side=bool(data.get("per_side", False)), rest_seconds=int(data.get("rest_seconds", 0)),
                  times_per_day=int(data.get("times_per_day", 1)))


def _changed_plan(plan: dict[str, Any], changes: Sequence[StepChange]) -> dict[str, Any]:
    by_exercise = {change.exercise_id: change for change in changes}
    routine = []
    for item in plan["routine"]:
        change = by_exercise.get(item["exercise_id"])
        routine.append(item if change is None else
                       routine_item(change.to_exercise_id, change.dosage, change.message))
    return {**plan, "routine": routine}


def _review_dict(review: Review, version: int) -> dict[str, Any]:
    return {
        "version": version,
        "stop": review.stop,
        "changes": [{"exercise_id": c.exercise_id, "action": c.action, "to_exercise_id": c.to_exercise_id,
                     "dosage": c.dosage.to_dict(), "code": c.code, "message": c.message} for c in review.changes],
        "advice": [{"code": a.code, "message": a.message} for a in review.advice],
    }

"""Assembles a program's history from the store for the progression rules (pure reads in one unit of work)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from backcoach.db.models import Checkin, ProgramVersion, TrainingSession
from backcoach.db.uow import UnitOfWork
from backcoach.domain.legs import LegReport
from backcoach.domain.models import Exercise
from backcoach.domain.plan_document import PlanDocument
from backcoach.domain.progression import CheckIn, ExerciseSession, ProgramHistory, RoutineEntry
from backcoach.domain.session_model import SessionState
from backcoach.knowledge.loader import load_knowledge
from backcoach.services.session_replay import rebuild


def day_of(moment: datetime) -> int:
    return moment.date().toordinal()


def history_for(uow: UnitOfWork, user_id: int, version: ProgramVersion, today: int) -> ProgramHistory:
    """Everything the progression rules read about this program version and the program before it."""
    knowledge = load_knowledge()
    plan = PlanDocument.from_dict(version.plan, knowledge.exercises)
    since = version.created_at
    versions = list(uow.programs.versions(version.program_id))
    first = versions[0]
    program_sessions = [s for s in uow.sessions.for_user(user_id) if s.program_id == version.program_id]
    checkins = [c for c in uow.checkins.list_for_user(user_id) if c.created_at >= first.created_at]
    earlier = [c for c in uow.checkins.list_for_user(user_id) if c.created_at < since and c.pain_now is not None]
    baseline = earlier[-1].pain_now if earlier else int(plan.baseline.get("pain_now") or 0)
    states = {s.id: _state(uow, versions, s) for s in program_sessions if s.status != "active"}
    current = [s for s in program_sessions if s.program_version == version.version and s.id in states]
    legs = _leg_reports(first, checkins, program_sessions, states, knowledge.exercises)
    return ProgramHistory(
        routine=tuple(RoutineEntry(item.exercise_id, item.dosage) for item in plan.routine),
        sessions=tuple(s for session in current for s in _exercise_sessions(session, states[session.id])),
        checkins=tuple(CheckIn(day_of(c.created_at), c.pain_now) for c in checkins if c.created_at >= since),
        baseline_pain=baseline,
        start_day=day_of(since),
        today=today,
        tags=frozenset(plan.profile.tags),
        fresh_checkin=bool(checkins) and checkins[-1].created_at > since,
        legs=tuple(report for _, report in legs),
        fresh_legs=bool(legs) and legs[-1][0] > since,
        last_progress_day=date.fromisoformat(plan.progressed_on).toordinal() if plan.progressed_on else None,
        program_start_day=day_of(first.created_at),
        stopped_directions=frozenset(d.direction for d in plan.stopped_directions),
        rest_positions=plan.rest_positions or tuple(knowledge.flare_up["positions_of_ease"][plan.profile.bias]),
    )


def _state(uow: UnitOfWork, versions: Sequence[ProgramVersion], session: TrainingSession) -> SessionState:
    plan = next(v.plan for v in versions if v.version == session.program_version)
    return rebuild(plan, [row.body for row in uow.events.list(session.id)])


def _exercise_sessions(session: TrainingSession, state: SessionState) -> list[ExerciseSession]:
    done: list[ExerciseSession] = []
    for log in state.logs:
        if log.status == "not_reached":
            continue
        levels = [int(r["level"]) for r in log.pain_reports if r.get("level") is not None]
        unreported = len(levels) < len(log.pain_reports)  # a report without a number is unknown, never 0
        known = None if unreported else max(levels, default=None)
        done.append(ExerciseSession(
            day=day_of(session.created_at), exercise_id=log.exercise_id, max_pain=known,
            spreading=log.exercise_id in state.regressions, sharp=any(r.get("sharp") for r in log.pain_reports),
            completed=log.status == "completed"))
    return done


def _leg_reports(first: ProgramVersion, checkins: Sequence[Checkin], sessions: Sequence[TrainingSession],
                 states: Mapping[int, SessionState], exercises: Mapping[str, Exercise]
                 ) -> list[tuple[datetime, LegReport]]:
    """The intake's leg symptoms, then every check-in's and every in-session report's, in time order."""
    baseline = first.plan.get("baseline") or {}
    reports = [(first.created_at, LegReport(day_of(first.created_at), baseline.get("leg_symptoms"),
                                            frozenset(baseline.get("leg_symptom_kinds") or ()), source="intake"))]
    reports += [(c.created_at, LegReport(day_of(c.created_at), c.leg_symptoms, frozenset(c.leg_symptom_kinds or ())))
                for c in checkins]
    for session in sessions:
        state = states.get(session.id)
        for log in state.logs if state is not None else ():
            exercise = exercises.get(log.exercise_id)
            for report in log.pain_reports:
                moment = session.created_at + timedelta(seconds=float(report.get("at", 0.0)))
                direction = _direction(exercise)
                reports.append((moment, LegReport(day_of(moment), report.get("leg_symptoms"),
                                                  frozenset(report.get("leg_symptom_kinds") or ()),
                                                  direction, "session")))
    reports.sort(key=lambda pair: pair[0])
    return reports


def _direction(exercise: Exercise | None) -> str | None:
    if exercise is None:
        return None
    return exercise.direction if exercise.direction in ("extension", "flexion") else None

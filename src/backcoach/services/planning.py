"""Use case: intake answers -> plan (plan.schema.json), validated against the intake contract."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from backcoach.contracts.validator import SchemaViolation, Validator
from backcoach.domain.dosing import describe, estimate_seconds
from backcoach.domain.models import Dosage, Knowledge
from backcoach.domain.planner import Plan, RoutineItem, make_plan
from backcoach.errors import InvalidInput, UnreadableInput
from backcoach.knowledge.files import intake_schema
from backcoach.knowledge.loader import load_knowledge
from backcoach.services.exercises import how_to


@cache
def _intake_validator() -> Validator:
    return Validator(intake_schema())


def validate_answers(answers: object) -> dict[str, Any]:
    """Check answers against intake.schema.json; raise InvalidInput naming the dotted field."""
    try:
        _intake_validator().validate(answers)
    except SchemaViolation as violation:
        raise InvalidInput(violation.path or "answers", violation.problem) from None
    assert isinstance(answers, dict)
    return answers


def parse_json(text: str | bytes, source: str = "answers") -> object:
    """Parse a JSON document (answers, a plan); malformed JSON raises UnreadableInput naming the source."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        detail = f"line {error.lineno} column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        raise UnreadableInput(source, f"is not valid JSON ({detail or error})") from None


def build_plan(answers: object) -> dict[str, Any]:
    """Validate the answers and return the plan as a plan.schema.json document."""
    valid = validate_answers(answers)
    knowledge = load_knowledge()
    return plan_document(make_plan(valid, knowledge), knowledge)


def plan_document(plan: Plan, knowledge: Knowledge) -> dict[str, Any]:
    routine = [_routine_item(item) for item in plan.routine]
    return {
        "schema_version": 1,
        "triage": {
            "level": plan.triage.level,
            "headline": plan.headline,
            "reasons": [reason.to_dict() for reason in plan.triage.reasons],
        },
        "profile": {
            "bias": plan.profile.bias,
            "tags": list(plan.profile.tags),
            "explanation": list(plan.profile.explanation),
            "places": list(plan.profile.places),
        },
        "program": None if plan.program is None else {
            "id": plan.program.id, "name": plan.program.name, "why": plan.program.why,
        },
        "routine": routine,
        "excluded": [
            {
                "exercise_id": e.exercise_id,
                "name": knowledge.exercises[e.exercise_id].name,
                "kind": e.kind,
                "reason": e.reason,
            }
            for e in plan.excluded
        ],
        "safety": list(plan.safety),
        "minutes_available": plan.minutes_available,
        "baseline": dict(plan.baseline),
        "estimated_minutes": round(sum(item["estimated_seconds"] for item in routine) / 60, 1),
    }


def routine_item(exercise_id: str, dosage: Dosage, why: str) -> dict[str, Any]:
    """A plan routine item for one exercise of the library at this dose (used when a program changes)."""
    exercise = load_knowledge().exercises[exercise_id]
    return _routine_item(RoutineItem(exercise, dosage, why, estimate_seconds(dosage)))


def _routine_item(item: RoutineItem) -> dict[str, Any]:
    exercise = item.exercise
    return {
        "exercise_id": exercise.id,
        "name": exercise.name,
        "direction": exercise.direction,
        "position": exercise.position,
        "places": sorted(exercise.places),
        "equipment": list(exercise.equipment),
        "dosage": item.dosage.to_dict(),
        "dose_text": describe(item.dosage),
        "why": item.why,
        **how_to(exercise),
        "progresses_to": exercise.progresses_to,
        "regresses_to": exercise.regresses_to,
        "estimated_seconds": item.seconds,
        "sources": list(exercise.sources),
    }

"""Use case: intake answers -> plan (plan.schema.json), validated against the intake contract."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from backcoach.contracts.json_input import load_json
from backcoach.contracts.validator import SchemaViolation, Validator
from backcoach.domain.guidance import NO_EXERCISE_LEVELS
from backcoach.domain.models import Knowledge
from backcoach.domain.plan_document import (
    Excluded,
    ExclusionKind,
    PlanDocument,
    ProfileDoc,
    RoutineItemDoc,
    TriageDoc,
)
from backcoach.domain.planner import Plan, make_plan
from backcoach.errors import InvalidInput
from backcoach.knowledge.files import intake_schema
from backcoach.knowledge.loader import load_knowledge

UNSCORED_PATHWAY = ("Answer the nine questions about the last two weeks (STarT Back) to tailor how much support "
                    "your plan suggests; until then it is the full exercise programme.")


@cache
def _intake_validator(complete: bool = True) -> Validator:
    schema = intake_schema()
    return Validator(schema if complete else {**schema, "required": []})


def validate_answers(answers: object, complete: bool = True) -> dict[str, Any]:
    """Check answers against intake.schema.json; raise InvalidInput naming the dotted field. With
    ``complete=False`` the answers every plan needs (age, pain) may still be missing."""
    try:
        _intake_validator(complete).validate(answers)
    except SchemaViolation as violation:
        raise InvalidInput(violation.path or "answers", violation.problem) from None
    assert isinstance(answers, dict)
    return answers


def parse_json(text: str | bytes, source: str = "answers") -> object:
    """Parse a JSON document (answers, a plan) with the hardened reader of contracts/json_input: text that is
    not JSON or nests too deep raises UnreadableInput naming the source; NaN, numbers beyond 2^53, a NUL or a
    lone surrogate raise InvalidInput naming the field."""
    return load_json(text, source)


def build_plan(answers: object) -> dict[str, Any]:
    """Validate the answers and return the plan as a plan.schema.json document."""
    valid = validate_answers(answers)
    knowledge = load_knowledge()
    return plan_document(make_plan(valid, knowledge), knowledge, valid)


def plan_for(answers: object) -> dict[str, Any]:
    """The plan for a set of answers, as every adapter gives it: complete answers get their plan; answers still
    missing something whose warning signs already call for emergency or urgent care get that plan (a yes never
    waits behind a missing age); otherwise what is missing or wrong raises InvalidInput."""
    try:
        return build_plan(answers)
    except InvalidInput as incomplete:
        urgent = urgent_plan(answers)  # raises itself for answers that are wrong, not merely incomplete
        if urgent is None:
            raise incomplete from None
        return urgent


def urgent_plan(answers: object) -> dict[str, Any] | None:
    """For answers still missing a required answer: the plan when what they say already calls for emergency
    or urgent care (a warning sign answered yes never waits behind a missing age), else None. Answers that
    are wrong, not merely incomplete, raise InvalidInput."""
    valid = validate_answers(answers, complete=False)
    knowledge = load_knowledge()
    plan = make_plan(valid, knowledge)
    return plan_document(plan, knowledge, valid) if plan.triage.level in NO_EXERCISE_LEVELS else None


def plan_document(plan: Plan, knowledge: Knowledge, answers: dict[str, Any]) -> dict[str, Any]:
    """The plan as plan.schema.json (version 1, with the added fields it allows); it keeps the answers it
    was built from, so that later check-ins are screened with the same rules and the same history."""
    return typed_plan(plan, knowledge, answers).to_dict()


def typed_plan(plan: Plan, knowledge: Knowledge, answers: dict[str, Any]) -> PlanDocument:
    no_exercise = plan.triage.level in NO_EXERCISE_LEVELS
    places = plan.profile.places
    return PlanDocument(
        triage=TriageDoc(plan.triage.level, plan.headline, plan.triage.reasons,
                         tuple((q.id, q.short) for q in plan.triage.unanswered)),
        # An emergency or urgent plan gives no exercise advice anywhere, so no pattern talk either.
        profile=ProfileDoc(plan.profile.bias, plan.profile.tags,
                           () if no_exercise else plan.profile.explanation, places),
        routine=tuple(RoutineItemDoc.of(item.exercise, item.dosage, item.why, places, item.seconds)
                      for item in plan.routine),
        excluded=tuple(Excluded(e.exercise_id, e.reason, cast(ExclusionKind, e.kind),
                                knowledge.exercises[e.exercise_id].name) for e in plan.excluded),
        safety=plan.safety,
        program=None if plan.program is None else {"id": plan.program.id, "name": plan.program.name,
                                                   "why": plan.program.why},
        minutes_available=plan.minutes_available,
        baseline=dict(plan.baseline),
        pathway=_pathway(plan),
        education=tuple(_lesson(lesson) for lesson in plan.lessons),
        flare_up=None if plan.flare_up is None else dict(plan.flare_up),
        intake=answers,
    )


def _pathway(plan: Plan) -> dict[str, Any] | None:
    """The STarT Back result and the care pathway it calls for (none for a plan without exercise)."""
    if plan.triage.level in NO_EXERCISE_LEVELS:
        return None
    score = None if plan.start_back is None else plan.start_back.to_dict()
    if plan.pathway is None:
        return {"start_back": score, "risk": None if score is None else score["risk"], "name": None,
                "summary": UNSCORED_PATHWAY if score is None else None, "advice": []}
    return {"start_back": score, "risk": score["risk"] if score else None, "name": plan.pathway["name"],
            "summary": " ".join(plan.pathway["summary"].split()),
            "advice": [" ".join(line.split()) for line in plan.pathway.get("advice", ())]}


def _lesson(lesson: Any) -> dict[str, Any]:
    return {"id": lesson["id"], "title": lesson["title"], "summary": " ".join(lesson["summary"].split()),
            "body": [" ".join(paragraph.split()) for paragraph in lesson["body"]], "sources": list(lesson["sources"])}

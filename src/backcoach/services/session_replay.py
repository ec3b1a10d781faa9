"""Use case: run the session engine over a script of timed events (``backcoach session replay``)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from backcoach.contracts.json_input import load_json
from backcoach.contracts.validator import SchemaViolation, Validator
from backcoach.domain.plan_document import PlanDocument, RoutineItemDoc
from backcoach.domain.session import new_session, step, summary
from backcoach.domain.session_model import LEG_ORDER, SessionState, StepSpec
from backcoach.errors import InvalidInput
from backcoach.knowledge.files import CONTRACTS_DIR, read_json
from backcoach.knowledge.loader import load_knowledge
from backcoach.services.care import reported_flags, retriage
from backcoach.services.plan_bounds import check_time


@cache
def _plan_validator() -> Validator:
    return Validator(read_json(os.path.join(CONTRACTS_DIR, "plan.schema.json")))


@cache
def _event_schema() -> dict[str, Any]:
    schema: dict[str, Any] = read_json(os.path.join(CONTRACTS_DIR, "event.schema.json"))
    return schema


@cache
def _event_validator() -> Validator:
    return Validator(_event_schema())


@cache
def _event_validators_by_type() -> dict[str, Validator]:
    """The event schema once per event type, keeping of its `allOf` only the rules that apply to that type (an
    `if` on `type` that names another type never applies): the same answers, without testing every type's
    `if` on every event (the hot path of a session)."""
    schema = _event_schema()
    rules = schema.get("allOf", [])
    kinds = schema["properties"]["type"]["enum"]
    return {kind: Validator({**schema, "allOf": [_applying(rule, kind) for rule in rules if _applies(rule, kind)]})
            for kind in kinds}


def _conditional_type(rule: Mapping[str, Any]) -> str | None:
    """The event type a rule's `if` is about (`{"if": {"properties": {"type": {"const": T}}}, ...}`), if any."""
    condition = rule.get("if")
    if not isinstance(condition, dict) or set(condition) != {"properties"} or set(condition["properties"]) != {"type"}:
        return None
    const = condition["properties"]["type"]
    return const["const"] if isinstance(const, dict) and set(const) == {"const"} else None


def _applies(rule: Mapping[str, Any], kind: str) -> bool:
    about = _conditional_type(rule)
    return about is None or about == kind or "else" in rule


def _applying(rule: Mapping[str, Any], kind: str) -> Mapping[str, Any]:
    about = _conditional_type(rule)
    if about is None:
        return rule
    chosen: Mapping[str, Any] = rule.get("then", {}) if about == kind else rule["else"]
    return chosen


def session_from_plan(plan: object, argument: str = "plan") -> SessionState:
    """A ready session for a plan document; an invalid plan raises InvalidInput naming the field."""
    try:
        _plan_validator().validate(plan)
    except SchemaViolation as violation:
        raise InvalidInput(f"{argument}: {violation.path or 'plan'}", violation.problem) from None
    assert isinstance(plan, dict)
    exercises = load_knowledge().exercises
    document = PlanDocument.from_dict(plan, exercises)

    def easier(item: RoutineItemDoc) -> str | None:
        found = exercises.get(item.regresses_to or "")
        return None if found is None else found.name

    steps = tuple(StepSpec.from_routine_item(item, easier(item)) for item in document.routine)
    baseline = document.baseline.get("leg_symptoms")
    return new_session(steps, baseline if baseline in LEG_ORDER else None)


def parse_events(lines: Iterable[str], argument: str = "events") -> list[dict[str, Any]]:
    """JSON-lines session events, checked line by line; a bad line raises InvalidInput naming it."""
    events: list[dict[str, Any]] = []
    last_at = 0.0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{argument} line {number}"
        event = _parse_line(line, where)
        if event["at"] < last_at:
            raise InvalidInput(where, f"'at' goes back in time ({event['at']} after {last_at})")
        last_at = float(event["at"])
        events.append(event)
    return events


def _parse_line(line: str, where: str) -> dict[str, Any]:
    try:
        event = load_json(line, where)  # the one hardened reader: no NaN, 1e300 or deep nesting
    except InvalidInput as error:
        raise InvalidInput(where if error.field == where else f"{where}: {error.field}", error.problem) from None
    return check_event(event, where)


def check_event(event: object, where: str | None = None) -> dict[str, Any]:
    """One session event, checked against contracts/event.schema.json; a problem raises InvalidInput naming the
    field (after ``where``, e.g. ``--events line 3``, when given) and what is allowed."""
    kind = event.get("type") if isinstance(event, dict) else None
    validator = _event_validators_by_type().get(kind) if isinstance(kind, str) else None
    try:
        (validator or _event_validator()).validate(event)
    except SchemaViolation as violation:
        field = violation.path
        if where:
            field = f"{where}: {field}" if field else where
        raise InvalidInput(field or "event", violation.problem) from None
    assert isinstance(event, dict)
    return event


def screened(event: dict[str, Any], plan: Mapping[str, Any]) -> dict[str, Any]:
    """The event with its warning signs screened by the intake's rules (``triage``), when it reports any."""
    if not reported_flags(event.get("red_flags")):
        return event
    return {**event, "triage": retriage(plan.get("intake"), event)}


def replay(plan: object, events: list[dict[str, Any]], argument: str = "plan") -> dict[str, Any]:
    """The timeline of effects and the summary, deterministically."""
    state = session_from_plan(plan, argument)
    assert isinstance(plan, dict)
    timeline: list[dict[str, Any]] = []
    last_at = 0.0
    for number, event in enumerate(events, start=1):
        check_time(float(event["at"]), last_at, state, f"events: event {number}")
        last_at = float(event["at"])
        state, effects = step(state, screened(event, plan), float(event["at"]))
        timeline.extend(effect.to_dict() for effect in effects)
    return {"effects": timeline, "summary": summary(state)}


def rebuild(plan: dict[str, Any], events: list[dict[str, Any]]) -> SessionState:
    """Replay stored events through the engine: the state a crash left behind, exactly."""
    state = session_from_plan(plan)
    for event in events:
        state, _ = step(state, event, float(event["at"]))
    return state

"""Use case: run the session engine over a script of timed events (``backcoach session replay``)."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from backcoach.contracts.json_input import load_json
from backcoach.contracts.validator import SchemaViolation, Validator
from backcoach.domain.plan_document import PlanDocument, RoutineItemDoc
from backcoach.domain.session import new_session, step, summary
from backcoach.domain.session_model import EVENT_TYPES, LEG_ORDER, SessionState, StepSpec
from backcoach.errors import InvalidInput
from backcoach.knowledge.files import CONTRACTS_DIR, read_json
from backcoach.knowledge.loader import load_knowledge
from backcoach.services.care import reported_flags, retriage
from backcoach.services.outcomes import red_flag_names
from backcoach.services.plan_bounds import check_time

LEG_KINDS = ("pain", "numbness", "tingling", "cramping", "weakness", "heaviness")


@cache
def _plan_validator() -> Validator:
    return Validator(read_json(os.path.join(CONTRACTS_DIR, "plan.schema.json")))


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


def check_event(event: object, where: str = "event") -> dict[str, Any]:
    """One session event (interfaces.md), checked; a problem raises InvalidInput naming where it is."""
    if not isinstance(event, dict):
        raise InvalidInput(where, "must be a JSON object")
    at = event.get("at")
    if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at) or at < 0:
        raise InvalidInput(where, "'at' must be a finite number of seconds, 0 or more")
    if event.get("type") not in EVENT_TYPES:
        raise InvalidInput(where, f"'type' must be one of: {', '.join(EVENT_TYPES)}")
    _check_fields(event, where)
    return event


def _check_fields(event: Mapping[str, Any], where: str) -> None:
    if "triage" in event:
        raise InvalidInput(where, "'triage' is worked out by BackCoach from 'red_flags'; don't send it")
    if event["type"] in ("pain_report", "warning_sign"):
        _check_report(event, where)
    if event["type"] == "warning_sign" and not event.get("red_flags"):
        raise InvalidInput(where, "a warning_sign event needs 'red_flags', e.g. {\"saddle_numbness\": true}")
    if event["type"] == "pain_report":
        level = event.get("level")
        if level is not None and (isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 10):
            raise InvalidInput(where, "'level' must be a whole number from 0 to 10 (or left out when not known)")
        if not isinstance(event.get("sharp", False), bool):
            raise InvalidInput(where, "'sharp' must be true or false")
        if "leg_symptoms" in event and event["leg_symptoms"] not in LEG_ORDER:
            raise InvalidInput(where, f"'leg_symptoms' must be one of: {', '.join(LEG_ORDER)}")
    if event["type"] == "form" and not isinstance(event.get("valid"), bool):
        raise InvalidInput(where, "'valid' must be true or false")


def _check_report(event: Mapping[str, Any], where: str) -> None:
    """The optional parts of a report: leg_symptom_kinds and warning signs (the intake's red_flags names)."""
    kinds = event.get("leg_symptom_kinds")
    if kinds is not None and (not isinstance(kinds, list) or any(k not in LEG_KINDS for k in kinds)):
        raise InvalidInput(where, f"'leg_symptom_kinds' must be a list of: {', '.join(LEG_KINDS)}")
    flags = event.get("red_flags")
    if flags is None:
        return
    known = red_flag_names()
    if not isinstance(flags, dict) or any(name not in known or not isinstance(v, bool) for name, v in flags.items()):
        raise InvalidInput(where, f"'red_flags' must map warning-sign names ({', '.join(known)}) to true or false")


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

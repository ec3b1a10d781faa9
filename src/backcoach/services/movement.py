"""Use cases of the guided repeated-movement test: which method a person can do, scoring and keeping the
result (it sets the direction of their plan through ``repeated_movement_response``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from backcoach.domain.exclusions import safety_reason
from backcoach.domain.intake import Intake
from backcoach.domain.legs import LEG_ORDER
from backcoach.domain.movement_test import Symptoms, classify
from backcoach.domain.profile import build_profile
from backcoach.domain.rules import Evaluator
from backcoach.errors import InvalidInput
from backcoach.knowledge.loader import load_knowledge, load_movement_test
from backcoach.services.store import Store

DIRECTIONS = ("extension", "flexion")


def method_for(direction: str, answers: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """The first method of a direction the person can safely do, with why the others are left out."""
    knowledge, test = load_knowledge(), load_movement_test()
    intake = Intake(dict(answers or {"age": 40, "pain_now": 0}))
    profile = build_profile(intake, Evaluator(intake, knowledge.facts), knowledge)
    ignored = set(test["ignore_tags"])
    profile = profile._replace(bias="neutral", tags=tuple(t for t in profile.tags if t not in ignored),
                               tag_rules=tuple(r for r in profile.tag_rules if r.tag not in ignored))
    for method in test["directions"][direction]["methods"]:
        exercise = knowledge.exercises[method["exercise_id"]]
        reason, _ = safety_reason(exercise, profile, intake, knowledge)
        if not reason and exercise.places & set(profile.places):
            return {**method, "name": exercise.name, "direction": direction}
    return None


def protocol(answers: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The test as data for a screen: the steps per direction the person can do, and what to watch for."""
    test = load_movement_test()
    return {
        "reps": test["reps"], "check_after": test["check_after"], "intro": " ".join(test["intro"].split()),
        "stop_if": list(test["stop_if"]), "leg_levels": list(LEG_ORDER), "sources": list(test["sources"]),
        "directions": {d: {"name": test["directions"][d]["name"], "method": method_for(d, answers)}
                       for d in DIRECTIONS},
    }


def score(direction: str, before: object, after: object, *, stopped_spreading: bool = False,
          reps_done: int | None = None) -> dict[str, Any]:
    """The response to the test (``repeated_movement_response``), from symptoms before and after."""
    if direction not in DIRECTIONS:
        raise InvalidInput("direction", f"must be one of: {', '.join(DIRECTIONS)}")
    first, last = _symptoms(before, "before"), _symptoms(after, "after")
    points = int(load_movement_test()["back_change_points"])
    response = classify(first, last, stopped_spreading=stopped_spreading, back_points=points)
    return {"direction": direction, "response": response, "stopped_spreading": stopped_spreading,
            "reps_done": reps_done, "before": first.__dict__, "after": last.__dict__}


def _symptoms(value: object, field: str) -> Symptoms:
    if not isinstance(value, Mapping):
        raise InvalidInput(field, "must be an object: {leg, back_pain}")
    leg, back = value.get("leg"), value.get("back_pain")
    if leg not in LEG_ORDER:
        raise InvalidInput(f"{field}.leg", f"must be one of: {', '.join(LEG_ORDER)}")
    if back is not None and (isinstance(back, bool) or not isinstance(back, int) or not 0 <= back <= 10):
        raise InvalidInput(f"{field}.back_pain", "must be a whole number from 0 to 10")
    return Symptoms(str(leg), back)


class MovementTests:
    """One person's movement tests; every call is one unit of work with one commit."""

    def __init__(self, store: Store, user_id: int) -> None:
        self._store = store
        self._user_id = user_id

    def record(self, result: Mapping[str, Any], method: str, now: datetime | None = None) -> dict[str, Any]:
        with self._store.unit_of_work() as uow:
            row = uow.movement_tests.add(self._user_id, str(result["direction"]), method, dict(result), now)
            uow.commit()
            return {"id": row.id, "created_at": row.created_at.isoformat(), "method": method, **result}

    def results(self) -> list[dict[str, Any]]:
        with self._store.unit_of_work() as uow:
            return [{"id": r.id, "created_at": r.created_at.isoformat(), "method": r.method, **r.result}
                    for r in uow.movement_tests.for_user(self._user_id)]

    def latest_responses(self) -> dict[str, str]:
        """The most recent response per direction, as the intake's ``repeated_movement_response``."""
        return {r["direction"]: r["response"] for r in self.results()}

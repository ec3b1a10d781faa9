"""The plan crosses the layers as one typed document, with one to_dict and one from_dict."""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings

from backcoach.domain.plan_document import PlanDocument
from backcoach.knowledge.loader import load_knowledge
from backcoach.services.planning import build_plan
from tests.conftest import load_contract
from tests.strategies import intake_answers

EXERCISES = load_knowledge().exercises
PLAN_CONTRACT = jsonschema.Draft202012Validator(load_contract("plan.schema.json"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(intake_answers)
def test_from_dict_is_the_inverse_of_to_dict(answers: dict[str, Any]) -> None:
    plan = build_plan(answers)
    document = PlanDocument.from_dict(plan, EXERCISES)
    assert document.to_dict() == plan
    PLAN_CONTRACT.validate(document.to_dict())


def test_a_minimal_plan_of_the_contract_is_filled_from_the_library() -> None:
    minimal = {"schema_version": 1, "triage": {"level": "self_care_ok", "reasons": []},
               "profile": {"bias": "extension", "tags": []}, "excluded": [], "safety": [],
               "routine": [{"exercise_id": "prone-press-up", "direction": "extension",
                            "dosage": {"reps": 10, "hold_seconds": 2}, "why": "prescribed"}]}
    [item] = PlanDocument.from_dict(minimal, EXERCISES).routine
    assert (item.name, item.position, item.regresses_to) == ("Prone press-up", "prone", "prone-on-elbows")
    assert "Keep your hips on the ground." in item.cues and item.dose_text == "10 repetitions, holding 2 s"
    assert item.why == "prescribed" and item.dosage.hold_seconds == 2


def test_a_plan_saved_before_the_added_fields_is_read() -> None:
    old = build_plan({"age": 40, "pain_now": 3})
    for added in ("pathway", "education", "flare_up", "stopped_directions", "intake"):
        old.pop(added)
    old["triage"].pop("unanswered")
    document = PlanDocument.from_dict(old, EXERCISES)
    assert document.stopped_directions == () and document.intake is None and document.flare_up is None

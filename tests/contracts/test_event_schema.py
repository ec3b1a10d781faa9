"""contracts/event.schema.json: one definition per event type, the intake's names, and our validator agrees
with the reference jsonschema on it."""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcoach.contracts.validator import SchemaViolation, Validator
from backcoach.domain.legs import LEG_ORDER
from backcoach.domain.session_model import EVENT_TYPES
from tests.conftest import load_contract

EVENT = load_contract("event.schema.json")
INTAKE = load_contract("intake.schema.json")
CHECKIN = load_contract("checkin.schema.json")
DEFS = EVENT["$defs"]


def test_every_event_type_of_the_engine_has_its_own_closed_definition() -> None:
    assert EVENT["properties"]["type"]["enum"] == list(EVENT_TYPES)
    routed = {part["if"]["properties"]["type"]["const"]: part["then"]["$ref"] for part in EVENT["allOf"]}
    assert routed == {kind: f"#/$defs/{kind}" for kind in EVENT_TYPES}
    for kind in EVENT_TYPES:
        assert DEFS[kind]["additionalProperties"] is False, kind
        assert DEFS[kind]["properties"]["type"] == {"const": kind}
        assert {"at", "type"} <= set(DEFS[kind]["properties"]), kind


def test_warning_signs_and_leg_symptoms_are_named_as_the_intake_names_them() -> None:
    intake = INTAKE["properties"]
    assert DEFS["red_flags"]["propertyNames"]["enum"] == list(intake["red_flags"]["properties"])
    assert list(CHECKIN["properties"]["red_flags"]["properties"]) == list(intake["red_flags"]["properties"])
    assert DEFS["leg_symptoms"]["enum"] == intake["leg_symptoms"]["enum"] == list(LEG_ORDER)
    assert DEFS["leg_symptom_kinds"]["items"] == intake["leg_symptom_kinds"]["items"]


def test_each_report_field_has_one_definition_used_by_both_report_types() -> None:
    for kind in ("pain_report", "warning_sign"):
        properties = DEFS[kind]["properties"]
        for name in ("level", "sharp", "leg_symptoms", "leg_symptom_kinds", "red_flags"):
            assert properties[name]["$ref"] == f"#/$defs/{name}", (kind, name)


values = (st.none() | st.booleans() | st.integers(-2, 12) | st.floats(-1, 11, allow_nan=False)
          | st.sampled_from(["x", "", "foot", "knee", "pain", "itch"])
          | st.lists(st.sampled_from(["pain", "numbness", "itch"]), max_size=3)
          | st.dictionaries(st.sampled_from(["saddle_numbness", "fever_or_chills", "hiccups"]),
                            st.booleans() | st.sampled_from(["yes", 1]), max_size=2))
fields = st.sampled_from(["level", "sharp", "leg_symptoms", "leg_symptom_kinds", "red_flags", "valid", "cue",
                          "message", "triage", "note"])
events = st.fixed_dictionaries(
    {"type": st.sampled_from([*EVENT_TYPES, "dance"])},
    optional={"at": st.integers(-1, 5) | st.floats(-1, 5, allow_nan=False) | st.sampled_from(["1", True, None])},
).flatmap(lambda base: st.dictionaries(fields, values, max_size=3).map(lambda extra: {**base, **extra}))


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(events)
def test_agrees_with_jsonschema_on_events(event: dict[str, Any]) -> None:
    try:
        Validator(EVENT).validate(event)
        ours = True
    except SchemaViolation:
        ours = False
    assert ours == jsonschema.Draft202012Validator(EVENT).is_valid(event)

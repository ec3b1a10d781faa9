"""The small validator agrees with the reference jsonschema implementation on our contracts."""

from __future__ import annotations

import math
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcoach.contracts.validator import SchemaViolation, Validator, unsupported_keywords
from tests.conftest import load_contract

INTAKE = load_contract("intake.schema.json")
PLAN = load_contract("plan.schema.json")
CHECKIN = load_contract("checkin.schema.json")
ACCOUNT = load_contract("account.schema.json")

json_scalars = st.none() | st.booleans() | st.integers(-5, 120) | st.floats(-2, 12, allow_nan=False) | st.sampled_from(
    ["none", "foot", "low_back", "x", "", "sitting", "centralized"]
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(
        ["age", "pain_now", "extension", "fever_or_chills", "items", "zzz"]), children, max_size=3),
    max_leaves=8,
)
field_names = st.sampled_from([*sorted(INTAKE["properties"]), "unknown_field"])


def reference_ok(schema: Any, document: Any) -> bool:
    return jsonschema.Draft202012Validator(schema).is_valid(document)


def ours_ok(schema: Any, document: Any) -> bool:
    try:
        Validator(schema).validate(document)
    except SchemaViolation:
        return False
    return True


@pytest.mark.parametrize("schema", [INTAKE, PLAN, CHECKIN, ACCOUNT], ids=["intake", "plan", "checkin", "account"])
def test_contracts_use_only_supported_keywords(schema: Any) -> None:
    assert unsupported_keywords(schema) == set()


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(field_names, json_values, max_size=6), st.integers(10, 112), st.integers(-1, 11))
def test_agrees_with_jsonschema_on_intake_documents(extra: dict[str, Any], age: int, pain: int) -> None:
    document = {"age": age, "pain_now": pain, **extra}
    assert ours_ok(INTAKE, document) == reference_ok(INTAKE, document)


@settings(max_examples=200)
@given(json_values)
def test_agrees_with_jsonschema_on_arbitrary_json(document: Any) -> None:
    assert ours_ok(INTAKE, document) == reference_ok(INTAKE, document)


@pytest.mark.parametrize(
    ("document", "path", "words"),
    [
        ({"age": -5, "pain_now": 3}, "age", "at least 12"),
        ({"age": 40, "pain_now": 11}, "pain_now", "at most 10"),
        ({"age": 40}, "pain_now", "required"),
        ({"age": 40, "pain_now": 2, "mood": "ok"}, "mood", "not a known field"),
        ({"age": 40, "pain_now": 2, "leg_symptoms": "knee"}, "leg_symptoms", "not one of"),
        (
            {"age": 40, "pain_now": 2, "red_flags": {"fever_or_chills": "yes"}},
            "red_flags.fever_or_chills",
            "true or false",
        ),
        ({"age": 40, "pain_now": 2, "pain_areas": ["hip", "hip"]}, "pain_areas[1]", "repeated"),
        ({"age": True, "pain_now": 2}, "age", "whole number"),
        ({"age": 40.5, "pain_now": 2}, "age", "whole number"),
        ({"age": 40, "pain_now": 2, "repeated_movement_response": {"extension": "up"}},
         "repeated_movement_response.extension", "not one of"),
        ([1, 2], "", "an object"),
    ],
)
def test_names_the_offending_field(document: Any, path: str, words: str) -> None:
    with pytest.raises(SchemaViolation) as caught:
        Validator(INTAKE).validate(document)
    assert caught.value.path == path
    assert words in caught.value.problem


def test_validates_against_a_named_definition() -> None:
    schema = {"$defs": {"thing": {"type": "object", "required": ["a"], "properties": {"a": {"$ref": "#/$defs/n"}}},
                        "n": {"type": "integer", "minimum": 1}}}
    Validator(schema).validate({"a": 2}, "thing")
    with pytest.raises(SchemaViolation) as caught:
        Validator(schema).validate({"a": 0}, "thing")
    assert caught.value.path == "a"


activity_names = st.text(alphabet="abc xyz", max_size=90)
checkin_values = st.fixed_dictionaries({"pain_now": st.integers(-1, 11)}, optional={
    "psfs": st.dictionaries(activity_names, st.integers(-1, 11) | st.booleans(), max_size=7),
    "odi_answers": st.lists(st.none() | st.integers(-1, 6), min_size=8, max_size=11),
    "leg_symptom_kinds": st.lists(st.sampled_from(["pain", "numbness", "itch"]), max_size=3),
    "zzz": json_scalars,
})


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(checkin_values)
def test_agrees_with_jsonschema_on_check_ins(document: Any) -> None:
    assert ours_ok(CHECKIN, document) == reference_ok(CHECKIN, document)


def test_the_check_in_asks_leg_symptoms_warning_signs_and_start_back_as_the_intake_does() -> None:
    for name in ("leg_symptoms", "leg_symptom_kinds", "red_flags", "start_back"):
        assert CHECKIN["properties"][name] == INTAKE["properties"][name], name


account_strings = st.text(max_size=3) | st.integers(0, 400).map(lambda n: "a@b." + "x" * n) | st.sampled_from(
    ["a@b.org\x00", "a@b.org\n", "patient", "clinician", "correct horse battery"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["register", "login", "account"]),
       st.dictionaries(st.sampled_from(["email", "password", "role", "other"]),
                       account_strings | st.integers() | st.none(), max_size=4))
def test_agrees_with_jsonschema_on_account_bodies(kind: str, document: dict[str, Any]) -> None:
    schema = {**ACCOUNT, "$ref": f"#/$defs/{kind}"}
    try:
        Validator(ACCOUNT).validate(document, kind)
        ours = True
    except SchemaViolation:
        ours = False
    assert ours == reference_ok(schema, document)


EVENT = load_contract("event.schema.json")
VIDEO = load_contract("video.schema.json")


@pytest.mark.parametrize("schema", [EVENT, VIDEO], ids=["event", "video"])
def test_the_event_and_video_schemas_use_only_supported_keywords(schema: Any) -> None:
    assert unsupported_keywords(schema) == set()
    jsonschema.Draft202012Validator.check_schema(schema)


COMBINED = {
    "type": "object",
    "properties": {"kind": {"enum": ["a", "b"]}, "secret": {"not": {}}},
    "allOf": [{"if": {"properties": {"kind": {"const": "a"}}}, "then": {"required": ["n"]},
               "else": {"required": ["s"]}},
              {"properties": {"n": {"$ref": "#/$defs/small", "minimum": 1}}}],
    "$defs": {"small": {"type": "integer", "maximum": 3}},
}
combined_values = st.dictionaries(st.sampled_from(["kind", "secret", "n", "s"]),
                                  st.sampled_from(["a", "b", "c"]) | st.integers(-1, 5) | st.none(), max_size=4)


@settings(max_examples=300)
@given(combined_values)
def test_agrees_with_jsonschema_on_allof_if_then_else_not_and_ref_siblings(document: dict[str, Any]) -> None:
    assert ours_ok(COMBINED, document) == reference_ok(COMBINED, document)


@pytest.mark.parametrize(
    ("document", "path", "words"),
    [
        ({"kind": "a"}, "n", "required"),
        ({"kind": "b"}, "s", "required"),
        ({"kind": "a", "n": 0}, "n", "at least 1"),  # the keyword beside the $ref
        ({"kind": "a", "n": 4}, "n", "at most 3"),  # the referenced schema
        ({"kind": "a", "n": 1, "secret": None}, "secret", "not allowed"),
    ],
)
def test_combined_keywords_name_the_field(document: dict[str, Any], path: str, words: str) -> None:
    with pytest.raises(SchemaViolation) as caught:
        Validator(COMBINED).validate(document)
    assert (caught.value.path, words in caught.value.problem) == (path, True), caught.value


def test_an_error_message_words_only_the_keyword_it_names() -> None:
    schema = {"properties": {"url": {"type": "string", "maxLength": 10, "pattern": "^https://",
                                     "errorMessage": {"pattern": "must start with https://"}}}}
    with pytest.raises(SchemaViolation) as caught:
        Validator(schema).validate({"url": "ftp://x"})
    assert (caught.value.path, caught.value.problem, caught.value.keyword) == ("url", "must start with https://",
                                                                               "pattern")
    with pytest.raises(SchemaViolation) as caught:
        Validator(schema).validate({"url": "https://" + "x" * 10})
    assert caught.value.problem == "must be at most 10 characters long"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_not_numbers(value: float) -> None:
    for type_name in ("number", "integer"):
        assert not ours_ok({"type": type_name}, value)
    assert not ours_ok({"type": "number", "minimum": 0, "maximum": 10}, value)
    with pytest.raises(SchemaViolation, match="must be a number"):
        Validator({"type": "number"}).validate(value)


def test_a_message_showing_a_lone_surrogate_can_be_printed() -> None:
    with pytest.raises(SchemaViolation) as caught:
        Validator({"enum": ["a"]}).validate("x\ud800")
    str(caught.value).encode("utf-8")
    assert "\\ud800" in caught.value.problem

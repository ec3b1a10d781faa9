"""Session events are checked against contracts/event.schema.json: each type takes its own fields, and a
refusal names the field and what is allowed."""

from __future__ import annotations

import math
from typing import Any

import pytest

from backcoach.domain.session_model import EVENT_TYPES
from backcoach.errors import InvalidInput
from backcoach.services.session_replay import check_event, parse_events

GOOD: list[dict[str, Any]] = [
    {"at": 0, "type": "start"},
    {"at": 0.5, "type": "tick"},
    {"at": 1, "type": "pause"},
    {"at": 2, "type": "resume"},
    {"at": 3, "type": "skip"},
    {"at": 4, "type": "rep_done"},
    {"at": 5, "type": "stop"},
    {"at": 6, "type": "pain_report", "level": 3, "sharp": False, "leg_symptoms": "buttock"},
    {"at": 6, "type": "pain_report", "level": None, "sharp": True},
    {"at": 6, "type": "pain_report"},
    {"at": 6, "type": "pain_report", "level": 0, "leg_symptom_kinds": ["pain", "tingling"],
     "red_flags": {"saddle_numbness": False, "fever_or_chills": True}},
    {"at": 6, "type": "pain_report", "leg_symptom_kinds": None, "red_flags": None},
    {"at": 7, "type": "form", "valid": False},
    {"at": 7, "type": "form", "valid": False, "cue": "Keep your hips down.", "message": "hips lifted"},
    {"at": 7, "type": "form", "valid": True},
    {"at": 8, "type": "warning_sign", "red_flags": {"saddle_numbness": True}},
    {"at": 8, "type": "warning_sign", "red_flags": {"dark_urine": False}, "leg_symptoms": "foot",
     "leg_symptom_kinds": ["weakness"], "level": 6, "sharp": False},
]


@pytest.mark.parametrize("event", GOOD, ids=lambda e: str(e["type"]))
def test_every_event_type_is_accepted_with_its_own_fields(event: dict[str, Any]) -> None:
    assert check_event(dict(event)) == event


def test_the_good_events_cover_every_type() -> None:
    assert {e["type"] for e in GOOD} == set(EVENT_TYPES)


BAD: list[tuple[object, str, str]] = [
    ([1, 2], "event", "must be an object"),
    ("start", "event", "must be an object"),
    ({"type": "start"}, "at", "is required"),
    ({"at": -1, "type": "start"}, "at", "at least 0"),
    ({"at": "1", "type": "tick"}, "at", "must be a number"),
    ({"at": True, "type": "tick"}, "at", "must be a number"),
    ({"at": math.inf, "type": "tick"}, "at", "must be a number"),
    ({"at": math.nan, "type": "tick"}, "at", "must be a number"),
    ({"at": 0}, "type", "is required"),
    ({"at": 0, "type": "dance"}, "type", '"dance" is not one of: "start", "tick"'),
    ({"at": 0, "type": "start", "note": "seen"}, "note",
     "is not a field of a start event, which takes only at and type"),
    ({"at": 0, "type": "tick", "level": 3}, "level", "not a field of a tick event"),
    ({"at": 0, "type": "pause", "side": "left"}, "side", "not a field of a pause event"),
    ({"at": 0, "type": "resume", "reason": "x"}, "reason", "not a field of a resume event"),
    ({"at": 0, "type": "skip", "exercise_id": "x"}, "exercise_id", "not a field of a skip event"),
    ({"at": 0, "type": "rep_done", "count": 2}, "count", "not a field of a rep_done event"),
    ({"at": 0, "type": "stop", "valid": True}, "valid", "not a field of a stop event"),
    ({"at": 0, "type": "start", "triage": {"level": "self_care_ok"}}, "triage",
     "is worked out by BackCoach from 'red_flags'; don't send it"),
    ({"at": 0, "type": "warning_sign", "red_flags": {"saddle_numbness": True}, "triage": {}}, "triage",
     "is worked out by BackCoach"),
    ({"at": 0, "type": "pain_report", "level": 11}, "level", "at most 10"),
    ({"at": 0, "type": "pain_report", "level": -1}, "level", "at least 0"),
    ({"at": 0, "type": "pain_report", "level": 4.5}, "level", "must be a whole number or null"),
    ({"at": 0, "type": "pain_report", "level": True}, "level", "must be a whole number"),
    ({"at": 0, "type": "pain_report", "sharp": "yes"}, "sharp", "must be true or false"),
    ({"at": 0, "type": "pain_report", "sharp": None}, "sharp", "must be true or false"),
    ({"at": 0, "type": "pain_report", "leg_symptoms": "knee"}, "leg_symptoms", '"none", "buttock", "above_knee"'),
    ({"at": 0, "type": "pain_report", "leg_symptom_kinds": "pain"}, "leg_symptom_kinds", "must be a list"),
    ({"at": 0, "type": "pain_report", "leg_symptom_kinds": ["itch"]}, "leg_symptom_kinds[0]", '"pain", "numbness"'),
    ({"at": 0, "type": "pain_report", "leg_symptom_kinds": ["pain", "pain"]}, "leg_symptom_kinds[1]", "repeated"),
    ({"at": 0, "type": "pain_report", "red_flags": ["saddle_numbness"]}, "red_flags", "must be an object"),
    ({"at": 0, "type": "pain_report", "red_flags": {"hiccups": True}}, "red_flags.hiccups", '"saddle_numbness"'),
    ({"at": 0, "type": "pain_report", "red_flags": {"saddle_numbness": "yes"}}, "red_flags.saddle_numbness",
     "must be true or false"),
    ({"at": 0, "type": "pain_report", "pain_now": 4}, "pain_now", "not a field of a pain_report event"),
    ({"at": 0, "type": "warning_sign"}, "red_flags", 'is required: a warning_sign event names the warning signs'),
    ({"at": 0, "type": "warning_sign", "red_flags": {}}, "red_flags", "at least one warning sign"),
    ({"at": 0, "type": "warning_sign", "red_flags": None}, "red_flags", "must name the warning signs"),
    ({"at": 0, "type": "warning_sign", "red_flags": {"fever": True}}, "red_flags.fever", "is not one of"),
    ({"at": 0, "type": "warning_sign", "red_flags": {"saddle_numbness": True}, "leg_symptoms": "hip"},
     "leg_symptoms", "is not one of"),
    ({"at": 0, "type": "form"}, "valid", "is required"),
    ({"at": 0, "type": "form", "valid": "false"}, "valid", "must be true or false"),
    ({"at": 0, "type": "form", "valid": False, "cue": 3}, "cue", "must be a string"),
    ({"at": 0, "type": "form", "valid": False, "cue": "x" * 501}, "cue", "at most 500 characters"),
    ({"at": 0, "type": "form", "valid": True, "level": 2}, "level", "not a field of a form event"),
]


@pytest.mark.parametrize(("event", "field", "words"), BAD, ids=lambda v: str(v)[:40])
def test_a_bad_event_names_its_field_and_what_is_allowed(event: object, field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_event(event)
    assert refused.value.field == field
    assert words in refused.value.problem, refused.value.problem


def test_each_type_refuses_an_unknown_field() -> None:
    for kind in EVENT_TYPES:
        event = next(e for e in GOOD if e["type"] == kind)
        with pytest.raises(InvalidInput) as refused:
            check_event({**event, "unknown": 1})
        assert refused.value.field == "unknown" and f"a {kind} event" in refused.value.problem


def test_a_line_of_an_events_file_is_named_before_the_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_events(['{"at": 0, "type": "start"}', "", '{"at": 1, "type": "pain_report", "level": 12}'], "--events")
    assert refused.value.field == "--events line 3: level"
    with pytest.raises(InvalidInput) as refused:
        parse_events(["[1]"], "--events")
    assert refused.value.field == "--events line 1" and "must be an object" in refused.value.problem


def test_an_events_file_is_read_in_order() -> None:
    lines = ['{"at": 0, "type": "start"}', '{"at": 2, "type": "form", "valid": false, "cue": "slower"}']
    assert parse_events(lines) == [{"at": 0, "type": "start"}, {"at": 2, "type": "form", "valid": False,
                                                                "cue": "slower"}]


def test_checking_an_event_by_its_type_answers_as_the_whole_schema_does() -> None:
    """The per-type validators (the hot path) refuse and accept exactly what the whole event schema does."""
    from backcoach.contracts.validator import SchemaViolation
    from backcoach.services import session_replay

    whole = session_replay._event_validator()
    samples: list[dict[str, Any]] = [
        {"at": 1, "type": "start"}, {"at": 1, "type": "start", "level": 3}, {"at": 1, "type": "tick", "note": "x"},
        {"at": 2, "type": "pain_report", "level": 4, "sharp": False}, {"at": 2, "type": "pain_report", "level": 11},
        {"at": 2, "type": "form", "valid": True}, {"at": 2, "type": "form"}, {"at": 2, "type": "form", "valid": 1},
        {"at": 3, "type": "warning_sign", "red_flags": {"saddle_numbness": True}},
        {"at": 3, "type": "warning_sign", "red_flags": {}}, {"at": 3, "type": "stop", "triage": {}},
        {"at": -1, "type": "pause"}, {"at": 4, "type": "rep_done"}, {"at": 4, "type": "skip", "sharp": True},
    ]
    for event in samples:
        by_type = session_replay._event_validators_by_type()[event["type"]]
        outcomes = []
        for validator in (whole, by_type):
            try:
                validator.validate(event)
                outcomes.append(None)
            except SchemaViolation as violation:
                outcomes.append((violation.path, violation.problem))
        assert outcomes[0] == outcomes[1], event

"""contracts/video.schema.json: the text a number may be given as is the text Python reads as a finite number,
and our validator agrees with the reference jsonschema on catalogue lines."""

from __future__ import annotations

import math
import re
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcoach.contracts.validator import SchemaViolation, Validator
from tests.conftest import load_contract

VIDEO = load_contract("video.schema.json")
NUMBER_TEXT = re.compile(VIDEO["$defs"]["seconds"]["pattern"])


def reads_as_a_number(text: str) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    return not any(word in text.lower() for word in ("inf", "nan")) or math.isfinite(value)


@settings(max_examples=1000)
@given(st.text(alphabet="0123456789._+-eE \t\nx\u0663", max_size=12))
def test_number_text_is_what_float_reads_without_infinity_or_nan(text: str) -> None:
    assert (NUMBER_TEXT.search(text) is not None) == reads_as_a_number(text), repr(text)


def test_infinity_and_nan_are_not_number_text() -> None:
    for text in ("inf", "-inf", "Infinity", "nan", "NaN", ""):
        assert NUMBER_TEXT.search(text) is None, text


def test_seconds_views_and_the_chapters_share_one_definition_each() -> None:
    properties, chapter = VIDEO["properties"], VIDEO["$defs"]["chapter"]["properties"]
    assert properties["duration"]["$ref"] == "#/$defs/seconds"
    assert chapter["start_time"]["$ref"] == chapter["end_time"]["$ref"] == "#/$defs/seconds"
    assert properties["view_count"]["$ref"] == "#/$defs/views"
    assert (VIDEO["$defs"]["seconds"]["maximum"], VIDEO["$defs"]["views"]["maximum"]) == (86400, 10**12)


scalars = (st.none() | st.booleans() | st.integers(-2, 10**13) | st.floats(-1, 1e5, allow_nan=False)
           | st.sampled_from(["", "x", "612", "1e9", "20240312", "2024", "https://e.org/v", "ftp://x", "a\x00b"]))
lines = st.dictionaries(
    st.sampled_from(["id", "title", "description", "duration", "upload_date", "webpage_url", "url", "view_count",
                     "tags", "chapters", "other"]),
    scalars | st.lists(scalars, max_size=2)
    | st.lists(st.dictionaries(st.sampled_from(["title", "start_time", "end_time"]), scalars), max_size=2),
    max_size=6)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_agrees_with_jsonschema_on_catalogue_lines(line: dict[str, Any]) -> None:
    try:
        Validator(VIDEO).validate(line)
        ours = True
    except SchemaViolation:
        ours = False
    assert ours == jsonschema.Draft202012Validator(VIDEO).is_valid(line)

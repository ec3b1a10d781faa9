"""The hardened JSON reader: what it refuses, where it says the problem is, and that its work stays bounded."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backcoach.contracts.json_input import MAX_DEPTH, MAX_NUMBER, JsonRefused, decode, load_json
from backcoach.errors import InvalidInput, UnreadableInput

DIGITS_5000 = "9" * 5000


@pytest.mark.parametrize(("text", "path", "words"), [
    ('{"age": 1e400}', "age", "too large"),
    ('{"age": -1e400}', "age", "too large"),
    ('{"age": 1e300}', "age", "too large"),
    ('{"age": 1' + "0" * 400 + "}", "age", "too large"),
    ('{"age": ' + DIGITS_5000 + "}", "age", "too large"),  # past Python's 4300-digit limit: still named
    ('{"age": -' + DIGITS_5000 + "}", "age", "too large"),
    ('{"age": 9007199254740993}', "age", "too large"),
    ('{"age": NaN}', "age", "NaN"),
    ('{"a": [1, Infinity]}', "a[1]", "Infinity"),
    ('{"a": {"b": -Infinity}}', "a.b", "-Infinity"),
    ('{"a": ["x", "\\ud800"]}', "a[1]", "surrogate"),
    ('{"a": "\\udfff tail"}', "a", "surrogate"),
    ('{"\\ud800": 1}', "\\ud800", "field name holds a lone UTF-16 surrogate"),
    ('{"a": "x\\u0000y"}', "a", "NUL"),
    ('{"k\\u0000": 1}', "k\\u0000", "field name holds a NUL"),
    ("NaN", "", "NaN"),
])
def test_refused_values_are_named_by_their_field(text: str, path: str, words: str) -> None:
    with pytest.raises(JsonRefused) as refused:
        decode(text)
    assert (refused.value.path, refused.value.unreadable) == (path, False)
    assert words in refused.value.problem
    str(refused.value).encode("utf-8")  # the message itself can always be sent and printed


@pytest.mark.parametrize(("text", "words"), [
    ("[" * 100_000, f"nested deeper than {MAX_DEPTH} levels"),
    ('{"a":' * 100_000, f"nested deeper than {MAX_DEPTH} levels"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"nested deeper than {MAX_DEPTH} levels"),
    ('{"a": [' * 20 + "1" + "]}" * 20, f"nested deeper than {MAX_DEPTH} levels"),
    ("{nope", "is not valid JSON (Expecting property name enclosed in double quotes at line 1 column 2)"),
    (b'{"a": "\xed\xa0\x80"}', "is not UTF-8 text"),  # a surrogate written as raw (invalid) UTF-8 bytes
    ("", "is not valid JSON"),
])
def test_unreadable_texts(text: str | bytes, words: str) -> None:
    with pytest.raises(JsonRefused) as refused:
        decode(text)
    assert refused.value.unreadable and refused.value.path == ""
    assert words in refused.value.problem


@pytest.mark.parametrize("document", [
    {"age": MAX_NUMBER, "low": -MAX_NUMBER, "pi": 3.14159, "tiny": 1e-300, "float": 1.5e15},
    {"emoji": "\ud83d\ude00", "accents": "Łódź café", "brackets": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["},
    {"id": "v" + "1" * 40, "url": "https://example.org/?lmt=1712345678901234567"},  # long digit runs in text
    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],  # exactly MAX_DEPTH levels
    {"escaped": 'a "quoted" \\ backslash \\u0000 written out, not a NUL'},
    None, True, 0, "text",
])
def test_ordinary_documents_read_as_json_does(document: Any) -> None:
    text = json.dumps(document)
    assert decode(text) == json.loads(text)
    assert decode(text.encode("utf-8")) == json.loads(text)


@given(st.recursive(st.none() | st.booleans() | st.integers(-MAX_NUMBER, MAX_NUMBER) | st.text()
                    | st.floats(-1e15, 1e15, allow_nan=False),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
                    max_leaves=20))
def test_agrees_with_json_where_it_accepts(document: Any) -> None:
    text = json.dumps(document)
    try:
        parsed = decode(text)
    except JsonRefused as refused:  # only a string that cannot be stored, or a depth beyond the limit
        assert "surrogate" in refused.problem or "NUL" in refused.problem or "nested" in refused.problem
    else:
        assert parsed == json.loads(text)


def test_load_json_maps_refusals_to_the_error_tree() -> None:
    with pytest.raises(UnreadableInput) as unreadable:
        load_json("[" * 100_000, "--answers")
    assert unreadable.value.field == "--answers" and unreadable.value.exit_code == 2
    with pytest.raises(InvalidInput) as invalid:
        load_json('{"age": ' + DIGITS_5000 + "}", "--answers")
    assert invalid.value.field == "age" and invalid.value.http_status == 422
    assert not isinstance(invalid.value, UnreadableInput)


@pytest.mark.parametrize("text", [
    '"' + '\\"' * 120_000,  # an unterminated string of escaped quotes (quadratic for a naive string regex)
    "[" * 250_000,
    '{"a":' * 50_000,
    "[" + ",".join(['{"a": [1, "s[{", 12345678901234567]}'] * 7_000) + "]",
    "[" + ",".join(["1" * 4000] * 60) + "]",
])
def test_the_work_stays_bounded_for_a_body_of_the_largest_size(text: str) -> None:
    assert len(text) <= 256 * 1024
    started = time.perf_counter()
    with pytest.raises(JsonRefused):
        decode(text)
    assert time.perf_counter() - started < 1.0

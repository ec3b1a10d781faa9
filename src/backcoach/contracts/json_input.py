"""The one reader of JSON that comes from outside: web request bodies, documents named on the command line
(answers, plans), catalogue lines. Plain ``json.loads`` accepts things BackCoach can neither compute with nor
store, and some of them crash it; this reader refuses them at the edge, naming where they are:

- ``NaN``, ``Infinity``, ``-Infinity`` (not JSON at all) and numbers that overflow (``1e400`` reads as infinity);
- numbers beyond ±2^53 (``MAX_NUMBER``, the exact-integer range of I-JSON, RFC 7493): a 5,000-digit integer
  would otherwise raise ``ValueError`` (past Python's 4300-digit limit), and a number past the database's integer
  columns crashes the store;
- nesting deeper than ``MAX_DEPTH`` levels (``[`` x 100000 would otherwise raise ``RecursionError``);
- a lone UTF-16 surrogate (``"\\ud800"``) or a NUL character (``"\\u0000"``) in any string or field name: neither
  can be encoded as UTF-8 or kept in a PostgreSQL text column.

Work is bounded and linear in the text: the checks after parsing run only when the text could hold such a thing
(a refused number was seen, there are more brackets than ``MAX_DEPTH``, a run of 16 digits follows a colon, comma
or bracket, or the text has a NUL, a surrogate or the ``\\u`` escape of one); the depth is measured only on text
the parser accepted. The domain never reads JSON from outside and does not import this module (import-linter).
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

from backcoach.errors import InvalidInput, UnreadableInput

MAX_DEPTH = 32
MAX_NUMBER = 2**53
_MAX_DIGITS = len(str(MAX_NUMBER))
TOO_DEEP = f"is nested deeper than {MAX_DEPTH} levels"
TOO_LARGE = f"is a number too large: numbers must lie within ±{MAX_NUMBER} (2^53)"
# Strings (whose brackets do not count) and runs of anything but brackets.
_NOT_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[^\[\]{}"]+', re.DOTALL)
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# What calls for the check after parsing: a character no string may hold, the escape that writes one (a
# surrogate pair is fine once decoded), or an integer long enough to lie beyond 2^53 (a number starts the text
# or follows a colon, comma or bracket; digits in a string rarely do, and cost only the check when they do).
_SUSPECT = re.compile(rf"[\x00\ud800-\udfff]|\\u(?:0000|[dD][89a-fA-F])|(?:^|[:,\[])\s*-?[0-9]{{{_MAX_DIGITS}}}")
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


class JsonRefused(Exception):
    """Why a JSON text is refused. ``path`` is the dotted field inside the document ("" for the text as a
    whole); ``problem`` reads after it ("is nested deeper than 32 levels"); ``syntax`` is the parser's error
    when the text is not JSON at all."""

    def __init__(self, path: str, problem: str, *, unreadable: bool = False,
                 syntax: json.JSONDecodeError | None = None) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path
        self.problem = problem
        self.unreadable = unreadable  # the text as a whole cannot be read (not JSON, too deep), not one value
        self.syntax = syntax


def load_json(text: str | bytes, source: str) -> Any:
    """Parse a JSON document from outside; ``source`` names it (``body``, ``--answers``). Text that is not
    JSON, or nests too deep, raises UnreadableInput naming the source; a refused value raises InvalidInput
    naming its dotted field (as the contract checks do), or the source for the document itself."""
    try:
        return decode(text)
    except JsonRefused as refused:
        if refused.unreadable:
            raise UnreadableInput(source, refused.problem) from None
        raise InvalidInput(refused.path or source, refused.problem) from None


def decode(text: str | bytes) -> Any:
    """Parse a JSON text, or raise :class:`JsonRefused` (see the module's docstring for what is refused)."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode(json.detect_encoding(text))
        except UnicodeDecodeError as error:
            raise JsonRefused("", f"is not UTF-8 text (byte {error.start})", unreadable=True) from None
    numbers = _Numbers()
    try:
        document = _parse(text, numbers)
    except ValueError:  # an integer of more than 4300 digits (sys.get_int_max_str_digits): find which one
        numbers = _Numbers(integers=True)
        document = _parse(text, numbers)
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise JsonRefused("", TOO_DEEP, unreadable=True)
    if numbers.refused or _SUSPECT.search(text):
        _check(document)
    return document


def _parse(text: str, numbers: _Numbers) -> Any:
    try:
        return json.loads(text, parse_float=numbers.real, parse_constant=numbers.constant,
                          parse_int=numbers.integer if numbers.integers else None)
    except json.JSONDecodeError as error:
        raise JsonRefused("", f"is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})",
                          unreadable=True, syntax=error) from None
    except RecursionError:
        raise JsonRefused("", TOO_DEEP, unreadable=True) from None


def _depth(valid_json: str) -> int:
    """How deep a valid JSON text nests (strings and other values removed, then the brackets counted), without
    recursion."""
    skeleton = _NOT_BRACKET.sub("", valid_json)
    return max(accumulate(map(_STEP.__getitem__, skeleton)), default=0)


class _Refused:
    """Stands in the parsed document for a number that is refused, until its field is known."""

    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem


class _Numbers:
    """The parser's number hooks: each refusal is recorded and left in place as a :class:`_Refused`. Integers
    are left to the parser (fast) unless ``integers``: then each is checked before it is converted."""

    def __init__(self, *, integers: bool = False) -> None:
        self.integers = integers
        self.refused = False

    def _refuse(self, problem: str) -> _Refused:
        self.refused = True
        return _Refused(problem)

    def integer(self, digits: str) -> int | _Refused:
        if len(digits.lstrip("-")) > _MAX_DIGITS:
            return self._refuse(TOO_LARGE)
        return int(digits)

    def real(self, digits: str) -> float | _Refused:
        value = float(digits)
        return value if math.isfinite(value) and abs(value) <= MAX_NUMBER else self._refuse(TOO_LARGE)

    def constant(self, name: str) -> _Refused:
        return self._refuse(f"is {name}, which is not a number JSON allows")


def _check(document: object) -> None:
    """Raise JsonRefused at the first refused number, or string or field name that cannot be stored, in
    document order; iterative, so any depth the parser accepted is walked safely."""
    stack: list[tuple[str, object]] = [("", document)]
    while stack:
        path, value = stack.pop()
        problem = _problem(value)
        if problem is not None:
            raise JsonRefused(path, problem)
        stack.extend(reversed(_children(path, value)))


def _problem(value: object) -> str | None:
    if isinstance(value, str):
        return _unstorable(value) if _UNSTORABLE.search(value) else None
    if isinstance(value, _Refused):
        return value.problem
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        return TOO_LARGE
    return None


def _children(path: str, value: object) -> list[tuple[str, object]]:
    if isinstance(value, list):
        return [(f"{path}[{index}]", item) for index, item in enumerate(value)]
    if not isinstance(value, dict):
        return []
    children: list[tuple[str, object]] = []
    for key, item in value.items():
        where = _join(path, _shown(key))
        if _UNSTORABLE.search(key):
            raise JsonRefused(where, f"the field name {_unstorable(key)}")
        children.append((where, item))
    return children


def _unstorable(text: str) -> str:
    if "\x00" in text:
        return "holds a NUL character (\\u0000), which text cannot hold"
    return "holds a lone UTF-16 surrogate (such as \\ud800), which is not a character"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _shown(key: str) -> str:
    """A field name as it can be shown in an error (and encoded as UTF-8): escaped, and at most 60 characters."""
    shown = key.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\u0000")
    return shown if len(shown) <= 60 else f"{shown[:57]}..."

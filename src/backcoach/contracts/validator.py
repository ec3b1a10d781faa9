"""A small JSON Schema (2020-12 subset) validator that names the offending field.

It covers what our contracts and knowledge schemas use: type, enum, const, minimum, maximum,
minLength, maxLength, pattern, required, properties, additionalProperties, propertyNames,
minProperties, maxProperties, items, minItems, maxItems, uniqueItems, allOf, if/then/else, not and local
``$ref`` to ``#/$defs/...`` (its sibling keywords apply too, as in 2020-12). A number must be finite (JSON has no
NaN or infinity). ``errorMessage`` (as in ajv-errors, object form only) maps a keyword of the same schema to the
problem to report when that keyword fails, e.g. ``{"pattern": "must start with https://"}``. It is pure, imports
in a millisecond (the command line must start fast) and is checked against the reference ``jsonschema`` package
in tests.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

Schema = Mapping[str, Any]

_TYPE_NAMES = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}

SUPPORTED_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "enum", "const",
        "minimum", "maximum", "minLength", "maxLength", "pattern", "required", "properties",
        "additionalProperties", "propertyNames", "minProperties", "maxProperties", "items", "minItems",
        "maxItems", "uniqueItems", "deprecated", "allOf", "if", "then", "else", "not", "errorMessage",
    }
)
_SUBSCHEMA_KEYWORDS = ("items", "additionalProperties", "propertyNames", "if", "then", "else", "not")


class SchemaViolation(ValueError):
    """The first place where a document breaks its schema."""

    def __init__(self, path: str, problem: str, keyword: str = "") -> None:
        super().__init__(f"{path or '(document)'}: {problem}")
        self.path = path
        self.problem = problem
        self.keyword = keyword  # the schema keyword that failed ("required", "pattern", ...)


def _fail(schema: Schema, path: str, keyword: str, problem: str) -> SchemaViolation:
    """The violation of ``keyword`` of ``schema``, worded by the schema's ``errorMessage`` when it has one."""
    messages = schema.get("errorMessage")
    if isinstance(messages, Mapping) and isinstance(messages.get(keyword), str):
        problem = messages[keyword]
    return SchemaViolation(path, problem, keyword)


def _is_type(value: object, type_name: str) -> bool:
    if type_name == "object":
        return isinstance(value, dict)
    if type_name == "array":
        return isinstance(value, list)
    if type_name == "string":
        return isinstance(value, str)
    if type_name == "boolean":
        return isinstance(value, bool)
    if type_name == "integer":
        if isinstance(value, float) and value.is_integer():
            return True
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "number":
        if isinstance(value, float):
            return math.isfinite(value)
        return isinstance(value, int) and not isinstance(value, bool)
    return value is None


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _show(value: object) -> str:
    """A value as a message shows it: JSON, at most 60 characters, always encodable (a lone surrogate escaped)."""
    text = json.dumps(value, ensure_ascii=False, default=str).encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 60 else text[:57] + "..."


class Validator:
    """Validates documents against one schema; reusable and thread-safe."""

    def __init__(self, schema: Schema) -> None:
        self._root = schema

    def validate(self, document: object, definition: str | None = None) -> None:
        """Raise :class:`SchemaViolation` at the first problem found, depth first.

        With ``definition``, validate against ``#/$defs/<definition>`` of the schema instead of its root.
        """
        schema = self._root if definition is None else {"$ref": f"#/$defs/{definition}"}
        self._check(document, schema, "")

    def is_valid(self, document: object, schema: Schema) -> bool:
        """Whether ``document`` satisfies ``schema`` (a part of this validator's schema), without raising."""
        try:
            self._check(document, schema, "")
        except SchemaViolation:
            return False
        return True

    def _target(self, ref: object) -> Schema:
        if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {ref!r}")
        target: Schema = self._root["$defs"][ref.removeprefix("#/$defs/")]
        return target

    def _check(self, value: object, schema: Schema, path: str) -> None:
        if "$ref" in schema:  # the referenced schema, then the keywords beside the $ref (2020-12)
            self._check(value, self._target(schema["$ref"]), path)
        self._check_scalar_rules(value, schema, path)
        if isinstance(value, dict):
            self._check_object(value, schema, path)
        elif isinstance(value, list):
            self._check_array(value, schema, path)
        self._check_combined(value, schema, path)

    def _check_combined(self, value: object, schema: Schema, path: str) -> None:
        for part in schema.get("allOf", ()):
            self._check(value, part, path)
        if "if" in schema:
            branch = "then" if self.is_valid(value, schema["if"]) else "else"
            if branch in schema:
                self._check(value, schema[branch], path)
        if "not" in schema and self.is_valid(value, schema["not"]):
            raise _fail(schema, path, "not", "is not allowed here")

    def _check_scalar_rules(self, value: object, schema: Schema, path: str) -> None:
        self._check_type(value, schema, path)
        if "const" in schema and not _same(value, schema["const"]):
            raise _fail(schema, path, "const", f"must be {_show(schema['const'])}, got {_show(value)}")
        if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
            options = ", ".join(_show(o) for o in schema["enum"])
            raise _fail(schema, path, "enum", f"{_show(value)} is not one of: {options}")
        if _is_type(value, "number"):
            self._check_range(float(value), value, schema, path)  # type: ignore[arg-type]
        if isinstance(value, str):
            self._check_string(value, schema, path)

    def _check_type(self, value: object, schema: Schema, path: str) -> None:
        expected = schema.get("type")
        if expected is not None:
            names = [expected] if isinstance(expected, str) else list(expected)
            if not any(_is_type(value, name) for name in names):
                wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
                raise _fail(schema, path, "type", f"must be {wanted}, got {_show(value)}")

    @staticmethod
    def _check_range(number: float, value: object, schema: Schema, path: str) -> None:
        if "minimum" in schema and number < schema["minimum"]:
            raise _fail(schema, path, "minimum", f"must be at least {schema['minimum']}, got {_show(value)}")
        if "maximum" in schema and number > schema["maximum"]:
            raise _fail(schema, path, "maximum", f"must be at most {schema['maximum']}, got {_show(value)}")

    @staticmethod
    def _check_string(value: str, schema: Schema, path: str) -> None:
        if len(value) < schema.get("minLength", 0):
            raise _fail(schema, path, "minLength", f"must be at least {schema['minLength']} characters long")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            raise _fail(schema, path, "maxLength", f"must be at most {schema['maxLength']} characters long")
        if "pattern" in schema and not _compiled(schema["pattern"]).search(value):
            raise _fail(schema, path, "pattern", f"{_show(value)} does not match {schema['pattern']}")

    def _check_object(self, value: dict[str, object], schema: Schema, path: str) -> None:
        if len(value) < schema.get("minProperties", 0):
            raise _fail(schema, path, "minProperties", f"must hold at least {schema['minProperties']} entries")
        if "maxProperties" in schema and len(value) > schema["maxProperties"]:
            raise _fail(schema, path, "maxProperties", f"must hold at most {schema['maxProperties']} entries")
        for name in schema.get("required", ()):
            if name not in value:
                raise _fail(schema, _join(path, name), "required", "is required but missing")
        properties: Mapping[str, Schema] = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        for key, item in value.items():
            if isinstance(names, Mapping):
                self._check(key, names, _join(path, key))
            if key in properties:
                self._check(item, properties[key], _join(path, key))
            elif extra is False:
                raise _fail(schema, _join(path, key), "additionalProperties", "is not a known field")
            elif isinstance(extra, Mapping):
                self._check(item, extra, _join(path, key))

    def _check_array(self, value: list[object], schema: Schema, path: str) -> None:
        if len(value) < schema.get("minItems", 0):
            raise _fail(schema, path, "minItems", f"must hold at least {schema['minItems']} item(s)")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            raise _fail(schema, path, "maxItems", f"must hold at most {schema['maxItems']} item(s)")
        if schema.get("uniqueItems"):
            seen: list[object] = []
            for index, item in enumerate(value):
                if any(_same(item, other) for other in seen):
                    raise _fail(schema, _join(path, index), "uniqueItems", f"{_show(item)} is repeated")
                seen.append(item)
        items = schema.get("items")
        if isinstance(items, Mapping):
            for index, item in enumerate(value):
                self._check(item, items, _join(path, index))


def _same(left: object, right: object) -> bool:
    """JSON equality: true is not 1, and 1.0 equals 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, Sequence) and isinstance(right, Sequence) and not isinstance(left, str):
        if isinstance(right, str):
            return False
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right, strict=True))
    return left == right


def unsupported_keywords(schema: object) -> set[str]:
    """Keywords a schema uses that this validator does not implement (for tests and load checks)."""
    found: set[str] = set()
    if isinstance(schema, Mapping):
        found |= {key for key in schema if key not in SUPPORTED_KEYWORDS}
        for key, child in schema.items():
            if key in ("properties", "$defs"):
                for sub in child.values():
                    found |= unsupported_keywords(sub)
            elif key == "allOf":
                for sub in child:
                    found |= unsupported_keywords(sub)
            elif key in _SUBSCHEMA_KEYWORDS:
                found |= unsupported_keywords(child)
    return found

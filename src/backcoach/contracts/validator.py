"""A small JSON Schema (2020-12 subset) validator that names the offending field.

It covers what our contracts and knowledge schemas use: type, enum, const, minimum, maximum,
minLength, maxLength, pattern, required, properties, additionalProperties, items, minItems, maxItems,
uniqueItems and local ``$ref`` to ``#/$defs/...``. It is pure, imports in a millisecond (the
command line must start fast) and is checked against the reference ``jsonschema`` package in tests.
"""

from __future__ import annotations

import json
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
        "additionalProperties", "items", "minItems", "maxItems", "uniqueItems", "deprecated",
    }
)


class SchemaViolation(ValueError):
    """The first place where a document breaks its schema."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path or '(document)'}: {problem}")
        self.path = path
        self.problem = problem


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
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return value is None


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
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

    def _resolve(self, schema: Schema) -> Schema:
        while "$ref" in schema:
            ref = schema["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
                raise ValueError(f"unsupported $ref {ref!r}")
            schema = self._root["$defs"][ref.removeprefix("#/$defs/")]
        return schema

    def _check(self, value: object, schema: Schema, path: str) -> None:
        schema = self._resolve(schema)
        self._check_scalar_rules(value, schema, path)
        if isinstance(value, dict):
            self._check_object(value, schema, path)
        elif isinstance(value, list):
            self._check_array(value, schema, path)

    def _check_scalar_rules(self, value: object, schema: Schema, path: str) -> None:
        self._check_type(value, schema, path)
        if "const" in schema and not _same(value, schema["const"]):
            raise SchemaViolation(path, f"must be {_show(schema['const'])}, got {_show(value)}")
        if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
            options = ", ".join(_show(o) for o in schema["enum"])
            raise SchemaViolation(path, f"{_show(value)} is not one of: {options}")
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
                raise SchemaViolation(path, f"must be {wanted}, got {_show(value)}")

    @staticmethod
    def _check_range(number: float, value: object, schema: Schema, path: str) -> None:
        if "minimum" in schema and number < schema["minimum"]:
            raise SchemaViolation(path, f"must be at least {schema['minimum']}, got {_show(value)}")
        if "maximum" in schema and number > schema["maximum"]:
            raise SchemaViolation(path, f"must be at most {schema['maximum']}, got {_show(value)}")

    @staticmethod
    def _check_string(value: str, schema: Schema, path: str) -> None:
        if len(value) < schema.get("minLength", 0):
            raise SchemaViolation(path, f"must be at least {schema['minLength']} characters long")
        if len(value) > schema.get("maxLength", len(value)):
            raise SchemaViolation(path, f"must be at most {schema['maxLength']} characters long")
        if "pattern" in schema and not _compiled(schema["pattern"]).search(value):
            raise SchemaViolation(path, f"{_show(value)} does not match {schema['pattern']}")

    def _check_object(self, value: dict[str, object], schema: Schema, path: str) -> None:
        for name in schema.get("required", ()):
            if name not in value:
                raise SchemaViolation(_join(path, name), "is required but missing")
        properties: Mapping[str, Schema] = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                self._check(item, properties[key], _join(path, key))
            elif extra is False:
                raise SchemaViolation(_join(path, key), "is not a known field")
            elif isinstance(extra, Mapping):
                self._check(item, extra, _join(path, key))

    def _check_array(self, value: list[object], schema: Schema, path: str) -> None:
        if len(value) < schema.get("minItems", 0):
            raise SchemaViolation(path, f"must hold at least {schema['minItems']} item(s)")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            raise SchemaViolation(path, f"must hold at most {schema['maxItems']} item(s)")
        if schema.get("uniqueItems"):
            seen: list[object] = []
            for index, item in enumerate(value):
                if any(_same(item, other) for other in seen):
                    raise SchemaViolation(_join(path, index), f"{_show(item)} is repeated")
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
            elif key in ("items", "additionalProperties"):
                found |= unsupported_keywords(child)
    return found

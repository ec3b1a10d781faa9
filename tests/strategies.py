"""Hypothesis strategies that generate valid intake answers straight from intake.schema.json."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tests.conftest import load_contract

INTAKE = load_contract("intake.schema.json")


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for documents valid against a (simple) schema: objects, enums, integers, booleans."""
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "integer":
        return st.integers(schema.get("minimum", -(10**6)), schema.get("maximum", 10**6))
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        items = schema["items"]
        return st.lists(from_schema(items), unique=bool(schema.get("uniqueItems")), max_size=len(items.get("enum", [])))
    if kind == "object":
        return _object(schema)
    raise ValueError(f"no strategy for {schema}")


def _object(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    return st.fixed_dictionaries(
        {name: from_schema(properties[name]) for name in properties if name in required},
        optional={name: from_schema(sub) for name, sub in properties.items() if name not in required},
    )


intake_answers = _object(INTAKE)
no_red_flags = intake_answers.map(lambda a: {k: v for k, v in a.items() if k != "red_flags"})

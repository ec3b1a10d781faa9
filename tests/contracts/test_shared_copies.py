"""The package's contracts began as copies of ../shared/contracts and are now the source of truth: they
evolve with a version, and every older answer, plan and exercise field keeps its meaning."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from tests.conftest import PACKAGE_CONTRACTS, SHARED_CONTRACTS


def shared(name: str) -> Any:
    path = SHARED_CONTRACTS / name
    if not path.exists():
        pytest.skip(f"{path} is not present beside this checkout")
    return json.loads(path.read_text(encoding="utf-8"))


def ours(name: str) -> Any:
    return json.loads((PACKAGE_CONTRACTS / name).read_text(encoding="utf-8"))


def test_the_version_1_intake_is_kept_exactly() -> None:
    assert ours("intake.v1.schema.json") == shared("intake.schema.json")


def test_intake_version_2_keeps_every_version_1_field() -> None:
    old, new = shared("intake.schema.json"), ours("intake.schema.json")
    assert set(old["required"]) == set(new["required"])
    for name, spec in old["properties"].items():
        if name == "schema_version":
            assert 1 in new["properties"][name]["enum"]
            continue
        kept = new["properties"][name]
        assert kept.get("type") == spec.get("type") and kept.get("enum") == spec.get("enum")
    assert set(old["properties"]["red_flags"]["properties"]) <= set(new["properties"]["red_flags"]["properties"])


def test_the_plan_contract_only_adds() -> None:
    old, new = shared("plan.schema.json"), ours("plan.schema.json")
    assert new["required"] == old["required"]
    assert new["properties"]["schema_version"] == old["properties"]["schema_version"]
    for name, spec in old["properties"].items():
        assert name in new["properties"]
        if "enum" in spec:
            assert new["properties"][name]["enum"] == spec["enum"]


def test_core_exercises_keep_every_version_1_field() -> None:
    old, new = shared("core_exercises.json"), ours("core_exercises.json")
    by_id = {e["id"]: e for e in new["exercises"]}
    for exercise in old["exercises"]:
        for key, value in exercise.items():
            assert by_id[exercise["id"]][key] == value, (exercise["id"], key)
    assert new["seed_programs"] == old["seed_programs"]


def test_plans_for_version_1_answers_still_meet_the_shared_plan_contract() -> None:
    from hypothesis import HealthCheck, given, settings

    from backcoach.services.planning import build_plan
    from tests.strategies import from_schema

    plan_contract = jsonschema.Draft202012Validator(shared("plan.schema.json"))

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(from_schema(shared("intake.schema.json")))
    def check(answers: dict[str, Any]) -> None:
        plan_contract.validate(build_plan(answers))

    check()

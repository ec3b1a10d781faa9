"""Shared fixtures and strategies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_CONTRACTS = ROOT / "src" / "backcoach" / "contracts"
SHARED_CONTRACTS = ROOT.parent / "shared" / "contracts"


def load_contract(name: str) -> Any:
    return json.loads((PACKAGE_CONTRACTS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def intake_schema() -> Any:
    return load_contract("intake.schema.json")


@pytest.fixture(scope="session")
def plan_schema() -> Any:
    return load_contract("plan.schema.json")


@pytest.fixture(scope="session")
def core_exercises() -> Any:
    return load_contract("core_exercises.json")

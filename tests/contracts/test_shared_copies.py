"""The package ships copies of the shared contracts; they must not drift from ../shared/contracts."""

from __future__ import annotations

import pytest

from tests.conftest import PACKAGE_CONTRACTS, SHARED_CONTRACTS


@pytest.mark.parametrize("name", ["intake.schema.json", "plan.schema.json", "core_exercises.json"])
def test_packaged_contract_matches_shared(name: str) -> None:
    shared = SHARED_CONTRACTS / name
    if not shared.exists():
        pytest.skip(f"{shared} is not present beside this checkout")
    assert (PACKAGE_CONTRACTS / name).read_bytes() == shared.read_bytes()

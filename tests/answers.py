"""Intake answers for tests: a complete intake answers every warning-sign question (unanswered is unknown,
never "no", and is triaged "see a clinician first")."""

from __future__ import annotations

from typing import Any

from tests.conftest import load_contract

V1_WARNING_SIGNS = tuple(json_name for json_name in load_contract("intake.v1.schema.json")
                         ["properties"]["red_flags"]["properties"])
NO_WARNING_SIGNS: dict[str, bool] = dict.fromkeys(V1_WARNING_SIGNS, False)


def complete(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers with every version-1 warning sign they leave out answered "no"."""
    return {**answers, "red_flags": {**NO_WARNING_SIGNS, **answers.get("red_flags", {})}}

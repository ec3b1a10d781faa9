"""Intake answers for tests and benchmarks: a complete intake answers every warning-sign question
(unanswered is unknown, never "no", and is triaged "see a clinician first")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

V1_INTAKE = Path(__file__).resolve().parents[1] / "src" / "backcoach" / "contracts" / "intake.v1.schema.json"
V1_WARNING_SIGNS: tuple[str, ...] = tuple(
    json.loads(V1_INTAKE.read_text(encoding="utf-8"))["properties"]["red_flags"]["properties"])
NO_WARNING_SIGNS: dict[str, bool] = dict.fromkeys(V1_WARNING_SIGNS, False)


def complete(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers with every version-1 warning sign they leave out answered "no"."""
    return {**answers, "red_flags": {**NO_WARNING_SIGNS, **answers.get("red_flags", {})}}

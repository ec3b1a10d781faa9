"""The independent clinical sets (benchmarks/clinical/, written from the fact sheet by someone who never saw
the code) as a regression guard: the goals the issue sets, on both halves."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from clinical_scenarios import run_scenario  # noqa: E402

from clinical import judge_case  # noqa: E402

CASES = yaml.safe_load((BENCHMARKS / "clinical" / "intake_cases.yaml").read_text(encoding="utf-8"))
SCENARIOS = yaml.safe_load((BENCHMARKS / "clinical" / "scenarios.yaml").read_text(encoding="utf-8"))
# Where this product and the set's author read the fact sheet differently, by a documented decision:
# fever with back pain and no infection risk is urgent (a doctor within 24 h), as at intake.
DECIDED_OTHERWISE = {"checkin-fever-no-risk-factor-nearmiss-01"}


def test_intake_cases_meet_the_goals() -> None:
    results = [judge_case(case) for case in CASES]
    triaged = [r for r in results if "triage_ok" in r]
    patterned = [r for r in results if "bias_ok" in r]
    assert [r["id"] for r in triaged if r["under"]] == [], "no under-triage"
    assert [(r["id"], r["contradictions"]) for r in results if r["contradictions"]] == []
    assert sum(r["triage_ok"] for r in triaged) / len(triaged) >= 0.95
    assert sum(r["bias_ok"] for r in patterned) / len(patterned) >= 0.90


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s["id"] not in DECIDED_OTHERWISE],
                         ids=lambda s: s["id"])
def test_multi_day_scenario(scenario: dict[str, Any]) -> None:
    assert run_scenario(scenario) == []

"""Clinical quality on independent sets written from the fact sheet by someone who never saw the code
(benchmarks/clinical/README.md): intake cases (triage, pattern, routine contradictions) and multi-day
scenarios (re-triage at check-ins and sessions, stops until cleared, spreading, progression by days).

Each set has a `tune` half (looked at while building) and a `report` half (only reported). Goals: 0 under-
triage, 0 contradicting routine items, triage >= 95 %, pattern >= 90 %, every scenario step as expected.

    python benchmarks/clinical.py [--split tune|report|all] [--show-failures]
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path
from typing import Any

import yaml

from backcoach.domain.models import triage_rank
from backcoach.knowledge.loader import load_knowledge
from backcoach.services.planning import build_plan

HERE = Path(__file__).with_name("clinical")
CHAINS = [("prone-lying", "prone-on-elbows"), ("prone-on-elbows", "prone-press-up"), ("prone-lying", "prone-press-up"),
          ("lower-trunk-rotation", "lower-trunk-rotation-leg-over")]


def load(name: str, split: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    return [c for c in cases if split == "all" or c.get("split") == split]


def judge_case(case: dict[str, Any]) -> dict[str, Any]:
    """What went right and wrong for one intake case."""
    plan = build_plan(case["answers"])
    expect = case["expect"]
    level = plan["triage"]["level"]
    problems: list[str] = []
    result: dict[str, Any] = {"id": case["id"], "class": case["class"], "level": level}
    if "triage" in expect:
        result["triage_ok"] = level in expect["triage"]
        result["under"] = triage_rank(level) < min(triage_rank(lvl) for lvl in expect["triage"])
        if not result["triage_ok"]:
            problems.append(f"triage {level}, expected {expect['triage']}")
    if "bias" in expect:
        result["bias_ok"] = plan["profile"]["bias"] in expect["bias"]
        if not result["bias_ok"]:
            problems.append(f"bias {plan['profile']['bias']}, expected {expect['bias']}")
    if "tags_any" in expect and not set(expect["tags_any"]) & set(plan["profile"]["tags"]):
        problems.append(f"tags {plan['profile']['tags']} lack any of {expect['tags_any']}")
    contradictions = _contradictions(plan, expect)
    result["contradictions"] = contradictions
    problems += [f"contradiction: {c}" for c in contradictions]
    result["problems"] = problems
    return result


def _contradictions(plan: dict[str, Any], expect: dict[str, Any]) -> list[str]:
    found: list[str] = []
    routine = plan["routine"]
    ids = {item["exercise_id"] for item in routine}
    exercises = load_knowledge().exercises
    if expect.get("routine_empty") and routine:
        found.append(f"routine not empty: {sorted(ids)}")
    found += [f"includes {e}" for e in expect.get("routine_must_not_include", ()) if e in ids]
    for direction in expect.get("routine_must_not_direction", ()):
        found += [f"{i} moves {direction}" for i in sorted(ids) if exercises[i].moves(direction)]
    for position in expect.get("routine_must_not_position", ()):
        found += [f"{item['exercise_id']} is {position}" for item in routine if item["position"] == position]
    for pair in [*expect.get("not_together", ()), *CHAINS]:
        if set(pair) <= ids:
            found.append(f"{pair[0]} with {pair[1]} on day one")
    return found


def report_cases(split: str, show: bool) -> bool:
    results = [judge_case(case) for case in load("intake_cases.yaml", split)]
    triaged = [r for r in results if "triage_ok" in r]
    patterned = [r for r in results if "bias_ok" in r]
    under = [r for r in triaged if r["under"]]
    contradicting = [r for r in results if r["contradictions"]]
    triage_rate = sum(r["triage_ok"] for r in triaged) / max(1, len(triaged))
    pattern_rate = sum(r["bias_ok"] for r in patterned) / max(1, len(patterned))
    print(f"Intake cases ({split}): {len(results)}")
    print(f"  triage correct   {triage_rate:6.1%} of {len(triaged)}  (goal >= 95 %)")
    print(f"  under-triage     {len(under):6d}            (goal 0)")
    print(f"  pattern correct  {pattern_rate:6.1%} of {len(patterned)}  (goal >= 90 %)")
    print(f"  contradicting    {len(contradicting):6d} cases      (goal 0)")
    _by_class(results)
    if show:
        for r in results:
            if r["problems"]:
                print(f"  ✗ {r['id']}: " + "; ".join(r["problems"]))
    return not under and not contradicting and triage_rate >= 0.95 and pattern_rate >= 0.90


def _by_class(results: list[dict[str, Any]]) -> None:
    counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for r in results:
        counts[r["class"]][0] += 1
        counts[r["class"]][1] += not r["problems"]
    worst = sorted((ok / n, name, ok, n) for name, (n, ok) in counts.items() if ok < n)
    if worst:
        print("  classes with misses: " + ", ".join(f"{name} {ok}/{n}" for _, name, ok, n in worst))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["tune", "report", "all"], default="all")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    from clinical_scenarios import report_scenarios  # a sibling module: the multi-day driver

    splits = ["tune", "report"] if args.split == "all" else [args.split]
    ok = True
    for split in splits:
        ok &= report_cases(split, args.show_failures)
        ok &= report_scenarios(split, args.show_failures)
        print()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())

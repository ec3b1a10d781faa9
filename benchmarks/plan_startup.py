"""Whole-process start-up of `backcoach plan --answers FILE --json` against `python -c pass`.

Both are run alternately in the same process tree, so the ratio is robust to machine noise.
Goal: ratio <= 3. Also reports plans per second in process.

    python benchmarks/plan_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANSWERS = {
    "age": 44, "pain_now": 5, "leg_symptoms": "below_knee", "leg_symptom_side": "left",
    "duration": "under_6_weeks", "worse_with": ["sitting", "bending_forward"], "better_with": ["walking"],
    "repeated_movement_response": {"extension": "centralized"}, "minutes_available": 15,
}
VARIED = [
    ANSWERS,
    {"age": 72, "pain_now": 4, "leg_symptom_side": "both", "leg_symptoms": "below_knee", "duration": "over_12_weeks",
     "better_with": ["sitting", "bending_forward"], "worse_with": ["standing_long", "walking"]},
    {"age": 35, "pain_now": 3, "sore_after_unusual_exercise": True, "leg_symptoms": "none"},
    {"age": 68, "pain_now": 3, "known_diagnoses": ["arthritis"], "morning_stiffness_minutes": 15},
    {"age": 50, "pain_now": 6, "red_flags": {"saddle_numbness": True}},
]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def startup_ratio(runs: int) -> tuple[float, float, float]:
    backcoach = Path(sys.executable).with_name("backcoach")
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder, "answers.json")
        answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
        baseline_cmd = [sys.executable, "-c", "pass"]
        plan_cmd = [str(backcoach), "plan", "--answers", str(answers), "--json"]
        timed(plan_cmd)  # warm the file cache and any byte-code compilation
        base, plan = [], []
        for _ in range(runs):
            base.append(timed(baseline_cmd))
            plan.append(timed(plan_cmd))
    return statistics.median(base), statistics.median(plan), statistics.median(plan) / statistics.median(base)


def plans_per_second(seconds: float = 2.0) -> float:
    from backcoach.services.planning import build_plan

    build_plan(ANSWERS)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        build_plan(VARIED[count % len(VARIED)])
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "21")))
    args = parser.parse_args()
    base, plan, ratio = startup_ratio(args.runs)
    print(f"python -c pass          median {base * 1000:7.1f} ms")
    print(f"backcoach plan --json   median {plan * 1000:7.1f} ms")
    print(f"start-up ratio          {ratio:7.2f}x   (goal <= 3.00x) {'OK' if ratio <= 3 else 'OVER GOAL'}")
    print(f"plans per second        {plans_per_second():7.0f}    (in process, 5 varied answer sets)")


if __name__ == "__main__":
    main()

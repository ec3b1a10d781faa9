"""Drives the multi-day scenarios of benchmarks/clinical/scenarios.yaml through the real services on a fresh
SQLite store each (intake, sessions guided event by event, check-ins, clearances) and checks every `expect`."""

from __future__ import annotations

import collections
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from backcoach.errors import SafetyStop
from backcoach.knowledge.loader import load_knowledge
from backcoach.services.care import CareService
from backcoach.services.planning import build_plan
from backcoach.services.programs import ProgramService
from backcoach.services.sessions import RecordedSession, SessionService
from backcoach.services.store import Store

HERE = Path(__file__).with_name("clinical")
BASE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
ADVICE_WORDS = {
    "clinician": {"clinician_after_bad_days", "clinician_spreading", "review_without_improvement", "stop"},
    "centraliz": {"centralizing"},
    "talk_to_doctor": {"sharp"},
    "reduced_dose": {"regress"}, "regressed_step": {"regress"}, "shorter_hold": {"regress"},
    "easier_position": {"regress"}, "rest_position": {"regress"},
}


def at(day: int, minutes: int = 0) -> datetime:
    return BASE + timedelta(days=day, minutes=minutes)


class Run:
    """One scenario's person, on their own store."""

    def __init__(self, scenario: dict[str, Any], folder: str) -> None:
        self.store = Store(f"sqlite:///{folder}/scenario.db")
        user = self.store.local_user_id()
        self.programs, self.sessions = ProgramService(self.store, user), SessionService(self.store, user)
        self.care = CareService(self.store, user)
        plan = build_plan(scenario["intake"])
        self.triage = plan["triage"]["level"]
        self.program_id = self.programs.save_plan(plan, "intake", now=at(0)) if plan["routine"] else None
        self.events: list[str] = []  # what happened since the last expect: progress, regress, advice codes
        self.stop_reason: str | None = None

    def routine(self) -> list[dict[str, Any]]:
        current = self.programs.current()
        return [] if current is None else list(current[1].plan["routine"])

    def note_review(self, review: dict[str, Any] | None) -> None:
        for change in (review or {}).get("changes", ()):
            self.events.append("progress" if change["action"] == "progress" else "regress")
        self.events += [a["code"] for a in (review or {}).get("advice", ())]

    def checkin(self, day: int, report: dict[str, Any]) -> None:
        result = self.programs.checkin(dict(report), now=at(day, 600))
        if result["triage"]:
            self.triage = result["triage"]["level"]
        self.note_review(result["review"])

    def clear(self, day: int, spec: dict[str, Any]) -> None:
        role = spec.get("by", "patient")
        self.care.clear(at(spec["assessed_on_day"]).date().isoformat(), spec["said"], by_role=role, now=at(day, 700))

    def session(self, day: int, spec: dict[str, Any]) -> None:
        for number in range(int(spec.get("count", 1))):
            if self.program_id is None:
                return
            try:
                recorded = self.sessions.start(self.program_id, now=at(day, 60 + 30 * number))
            except SafetyStop:
                self.events.append("refused")
                return
            self._drive(recorded, spec)

    def _drive(self, recorded: RecordedSession, spec: dict[str, Any]) -> None:
        steps = recorded.state.steps
        directional = [i for i, s in enumerate(steps) if _direction(s.exercise_id) in ("extension", "flexion")]
        leg_at = directional[0] if directional else 0
        second = 0.0
        self.sessions.record(recorded, {"at": second, "type": "start"})
        while recorded.state.status == "running" and second < 20000:
            second += 30
            if recorded.state.phase != "ask_pain":
                self.sessions.record(recorded, {"at": second, "type": "tick"})
                continue
            self.sessions.record(recorded, self._report(spec, second, recorded.state.index == leg_at))
        self.stop_reason = recorded.state.stop_reason if recorded.state.status == "stopped" else None
        if spec.get("red_flags") and recorded.state.status == "stopped" and self.stop_reason == "warning_sign":
            self.triage = next(h["level"] for h in self.care.active()) if self.care.active() else self.triage
        if self.stop_reason == "sharp_pain":
            self.events.append("sharp")
        self.note_review(recorded.review)

    def _report(self, spec: dict[str, Any], second: float, leg_here: bool) -> dict[str, Any]:
        if spec.get("red_flags") and leg_here:
            return {"at": second, "type": "warning_sign", "red_flags": spec["red_flags"]}
        report: dict[str, Any] = {"at": second, "type": "pain_report", "sharp": bool(spec.get("sharp"))}
        if spec.get("max_pain") is not None:  # left out when not reported: unknown, never 0
            report["level"] = spec["max_pain"]
        if leg_here and spec.get("leg_symptoms"):
            report["leg_symptoms"] = spec["leg_symptoms"]
            if spec.get("leg_symptom_kinds"):
                report["leg_symptom_kinds"] = spec["leg_symptom_kinds"]
        return report

    def check(self, expect: dict[str, Any]) -> list[str]:
        problems: list[str] = []
        active = self.care.active()
        level = max((h["level"] for h in active), key=_rank, default=self.triage)
        checks = {
            "session_allowed": lambda want: (self.program_id is not None and not active) == want,
            "triage": lambda want: level in want,
            "routine_has": lambda want: set(want) <= self._ids(),
            "routine_lacks": lambda want: not set(want) & self._ids(),
            "routine_lacks_direction": lambda want: not any(
                load_knowledge().exercises[e].moves(want) for e in self._ids()),
            "progressed": lambda want: ("progress" in self.events) == want,
            "regressed": lambda want: ("regress" in self.events) == want,
            "session_stopped_reason": lambda want: self.stop_reason == want,
            "advice_codes_any": lambda want: any(_advised(word, self.events) for word in want),
        }
        for key, want in expect.items():
            if key in checks and not checks[key](want):
                problems.append(f"{key}: expected {want!r} (level {level}, events {self.events}, "
                                f"routine {sorted(self._ids())}, stop {self.stop_reason})")
        self.events = []
        return problems

    def _ids(self) -> set[str]:
        return {item["exercise_id"] for item in self.routine()}


def _advised(word: str, events: list[str]) -> bool:
    for stem, codes in ADVICE_WORDS.items():
        if stem in word:
            return bool(codes & set(events)) or ("clinician" in stem and "refused" in events)
    return word in events


def _direction(exercise_id: str) -> str:
    return load_knowledge().exercises[exercise_id].direction


def _rank(level: str) -> int:
    from backcoach.domain.models import triage_rank

    return triage_rank(level)


def run_scenario(scenario: dict[str, Any]) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        person = Run(scenario, folder)
        problems: list[str] = []
        try:
            for step in scenario["steps"]:
                day = int(step["day"])
                for kind in ("session", "checkin", "clear"):
                    if kind in step:
                        getattr(person, kind)(day, step[kind])
                if "expect" in step:
                    problems += [f"day {day}: {p}" for p in person.check(step["expect"])]
        finally:
            person.store.close()
        return problems


def report_scenarios(split: str, show: bool) -> bool:
    scenarios: list[dict[str, Any]] = yaml.safe_load((HERE / "scenarios.yaml").read_text(encoding="utf-8"))
    chosen = [s for s in scenarios if split == "all" or s.get("split") == split]
    results = [(s, run_scenario(s)) for s in chosen]
    passed = sum(not problems for _, problems in results)
    print(f"Multi-day scenarios ({split}): {passed}/{len(results)} as expected")
    by_class: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for scenario, problems in results:
        by_class[scenario["class"]][0] += 1
        by_class[scenario["class"]][1] += not problems
    misses = [f"{name} {ok}/{n}" for name, (n, ok) in sorted(by_class.items()) if ok < n]
    if misses:
        print("  classes with misses: " + ", ".join(misses))
    if show:
        for scenario, problems in results:
            for problem in problems:
                print(f"  ✗ {scenario['id']}: {problem}")
    return passed == len(results)

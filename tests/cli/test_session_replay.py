"""`backcoach session replay`: a plan and a script of timed events in, the timeline out, deterministically."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from backcoach.services.planning import build_plan
from devtools.answers import complete

BACKCOACH = [sys.executable, "-m", "backcoach", "session", "replay"]
ANSWERS = complete({"age": 40, "pain_now": 4, "leg_symptoms": "above_knee", "minutes_available": 5,
           "repeated_movement_response": {"extension": "centralized"}})


def write_lines(path: Path, events: list[Any]) -> Path:
    path.write_text("\n".join(e if isinstance(e, str) else json.dumps(e) for e in events) + "\n", encoding="utf-8")
    return path


def replay(tmp_path: Path, events: list[Any], plan: dict[str, Any] | None = None
           ) -> subprocess.CompletedProcess[str]:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan or build_plan(ANSWERS)), encoding="utf-8")
    events_file = write_lines(tmp_path / "events.jsonl", events)
    return subprocess.run([*BACKCOACH, "--plan", str(plan_file), "--events", str(events_file), "--json"],
                          capture_output=True, text=True, timeout=60, check=False)


def test_timeline_of_a_short_session(tmp_path: Path) -> None:
    events = [{"at": 0, "type": "start"}, *({"at": t, "type": "tick"} for t in range(1, 400, 3))]
    result = replay(tmp_path, events)
    assert result.returncode == 0, result.stderr
    timeline = json.loads(result.stdout)
    kinds = [e["type"] for e in timeline["effects"]]
    assert kinds[:3] == ["show_step", "say", "countdown"]
    assert "hold_started" in kinds and "ask_pain" in kinds
    times = [e["at"] for e in timeline["effects"]]
    assert times == sorted(times)
    assert timeline["summary"]["exercises"][0]["exercise_id"] == "prone-lying"
    again = replay(tmp_path, events)
    assert again.stdout == result.stdout, "deterministic"


def test_sharp_pain_stops_the_session(tmp_path: Path) -> None:
    events = [{"at": 0, "type": "start"}, {"at": 30, "type": "tick"},
              {"at": 31, "type": "pain_report", "level": 8, "sharp": True}, {"at": 60, "type": "tick"}]
    timeline = json.loads(replay(tmp_path, events).stdout)
    stopped = [e for e in timeline["effects"] if e["type"] == "session_stopped"]
    assert stopped and stopped[0]["reason"] == "sharp_pain"
    assert timeline["summary"]["status"] == "stopped"


@pytest.mark.parametrize(("lines", "line_no"), [
    (['{"at": 0, "type": "start"}', "{broken"], 2),
    (['{"at": 0, "type": "start"}', '{"at": 5, "type": "dance"}'], 2),
    (['{"at": 3, "type": "start"}', '{"at": 1, "type": "tick"}'], 2),
    (['{"type": "start"}'], 1),
    (['{"at": 0, "type": "start"}', '{"at": 1, "type": "pain_report", "level": 12}'], 2),
    (['{"at": 0, "type": "start"}', '{"at": 1, "type": "form"}'], 2),
])
def test_a_malformed_events_file_exits_2_naming_the_line(tmp_path: Path, lines: list[str], line_no: int) -> None:
    result = replay(tmp_path, lines)
    assert result.returncode == 2
    assert f"line {line_no}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_invalid_plan_exits_2_naming_the_field(tmp_path: Path) -> None:
    result = replay(tmp_path, [{"at": 0, "type": "start"}], plan={"schema_version": 1})
    assert result.returncode == 2
    assert "--plan" in result.stderr and "triage" in result.stderr


@pytest.mark.parametrize("line", ["[" * 100_000, '{"at": 1e300, "type": "tick"}', '{"at": NaN, "type": "tick"}',
                                  '{"at": ' + "9" * 5000 + ', "type": "tick"}'])
def test_a_malformed_event_line_is_exit_2_with_its_line_number(tmp_path: Path, line: str) -> None:
    result = replay(tmp_path, [{"at": 0, "type": "start"}, line])
    assert result.returncode == 2, result.stderr
    assert "events line 2" in result.stderr and result.stderr.count("\n") == 1

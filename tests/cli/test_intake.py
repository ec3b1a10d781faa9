"""`backcoach intake` asks in plain words on a terminal or a pipe, then shows or saves the plan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from backcoach.knowledge.questions import questions

BACKCOACH = [sys.executable, "-m", "backcoach", "intake"]


def run(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BACKCOACH, *args], input=stdin, capture_output=True, text=True, timeout=60, check=False)


def test_saddle_numbness_answered_yes_gives_an_emergency_at_once() -> None:
    # age, pain, duration, onset, diagnoses, hip replacement, then the first warning sign: numb when you wipe -> yes
    result = run("52\n6\n\n\n\n\ny\n")
    assert result.returncode == 0, result.stderr
    assert "numb when you wipe" in result.stdout
    assert "EMERGENCY" in result.stdout
    assert "Cues:" not in result.stdout and "bladder" not in result.stdout.split("EMERGENCY")[0].split("wipe")[-1]


def test_warning_signs_cannot_be_skipped() -> None:
    # Enter on the first warning sign is refused; the input then ends: exit 2 naming the question
    result = run("52\n6\n\n\n\n\n\n")
    assert result.returncode == 2
    assert "can't be read as no" in result.stdout and "red_flags.saddle_numbness" in result.stderr


def test_retries_a_bad_answer_and_saves_answers_that_plan_accepts(tmp_path: Path) -> None:
    out = tmp_path / "answers.json"
    warning_signs = len([q for q in questions() if q.warning_sign])
    # age (a bad one first), pain (too high first), duration, onset, diagnoses, hip, every warning sign "n",
    # then the input ends: the remaining questions are optional
    typed = "forty\n40\n11\n4\n3\n\n\nn\n" + "n\n" * warning_signs
    result = run(typed, "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert "Please type a whole number" in result.stderr
    assert "from 0 to 10" in result.stderr
    answers = json.loads(out.read_text())
    assert {k: answers[k] for k in ("schema_version", "age", "pain_now", "duration", "hip_replacement")} == \
        {"schema_version": 2, "age": 40, "pain_now": 4, "duration": "over_12_weeks", "hip_replacement": False}
    assert set(answers["red_flags"].values()) == {False}
    plan = json.loads(result.stdout)
    assert plan["triage"]["level"] == "self_care_ok"
    check = subprocess.run([sys.executable, "-m", "backcoach", "plan", "--answers", str(out), "--json"],
                           capture_output=True, text=True, check=False)
    assert json.loads(check.stdout) == plan


def test_input_ending_before_a_required_answer_exits_2() -> None:
    result = run("40\n")
    assert result.returncode == 2
    assert "pain_now" in result.stderr and "Traceback" not in result.stderr

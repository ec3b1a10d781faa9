"""`backcoach plan` and `backcoach exercises` as real processes: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from devtools.answers import complete
from tests.conftest import load_contract

BACKCOACH = [sys.executable, "-m", "backcoach"]
SCIATICA = complete({
    "age": 38, "pain_now": 5, "leg_symptoms": "below_knee", "leg_symptom_side": "right",
    "duration": "under_6_weeks", "worse_with": ["sitting", "bending_forward"],
    "repeated_movement_response": {"extension": "centralized"},
})


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BACKCOACH, *args], input=stdin, capture_output=True, text=True, timeout=60, check=False)


def write(tmp_path: Path, document: Any, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def test_plan_json_from_a_file_is_the_contract_and_nothing_else(tmp_path: Path) -> None:
    result = run("plan", "--answers", str(write(tmp_path, SCIATICA)), "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    jsonschema.validate(plan, load_contract("plan.schema.json"))
    assert plan["profile"]["bias"] == "extension"
    assert result.stderr == ""


def test_plan_reads_answers_from_stdin() -> None:
    result = run("plan", "--answers", "-", "--json", stdin=json.dumps(SCIATICA))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["triage"]["level"] == "self_care_ok"


def test_unanswered_warning_signs_are_named_and_keep_exercise_waiting() -> None:
    result = run("plan", "--answers", "-", "--json", stdin=json.dumps({"age": 40, "pain_now": 4}))
    assert result.returncode == 0, result.stderr
    triage = json.loads(result.stdout)["triage"]
    assert triage["level"] == "see_clinician_before_exercise" and len(triage["unanswered"]) == 16
    readable = run("plan", "--answers", "-", stdin=json.dumps({"age": 40, "pain_now": 4}))
    assert "CHECK WITH A CLINICIAN FIRST" in readable.stdout and "Not answered:" in readable.stdout


def test_an_urgent_yes_gives_its_plan_even_without_an_age(invoke: Callable[..., Any], tmp_path: Path) -> None:
    answers = write(tmp_path, {"red_flags": {"saddle_numbness": True}})
    result = invoke("plan", "--answers", str(answers), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["triage"]["level"] == "emergency"
    result = invoke("plan", "--answers", str(write(tmp_path, {"red_flags": {"saddle_numbness": False}})))
    assert result.returncode == 2 and ("age" in result.stderr or "pain_now" in result.stderr)


def test_readable_plan_shows_routine_doses_cues_and_exclusions(tmp_path: Path, invoke: Callable[..., Any]) -> None:
    result = invoke("plan", "--answers", str(write(tmp_path, SCIATICA)))
    assert result.returncode == 0, result.stderr
    assert "SAFE TO START" in result.stdout
    assert "Prone" in result.stdout and "Hold" in result.stdout
    assert "hips" in result.stdout.lower()
    assert "Left out, and why" in result.stdout


def test_readable_plan_for_an_emergency_leads_with_the_emergency(tmp_path: Path, invoke: Callable[..., Any]) -> None:
    answers = {"age": 50, "pain_now": 6, "red_flags": {"saddle_numbness": True}}
    result = invoke("plan", "--answers", str(write(tmp_path, answers)))
    assert result.returncode == 0
    assert result.stdout.lstrip().splitlines()[0].count("EMERGENCY") == 1
    assert "Cues:" not in result.stdout


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"age": -5, "pain_now": 3}, "age"),
        ({"age": 40, "pain_now": 11}, "pain_now"),
        ({"age": 40, "pain_now": 3, "leg_symptoms": "ankle"}, "leg_symptoms"),
        ({"age": 40}, "pain_now"),
        ({"age": 40, "pain_now": 3, "favourite_colour": "blue"}, "favourite_colour"),
        ({"age": 40, "pain_now": 3, "red_flags": {"fever_or_chills": "yes"}}, "red_flags.fever_or_chills"),
        ({"age": 40, "pain_now": 3, "red_flags": {"headache": True}}, "red_flags.headache"),
        ("{not json", "--answers"),
        ("[1, 2]", "answers"),
        ("", "--answers"),
        ("[" * 100_000, "--answers: is nested deeper than 32 levels"),
        ('{"age": ' + "9" * 5000 + ', "pain_now": 3}', "age: is a number too large"),
        ('{"age": 1' + "0" * 400 + ', "pain_now": 3}', "age: is a number too large"),
        ('{"age": 1e400, "pain_now": 3}', "age: is a number too large"),
        ('{"age": NaN, "pain_now": 3}', "age: is NaN"),
        ('{"age": 40, "pain_now": 3, "duration": "\\ud800"}', "duration: holds a lone UTF-16 surrogate"),
        ('{"age": 40, "pain_now": 3, "\\ud800": 1}', "\\ud800: the field name holds"),
        ('{"age": 40, "pain_now": 3, "duration": "x\\u0000"}', "duration: holds a NUL character"),
    ],
)
def test_bad_answers_exit_2_with_one_line_naming_the_field(tmp_path: Path, answers: Any, field: str,
                                                          invoke: Callable[..., Any]) -> None:
    result = invoke("plan", "--answers", str(write(tmp_path, answers)), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert field in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", ["missing", "folder", "binary"])
def test_unreadable_answer_files_exit_2(tmp_path: Path, kind: str, invoke: Callable[..., Any]) -> None:
    target = tmp_path / "answers.json"
    if kind == "folder":
        target.mkdir()
    if kind == "binary":
        target.write_bytes(b"\xff\xfe\x00garbage")
    result = invoke("plan", "--answers", str(target), "--json")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--answers" in result.stderr


def test_missing_argument_is_one_line_exit_2() -> None:
    result = run("plan", "--json")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--answers" in result.stderr


def test_exercises_json_holds_the_core_library_exactly() -> None:
    result = run("exercises", "--json")
    assert result.returncode == 0, result.stderr
    library = {e["id"]: e for e in json.loads(result.stdout)["exercises"]}
    assert len(library) >= 35
    for core in load_contract("core_exercises.json")["exercises"]:
        ours = library[core["id"]]
        assert ours["position"] == core["position"]
        assert ours["direction"] == core["direction"]
        assert ours["default_dosage"] == core["default_dosage"]
        assert ours["progresses_to"] == core.get("progresses_to")
        assert ours["regresses_to"] == core.get("regresses_to")


def test_exercises_table_lists_the_library(invoke: Callable[..., Any]) -> None:
    result = invoke("exercises")
    assert result.returncode == 0, result.stderr
    assert "prone-press-up" in result.stdout

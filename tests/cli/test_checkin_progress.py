"""`backcoach checkin` and `backcoach progress` over the local store (a fresh data folder per test)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devtools.answers import complete

BACKCOACH = [sys.executable, "-m", "backcoach"]
ANSWERS = complete({"age": 50, "pain_now": 5, "leg_symptoms": "none", "minutes_available": 10})


def backcoach(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BACKCOACH, *args], input=stdin, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def saved_plan() -> None:
    result = backcoach("plan", "--answers", "-", "--save", "--json", stdin=json.dumps(ANSWERS))
    assert result.returncode == 0, result.stderr
    assert "Saved as your program" in result.stderr
    json.loads(result.stdout)  # stdout stays one JSON document


def test_check_ins_show_up_in_progress_with_their_scores(saved_plan: None, tmp_path: Path) -> None:
    first = backcoach("checkin", "--pain", "6", "--leg", "none", "--psfs", "sitting 30 min=3",
                      "--odi", "3,3,2,3,2,,3,2,1,2", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["checkin"]["odi_percent"] == 46.7
    second = backcoach("checkin", "--pain", "2", "--psfs", "sitting 30 min=7", "--odi", "1,1,1,1,1,,1,1,0,1")
    assert second.returncode == 0 and "Check-in saved: pain 2/10" in second.stdout
    shown = backcoach("progress")
    assert shown.returncode == 0, shown.stderr
    assert "Pain over time" in shown.stdout and "(clinically important)" in shown.stdout
    progress = json.loads(backcoach("progress", "--json").stdout)
    assert [c["pain_now"] for c in progress["checkins"]] == [6, 2]
    nprs = progress["trends"]["changes"][0]
    assert (nprs["measure"], nprs["baseline"], nprs["latest"], nprs["clinically_important"]) == ("nprs", 5, 2, True)
    assert progress["program"]["version"] == 1  # 5 -> 6 is a one-point rise: no regression


def test_a_warning_sign_at_check_in_blocks_sessions_until_cleared(saved_plan: None) -> None:
    flagged = backcoach("checkin", "--pain", "4", "--red-flag", "saddle_numbness", "--json")
    assert flagged.returncode == 0
    triage = json.loads(flagged.stdout)["triage"]
    intake = json.loads(backcoach("plan", "--answers", "-", "--json", stdin=json.dumps(
        {**ANSWERS, "red_flags": {**ANSWERS["red_flags"], "saddle_numbness": True}})).stdout)["triage"]
    assert (triage["level"], triage["headline"]) == ("emergency", intake["headline"])
    quiet = backcoach("checkin", "--pain", "2")
    assert quiet.returncode == 0 and "stopped until a clinician has assessed you" in quiet.stdout
    refused = backcoach("session", "run", "--auto")
    assert refused.returncode == 3
    assert refused.stderr.count("\n") == 1 and intake["headline"] in refused.stderr
    cleared = backcoach("clearance", "--said", "Seen in A&E: MRI normal, fine to exercise")
    assert cleared.returncode == 0 and "You can exercise again" in cleared.stdout
    assert backcoach("session", "run", "--auto", "--speed", "200").returncode == 0


@pytest.mark.parametrize(("args", "field"), [
    (["--pain", "11"], "pain_now"), (["--pain", "four"], "--pain"), (["--pain", "3", "--leg", "knee"], "leg_symptoms"),
    (["--pain", "3", "--odi", "1,2"], "odi_answers"), (["--pain", "3", "--psfs", "walking"], "--psfs"),
    (["--pain", "3", "--red-flag", "headache"], "red_flags.headache"),
])
def test_bad_check_ins_exit_2_naming_the_field(args: list[str], field: str, invoke: Callable[..., Any]) -> None:
    result = invoke("checkin", *args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and field in result.stderr and "Traceback" not in result.stderr


def test_the_chart_is_a_png_with_the_chart_extra(saved_plan: None, tmp_path: Path) -> None:
    assert backcoach("checkin", "--pain", "5").returncode == 0
    chart = tmp_path / "progress.png"
    drawn = backcoach("progress", "--png", str(chart))
    if importlib.util.find_spec("matplotlib") is None:  # the chart extra is not installed here
        assert drawn.returncode == 2 and "chart extra" in drawn.stderr
        return
    assert drawn.returncode == 0, drawn.stderr
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_progress_without_anything_says_how_to_start(invoke: Callable[..., Any]) -> None:
    result = invoke("progress")
    assert result.returncode == 0 and "No check-ins yet" in result.stdout
    assert invoke("progress", "--png", "/tmp/never.png").returncode == 2


def test_session_run_without_a_program_says_how_to_get_one(invoke: Callable[..., Any]) -> None:
    result = invoke("session", "run")
    assert result.returncode == 2 and "backcoach intake" in result.stderr


def test_without_options_the_check_in_is_asked_in_plain_words(saved_plan: None) -> None:
    # pain, leg, what is felt in the leg (2 = numbness), one activity and its rating, end of activities, yes to
    # Oswestry, 10 sections (one skipped), yes to STarT Back (8 yes/no items, then "very much"), then each
    # warning sign that can newly appear: yes to the first (numb when you wipe), no to the other 12
    start_back = "y\n" + "n\n" * 4 + "y\n" * 4 + "4\n"
    answers = ("4\nbuttock\n2\nsitting 30 min\n5\n\ny\n2\n1\n2\n1\n2\n1\n\n0\n1\n2\n" + start_back + "y\n"
               + "n\n" * 12)
    result = backcoach("checkin", "--json", stdin=answers)
    assert result.returncode == 0, result.stderr
    assert "Lifting" in result.stderr and "numb when you wipe" in result.stderr
    stored = json.loads(result.stdout)
    checkin = stored["checkin"]
    assert (checkin["pain_now"], checkin["leg_symptoms"], checkin["psfs"]) == (4, "buttock", {"sitting 30 min": 5})
    assert checkin["leg_symptom_kinds"] == ["numbness"]
    assert checkin["odi_answers"] == [2, 1, 2, 1, 2, 1, None, 0, 1, 2] and checkin["odi_percent"] == 26.7
    assert checkin["start_back"]["score"] == {"total": 5, "psychosocial_subscale": 5, "risk": "high"}
    assert checkin["red_flags"] == {"saddle_numbness": True} and stored["review"]["stop"]


def test_an_interrupted_check_in_stores_nothing(saved_plan: None) -> None:
    result = backcoach("checkin", stdin="4\n")
    assert result.returncode == 2 and "input ended" in result.stderr
    assert json.loads(backcoach("progress", "--json").stdout)["checkins"] == []

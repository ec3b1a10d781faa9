"""`backcoach analyze VIDEO_FILE --exercise ID [--json]` as a person uses it: whatever goes wrong is one line and
exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from backcoach.cli.analyze import describe
from backcoach.domain.form import FormChecker, form_summary
from backcoach.knowledge.form_rules import load_form_rules
from devtools.form_library import standard_clips
from devtools.video_clips import noise_clip
from tests.cli.conftest import Result
from tests.vision.conftest import needs_camera

ANALYZE = [sys.executable, "-m", "backcoach", "analyze"]


def analyze(*args: str, before: str = "") -> subprocess.CompletedProcess[str]:
    if before:
        command = [sys.executable, "-c", f"{before}\nimport sys\nfrom backcoach.cli.main import main\n"
                   f"sys.exit(main(['analyze', *{list(args)!r}]))"]
    else:
        command = [*ANALYZE, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def one_line(result: subprocess.CompletedProcess[str] | Result) -> str:
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("backcoach: error: ")
    return result.stderr


@needs_camera
def test_a_text_file_named_mp4_is_one_line_and_exit_2(tmp_path: Path) -> None:
    notes = tmp_path / "notes.mp4"
    notes.write_text("this is not a video\n", encoding="utf-8")
    assert f"{notes} is not a video BackCoach can read" in one_line(analyze(str(notes), "--exercise", "bridge"))


@needs_camera
def test_a_video_of_nobody_is_one_line_and_exit_2(tmp_path: Path) -> None:
    clip = noise_clip(tmp_path / "empty-room.mp4", frames=20)
    assert f"nobody was found in {clip}" in one_line(analyze(str(clip), "--exercise", "bridge", "--json"))


def test_without_the_camera_extra_it_says_how_to_install_it(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\0" * 16)
    result = analyze(str(clip), "--exercise", "bridge", before="import sys\nsys.modules['mediapipe'] = None")
    assert "pip install 'backcoach[camera]'" in one_line(result)


def test_an_unknown_exercise_is_named(invoke: Callable[..., Result], tmp_path: Path) -> None:
    assert "'headstand' is not an exercise" in one_line(invoke("analyze", str(tmp_path / "x.mp4"),
                                                                "--exercise", "headstand"))


def test_an_exercise_without_camera_rules_is_said(invoke: Callable[..., Result], tmp_path: Path) -> None:
    said = one_line(invoke("analyze", str(tmp_path / "x.mp4"), "--exercise", "prone-lying"))
    assert "Prone lying (prone-lying) has no camera form check" in said


def test_the_summary_in_words_gives_counts_and_what_to_fix_with_its_time() -> None:
    """The words for a real summary: the bridge's checker over a body-model clip with the hips sagging at the top."""
    form = load_form_rules()["bridge"]
    clip = next(c for c in standard_clips() if (c.exercise_id, c.name) == ("bridge", "sagging"))
    checker = FormChecker(form)
    state = checker.start()
    for labelled in clip.frames:
        state, _ = checker.step(state, labelled.frame)
    summary = form_summary(form, state, 30.0)
    words = describe(summary, "bridge.mp4")
    assert words.startswith(f"Form check of bridge in bridge.mp4: {summary['frames']} frames at 30 frames a second.")
    assert f"Repetitions with good form: {summary['reps']}." in words
    assert summary["findings"] and "What to fix:" in words
    for finding in summary["findings"]:
        assert finding["message"] in words


@pytest.fixture(scope="module")
def hips_lift(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A drawn prone-on-elbows hold whose hips lift from 2 s to 7 s (devtools/mannequin.py)."""
    from devtools.mannequin import labelled_video, standard_clip

    return labelled_video(standard_clip("prone-on-elbows", "hips lift"), tmp_path_factory.mktemp("drawn"))[0]


@needs_camera
def test_json_follows_the_contract(hips_lift: Path) -> None:
    result = analyze(str(hips_lift), "--exercise", "prone-on-elbows", "--json")
    assert result.returncode == 0 and result.stderr == ""  # no progress bar off a terminal, no native notes
    summary = json.loads(result.stdout)
    assert set(summary) == {"exercise_id", "frames", "fps", "camera", "reps", "valid_hold_seconds", "findings",
                            "frames_judged", "frames_cant_see", "counted_by"}
    assert set(summary["camera"]) == {"view", "quality", "problems"}
    assert (summary["exercise_id"], summary["frames"], summary["fps"]) == ("prone-on-elbows", 150, 15.0)
    assert [set(f) for f in summary["findings"]] == [{"t", "code", "message"}]


@needs_camera
def test_the_readable_answer_says_what_to_fix_and_when(invoke: Callable[..., Result], hips_lift: Path) -> None:
    result = invoke("analyze", str(hips_lift), "--exercise", "prone-on-elbows")
    assert result.returncode == 0, result.stderr
    assert f"Form check of prone-on-elbows in {hips_lift}: 150 frames at 15 frames a second." in result.stdout
    assert "Camera: side view, good (form judged in 150 of 150 frames)." in result.stdout
    assert "What to fix:\n  0:02." in result.stdout and "Keep your hips on the ground." in result.stdout

"""A video file through real MediaPipe Pose: landmarks where the person is, nobody where there is none, and a
clear error for what is not a video."""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from backcoach.domain.form import LANDMARK_NAMES
from backcoach.errors import UnreadableInput
from backcoach.vision.pose import NOBODY
from backcoach.vision.source import open_pose_source
from devtools.video_clips import BASKETBALL, MESSI, noise_clip, still_clip
from tests.vision.conftest import needs_camera, needs_people

pytestmark = needs_camera


@needs_people
def test_the_landmarks_of_a_real_person_are_found_where_the_person_stands(tmp_path: Path) -> None:
    clip = still_clip(BASKETBALL, tmp_path / "catch.mp4", frames=12, fps=12.0)
    with open_pose_source(str(clip)) as source:
        assert (source.width, source.height, source.fps, source.frame_count) == (640, 480, 12.0, 12)
        sightings = list(source.sightings())
    assert [round(s.frame.t, 3) for s in sightings] == [round(i / 12, 3) for i in range(12)]
    assert all(s.found for s in sightings)
    frame = sightings[-1].frame
    assert len(frame.points) == len(LANDMARK_NAMES)
    # The man standing whole in the picture is in its left fifth, head to feet top to bottom.
    for side in ("left", "right"):
        hip = frame[f"{side}_hip"]
        assert 0.05 < hip.x < 0.3 and hip.visibility > 0.9
        heights = [frame[f"{side}_{part}"].y for part in ("shoulder", "hip", "knee", "ankle")]
        assert heights == sorted(heights) and heights[0] > frame["nose"].y
        assert frame[f"{side}_ankle"].y > 0.85


@needs_people
def test_a_running_footballer_is_found_in_every_frame(tmp_path: Path) -> None:
    clip = still_clip(MESSI, tmp_path / "messi.mp4", frames=8, fps=25.0)
    with open_pose_source(str(clip)) as source:
        sightings = list(source.sightings())
    assert len(sightings) == 8 and all(s.found for s in sightings)
    assert all(s.frame["left_shoulder"].y < s.frame["left_hip"].y for s in sightings)


def test_noise_has_nobody_in_it(tmp_path: Path) -> None:
    clip = noise_clip(tmp_path / "noise.mp4", frames=10)
    with open_pose_source(str(clip)) as source:
        sightings = list(source.sightings())
    assert len(sightings) == 10
    assert not any(s.found for s in sightings)
    assert all(tuple(tuple(p) for p in s.frame.points) == NOBODY for s in sightings)


@pytest.mark.parametrize(("make", "says"), [
    (lambda d: (d / "notes.mp4").write_text("not a video", encoding="utf-8") and d / "notes.mp4",
     "is not a video BackCoach can read"),
    (lambda d: d / "missing.mp4", "no such file"),
    (lambda d: d, "is a folder"),
])
def test_what_is_not_a_readable_video_is_refused_naming_it(tmp_path: Path, make: object, says: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(UnreadableInput) as refused:
        open_pose_source(str(path))
    assert refused.value.field == "VIDEO_FILE" and says in refused.value.message


def test_the_native_libraries_say_nothing_on_the_terminal(tmp_path: Path) -> None:
    """FFmpeg, TensorFlow Lite and absl write to file descriptor 2 directly; none of it reaches the person, while
    Python's own writes to stderr still do."""
    clip = noise_clip(tmp_path / "noise.mp4", frames=3)
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a video", encoding="utf-8")
    script = (
        "import sys\n"
        "from backcoach.errors import UnreadableInput\n"
        "from backcoach.vision.source import open_pose_source\n"
        f"with open_pose_source({str(clip)!r}) as source:\n"
        "    print('frames', len(list(source.sightings())), file=sys.stderr)\n"
        "try:\n"
        f"    open_pose_source({str(notes)!r})\n"
        "except UnreadableInput:\n"
        "    print('refused', file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0
    assert result.stderr == "frames 3\nrefused\n"


@pytest.mark.parametrize(("exercise_id", "clip_name"), [("standing-back-extension", "good"), ("bridge", "good"),
                                                        ("prone-on-elbows", "good"), ("cat-cow", "good")])
def test_mediapipe_finds_the_drawn_body_models_joints_where_the_model_put_them(
        tmp_path: Path, exercise_id: str, clip_name: str) -> None:
    """The mannequin (devtools/mannequin.py) drawn over the body model's joints, standing, lying and on hands and
    knees, seen side-on: MediaPipe puts the shoulders, elbows, hips, knees and ankles within a few pixels."""
    from devtools.mannequin import labelled_video, standard_clip

    whole = standard_clip(exercise_id, clip_name)
    clip = replace(whole, frames=whole.frames[:60])  # 2 s
    path, labelled = labelled_video(clip, tmp_path, fps=10.0)
    with open_pose_source(str(path)) as source:
        sightings = list(source.sightings())
    assert len(sightings) == len(labelled) == 20 and all(s.found for s in sightings)
    near = clip.camera.near
    errors = [math.hypot((seen.x - truth.x) * 640, (seen.y - truth.y) * 480)
              for sighting, frame in zip(sightings, labelled, strict=True)
              for part in ("shoulder", "elbow", "hip", "knee", "ankle")
              for seen, truth in [(sighting.frame[f"{near}_{part}"], frame.frame[f"{near}_{part}"])]]
    assert statistics.median(errors) < 10 and max(errors) < 40

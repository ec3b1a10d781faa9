"""The form check of a recorded video, with real MediaPipe on real pictures of people: what it refuses and why,
and the progress it reports."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from backcoach.errors import InvalidInput, UnusableVideo
from backcoach.services.analysis import Tally, analyze_video, camera_form, check_frames, refuse_unusable
from backcoach.vision.source import open_pose_source
from devtools.video_clips import BASKETBALL, WALKERS, noise_clip, still_clip
from tests.vision.conftest import needs_camera, needs_people


@needs_camera
@needs_people
def test_progress_reaches_the_frame_count(tmp_path: Path) -> None:
    clip = still_clip(BASKETBALL, tmp_path / "catch.mp4", frames=14, fps=14.0)
    _, form = camera_form("standing-back-extension")
    calls: list[tuple[int, int]] = []
    with open_pose_source(str(clip)) as source:
        state, tally = check_frames(form, source, lambda done, total: calls.append((done, total)))
    assert [done for done, _ in calls[:-1]] == list(range(1, 15))
    assert {total for _, total in calls} == {14} and calls[-1] == (14, 14)
    assert (tally.frames, tally.found, state.frames) == (14, 14, 14)


@needs_camera
@needs_people
def test_a_person_half_facing_the_camera_is_never_judged_as_a_side_on_back_extension(tmp_path: Path) -> None:
    """The man in basketball1.png stands three-quarters toward the camera: not the side view the exercise needs
    (or a view the checker cannot tell), so nothing is judged and the video is refused saying so."""
    clip = still_clip(BASKETBALL, tmp_path / "catch.mp4", frames=10)
    with pytest.raises(UnusableVideo) as refused:
        analyze_video(str(clip), "standing-back-extension")
    assert any(reason in refused.value.message for reason in (
        "does not show standing back extension from the side, as the check needs: Turn side-on to the camera.",
        "could not see the person well enough to check standing back extension in 100% of the frames"))


@needs_camera
@needs_people
def test_people_walking_far_away_do_not_show_a_lying_exercise() -> None:
    """vtest.avi: MediaPipe finds a walker in about half the frames, never lying side-on on the floor."""
    with pytest.raises(UnusableVideo) as refused:
        analyze_video(str(WALKERS), "prone-on-elbows")
    assert refused.value.field == "VIDEO_FILE"
    assert f"{WALKERS} does not show prone on elbows" in refused.value.message


@needs_camera
def test_a_video_of_nobody_is_refused(tmp_path: Path) -> None:
    clip = noise_clip(tmp_path / "noise.mp4", frames=15)
    with pytest.raises(UnusableVideo) as refused:
        analyze_video(str(clip), "bridge")
    assert f"nobody was found in {clip}" in refused.value.message


def test_an_unknown_exercise_is_named() -> None:
    with pytest.raises(InvalidInput) as refused:
        camera_form("handstand")
    assert refused.value.field == "--exercise" and "'handstand' is not an exercise" in refused.value.message


def test_an_exercise_without_camera_rules_says_which_have_them() -> None:
    with pytest.raises(InvalidInput) as refused:
        camera_form("prone-lying")
    assert "Prone lying (prone-lying) has no camera form check" in refused.value.message
    assert "bridge" in refused.value.message


def _tally(found: int, judged: int, out_of_position: int = 0, **problems: int) -> Tally:
    return Tally(frames=found + 5, found=found, judged=judged, out_of_position=out_of_position,
                 problems=Counter({text.replace("_", " "): n for text, n in problems.items()}))


def test_a_quarter_of_the_frames_with_a_person_judged_is_enough() -> None:
    exercise, form = camera_form("bridge")
    refuse_unusable("clip.mp4", exercise, form, _tally(found=100, judged=25, out_of_position=75))
    refused = r"does not show bridge \(its position: lying on your back, knees bent, feet flat\) in 76% of"
    with pytest.raises(UnusableVideo, match=refused):
        refuse_unusable("clip.mp4", exercise, form, _tally(found=100, judged=24, out_of_position=76))


def test_the_main_reason_a_video_cannot_be_used_is_given() -> None:
    exercise, form = camera_form("bridge")
    with pytest.raises(UnusableVideo, match="could not see the person well enough to check bridge in 90% of"):
        refuse_unusable("clip.mp4", exercise, form, _tally(found=100, judged=10, out_of_position=20, too_dark=70))
    with pytest.raises(UnusableVideo, match="does not show bridge from the side"):
        refuse_unusable("clip.mp4", exercise, form, Tally(frames=100, found=100, judged=0, out_of_position=10,
                                                         problems=Counter({form.placement.turn_cue: 90})))


@pytest.fixture(scope="module")
def drawn_clips(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Body-model clips drawn as a mannequin (devtools/mannequin.py) at 15 frames a second: the person's joint
    angles, and so good or faulty form, are known."""
    from devtools.mannequin import labelled_video, standard_clip

    folder = tmp_path_factory.mktemp("drawn")
    wanted = [("bridge", "good"), ("prone-on-elbows", "hips lift")]
    return {key: labelled_video(standard_clip(*key), folder)[0] for key in wanted}


@needs_camera
def test_four_good_bridges_are_counted_from_the_video(drawn_clips: dict[tuple[str, str], Path]) -> None:
    summary = analyze_video(str(drawn_clips[("bridge", "good")]), "bridge")
    assert summary["camera"] == {"view": "side", "quality": "good", "problems": []}
    assert (summary["frames"], summary["fps"], summary["reps"], summary["findings"]) == (375, 15.0, 4, [])
    assert summary["valid_hold_seconds"] >= 4 * 3.0  # held 3 s at the top of each


@needs_camera
def test_hips_lifting_off_the_floor_are_found_when_they_lift(drawn_clips: dict[tuple[str, str], Path]) -> None:
    """The hips rise from 2 s (fully up from 2.5 s to 6.5 s, down by 7 s) in a 10 s prone-on-elbows hold."""
    summary = analyze_video(str(drawn_clips[("prone-on-elbows", "hips lift")]), "prone-on-elbows")
    assert [f["code"] for f in summary["findings"]] == ["hips-down"]
    assert 2.0 < summary["findings"][0]["t"] < 3.5
    assert summary["counted_by"] == "hold" and summary["reps"] is None
    assert 4.0 <= summary["valid_hold_seconds"] <= 6.5  # the rest of the 10 s, less the time it takes to clear


@needs_camera
def test_a_long_video_of_nobody_is_given_up_after_a_minute(tmp_path: Path) -> None:
    clip = noise_clip(tmp_path / "empty-room.mp4", frames=400, fps=5.0, size=(160, 120))  # 80 s
    calls: list[tuple[int, int]] = []
    with pytest.raises(UnusableVideo) as refused:
        analyze_video(str(clip), "bridge", lambda done, total: calls.append((done, total)))
    assert f"nobody was found in the first 60 seconds of {clip}" in refused.value.message
    assert calls[-1] == (301, 301)  # frames 0 to 300: 0 s to 60 s

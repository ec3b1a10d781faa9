"""Geometry, the One Euro filter and view/side reading of the form check, on exact values and on the body model."""

from __future__ import annotations

import random
import statistics

import pytest

from backcoach.domain.form.geometry import Point, incline, joint_angle, lean, read_body, seen_points
from backcoach.domain.form.landmarks import COUNT, INDEX, LANDMARK_NAMES, Frame, Landmark
from backcoach.domain.form.one_euro import OneEuroMemory, OneEuroParams, one_euro
from backcoach.domain.form.spec import Threshold
from devtools.body_model import Camera, Pose, render


def test_the_landmarks_are_mediapipes_33_in_order() -> None:
    assert COUNT == 33
    assert (INDEX["nose"], INDEX["left_shoulder"], INDEX["right_elbow"], INDEX["left_hip"], INDEX["right_knee"],
            INDEX["left_heel"], INDEX["right_foot_index"]) == (0, 11, 14, 23, 26, 29, 32)
    with pytest.raises(ValueError, match="33 landmarks"):
        Frame(0.0, (Landmark(0.5, 0.5),) * 32)


def test_angles() -> None:
    assert joint_angle(Point(1, 0, 0), Point(0, 0, 0), Point(0, 1, 0)) == pytest.approx(90)
    assert joint_angle(Point(-1, 0, 0), Point(0, 0, 0), Point(1, 0, 0)) == pytest.approx(180)
    assert incline(Point(0, 1, 0), Point(1, 0, 0)) == pytest.approx(45)  # y grows downward: b is higher
    assert incline(Point(0, 1, 0), Point(-1, 0, 0)) == pytest.approx(45), "whichever way the body faces"
    assert lean(Point(0, 1, 0), Point(1, 0, 0), toward=-1.0) == pytest.approx(-45)


def test_hysteresis_needs_the_value_back_past_clear() -> None:
    threshold = Threshold("above", at=10, clear=6)
    assert [threshold.next_state(False, 9), threshold.next_state(False, 11)] == [False, True]
    assert [threshold.next_state(True, 7), threshold.next_state(True, 5)] == [True, False]


def test_one_euro_smooths_jitter_when_still_and_follows_a_move() -> None:
    params = OneEuroParams(min_cutoff=1.0, beta=10.0, d_cutoff=1.0)
    rng = random.Random(4)
    memory: OneEuroMemory | None = None
    raw, smooth = [], []
    for index in range(300):
        value = 0.5 + rng.gauss(0, 0.004)
        memory = one_euro(params, memory, value, index / 30)
        raw.append(value)
        smooth.append(memory.value)
    assert statistics.pstdev(smooth[30:]) < statistics.pstdev(raw[30:]) / 2
    for index in range(300, 330):  # a step of 0.2: followed within a second
        memory = one_euro(params, memory, 0.7, index / 30)
    assert memory is not None and memory.value == pytest.approx(0.7, abs=0.01)


def test_unseen_points_are_dropped() -> None:
    points = [Landmark(0.5, 0.5, 0, 0.9)] * COUNT
    points[INDEX["left_knee"]] = Landmark(0.5, 0.5, 0, 0.3)
    points[INDEX["right_knee"]] = Landmark(1.3, 0.5, 0, 0.9)  # outside the picture
    seen = seen_points(tuple(points), 4 / 3, 0.5)
    assert seen[INDEX["left_knee"]] is None and seen[INDEX["right_knee"]] is None
    assert seen[INDEX["nose"]] == Point(0.5 * 4 / 3, 0.5, 0.0)


@pytest.mark.parametrize(("camera", "view", "near", "facing"), [
    (Camera(view="side", near="right", height=1.0), "side", "right", 1.0),
    (Camera(view="side", near="left", height=1.0), "side", "left", -1.0),
    (Camera(view="front", distance=3.0, height=1.0), "front", None, None),
])
def test_view_near_side_and_facing_are_read_from_the_landmarks(camera: Camera, view: str, near: str | None,
                                                               facing: float | None) -> None:
    frame = render(Pose(trunk=90), camera, 0.0)
    body = read_body(seen_points(frame.points, camera.aspect, 0.5), None, 0.35, 0.5)
    assert body.view == view
    if near:
        assert (body.near, body.facing) == (near, facing), "the right side faces the camera with the toes to the right"
    else:
        assert body.left_toward == 1.0, "facing the camera, the person's left is on the picture's right (a mirror)"


def test_names_are_the_standard_list() -> None:
    assert LANDMARK_NAMES[9:13] == ("mouth_left", "mouth_right", "left_shoulder", "right_shoulder")

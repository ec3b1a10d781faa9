"""The figure model: forward kinematics from known angles, placement, and the geometry of every exercise's pose."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backcoach.domain.figure import (
    HEAD_RADIUS,
    LENGTHS,
    SEAT_HEIGHT,
    Body,
    Limbs,
    Pose,
    forward_kinematics,
    place,
    segment_length,
)
from backcoach.domain.figure_scene import FigureSpec, Scene, compose
from backcoach.knowledge.figures import load_figures

FIGURES = load_figures()
ON_THE_FLOOR = 3.0  # cm: a part this close to the floor rests on it
LYING = ("prone", "supine", "hooklying", "side-lying")


def close(point: tuple[float, float], expected: tuple[float, float]) -> bool:
    return math.dist(point, expected) < 1e-6


def test_upright_figure_stacks_its_segments() -> None:
    body = forward_kinematics(Pose())
    assert close(body.point("pelvis"), (0, 0))
    assert close(body.point("waist"), (0, LENGTHS["lower_back"]))
    assert close(body.point("neck"), (0, 52))
    assert close(body.point("head"), (0, 52 + LENGTHS["neck"] + HEAD_RADIUS))
    assert close(body.point("near.knee"), (0, -44))
    assert close(body.point("near.ankle"), (0, -90))
    assert close(body.point("near.toe"), (LENGTHS["foot"], -90))  # the foot points forward
    assert close(body.point("near.hand"), (0, 52 - 29 - 25 - 9))
    assert body.facing == 1


def test_hip_and_knee_at_right_angles_make_a_sitting_leg() -> None:
    body = forward_kinematics(Pose(near=Limbs(hip=90, knee=90)))
    assert close(body.point("near.knee"), (44, 0))
    assert close(body.point("near.ankle"), (44, -46))
    assert close(body.point("far.knee"), (0, -44))  # the far side keeps its own angles


def test_elbow_flexion_turns_the_forearm_forward_and_shoulder_flexion_raises_the_arm() -> None:
    body = forward_kinematics(Pose(near=Limbs(elbow=90), far=Limbs(shoulder=180)))
    assert close(body.point("near.elbow"), (0, 52 - 29))
    assert close(body.point("near.wrist"), (25, 52 - 29))
    assert close(body.point("far.elbow"), (0, 52 + 29))


def test_trunk_tilt_lays_the_figure_face_down_or_face_up() -> None:
    prone = forward_kinematics(Pose(trunk=90))
    assert close(prone.point("waist"), (25, 0)) and prone.y("face") < prone.y("head")
    supine = forward_kinematics(Pose(trunk=-90))
    assert close(supine.point("waist"), (-25, 0)) and supine.y("face") > supine.y("head")


def test_spine_flexion_rounds_forward_and_extension_arches_back() -> None:
    rounded = forward_kinematics(Pose(spine=30))
    arched = forward_kinematics(Pose(spine=-30))
    assert rounded.x("neck") > 0 > arched.x("neck")


def test_rolling_the_legs_lowers_bent_knees_toward_the_floor_and_keeps_the_feet() -> None:
    hooked = Limbs(hip=45, knee=90)
    upright = forward_kinematics(Pose(trunk=-90, near=hooked))
    rolled = forward_kinematics(Pose(trunk=-90, near=hooked, roll=60))
    assert rolled.y("near.knee") == pytest.approx(upright.y("near.knee") / 2)
    assert rolled.x("near.knee") == pytest.approx(upright.x("near.knee"))
    assert close(rolled.point("waist"), upright.point("waist"))


def test_front_view_spreads_the_sides_and_abduction_lifts_the_arm_sideways() -> None:
    body = forward_kinematics(Pose(near=Limbs(shoulder=90)), "front")
    assert close(body.point("near.shoulder"), (-17, 52))
    assert close(body.point("far.shoulder"), (17, 52))
    assert close(body.point("near.hip"), (-9, 0))
    assert close(body.point("near.elbow"), (-17 - 29, 52))


def test_placing_on_the_floor_or_a_chair() -> None:
    standing = place(Pose())
    assert abs(standing.lowest()) < 1e-9
    seated = place(Pose(near=Limbs(hip=90, knee=90), far=Limbs(hip=90, knee=90), support="chair"))
    assert abs(seated.bottom("pelvis") - SEAT_HEIGHT) < 1e-9
    assert abs(seated.bottom("near.ankle")) < ON_THE_FLOOR


angles = st.floats(-180, 270, allow_nan=False)


limbs = st.builds(Limbs, angles, angles, angles, angles, angles, angles)
poses = st.builds(Pose, angles, st.floats(-60, 60), st.floats(-60, 60), limbs, limbs, st.just("floor"),
                  st.floats(-80, 80))


@given(poses, st.sampled_from(["side", "front"]))
def test_any_pose_keeps_its_segment_lengths_and_rests_on_the_floor(pose: Pose, view: str) -> None:
    body = place(pose, "side" if view == "side" else "front")
    assert abs(body.lowest()) < 1e-6
    assert_lengths(body, rolled=pose.roll != 0)


def assert_lengths(body: Body, rolled: bool = False) -> None:
    """Every segment has its length; a segment seen end-on (a seated thigh from the front, legs rolled toward the
    viewer) looks shorter, never longer."""
    seated_front = body.view == "front" and math.dist(body.point("near.hip"), body.point("near.knee")) < 1e-6
    foreshortened = {"foot"} if body.view == "front" else set()
    foreshortened |= {"thigh"} if seated_front else set()
    foreshortened |= {"thigh", "shin", "foot"} if rolled else set()
    for side in ("near", "far"):
        for (start, end), part in zip((("shoulder", "elbow"), ("elbow", "wrist"), ("wrist", "hand"),
                                       ("hip", "knee"), ("knee", "ankle"), ("ankle", "toe")),
                                      ("upper_arm", "forearm", "hand", "thigh", "shin", "foot"), strict=True):
            length = segment_length(body, f"{side}.{start}", f"{side}.{end}")
            if part in foreshortened:
                assert length <= LENGTHS[part] + 1e-6, f"{side} {part}"
            else:
                assert length == pytest.approx(LENGTHS[part]), f"{side} {part}"
    assert segment_length(body, "pelvis", "waist") == pytest.approx(LENGTHS["lower_back"])
    assert segment_length(body, "waist", "neck") == pytest.approx(LENGTHS["upper_back"])


def trunk_slope(body: Body) -> float:
    """Degrees between the pelvis-to-neck line and the floor."""
    (x1, y1), (x2, y2) = body.point("pelvis"), body.point("neck")
    return math.degrees(math.atan2(abs(y2 - y1), abs(x2 - x1)))


def feet_down(body: Body, side: str) -> bool:
    return min(body.bottom(f"{side}.ankle"), body.bottom(f"{side}.toe")) < ON_THE_FLOOR


def check_position(spec: FigureSpec, scene: Scene, body: Body) -> None:
    position = spec.position
    if position == "standing":
        assert feet_down(body, "near") and feet_down(body, "far"), "both feet on the floor"
        not_arms = [y for name, (_, y) in body.points.items() if not name.endswith(("shoulder", "elbow", "wrist",
                                                                                   "hand", "face"))]
        assert body.y("head") == max(not_arms), "the head is highest"
    elif position in LYING:
        for part in ("pelvis", "waist", "neck"):
            assert body.bottom(part) < 25, f"{part} near the floor"
        assert trunk_slope(body) < 30, "the trunk lies roughly flat"
        if position == "hooklying":
            assert body.y("near.knee") > body.y("pelvis") + 20 and body.y("far.knee") > body.y("pelvis") + 20
    elif position == "quadruped":
        for part in ("near.hand", "far.hand", "near.knee", "far.knee"):
            assert body.bottom(part) < ON_THE_FLOOR, f"{part} on the floor"
        assert trunk_slope(body) < 20, "the back roughly flat"
    elif position == "kneeling":
        assert body.bottom("near.knee") < ON_THE_FLOOR and body.bottom("far.knee") < ON_THE_FLOOR
    elif position == "half-kneeling":
        assert body.bottom("near.knee") < ON_THE_FLOOR and feet_down(body, "far")
    else:
        assert position == "seated"
        assert body.bottom("pelvis") == pytest.approx(SEAT_HEIGHT), "sitting on the seat"
        seats = [s.numbers for s in scene.props if s.prop == "chair" and s.numbers[1] + s.numbers[3] == SEAT_HEIGHT]
        assert any(x <= body.x("pelvis") <= x + width for x, _, width, _ in seats), "the chair is under the hips"
        assert feet_down(body, "near") and feet_down(body, "far"), "both feet on the floor"


@pytest.mark.parametrize("exercise_id", list(FIGURES))
def test_every_exercise_figure_is_a_possible_position(exercise_id: str) -> None:
    spec = FIGURES[exercise_id]
    scene = compose(spec)
    check_position(spec, scene, scene.ghost or scene.body)  # the position the exercise starts from
    for body, pose in ((scene.body, spec.pose), (scene.ghost, spec.start)):
        if body is not None and pose is not None:
            assert body.lowest() > -0.5, "nothing below the floor"
            assert_lengths(body, rolled=pose.roll != 0)
    for part in spec.contacts:
        height = scene.body.bottom(part)
        if part == "pelvis" and spec.pose.support == "chair":
            assert height == pytest.approx(SEAT_HEIGHT)
        else:
            assert height < ON_THE_FLOOR, f"{part} rests on the floor"
    left, bottom, right, top = scene.bounds()
    assert bottom > -5 and right - left < 300 and top < 260, "the picture stays person-sized"

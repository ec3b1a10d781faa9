"""Labelled landmark clips of the core exercises made with the body model (body_model.py), for testing and
benchmarking the form rules.

Each scene turns two numbers into a pose: ``move`` (0 at the start position, 1 at the end position: the top of a
press-up, knees fallen to the side) and ``fault`` (0 good form, 1 the whole fault: hips lifted 14 degrees, knees
bent 35 degrees...). The labels come from the model's own joint angles and positions, with a band between good
and faulty left unlabelled (None), never from the rules' thresholds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from backcoach.domain.form.landmarks import Frame
from devtools.body_model import (
    FOREARM,
    THIGH,
    TORSO,
    UPPER_ARM,
    Camera,
    Limbs,
    Picture,
    Pose,
    render,
    world_points,
)

Labels = dict[str, bool | None]
Scene = Callable[[float, dict[str, float]], tuple[Pose, Labels]]
SIDE = Camera(view="side", near="right", distance=3.0, height=0.6)
SIDE_STANDING = Camera(view="side", near="right", distance=3.2, height=1.0)
FEET = Camera(view="front", distance=1.0, height=0.7)
NOISY = Picture(noise=0.003)  # about 2 pixels of jitter in a 640-pixel-wide picture


def band(value: float, good_at_most: float, bad_at_least: float) -> bool | None:
    """The label of a fault's size: False (good) up to ``good_at_most``, True (faulty) from ``bad_at_least``."""
    return True if value >= bad_at_least else False if value <= good_at_most else None


def world_angle(points: dict[str, tuple[float, float, float]], a: str, b: str, c: str) -> float:
    """The model's joint angle at ``b`` in the body's own plane (across-the-body offsets left out)."""
    first = [p - q for p, q in zip(points[a][:2], points[b][:2], strict=True)]
    second = [p - q for p, q in zip(points[c][:2], points[b][:2], strict=True)]
    dot = sum(p * q for p, q in zip(first, second, strict=True))
    return math.degrees(math.acos(dot / math.hypot(*first) / math.hypot(*second)))


def prone_on_elbows(t: float, f: dict[str, float]) -> tuple[Pose, Labels]:
    forward = 8 + 34 * f.get("elbows", 0.0)  # the upper arm's angle from vertical, elbows ahead of the shoulders
    lift = 14 * f.get("hips", 0.0)  # pelvis lifted: the thigh's extra rise, degrees
    thigh = math.degrees(math.asin(0.05 / THIGH)) + lift
    trunk = math.degrees(math.asin((UPPER_ARM * math.cos(math.radians(forward)) - 0.01
                                    - THIGH * math.sin(math.radians(thigh))) / TORSO))
    limbs = Limbs(shoulder=90 + forward - trunk, elbow=90 - forward, hip=thigh - trunk, knee=thigh, ankle=90)
    pose = Pose(trunk=trunk, left=limbs, right=limbs, neck=-trunk * 0.8)
    return pose, {"elbows-under-shoulders": band(forward, 18, 32), "hips-down": band(lift, 2, 10), "in_end": True}


def press_up(t: float, f: dict[str, float]) -> tuple[Pose, Labels]:
    move = f.get("move", 0.0)
    trunk = 12 + 36 * move
    lift = 14 * f.get("hips", 0.0)
    thigh = math.degrees(math.asin(0.05 / THIGH)) + lift
    floor = -THIGH * math.sin(math.radians(thigh)) - 0.05
    limbs = Limbs(hip=thigh - trunk, knee=thigh, ankle=90)
    hands = {side: (0.47, floor + 0.03) for side in ("left", "right")}
    pose = Pose(trunk=trunk, left=limbs, right=limbs, hands=hands, elbows_bend_toward=(-1.0, 0.4), neck=-trunk * 0.5)
    return pose, {"hips-down": band(lift, 2, 10), "in_end": band(trunk, 18, 40)}


def standing_extension(t: float, f: dict[str, float]) -> tuple[Pose, Labels]:
    back = 22 * f.get("move", 0.0)
    knee = 35 * f.get("knees", 0.0)
    hanging = f.get("hands", 0.0)
    limbs = Limbs(hip=-back + knee / 2, knee=knee, ankle=-knee / 2, shoulder=5, elbow=8)
    hip_target = (-0.07, 0.10)
    shoulder_x = -TORSO * math.sin(math.radians(back))
    hang = (shoulder_x + 0.02, TORSO * math.cos(math.radians(back)) - UPPER_ARM - FOREARM + 0.02)
    target = (hip_target[0] + (hang[0] - hip_target[0]) * hanging, hip_target[1] + (hang[1] - hip_target[1]) * hanging)
    pose = Pose(trunk=90 + back, left=limbs, right=limbs, neck=-back * 0.3,
                hands={"left": target, "right": target}, elbows_bend_toward=(-1.0, 0.0))
    return pose, {"knees-straight": band(knee, 8, 25), "hands-on-hips": band(hanging, 0.2, 0.8),
                  "in_end": band(back, 4, 15)}


def bridge(t: float, f: dict[str, float]) -> tuple[Pose, Labels]:
    top = 24 - 11 * f.get("sag", 0.0)
    beta = top * f.get("move", 0.0)
    floor = -TORSO * math.sin(math.radians(beta)) - 0.08
    feet = {side: (0.40, floor + 0.06) for side in ("left", "right")}
    pose = Pose(trunk=180 + beta, feet=feet, knees_bend_toward=(0.3, 1.0)).both(shoulder=10)
    line = world_angle(world_points(pose), "right_shoulder", "right_hip", "right_knee")
    at_top = f.get("holding", 0.0) > 0.5
    return pose, {"hips-in-line": band(180 - line, 10, 20) if at_top else None, "in_end": band(beta, 4, 11)}


def rotation(t: float, f: dict[str, float]) -> tuple[Pose, Labels]:
    fall = 40 * f.get("move", 0.0) * (1 if f.get("to_left", 1.0) > 0 else -1)
    spread = -0.035 + 0.135 * f.get("knees", 0.0)
    roll = 16 * f.get("shoulders", 0.0) * (-1 if fall > 0 else 1)  # the shoulder opposite the knees lifts
    pose = Pose(trunk=180, knee_fall=fall, knee_spread=spread, shoulder_roll=roll).both(hip=50, knee=100, ankle=10)
    return pose, {"knees-together": band(spread, 0.0, 0.06), "shoulders-down": band(abs(roll), 3, 10),
                  "in_end": band(abs(fall), 6, 25)}


def leg_over(t: float, f: dict[str, float]) -> tuple[Pose, Labels]:
    move = f.get("move", 0.0)
    lift, across = min(1.0, move * 2), max(0.0, move * 2 - 1)
    roll = 16 * f.get("shoulders", 0.0)
    right = Limbs(hip=80 * lift, knee=90 * lift)
    pose = Pose(trunk=180, right=right, leg_over=70 * across, leg_over_side="right", shoulder_roll=roll)
    return pose, {"shoulders-down": band(abs(roll), 3, 10), "in_end": band(70 * across, 10, 50)}


def cat_cow(t: float, f: dict[str, float]) -> tuple[Pose, Labels]:
    spine = 30 - 55 * f.get("move", 0.0)  # cat (rounded, +30) to cow (arched, -25)
    neck = 35 - 65 * f.get("move", 0.0)
    drop = 0.13 * f.get("elbows", 0.0)  # the chest lowered by bending the elbows, metres
    trunk = _trunk_for_shoulder_height(spine, 0.13 - drop)
    legs = Limbs(hip=90 - trunk - spine / 2, knee=90, ankle=90)
    shoulder_x = _shoulder(trunk, spine)[0]
    hands = {side: (shoulder_x, -0.45) for side in ("left", "right")}
    pose = Pose(trunk=trunk, spine=spine, neck=neck, left=legs, right=legs, hands=hands,
                elbows_bend_toward=(-1.0, 0.0), feet={})
    elbow = world_angle(world_points(pose), "right_shoulder", "right_elbow", "right_wrist")
    return pose, {"elbows-straight": band(180 - elbow, 15, 35), "in_end": band(-spine, -15, 15)}


def _shoulder(trunk: float, spine: float) -> tuple[float, float]:
    lumbar, thoracic = math.radians(trunk + spine / 2), math.radians(trunk - spine / 2)
    return (0.45 * TORSO * math.cos(lumbar) + 0.55 * TORSO * math.cos(thoracic),
            0.45 * TORSO * math.sin(lumbar) + 0.55 * TORSO * math.sin(thoracic))


def _trunk_for_shoulder_height(spine: float, height: float) -> float:
    low, high = -40.0, 60.0
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if _shoulder(middle, spine)[1] < height else (low, middle)
    return (low + high) / 2


def rhomboid(t: float, f: dict[str, float]) -> tuple[Pose, Labels]:
    bend = 32 * f.get("low_back", 0.0)  # leaning forward from the hips instead of rounding the upper back
    drop = 50 * f.get("hands", 0.0)  # arms hanging below shoulder height, degrees
    spine = 35 * f.get("move", 1.0)
    trunk = 90 - bend
    thoracic = trunk - spine / 2
    arm = Limbs(shoulder=(180 - thoracic - drop) % 360, elbow=10, hip=180 - trunk - spine / 2, knee=90, ankle=0)
    pose = Pose(trunk=trunk, spine=spine, neck=15, left=arm, right=arm)
    return pose, {"upper-back-rounds": band(bend, 8, 22), "hands-at-shoulder-height": band(drop, 12, 35),
                  "in_end": True}


def _supine_leg(trunk: float, thigh: float, knee: float) -> Limbs:
    """A leg on the back whose thigh points ``thigh`` degrees up from the floor toward the feet."""
    return Limbs(hip=thigh - trunk - 180 + 360, knee=knee, ankle=20)


def knee_to_chest(t: float, f: dict[str, float]) -> tuple[Pose, Labels]:
    curl = 22 * f.get("head", 0.0)
    trunk = 180 - curl
    pulled = 50 + 65 * f.get("move", 0.0)
    other = 50 + 40 * f.get("other_foot", 0.0)
    side = "left" if f.get("left", 0.0) > 0.5 else "right"
    legs = {side: _supine_leg(trunk, pulled, 100 + 20 * f.get("move", 0.0)),
            ("right" if side == "left" else "left"): _supine_leg(trunk, other, 100 - 10 * f.get("other_foot", 0.0))}
    pose = Pose(trunk=trunk, neck=curl, left=replace(legs["left"], shoulder=10),
                right=replace(legs["right"], shoulder=10))
    points = world_points(pose)
    other_side = "right" if side == "left" else "left"
    foot = min(points[f"{other_side}_heel"][1], points[f"{other_side}_foot_index"][1])
    return pose, {"other-foot-down": band(foot, 0.06, 0.14), "head-down": band(curl, 3, 14),
                  "in_end": band(pulled, 70, 100)}


def double_knee(t: float, f: dict[str, float]) -> tuple[Pose, Labels]:
    curl = 22 * f.get("head", 0.0)
    trunk = 180 - curl
    pulled = 50 + 65 * f.get("move", 0.0)
    leg = replace(_supine_leg(trunk, pulled, 100 + 20 * f.get("move", 0.0)), shoulder=10)
    pose = Pose(trunk=trunk, neck=curl, left=leg, right=leg)
    return pose, {"head-down": band(curl, 3, 14), "in_end": band(pulled, 70, 100)}


def pelvic_tilt(t: float, f: dict[str, float]) -> tuple[Pose, Labels]:
    pose = Pose(trunk=180, left=_supine_leg(180, 50, 100), right=_supine_leg(180, 50, 100))
    return pose, {"in_end": True}


SCENES: dict[str, tuple[Scene, Camera]] = {
    "prone-on-elbows": (prone_on_elbows, SIDE),
    "prone-press-up": (press_up, SIDE),
    "standing-back-extension": (standing_extension, SIDE_STANDING),
    "bridge": (bridge, SIDE),
    "lower-trunk-rotation": (rotation, FEET),
    "lower-trunk-rotation-leg-over": (leg_over, FEET),
    "cat-cow": (cat_cow, SIDE),
    "seated-rhomboid-stretch": (rhomboid, SIDE_STANDING),
    "single-knee-to-chest": (knee_to_chest, SIDE),
    "double-knee-to-chest": (double_knee, SIDE),
    "pelvic-tilt": (pelvic_tilt, SIDE),
}


def ease(t: float, start: float, rise: float, hold: float) -> float:
    """0 before ``start``, rising smoothly to 1 over ``rise`` seconds, 1 for ``hold`` seconds, falling back."""
    if t <= start or t >= start + 2 * rise + hold:
        return 0.0
    if t < start + rise:
        return (1 - math.cos(math.pi * (t - start) / rise)) / 2
    if t <= start + rise + hold:
        return 1.0
    return (1 + math.cos(math.pi * (t - start - rise - hold) / rise)) / 2


def repeat(t: float, period: float, rise: float, hold: float, first: float = 1.0) -> float:
    """``ease`` again every ``period`` seconds from ``first``."""
    if t < first:
        return 0.0
    return ease((t - first) % period, 0.0, rise, hold)


def holding(t: float, period: float, rise: float, hold: float, first: float = 1.0) -> float:
    """1 while ``repeat`` is at its top, else 0."""
    if t < first:
        return 0.0
    phase = (t - first) % period
    return 1.0 if rise <= phase <= rise + hold else 0.0


@dataclass(frozen=True)
class LabelledFrame:
    frame: Frame
    labels: Labels


@dataclass(frozen=True)
class Clip:
    exercise_id: str
    name: str
    frames: tuple[LabelledFrame, ...]
    camera: Camera
    expected_reps: int | None = None
    faults: frozenset[str] = field(default_factory=frozenset)


def make_clip(exercise_id: str, name: str, seconds: float, timeline: Callable[[float], dict[str, float]], *,
              camera: Camera | None = None, picture: Picture = NOISY, fps: float = 30.0,
              seed: int = 1, expected_reps: int | None = None, faults: frozenset[str] = frozenset()) -> Clip:
    """Render a clip: ``timeline(t)`` gives the scene's numbers (``move`` and fault sizes) at each instant."""
    scene, default_camera = SCENES[exercise_id]
    rng = random.Random(seed)
    frames = []
    for index in range(int(seconds * fps)):
        t = index / fps
        pose, labels = scene(t, timeline(t))
        frames.append(LabelledFrame(render(pose, camera or default_camera, t, picture, rng), labels))
    return Clip(exercise_id, name, tuple(frames), camera or default_camera, expected_reps, faults)

"""A kinematic body model for testing the camera form check: joint angles → 3D joints → MediaPipe's 33 landmarks
in a pinhole camera's picture, with visibility, noise, hidden points and parts out of the picture.

It knows nothing of the form rules. Segment lengths are an adult's (1.75 m) from the standard proportions of body
height (Drillis and Contini, as tabled by Winter, "Biomechanics and Motor Control of Human Movement"); joint centres
rest above the floor by the thickness of the body there.

World axes: X along the floor (the way a standing person faces), Y up, Z across; the person's left is -Z. Angles
in degrees. ``trunk`` is the direction of the hip→shoulder line in the X-Y plane (90 standing, 180 lying on the
back with the head toward -X, 0 lying face down with the head toward +X). Flexion moves a limb toward the front
of the body, as in anatomy.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from backcoach.domain.form.landmarks import LANDMARK_NAMES, Frame, Landmark

HEIGHT = 1.75
TORSO = 0.288 * HEIGHT  # hip joint to shoulder joint
THIGH = 0.245 * HEIGHT
SHIN = 0.246 * HEIGHT
UPPER_ARM = 0.186 * HEIGHT
FOREARM = 0.146 * HEIGHT
HALF_SHOULDERS = 0.100 * HEIGHT
HALF_HIPS = 0.051 * HEIGHT
NECK = 0.05
HEAD = 0.13  # neck to the centre of the head
# How far each joint centre sits above a surface it rests on (the thickness of the body there), metres.
THICKNESS = {"shoulder": 0.08, "hip": 0.10, "knee": 0.05, "ankle": 0.06, "heel": 0.0, "foot_index": 0.0,
             "elbow": 0.04, "wrist": 0.03, "pinky": 0.01, "index": 0.01, "thumb": 0.02}
Vec = tuple[float, float, float]


def unit(degrees: float) -> tuple[float, float]:
    radians = math.radians(degrees)
    return math.cos(radians), math.sin(radians)


@dataclass(frozen=True)
class Limbs:
    """The joint angles of one side. ``shoulder``: arm flexion from hanging by the trunk; ``elbow``, ``hip``,
    ``knee`` flexion; ``ankle``: plantar flexion from a right angle with the shin."""

    shoulder: float = 0.0
    elbow: float = 0.0
    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0


@dataclass(frozen=True)
class Pose:
    """A whole-body pose. ``spine``: flexion between the low and the upper back (a rounded back is positive);
    ``neck``: head flexion (chin to chest) from the line of the upper back; ``knee_fall``: both legs turned about
    the body's long axis toward the person's left (+) or right (-), as knees fall to a side; ``knee_spread``:
    metres each knee moves out from the hip's line; ``shoulder_roll``: the upper body turned about its long axis,
    lifting the right shoulder (+) or the left (-) off the floor; ``leg_over``: the one leg (``leg_over_side``)
    turned across the body by that many degrees. ``hands``/``feet``: planted points (x, y) per side that the arm
    or leg reaches, bending its elbow or knee (overriding the angles)."""

    trunk: float
    left: Limbs = Limbs()
    right: Limbs = Limbs()
    spine: float = 0.0
    neck: float = 0.0
    knee_fall: float = 0.0
    knee_spread: float = 0.0
    shoulder_roll: float = 0.0
    leg_over: float = 0.0
    leg_over_side: str = "right"
    hands: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    feet: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    elbows_bend_toward: tuple[float, float] = (0.0, 1.0)
    knees_bend_toward: tuple[float, float] = (0.0, 1.0)

    def both(self, **angles: float) -> Pose:
        return replace(self, left=replace(self.left, **angles), right=replace(self.right, **angles))


def reach(root: tuple[float, float], target: tuple[float, float], first: float, second: float,
          toward: tuple[float, float]) -> tuple[float, float]:
    """The middle joint of a two-segment limb from ``root`` reaching ``target`` (or as near as it can), bending
    on the side of direction ``toward``."""
    dx, dy = target[0] - root[0], target[1] - root[1]
    span = min(max(math.hypot(dx, dy), abs(first - second) + 1e-6), first + second - 1e-6)
    base = math.atan2(dy, dx)
    spread = math.acos((first ** 2 + span ** 2 - second ** 2) / (2 * first * span))
    options = [(root[0] + first * math.cos(base + s), root[1] + first * math.sin(base + s)) for s in (spread, -spread)]
    return max(options, key=lambda p: (p[0] - root[0]) * toward[0] + (p[1] - root[1]) * toward[1])


def _along(start: tuple[float, float], direction: float, length: float) -> tuple[float, float]:
    ux, uy = unit(direction)
    return start[0] + length * ux, start[1] + length * uy


def _direction(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def sagittal(pose: Pose) -> dict[str, tuple[float, float]]:
    """Every landmark's (x, y) in the body's plane, the pelvis at the origin, before sideways placement."""
    lumbar, thoracic = pose.trunk + pose.spine / 2, pose.trunk - pose.spine / 2
    shoulder = _along(_along((0.0, 0.0), lumbar, 0.45 * TORSO), thoracic, 0.55 * TORSO)
    head_direction = thoracic - pose.neck
    head = _along(_along(shoulder, thoracic, NECK), head_direction, HEAD)
    points = {"shoulder": shoulder, "hip": (0.0, 0.0), "head": head}
    for side, limbs in (("left", pose.left), ("right", pose.right)):
        points |= {f"{side}_{k}": v for k, v in _arm(pose, side, limbs, shoulder, thoracic).items()}
        points |= {f"{side}_{k}": v for k, v in _leg(pose, side, limbs, lumbar).items()}
    return points


def _arm(pose: Pose, side: str, limbs: Limbs, shoulder: tuple[float, float],
         thoracic: float) -> dict[str, tuple[float, float]]:
    if side in pose.hands:
        elbow = reach(shoulder, pose.hands[side], UPPER_ARM, FOREARM, pose.elbows_bend_toward)
        forearm = _direction(elbow, pose.hands[side])
    else:
        upper = thoracic + 180 + limbs.shoulder
        elbow = _along(shoulder, upper, UPPER_ARM)
        forearm = upper + limbs.elbow
    wrist = _along(elbow, forearm, FOREARM)
    hand = _along(wrist, forearm, 0.08)
    return {"elbow": elbow, "wrist": wrist, "pinky": hand, "index": _along(wrist, forearm, 0.09),
            "thumb": _along(wrist, forearm, 0.05)}


def _leg(pose: Pose, side: str, limbs: Limbs, lumbar: float) -> dict[str, tuple[float, float]]:
    hip = (0.0, 0.0)
    if side in pose.feet:
        knee = reach(hip, pose.feet[side], THIGH, SHIN, pose.knees_bend_toward)
        shin = _direction(knee, pose.feet[side])
    else:
        thigh = lumbar + 180 + limbs.hip
        knee = _along(hip, thigh, THIGH)
        shin = thigh - limbs.knee
    ankle = _along(knee, shin, SHIN)
    foot = shin + 90 - limbs.ankle
    heel = _along(_along(ankle, shin, 0.06), foot, -0.05)
    return {"knee": knee, "ankle": ankle, "heel": heel, "foot_index": _along(_along(ankle, shin, 0.05), foot, 0.19)}


def world_points(pose: Pose) -> dict[str, Vec]:
    """The 33 landmarks in world coordinates (metres), resting on the floor at their lowest."""
    flat = sagittal(pose)
    points: dict[str, Vec] = {}
    lateral = {"shoulder": HALF_SHOULDERS, "elbow": HALF_SHOULDERS + 0.03, "wrist": HALF_SHOULDERS + 0.02,
               "pinky": HALF_SHOULDERS + 0.04, "index": HALF_SHOULDERS + 0.01, "thumb": HALF_SHOULDERS - 0.01,
               "hip": HALF_HIPS, "knee": HALF_HIPS, "ankle": HALF_HIPS, "heel": HALF_HIPS, "foot_index": HALF_HIPS}
    for side, sign in (("left", -1.0), ("right", 1.0)):
        x, y = flat["shoulder"]
        points[f"{side}_shoulder"] = (x, y, sign * HALF_SHOULDERS)
        points[f"{side}_hip"] = (0.0, 0.0, sign * HALF_HIPS)
        for base in ("elbow", "wrist", "pinky", "index", "thumb", "knee", "ankle", "heel", "foot_index"):
            x, y = flat[f"{side}_{base}"]
            points[f"{side}_{base}"] = (x, y, sign * lateral[base])
    points |= _face(pose, flat["head"])
    points = _turn_legs(pose, points)
    points = _roll_shoulders(pose, points)
    floor = min(p[1] - THICKNESS.get(name.split("_", 1)[-1], 0.0) for name, p in points.items())
    return {name: (p[0], p[1] - floor, p[2]) for name, p in points.items()}


def _face(pose: Pose, head: tuple[float, float]) -> dict[str, Vec]:
    direction = pose.trunk - pose.spine / 2 - pose.neck
    front, up = unit(direction - 90), unit(direction)

    def at(forward: float, upward: float, across: float) -> Vec:
        return (head[0] + forward * front[0] + upward * up[0], head[1] + forward * front[1] + upward * up[1], across)

    face = {"nose": at(0.10, 0.0, 0.0), "left_ear": at(-0.01, 0.01, -0.075), "right_ear": at(-0.01, 0.01, 0.075),
            "mouth_left": at(0.08, -0.045, -0.025), "mouth_right": at(0.08, -0.045, 0.025)}
    for side, sign in (("left", -1.0), ("right", 1.0)):
        face |= {f"{side}_eye_inner": at(0.085, 0.035, sign * 0.015), f"{side}_eye": at(0.085, 0.035, sign * 0.032),
                 f"{side}_eye_outer": at(0.08, 0.035, sign * 0.048)}
    return face


def _rotate_about_x(point: Vec, centre: tuple[float, float], degrees: float) -> Vec:
    """Turn a point about the line along X through (y, z) = centre; + turns +Y toward -Z (the person's left)."""
    radians = math.radians(degrees)
    y, z = point[1] - centre[0], point[2] - centre[1]
    return (point[0], centre[0] + y * math.cos(radians) + z * math.sin(radians),
            centre[1] - y * math.sin(radians) + z * math.cos(radians))


def _turn_legs(pose: Pose, points: dict[str, Vec]) -> dict[str, Vec]:
    lower = ("knee", "ankle", "heel", "foot_index")
    for side, sign in (("left", -1.0), ("right", 1.0)):
        knee = points[f"{side}_knee"]
        points[f"{side}_knee"] = (knee[0], knee[1], knee[2] + sign * pose.knee_spread)
    if pose.knee_fall:
        for side in ("left", "right"):
            for base in lower:
                points[f"{side}_{base}"] = _rotate_about_x(points[f"{side}_{base}"], (0.0, 0.0), pose.knee_fall)
    if pose.leg_over:
        side = pose.leg_over_side
        toward = pose.leg_over if side == "right" else -pose.leg_over  # across the body, to the other side
        hip = points[f"{side}_hip"]
        for base in lower:
            points[f"{side}_{base}"] = _rotate_about_x(points[f"{side}_{base}"], (hip[1], hip[2]), toward)
    return points


def _roll_shoulders(pose: Pose, points: dict[str, Vec]) -> dict[str, Vec]:
    if not pose.shoulder_roll:
        return points
    pivot_side = "left" if pose.shoulder_roll > 0 else "right"  # the shoulder that stays down
    pivot = points[f"{pivot_side}_shoulder"]
    upper = [n for n in points if not n.endswith(("hip", "knee", "ankle", "heel", "foot_index"))]
    for name in upper:
        points[name] = _rotate_about_x(points[name], (pivot[1], pivot[2]), pose.shoulder_roll)
    return points


@dataclass(frozen=True)
class Camera:
    """A pinhole camera: ``view`` ``side`` (from the person's ``near`` side) or ``front`` (facing the way a
    standing person faces, or from the feet of a person lying down); ``distance`` metres from the point it aims
    at, ``height`` of the lens, ``aim`` (x, y) the point it looks at (else the middle of the body), ``tilt`` an
    extra downward pitch in degrees, a 640x480 picture with a 60 degree wide view."""

    view: str = "side"
    near: str = "right"
    distance: float = 3.0
    height: float = 0.8
    aim: tuple[float, float] | None = None
    tilt: float = 0.0
    width: int = 640
    pixels_high: int = 480
    field_of_view: float = 60.0

    @property
    def aspect(self) -> float:
        return self.width / self.pixels_high


@dataclass(frozen=True)
class Picture:
    """How the picture is spoiled: ``noise`` (standard deviation of the jitter, in picture widths), ``hidden``
    landmark names seen poorly (visibility 0.2), ``dim`` (all visibilities multiplied by it)."""

    noise: float = 0.0
    hidden: frozenset[str] = frozenset()
    dim: float = 1.0


def _sub(a: Vec, b: Vec) -> Vec:
    return a[0] - b[0], a[1] - b[1], a[2] - b[2]


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _cross(a: Vec, b: Vec) -> Vec:
    return a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]


def _norm(a: Vec) -> Vec:
    length = math.sqrt(_dot(a, a))
    return a[0] / length, a[1] / length, a[2] / length


def _camera_frame(camera: Camera, points: Mapping[str, Vec]) -> tuple[Vec, Vec, Vec, Vec]:
    """The lens position and its right, up and forward directions."""
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    target_x, target_y = camera.aim or ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    if camera.view == "side":
        sign = 1.0 if camera.near == "right" else -1.0  # the person's right is +Z
        position: Vec = (target_x, camera.height, sign * camera.distance)
    else:
        position = (max(xs) + camera.distance, camera.height, 0.0)
    forward = _norm(_sub((target_x, target_y, 0.0), position))
    if camera.tilt:
        pitch = math.radians(camera.tilt)
        flat = _norm((forward[0], 0.0, forward[2]))
        angle = math.asin(max(-1.0, min(1.0, forward[1]))) - pitch
        forward = (flat[0] * math.cos(angle), math.sin(angle), flat[2] * math.cos(angle))
    right = _norm(_cross(forward, (0.0, 1.0, 0.0)))
    return position, right, _cross(right, forward), forward


def render(pose: Pose, camera: Camera, t: float, picture: Picture = Picture(),
           rng: random.Random | None = None) -> Frame:
    """The pose as one frame of MediaPipe landmarks seen by the camera."""
    points = world_points(pose)
    position, right, up, forward = _camera_frame(camera, points)
    focal = (camera.width / 2) / math.tan(math.radians(camera.field_of_view / 2))
    hips = [_sub(points[f"{side}_hip"], position) for side in ("left", "right")]
    hip_depth = sum(_dot(h, forward) for h in hips) / 2
    landmarks = []
    for name in LANDMARK_NAMES:
        offset = _sub(points[name], position)
        depth = max(_dot(offset, forward), 0.05)
        x = 0.5 + focal * _dot(offset, right) / depth / camera.width
        y = 0.5 - focal * _dot(offset, up) / depth / camera.pixels_high
        z = (depth - hip_depth) * focal / (camera.width * hip_depth)
        visibility = _visibility(name, camera, picture)
        if rng is not None and picture.noise:
            x += rng.gauss(0.0, picture.noise)
            y += rng.gauss(0.0, picture.noise * camera.aspect)
            z += rng.gauss(0.0, picture.noise)
        if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
            visibility = min(visibility, 0.1)
        landmarks.append(Landmark(x, y, z, visibility))
    return Frame(t, tuple(landmarks))


def _visibility(name: str, camera: Camera, picture: Picture) -> float:
    far = camera.view == "side" and name.startswith(("left_", "right_")) and not name.startswith(camera.near)
    visibility = 0.75 if far else 0.95
    if name in picture.hidden:
        visibility = 0.2
    return visibility * picture.dim

"""A small 2D human figure: segment lengths and joint angles → points by forward kinematics, placed on the floor
or a chair seat, with the props an exercise uses.

Units are centimetres, y up, the floor at y = 0. Two views:

* ``side`` (the sagittal plane): the figure faces +x when upright. Angles are anatomical and in degrees:
  ``trunk`` tilts the lower back forward from upright (90 = face down with the head to the right, -90 = face
  up with the head to the left); ``spine`` bends the upper back on the lower back (+ rounds forward, - arches
  back); ``neck`` bends the head forward. Per side: ``shoulder`` and ``hip`` flexion (0 = limb along the trunk,
  90 = pointing forward, 180 = overhead, negative = behind), ``elbow`` flexion (forearm turns forward),
  ``knee`` flexion (shin turns backward), ``wrist`` (hand turns forward) and ``ankle`` dorsiflexion (0 = foot at
  a right angle to the shin, negative = toes pointed). The "near" side faces the viewer; the "far" side is drawn
  lighter. ``roll`` turns both legs about the low back's line (bent knees falling toward the viewer).
* ``front`` (the frontal plane): ``trunk`` and ``spine`` tilt and bend sideways (+ toward the far side, which is on
  the right of the picture); per side the angles turn each limb away from the midline (mirror-symmetric:
  ``shoulder``/``hip`` = abduction, ``elbow``/``knee`` turn the same way, negative back toward the midline).

A later 3D model keeps these names and adds the other planes' angles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal

View = Literal["side", "front"]
Support = Literal["floor", "chair"]

LENGTHS = {"neck": 7.0, "lower_back": 25.0, "upper_back": 27.0, "upper_arm": 29.0, "forearm": 25.0, "hand": 9.0,
           "thigh": 44.0, "shin": 46.0, "foot": 17.0}
WIDTHS = {"trunk": 18.0, "trunk_front": 26.0, "upper_arm": 8.0, "forearm": 7.0, "hand": 6.0, "thigh": 11.0,
          "shin": 9.0, "foot": 6.0, "neck": 8.0, "girdle": 8.0}
HEAD_RADIUS = 11.0
SHOULDER_HALF_WIDTH = 17.0  # front view
HIP_HALF_WIDTH = 9.0
SEAT_HEIGHT = 42.0
SEATED_THIGH = 0.0  # front view, seated: the thighs point at the viewer and look very short
SIDES = ("near", "far")
ARM = ("shoulder", "elbow", "wrist", "hand")
LEG = ("hip", "knee", "ankle", "toe")


@dataclass(frozen=True)
class Limbs:
    """One side's joint angles, in degrees (see the module's docstring for each view's meaning)."""

    shoulder: float = 0.0
    elbow: float = 0.0
    wrist: float = 0.0
    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0


@dataclass(frozen=True)
class Pose:
    """A whole-body pose: the root's tilt, the spine's bends and each side's joint angles."""

    trunk: float = 0.0
    spine: float = 0.0
    neck: float = 0.0
    near: Limbs = field(default_factory=Limbs)
    far: Limbs = field(default_factory=Limbs)
    support: Support = "floor"
    roll: float = 0.0  # side view: the legs turned about the low back's line (knees falling to one side)


@dataclass(frozen=True)
class Segment:
    start: str
    end: str
    width: float
    side: str  # "near", "far" or "body"


@dataclass(frozen=True)
class Body:
    """A posed figure: named points (x, y) and the segments between them."""

    view: View
    points: dict[str, tuple[float, float]]
    radii: dict[str, float]
    segments: tuple[Segment, ...]
    facing: float  # +1 if the front of the body points toward +x, -1 toward -x (side view)

    def x(self, name: str) -> float:
        return self.point(name)[0]

    def y(self, name: str) -> float:
        return self.point(name)[1]

    def point(self, name: str) -> tuple[float, float]:
        if "+" in name:  # the midpoint of two points, e.g. "near.knee+far.knee"
            first, second = (self.point(part) for part in name.split("+", 1))
            return (first[0] + second[0]) / 2, (first[1] + second[1]) / 2
        return self.points[name]

    def bottom(self, name: str) -> float:
        """How high the underside of a body part is above the floor."""
        return self.y(name) - self.radii.get(name, 0.0)

    def lowest(self) -> float:
        return min(self.bottom(name) for name in self.points)

    def bounds(self) -> tuple[float, float, float, float]:
        """min x, min y, max x, max y, counting each part's thickness."""
        xs = [(p[0] - self.radii[n], p[0] + self.radii[n]) for n, p in self.points.items()]
        ys = [(p[1] - self.radii[n], p[1] + self.radii[n]) for n, p in self.points.items()]
        return min(a for a, _ in xs), min(a for a, _ in ys), max(b for _, b in xs), max(b for _, b in ys)

    def moved(self, dx: float, dy: float) -> Body:
        points = {name: (x + dx, y + dy) for name, (x, y) in self.points.items()}
        return replace(self, points=points)


def _step(origin: tuple[float, float], degrees: float, length: float) -> tuple[float, float]:
    """The point ``length`` away from ``origin`` in the direction ``degrees`` (0 = +x, counter-clockwise)."""
    radians = math.radians(degrees)
    return origin[0] + length * math.cos(radians), origin[1] + length * math.sin(radians)


def _chain(points: dict[str, tuple[float, float]], names: tuple[str, ...], start: tuple[float, float],
           directions: tuple[float, ...], lengths: tuple[float, ...]) -> None:
    points[names[0]] = start
    here = start
    for name, direction, length in zip(names[1:], directions, lengths, strict=True):
        here = _step(here, direction, length)
        points[name] = here


def forward_kinematics(pose: Pose, view: View = "side") -> Body:
    """The figure's points with the pelvis (the hip joints' centre) at the origin."""
    points: dict[str, tuple[float, float]] = {"pelvis": (0.0, 0.0)}
    lower = 90.0 - pose.trunk
    upper = lower - pose.spine
    neck = upper - pose.neck
    points["waist"] = _step(points["pelvis"], lower, LENGTHS["lower_back"])
    points["neck"] = _step(points["waist"], upper, LENGTHS["upper_back"])
    points["head"] = _step(_step(points["neck"], neck, LENGTHS["neck"]), neck, HEAD_RADIUS)
    if view == "side":
        points["face"] = _step(points["head"], neck - 90.0, HEAD_RADIUS)
        for side in SIDES:
            _side_limbs(points, side, getattr(pose, side), upper, lower)
        if pose.roll:
            _roll_legs(points, lower, pose.roll)
    else:
        for side in SIDES:
            _front_limbs(points, side, getattr(pose, side), (upper, lower), seated=pose.support == "chair")
    facing = 1.0 if math.cos(math.radians(lower - 90.0)) >= 0 else -1.0
    return Body(view, points, _radii(points, view), _segments(view), facing)


def _roll_legs(points: dict[str, tuple[float, float]], axis: float, degrees: float) -> None:
    """Turn the legs about the low back's line (side view): how far each leg point stands off that line shrinks
    by cos(roll), as bent knees falling to one side look from that side."""
    ux, uy = math.cos(math.radians(axis)), math.sin(math.radians(axis))
    keep = math.cos(math.radians(degrees))
    px, py = points["pelvis"]
    for name in [n for n in points if n.split(".")[-1] in LEG]:
        vx, vy = points[name][0] - px, points[name][1] - py
        along = vx * ux + vy * uy
        points[name] = (px + along * ux + (vx - along * ux) * keep, py + along * uy + (vy - along * uy) * keep)


def _side_limbs(points: dict[str, tuple[float, float]], side: str, limbs: Limbs, upper: float,
                lower: float) -> None:
    arm = upper + 180.0 + limbs.shoulder
    forearm = arm + limbs.elbow
    _chain(points, tuple(f"{side}.{n}" for n in ARM), points["neck"], (arm, forearm, forearm + limbs.wrist),
           (LENGTHS["upper_arm"], LENGTHS["forearm"], LENGTHS["hand"]))
    thigh = lower + 180.0 + limbs.hip
    shin = thigh - limbs.knee
    _chain(points, tuple(f"{side}.{n}" for n in LEG), points["pelvis"], (thigh, shin, shin + 90.0 + limbs.ankle),
           (LENGTHS["thigh"], LENGTHS["shin"], LENGTHS["foot"]))


def _front_limbs(points: dict[str, tuple[float, float]], side: str, limbs: Limbs, back: tuple[float, float], *,
                 seated: bool) -> None:
    upper, lower = back
    sign = -1.0 if side == "near" else 1.0  # near on the left of the picture
    shoulder = _step(points["neck"], upper - 90.0 * sign, SHOULDER_HALF_WIDTH)
    arm = upper + 180.0 + sign * limbs.shoulder
    forearm = arm + sign * limbs.elbow
    _chain(points, tuple(f"{side}.{n}" for n in ARM), shoulder, (arm, forearm, forearm + sign * limbs.wrist),
           (LENGTHS["upper_arm"], LENGTHS["forearm"], LENGTHS["hand"]))
    hip = _step(points["pelvis"], lower - 90.0 * sign, HIP_HALF_WIDTH)
    thigh = lower + 180.0 + sign * limbs.hip
    shin = thigh + sign * limbs.knee
    foot = shin + sign * 90.0  # a foot seen from the front: a short stub turned out
    _chain(points, tuple(f"{side}.{n}" for n in LEG), hip, (thigh, shin, foot),
           (LENGTHS["thigh"] * (SEATED_THIGH if seated else 1.0), LENGTHS["shin"], LENGTHS["foot"] * 0.45))


def _segments(view: View) -> tuple[Segment, ...]:
    trunk = WIDTHS["trunk"] if view == "side" else WIDTHS["trunk_front"]  # seen from the front the trunk is wider
    segments = [Segment("pelvis", "waist", trunk, "body"), Segment("waist", "neck", trunk, "body")]
    for side in SIDES:
        if view == "front":
            segments += [Segment("neck", f"{side}.shoulder", WIDTHS["girdle"], side),
                         Segment("pelvis", f"{side}.hip", WIDTHS["thigh"], side)]
        names = {"upper_arm": ARM[0:2], "forearm": ARM[1:3], "hand": ARM[2:4],
                 "thigh": LEG[0:2], "shin": LEG[1:3], "foot": LEG[2:4]}
        segments += [Segment(f"{side}.{a}", f"{side}.{b}", WIDTHS[part], side) for part, (a, b) in names.items()]
    return tuple(segments)


def _radii(points: dict[str, tuple[float, float]], view: View) -> dict[str, float]:
    radii = {name: 0.0 for name in points}
    for segment in _segments(view):
        for end in (segment.start, segment.end):
            radii[end] = max(radii[end], segment.width / 2)
    radii["head"] = HEAD_RADIUS
    radii["pelvis"] = WIDTHS["trunk"] / 2  # sitting on the buttocks: as deep seen from the front as from the side
    if "face" in radii:
        radii["face"] = 2.5
    return radii


def segment_length(body: Body, start: str, end: str) -> float:
    (x1, y1), (x2, y2) = body.point(start), body.point(end)
    return math.hypot(x2 - x1, y2 - y1)


def place(pose: Pose, view: View = "side") -> Body:
    """Posed and put down: on a chair the pelvis sits on the seat above x = 0; on the floor the lowest part
    touches it, with the pelvis above x = 0."""
    body = forward_kinematics(pose, view)
    if pose.support == "chair":
        return body.moved(0.0, SEAT_HEIGHT + body.radii["pelvis"])
    return body.moved(0.0, -body.lowest())

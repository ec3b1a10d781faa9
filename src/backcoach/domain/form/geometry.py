"""Geometry of one frame: the points that are seen, which side faces the camera, which way the person faces, body
scales (torso length, shoulder and hip width) and whether the camera sees the body from the side or the front.

All distances and angles are taken in picture proportions (x is multiplied by the width/height ratio), so a
square angle in the scene stays square whatever the picture's shape.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from backcoach.domain.form.landmarks import INDEX, LANDMARK_NAMES, Landmark, sided


class Point(NamedTuple):
    x: float
    y: float
    z: float


_Getter = Callable[[str], "Point | None"]


def distance(a: Point, b: Point) -> float:
    return math.hypot(a.x - b.x, a.y - b.y)


def middle(a: Point, b: Point) -> Point:
    return Point((a.x + b.x) / 2, (a.y + b.y) / 2, (a.z + b.z) / 2)


def joint_angle(a: Point, b: Point, c: Point) -> float:
    """The angle at ``b`` between b→a and b→c, in degrees (180 is a straight line)."""
    first = math.atan2(a.y - b.y, a.x - b.x)
    second = math.atan2(c.y - b.y, c.x - b.x)
    angle = abs(math.degrees(first - second)) % 360.0
    return 360.0 - angle if angle > 180.0 else angle


def incline(a: Point, b: Point) -> float:
    """The line a→b against the horizontal, in degrees: positive when b is higher than a (y grows downward)."""
    return math.degrees(math.atan2(a.y - b.y, abs(b.x - a.x)))


def lean(a: Point, b: Point, toward: float) -> float:
    """The line a→b against the vertical (b above a), in degrees, positive toward image direction ``toward``."""
    return math.degrees(math.atan2((b.x - a.x) * toward, a.y - b.y))


@dataclass(frozen=True)
class Body:
    """One frame as the rules read it: every point seen (None when not seen), and the frame's orientation."""

    seen: tuple[Point | None, ...]
    near: str
    facing: float
    left_toward: float
    torso: float | None
    shoulders: float | None
    hips: float | None
    view: str = "unknown"

    def point(self, name: str) -> Point | None:
        return self.seen[INDEX[name]]

    def pair(self, base: str) -> tuple[Point | None, Point | None]:
        return self.point(sided(base, "left")), self.point(sided(base, "right"))

    def mid(self, base: str) -> Point | None:
        left, right = self.pair(base)
        if left is None or right is None:
            return left or right
        return middle(left, right)

    @property
    def view_ratio(self) -> float | None:
        """Shoulder width over torso length: small side-on (the shoulders overlap), large facing the camera."""
        if self.shoulders is None or not self.torso:
            return None
        return self.shoulders / self.torso


def seen_points(points: tuple[Landmark, ...], aspect: float, visibility: float) -> tuple[Point | None, ...]:
    """The points at or above the visibility threshold (and inside the picture), in picture proportions."""
    return tuple(Point(p.x * aspect, p.y, p.z * aspect)
                 if p.visibility >= visibility and -0.02 <= p.x <= 1.02 and -0.02 <= p.y <= 1.02 else None
                 for p in points)


def read_body(seen: tuple[Point | None, ...], previous: Body | None, side_below: float, front_above: float) -> Body:
    """Orientation and scales of a frame of seen points; where a frame cannot tell, the previous answer stands
    (``side_below``/``front_above``: the shoulder-width-to-torso ratios that decide the view, with a band between
    them where the view stays as it was)."""
    previous_near = previous.near if previous else "left"
    previous_facing = previous.facing if previous else 1.0
    def get(name: str) -> Point | None:
        return seen[INDEX[name]]

    def span(base: str) -> float | None:
        left, right = get(sided(base, "left")), get(sided(base, "right"))
        return distance(left, right) if left and right else None

    body = Body(seen, previous_near, previous_facing, 1.0, None, span("shoulder"), span("hip"))
    shoulder, hip = body.mid("shoulder"), body.mid("hip")
    torso = distance(shoulder, hip) if shoulder and hip else None
    body = Body(seen, _near_side(get, previous_near), _facing(get, previous_facing), _left_toward(get),
                torso or None, body.shoulders, body.hips)
    ratio = body.view_ratio
    view = previous.view if previous else "unknown"
    if ratio is not None:
        view = "side" if ratio < side_below else "front" if ratio > front_above else view
    elif body.shoulders is None and (body.point("left_shoulder") or body.point("right_shoulder")):
        view = "side"  # one shoulder hidden behind the other
    return Body(seen, body.near, body.facing, body.left_toward, body.torso, body.shoulders, body.hips, view)


def _near_side(get: _Getter, previous: str) -> str:
    """The side nearer the camera: the smaller depth (z) over shoulder, hip and knee; only a clear difference
    changes the previous answer."""
    depth = {side: [p.z for base in ("shoulder", "hip", "knee") if (p := get(sided(base, side))) is not None]
             for side in ("left", "right")}
    if not depth["left"] or not depth["right"]:
        return "left" if depth["left"] else "right" if depth["right"] else previous
    difference = sum(depth["left"]) / len(depth["left"]) - sum(depth["right"]) / len(depth["right"])
    if abs(difference) < 0.02:
        return previous
    return "left" if difference < 0 else "right"


def _facing(get: _Getter, previous: float) -> float:
    """The image direction (+1 right, -1 left) the person faces: toes ahead of heels, else nose ahead of ears."""
    toes = [toe.x - heel.x for side in ("left", "right")
            if (toe := get(sided("foot_index", side))) and (heel := get(sided("heel", side)))]
    if toes and abs(sum(toes)) > 0.01 * len(toes):
        return 1.0 if sum(toes) > 0 else -1.0
    nose = get("nose")
    ears = [ear.x for side in ("left", "right") if (ear := get(sided("ear", side)))]
    if nose and ears and abs(nose.x - sum(ears) / len(ears)) > 0.005:
        return 1.0 if nose.x > sum(ears) / len(ears) else -1.0
    return previous


def _left_toward(get: _Getter) -> float:
    """The image direction of the person's left (front view): mirrored when they face the camera."""
    total = 0.0
    for base in ("shoulder", "hip"):
        left, right = get(sided(base, "left")), get(sided(base, "right"))
        if left and right:
            total += left.x - right.x
    return -1.0 if total < 0 else 1.0


__all__ = ["LANDMARK_NAMES", "Body", "Point", "distance", "incline", "joint_angle", "lean", "middle", "read_body",
           "seen_points"]

"""Evaluating a rule's measure on one frame; None when a point it needs is not seen (never a guess)."""

from __future__ import annotations

from backcoach.domain.form.geometry import Body, Point, distance, incline, joint_angle, lean
from backcoach.domain.form.landmarks import PAIRED, other, sided
from backcoach.domain.form.spec import Measure


def measure(spec: Measure, body: Body) -> float | None:
    """The measure's value on this frame, or None when it cannot be read."""
    if spec.kind in ("spread", "tilt"):
        value = _pair_measure(spec, body)
    elif spec.kind == "cross":
        value = _cross(spec, body)
    elif spec.side in ("min", "max"):
        values = [v for side in ("left", "right") if (v := _on_side(spec, body, side)) is not None]
        value = None if len(values) < 2 else (min(values) if spec.side == "min" else max(values))
    else:
        value = _on_side(spec, body, spec.side)
    if value is None:
        return None
    return abs(value) if spec.absolute else value


def extreme_side(spec: Measure, body: Body) -> str | None:
    """For a ``min``/``max`` measure (or ``cross``), the side that gives the result: which knee is pulled in,
    which leg crosses over."""
    if spec.kind == "cross":
        values = {side: _leg_cross(spec, body, side) for side in ("left", "right")}
    elif spec.side in ("min", "max"):
        values = {side: _on_side(spec, body, side) for side in ("left", "right")}
    else:
        return None
    known = {side: v for side, v in values.items() if v is not None}
    if not known:
        return None
    pick = min if spec.side == "min" and spec.kind != "cross" else max
    return pick(known, key=lambda side: known[side])


def resolve(body: Body, name: str, side: str) -> Point | None:
    """A point by its name; a paired name without side (``knee``) on the side asked for."""
    if name not in PAIRED:
        return body.point(name)
    if side == "mid":
        return body.mid(name)
    if side in ("near", "far"):
        side = body.near if side == "near" else other(body.near)
    return body.point(sided(name, side))


def _scale(spec: Measure, body: Body) -> float | None:
    value = {"torso": body.torso, "shoulders": body.shoulders, "hips": body.hips}[spec.scale]
    return value if value else None


def _on_side(spec: Measure, body: Body, side: str) -> float | None:
    points = [resolve(body, name, side) for name in spec.points]
    if any(p is None for p in points):
        return None
    seen: list[Point] = [p for p in points if p is not None]
    if spec.kind == "angle":
        return joint_angle(seen[0], seen[1], seen[2])
    if spec.kind == "incline":
        return incline(seen[0], seen[1])
    if spec.kind == "lean":
        toward = body.left_toward if body.view == "front" else body.facing
        return lean(seen[0], seen[1], toward)
    scale = _scale(spec, body)
    if scale is None:
        return None
    if spec.kind == "height":
        return (seen[1].y - seen[0].y) / scale
    return distance(seen[0], seen[1]) / scale  # gap


def _pair_measure(spec: Measure, body: Body) -> float | None:
    left, right = body.pair(spec.points[0])
    if left is None or right is None:
        return None
    if spec.kind == "tilt":
        return incline(left, right) if left.x <= right.x else incline(right, left)
    scale = _scale(spec, body)
    return distance(left, right) / scale if scale else None


def _cross(spec: Measure, body: Body) -> float | None:
    values = [_leg_cross(spec, body, side) for side in ("left", "right")]
    if any(v is None for v in values):
        return None
    return max(v for v in values if v is not None)


def _leg_cross(spec: Measure, body: Body, side: str) -> float | None:
    """How far this side's knee has moved from its own hip toward the other hip, in hip widths (or ``scale``)."""
    knee = body.point(sided(spec.points[0], side))
    own, opposite = body.point(sided(spec.points[1], side)), body.point(sided(spec.points[1], other(side)))
    scale = _scale(spec, body)
    if knee is None or own is None or opposite is None or scale is None:
        return None
    toward = 1.0 if opposite.x >= own.x else -1.0
    return (knee.x - own.x) * toward / scale

"""An exercise's picture as geometry: the figure in its position, an optional faint starting position with an
arrow showing the movement, and the props (floor mat, chair, wall, counter, doorway, pillow, strap) placed
against the body. Pure: the web layer turns a Scene into SVG."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from backcoach.domain.figure import SEAT_HEIGHT, Body, Pose, View, place

PropKind = Literal["mat", "chair", "wall", "counter", "doorway", "pillow", "strap"]
ShapeKind = Literal["rect", "ellipse", "line"]
TRACKED = ("head", "neck", "waist", "pelvis", "near.elbow", "near.hand", "near.knee", "near.toe",
           "far.hand", "far.knee", "far.toe")
MIN_ARROW = 8.0  # cm: smaller movements get no arrow
CHAIR_BACK = 45.0
DOOR_HEIGHT = 205.0


@dataclass(frozen=True)
class PropSpec:
    """A prop and the body point it is placed against (``at``; ``to`` for a strap's far end)."""

    kind: PropKind
    at: str | None = None
    to: str | None = None


@dataclass(frozen=True)
class FigureSpec:
    """What the data says about one exercise's picture."""

    exercise_id: str
    view: View
    position: str  # standing, prone, supine, hooklying, side-lying, quadruped, kneeling, half-kneeling, seated
    pose: Pose  # the position the exercise is held in or moves to, drawn solid
    start: Pose | None = None  # where the movement starts, drawn faint
    props: tuple[PropSpec, ...] = ()
    anchor: str = "pelvis"  # the point that stays put between start and pose
    contacts: tuple[str, ...] = ()  # points resting on the floor (or the chair's seat) in the pose
    moves: str | None = None  # the point whose movement the arrow shows (default: the one that moves most)


@dataclass(frozen=True)
class Shape:
    """A prop's part: a rect (x, y, width, height; y is the bottom), an ellipse (cx, cy, rx, ry) or a line."""

    prop: PropKind
    kind: ShapeKind
    numbers: tuple[float, float, float, float]


@dataclass(frozen=True)
class Scene:
    spec: FigureSpec
    body: Body
    ghost: Body | None
    props: tuple[Shape, ...]
    arrow: tuple[tuple[float, float], tuple[float, float]] | None

    def bounds(self) -> tuple[float, float, float, float]:
        """min x, min y, max x, max y of everything drawn (the floor is y = 0)."""
        boxes = [self.body.bounds()] + ([self.ghost.bounds()] if self.ghost else [])
        boxes += [_shape_box(shape) for shape in self.props]
        return (min(b[0] for b in boxes), min(0.0, *(b[1] for b in boxes)),
                max(b[2] for b in boxes), max(b[3] for b in boxes))


def compose(spec: FigureSpec) -> Scene:
    """Place the start (if any) and the pose, keeping the anchor point where it was; then the props and arrow."""
    ghost = place(spec.start, spec.view) if spec.start else None
    body = place(spec.pose, spec.view)
    if ghost is not None:
        body = body.moved(ghost.x(spec.anchor) - body.x(spec.anchor), 0.0)
    props = tuple(shape for prop in spec.props for shape in _prop_shapes(prop, body, ghost))
    return Scene(spec, body, ghost, props, _arrow(body, ghost, spec.moves))


def _arrow(body: Body, ghost: Body | None, moves: str | None) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """From where the point starts to where it ends (by default the point that moves most), trimmed at both ends."""
    if ghost is None:
        return None
    name = moves or max(TRACKED, key=lambda n: (math.dist(ghost.point(n), body.point(n)), n))
    (x1, y1), (x2, y2) = ghost.point(name), body.point(name)
    if math.dist((x1, y1), (x2, y2)) < MIN_ARROW:
        return None
    trim = 0.2
    return ((x1 + (x2 - x1) * trim, y1 + (y2 - y1) * trim), (x2 - (x2 - x1) * trim, y2 - (y2 - y1) * trim))


def _prop_shapes(prop: PropSpec, body: Body, ghost: Body | None) -> list[Shape]:
    seated = next((b for b in (ghost, body) if b is not None and _on_chair(b)), None)
    if prop.kind == "chair":
        return _seat_chair(seated) if seated is not None and prop.at is None else _chair_under(prop, body)
    if prop.kind == "mat":
        boxes = [b.bounds() for b in (body, ghost) if b is not None]
        left, right = min(b[0] for b in boxes) - 6, max(b[2] for b in boxes) + 6
        return [Shape("mat", "rect", (left, -2.0, right - left, 2.0))]
    if prop.kind == "wall":
        left, _, right, _ = body.bounds()
        edge = left if body.facing > 0 else right
        return [Shape("wall", "rect", (edge - 8 if body.facing > 0 else edge, 0.0, 8.0, DOOR_HEIGHT))]
    if prop.kind == "counter":
        return _counter(prop, body)
    if prop.kind == "doorway":
        x = body.x(prop.at or "near.elbow")
        return [Shape("doorway", "rect", (x - 4, 0.0, 8.0, DOOR_HEIGHT))]
    if prop.kind == "pillow":
        return [_pillow(prop, ghost or body)]
    hand, foot = body.point(prop.at or "near.hand"), body.point(prop.to or "near.toe")
    return [Shape("strap", "line", (*hand, *foot))]


def _on_chair(body: Body) -> bool:
    return abs(body.bottom("pelvis") - SEAT_HEIGHT) < 0.5


def _chair(front: float, back: float, seat: float) -> list[Shape]:
    """A chair seen from the side: seat, front leg, back leg and backrest (at the ``back`` edge)."""
    left, right = min(front, back), max(front, back)
    backrest = back - 4 if back > front else back
    return [Shape("chair", "rect", (left, seat - 4, right - left, 4.0)),
            Shape("chair", "rect", (left + 1, 0.0, 3.0, seat - 4)),
            Shape("chair", "rect", (right - 4, 0.0, 3.0, seat - 4)),
            Shape("chair", "rect", (backrest, seat, 4.0, CHAIR_BACK))]


def _seat_chair(body: Body) -> list[Shape]:
    """The chair a seated figure sits on: the seat under the pelvis, the backrest behind the person."""
    if body.view == "front":
        x = body.x("pelvis")
        return [Shape("chair", "rect", (x - 24, SEAT_HEIGHT - 4, 48.0, 4.0)),
                Shape("chair", "rect", (x - 22, 0.0, 3.0, SEAT_HEIGHT - 4)),
                Shape("chair", "rect", (x + 19, 0.0, 3.0, SEAT_HEIGHT - 4))]
    x, facing = body.x("pelvis"), body.facing
    return _chair(x + 16 * facing, x - 30 * facing, SEAT_HEIGHT)


def _chair_under(prop: PropSpec, body: Body) -> list[Shape]:
    """A chair whose seat carries a body part (e.g. the calves), its back away from the person."""
    at = prop.at or "near.ankle"
    x, seat = body.point(at)
    seat -= body.radii.get(at, 0.0)
    away = 1.0 if x >= body.x("pelvis") else -1.0
    return _chair(x - 22 * away, x + 22 * away, seat)


def _counter(prop: PropSpec, body: Body) -> list[Shape]:
    at = prop.at or "near.hand"
    x, top = body.point(at)
    top -= body.radii.get(at, 0.0)
    left, right = sorted((x - 12 * body.facing, x + 45 * body.facing))
    return [Shape("counter", "rect", (left, 0.0, right - left, top))]


def _pillow(prop: PropSpec, body: Body) -> Shape:
    at = prop.at or "head"
    x, y = body.point(at)
    if "+" in at:  # between two parts, e.g. the knees
        return Shape("pillow", "ellipse", (x, y, 9.0, 7.0))
    gap = max(body.bottom(at), 0.0)
    return Shape("pillow", "ellipse", (x, max(gap / 2, 3.0), 16.0, max(gap / 2, 3.0)))


def _shape_box(shape: Shape) -> tuple[float, float, float, float]:
    a, b, c, d = shape.numbers
    if shape.kind == "rect":
        return a, b, a + c, b + d
    if shape.kind == "ellipse":
        return a - c, b - d, a + c, b + d
    return min(a, c), min(b, d), max(a, c), max(b, d)

"""The standard labelled clips of every exercise with form rules: good form, and each rule's fault, made with the
body model (form_clips.py). Used by tests and by benchmarks/form_rules.py."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from devtools.body_model import Camera, Picture
from devtools.form_clips import Clip, ease, holding, make_clip, repeat

Timeline = Callable[[float], dict[str, float]]
Size = Callable[[float], float]


def _with(base: Timeline, **faults: Size) -> Timeline:
    def timeline(t: float) -> dict[str, float]:
        return base(t) | {name: fault(t) for name, fault in faults.items()}
    return timeline


def _still(**values: float) -> Timeline:
    return lambda t: dict(values)


def _window(start: float, hold: float) -> Size:
    return lambda t: ease(t, start, 0.5, hold)


def _reps(period: float, rise: float, hold: float) -> Timeline:
    return lambda t: {"move": repeat(t, period, rise, hold), "holding": holding(t, period, rise, hold)}


def _cat_cow(t: float) -> dict[str, float]:
    return {"move": (1 - math.cos(2 * math.pi * t / 4)) / 2}


def _sides(t: float) -> dict[str, float]:
    return {"move": ease(t, 1, 1.5, 5) + ease(t, 10, 1.5, 5), "to_left": 1.0 if t < 9.5 else -1.0}


# (exercise, clip name, seconds, timeline, expected reps or None, faults shown)
SPECS: list[tuple[str, str, float, Timeline, int | None, frozenset[str]]] = [
    ("prone-on-elbows", "good", 10, _still(), None, frozenset()),
    ("prone-on-elbows", "hips lift", 10, _with(_still(), hips=_window(2, 4)), None,
     frozenset({"hips-down"})),
    ("prone-on-elbows", "elbows forward", 10, _with(_still(), elbows=_window(2, 4)), None,
     frozenset({"elbows-under-shoulders"})),
    ("prone-press-up", "good", 18.5, _reps(3.5, 1.0, 1.0), 5, frozenset()),
    ("prone-press-up", "hips lift at the top", 18.5,
     lambda t: _reps(3.5, 1.0, 1.0)(t) | {"hips": repeat(t, 3.5, 1.0, 1.0)}, 0, frozenset({"hips-down"})),
    ("standing-back-extension", "good", 17, lambda t: {"move": repeat(t, 8, 1.5, 4)}, None, frozenset()),
    ("standing-back-extension", "knees bend", 17,
     _with(lambda t: {"move": repeat(t, 8, 1.5, 4)}, knees=_window(3, 3)), None, frozenset({"knees-straight"})),
    ("standing-back-extension", "arms hanging", 17,
     _with(lambda t: {"move": repeat(t, 8, 1.5, 4)}, hands=_window(3, 3)), None, frozenset({"hands-on-hips"})),
    ("bridge", "good", 25, _reps(6, 1.0, 3.0), 4, frozenset()),  # held 3 s at the top, the library's dose
    ("bridge", "sagging", 25, lambda t: _reps(6, 1.0, 3.0)(t) | {"sag": 1.0}, 0, frozenset({"hips-in-line"})),
    ("lower-trunk-rotation", "good", 18, _sides, None, frozenset()),
    ("lower-trunk-rotation", "knees apart", 18, _with(_sides, knees=_window(3, 10)), None,
     frozenset({"knees-together"})),
    ("lower-trunk-rotation", "shoulder lifts", 18, lambda t: _sides(t) | {"shoulders": _sides(t)["move"]}, None,
     frozenset({"shoulders-down"})),
    ("lower-trunk-rotation-leg-over", "good", 12, lambda t: {"move": ease(t, 1, 2, 6)}, None, frozenset()),
    ("lower-trunk-rotation-leg-over", "shoulder lifts", 12,
     _with(lambda t: {"move": ease(t, 1, 2, 6)}, shoulders=_window(4, 3)), None, frozenset({"shoulders-down"})),
    ("cat-cow", "good", 25, _cat_cow, 6, frozenset()),
    ("cat-cow", "elbows bent", 25, _with(_cat_cow, elbows=lambda t: ease(t, 5, 1, 8)), 3,
     frozenset({"elbows-straight"})),
    ("seated-rhomboid-stretch", "good", 10, _still(move=1.0), None, frozenset()),
    ("seated-rhomboid-stretch", "bending at the hips", 10, _with(_still(move=1.0), low_back=_window(2, 4)), None,
     frozenset({"upper-back-rounds"})),
    ("seated-rhomboid-stretch", "hands drop", 10, _with(_still(move=1.0), hands=_window(2, 4)), None,
     frozenset({"hands-at-shoulder-height"})),
    ("single-knee-to-chest", "good", 10, lambda t: {"move": ease(t, 1, 1.5, 6)}, None, frozenset()),
    ("single-knee-to-chest", "good, left knee", 10, lambda t: {"move": ease(t, 1, 1.5, 6), "left": 1.0}, None,
     frozenset()),
    ("single-knee-to-chest", "other foot lifts", 10,
     _with(lambda t: {"move": ease(t, 1, 1.5, 6)}, other_foot=_window(3, 3)), None, frozenset({"other-foot-down"})),
    ("single-knee-to-chest", "head lifts", 10,
     _with(lambda t: {"move": ease(t, 1, 1.5, 6)}, head=_window(3, 3)), None, frozenset({"head-down"})),
    ("double-knee-to-chest", "good", 10, lambda t: {"move": ease(t, 1, 1.5, 6)}, None, frozenset()),
    ("double-knee-to-chest", "head lifts", 10,
     _with(lambda t: {"move": ease(t, 1, 1.5, 6)}, head=_window(3, 3)), None, frozenset({"head-down"})),
    ("pelvic-tilt", "good", 8, _still(), None, frozenset()),
]


def standard_clips(noise: float = 0.003, seed: int = 1, near: str = "right",
                   placement: tuple[float, float] = (1.0, 0.0)) -> list[Clip]:
    """Every standard clip at this noise (picture widths), random seed and camera side; ``placement`` moves the
    camera: its distance multiplied by the first number, its height raised by the second (metres)."""
    clips = []
    for index, (exercise_id, name, seconds, timeline, reps, faults) in enumerate(SPECS):
        camera = _camera(exercise_id, near, placement)
        clips.append(make_clip(exercise_id, name, seconds, timeline, camera=camera, picture=Picture(noise=noise),
                               seed=seed * 1000 + index, expected_reps=reps, faults=faults))
    return clips


def _camera(exercise_id: str, near: str, placement: tuple[float, float]) -> Camera:
    from devtools.form_clips import SCENES

    camera = SCENES[exercise_id][1]
    return replace(camera, near=near if camera.view == "side" else camera.near,
                   distance=camera.distance * placement[0], height=camera.height + placement[1])

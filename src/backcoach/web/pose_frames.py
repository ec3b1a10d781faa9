"""A frame of landmarks as the session page sends it over the camera WebSocket, read and checked before anything
judges it: a bounded message, exactly 33 points of finite numbers in range, a frame time and the session time.

    {"t": 12.345, "at": 61.2, "aspect": 1.333, "landmarks": [[x, y, z, visibility], ... 33 of them]}

``t``: seconds of the camera's own clock (never going back); ``at``: the page's session clock (seconds from the
session's start, as its events carry); ``aspect``: the picture's width over its height (optional)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from backcoach.domain.form import LANDMARK_NAMES, Frame, Landmark
from backcoach.errors import InvalidInput
from backcoach.services.plan_bounds import MAX_SESSION_SECONDS

MAX_MESSAGE_CHARS = 16_000  # 33 points of four numbers in JSON take about 3,000
MAX_FRAME_SECONDS = 1e7
FIELDS = frozenset({"t", "at", "aspect", "landmarks"})
# Where a point may be: x and y in picture widths and heights (a point beyond the edge is still reported,
# a little outside 0..1), z in about the same scale, visibility a probability.
RANGES = ((-2.0, 3.0), (-2.0, 3.0), (-10.0, 10.0), (0.0, 1.0))
ASPECT_RANGE = (0.2, 5.0)


@dataclass(frozen=True)
class PoseMessage:
    frame: Frame
    at: float
    aspect: float | None


def read_pose_message(text: str) -> PoseMessage:
    """The checked frame; anything else raises InvalidInput naming the field."""
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInput("message", f"is longer than {MAX_MESSAGE_CHARS} characters")
    try:
        data = json.loads(text)
    except ValueError:
        raise InvalidInput("message", "is not JSON") from None
    if not isinstance(data, dict):
        raise InvalidInput("message", "must be an object with t, at and landmarks")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise InvalidInput(unknown[0], "is not a field of a frame (t, at, aspect, landmarks)")
    t = _number(data.get("t"), "t", 0.0, MAX_FRAME_SECONDS)
    at = _number(data.get("at"), "at", 0.0, float(MAX_SESSION_SECONDS))
    aspect = None if data.get("aspect") is None else _number(data["aspect"], "aspect", *ASPECT_RANGE)
    return PoseMessage(Frame(t, _points(data.get("landmarks"))), at, aspect)


def _points(rows: Any) -> tuple[Landmark, ...]:
    if not isinstance(rows, list) or len(rows) != len(LANDMARK_NAMES):
        raise InvalidInput("landmarks", f"must be a list of {len(LANDMARK_NAMES)} points")
    points = []
    for index, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(RANGES):
            raise InvalidInput(f"landmarks[{index}]", "must be [x, y, z, visibility]")
        x, y, z, visibility = (_number(value, f"landmarks[{index}][{axis}]", low, high)
                               for axis, (value, (low, high)) in enumerate(zip(row, RANGES, strict=True)))
        points.append(Landmark(x, y, z, visibility))
    return tuple(points)


def _number(value: Any, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidInput(where, "must be a number")
    if not low <= value <= high:
        raise InvalidInput(where, f"must be from {low:g} to {high:g}")
    return float(value)

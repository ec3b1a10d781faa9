"""The 33 MediaPipe Pose landmarks and one frame of them (image-normalised x, y with y down; z; visibility)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

LANDMARK_NAMES: tuple[str, ...] = (
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye", "right_eye_outer",
    "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder", "right_shoulder", "left_elbow",
    "right_elbow", "left_wrist", "right_wrist", "left_pinky", "right_pinky", "left_index", "right_index",
    "left_thumb", "right_thumb", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    "left_heel", "right_heel", "left_foot_index", "right_foot_index",
)
INDEX: dict[str, int] = {name: index for index, name in enumerate(LANDMARK_NAMES)}
COUNT = len(LANDMARK_NAMES)
SIDES = ("left", "right")

# The paired points by their name without side, e.g. "knee" -> left_knee / right_knee.
PAIRED: frozenset[str] = frozenset(name[5:] for name in LANDMARK_NAMES if name.startswith("left_"))


class Landmark(NamedTuple):
    """One point: x, y in image widths/heights (0..1 inside the picture, y down), z depth (smaller is nearer the
    camera, in about the scale of x), and visibility 0..1 (how likely the point is seen)."""

    x: float
    y: float
    z: float = 0.0
    visibility: float = 1.0


@dataclass(frozen=True)
class Frame:
    """One camera frame's landmarks: ``t`` in seconds (any origin, non-decreasing), 33 points in MediaPipe order."""

    t: float
    points: tuple[Landmark, ...]

    def __post_init__(self) -> None:
        if len(self.points) != COUNT:
            raise ValueError(f"a frame has {COUNT} landmarks, not {len(self.points)}")

    def __getitem__(self, name: str) -> Landmark:
        return self.points[INDEX[name]]

    @classmethod
    def from_rows(cls, t: float, rows: Iterable[Sequence[float]]) -> Frame:
        """A frame from rows of (x, y, z, visibility), as MediaPipe (or the browser) sends them."""
        return cls(t, tuple(Landmark(*(float(v) for v in row[:4])) for row in rows))


def sided(base: str, side: str) -> str:
    """The full landmark name of a paired point on one side: sided("knee", "left") -> "left_knee"."""
    return f"{side}_{base}"


def other(side: str) -> str:
    return "right" if side == "left" else "left"

"""Pictures of the body model for MediaPipe: a shaded mannequin drawn with OpenCV over the model's projected
joints (body_model.render with no noise), in a room (a wall and a floor), so that the real pose pipeline can be run
on clips whose joint angles, and so labels, are known.

Limbs are tapered capsules as wide as an adult's (fractions of the torso's length in the picture), drawn far side
first; the head is a disc with hair, eyes, nose, mouth and hair placed from the face landmarks; the clothes are a
shirt and trousers in plain colours. It is a drawing, not a photograph: whether MediaPipe takes it for a person is
what the tests and benchmarks measure.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

from backcoach.domain.form.landmarks import Frame
from devtools.form_clips import Clip, LabelledFrame
from devtools.form_library import standard_clips
from devtools.video_clips import write_clip

SKIN = (120, 150, 205)  # blue-green-red
SHIRT = (150, 80, 40)
TROUSERS = (60, 50, 45)
HAIR = (30, 35, 45)
WALL = (200, 205, 210)
FLOOR = (120, 140, 160)
# (from, to, width at from, width at to, colour): widths in torso lengths
_LIMBS = (
    ("shoulder", "elbow", 0.20, 0.15, SHIRT), ("elbow", "wrist", 0.14, 0.10, SKIN),
    ("hip", "knee", 0.30, 0.20, TROUSERS), ("knee", "ankle", 0.19, 0.13, TROUSERS),
    ("heel", "foot_index", 0.10, 0.08, TROUSERS), ("ankle", "heel", 0.12, 0.10, TROUSERS),
    ("wrist", "index", 0.10, 0.07, SKIN),
)
Point = tuple[float, float]
Colour = tuple[int, int, int]


def _shade(colour: Colour, factor: float) -> Colour:
    r, g, b = colour
    return int(r * factor), int(g * factor), int(b * factor)


def room(width: int, height: int, floor_at: float = 0.8) -> Any:
    """A wall above ``floor_at`` (a share of the picture's height) and a floor below."""
    import numpy as np

    image = np.empty((height, width, 3), np.uint8)
    line = int(height * floor_at)
    image[:line] = WALL
    image[line:] = FLOOR
    return image


def draw(frame: Frame, width: int = 640, height: int = 480, floor_at: float = 0.8) -> Any:
    """The frame's person as a mannequin in a room: a blue-green-red picture, height x width x 3."""
    canvas = _Canvas(room(width, height, floor_at), frame)
    far, near = sorted(("left", "right"), key=lambda side: -frame[f"{side}_hip"].z)  # the far side first
    canvas.limbs(far, 0.8)
    canvas.torso()
    canvas.head()
    canvas.limbs(near, 1.0)
    return canvas.image


class _Canvas:
    """A picture being drawn, with the frame's landmarks in its pixels and the torso's length as the scale."""

    def __init__(self, image: Any, frame: Frame) -> None:
        self.image = image
        self.frame = frame
        self.height, self.width = image.shape[:2]
        self.scale = math.dist(self.mid("shoulder"), self.mid("hip")) or 1.0

    def at(self, name: str) -> Point:
        point = self.frame[name]
        return point.x * self.width, point.y * self.height

    def mid(self, base: str) -> Point:
        left, right = self.at(f"left_{base}"), self.at(f"right_{base}")
        return (left[0] + right[0]) / 2, (left[1] + right[1]) / 2

    def disc(self, centre: Point, radius: float, colour: Colour) -> None:
        import cv2

        cv2.circle(self.image, (round(centre[0] * 16), round(centre[1] * 16)), max(16, round(radius * 16)), colour,
                   -1, cv2.LINE_AA, 4)

    def polygon(self, corners: list[Point], colour: Colour) -> None:
        import cv2
        import numpy as np

        cv2.fillConvexPoly(self.image, np.round(np.array(corners) * 16).astype(np.int32), colour, cv2.LINE_AA, 4)

    def capsule(self, ends: tuple[Point, Point], widths: tuple[float, float], colour: Colour) -> None:
        """A tapered limb between two points, ``widths`` in torso lengths."""
        (ax, ay), (bx, by) = ends
        wa, wb = widths[0] * self.scale / 2, widths[1] * self.scale / 2
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx, ny = -(by - ay) / length, (bx - ax) / length
        self.polygon([(ax + nx * wa, ay + ny * wa), (bx + nx * wb, by + ny * wb), (bx - nx * wb, by - ny * wb),
                      (ax - nx * wa, ay - ny * wa)], colour)
        self.disc(ends[0], wa, colour)
        self.disc(ends[1], wb, colour)

    def limbs(self, side: str, light: float) -> None:
        for start, end, wa, wb, colour in _LIMBS:
            self.capsule((self.at(f"{side}_{start}"), self.at(f"{side}_{end}")), (wa, wb), _shade(colour, light))

    def torso(self) -> None:
        shoulders, hips = self.mid("shoulder"), self.mid("hip")
        ax, ay = (shoulders[0] - hips[0]) / self.scale, (shoulders[1] - hips[1]) / self.scale  # along the trunk
        nx, ny = -ay, ax
        half_shoulders = max(math.dist(self.at("left_shoulder"), self.at("right_shoulder")) / 2, 0.17 * self.scale)
        half_hips = max(math.dist(self.at("left_hip"), self.at("right_hip")) / 2, 0.15 * self.scale)
        self.polygon([(shoulders[0] + nx * half_shoulders, shoulders[1] + ny * half_shoulders),
                      (shoulders[0] - nx * half_shoulders, shoulders[1] - ny * half_shoulders),
                      (hips[0] - nx * half_hips, hips[1] - ny * half_hips),
                      (hips[0] + nx * half_hips, hips[1] + ny * half_hips)], SHIRT)
        self.disc(shoulders, half_shoulders, SHIRT)
        self.disc(hips, half_hips, TROUSERS)
        neck_top = (shoulders[0] + ax * 0.18 * self.scale, shoulders[1] + ay * 0.18 * self.scale)
        self.capsule((shoulders, neck_top), (0.14, 0.12), SKIN)

    def head(self) -> None:
        import cv2

        cx, cy = self.mid("ear")
        nose = self.at("nose")
        radius = 0.2 * self.scale
        self.disc((cx, cy), radius, SKIN)
        self.disc((cx - (nose[0] - cx) * 0.35, cy - (nose[1] - cy) * 0.35), radius * 0.9, HAIR)  # away from the face
        self.disc((cx, cy), radius * 0.8, SKIN)
        for eye in ("left_eye", "right_eye"):
            self.disc(self.at(eye), radius * 0.1, (40, 30, 30))
        self.disc(nose, radius * 0.12, _shade(SKIN, 0.8))
        left, right = self.at("mouth_left"), self.at("mouth_right")
        cv2.line(self.image, (round(left[0]), round(left[1])), (round(right[0]), round(right[1])), (60, 60, 150),
                 max(1, round(radius * 0.08)), cv2.LINE_AA)


def floor_line(frames: list[Frame]) -> float:
    """Where the floor meets the wall in the picture: just below the lowest point of the body in any frame."""
    lowest = max(point.y for frame in frames for point in frame.points if 0.0 <= point.y <= 1.0)
    return min(max(lowest + 0.015, 0.5), 0.98)


def write_mannequin_clip(frames: list[Frame], path: Path, fps: float, width: int = 640, height: int = 480) -> Path:
    """The frames drawn as a video file (MPEG-4) at ``fps``: the frames' own times should be ``index / fps``."""
    floor = floor_line(frames)
    return write_clip(path, (draw(frame, width, height, floor) for frame in frames), fps)


def labelled_video(clip: Clip, folder: Path, fps: float = 15.0) -> tuple[Path, list[LabelledFrame]]:
    """A body-model clip (rendered without noise: MediaPipe brings its own) as a mannequin video at ``fps`` (a
    divisor of the clip's 30), and the labelled frames it shows, in order."""
    step = max(1, round(30.0 / fps))
    picked = list(clip.frames[::step])
    name = f"{clip.exercise_id}-{clip.name}".replace(" ", "-").replace(",", "")
    path = write_mannequin_clip([f.frame for f in picked], folder / f"{name}.mp4", 30.0 / step)
    return path, picked


@cache
def _noiseless_clips() -> tuple[Clip, ...]:
    return tuple(standard_clips(noise=0.0))


def standard_clip(exercise_id: str, name: str) -> Clip:
    """One of the standard labelled clips (form_library.py) rendered without noise, for drawing."""
    return next(c for c in _noiseless_clips() if (c.exercise_id, c.name) == (exercise_id, name))

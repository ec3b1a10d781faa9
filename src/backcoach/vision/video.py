"""A video file read one frame at a time with OpenCV: never held whole, whatever its length."""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from types import ModuleType
from typing import Any, NamedTuple

from backcoach.errors import UnreadableInput

ARGUMENT = "VIDEO_FILE"
MAX_FPS = 1000.0


class VideoFrame(NamedTuple):
    """One decoded picture (height x width x 3, blue-green-red) and its time in seconds from the video's start."""

    t: float
    image: Any


class VideoFile:
    """An open video: its picture size, frame rate and frame count read from the file, and its frames in order.
    A file that is missing, not a video or without a single decodable frame is an UnreadableInput."""

    def __init__(self, cv2: ModuleType, path: str) -> None:
        _check_file(path)
        self._cv2 = cv2
        self.path = path
        self._capture = cv2.VideoCapture(path)
        if not self._capture.isOpened():
            raise UnreadableInput(ARGUMENT, f"{path} is not a video BackCoach can read")
        ok, first = self._capture.read()
        if not ok or first is None:
            self._capture.release()
            raise UnreadableInput(ARGUMENT, f"{path} has no picture BackCoach can read")
        self._first: Any = first
        self.height, self.width = int(first.shape[0]), int(first.shape[1])
        fps = float(self._capture.get(cv2.CAP_PROP_FPS))
        self.fps: float | None = fps if math.isfinite(fps) and 0 < fps <= MAX_FPS else None
        count = self._capture.get(cv2.CAP_PROP_FRAME_COUNT)
        self.frame_count: int | None = int(count) if math.isfinite(count) and count > 0 else None

    def frames(self) -> Iterator[VideoFrame]:
        """Every frame with its time: the container's timestamp where it moves forward, else its index over the
        frame rate. A frame that cannot be decoded ends the video there."""
        image, index, last = self._first, 0, -math.inf
        while image is not None:
            t = self._time(index, last)
            yield VideoFrame(t, image)
            last, index = t, index + 1
            ok, image = self._capture.read()
            if not ok:
                image = None

    def _time(self, index: int, last: float) -> float:
        stamp = float(self._capture.get(self._cv2.CAP_PROP_POS_MSEC)) / 1000.0
        if math.isfinite(stamp) and stamp > last:
            return stamp
        step = 1.0 / (self.fps or 30.0)
        return index * step if index * step > last else last + step

    def close(self) -> None:
        self._first = None
        self._capture.release()


def _check_file(path: str) -> None:
    if not os.path.exists(path):
        raise UnreadableInput(ARGUMENT, f"no such file: {path}")
    if os.path.isdir(path):
        raise UnreadableInput(ARGUMENT, f"{path} is a folder, not a video file")
    if not os.access(path, os.R_OK):
        raise UnreadableInput(ARGUMENT, f"permission denied: {path}")

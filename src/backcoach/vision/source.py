"""A video file as a stream of pose frames for the form checker: ``open_pose_source(path)``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from types import TracebackType
from typing import Any, NamedTuple

from backcoach.domain.form.landmarks import Frame
from backcoach.vision.native import camera_modules, native_notes_silenced
from backcoach.vision.pose import DEFAULT_SETTINGS, NOBODY, PoseEstimator, PoseSettings
from backcoach.vision.prefetch import Prefetch
from backcoach.vision.video import VideoFile


class Sighting(NamedTuple):
    """One video frame's landmarks (t from the video's clock) and whether MediaPipe found a person in it."""

    frame: Frame
    found: bool


class PoseSource:
    """A video file's frames through MediaPipe Pose, one at a time (memory stays the same for any length).
    ``width``, ``height``, ``fps`` (None when the file does not say) and ``frame_count`` (None likewise; a
    container's count can be off by a few) come from the file."""

    def __init__(self, path: str, settings: PoseSettings = DEFAULT_SETTINGS) -> None:
        mediapipe, cv2 = camera_modules()
        self._stack = ExitStack()
        self._stack.enter_context(native_notes_silenced())
        try:
            self._video = VideoFile(cv2, path)
            self._stack.callback(self._video.close)
            self._pose = PoseEstimator(mediapipe, cv2, settings)
            self._stack.callback(self._pose.close)
        except BaseException:
            self._stack.close()
            raise
        self.path = path
        self.width, self.height = self._video.width, self._video.height
        self.fps, self.frame_count = self._video.fps, self._video.frame_count

    @property
    def aspect(self) -> float:
        return self.width / self.height

    def sightings(self) -> Iterator[Sighting]:
        """Each frame's landmarks in order; the next frames are decoded meanwhile, in a thread of their own."""
        with Prefetch(self._pictures()) as pictures:
            self._stack.callback(pictures.close)  # stopped before the video is released, even if left unfinished
            for t, rgb in pictures:
                rows = self._pose.landmarks(rgb)
                yield Sighting(Frame.from_rows(t, rows or NOBODY), rows is not None)

    def _pictures(self) -> Iterator[tuple[float, Any]]:
        for t, image in self._video.frames():
            yield t, self._pose.to_rgb(image)

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> PoseSource:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def open_pose_source(path: str, settings: PoseSettings = DEFAULT_SETTINGS) -> PoseSource:
    """The pose source of a video file; ConfigurationError without the camera extra, UnreadableInput for a file
    that is not a readable video. Use it in a ``with`` block."""
    return PoseSource(path, settings)

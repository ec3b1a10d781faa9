"""MediaPipe Pose (0.10.14, ``model_complexity=1``: the model its wheel carries, so nothing is downloaded) on a
stream of pictures: the 33 landmarks of the person it follows, as rows of (x, y, z, visibility)."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from backcoach.domain.form.landmarks import COUNT

Row = tuple[float, float, float, float]
NOBODY: tuple[Row, ...] = ((0.0, 0.0, 0.0, 0.0),) * COUNT  # no landmark seen: the checker says it sees nobody
MODEL_COMPLEXITY = 1


@dataclass(frozen=True)
class PoseSettings:
    """How MediaPipe follows the person. Its own landmark smoothing is off by default: the form checker smooths
    with a One Euro filter on the video's real timestamps, while MediaPipe's solution API assumes 30 frames a
    second whatever the video's rate, and two filters in a row would double the lag."""

    smooth_landmarks: bool = False
    min_detection_confidence: float = 0.5
    min_tracking_confidence: float = 0.5


DEFAULT_SETTINGS = PoseSettings()


class PoseEstimator:
    """One MediaPipe Pose graph in video mode (it tracks the person from frame to frame); close it when done."""

    def __init__(self, mediapipe: ModuleType, cv2: ModuleType, settings: PoseSettings = DEFAULT_SETTINGS) -> None:
        self._cv2 = cv2
        self._pose = mediapipe.solutions.pose.Pose(
            static_image_mode=False,
            model_complexity=MODEL_COMPLEXITY,
            smooth_landmarks=settings.smooth_landmarks,
            enable_segmentation=False,
            min_detection_confidence=settings.min_detection_confidence,
            min_tracking_confidence=settings.min_tracking_confidence,
        )

    def landmarks(self, rgb_image: Any) -> tuple[Row, ...] | None:
        """The person's 33 landmarks in the picture (red-green-blue, see ``to_rgb``), or None when nobody is found."""
        found = self._pose.process(rgb_image).pose_landmarks
        if found is None:
            return None
        return tuple((p.x, p.y, p.z, p.visibility) for p in found.landmark)

    def to_rgb(self, bgr_image: Any) -> Any:
        """OpenCV's blue-green-red picture in MediaPipe's order, read-only so MediaPipe uses it without a copy."""
        rgb = self._cv2.cvtColor(bgr_image, self._cv2.COLOR_BGR2RGB)
        rgb.flags.writeable = False
        return rgb

    def close(self) -> None:
        self._pose.close()

"""The camera tests run real MediaPipe Pose on real pictures of people (Debian's opencv-doc); they skip, saying
why, only where the camera extra or those files are truly absent."""

from __future__ import annotations

import importlib.util

import pytest

from devtools.video_clips import opencv_doc_missing

CAMERA_EXTRA = importlib.util.find_spec("mediapipe") is not None and importlib.util.find_spec("cv2") is not None
needs_camera = pytest.mark.skipif(not CAMERA_EXTRA, reason="the camera extra is not installed: "
                                  "pip install -e '.[camera]'")
needs_people = pytest.mark.skipif(opencv_doc_missing() is not None, reason=opencv_doc_missing() or "")

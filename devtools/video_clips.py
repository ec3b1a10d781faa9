"""Short video files for the camera tests and benchmarks, written with OpenCV (the camera extra) into a folder of
the caller's: a still picture held for some frames, random noise (nobody in it), a cut of a longer video.

Debian's opencv-doc ships photos and a video of real people (``OPENCV_DATA``): messi5.jpg (a footballer running),
basketball1.png (two people playing catch, one standing whole in the picture), vtest.avi (people walking in a
square, filmed from above and far away, 768x576 at 10 frames a second).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

OPENCV_DATA = Path("/usr/share/doc/opencv-doc/examples/data")
MESSI = OPENCV_DATA / "messi5.jpg"
BASKETBALL = OPENCV_DATA / "basketball1.png"
WALKERS = OPENCV_DATA / "vtest.avi"


def opencv_doc_missing() -> str | None:
    """Why the real-people files cannot be used here, or None when they can."""
    missing = [p.name for p in (MESSI, BASKETBALL, WALKERS) if not p.is_file()]
    return f"opencv-doc's {', '.join(missing)} missing: apt-get install opencv-doc" if missing else None


def write_clip(path: Path, images: Iterable[Any], fps: float) -> Path:
    """Write pictures (height x width x 3, blue-green-red, all one size) as an MPEG-4 file."""
    import cv2

    writer = None
    try:
        for image in images:
            if writer is None:
                height, width = image.shape[:2]
                writer = cv2.VideoWriter(os.fspath(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
                if not writer.isOpened():
                    raise RuntimeError(f"OpenCV cannot write {path}")
            writer.write(image)
    finally:
        if writer is not None:
            writer.release()
    return path


def still_clip(picture: Path, path: Path, frames: int = 15, fps: float = 15.0, size: tuple[int, int] | None = None
               ) -> Path:
    """A picture held still for ``frames`` frames (resized to ``size`` = (width, height) when given)."""
    import cv2

    image = cv2.imread(os.fspath(picture))
    if image is None:
        raise FileNotFoundError(picture)
    if size is not None:
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return write_clip(path, (image for _ in range(frames)), fps)


def noise_clip(path: Path, frames: int = 30, fps: float = 30.0, size: tuple[int, int] = (640, 480)) -> Path:
    """Random grey noise: a video with nobody in it."""
    import numpy as np

    rng = np.random.default_rng(7)
    width, height = size
    return write_clip(path, (rng.integers(0, 256, (height, width, 3), dtype=np.uint8) for _ in range(frames)), fps)


def cut_clip(video: Path, path: Path, frames: int) -> tuple[Path, float]:
    """The first ``frames`` frames of a video, at its own frame rate: (the new file, that rate)."""
    import cv2

    capture = cv2.VideoCapture(os.fspath(video))
    fps = float(capture.get(cv2.CAP_PROP_FPS)) or 25.0

    def read() -> Iterable[Any]:
        for _ in range(frames):
            ok, image = capture.read()
            if not ok:
                return
            yield image

    try:
        return write_clip(path, read(), fps), fps
    finally:
        capture.release()

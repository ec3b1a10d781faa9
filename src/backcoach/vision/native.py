"""The camera extra's native libraries, imported only when a video is analysed, and kept quiet.

FFmpeg, TensorFlow Lite and absl write notes ("Created TensorFlow Lite XNNPACK delegate", "moov atom not found")
straight to file descriptor 2, past Python. While a video is analysed that descriptor points to /dev/null, and
Python's own ``sys.stderr`` (the progress bar, warnings said on purpose) writes to a copy of the real one.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from collections.abc import Iterator
from types import ModuleType

from backcoach.errors import ConfigurationError

MISSING = "analysing a video needs the camera extra (MediaPipe): pip install 'backcoach[camera]'"


def camera_modules() -> tuple[ModuleType, ModuleType]:
    """(mediapipe, cv2), or ConfigurationError saying how to install them."""
    try:
        import cv2
        import mediapipe
    except ImportError:
        raise ConfigurationError(MISSING) from None
    return mediapipe, cv2


@contextlib.contextmanager
def native_notes_silenced() -> Iterator[None]:
    """File descriptor 2 goes to /dev/null for the block; ``sys.stderr``, when it wrote there, is moved to a copy
    of it so Python's own writes still show. Python warnings from the extra's modules are ignored too."""
    _flush(sys.stderr)
    try:
        saved = os.dup(2)
    except OSError:  # no descriptor 2 at all (a detached process): nothing to keep quiet
        yield
        return
    moved = _stream_on(saved) if _writes_to_fd2(sys.stderr) else None
    before = sys.stderr
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
    try:
        if moved is not None:
            sys.stderr = moved
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"google\.protobuf.*|mediapipe.*")
            yield
    finally:
        if moved is not None:
            moved.close()  # flushes; the descriptor under it is closed below
            sys.stderr = before
        os.dup2(saved, 2)
        os.close(saved)


def _writes_to_fd2(stream: object) -> bool:
    try:
        return stream is not None and stream.fileno() == 2  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


def _stream_on(fd: int) -> io.TextIOWrapper:
    encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
    return open(fd, "w", encoding=encoding, errors="backslashreplace", closefd=False, buffering=1)


def _flush(stream: object) -> None:
    with contextlib.suppress(AttributeError, OSError, ValueError):
        stream.flush()  # type: ignore[attr-defined]

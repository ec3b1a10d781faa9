"""Frames per second of ``backcoach analyze`` (the whole use case: open the file, decode, MediaPipe Pose, the form
checker, the summary) against raw MediaPipe Pose on the same frames (decoded and converted beforehand, so only
``Pose.process`` is timed), measured in turn in the same run; and the form rule engine alone.

Goal: analyze >= 0.9x raw MediaPipe, and >= 30 frames a second at 640x480 on 2 cores.

The clip is opencv-doc's basketball1.png (640x480, a real person standing whole in the picture) panned a few
pixels each frame, so every frame differs and has to be decoded; or a video of your own with --video.

    python benchmarks/pose.py [--frames 150] [--rounds 3] [--video FILE --exercise ID]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's devtools

from backcoach.domain.form import FormChecker, Frame
from backcoach.errors import UnusableVideo
from backcoach.knowledge.form_rules import load_form_rules
from backcoach.services.analysis import analyze_video
from backcoach.vision.native import camera_modules, native_notes_silenced
from backcoach.vision.pose import NOBODY
from devtools.form_library import standard_clips
from devtools.video_clips import BASKETBALL, write_clip


def panned_clip(path: Path, frames: int, fps: float = 30.0) -> Path:
    _, cv2 = camera_modules()
    import numpy as np

    image = cv2.imread(os.fspath(BASKETBALL))
    height, width = image.shape[:2]

    def shifted(index: int) -> Any:
        dx, dy = 8 * math.sin(index / 7), 4 * math.cos(index / 11)
        return cv2.warpAffine(image, np.float32([[1, 0, dx], [0, 1, dy]]), (width, height),
                              borderMode=cv2.BORDER_REFLECT)

    return write_clip(path, (shifted(i) for i in range(frames)), fps)


def decoded(path: Path) -> list[tuple[float, Any]]:
    _, cv2 = camera_modules()
    capture = cv2.VideoCapture(os.fspath(path))
    frames = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        frames.append((capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0, image))
    capture.release()
    return frames


def raw_mediapipe(frames: list[tuple[float, Any]]) -> tuple[float, list[Frame]]:
    """Seconds spent in MediaPipe's ``process`` alone on pictures already in RGB, and the landmarks it gave."""
    mediapipe, cv2 = camera_modules()
    pictures = [cv2.cvtColor(image, cv2.COLOR_BGR2RGB) for _, image in frames]
    for picture in pictures:
        picture.flags.writeable = False
    with native_notes_silenced():
        pose = mediapipe.solutions.pose.Pose(static_image_mode=False, model_complexity=1, smooth_landmarks=False)
        try:
            started = time.perf_counter()
            results = [pose.process(picture).pose_landmarks for picture in pictures]
            spent = time.perf_counter() - started
        finally:
            pose.close()
    landmarks = [Frame.from_rows(t, [(p.x, p.y, p.z, p.visibility) for p in found.landmark] if found else NOBODY)
                 for (t, _), found in zip(frames, results, strict=True)]
    return spent, landmarks


def whole_analyze(path: Path, exercise_id: str) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        summary = analyze_video(os.fspath(path), exercise_id)
        outcome = f"summary: camera {summary['camera']}, {summary['frames_judged']} frames judged"
    except UnusableVideo as refused:
        outcome = f"refused: {refused.problem}"
    return time.perf_counter() - started, outcome


def engine_seconds(frames: list[Frame], exercise_id: str, aspect: float) -> float:
    checker = FormChecker(load_form_rules()[exercise_id], aspect)
    state = checker.start()
    started = time.perf_counter()
    for frame in frames:
        state, _ = checker.step(state, frame)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=150, help="frames of the panned clip (30 a second)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of raw then analyze; medians are reported")
    parser.add_argument("--video", help="a video of your own instead of the panned clip")
    parser.add_argument("--exercise", default="standing-back-extension")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.video) if args.video else panned_clip(Path(folder) / "panned.mp4", args.frames)
        frames = decoded(path)
        height, width = frames[0][1].shape[:2]
        print(f"{path.name}: {len(frames)} frames, {width}x{height}; exercise {args.exercise}; "
              f"{os.cpu_count()} CPUs, {len(os.sched_getaffinity(0))} usable")
        raw_runs, analyze_runs, landmarks, outcome = [], [], [], ""
        for _ in range(args.rounds):
            spent, landmarks = raw_mediapipe(frames)
            raw_runs.append(len(frames) / spent)
            spent, outcome = whole_analyze(path, args.exercise)
            analyze_runs.append(len(frames) / spent)
        raw, whole = statistics.median(raw_runs), statistics.median(analyze_runs)
        found = sum(frame["left_hip"].visibility > 0 for frame in landmarks)
        print(f"person found by MediaPipe in {found} of {len(frames)} frames; analyze's outcome: {outcome}")
        print(f"raw MediaPipe Pose (process only)   {raw:8.1f} frames/s   rounds: "
              + ", ".join(f"{r:.1f}" for r in raw_runs))
        print(f"backcoach analyze (whole use case)  {whole:8.1f} frames/s   rounds: "
              + ", ".join(f"{r:.1f}" for r in analyze_runs))
        print(f"ratio analyze / raw: {whole / raw:.3f}  (goal >= 0.9);  analyze >= 30 frames/s: {whole >= 30}")
    engine_report(landmarks, args.exercise, width / height)


def engine_report(landmarks: list[Frame], exercise_id: str, aspect: float) -> None:
    """The rule engine alone: on MediaPipe's landmarks of the clip, and on body-model clips judged all through."""
    repeats = max(1, 3000 // len(landmarks))
    spent = sum(engine_seconds(landmarks, exercise_id, aspect) for _ in range(repeats))
    real = repeats * len(landmarks) / spent
    clips = [c for c in standard_clips() if c.name == "good"]
    frames = sum(len(c.frames) for c in clips)
    spent = sum(engine_seconds([f.frame for f in c.frames], c.exercise_id, c.camera.aspect) for c in clips)
    print(f"rule engine on the clip's landmarks   {real:9.0f} frames/s")
    print(f"rule engine on body-model clips       {frames / spent:9.0f} frames/s  ({len(clips)} exercises, "
          f"{frames} frames, judged all through)")


if __name__ == "__main__":
    main()

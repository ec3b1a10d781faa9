"""Agreement of the form rules with labelled frames through the real pose pipeline: the body model's clips (good
form and each rule's fault, labels from the model's own joint angles) drawn as a mannequin (devtools/mannequin.py),
written as video files, read back by vision/ (OpenCV + MediaPipe Pose) and judged by the form checker, as
``backcoach analyze`` does.

Per clip: the frames where MediaPipe found the person, how the checker took them (judged, can't see, out of
position) and the repetitions counted against those made. Per rule: the frames it judged with a clear label, the %
where it agrees, and the % of frames it said it can't see. Goal (issue 14): >= 90 % on the frames a rule judges.
The mannequin is a drawing: where MediaPipe reads it badly (lying seen from the feet) that is the drawing's limit
as much as the rules'.

    python benchmarks/pose_labels.py [--fps 15] [--smooth] [--exercise ID ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's devtools

from backcoach.domain.form import FormChecker
from backcoach.knowledge.form_rules import load_form_rules
from backcoach.vision.pose import PoseSettings
from backcoach.vision.source import open_pose_source
from devtools.form_clips import Clip
from devtools.form_library import standard_clips
from devtools.mannequin import labelled_video


class RuleTally:
    def __init__(self) -> None:
        self.judged = self.agree = self.frames = self.cant_see = 0

    def line(self, name: str) -> str:
        agreement = 100 * self.agree / self.judged if self.judged else float("nan")
        return f"{name:56} {self.judged:6d} {agreement:8.1f} % {100 * self.cant_see / self.frames:8.1f} %"


def run_clip(clip: Clip, folder: Path, fps: float, settings: PoseSettings,
             rules: dict[str, RuleTally]) -> tuple[str, int, int]:
    """Judge one drawn clip through the pose pipeline; (its line, frames, frames with the person found)."""
    path, labelled = labelled_video(clip, folder, fps)
    form = load_form_rules()[clip.exercise_id]
    statuses: Counter[str] = Counter()
    found = 0
    with open_pose_source(str(path), settings) as source:
        checker = FormChecker(form, source.aspect)
        state = checker.start()
        for frame, sighting in zip(labelled, source.sightings(), strict=True):
            state, result = checker.step(state, sighting.frame)
            found += sighting.found
            statuses[result.status] += 1
            for rule in form.rules:
                tally = rules[f"{clip.exercise_id}: {rule.id}"]
                tally.frames += 1
                tally.cant_see += result.status == "cant_see"
                label = frame.labels.get(rule.id)
                if result.status == "judged" and label is not None and rule.id in result.judged_rules:
                    tally.judged += 1
                    tally.agree += (rule.id in result.faults) == label
    reps = "" if clip.expected_reps is None else f"reps {state.reps}/{clip.expected_reps}"
    taken = ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))
    line = f"{clip.exercise_id + ' / ' + clip.name:52} {found:4d}/{len(labelled):<4d} {taken:44} {reps}"
    return line, len(labelled), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fps", type=float, default=15.0, help="frames a second of the drawn videos (30, 15, 10)")
    parser.add_argument("--smooth", action="store_true", help="MediaPipe's own landmark smoothing on")
    parser.add_argument("--exercise", nargs="*", default=None, help="only these exercises")
    args = parser.parse_args()
    settings = PoseSettings(smooth_landmarks=args.smooth)
    rules: dict[str, RuleTally] = defaultdict(RuleTally)
    frames = found = 0
    started = time.perf_counter()
    print(f"{'clip':52} {'found':9} {'how the checker took the frames':44} reps")
    with tempfile.TemporaryDirectory() as folder:
        for clip in standard_clips(noise=0.0):
            if args.exercise and clip.exercise_id not in args.exercise:
                continue
            line, clip_frames, clip_found = run_clip(clip, Path(folder), args.fps, settings, rules)
            frames, found = frames + clip_frames, found + clip_found
            print(line, flush=True)
    print(f"\nMediaPipe found the person in {found} of {frames} frames ({100 * found / frames:.1f} %); "
          f"MediaPipe smoothing {'on' if args.smooth else 'off'}; {time.perf_counter() - started:.0f} s")
    print(f"\n{'rule':56} {'judged':>6} {'agrees':>10} {'cant see':>10}")
    for name in sorted(rules):
        print(rules[name].line(name))


if __name__ == "__main__":
    main()

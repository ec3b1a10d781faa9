"""Agreement of the camera form rules with labelled clips from the body model, and the rule engine's speed.

Clips of every exercise with form rules (good form and each rule's fault, several noise levels, both sides facing
the camera) are made by devtools/body_model.py, whose labels come from its own joint angles, never from the rules.
For each rule: the frames it judged (the camera could see, the person was in position, the rule's phase applied
and the label is clear), the % on which it agrees with the label, and the % of frames it said it can't see. Also
the end position (motion) agreement, repetitions counted against those made, and frames per second of the engine.
Every clip is judged a second time with the hips hidden for a moment: those frames must come out as "can't see",
never as a verdict.
Goal: >= 90 % agreement on judged frames for every rule.

    python benchmarks/form_rules.py [--noise 0.002,0.004] [--seeds 2]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's devtools

from backcoach.domain.form import FormChecker, Frame
from backcoach.domain.form.landmarks import INDEX
from backcoach.knowledge.form_rules import load_form_rules
from devtools.form_clips import Clip
from devtools.form_library import standard_clips


class Tally:
    def __init__(self) -> None:
        self.agree = 0
        self.judged = 0
        self.cant_see = 0
        self.out_of_position = 0
        self.frames = 0

    def line(self, name: str) -> str:
        agreement = 100 * self.agree / self.judged if self.judged else float("nan")
        cant = 100 * self.cant_see / self.frames if self.frames else 0.0
        out = 100 * self.out_of_position / self.frames if self.frames else 0.0
        return f"{name:58} {self.judged:7d} {agreement:8.1f} % {cant:8.1f} % {out:8.1f} %"


HIDDEN = (INDEX["left_hip"], INDEX["right_hip"])


def hide_hips(frame: Frame, window: tuple[float, float]) -> Frame:
    """The frame with both hips unseen (as when something stands in the way) while ``window`` lasts."""
    if not window[0] <= frame.t < window[1]:
        return frame
    return replace(frame, points=tuple(p._replace(visibility=0.1) if i in HIDDEN else p
                                       for i, p in enumerate(frame.points)))


def judge(clip: Clip, tallies: dict[str, Tally], reps: list[tuple[str, int | None, int]],
          hidden: tuple[float, float] = (0.0, 0.0)) -> float:
    """Judge a clip frame by frame and tally the agreement; the seconds spent in the engine's step alone."""
    form = load_form_rules()[clip.exercise_id]
    checker = FormChecker(form, clip.camera.aspect)
    state = checker.start()
    spent = 0.0
    for labelled in clip.frames:
        frame = hide_hips(labelled.frame, hidden)
        started = time.perf_counter()
        state, result = checker.step(state, frame)
        spent += time.perf_counter() - started
        names = [f"{clip.exercise_id}: {rule.id}" for rule in form.rules] + [f"{clip.exercise_id}: (end position)"]
        for name in names:
            tallies[name].frames += 1
            tallies[name].cant_see += result.status == "cant_see"
            tallies[name].out_of_position += result.status == "out_of_position"
        if result.status != "judged":
            continue
        motion = tallies[f"{clip.exercise_id}: (end position)"]
        if labelled.labels.get("in_end") is not None and form.motion is not None:
            motion.judged += 1
            motion.agree += result.in_end == labelled.labels["in_end"]
        for rule in form.rules:
            label = labelled.labels.get(rule.id)
            applies = rule.id in result.judged_rules
            if label is None or not applies:
                continue
            tally = tallies[f"{clip.exercise_id}: {rule.id}"]
            tally.judged += 1
            tally.agree += (rule.id in result.faults) == label
    if hidden[1] <= hidden[0]:  # repetitions made while the hips were hidden are not counted, rightly
        reps.append((f"{clip.exercise_id} / {clip.name}", clip.expected_reps, state.reps))
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--noise", default="0.002,0.004", help="jitter levels, in picture widths")
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--hide", default="3.0:4.5",
                        help="seconds start:end of each clip during which the hips are hidden (0:0 for none)")
    parser.add_argument("--placements", default="1.0:0.0,0.8:-0.2,1.25:0.4",
                        help="camera placements: distance factor:height change (metres), comma-separated")
    args = parser.parse_args()
    tallies: dict[str, Tally] = defaultdict(Tally)
    hidden_tallies: dict[str, Tally] = defaultdict(Tally)
    start, end = (float(v) for v in args.hide.split(":"))
    hidden = (start, end)
    reps: list[tuple[str, int | None, int]] = []
    frames = 0
    seconds = 0.0
    placements = [tuple(float(v) for v in p.split(":")) for p in args.placements.split(",")]
    for noise, seed, near, placement in itertools.product((float(n) for n in args.noise.split(",")),
                                                          range(1, args.seeds + 1), ("right", "left"), placements):
        for clip in standard_clips(noise, seed, near, (placement[0], placement[1])):
            seconds += judge(clip, tallies, reps)
            seconds += judge(clip, hidden_tallies, [], hidden)
            frames += 2 * len(clip.frames)
    header = f"{'rule':58} {'judged':>7} {'agreement':>10} {'cant see':>10} {'out of position':>10}"
    print(header)
    for name in sorted(tallies):
        print(tallies[name].line(name))
    print(f"\nThe same clips with the hips hidden from {start:g} s to {end:g} s:\n{header}")
    for name in sorted(hidden_tallies):
        print(hidden_tallies[name].line(name))
    wrong = [(name, expected, got) for name, expected, got in reps if expected is not None and expected != got]
    counted = sum(1 for _, expected, _ in reps if expected is not None)
    print(f"\nrepetitions right in {counted - len(wrong)} of {counted} clips")
    for name, expected, got in wrong[:20]:
        print(f"  {name}: made {expected}, counted {got}")
    print(f"\nrule engine (step alone): {frames} frames in {seconds:.2f} s = {frames / seconds:.0f} frames per second "
          f"on one core; a camera gives 30")


if __name__ == "__main__":
    main()

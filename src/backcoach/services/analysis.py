"""Use case: the camera form check on a recorded video (``backcoach analyze VIDEO --exercise ID``).

The video's frames go one at a time through MediaPipe Pose (vision/) and the exercise's form checker (the same
rules the live session uses); the answer is the form summary. A video the check cannot use is refused with the
reason rather than summarised as if it had been judged: nobody in it, the exercise not shown (the person seen,
but not in its position, or not from the view it needs), or the person never seen well enough.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from backcoach.domain.form import ExerciseForm, FormChecker, FormState, FrameResult, form_summary
from backcoach.domain.models import Exercise
from backcoach.errors import InvalidInput, UnusableVideo
from backcoach.knowledge.form_rules import load_form_rules
from backcoach.knowledge.loader import load_knowledge
from backcoach.vision.pose import DEFAULT_SETTINGS, PoseSettings
from backcoach.vision.source import PoseSource, Sighting, open_pose_source

Progress = Callable[[int, int], None]  # (frames done, frames in the video: a container's count, or done at the end)
ARGUMENT = "VIDEO_FILE"
NOBODY_LIMIT_SECONDS = 60.0  # stop looking after this long without anyone in the picture
MIN_JUDGED_SHARE = 0.25  # of the frames with a person: fewer judged means the video does not show the exercise


def camera_form(exercise_id: str) -> tuple[Exercise, ExerciseForm]:
    """The exercise and its camera rules; an unknown id, or an exercise without camera rules, is InvalidInput."""
    exercise = load_knowledge().exercises.get(exercise_id)
    if exercise is None:
        raise InvalidInput("--exercise", f"{exercise_id!r} is not an exercise of the library "
                           "(`backcoach exercises` lists them)")
    form = load_form_rules().get(exercise_id)
    if form is None:
        checked = ", ".join(sorted(load_form_rules()))
        raise InvalidInput("--exercise", f"{exercise.name} ({exercise_id}) has no camera form check; "
                           f"these exercises have one: {checked}")
    return exercise, form


@dataclass
class Tally:
    """What the frames showed, for deciding whether the video can be used at all."""

    frames: int = 0
    found: int = 0
    judged: int = 0
    out_of_position: int = 0
    last_t: float = 0.0
    problems: Counter[str] = field(default_factory=Counter)  # can't-see reasons while a person was found

    def add(self, sighting: Sighting, result: FrameResult) -> None:
        self.frames += 1
        self.last_t = sighting.frame.t
        if not sighting.found:
            return
        self.found += 1
        if result.status == "judged":
            self.judged += 1
        elif result.status == "out_of_position":
            self.out_of_position += 1
        elif result.problem is not None:
            self.problems[result.problem] += 1


def analyze_video(path: str, exercise_id: str, progress: Progress | None = None,
                  settings: PoseSettings = DEFAULT_SETTINGS) -> dict[str, Any]:
    """The form summary of the exercise in the video (``{exercise_id, frames, fps, camera: {view, quality,
    problems}, reps, valid_hold_seconds, findings, frames_judged, frames_cant_see, counted_by}``)."""
    exercise, form = camera_form(exercise_id)
    with open_pose_source(path, settings) as source:
        state, tally = check_frames(form, source, progress)
        fps = source.fps
    refuse_unusable(path, exercise, form, tally)
    if fps is None and tally.frames > 1 and tally.last_t > 0:
        fps = (tally.frames - 1) / tally.last_t
    return form_summary(form, state, fps)


def check_frames(form: ExerciseForm, source: PoseSource, progress: Progress | None = None
                 ) -> tuple[FormState, Tally]:
    """Step the exercise's checker over every frame of the source (or until a minute has shown nobody)."""
    checker = FormChecker(form, aspect=source.aspect)
    state = checker.start()
    tally = Tally()
    total = source.frame_count or 0
    for sighting in source.sightings():
        state, result = checker.step(state, sighting.frame)
        tally.add(sighting, result)
        if progress is not None:
            progress(tally.frames, max(total, tally.frames))
        if tally.found == 0 and sighting.frame.t >= NOBODY_LIMIT_SECONDS:
            break
    if progress is not None:
        progress(tally.frames, tally.frames)
    return state, tally


def refuse_unusable(path: str, exercise: Exercise, form: ExerciseForm, tally: Tally) -> None:
    """UnusableVideo, with the reason, when nobody was found or too few frames with a person could be judged."""
    if tally.found == 0:
        span = f"the first {NOBODY_LIMIT_SECONDS:.0f} seconds of " if tally.last_t >= NOBODY_LIMIT_SECONDS else ""
        raise UnusableVideo(ARGUMENT, f"nobody was found in {span}{path}: the form check needs a person in "
                            "the picture, whole body in view")
    if tally.judged >= MIN_JUDGED_SHARE * tally.found:
        return
    seen_share = round(100 * (tally.found - tally.judged) / tally.found)
    name = exercise.name.lower()
    problems = Counter(tally.problems)
    wrong_view = problems.pop(form.placement.turn_cue, 0)
    problem, unclear = problems.most_common(1)[0] if problems else ("", 0)
    if tally.out_of_position >= max(wrong_view, unclear):
        raise UnusableVideo(ARGUMENT, f"{path} does not show {name} (its position: {form.position.name}) in "
                            f"{seen_share}% of the frames where someone was seen")
    if wrong_view >= unclear:
        raise UnusableVideo(ARGUMENT, f"{path} does not show {name} from the {form.placement.view}, as the "
                            f"check needs: {form.placement.turn_cue}")
    raise UnusableVideo(ARGUMENT, f"the camera could not see the person well enough to check {name} in "
                        f"{seen_share}% of the frames where someone was seen: {problem}")

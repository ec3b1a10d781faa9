"""The form summary of one exercise (stored with the session; the body of ``backcoach analyze``'s answer)."""

from __future__ import annotations

from typing import Any

from backcoach.domain.form.checker import FormState
from backcoach.domain.form.spec import ExerciseForm

GOOD_SHARE = 0.8
FAIR_SHARE = 0.5


def camera_quality(state: FormState) -> str:
    """``good`` when the camera could judge at least 80 % of the frames, ``fair`` at least half, else ``poor``."""
    if state.frames == 0:
        return "poor"
    share = (state.frames - state.cant_see) / state.frames
    return "good" if share >= GOOD_SHARE else "fair" if share >= FAIR_SHARE else "poor"


def form_summary(form: ExerciseForm, state: FormState, fps: float | None = None) -> dict[str, Any]:
    """``{exercise_id, frames, fps, camera: {view, quality, problems}, reps, valid_hold_seconds, findings,
    frames_judged, frames_cant_see, counted_by}``: ``fps`` is the video's (or the live feed's) when known."""
    seen_views = [view for view in state.views if view != "unknown"]
    return {
        "exercise_id": form.exercise_id,
        "frames": state.frames,
        "fps": None if fps is None else round(fps, 2),
        "camera": {
            "view": form.placement.view if form.placement.view in seen_views else (seen_views or ["unknown"])[0],
            "quality": camera_quality(state),
            "problems": list(state.problems),
        },
        "reps": state.reps if form.counting.by == "reps" else None,
        "valid_hold_seconds": round(state.hold_seconds, 2),
        "findings": [finding.to_dict() for finding in state.findings],
        "frames_judged": state.frames - state.cant_see,
        "frames_cant_see": state.cant_see,
        "counted_by": form.counting.by,
    }

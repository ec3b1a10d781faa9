"""What keeps the camera from judging a frame, in words the person can act on; None when it can judge."""

from __future__ import annotations

from backcoach.domain.form.geometry import Body
from backcoach.domain.form.landmarks import INDEX, PAIRED, Frame, sided
from backcoach.domain.form.spec import ExerciseForm

NOBODY = "I can't see anyone. Step into the camera's view."
TOO_FEW = "I can't see you well: it may be too dark, or too little of you is in the picture. Add light or move back."
UNCLEAR = "I can't see you clearly enough to check your form."

_PART_WORDS = {
    "shoulder": "shoulders", "elbow": "elbows", "wrist": "hands", "pinky": "hands", "index": "hands",
    "thumb": "hands", "hip": "hips", "knee": "knees", "ankle": "feet", "heel": "feet", "foot_index": "feet",
}


def part_word(name: str) -> str:
    """The body part a landmark belongs to, as said to the person: left_knee -> "knees", nose -> "head"."""
    base = name.split("_", 1)[1] if name.startswith(("left_", "right_")) else name
    return _PART_WORDS.get(base, "head")


def needed_points(form: ExerciseForm, near: str) -> tuple[str, ...]:
    """The landmark names the exercise needs seen, on the side facing the camera or on both sides."""
    sides = (near,) if form.needs.sides == "near" else ("left", "right")
    names: list[str] = []
    for base in form.needs.points:
        names += [sided(base, side) for side in sides] if base in PAIRED else [base]
    return tuple(names)


def camera_problem(form: ExerciseForm, frame: Frame, body: Body) -> str | None:
    """Nobody seen, too few points, the wrong view, or a needed part hidden or out of the picture."""
    seen = sum(p is not None for p in body.seen)
    if seen == 0:
        return NOBODY
    if seen < form.defaults.min_points_seen:
        return TOO_FEW
    if body.view not in ("unknown", form.placement.view):
        return form.placement.turn_cue
    missing = [name for name in needed_points(form, body.near) if body.seen[INDEX[name]] is None]
    if missing:
        return _missing_part(frame, missing[0])
    if body.view == "unknown" or body.torso is None:
        return UNCLEAR
    return None


def _missing_part(frame: Frame, name: str) -> str:
    point = frame[name]
    part = part_word(name)
    verb = "is" if part == "head" else "are"
    if not (0.0 <= point.x <= 1.0 and 0.0 <= point.y <= 1.0):
        return f"Your {part} {verb} out of the picture. Move the camera back so your whole body is in it."
    return f"I can't see your {part} clearly. Make sure nothing is in the way and the room is well lit."

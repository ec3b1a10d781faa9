"""Exercise wording fitted to where the person exercises: "on the floor" becomes "on the bed" for someone
who can't get down on the floor (every sentence is true of what they said)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from backcoach.domain.models import Exercise

LYING = frozenset({"prone", "supine", "hooklying", "side-lying"})
# Most specific first; each keeps its own preposition.
BED_WORDS = (
    ("on the floor or a firm bed", "on a firm bed"),
    ("on the floor or bed", "on the bed"),
    ("on the floor", "on the bed"),
    ("on the ground", "on the bed"),
    ("into the floor", "into the bed"),
    ("off the floor", "off the bed"),
    ("toward the floor", "toward the bed"),
    ("to the floor", "to the bed"),
    ("the floor", "the bed"),
)


def done_in_bed(exercise: Exercise, places: Sequence[str]) -> bool:
    """Whether this person does this lying exercise on a bed because the floor is not for them."""
    return bool(places) and "floor" not in places and "bed" in places and "bed" in exercise.places \
        and exercise.position in LYING


def in_bed(text: str) -> str:
    for floor, bed in BED_WORDS:
        text = re.sub(re.escape(floor), bed, text, flags=re.IGNORECASE)
    return text


def how_to(exercise: Exercise, places: Sequence[str] = ()) -> dict[str, Any]:
    """How to do it and what it should feel like (shown in the library and in every plan); for someone who
    does a lying exercise on a bed because the floor is not for them, the words say the bed."""
    word = in_bed if done_in_bed(exercise, places) else str
    return {
        "summary": word(exercise.summary),
        "steps": [word(step) for step in exercise.steps],
        "cues": [word(cue) for cue in exercise.cues],
        "mistakes": [word(mistake) for mistake in exercise.mistakes],
        "should_feel": word(exercise.should_feel),
        "should_not_feel": word(exercise.should_not_feel),
        "stop_if": [word(item) for item in exercise.stop_if],
    }

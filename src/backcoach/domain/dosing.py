"""Doses: personal adjustment within safe bounds, time estimates, and plain-language wording (§3)."""

from __future__ import annotations

from backcoach.domain import units
from backcoach.domain.models import Dosage, Exercise

SETUP_SECONDS = 15  # getting into position and reading the cue
HOLD_TRANSITION_SECONDS = 3  # easing out of and back into a held stretch
MIN_HOLD_REPS = 1
MIN_MOVEMENT_REPS = 5
MAX_HOLD_SECONDS = 180
MAX_REPS = 15
MAX_SETS = 3
OLDER_ADULT_STRETCH_HOLD = 30  # ACSM: older adults hold static stretches 30-60 s
SHORT_HOLD_CAP = 60


def is_held(dosage: Dosage) -> bool:
    """A stretch or position held for 10 s or more, rather than a movement repeated."""
    return units.is_held(dosage.hold_seconds)


def within_bounds(dosage: Dosage, max_hold: int | None = None) -> Dosage:
    hold = dosage.hold_seconds
    longest = max_hold or MAX_HOLD_SECONDS
    return dosage._replace(
        hold_seconds=None if hold is None else max(1, min(hold, longest)),
        reps=max(1, min(dosage.reps, MAX_REPS)),
        sets=max(1, min(dosage.sets, MAX_SETS)),
    )


def personal_dose(exercise: Exercise, tags: frozenset[str], *, fewer_reps: bool = False) -> tuple[Dosage, str]:
    """The starting dose for this person, and a note when it differs from the library default.

    ``fewer_reps`` halves the repetitions, as for high pain, for a gentler start (a care pathway)."""
    dose = exercise.default_dosage
    note = ""
    hold = dose.hold_seconds
    if "older_adult" in tags and exercise.direction == "stretch" and hold is not None and 10 <= hold < 30:
        dose = dose._replace(hold_seconds=OLDER_ADULT_STRETCH_HOLD)
        note = "Held a little longer, as suits stretching in later life."
    if (fewer_reps or "high_pain" in tags) and dose.reps > 1:
        fewer = max(MIN_HOLD_REPS if is_held(dose) else MIN_MOVEMENT_REPS, dose.reps // 2)
        if fewer < dose.reps:
            dose = dose._replace(reps=fewer)
            note = ("Fewer repetitions to start, because your pain is high today." if "high_pain" in tags
                    else "Fewer repetitions to start; build up as it feels easier.")
    return within_bounds(dose, exercise.max_hold_seconds), note


def shortened(dosage: Dosage, *, keep_hold: bool = False) -> Dosage | None:
    """The smallest useful dose, or None when the dose cannot get any shorter. ``keep_hold`` keeps the
    length of each bout (a walk is not shortened to a minute; there are fewer bouts instead)."""
    held = is_held(dosage)
    hold = dosage.hold_seconds
    smaller = dosage._replace(
        reps=min(dosage.reps, MIN_HOLD_REPS if held else MIN_MOVEMENT_REPS),
        sets=1,
        hold_seconds=min(hold, SHORT_HOLD_CAP) if hold is not None and not keep_hold else hold,
    )
    return None if smaller == dosage else smaller


def estimate_seconds(dosage: Dosage) -> int:
    """How long one round of the exercise takes, including setting up and easing between holds."""
    sides = 2 if dosage.per_side else 1
    efforts = dosage.sets * dosage.reps * sides
    hold = dosage.hold_seconds
    per_effort = hold + HOLD_TRANSITION_SECONDS if is_held(dosage) and hold else round(units.rep_seconds(hold))
    rests = dosage.rest_seconds * max(0, efforts - 1)
    return SETUP_SECONDS + efforts * per_effort + rests


def describe(dosage: Dosage, verb: str = "Hold") -> str:
    """E.g. 'Hold 30 s, 3 times on each side', '10 repetitions, holding 2 s' or 'Walk 3 min, 3 times'."""
    each_side = " on each side" if dosage.per_side else ""
    hold = dosage.hold_seconds
    if hold is not None and is_held(dosage):
        text = f"{verb} {units.span(hold)}" + ("" if dosage.reps == 1 else f", {dosage.reps} times") + each_side
    else:
        text = f"{dosage.reps} repetitions" + each_side + (f", holding {hold} s" if hold else "")
    if dosage.sets > 1:
        text += f"; {dosage.sets} sets"
    if dosage.rest_seconds:
        text += f"; rest {dosage.rest_seconds} s between"
    if dosage.times_per_day > 1:
        text += f"; {dosage.times_per_day} times a day, spread through the day"
    return text

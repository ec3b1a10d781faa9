"""What comes with a routine: safety notes by triage level, lessons chosen by the pattern, the flare-up plan.

An emergency or urgent plan gives no exercise advice anywhere: its notes are about getting care, and it
has no lessons about exercise and no flare-up plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from backcoach.domain.exclusions import exclusion_for
from backcoach.domain.intake import Intake
from backcoach.domain.models import Knowledge
from backcoach.domain.profile import Profile
from backcoach.domain.screening import Triage

NO_EXERCISE_LEVELS = ("emergency", "urgent_referral")
LESSONS_WITH_A_PLAN = 6
FIRST_PRIORITY = 10  # lessons for everyone at or above this priority lead (when to get help, hurt is not harm)


def safety_notes(triage: Triage, profile: Profile, knowledge: Knowledge, has_exercises: bool) -> tuple[str, ...]:
    """The plan's safety list: the level's headline first, then the notes that belong to this level."""
    notes: list[str] = []
    if triage.level != "self_care_ok":
        notes.append(" ".join(knowledge.level_headlines[triage.level].split()))
    if triage.level not in NO_EXERCISE_LEVELS and has_exercises:
        notes.extend(" ".join(rule.safety.split()) for rule in profile.tag_rules if rule.safety)
    for note in knowledge.general_safety:
        if triage.level in note.levels and (has_exercises or not note.about_exercise):
            notes.append(note.text)
    return tuple(dict.fromkeys(notes))


def lessons(knowledge: Knowledge, triage: Triage, profile: Profile, risk: str | None,
            limit: int | None = LESSONS_WITH_A_PLAN) -> tuple[Mapping[str, Any], ...]:
    """The lessons that fit the pattern (none for an emergency or urgent plan): the few everyone needs first,
    then those chosen for this person's pattern, then the other general ones, each group by priority."""
    if triage.level in NO_EXERCISE_LEVELS:
        return ()
    fitting = [lesson for lesson in knowledge.education if _fits(lesson["for"], profile, risk)]

    def rank(lesson: Mapping[str, Any]) -> tuple[int, int, str]:
        priority = int(lesson["priority"])
        general = bool(lesson["for"].get("always"))
        group = 0 if general and priority <= FIRST_PRIORITY else 2 if general else 1
        return group, priority, str(lesson["id"])

    ordered = sorted(fitting, key=rank)
    return tuple(ordered if limit is None else ordered[:limit])


def _fits(selector: Mapping[str, Any], profile: Profile, risk: str | None) -> bool:
    return bool(
        selector.get("always")
        or set(selector.get("tags_any", ())) & set(profile.tags)
        or profile.bias in selector.get("bias", ())
        or (risk is not None and risk in selector.get("risk", ()))
    )


def ease_positions(knowledge: Knowledge, profile: Profile, intake: Intake) -> tuple[str, ...]:
    """Resting positions for this person: the ones they said ease it first, then those of their bias;
    only the ones that are safe and possible for them."""
    flare = knowledge.flare_up
    said = [exercise_id for answer in sorted(intake.better_with)
            for exercise_id in flare["from_answers"].get(answer, ())]
    candidates = [*said, *flare["positions_of_ease"][profile.bias]]
    return tuple(exercise_id for exercise_id in dict.fromkeys(candidates)
                 if exclusion_for(knowledge.exercises[exercise_id], profile, intake, knowledge) is None)


def flare_up_plan(knowledge: Knowledge, triage: Triage, positions: Sequence[str]) -> dict[str, Any] | None:
    """What to do when it flares: positions of ease, what to cut back, heat, when to get help."""
    if triage.level in NO_EXERCISE_LEVELS:
        return None
    flare = knowledge.flare_up
    return {
        "summary": _text(flare["summary"]),
        "positions_of_ease": [{"exercise_id": exercise_id, "name": knowledge.exercises[exercise_id].name,
                               "summary": knowledge.exercises[exercise_id].summary} for exercise_id in positions],
        "reduce": [_text(line) for line in flare["reduce"]],
        "heat": _text(flare["heat"]),
        "keep_moving": _text(flare["keep_moving"]),
        "get_help": [_text(line) for line in flare["get_help"]],
        "sources": list(flare["sources"]),
    }


def _text(value: object) -> str:
    return " ".join(str(value).split())

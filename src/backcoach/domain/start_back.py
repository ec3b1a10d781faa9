"""The Keele STarT Back Tool, scored per the fact sheet (§5): 9 items about the last two weeks.

Kept apart from the other outcome measures so that building a plan imports no dataclass machinery.
"""

from __future__ import annotations

from typing import NamedTuple

START_BACK_AGREE_ITEMS = (
    "leg_pain_spread", "shoulder_or_neck_pain", "walked_short_distances_only", "dressed_more_slowly",
    "not_safe_to_be_active", "worrying_thoughts", "terrible_never_better", "not_enjoyed_things",
)
START_BACK_PSYCHOSOCIAL = ("not_safe_to_be_active", "worrying_thoughts", "terrible_never_better", "not_enjoyed_things")
START_BACK_BOTHERSOME = ("very_much", "extremely")
START_BACK_LOW_MAX = 3
START_BACK_HIGH_SUBSCALE = 4


class StartBack(NamedTuple):
    total: int  # 0-9
    subscale: int  # psychosocial, items 5-9: 0-5
    risk: str  # low, medium or high

    def to_dict(self) -> dict[str, object]:
        return {"total": self.total, "psychosocial_subscale": self.subscale, "risk": self.risk}


def start_back(answers: object) -> StartBack | None:
    """Score the 9 items: 1-8 agree = 1; item 9 = 1 for very much or extremely. Total <= 3 low; subscale
    (items 5-9) >= 4 high; otherwise medium. None unless every item is answered (no guessing)."""
    if not isinstance(answers, dict):
        return None
    values = [answers.get(item) for item in START_BACK_AGREE_ITEMS]
    bother = answers.get("bothersomeness")
    if any(not isinstance(value, bool) for value in values) or bother is None:
        return None
    bothersome = int(bother in START_BACK_BOTHERSOME)
    total = sum(int(bool(value)) for value in values) + bothersome
    subscale = sum(int(bool(answers[item])) for item in START_BACK_PSYCHOSOCIAL) + bothersome
    if total <= START_BACK_LOW_MAX:
        risk = "low"
    elif subscale >= START_BACK_HIGH_SUBSCALE:
        risk = "high"
    else:
        risk = "medium"
    return StartBack(total, subscale, risk)

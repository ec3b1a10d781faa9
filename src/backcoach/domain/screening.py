"""Red-flag screening: answers -> triage level with coded, explained reasons (clinical_facts.md §1)."""

from __future__ import annotations

from typing import NamedTuple

from backcoach.domain.models import Knowledge, RedFlagRule, triage_rank
from backcoach.domain.rules import Evaluator


class Reason(NamedTuple):
    code: str
    message: str
    level: str
    suspected: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "level": self.level,
            "suspected": self.suspected,
            "sources": list(self.sources),
        }


class Triage(NamedTuple):
    level: str
    reasons: tuple[Reason, ...]
    routine_policy: str  # "full", "positions_of_ease" or "none"

    @property
    def allows_exercise(self) -> bool:
        return self.routine_policy == "full"


def screen(evaluator: Evaluator, knowledge: Knowledge) -> Triage:
    """Apply every rule; the most urgent matching level wins and every match is a reason."""
    matched = [rule for rule in knowledge.red_flag_rules if evaluator.holds(rule.when)]
    level = max((rule.level for rule in matched), key=triage_rank, default="self_care_ok")
    reasons = tuple(_reason(rule) for rule in sorted(matched, key=lambda r: -triage_rank(r.level)))
    return Triage(level=level, reasons=reasons, routine_policy=_routine_policy(level, matched))


def _reason(rule: RedFlagRule) -> Reason:
    return Reason(rule.code, " ".join(rule.message.split()), rule.level, rule.suspected, rule.sources)


def _routine_policy(level: str, matched: list[RedFlagRule]) -> str:
    if level == "self_care_ok":
        return "full"
    deciding = [rule for rule in matched if rule.level == level]
    if level == "see_clinician_before_exercise" and all(r.routine == "positions_of_ease" for r in deciding):
        return "positions_of_ease"
    return "none"

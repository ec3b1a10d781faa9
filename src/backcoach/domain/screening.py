"""Red-flag screening: answers -> triage level with coded, explained reasons (clinical_facts.md §1).

The same rules screen the intake and every later check-in or session that reports a warning sign, so
the person always sees the same level and the same words for the same answers. At intake, a warning-sign
question left unanswered is unknown, never "no": it gives its own reason (see a clinician before
exercising, positions of ease only), while a warning sign answered "yes" still gives its own level.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from backcoach.domain.intake import Intake
from backcoach.domain.models import Knowledge, Level, RedFlagRule, WarningQuestion, triage_rank
from backcoach.domain.plan_document import Reason
from backcoach.domain.rules import Evaluator


class Triage(NamedTuple):
    level: Level
    reasons: tuple[Reason, ...]
    routine_policy: str  # "full", "positions_of_ease" or "none"
    unanswered: tuple[WarningQuestion, ...] = ()

    @property
    def allows_exercise(self) -> bool:
        return self.routine_policy == "full"


def screen(evaluator: Evaluator, knowledge: Knowledge, intake: Intake | None = None) -> Triage:
    """Apply every rule; the most urgent matching level wins and every match is a reason.

    With ``intake``, unanswered warning-sign questions are a reason too (intake screening); without it,
    only what was reported counts (re-screening a check-in's new warning signs)."""
    matched = [rule for rule in knowledge.red_flag_rules if evaluator.holds(rule.when)]
    unanswered = unanswered_warning_signs(intake, knowledge.warning_questions) if intake is not None else ()
    reasons = [_reason(rule, evaluator, knowledge) for rule in matched]
    level: Level = max((rule.level for rule in matched), key=triage_rank, default="self_care_ok")
    rule = knowledge.unanswered_rule
    if unanswered and rule is not None and triage_rank(level) <= triage_rank(rule.level):
        # an answered sign that needs a doctor sooner speaks alone; the questions are still listed (unanswered)
        matched.append(rule)
        reasons.append(_unanswered_reason(rule, unanswered))
        level = max(level, rule.level, key=triage_rank)
    ordered = tuple(sorted(reasons, key=lambda r: -triage_rank(r.level)))
    return Triage(level=level, reasons=ordered, routine_policy=_routine_policy(level, matched), unanswered=unanswered)


def unanswered_warning_signs(intake: Intake, questions: Sequence[WarningQuestion]) -> tuple[WarningQuestion, ...]:
    """The warning-sign questions of the intake's version that none of their fields answers."""
    return tuple(question for question in questions
                 if question.asked_in(intake.version)
                 and all(intake.get(field) is None for field in question.answered_by))


def _reason(rule: RedFlagRule, evaluator: Evaluator, knowledge: Knowledge) -> Reason:
    evidence = tuple(knowledge.phrase(field, value) for field, value in evaluator.evidence(rule.when))
    message = " ".join(rule.message.split())
    if "{evidence}" in message:
        message = message.replace("{evidence}", join_words(evidence))
    return Reason(rule.code, message, rule.level, rule.suspected, rule.sources, evidence)


def _unanswered_reason(rule: RedFlagRule, unanswered: Sequence[WarningQuestion]) -> Reason:
    names = "; ".join(question.short for question in unanswered)
    message = " ".join(rule.message.split()).replace("{questions}", names)
    return Reason(rule.code, message, rule.level, rule.suspected, rule.sources)


def join_words(items: Iterable[str]) -> str:
    """["a", "b", "c"] -> "a, b and c" (semicolons between items that hold commas themselves)."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    separator = "; " if any("," in word for word in words) else ", "
    return separator.join(words[:-1]) + " and " + words[-1]


def _routine_policy(level: str, matched: list[RedFlagRule]) -> str:
    """Self-care: the full routine. See a clinician first: resting positions only, for comfort while waiting.
    Urgent or emergency: nothing at all."""
    if level == "self_care_ok":
        return "full"
    return "positions_of_ease" if level == "see_clinician_before_exercise" else "none"

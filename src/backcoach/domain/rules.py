"""Evaluates the condition language of the knowledge files against intake answers.

A condition is a mapping with exactly one form:
  {all: [c, ...]}  {any: [c, ...]}  {not: c}  {count_at_least: N, of: [c, ...]}
  {fact: name}                       a named condition from the facts table
  {flag: name}                       red_flags.<name> is true
  {field: dotted, in: [values]}      scalar answer is one of values (null matches "not answered")
  {field: dotted, has_any: [values]} list answer shares a value with values
  {field: dotted, is: value}         answer equals value (true/false/number)
  {field: dotted, at_least: N}       numeric answer >= N (unanswered is false)
  {field: dotted, below: N}          numeric answer < N (unanswered is false)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from backcoach.domain.intake import Intake
from backcoach.domain.models import Condition

FIELD_TESTS = ("in", "has_any", "is", "at_least", "below")


class Evaluator:
    def __init__(self, intake: Intake, facts: Mapping[str, Condition]) -> None:
        self._intake = intake
        self._facts = facts
        self._memo: dict[str, bool] = {}

    def fact(self, name: str) -> bool:
        if name not in self._memo:
            self._memo[name] = self.holds(self._facts[name])
        return self._memo[name]

    def holds(self, condition: Condition) -> bool:
        if "all" in condition:
            return all(self.holds(part) for part in condition["all"])
        if "any" in condition:
            return any(self.holds(part) for part in condition["any"])
        if "not" in condition:
            return not self.holds(condition["not"])
        if "count_at_least" in condition:
            count = sum(1 for part in condition["of"] if self.holds(part))
            return count >= int(condition["count_at_least"])
        if "fact" in condition:
            return self.fact(str(condition["fact"]))
        if "flag" in condition:
            return self._intake.flag(str(condition["flag"]))
        return self._field_test(condition)

    def evidence(self, condition: Condition) -> list[tuple[str, Any]]:
        """The answers that make a holding condition true, as (dotted field, value) pairs, in order.

        Only what the person said counts: a part that holds because something was not answered, or
        through a ``not``, quotes nothing."""
        if not self.holds(condition):
            return []
        for key in ("all", "any", "of"):
            if key in condition:
                return _unique(item for part in condition[key] for item in self.evidence(part))
        if "not" in condition:
            return []
        if "fact" in condition:
            return self.evidence(self._facts[str(condition["fact"])])
        if "flag" in condition:
            return [(f"red_flags.{condition['flag']}", True)]
        field = str(condition["field"])
        value = self._intake.get(field)
        if "has_any" in condition:
            return [(field, item) for item in value if item in condition["has_any"]]
        return [] if value is None else [(field, value)]

    def _field_test(self, condition: Condition) -> bool:
        value = self._intake.get(str(condition["field"]))
        if "in" in condition:
            return value in condition["in"] and not isinstance(value, list)
        if "has_any" in condition:
            return isinstance(value, list) and any(item in value for item in condition["has_any"])
        if "is" in condition:
            return _json_equal(value, condition["is"])
        if value is None or isinstance(value, bool):
            return False
        if "at_least" in condition:
            return bool(value >= condition["at_least"])
        return bool(value < condition["below"])


def _unique(items: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _json_equal(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    return bool(left == right)


def referenced_fields(condition: Condition) -> set[str]:
    """Dotted intake fields a condition reads (used by the loader to check the knowledge files)."""
    found: set[str] = set()
    for key in ("all", "any", "of"):
        for part in condition.get(key, ()):
            found |= referenced_fields(part)
    if "not" in condition:
        found |= referenced_fields(condition["not"])
    if "field" in condition:
        found.add(str(condition["field"]))
    if "flag" in condition:
        found.add(f"red_flags.{condition['flag']}")
    return found


def referenced_facts(condition: Condition) -> set[str]:
    found: set[str] = set()
    for key in ("all", "any", "of"):
        for part in condition.get(key, ()):
            found |= referenced_facts(part)
    if "not" in condition:
        found |= referenced_facts(condition["not"])
    if "fact" in condition:
        found.add(str(condition["fact"]))
    return found

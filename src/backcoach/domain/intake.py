"""Typed, read-only view of validated intake answers (intake.schema.json, version 1 or 2).

A missing answer means "not asked / unknown", never "no": accessors return None or an empty set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class Intake(NamedTuple):
    answers: Mapping[str, Any]

    def get(self, dotted: str) -> Any:
        """The answer at a dotted path such as ``red_flags.fever_or_chills``, or None."""
        value: Any = self.answers
        for part in dotted.split("."):
            if not isinstance(value, Mapping) or part not in value:
                return None
            value = value[part]
        return value

    def choices(self, name: str) -> frozenset[str]:
        value = self.answers.get(name)
        return frozenset(value) if isinstance(value, list) else frozenset()

    def flag(self, name: str) -> bool:
        return self.get(f"red_flags.{name}") is True

    @property
    def version(self) -> int:
        """The intake version the answers were written in (version 1 when they don't say)."""
        value = self.answers.get("schema_version")
        return value if isinstance(value, int) and not isinstance(value, bool) else 1

    @property
    def pain_now(self) -> int | None:
        """Pain now, 0-10; None only for answers still incomplete (screened before they are finished)."""
        value = self.answers.get("pain_now")
        return None if value is None else int(value)

    @property
    def minutes_available(self) -> int | None:
        value = self.answers.get("minutes_available")
        return int(value) if value is not None else None

    @property
    def extension_response(self) -> str | None:
        value = self.get("repeated_movement_response.extension")
        return str(value) if value is not None else None

    @property
    def flexion_response(self) -> str | None:
        value = self.get("repeated_movement_response.flexion")
        return str(value) if value is not None else None

    @property
    def diagnoses(self) -> frozenset[str]:
        return self.choices("known_diagnoses")

    @property
    def worse_with(self) -> frozenset[str]:
        return self.choices("worse_with")

    @property
    def better_with(self) -> frozenset[str]:
        return self.choices("better_with")

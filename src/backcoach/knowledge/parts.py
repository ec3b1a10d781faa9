"""Converters from validated knowledge documents to the domain's value objects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from backcoach.domain.models import (
    Contraindication,
    Dosage,
    Exercise,
    Level,
    Program,
    ProgramItem,
    RedFlagRule,
    SafetyNote,
    TagRule,
    WarningQuestion,
)


def exercise(item: Mapping[str, Any]) -> Exercise:
    return Exercise(
        id=item["id"],
        name=item["name"],
        aliases=tuple(item["aliases"]),
        position=item["position"],
        places=frozenset(item["places"]),
        equipment=tuple(item["equipment"]),
        direction=item["direction"],
        region=item["region"],
        level=item["level"],
        features=frozenset(item["features"]),
        summary=item["summary"],
        steps=tuple(item["steps"]),
        cues=tuple(item["cues"]),
        mistakes=tuple(item["mistakes"]),
        should_feel=item["should_feel"],
        should_not_feel=item["should_not_feel"],
        stop_if=tuple(item["stop_if"]),
        contraindications=tuple(Contraindication(**c) for c in item["contraindications"]),
        default_dosage=Dosage(**item["default_dosage"]),
        sources=tuple(item["sources"]),
        dosage_source=item.get("dosage_source"),
        progresses_to=item.get("progresses_to"),
        regresses_to=item.get("regresses_to"),
        dosage_as_given=dict(item["default_dosage"]),
        also_moves=frozenset(item.get("also_moves", ())),
        dose_verb=item.get("dose_verb", "Hold"),
        max_hold_seconds=item.get("max_hold_seconds"),
        progress_dose_first=bool(item.get("progress_dose_first", False)),
    )


def items(raw: Iterable[Mapping[str, Any]]) -> tuple[ProgramItem, ...]:
    return tuple(ProgramItem(i["exercise_id"], i["why"], bool(i.get("required", False)), i.get("times_per_day"))
                 for i in raw)


def program(item: Mapping[str, Any]) -> Program:
    return Program(
        id=item["id"],
        name=item["name"],
        covers=item["covers"],
        why=item["why"],
        items=items(item["items"]),
        sources=tuple(item["sources"]),
        must_be_doable_in=item.get("must_be_doable_in"),
        must_not_direction=item.get("must_not_direction"),
    )


def rule(item: Mapping[str, Any]) -> RedFlagRule:
    return RedFlagRule(
        code=item["code"],
        suspected=item["suspected"],
        level=cast(Level, item["level"]),
        when=item["when"],
        message=item["message"],
        sources=tuple(item["sources"]),
    )


def tag_rule(item: Mapping[str, Any]) -> TagRule:
    return TagRule(
        tag=item["tag"],
        when=item["when"],
        explanation=item["explanation"],
        sources=tuple(item["sources"]),
        avoid_directions=tuple(item.get("avoid_directions", ())),
        avoid_features=tuple(item.get("avoid_features", ())),
        avoid_reason=item.get("avoid_reason", ""),
        adds=items(item.get("adds", ())),
        safety=item.get("safety", ""),
    )


def safety_note(item: Mapping[str, Any]) -> SafetyNote:
    return SafetyNote(" ".join(item["text"].split()), frozenset(item["levels"]), bool(item.get("about_exercise")))


def warning_questions(document: Mapping[str, Any]) -> tuple[WarningQuestion, ...]:
    """The warning-sign questions of every intake version (the legacy ones answer only version 1)."""
    asked = [
        WarningQuestion(q["id"], _text(q["short"]), (q["id"], *q.get("also_answered_by", ())),
                        since_version=int(q.get("since_version", 1)), at_checkin=bool(q.get("at_checkin")))
        for q in document["questions"] if q["section"] == "warning_signs"
    ]
    legacy = [WarningQuestion(q["id"], _text(q["short"]), (q["id"],), until_version=int(q["until_version"]))
              for q in document.get("legacy_questions", ())]
    return (*asked, *legacy)


def phrases(document: Mapping[str, Any]) -> dict[str, str]:
    """How each answer is quoted back: "field" -> template, "field=value" -> phrase, "field=value#label"."""
    found: dict[str, str] = {}
    for question in [*document["questions"], *document.get("legacy_questions", ())]:
        field = question["id"]
        if "short" in question:
            found[f"{field}=true"] = _text(question["short"])
        if "phrase" in question:
            key = f"{field}=true" if question["kind"] == "boolean" else field
            found[key] = _text(question["phrase"])
        if "phrase_no" in question:
            found[f"{field}=false"] = _text(question["phrase_no"])
        for option in question.get("options", ()):
            found[f"{field}={option['value']}#label"] = _text(option["label"])
            if "phrase" in option:
                found[f"{field}={option['value']}"] = _text(option["phrase"])
    return found


def _text(value: str) -> str:
    return " ".join(value.split())

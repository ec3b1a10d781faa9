"""The intake questionnaire (questions.yaml): loading, checks against the intake contract, form parsing."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from backcoach.errors import InvalidInput, KnowledgeError
from backcoach.knowledge.files import DATA_DIR, intake_schema, load_checked

YES, NO = "yes", "no"
WARNING_SECTION = "warning_signs"
INTAKE_VERSION = 2  # the version the questionnaire writes


class Option(NamedTuple):
    value: str
    label: str


class Question(NamedTuple):
    id: str
    section: str
    kind: str  # integer, choice, multi, boolean
    text: str
    help: str = ""
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    options: tuple[Option, ...] = ()
    short: str = ""  # the question in a few plain words (warning signs)
    at_checkin: bool = False  # a warning sign asked again at every check-in

    @property
    def form_name(self) -> str:
        return self.id.replace(".", "__")

    @property
    def warning_sign(self) -> bool:
        """A warning-sign question: it cannot be skipped (unanswered is unknown, never "no")."""
        return self.section == WARNING_SECTION

    @property
    def must_answer(self) -> bool:
        return self.required or self.warning_sign


class Section(NamedTuple):
    id: str
    title: str
    help: str
    questions: tuple[Question, ...]


@cache
def load_questionnaire(data_dir: str = DATA_DIR) -> tuple[Section, ...]:
    """Sections with their questions, checked against intake.schema.json."""
    document = load_checked(os.path.join(data_dir, "questions.yaml"), "knowledge.schema.json", "questions_file")
    questions = [_question(raw) for raw in document["questions"]]
    _check_against_contract(questions)
    sections = []
    for raw in document["sections"]:
        members = tuple(q for q in questions if q.section == raw["id"])
        sections.append(Section(raw["id"], raw["title"], " ".join(raw.get("help", "").split()), members))
    unplaced = {q.id for q in questions} - {q.id for s in sections for q in s.questions}
    if unplaced:
        raise KnowledgeError(f"questions.yaml: questions in unknown sections: {', '.join(sorted(unplaced))}")
    return tuple(sections)


def questions() -> list[Question]:
    return [q for section in load_questionnaire() for q in section.questions]


def warning_signs(*, at_checkin: bool = False) -> list[Question]:
    """The warning-sign questions (those that can newly appear, with ``at_checkin``)."""
    return [q for q in questions() if q.warning_sign and (q.at_checkin or not at_checkin)]


def unanswered(answers: Mapping[str, Any]) -> list[Question]:
    """The questions that must be answered and are not: the required ones and every warning sign."""
    missing = []
    for question in questions():
        value: Any = answers
        for part in question.id.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if question.must_answer and value is None:
            missing.append(question)
    return missing


def _question(raw: Mapping[str, Any]) -> Question:
    return Question(
        id=raw["id"], section=raw["section"], kind=raw["kind"], text=" ".join(raw["text"].split()),
        help=raw.get("help", ""), required=bool(raw.get("required", False)), minimum=raw.get("min"),
        maximum=raw.get("max"), options=tuple(Option(o["value"], o["label"]) for o in raw.get("options", ())),
        short=" ".join(raw.get("short", "").split()), at_checkin=bool(raw.get("at_checkin", False)),
    )


def _field_schema(dotted: str) -> Mapping[str, Any] | None:
    schema: Mapping[str, Any] | None = intake_schema()
    for part in dotted.split("."):
        schema = (schema or {}).get("properties", {}).get(part)
    return schema


def _check_against_contract(items: Sequence[Question]) -> None:
    seen: set[str] = set()
    for question in items:
        where = f"questions.yaml: {question.id}"
        schema = _field_schema(question.id)
        if schema is None:
            raise KnowledgeError(f"{where}: is not a field of the intake contract")
        if question.id in seen:
            raise KnowledgeError(f"{where}: is asked twice")
        seen.add(question.id)
        allowed = schema.get("enum") or schema.get("items", {}).get("enum") or []
        for option in question.options:
            if option.value not in allowed:
                raise KnowledgeError(f"{where}: option {option.value!r} is not allowed by the intake contract")


def answers_from_form(form: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """Submitted form values -> intake answers (version 2). Blank means unanswered; a bad number names
    its field."""
    answers: dict[str, Any] = {"schema_version": INTAKE_VERSION}
    for question in questions():
        values = [v.strip() for v in form.get(question.form_name, ()) if v.strip()]
        if not values:
            continue
        value = parse_answer(question, values)
        target = answers
        *parents, leaf = question.id.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return answers


def parse_answer(question: Question, values: Sequence[str]) -> Any:
    """What was typed or ticked -> the intake contract's value, for the web form and the terminal alike.

    Yes/no takes yes, no, y or n; a number is checked against its range; a choice takes an option's value or
    its number in the list (1 for the first), and a multiple choice any of those, comma-separated or not.
    A problem raises InvalidInput naming the question, with what to type instead."""
    if question.kind == "boolean":
        return _yes_no(question, values[0])
    if question.kind == "integer":
        return _number(question, values[0])
    picks = [part.strip() for value in values for part in value.split(",") if part.strip()]
    chosen = list(dict.fromkeys(_option(question, pick) for pick in picks))
    if question.kind == "choice" and len(chosen) != 1:
        raise InvalidInput(question.id, "Please choose one.")
    return chosen[0] if question.kind == "choice" else chosen


def _yes_no(question: Question, value: str) -> bool:
    answer = value.strip().lower()
    if answer not in ("y", "n", YES, NO):
        raise InvalidInput(question.id, "Please answer y or n.")
    return answer in ("y", YES)


def _number(question: Question, value: str) -> int:
    typed = value.strip()
    if not typed.lstrip("-").isdigit():
        raise InvalidInput(question.id, "Please type a whole number.")
    number = int(typed)
    low, high = question.minimum, question.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise InvalidInput(question.id, f"Please type a number from {low} to {high}.")
    return number


def _option(question: Question, pick: str) -> str:
    values = [option.value for option in question.options]
    if pick in values:
        return pick
    if pick.isdigit() and 1 <= int(pick) <= len(values):
        return values[int(pick) - 1]
    raise InvalidInput(question.id, f"Please type a number from 1 to {len(values)}.")

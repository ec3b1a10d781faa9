"""Builds the domain's Knowledge from the data files, checking every cross-reference."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from backcoach.domain.models import Condition, Exercise, Knowledge, Program, ProgramItem
from backcoach.domain.rules import referenced_facts, referenced_fields
from backcoach.errors import KnowledgeError
from backcoach.knowledge import parts
from backcoach.knowledge.cache import cached
from backcoach.knowledge.files import (
    CONTRACTS_DIR,
    DATA_DIR,
    SCHEMA_DIR,
    StrPath,
    files_in,
    intake_fields,
    load_checked,
)

KNOWLEDGE_SCHEMA = "knowledge.schema.json"


def load_knowledge(data_dir: StrPath = DATA_DIR) -> Knowledge:
    """Every knowledge file, validated and cross-checked; cached in memory and on disk (see cache.py)."""
    return _load_knowledge(os.fspath(data_dir))


@cache
def _load_knowledge(data_dir: str) -> Knowledge:
    from backcoach import __version__
    from backcoach.domain import models

    code = [models.__file__, parts.__file__, __file__]  # the shape of what is cached
    files = [*files_in(data_dir, ".yaml"), *files_in(SCHEMA_DIR, ".json"),
             os.path.join(CONTRACTS_DIR, "intake.schema.json"), *code]
    return cached("knowledge", files, f"{__version__}:{data_dir}", lambda: build_knowledge(data_dir))


def build_knowledge(data_dir: StrPath = DATA_DIR) -> Knowledge:
    """Load, validate and cross-check every knowledge file."""
    def checked(name: str, definition: str) -> Any:
        return load_checked(os.path.join(data_dir, name), KNOWLEDGE_SCHEMA, definition)

    screening = checked("screening.yaml", "screening_file")
    patterns = checked("patterns.yaml", "patterns_file")
    programs_doc = checked("programs.yaml", "programs_file")
    questions = checked("questions.yaml", "questions_file")
    education = checked("education.yaml", "education_file")
    exercises_doc = load_checked(os.path.join(data_dir, "exercises.yaml"), "exercises.schema.json")
    knowledge = Knowledge(
        exercises=_exercises(exercises_doc["exercises"]),
        programs={p["id"]: parts.program(p) for p in programs_doc["programs"]},
        red_flag_rules=tuple(parts.rule(r) for r in [*screening["rules"], *screening["advisories"]]),
        tag_rules=tuple(parts.tag_rule(t) for t in patterns["tags"]),
        facts=checked("facts.yaml", "facts_file")["facts"],
        level_headlines=screening["level_headlines"],
        general_safety=tuple(parts.safety_note(n) for n in screening["general_safety"]),
        sources=checked("sources.yaml", "sources_file")["sources"],
        program_selection=tuple(programs_doc["selection"]),
        warning_questions=parts.warning_questions(questions),
        unanswered_rule=parts.rule(screening["unanswered_warning_signs"]),
        phrases=parts.phrases(questions),
        bias_rules=patterns["bias"],
        pathways=programs_doc.get("pathways", {}),
        education=tuple(education["lessons"]),
        flare_up=education["flare_up"],
    )
    check_references(knowledge)
    return knowledge


@cache
def load_progression_rules(data_dir: str = DATA_DIR) -> dict[str, Any]:
    """The progression, regression and stop rules (progression.yaml), validated."""
    path = os.path.join(data_dir, "progression.yaml")
    rules: dict[str, Any] = load_checked(path, KNOWLEDGE_SCHEMA, "progression_file")
    known = load_knowledge(data_dir).sources
    for name, rule in rules.items():
        for key in rule.get("sources", ()):
            if key not in known:
                raise KnowledgeError(f"progression.yaml: {name}: source {key!r} is not in sources.yaml")
    return rules


def _exercises(raw: list[dict[str, Any]]) -> dict[str, Exercise]:
    exercises: dict[str, Exercise] = {}
    for index, item in enumerate(raw):
        if item["id"] in exercises:
            raise KnowledgeError(f"exercises.yaml: exercises[{index}].id: {item['id']!r} is repeated")
        exercises[item["id"]] = parts.exercise(item)
    return exercises


def check_references(knowledge: Knowledge) -> None:
    """Every id, fact, intake field and source key a file names must exist."""
    _check_conditions(knowledge)
    _check_exercise_links(knowledge)
    _check_programs(knowledge)
    _check_sources(knowledge)


def _check_conditions(knowledge: Knowledge) -> None:
    known_fields = intake_fields()
    named: list[tuple[str, Condition]] = [(f"facts.yaml: facts.{k}", c) for k, c in knowledge.facts.items()]
    named += [(f"screening.yaml: rule {r.code}", r.when) for r in knowledge.red_flag_rules]
    named += [(f"questions.yaml: {q.id}", {"any": [{"field": f} for f in q.answered_by]})
              for q in knowledge.warning_questions]
    named += [(f"patterns.yaml: tag {t.tag}", t.when) for t in knowledge.tag_rules]
    for where, condition in named:
        for field in sorted(referenced_fields(condition) - known_fields):
            raise KnowledgeError(f"{where}: {field!r} is not a field of the intake contract")
        for fact in sorted(referenced_facts(condition) - set(knowledge.facts)):
            raise KnowledgeError(f"{where}: fact {fact!r} is not defined in facts.yaml")


def _check_exercise_links(knowledge: Knowledge) -> None:
    exercises = knowledge.exercises
    for exercise in exercises.values():
        links = [exercise.progresses_to, exercise.regresses_to, *(c.instead for c in exercise.contraindications)]
        for link in links:
            if link is not None and link not in exercises:
                raise KnowledgeError(f"exercises.yaml: {exercise.id}: links to unknown exercise {link!r}")
        harder = exercises.get(exercise.progresses_to or "")
        if harder is not None and harder.regresses_to != exercise.id:
            raise KnowledgeError(f"exercises.yaml: {exercise.id} progresses to {harder.id}, "
                                 f"which does not regress to it")
    for where, exercise_id in _named_exercises(knowledge):
        if exercise_id not in exercises:
            raise KnowledgeError(f"{where}: unknown exercise {exercise_id!r}")


def _named_exercises(knowledge: Knowledge) -> list[tuple[str, str]]:
    """Exercise ids named outside exercises.yaml and programs (pathways, flare-up plan)."""
    named = [(f"programs.yaml: pathways.{risk}", item["exercise_id"])
             for risk, pathway in knowledge.pathways.items() for item in pathway.get("adds", ())]
    flare = knowledge.flare_up
    named += [(f"education.yaml: flare_up.positions_of_ease.{bias}", exercise_id)
              for bias, ids in flare.get("positions_of_ease", {}).items() for exercise_id in ids]
    named += [(f"education.yaml: flare_up.from_answers.{answer}", exercise_id)
              for answer, ids in flare.get("from_answers", {}).items() for exercise_id in ids]
    return named


def _check_programs(knowledge: Knowledge) -> None:
    for program in knowledge.programs.values():
        for item in program.items:
            _check_program_item(knowledge, program, item)
    for entry in knowledge.program_selection:
        if entry["program"] not in knowledge.programs:
            raise KnowledgeError(f"programs.yaml: selection names unknown program {entry['program']!r}")
    for tag_rule in knowledge.tag_rules:
        for item in tag_rule.adds:
            if item.exercise_id not in knowledge.exercises:
                raise KnowledgeError(f"patterns.yaml: tag {tag_rule.tag}: unknown exercise {item.exercise_id!r}")


def _check_program_item(knowledge: Knowledge, program: Program, item: ProgramItem) -> None:
    exercise = knowledge.exercises.get(item.exercise_id)
    where = f"programs.yaml: {program.id}"
    if exercise is None:
        raise KnowledgeError(f"{where}: unknown exercise {item.exercise_id!r}")
    if program.must_be_doable_in and program.must_be_doable_in not in exercise.places:
        raise KnowledgeError(f"{where}: {exercise.id} cannot be done in {program.must_be_doable_in}")
    if program.must_not_direction == exercise.direction:
        raise KnowledgeError(f"{where}: {exercise.id} has the excluded direction {exercise.direction}")


def _check_sources(knowledge: Knowledge) -> None:
    cited: list[tuple[str, tuple[str, ...]]] = [(f"exercise {e.id}", e.sources) for e in knowledge.exercises.values()]
    cited += [(f"lesson {lesson['id']}", tuple(lesson["sources"])) for lesson in knowledge.education]
    cited += [("flare-up plan", tuple(knowledge.flare_up.get("sources", ())))]
    cited += [(f"pathway {risk}", tuple(p["sources"])) for risk, p in knowledge.pathways.items()]
    cited += [(f"program {p.id}", p.sources) for p in knowledge.programs.values()]
    cited += [(f"rule {r.code}", r.sources) for r in knowledge.red_flag_rules]
    cited += [(f"tag {t.tag}", t.sources) for t in knowledge.tag_rules]
    for where, keys in cited:
        for key in keys:
            if key not in knowledge.sources:
                raise KnowledgeError(f"{where}: source {key!r} is not in sources.yaml")


@cache
def load_movement_test(data_dir: str = DATA_DIR) -> dict[str, Any]:
    """The guided repeated-movement test (movement_test.yaml), validated against the library and sources."""
    document: dict[str, Any] = load_checked(os.path.join(data_dir, "movement_test.yaml"), KNOWLEDGE_SCHEMA,
                                            "movement_test_file")
    knowledge = load_knowledge(data_dir)
    for direction, spec in document["directions"].items():
        for method in spec["methods"]:
            if method["exercise_id"] not in knowledge.exercises:
                raise KnowledgeError(f"movement_test.yaml: {direction}: unknown exercise {method['exercise_id']!r}")
    for key in document["sources"]:
        if key not in knowledge.sources:
            raise KnowledgeError(f"movement_test.yaml: sources: {key!r} is not in sources.yaml")
    return document


@cache
def load_vocabulary(data_dir: str = DATA_DIR) -> tuple[dict[str, Any], ...]:
    """The search and tagging vocabulary (vocabulary.yaml), validated; concept ids are unique."""
    path = os.path.join(data_dir, "vocabulary.yaml")
    concepts: list[dict[str, Any]] = load_checked(path, KNOWLEDGE_SCHEMA, "vocabulary_file")["concepts"]
    seen: set[str] = set()
    exercise_ids = set(load_knowledge(data_dir).exercises)
    for index, concept in enumerate(concepts):
        if concept["id"] in seen or concept["id"] in exercise_ids:
            raise KnowledgeError(f"vocabulary.yaml: concepts[{index}].id: {concept['id']!r} is repeated")
        seen.add(concept["id"])
    return tuple(concepts)


@cache
def load_oswestry(data_dir: str = DATA_DIR) -> tuple[dict[str, Any], ...]:
    """The Oswestry Disability Index sections (oswestry.yaml), validated, with known sources."""
    path = os.path.join(data_dir, "oswestry.yaml")
    document = load_checked(path, KNOWLEDGE_SCHEMA, "oswestry_file")
    known = load_knowledge(data_dir).sources
    for key in document["sources"]:
        if key not in known:
            raise KnowledgeError(f"oswestry.yaml: sources: {key!r} is not in sources.yaml")
    return tuple(document["sections"])

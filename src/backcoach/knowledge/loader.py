"""Builds the domain's Knowledge from the data files, checking every cross-reference."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from backcoach.domain.models import (
    Condition,
    Contraindication,
    Dosage,
    Exercise,
    Knowledge,
    Program,
    ProgramItem,
    RedFlagRule,
    TagRule,
)
from backcoach.domain.rules import referenced_facts, referenced_fields
from backcoach.errors import KnowledgeError
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

    files = [*files_in(data_dir, ".yaml"), *files_in(SCHEMA_DIR, ".json"),
             os.path.join(CONTRACTS_DIR, "intake.schema.json")]
    return cached("knowledge", files, f"{__version__}:{data_dir}", lambda: build_knowledge(data_dir))


def build_knowledge(data_dir: StrPath = DATA_DIR) -> Knowledge:
    """Load, validate and cross-check every knowledge file."""
    sources = load_checked(os.path.join(data_dir, "sources.yaml"), KNOWLEDGE_SCHEMA, "sources_file")["sources"]
    facts = load_checked(os.path.join(data_dir, "facts.yaml"), KNOWLEDGE_SCHEMA, "facts_file")["facts"]
    screening = load_checked(os.path.join(data_dir, "screening.yaml"), KNOWLEDGE_SCHEMA, "screening_file")
    patterns = load_checked(os.path.join(data_dir, "patterns.yaml"), KNOWLEDGE_SCHEMA, "patterns_file")
    programs_doc = load_checked(os.path.join(data_dir, "programs.yaml"), KNOWLEDGE_SCHEMA, "programs_file")
    exercises_doc = load_checked(os.path.join(data_dir, "exercises.yaml"), "exercises.schema.json")

    exercises = _exercises(exercises_doc["exercises"])
    knowledge = Knowledge(
        exercises=exercises,
        programs={p["id"]: _program(p) for p in programs_doc["programs"]},
        red_flag_rules=tuple(_rule(r) for r in [*screening["rules"], *screening["advisories"]]),
        tag_rules=tuple(_tag_rule(t) for t in patterns["tags"]),
        facts=facts,
        level_headlines=screening["level_headlines"],
        general_safety=tuple(screening["general_safety"]),
        sources=sources,
        program_selection=tuple(programs_doc["selection"]),
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
        exercises[item["id"]] = _exercise(item)
    return exercises


def _exercise(item: Mapping[str, Any]) -> Exercise:
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
    )


def _items(raw: Iterable[Mapping[str, Any]]) -> tuple[ProgramItem, ...]:
    return tuple(ProgramItem(i["exercise_id"], i["why"], bool(i.get("required", False))) for i in raw)


def _program(item: Mapping[str, Any]) -> Program:
    return Program(
        id=item["id"],
        name=item["name"],
        covers=item["covers"],
        why=item["why"],
        items=_items(item["items"]),
        sources=tuple(item["sources"]),
        must_be_doable_in=item.get("must_be_doable_in"),
        must_not_direction=item.get("must_not_direction"),
    )


def _rule(item: Mapping[str, Any]) -> RedFlagRule:
    return RedFlagRule(
        code=item["code"],
        suspected=item["suspected"],
        level=item["level"],
        when=item["when"],
        message=item["message"],
        sources=tuple(item["sources"]),
        routine=item.get("routine", "none"),
    )


def _tag_rule(item: Mapping[str, Any]) -> TagRule:
    return TagRule(
        tag=item["tag"],
        when=item["when"],
        explanation=item["explanation"],
        sources=tuple(item["sources"]),
        avoid_directions=tuple(item.get("avoid_directions", ())),
        avoid_features=tuple(item.get("avoid_features", ())),
        avoid_reason=item.get("avoid_reason", ""),
        adds=_items(item.get("adds", ())),
        safety=item.get("safety", ""),
    )


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
    named += [(f"patterns.yaml: tag {t.tag}", t.when) for t in knowledge.tag_rules]
    for where, condition in named:
        for field in sorted(referenced_fields(condition) - known_fields):
            raise KnowledgeError(f"{where}: {field!r} is not a field of the intake contract")
        for fact in sorted(referenced_facts(condition) - set(knowledge.facts)):
            raise KnowledgeError(f"{where}: fact {fact!r} is not defined in facts.yaml")


def _check_exercise_links(knowledge: Knowledge) -> None:
    for exercise in knowledge.exercises.values():
        for link in (exercise.progresses_to, exercise.regresses_to):
            if link is not None and link not in knowledge.exercises:
                raise KnowledgeError(f"exercises.yaml: {exercise.id}: links to unknown exercise {link!r}")


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
    cited += [(f"program {p.id}", p.sources) for p in knowledge.programs.values()]
    cited += [(f"rule {r.code}", r.sources) for r in knowledge.red_flag_rules]
    cited += [(f"tag {t.tag}", t.sources) for t in knowledge.tag_rules]
    for where, keys in cited:
        for key in keys:
            if key not in knowledge.sources:
                raise KnowledgeError(f"{where}: source {key!r} is not in sources.yaml")


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

"""The knowledge files load, hold what the contracts need, and a broken file names file and field."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from backcoach.errors import KnowledgeError
from backcoach.knowledge.files import DATA_DIR
from backcoach.knowledge.loader import load_knowledge
from tests.conftest import load_contract

KNOWLEDGE = load_knowledge()
CORE = load_contract("core_exercises.json")
SEED_PROGRAMS = [p["id"] for p in CORE["seed_programs"]]


def test_library_holds_at_least_35_exercises_with_every_core_id() -> None:
    assert len(KNOWLEDGE.exercises) >= 35
    assert {e["id"] for e in CORE["exercises"]} <= set(KNOWLEDGE.exercises)


@pytest.mark.parametrize("core", CORE["exercises"], ids=lambda c: c["id"])
def test_core_exercise_matches_the_contract(core: dict[str, object]) -> None:
    ours = KNOWLEDGE.exercises[str(core["id"])]
    assert ours.position == core["position"]
    assert ours.direction == core["direction"]
    assert dict(ours.dosage_as_given) == core["default_dosage"]
    assert ours.progresses_to == core.get("progresses_to")
    assert ours.regresses_to == core.get("regresses_to")
    if "source" in core:
        assert ours.dosage_source == core["source"]
    if core.get("floor_needed") is False:
        assert ours.places - {"floor"}, "doable off the floor"
    if "key_cue" in core:
        assert ours.cues, "has cues"


@pytest.mark.parametrize("program_id", SEED_PROGRAMS)
def test_every_seed_program_exists(program_id: str) -> None:
    assert program_id in KNOWLEDGE.programs


def test_seed_program_constraints_hold() -> None:
    for seed in CORE["seed_programs"]:
        program = KNOWLEDGE.programs[seed["id"]]
        ids = [item.exercise_id for item in program.items]
        if "sequence" in seed:
            assert ids == seed["sequence"]
        for required in seed.get("must_include", []):
            assert required in ids
        for exercise_id in ids:
            exercise = KNOWLEDGE.exercises[exercise_id]
            if "must_be_doable_in" in seed:
                assert seed["must_be_doable_in"] in exercise.places
            if "must_not_direction" in seed:
                assert exercise.direction != seed["must_not_direction"]


def test_every_exercise_is_fully_described() -> None:
    for exercise in KNOWLEDGE.exercises.values():
        assert exercise.aliases and exercise.steps and exercise.cues and exercise.stop_if, exercise.id
        assert exercise.should_feel and exercise.should_not_feel and exercise.mistakes, exercise.id
        assert exercise.sources, exercise.id


def test_every_rule_cites_a_known_source() -> None:
    for rule in KNOWLEDGE.red_flag_rules:
        assert rule.sources and all(key in KNOWLEDGE.sources for key in rule.sources)


def _broken_copy(tmp_path: Path, name: str, edit: Callable[[dict[str, object]], None]) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    document = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    edit(document)
    (folder / name).write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return folder


def _set_position(doc: dict[str, object]) -> None:
    doc["exercises"][3]["position"] = "upside-down"  # type: ignore[index]


def _drop_steps(doc: dict[str, object]) -> None:
    del doc["exercises"][0]["steps"]  # type: ignore[index]


def _bad_level(doc: dict[str, object]) -> None:
    doc["rules"][0]["level"] = "whenever"  # type: ignore[index]


def _unknown_field(doc: dict[str, object]) -> None:
    doc["rules"][0]["when"] = {"flag": "third_eye_open"}  # type: ignore[index]


def _unknown_exercise(doc: dict[str, object]) -> None:
    doc["programs"][0]["items"][0]["exercise_id"] = "moonwalk"  # type: ignore[index]


@pytest.mark.parametrize(
    ("name", "edit", "words"),
    [
        ("exercises.yaml", _set_position, ["exercises.yaml", "exercises[3].position", "upside-down"]),
        ("exercises.yaml", _drop_steps, ["exercises.yaml", "exercises[0].steps", "required"]),
        ("screening.yaml", _bad_level, ["screening.yaml", "rules[0].level"]),
        ("screening.yaml", _unknown_field, ["screening.yaml", "red_flags.third_eye_open"]),
        ("programs.yaml", _unknown_exercise, ["programs.yaml", "moonwalk"]),
    ],
)
def test_a_broken_file_names_the_file_and_the_field(
    tmp_path: Path, name: str, edit: Callable[[dict[str, object]], None], words: list[str]
) -> None:
    folder = _broken_copy(tmp_path, name, edit)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    for word in words:
        assert word in caught.value.message


def test_invalid_yaml_is_reported_with_the_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    (folder / "patterns.yaml").write_text("tags: [unclosed", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"patterns\.yaml: is not valid YAML"):
        load_knowledge(folder)


def test_the_oswestry_sections_and_the_search_vocabulary_load() -> None:
    from backcoach.knowledge.loader import load_oswestry, load_vocabulary

    sections = load_oswestry()
    assert len(sections) == 10 and all(len(s["levels"]) == 6 for s in sections)
    facets = {c["facet"] for c in load_vocabulary()}
    assert {"body_part", "condition", "position", "audience", "kind"} <= facets

"""form_rules.yaml: the core exercises have camera rules that use their own cues; a malformed file is refused
with a message naming the file and the field."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from backcoach.errors import KnowledgeError
from backcoach.knowledge.files import DATA_DIR
from backcoach.knowledge.form_rules import check_form_rules, load_form_rules
from backcoach.knowledge.loader import load_knowledge

RAW: dict[str, Any] = yaml.safe_load((Path(DATA_DIR) / "form_rules.yaml").read_text(encoding="utf-8"))
KNOWLEDGE = load_knowledge()
CORE = ["prone-on-elbows", "prone-press-up", "standing-back-extension", "bridge", "lower-trunk-rotation",
        "lower-trunk-rotation-leg-over", "cat-cow", "seated-rhomboid-stretch", "single-knee-to-chest",
        "double-knee-to-chest"]


def check(document: dict[str, Any]) -> None:
    check_form_rules(document, set(KNOWLEDGE.exercises), set(KNOWLEDGE.sources))


def changed(index: int, path: list[str | int], value: Any) -> dict[str, Any]:
    document = copy.deepcopy(RAW)
    target = document["exercises"][index]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


def test_every_core_exercise_has_rules_a_view_and_placement_guidance() -> None:
    forms = load_form_rules()
    assert set(CORE) <= set(forms)
    for exercise_id in CORE:
        form = forms[exercise_id]
        assert form.rules and form.placement.view in ("side", "front") and form.placement.advice
        assert form.counting.by in ("reps", "hold")


def test_cues_reuse_the_exercises_own_words_where_it_has_them() -> None:
    forms = load_form_rules()
    said = {e.id: " ".join([*e.cues, *e.steps]).lower() for e in KNOWLEDGE.exercises.values()}
    reused = [rule.cue for form in forms.values() for rule in form.rules
              if rule.cue.lower().rstrip(".") in said[form.exercise_id]]
    assert len(reused) >= 10


def test_pelvic_tilt_is_counted_by_time_and_says_why() -> None:
    counting = load_form_rules()["pelvic-tilt"].counting
    assert counting.by == "time" and "few degrees" in counting.reason


def test_the_loader_refuses_a_malformed_file(tmp_path: Path) -> None:
    for name in ("exercises.yaml", "sources.yaml", "screening.yaml", "patterns.yaml", "programs.yaml",
                 "questions.yaml", "education.yaml", "facts.yaml"):
        shutil.copy(Path(DATA_DIR) / name, tmp_path / name)
    broken = changed(0, ["rules", 0, "fault"], {"when": "above", "at": 13})
    (tmp_path / "form_rules.yaml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"form_rules\.yaml: exercises\[0\]\.rules\[0\]\.fault"):
        load_form_rules(str(tmp_path))


@pytest.mark.parametrize(("document", "message"), [
    (changed(0, ["exercise"], "no-such-exercise"), r"'no-such-exercise' is not in exercises\.yaml"),
    (changed(0, ["sources"], ["NOPE"]), r"'NOPE' is not in sources\.yaml"),
    (changed(0, ["rules", 0, "fault"], {"when": "above", "at": 27, "clear": 30}), r"must be back on the other side"),
    (changed(1, ["motion", "enter"], {"when": "below", "at": 10, "clear": 5}), r"must be back on the other side"),
    (changed(0, ["rules", 0, "measure", "points"], ["elbow", "toe"]), r"not in needs\.points|toe"),
    (changed(0, ["rules", 1, "measure", "points"], ["knee", "nose"]), r"'nose', which is not in needs\.points"),
    (changed(3, ["rules", 0, "measure", "side"], "min"), r"needs\.sides must be both"),
    (changed(0, ["rules", 0, "when"], "end"), r"rules\[0\]\.when: 'end' needs the exercise's motion"),
    (changed(1, ["rules", 0, "when"], "held"), r"'held' needs motion\.still_below"),
])
def test_bad_content_is_refused(document: dict[str, Any], message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        check(document)


def test_a_repeated_exercise_is_refused() -> None:
    document = copy.deepcopy(RAW)
    document["exercises"].append(document["exercises"][0])
    with pytest.raises(KnowledgeError, match="is repeated"):
        check(document)


@pytest.mark.parametrize(("path", "value", "field"), [
    (["rules", 0, "cue"], None, "cue"),
    (["rules", 0, "measure", "points"], ["elbow"], "points"),
    (["rules", 0, "measure", "kind"], "curvature", "kind"),
    (["rules", 0, "measure", "points"], ["elbow", "toe"], "points"),
    (["placement", "view"], "above", "view"),
    (["counting"], {"by": "time"}, "counting"),
    (["counting"], {"by": "reps"}, "motion"),
])
def test_the_schema_refuses_a_malformed_exercise(tmp_path: Path, path: list[str | int], value: Any,
                                                 field: str) -> None:
    document = changed(0, path, value)
    if value is None:
        target = document["exercises"][0]["rules"][0]
        del target["cue"]
    file = tmp_path / "form_rules.yaml"
    file.write_text(yaml.safe_dump(document), encoding="utf-8")
    from backcoach.knowledge.files import load_checked

    with pytest.raises(KnowledgeError, match=rf"form_rules\.yaml: .*{field}"):
        load_checked(file, "form_rules.schema.json")

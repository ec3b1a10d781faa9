"""The questionnaire covers the intake contract and turns form posts into valid answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backcoach.errors import InvalidInput, KnowledgeError
from backcoach.knowledge.files import DATA_DIR, intake_fields
from backcoach.knowledge.questions import answers_from_form, load_questionnaire, questions
from backcoach.services.planning import validate_answers


def test_every_intake_field_is_asked_once() -> None:
    leaves = {f for f in intake_fields() if f not in ("schema_version", "red_flags", "repeated_movement_response",
                                                     "start_back")}
    # version 1 asked these two together; version 2 asks their halves apart
    leaves -= {"red_flags.osteoporosis_or_long_term_steroids", "red_flags.iv_drug_use_or_immunosuppressed"}
    asked = [q.id for q in questions()]
    assert sorted(asked) == sorted(set(asked))
    assert set(asked) == leaves


def test_warning_signs_come_before_the_pain_details() -> None:
    order = [s.id for s in load_questionnaire()]
    assert order.index("warning_signs") < order.index("your_pain")


def test_form_values_become_valid_answers() -> None:
    form = {"age": ["40"], "pain_now": ["3"], "red_flags__fever_or_chills": ["no"],
            "worse_with": ["sitting", "lifting"], "repeated_movement_response__flexion": ["no_change"],
            "duration": [""]}
    answers = answers_from_form(form)
    assert answers == {"schema_version": 2, "age": 40, "pain_now": 3, "red_flags": {"fever_or_chills": False},
                       "worse_with": ["sitting", "lifting"], "repeated_movement_response": {"flexion": "no_change"}}
    validate_answers(answers)


def test_a_bad_number_names_its_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        answers_from_form({"age": ["old"], "pain_now": ["3"]})
    assert caught.value.field == "age"


def test_an_option_the_contract_does_not_allow_is_caught_at_load(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "questions.yaml"
    path.write_text(path.read_text().replace("value: below_knee, label: Below the knee",
                                             "value: shin, label: Below the knee"))
    with pytest.raises(KnowledgeError, match="shin"):
        load_questionnaire(str(folder))

"""The questionnaire covers the intake contract and turns form posts into valid answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backcoach.errors import InvalidInput, KnowledgeError
from backcoach.knowledge.files import DATA_DIR, intake_fields
from backcoach.knowledge.questions import answers_from_form, load_questionnaire, parse_answer, questions
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


# One parser for the web form and the terminal: values or numbers, yes/no or y/n.
@pytest.mark.parametrize(("qid", "typed", "expected"), [
    ("red_flags.saddle_numbness", "Y", True),
    ("red_flags.saddle_numbness", "no", False),
    ("worse_with", "1, 3,1", ["sitting", "getting_up_from_sitting"]),
    ("leg_symptoms", "4", "below_knee"),
    ("minutes_available", "10", 10),
])
def test_parse_answer(qid: str, typed: str, expected: object) -> None:
    question = next(q for q in questions() if q.id == qid)
    assert parse_answer(question, [typed]) == expected


@pytest.mark.parametrize(("qid", "typed"), [("leg_symptoms", "1,2"), ("leg_symptoms", "9"), ("age", "200"),
                                            ("red_flags.fever_or_chills", "perhaps")])
def test_parse_answer_rejects(qid: str, typed: str) -> None:
    question = next(q for q in questions() if q.id == qid)
    with pytest.raises(InvalidInput) as raised:
        parse_answer(question, [typed])
    assert raised.value.field == qid and raised.value.problem.startswith("Please")


def test_the_form_and_the_terminal_read_the_same_answer_the_same_way() -> None:
    by_form = answers_from_form({"age": ["40"], "pain_now": ["3"], "worse_with": ["sitting", "getting_up_from_sitting"],
                                 "red_flags__fever_or_chills": ["no"]})
    worse = next(q for q in questions() if q.id == "worse_with")
    fever = next(q for q in questions() if q.id == "red_flags.fever_or_chills")
    assert parse_answer(worse, ["1,3"]) == by_form["worse_with"]
    assert parse_answer(fever, ["n"]) is by_form["red_flags"]["fever_or_chills"] is False

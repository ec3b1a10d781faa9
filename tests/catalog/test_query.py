"""Understanding what people type: words the videos use are not "corrected", phrases read through "my"/"your"."""

from __future__ import annotations

import pytest

from backcoach.catalog.query import understand
from backcoach.catalog.vocabulary import vocabulary


def test_a_word_the_catalogue_uses_is_not_corrected() -> None:
    assert understand("pain when I crouch", vocabulary(), {"crouch", "pain"}).corrections == []
    assert understand("pain when I crouch", vocabulary(), {"pain"}).corrections  # unknown: the nearest word


def test_an_unknown_word_is_still_corrected() -> None:
    query = understand("siatica stretches", vocabulary(), {"stretches", "sciatica"})
    assert query.corrections == [("siatica", "sciatica")]


@pytest.mark.parametrize(("text", "part"), [
    ("a sore spot at the back of my knee", "knee"),
    ("ache between my shoulder blades", "upper_back"),
    ("stiff at the back of your neck", "neck"),
])
def test_my_and_your_read_like_the(text: str, part: str) -> None:
    found = understand(text, vocabulary(), set()).concepts
    assert found.get(part) == "body_part"
    assert "low_back" not in found


def test_getting_up_off_the_floor_is_not_avoiding_the_floor() -> None:
    assert not understand("how to get up off the floor after a fall", vocabulary(), set()).no_floor
    assert understand("back stretches off the floor", vocabulary(), set()).no_floor


def test_my_back_alone_does_not_name_the_low_back() -> None:
    assert "low_back" not in understand("stretches for my back", vocabulary(), set()).concepts
    assert understand("stretches for my lower back", vocabulary(), set()).concepts["low_back"] == "body_part"
    breathing = understand("my back catches when I breathe in", vocabulary(), set()).concepts
    assert breathing.get("upper_back") == "body_part" and "low_back" not in breathing


@pytest.mark.parametrize("text", ["should I use a foam roller", "how can I sleep with a sore back",
                                  "is walking good for me"])
def test_a_question_asks_for_an_explanation(text: str) -> None:
    assert understand(text, vocabulary(), set()).concepts.get("education") == "kind"


def test_a_statement_is_not_a_question() -> None:
    assert "education" not in understand("gentle stretches in bed", vocabulary(), set()).concepts


def test_asking_for_exercises_on_the_mattress_is_a_place_not_a_mattress_question() -> None:
    place = understand("stretches without leaving the mattress", vocabulary(), set()).concepts
    assert place.get("bed") == "position" and "mattress" not in place
    assert understand("is a firm mattress better", vocabulary(), set()).concepts.get("mattress") == "topic"


def test_words_a_constraint_stands_for_are_matched_only_a_little() -> None:
    query = understand("I can't get down on the ground, stretches", vocabulary(), set())
    assert query.no_floor and query.terms["cant"] < query.terms["ground"] == 1.0


def test_what_to_avoid_is_asked_for() -> None:
    assert understand("what should I stay away from with a disc bulge", vocabulary(), set()).concepts["avoid"] == "kind"


def test_turning_the_head_is_the_neck() -> None:
    found = understand("it hurts to turn my head and look over my shoulder", vocabulary(), set()).concepts
    assert found.get("neck") == "body_part" and "shoulder" not in found


def test_a_correction_keeps_the_first_letter() -> None:
    assert understand("a crease that hurts", vocabulary(), {"increase", "hurts"}).corrections == []


def test_one_sided_pain_on_stairs_points_to_the_si_joint() -> None:
    assert "si_joint" in understand("sharp on the right side when I climb stairs", vocabulary(), set()).inferred
    assert "si_joint" not in understand("sharp on the right side", vocabulary(), set()).inferred

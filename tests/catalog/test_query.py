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

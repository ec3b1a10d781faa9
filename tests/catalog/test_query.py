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

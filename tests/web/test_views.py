"""What the plan page and its twin show: YouTube addresses read robustly, times as a player shows them,
exclusions grouped by reason."""

from __future__ import annotations

import pytest

from backcoach.domain.units import clock
from backcoach.web.views import best_chapter, grouped_exclusions, youtube_id


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=135s", "dQw4w9WgXcQ"),
    ("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ?t=12", "dQw4w9WgXcQ"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=3", "dQw4w9WgXcQ"),
    ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
    ("  https://YouTube.com/watch?v=dQw4w9WgXcQ  ", "dQw4w9WgXcQ"),
    ("https://vimeo.com/76979871", None),
    ("https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ", None),
    ("https://www.youtube.com/watch?v=<script>", None),
    ("https://www.youtube.com/watch", None),
    ("javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ", None),
    ("not a url", None),
    ("http://[::1", None),
])
def test_youtube_ids_are_read_from_any_youtube_address_and_only_from_one(url: str, expected: str | None) -> None:
    assert youtube_id(url) == expected


def test_the_best_chapter_embeds_youtube_at_its_start_and_leaves_other_sites_a_link() -> None:
    chapter = best_chapter([{"title": "Stretches", "url": "https://youtu.be/dQw4w9WgXcQ", "start_seconds": 135}])
    assert chapter["embed_url"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=135"
    assert chapter["start_text"] == "2:15"
    other = best_chapter([{"title": "Elsewhere", "url": "https://vimeo.com/76979871", "start_seconds": None}])
    assert other["embed_url"] is None and other["start_seconds"] == 0 and other["start_text"] == "0:00"


def test_clock() -> None:
    assert [clock(s) for s in (0, 59, 135, 3723)] == ["0:00", "0:59", "2:15", "1:02:03"]


def test_exclusions_are_grouped_by_reason_in_the_order_first_given() -> None:
    excluded = [{"exercise_id": "a", "name": "A", "kind": "safety", "reason": "r1"},
                {"exercise_id": "b", "name": "B", "kind": "later", "reason": "r2"},
                {"exercise_id": "c", "name": "", "kind": "safety", "reason": "r1"},
                {"exercise_id": "d", "name": "D", "kind": "time", "reason": "r3"}]
    groups = grouped_exclusions(excluded, ("safety", "time"))
    assert [(g["reason"], [e["name"] for e in g["exercises"]]) for g in groups] == [("r1", ["A", "c"]), ("r3", ["D"])]
    assert [g["reason"] for g in grouped_exclusions(excluded, exclude=("safety", "time"))] == ["r2"]

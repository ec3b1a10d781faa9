"""Units and durations are written one way everywhere (the terminal, the web, the dose, the voice)."""

from __future__ import annotations

import pytest
from rich.console import Console

from backcoach.cli.render_videos import render_recommendations
from backcoach.domain.units import clock, is_held, rep_seconds, span, spoken


@pytest.mark.parametrize(("seconds", "text"), [(5, "0:05"), (150, "2:30"), (3599, "59:59"), (3723, "1:02:03")])
def test_a_clock_reads_the_same_everywhere(seconds: int, text: str) -> None:
    assert clock(seconds) == text


def test_a_chapter_after_an_hour_shows_hours_in_the_terminal_too() -> None:
    console = Console(width=120, record=True, color_system=None)
    video = {"title": "Long follow-along", "url": "https://example.org/v", "start_seconds": 3723}
    plan = {"routine": [{"exercise_id": "bridge"}]}
    render_recommendations(plan, [{"exercise_id": "bridge", "name": "Bridge", "videos": [video]}], console)
    assert "1:02:03" in console.export_text() and "62:03" not in console.export_text()


def test_holds_spans_and_spoken_lengths() -> None:
    assert (is_held(10), is_held(9), is_held(None)) == (True, False, False)
    assert (rep_seconds(None), rep_seconds(3)) == (4.0, 5.0)
    assert (span(30), span(120), span(90)) == ("30 s", "2 min", "90 s")
    assert (spoken(60), spoken(120), spoken(45)) == ("1 minute", "2 minutes", "45 seconds")

"""Catalogue use cases over the store (SQLite and PostgreSQL): idempotent import, index, sample, recommend."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backcoach.errors import InvalidInput, UnreadableInput
from backcoach.services.planning import build_plan
from backcoach.services.videos import (
    ensure_sample_catalog,
    import_catalog,
    read_catalog_file,
    recommend,
    search_videos,
)
from backcoach.settings import Settings
from devtools.answers import complete

VIDEO = {"id": "v1", "title": "Sciatica Stretches in Bed", "description": "Gentle.", "duration": 300,
         "webpage_url": "https://www.youtube.com/watch?v=v1", "tags": ["sciatica"]}


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url, host="127.0.0.1", port=8000)


def lines(*videos: dict[str, Any]) -> str:
    return "\n".join(json.dumps(v) for v in videos)


def test_re_importing_updates_and_never_duplicates(settings: Settings) -> None:
    first = import_catalog(lines(VIDEO, {**VIDEO, "id": "v2", "title": "Neck Stretches"}), "a.jsonl", settings)
    assert (first["inserted"], first["updated"], first["total"]) == (2, 0, 2)
    again = import_catalog(lines(VIDEO, {**VIDEO, "id": "v2", "title": "Neck Pain Stretches"}), "a.jsonl", settings)
    assert (again["inserted"], again["updated"], again["unchanged"], again["total"]) == (0, 1, 1, 2)
    assert search_videos("neck pain", settings)[0]["title"] == "Neck Pain Stretches"  # the index was rebuilt


def test_bad_lines_are_reported_and_the_rest_imported(settings: Settings) -> None:
    report = import_catalog(lines(VIDEO) + "\n{broken\n" + json.dumps({"id": "v3"}), "b.jsonl", settings)
    assert report["inserted"] == 1
    assert report["bad_lines"] == ["line 2: not valid JSON (Expecting property name enclosed in double quotes at "
                                   "column 2)", "line 3: title: is required"]


def test_the_sample_catalogue_is_there_on_first_run(settings: Settings) -> None:
    ensure_sample_catalog(settings)
    ensure_sample_catalog(settings)  # the second time, nothing to do
    found = search_videos("stretches in bed", settings, limit=3)
    assert found[0]["video_id"] == "bcSampleBed1"


def test_recommendations_follow_the_routine_and_its_safety(settings: Settings) -> None:
    ensure_sample_catalog(settings)
    plan = build_plan(complete({"age": 45, "pain_now": 4, "leg_symptoms": "below_knee",
                                "repeated_movement_response": {"extension": "centralized"}}))
    found = recommend(plan, settings)
    assert [f["exercise_id"] for f in found] == [item["exercise_id"] for item in plan["routine"]]
    rotation = next(f for f in found if f["exercise_id"] == "lower-trunk-rotation")
    assert rotation["videos"][0]["video_id"] == "bcSampleExt1" and rotation["videos"][0]["start_seconds"] == 260
    emergency = build_plan(complete({"age": 45, "pain_now": 4, "red_flags": {"saddle_numbness": True}}))
    assert recommend(emergency, settings) == [], "no exercise advice of any kind"


def test_bad_search_input_names_the_field(settings: Settings) -> None:
    with pytest.raises(InvalidInput, match=r"^q"):
        search_videos("  ", settings)
    with pytest.raises(InvalidInput, match=r"^limit"):
        search_videos("back", settings, limit=0)


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match="cannot read"):
        read_catalog_file(str(tmp_path / "missing.jsonl"))


def test_long_imports_report_their_progress(settings: Settings) -> None:
    seen: list[tuple[str, int, int]] = []
    import_catalog(lines(VIDEO, {**VIDEO, "id": "v2"}), "c.jsonl", settings, lambda *step: seen.append(step))
    assert seen[:2] == [("Tagging videos", 1, 2), ("Tagging videos", 2, 2)]
    assert ("Saving", 2, 2) in seen and seen[-1] == ("Building the search index", 1, 1)

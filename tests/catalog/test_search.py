"""Search behaviour people rely on, over the shipped sample catalogue plus a few crafted videos."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backcoach.catalog.importer import Chapter, VideoRecord, read_catalog
from backcoach.catalog.index import SearchIndex, build_index, open_index
from backcoach.catalog.search import search
from backcoach.catalog.tagger import analyze
from backcoach.services.planning import build_plan
from backcoach.services.videos import SAMPLE_CATALOG, safe_for
from devtools.answers import complete

EXTRA = [
    VideoRecord("floor1", "Lower Back Stretches on the Floor", "Lie on your mat for these stretches.", 420,
                url="https://example.org/floor1"),
    VideoRecord("chair1", "Lower Back Stretches for Seniors in a Chair", "Seated stretches, no floor needed.", 300,
                url="https://example.org/chair1"),
    VideoRecord("neck1", "Neck Pain Stretches", "Stretches for a stiff neck.", 300, url="https://example.org/neck1"),
    VideoRecord("long1", "45 Minute Back Pain Class", "A long class.", 2700, url="https://example.org/long1",
                chapters=(Chapter("Intro", 0), Chapter("Cat cow", 300), Chapter("Bird dog", 1200))),
]


def records() -> list[VideoRecord]:
    text = Path(SAMPLE_CATALOG).read_text(encoding="utf-8")
    return [r for r in read_catalog(text) if isinstance(r, VideoRecord)] + EXTRA


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    rows = [{**r.to_dict(), "analysis": analyze(r)} for r in records()]
    return build_index(rows, "test")


def ids(results: list[dict[str, Any]]) -> list[str]:
    return [r["video_id"] for r in results]


def test_results_follow_the_interface(index: SearchIndex) -> None:
    [first, *_] = search(index, "sciatica stretches", 5)
    assert {"video_id", "title", "url", "score", "start_seconds", "why"} <= set(first)
    assert isinstance(first["score"], float) and first["why"].endswith(".")
    assert first["tags"]["conditions"]


def test_typos_are_forgiven_and_said(index: SearchIndex) -> None:
    [first, *_] = search(index, "siatica down my left leg", 3)
    assert first["video_id"] == "bcSampleExt1"
    assert "\u201csciatica\u201d" in first["why"]


def test_the_back_of_the_knee_is_the_knee(index: SearchIndex) -> None:
    assert ids(search(index, "back of the knee pain", 3))[0] == "bcSampleKnee"
    assert "bcSampleKnee" not in ids(search(index, "lower back pain stretches", 5))


def test_where_you_can_exercise_is_understood(index: SearchIndex) -> None:
    assert ids(search(index, "stretches I can do in bed", 3))[0] == "bcSampleBed1"
    seated = ids(search(index, "lower back for seniors in a chair", 3))
    assert seated[0] == "chair1"
    no_floor = ids(search(index, "back stretches, I can't get down on the floor", 10))
    assert no_floor.index("chair1") < no_floor.index("floor1") if "floor1" in no_floor else "chair1" in no_floor


def test_short_means_short(index: SearchIndex) -> None:
    results = search(index, "5 minute back stretches", 5)
    assert all(r["duration"] <= 600 for r in results[:3])


def test_reviews_only_when_asked(index: SearchIndex) -> None:
    assert "bcSampleGun1" not in ids(search(index, "back pain relief", 10))
    assert ids(search(index, "massage gun review", 3))[0] == "bcSampleGun1"


def test_other_body_parts_stay_out_of_back_searches(index: SearchIndex) -> None:
    assert "neck1" not in ids(search(index, "lower back stretches", 10))
    assert ids(search(index, "neck stretches", 3))[0] == "neck1"


def test_a_chapter_that_fits_best_sets_the_start(index: SearchIndex) -> None:
    [first, *_] = search(index, "cobra stretch", 3)
    assert (first["video_id"], first["start_seconds"]) == ("bcSampleExt1", 150)
    assert first["url"].endswith("&t=150s") and "Prone press up" in first["why"]
    bird = [r for r in search(index, "bird dog exercise", 5) if r["video_id"] == "long1"]
    assert bird and bird[0]["start_seconds"] == 1200 and bird[0]["url"] == "https://example.org/long1?t=1200s"
    whole = [r for r in search(index, "sciatica stretches", 5) if r["video_id"] == "bcSampleExt1"]
    assert whole[0]["start_seconds"] is None  # the whole video is the match


def test_videos_that_contradict_a_plan_are_left_out(index: SearchIndex) -> None:
    stenosis = build_plan(complete({"age": 70, "pain_now": 4, "leg_symptoms": "below_knee", "leg_symptom_side": "both",
                           "known_diagnoses": ["spinal_stenosis"], "better_with": ["sitting", "bending_forward"],
                                    "worse_with": ["standing_long", "walking"]}))
    assert stenosis["profile"]["bias"] == "flexion"
    found = ids(search(index, "back pain stretches", 20, safe_for(stenosis)))
    assert "bcSampleExt1" not in found  # press-ups and back bends
    assert "bcSampleSten" in found


def test_the_same_query_always_gives_the_same_answer(index: SearchIndex) -> None:
    reloaded = open_index(index.path)
    assert reloaded is not None
    once = json.dumps(search(index, "stretches for back pain", 10))
    assert once == json.dumps(search(reloaded, "stretches for back pain", 10))


def test_an_unreadable_index_file_is_ignored(tmp_path: Path) -> None:
    broken = tmp_path / "index.sqlite"
    broken.write_bytes(b"not an index" * 100)
    assert open_index(str(broken)) is None
    assert open_index(str(tmp_path / "missing.sqlite")) is None

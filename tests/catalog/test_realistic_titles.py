"""Titles the way a real physiotherapy channel writes them, every video carrying the same long tag list
(as many channels do): the search must rely on titles, chapters and descriptions, not on the tags."""

from __future__ import annotations

import pytest

from backcoach.catalog.importer import Chapter, VideoRecord
from backcoach.catalog.index import SearchIndex, build_index
from backcoach.catalog.search import search
from backcoach.catalog.tagger import analyze

CHANNEL_TAGS = ("ask doctor jo", "physical therapy", "back pain", "sciatica", "neck pain", "knee pain",
                "stretches", "exercises", "massage gun", "seniors", "q&a")
TITLES = {
    "t01": ("Sciatica Pain Relief Stretches & Exercises - Ask Doctor Jo", 540, ()),
    "t02": ("Lower Back Pain Stretches in Bed - Ask Doctor Jo", 420, ()),
    "t03": ("Back Pain Relief Stretches for Seniors (Seated in a Chair)", 600, ()),
    "t04": ("5 Minute Back Pain Relief Routine", 310, ()),
    "t05": ("Knee Pain Relief Stretches - Ask Doctor Jo", 480, ()),
    "t06": ("Best Massage Gun for Back Pain? Honest Review", 700, ()),
    "t07": ("Neck Pain Relief Stretches - Ask Doctor Jo", 380, ()),
    "t08": ("Herniated Disc Exercises for Back Pain Relief", 500, ()),
    "t09": ("Spinal Stenosis Exercises & Stretches - Ask Doctor Jo", 520, ()),
    "t10": ("30 Minute Back Pain Relief Follow Along", 1800,
            (Chapter("Intro", 0), Chapter("Pelvic Tilts", 60), Chapter("Cobra", 420), Chapter("Bird Dog", 900))),
    "t11": ("Plantar Fasciitis Stretches - Ask Doctor Jo", 400, ()),
    "t12": ("Your Back Pain Questions Answered | Live Q&A", 3000, ()),
    "t13": ("Morning Back Stretches Before Getting Out of Bed", 360, ()),
    "t14": ("Piriformis Syndrome Stretches for Sciatica", 450, ()),
    "t15": ("SI Joint Pain Relief Exercises - Ask Doctor Jo", 430, ()),
}


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    rows = []
    for video_id, (title, seconds, chapters) in TITLES.items():
        record = VideoRecord(video_id, title, "Subscribe for more videos! Links to the products I use are below.",
                             seconds, url=f"https://example.org/{video_id}", tags=CHANNEL_TAGS, chapters=chapters)
        rows.append({**record.to_dict(), "analysis": analyze(record)})
    return build_index(rows, "realistic")


@pytest.mark.parametrize(("query", "best"), [
    ("lower back for seniors in a chair", "t03"),
    ("5 minute routine", "t04"),
    ("my back hurts when I stand up in the morning", "t13"),
    ("slipped disk", "t08"),
    ("stenosis", "t09"),
    ("massage gun review", "t06"),
    ("neck stretches", "t07"),
    ("sacroiliac joint", "t15"),
    ("pain in my butt down my leg", "t14"),
])
def test_the_best_video_comes_first(index: SearchIndex, query: str, best: str) -> None:
    assert search(index, query, 3)[0]["video_id"] == best


def test_the_sciatica_videos_lead_a_misspelt_sciatica_search(index: SearchIndex) -> None:
    assert {r["video_id"] for r in search(index, "siatica down my left leg", 2)} == {"t01", "t14"}


def test_both_bed_videos_come_first_for_bed_stretches(index: SearchIndex) -> None:
    assert {r["video_id"] for r in search(index, "stretch I can do in bed", 2)} == {"t02", "t13"}


def test_channel_names_and_tags_do_not_turn_videos_into_q_and_a_or_reviews(index: SearchIndex) -> None:
    found = [r["video_id"] for r in search(index, "back pain stretches", 10)]
    assert "t12" not in found and "t06" not in found
    assert {"t05", "t07", "t11"}.isdisjoint(found[:5])


def test_a_chapter_of_a_long_follow_along(index: SearchIndex) -> None:
    cobra = next(r for r in search(index, "cobra stretch", 5) if r["video_id"] == "t10")
    assert cobra["start_seconds"] == 420

"""The search index file: full builds, updates for some videos only, damaged files, bounded lexical search."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from backcoach.catalog import index_build, lexical
from backcoach.catalog.importer import VideoRecord
from backcoach.catalog.index import SearchIndex, build_index, open_index
from backcoach.catalog.index_build import open_for_writing, read_meta, write
from backcoach.catalog.search import search
from backcoach.catalog.tagger import analyze

WORDS = ["sciatica", "stretch", "bed", "chair", "neck", "knee", "pain", "back", "gentle", "morning", "routine",
         "seniors", "disc", "bridge", "cobra", "hip", "shoulder", "yoga", "walking", "core"]


def video(video_id: str, title: str, description: str = "", tags: tuple[str, ...] = ()) -> dict[str, Any]:
    record = VideoRecord(video_id, title, description, 300, url=f"https://example.org/{video_id}", tags=tags)
    return {**record.to_dict(), "analysis": analyze(record)}


def catalogue(count: int, seed: int = 3) -> list[dict[str, Any]]:
    randomness = random.Random(seed)
    return [video(f"v{n:05d}", " ".join(randomness.choices(WORDS, k=4)), " ".join(randomness.choices(WORDS, k=12)),
                  tuple(randomness.choices(WORDS, k=2))) for n in range(count)]


def postings(index: SearchIndex) -> dict[str, dict[str, float]]:
    """term -> video id -> weight, whatever the doc numbers."""
    with index.reading():
        names = {doc: index.facts[doc].video_id for doc in index.docs()}
        found = {}
        for (term,) in index.db.execute("SELECT term FROM terms"):
            [posting] = index.postings({term: 1.0})
            found[term] = {names[d]: round(w, 9) for d, w in zip(posting.docs, posting.weights, strict=True)}
        return found


def update(path: str, videos: list[dict[str, Any]]) -> None:
    connection = open_for_writing(path)
    try:
        write(connection, videos, {"generation": "update"}, full=False)
    finally:
        connection.close()


def test_an_update_indexes_the_same_videos_as_a_full_build(tmp_path: Path) -> None:
    videos = catalogue(60)
    index = build_index(videos, "first", str(tmp_path / "index.sqlite"))
    changed = [{**videos[3], "title": "Neck Pain Relief"}, video("new1", "Sciatica Stretches in Bed")]
    update(index.path, changed)
    everything = [*videos[:3], changed[0], *videos[4:], changed[1]]
    rebuilt = postings(build_index(everything, "again", str(tmp_path / "again.sqlite")))
    updated = postings(index)
    assert "new1" in updated["sciatica"] and "v00003" in updated["relief"]
    assert set(updated) == set(rebuilt)
    for term, docs in rebuilt.items():  # the same videos for every term: the changed title's old words are gone
        assert set(docs) == set(updated[term]), term
    with index.reading():
        assert len(index) == 61 and index.generation == "update"


def test_an_unchanged_video_is_not_written_again(tmp_path: Path) -> None:
    videos = catalogue(10)
    index = build_index(videos, "first", str(tmp_path / "index.sqlite"))
    connection = open_for_writing(index.path)
    try:
        assert write(connection, videos, {"generation": "same"}, full=False) == 0
        assert write(connection, [{**videos[0], "title": "Cobra"}], {"generation": "one"}, full=False) == 1
        assert read_meta(connection)["count"] == 10
    finally:
        connection.close()


def test_a_reader_keeps_its_snapshot_while_an_update_commits(tmp_path: Path) -> None:
    index = build_index(catalogue(20), "first", str(tmp_path / "index.sqlite"))
    with index.reading():
        before = len(index)
        update(index.path, [video("late", "Sciatica Stretches in Bed")])
        assert len(index) == before and index.generation == "first"  # never half an import
        assert "late" not in {r["video_id"] for r in search(index, "sciatica stretches in bed", 30)}
    with index.reading():
        assert len(index) == before + 1
        assert "late" in {r["video_id"] for r in search(index, "sciatica stretches in bed", 30)}


def test_a_damaged_or_old_index_file_is_not_used(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    assert open_index(str(broken)) is None
    index = build_index(catalogue(5), "first", str(tmp_path / "old.sqlite"))
    with index.reading():
        pass
    index.close()
    connection = open_for_writing(index.path)
    connection.execute("UPDATE meta SET value = '6' WHERE key = 'format_version'")
    connection.close()
    assert open_index(index.path) is None


def test_the_bounded_search_finds_what_reading_everything_finds(tmp_path: Path, monkeypatch: Any) -> None:
    """Below BOUNDED_FROM videos the best videos and their scores are exactly those of reading every posting;
    above it, only each long posting's champions are read, and the best video and every score given are still
    right."""
    videos = catalogue(400, seed=5)
    index = build_index(videos, "first", str(tmp_path / "index.sqlite"))
    query = {"sciatica": 1.0, "bed": 1.0, "pain": 0.3, "back": 1.0, "stretch": 0.3, "gentle": 0.3}
    with index.reading():
        everything = index.lexical(query)
        for limit in (1, 5, 50):
            found = index.best_lexical(query, limit)
            best = sorted(everything.values(), reverse=True)[:limit]
            assert sorted(found.scores.values(), reverse=True)[:limit] == pytest.approx(best, abs=1e-9)
            assert all(abs(found.score(doc) - score) < 1e-9 for doc, score in everything.items())
    monkeypatch.setattr(index_build, "CHAMPIONS", 60)
    monkeypatch.setattr(lexical, "BOUNDED_FROM", 100)
    bounded_index = build_index(videos, "bounded", str(tmp_path / "bounded.sqlite"))
    with bounded_index.reading():
        assert any(p.champions is not None for p in bounded_index.postings(query))
        bounded = bounded_index.best_lexical(query, 5)
        assert bounded.top == pytest.approx(max(everything.values()), abs=1e-9)
        assert all(bounded.score(doc) == pytest.approx(score, abs=1e-9) for doc, score in everything.items())

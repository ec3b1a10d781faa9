"""Lexical relevance is BM25F: each field's occurrences are weighted and length-normalised, then added before
saturating once, and a word's rarity is counted over whole videos (not per field)."""

from __future__ import annotations

from backcoach.catalog.importer import VideoRecord
from backcoach.catalog.index import SearchIndex, build_index
from backcoach.catalog.tagger import analyze
from backcoach.catalog.text import stem

FILLER = "Thanks for watching, see you next time."


def index_of(*records: VideoRecord) -> SearchIndex:
    return build_index([{**r.to_dict(), "analysis": analyze(r)} for r in records], "bm25f")


def score(index: SearchIndex, word: str) -> dict[str, float]:
    found = index.lexical({stem(word): 1.0})
    return {index.facts[doc].video_id: value for doc, value in found.items()}


def test_a_word_common_in_descriptions_is_common_even_where_titles_rarely_use_it() -> None:
    """"after" is in every description but one title; "cycling" is in one video only. Per-field rarity made
    "after" in a title weigh like a rare word; over whole videos, the rare word leads."""
    others = [VideoRecord(f"v{n}", f"Video {n}", f"Do this after work. {FILLER}", 300) for n in range(20)]
    index = index_of(VideoRecord("common", "Stretches After Work", f"Gentle moves after sitting. {FILLER}", 300),
                     VideoRecord("rare", "Numbness From Cycling", f"Saddle tips after a long ride. {FILLER}", 300),
                     *others)
    assert score(index, "cycling")["rare"] > 2 * score(index, "after")["common"]


def test_a_word_repeated_in_every_field_saturates_once() -> None:
    """Title, tags, chapters and description all saying "bridge" is better than the title alone, but not four
    saturated matches' worth (a sum of per-field scores gave 1.8 times the title's alone)."""
    once = VideoRecord("once", "Bridge", FILLER, 300)
    everywhere = VideoRecord("everywhere", "Bridge", f"Bridge bridge. {FILLER}", 300, tags=("bridge",))
    others = [VideoRecord(f"v{n}", f"Video {n}", FILLER, 300) for n in range(20)]
    found = score(index_of(once, everywhere, *others), "bridge")
    assert found["once"] < found["everywhere"] < 1.4 * found["once"]

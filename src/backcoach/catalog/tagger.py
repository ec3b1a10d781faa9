"""Understanding a video: its concepts (exercise, body part, condition, position, audience, kind, length)
from its title, tags, chapters and description, weighted by where they were found. Chapters get their own."""

from __future__ import annotations

from collections import Counter
from typing import Any

from backcoach.catalog.importer import Chapter, VideoRecord
from backcoach.catalog.vocabulary import Vocabulary, vocabulary

FIELD_WEIGHTS = {"title": 3.0, "tags": 2.0, "chapters": 1.5, "description": 1.0}
# a passing mention in a description does not make a video a review or a Q&A
TITLE_ONLY_KINDS = frozenset({"product_review", "qa", "education"})
SHORT_SECONDS = 600
MEDIUM_SECONDS = 1200
LOW_BACK_CONDITIONS = frozenset({"sciatica", "disc", "stenosis", "si_joint", "spondylolisthesis"})


def length_of(seconds: int | None) -> str | None:
    if seconds is None:
        return None
    return "short" if seconds <= SHORT_SECONDS else "medium" if seconds <= MEDIUM_SECONDS else "long"


def analyze(record: VideoRecord) -> dict[str, Any]:
    """The video's tags and each chapter's, as stored and shown (so people can see why a video matched)."""
    words = vocabulary()
    found = {
        "title": words.match(record.title),
        "tags": words.match(" . ".join(record.tags)),
        "chapters": words.match(" . ".join(c.title for c in record.chapters)),
        "description": words.match(record.description),
    }
    weights: dict[str, float] = {}
    for name, counts in found.items():
        for concept, count in counts.items():
            if name == "description" and words.facet_of(concept) == "kind" and concept in TITLE_ONLY_KINDS:
                continue
            weights[concept] = weights.get(concept, 0.0) + FIELD_WEIGHTS[name] * min(count, 3)
    headline = found["title"] + found["tags"]
    facets = _facets(words, weights, headline)
    return {
        "concepts": {c: round(w, 2) for c, w in sorted(weights.items())},
        **facets,
        "length": length_of(record.duration),
        "chapters": [_chapter(words, chapter, record, facets) for chapter in _with_ends(record)],
    }


def _facets(words: Vocabulary, weights: dict[str, float], headline: Counter[str]) -> dict[str, Any]:
    exercises = words.by_facet(weights, "exercise")
    body = words.by_facet(headline, "body_part") or [c for c in words.by_facet(weights, "body_part")
                                                     if weights[c] >= FIELD_WEIGHTS["tags"]]
    conditions = words.by_facet(weights, "condition")
    if not body and (set(conditions) & LOW_BACK_CONDITIONS or exercises):
        body = ["low_back"]
    possible = {p for e in exercises for p in words.concepts[e].places}
    said = set(words.by_facet(weights, "position"))
    return {
        "exercises": exercises,
        "body_parts": body,
        "conditions": conditions,
        "positions": sorted(said or possible),  # where the video says it is done, else where its exercises can be
        "positions_said": bool(said),
        "audience": words.by_facet(weights, "audience"),
        "kinds": words.by_facet(weights, "kind"),
        "directions": sorted({d for e in exercises if (d := words.concepts[e].direction)}),
    }


def _with_ends(record: VideoRecord) -> list[Chapter]:
    chapters = sorted(record.chapters, key=lambda c: c.start_seconds)
    ended = []
    for index, chapter in enumerate(chapters):
        end = chapter.end_seconds
        if end is None:
            end = chapters[index + 1].start_seconds if index + 1 < len(chapters) else record.duration
        ended.append(Chapter(chapter.title, chapter.start_seconds, end))
    return ended


def _chapter(words: Vocabulary, chapter: Chapter, record: VideoRecord, video: dict[str, Any]) -> dict[str, Any]:
    counts = words.match(chapter.title)
    exercises = words.by_facet(counts, "exercise")
    places = set(words.by_facet(counts, "position")) or {p for e in exercises for p in words.concepts[e].places}
    seconds = None if chapter.end_seconds is None else max(0, chapter.end_seconds - chapter.start_seconds)
    return {
        "title": chapter.title,
        "start_seconds": chapter.start_seconds,
        "end_seconds": chapter.end_seconds,
        "concepts": dict(sorted(counts.items())),
        "exercises": exercises,
        "body_parts": words.by_facet(counts, "body_part") or video["body_parts"],
        "conditions": sorted(set(words.by_facet(counts, "condition")) | set(video["conditions"])),
        "positions": sorted(places) or video["positions"],
        "kinds": words.by_facet(counts, "kind"),
        "directions": sorted({d for e in exercises if (d := words.concepts[e].direction)}),
        "length": length_of(seconds),
        "video_id": record.video_id,
    }

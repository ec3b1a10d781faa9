"""Understanding a video: its concepts (exercise, body part, condition, position, audience, kind, length)
from its title, tags, chapters and description, weighted by where they were found. Chapters get their own."""

from __future__ import annotations

import json
import zlib
from collections import Counter
from functools import cache
from typing import Any

from backcoach.catalog.importer import Chapter, VideoRecord
from backcoach.catalog.text import words as text_words
from backcoach.catalog.vocabulary import Vocabulary, vocabulary

# Tags weigh like the description: many channels put the same long tag list on every video.
FIELD_WEIGHTS = {"title": 3.0, "tags": 1.0, "chapters": 1.5, "description": 1.0}
# only the title makes a video a review or a Q&A (not a passing mention, nor a channel-wide tag)
TITLE_ONLY_KINDS = frozenset({"product_review", "qa", "education", "red_flags", "avoid"})
TOPIC_WEIGHT = 2.0  # a topic named in the title, or mentioned more than once elsewhere
SHORT_SECONDS = 600
MEDIUM_SECONDS = 1200
LOW_BACK_CONDITIONS = frozenset({"sciatica", "disc", "stenosis", "si_joint", "spondylolisthesis", "quadratus_lumborum"})


TAGGER_FORMAT = 2  # raise when the tagging rules change (2: title concepts): stored videos are tagged again


@cache
def tagger_version() -> str:
    """The tagging rules' version and a checksum of the vocabulary they use (changed data: tagged again)."""
    from backcoach.knowledge.loader import load_vocabulary

    concepts = sorted((c.id, c.facet, c.phrases, sorted(c.places), c.direction, c.region, c.exact)
                      for c in vocabulary().concepts.values())
    data = json.dumps([concepts, load_vocabulary()], sort_keys=True, default=str)
    return f"{TAGGER_FORMAT}-{zlib.crc32(data.encode()):08x}"


def length_of(seconds: int | None) -> str | None:
    if seconds is None:
        return None
    return "short" if seconds <= SHORT_SECONDS else "medium" if seconds <= MEDIUM_SECONDS else "long"


def analyze(record: VideoRecord) -> dict[str, Any]:
    """The video's tags and each chapter's, as stored and shown (so people can see why a video matched)."""
    words = vocabulary()
    found = {
        "title": words.match(record.title) + _asked(words, record.title),
        "tags": words.match(" . ".join(record.tags)),
        "chapters": words.match(" . ".join(c.title for c in record.chapters)),
        "description": words.match(record.description),
    }
    weights: dict[str, float] = {}
    for name, counts in found.items():
        for concept, count in counts.items():
            if name != "title" and concept in TITLE_ONLY_KINDS:
                continue
            weights[concept] = weights.get(concept, 0.0) + FIELD_WEIGHTS[name] * min(count, 3)
    facets = _facets(words, weights, found["title"], found["tags"] + found["chapters"])
    return {
        "concepts": {c: round(w, 2) for c, w in sorted(weights.items())},
        **facets,
        "length": length_of(record.duration),
        "title_concepts": sorted(found["title"]),  # what the video as a whole is about
        "chapters": [_chapter(words, chapter, record, facets) for chapter in _with_ends(record)],
    }


def _asked(words: Vocabulary, title: str) -> Counter[str]:
    """A title that asks a question ("Is Swimming Good for Back Pain?", "Heat or Ice?") promises an answer."""
    if "?" not in title:
        return Counter()
    question = text_words(title.split("?", maxsplit=1)[0])
    asked = Counter(words.opening(question))
    if "or" in question and not asked:
        asked["education"] += 1  # "Heat or Ice?": a comparison explained
    return asked


def _facets(words: Vocabulary, weights: dict[str, float], title: Counter[str], labels: Counter[str]
            ) -> dict[str, Any]:
    exercises = words.by_facet(weights, "exercise")
    conditions = words.by_facet(weights, "condition")
    body = _body_parts(words, weights, title, labels)
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
        "topics": [t for t in words.by_facet(weights, "topic") if weights[t] >= TOPIC_WEIGHT],
        "directions": sorted({d for e in exercises if (d := words.concepts[e].direction)}),
    }


def _body_parts(words: Vocabulary, weights: dict[str, float], title: Counter[str], labels: Counter[str]
                ) -> list[str]:
    """What the title names (a back condition or back exercise in the title names the low back), else what
    the chapters and tags name when they agree on one or two parts, else what the description keeps
    coming back to. Channel-wide tag lists name every body part, so they are trusted last."""
    named = set(words.by_facet(title, "body_part"))
    if set(words.by_facet(title, "condition")) & LOW_BACK_CONDITIONS or _back_exercises(words, title):
        named.add("low_back")
    if named:
        return sorted(named)
    labelled = words.by_facet(labels, "body_part")
    if labelled and len(labelled) <= 2:
        return labelled
    if _back_exercises(words, labels):
        return ["low_back"]
    return [c for c in words.by_facet(weights, "body_part") if weights[c] >= 2]


def _back_exercises(words: Vocabulary, found: Counter[str]) -> bool:
    return any(words.concepts[e].region == "low_back" for e in words.by_facet(found, "exercise"))


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

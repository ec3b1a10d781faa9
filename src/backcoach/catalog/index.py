"""The search index: weighted-field BM25 postings and concept postings over videos, kept in one file.

Built from the catalogue after each import and written atomically; `videos search` reads only this
file (no database, no heavy imports), which keeps a search within a few hundred milliseconds.
"""

from __future__ import annotations

import math
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from backcoach.catalog.text import terms, words

FORMAT_VERSION = 3
FIELDS = {"title": 3.0, "tags": 1.5, "chapters": 1.5, "description": 1.0}
K1 = 1.2
B = 0.75


@dataclass
class FieldPostings:
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    lengths: list[int] = field(default_factory=list)

    @property
    def average(self) -> float:
        return (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0

    def add(self, doc: int, tokens: list[str]) -> None:
        self.lengths.append(len(tokens))
        for term, count in Counter(tokens).items():
            self.postings.setdefault(term, []).append((doc, count))


@dataclass
class SearchIndex:
    generation: str
    videos: list[dict[str, Any]]  # video_id, title, url, duration, view_count, tags (analysis), chapters
    fields: dict[str, FieldPostings]
    chapter_fields: FieldPostings
    chapter_owner: list[tuple[int, int]]  # chapter doc -> (video, chapter index)
    concept_postings: dict[str, list[int]]
    surface_words: set[str]
    format_version: int = FORMAT_VERSION

    def __len__(self) -> int:
        return len(self.videos)

    def bm25(self, query: Mapping[str, float], postings: FieldPostings, weight: float, scores: dict[int, float],
             total: int) -> None:
        """Add weight x BM25 of the weighted query terms over one field into scores."""
        average = postings.average or 1.0
        for term, term_weight in query.items():
            hits = postings.postings.get(term)
            if not hits:
                continue
            idf = math.log(1 + (total - len(hits) + 0.5) / (len(hits) + 0.5))
            for doc, tf in hits:
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * postings.lengths[doc] / average))
                scores[doc] = scores.get(doc, 0.0) + weight * term_weight * idf * norm

    def lexical(self, query: Mapping[str, float]) -> dict[int, float]:
        scores: dict[int, float] = {}
        for name, weight in FIELDS.items():
            self.bm25(query, self.fields[name], weight, scores, len(self.videos))
        return scores

    def chapter_lexical(self, query: Mapping[str, float]) -> dict[int, float]:
        scores: dict[int, float] = {}
        self.bm25(query, self.chapter_fields, 1.0, scores, max(1, len(self.chapter_owner)))
        return scores


def build_index(videos: Iterable[Mapping[str, Any]], generation: str) -> SearchIndex:
    """videos: stored rows as dicts (video_id, title, description, tags, chapters, duration, url, view_count,
    analysis)."""
    fields = {name: FieldPostings() for name in FIELDS}
    chapter_fields = FieldPostings()
    chapter_owner: list[tuple[int, int]] = []
    concept_postings: dict[str, list[int]] = {}
    surface: set[str] = set()
    kept: list[dict[str, Any]] = []
    for doc, video in enumerate(videos):
        analysis = video["analysis"]
        texts = {"title": video["title"], "tags": " . ".join(video["tags"]),
                 "chapters": " . ".join(c["title"] for c in video["chapters"]), "description": video["description"]}
        for name, text in texts.items():
            fields[name].add(doc, terms(text))
            surface.update(words(text))
        for index, chapter in enumerate(analysis["chapters"]):
            chapter_fields.add(len(chapter_owner), terms(chapter["title"]))
            chapter_owner.append((doc, index))
        for concept in analysis["concepts"]:
            concept_postings.setdefault(concept, []).append(doc)
        kept.append({key: video[key] for key in ("video_id", "title", "url", "duration", "view_count")}
                    | {"analysis": analysis})
    return SearchIndex(generation, kept, fields, chapter_fields, chapter_owner, concept_postings, surface)


def save_index(index: SearchIndex, path: str) -> None:
    """Write atomically: a reader sees the old index or the new one, never half of one."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".catalog-index-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(index, stream, protocol=pickle.HIGHEST_PROTOCOL)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def load_index(path: str) -> SearchIndex | None:
    """The saved index, or None when there is none (or it was written by another version)."""
    try:
        with open(path, "rb") as stream:
            index = pickle.load(stream)
    except (FileNotFoundError, EOFError, pickle.UnpicklingError, AttributeError, ModuleNotFoundError):
        return None
    if not isinstance(index, SearchIndex) or index.format_version != FORMAT_VERSION:
        return None
    return index

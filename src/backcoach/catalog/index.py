"""The search index, kept in one file and built for a fast start: `videos search` reads only this file.

- postings: term -> (documents, weights), the weighted-field BM25 contribution of the term to each video
  precomputed at build time (title, tags, chapters and description, each with its own weight);
- facts: per video the few tags the ranker needs, as a small tuple (identical sets shared);
- display: per video its title, link, chapters and full tags as JSON text, decoded only for results.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from backcoach.catalog.text import terms, words

FORMAT_VERSION = 7
FIELDS = {"title": 3.0, "tags": 1.5, "chapters": 1.5, "description": 1.0}
K1 = 1.2
B = 0.75


class Facts(NamedTuple):
    """What the ranker and the safety filter need to know about a video."""

    video_id: str
    duration: int | None
    views: int
    body_parts: frozenset[str]
    conditions: frozenset[str]
    exercises: frozenset[str]
    positions: frozenset[str]
    positions_said: bool
    audience: frozenset[str]
    kinds: frozenset[str]
    directions: frozenset[str]
    condition_weights: tuple[tuple[str, float], ...]
    has_chapters: bool
    topics: frozenset[str] = frozenset()
    chapter_concepts: tuple[frozenset[str], ...] = ()  # what each chapter's title names

    def weight(self, concept: str) -> float:
        return next((w for c, w in self.condition_weights if c == concept), 0.0)


@dataclass
class SearchIndex:
    generation: str
    facts: list[Facts]
    display: list[str]
    postings: dict[str, tuple[array[int], array[float]]]
    concept_postings: dict[str, array[int]]
    surface_words: frozenset[str]
    format_version: int = FORMAT_VERSION

    def __len__(self) -> int:
        return len(self.facts)

    def lexical(self, query: Mapping[str, float]) -> dict[int, float]:
        """Weighted-field BM25 of the weighted query terms, per matching video."""
        scores: dict[int, float] = {}
        for term, term_weight in query.items():
            found = self.postings.get(term)
            if found is None:
                continue
            get = scores.get
            for doc, weight in zip(*found, strict=True):
                scores[doc] = get(doc, 0.0) + term_weight * weight
        return scores

    def video(self, doc: int) -> dict[str, Any]:
        """Title, url, duration, view_count and the full tags (with chapters) of one video."""
        return _decode(self.display[doc])


@lru_cache(maxsize=4096)
def _decode(text: str) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(text)
    return decoded


def build_index(videos: Iterable[Mapping[str, Any]], generation: str) -> SearchIndex:
    """videos: stored rows as dicts (video_id, title, description, tags, chapters, duration, url, view_count,
    analysis)."""
    field_terms: dict[str, list[Counter[str]]] = {name: [] for name in FIELDS}
    facts: list[Facts] = []
    display: list[str] = []
    concept_postings: dict[str, array[int]] = {}
    surface: set[str] = set()
    shared: dict[frozenset[str], frozenset[str]] = {}
    for doc, video in enumerate(videos):
        texts = {"title": video["title"], "tags": " . ".join(video["tags"]),
                 "chapters": " . ".join(c["title"] for c in video["chapters"]), "description": video["description"]}
        for name, text in texts.items():
            field_terms[name].append(Counter(terms(text)))
            surface.update(words(text))
        analysis = video["analysis"]
        for concept in analysis["concepts"]:
            concept_postings.setdefault(concept, array("i")).append(doc)
        facts.append(_facts(video, analysis, shared))
        display.append(json.dumps({key: video[key] for key in ("video_id", "title", "url", "duration", "view_count")}
                                  | {"analysis": analysis}, separators=(",", ":")))
    return SearchIndex(generation, facts, display, _postings(field_terms, len(facts)), concept_postings,
                       frozenset(surface))


def _facts(video: Mapping[str, Any], analysis: Mapping[str, Any],
           shared: dict[frozenset[str], frozenset[str]]) -> Facts:
    def group(name: str) -> frozenset[str]:
        return _shared(frozenset(analysis.get(name, ())), shared)

    weights = tuple((c, float(w)) for c, w in analysis["concepts"].items() if c in analysis["conditions"])
    return Facts(video["video_id"], video["duration"], int(video.get("view_count") or 0), group("body_parts"),
                 group("conditions"), group("exercises"), group("positions"), bool(analysis.get("positions_said")),
                 group("audience"), group("kinds"), group("directions"), weights, bool(analysis["chapters"]),
                 group("topics"), tuple(_shared(frozenset(c["concepts"]), shared) for c in analysis["chapters"]
                                        if c["concepts"]))


def _shared(values: frozenset[str], shared: dict[frozenset[str], frozenset[str]]) -> frozenset[str]:
    return shared.setdefault(values, values)


def _postings(field_terms: Mapping[str, list[Counter[str]]], total: int) -> dict[str, tuple[array[int], array[float]]]:
    """BM25F: a term's occurrences in each field, weighted and length-normalised per field, are added before
    saturating once, and its rarity (idf) is counted over whole videos: a common word that happens to be rare
    in titles does not weigh like a rare one, and a word repeated in every field is not counted four times."""
    averages = {}
    for name, documents in field_terms.items():
        lengths = [sum(counts.values()) for counts in documents]
        averages[name] = (sum(lengths) / len(lengths)) if lengths and sum(lengths) else 1.0
    pseudo: dict[str, dict[int, float]] = {}
    for name, weight in FIELDS.items():
        for doc, counts in enumerate(field_terms[name]):
            norm = 1 - B + B * sum(counts.values()) / averages[name]
            for term, tf in counts.items():
                found = pseudo.setdefault(term, {})
                found[doc] = found.get(doc, 0.0) + weight * tf / norm
    postings = {}
    for term, docs in pseudo.items():
        idf = math.log(1 + (total - len(docs) + 0.5) / (len(docs) + 0.5))
        postings[term] = (array("i", docs), array("d", (idf * tf * (K1 + 1) / (tf + K1) for tf in docs.values())))
    return postings


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
    except (FileNotFoundError, EOFError, pickle.UnpicklingError, AttributeError, ModuleNotFoundError, TypeError):
        return None
    if not isinstance(index, SearchIndex) or index.format_version != FORMAT_VERSION:
        return None
    return index

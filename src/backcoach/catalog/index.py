"""The search index: a SQLite file in the data folder (WAL mode), opened, never loaded whole.

- terms: per stemmed term the videos using it (a packed array of doc ids) and the weighted-field BM25
  contribution of the term to each (title, tags, chapters and description, each with its own weight), computed
  with the catalogue's statistics of the last full build (see index_build.py); for a term used by many videos,
  also its best ones (lexical.CHAMPIONS), which is all a search of a large catalogue reads of it;
- docs: per video the few tags the ranker needs (Facts, packed) and its display JSON;
- concepts: per concept its videos by tag weight, so a query reads only the best few of a common concept;
- words: the catalogue's surface words, for spelling correction;
- meta: the format and tagger versions, the generation (changes with every import), the statistics.

A reader sees one import or the next, never half of one (each search reads in one transaction).
"""

from __future__ import annotations

import json
import marshal
import sqlite3
import threading
from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, NamedTuple

from backcoach.catalog.lexical import Posting, TopScores, best

FORMAT_VERSION = 10  # 9: BM25F weights (one idf over whole videos); 10: title concepts
FIELDS = {"title": 3.0, "tags": 1.5, "chapters": 1.5, "description": 1.0}
K1 = 1.2
B = 0.75
COUNTS_KEPT = 1000
CONCEPT_DEPTH = 300  # a query takes the best videos of a concept (by tag weight, then views), not all 11,000


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
    title_concepts: frozenset[str] = frozenset()  # what the video's title names

    def weight(self, concept: str) -> float:
        return next((w for c, w in self.condition_weights if c == concept), 0.0)


def pack_facts(facts: Facts) -> bytes:
    return marshal.dumps(tuple(facts))


def unpack_facts(blob: bytes) -> Facts:
    return Facts._make(marshal.loads(blob))


def connect(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


class SearchIndex:
    """Reads the index file; each thread has its own connection, each search its own snapshot (`reading`)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self.facts = FactsView(self)
        self.concept_postings = ConceptPostings(self)
        self.surface_words = SurfaceWords(self)

    @property
    def db(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            self._local.connection = connection
        return connection

    @contextmanager
    def reading(self) -> Iterator[SearchIndex]:
        """One consistent snapshot for everything read inside (an import committing meanwhile is not seen)."""
        db = self.db
        if db.in_transaction:  # nested: the outer snapshot holds
            yield self
            return
        db.execute("BEGIN")
        try:
            yield self
        finally:
            db.execute("COMMIT")

    def meta(self) -> dict[str, Any]:
        return {key: json.loads(value) for key, value in self.db.execute("SELECT key, value FROM meta")}

    @property
    def generation(self) -> str:
        return str(self._meta_value("generation"))

    def __len__(self) -> int:
        return int(self._meta_value("count"))

    def _meta_value(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def postings(self, query: Mapping[str, float]) -> list[Posting]:
        """The weighted postings of the query's terms (terms no video uses are left out), with their champions."""
        if not query:
            return []
        marks = ",".join("?" * len(query))
        found = []
        for term, top, docs, weights, best_docs, best_weights in self.db.execute(
                f"SELECT term, top, docs, weights, best_docs, best_weights FROM terms WHERE term IN ({marks})",
                list(query)):
            scale = query[term]
            champions = None if not best_docs else Posting(term, scale, top, _array("i", best_docs),
                                                           _array("d", best_weights))
            found.append(Posting(term, scale, top, _array("i", docs), _array("d", weights), champions))
        return found

    def lexical(self, query: Mapping[str, float]) -> dict[int, float]:
        """Weighted-field BM25 of the weighted query terms, for every matching video (all postings read)."""
        scores: dict[int, float] = {}
        for posting in self.postings(query):
            get = scores.get
            for doc, weight in zip(posting.docs, posting.weights, strict=True):
                scores[doc] = get(doc, 0.0) + posting.scale * weight
        return scores

    def best_lexical(self, query: Mapping[str, float], count: int) -> TopScores:
        """The `count` best-matching videos with their exact scores (bounded work at scale: see lexical.best)."""
        return best(self.postings(query), count, len(self))

    def facts_of(self, docs: Iterable[int]) -> dict[int, Facts]:
        wanted = list(docs)
        found: dict[int, Facts] = {}
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            marks = ",".join("?" * len(chunk))
            for doc, blob in self.db.execute(f"SELECT doc, facts FROM docs WHERE doc IN ({marks})", chunk):
                found[doc] = unpack_facts(blob)
        return found

    def video(self, doc: int) -> dict[str, Any]:
        """Title, url, duration, view_count and the full tags (with chapters) of one video."""
        row = self.db.execute("SELECT display FROM docs WHERE doc = ?", (doc,)).fetchone()
        if row is None:
            raise KeyError(doc)
        return _decode(row[0])

    def docs(self) -> list[int]:
        return [doc for (doc,) in self.db.execute("SELECT doc FROM docs ORDER BY doc")]

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


def _array(kind: str, blob: bytes) -> array[Any]:
    values = array(kind)
    values.frombytes(blob)
    return values


@lru_cache(maxsize=4096)
def _decode(text: str) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(text)
    return decoded


class FactsView:
    """index.facts[doc]: one video's facts, read on demand."""

    def __init__(self, index: SearchIndex) -> None:
        self._index = index

    def __getitem__(self, doc: int) -> Facts:
        found = self._index.facts_of([doc])
        if doc not in found:
            raise IndexError(doc)
        return found[doc]

    def __len__(self) -> int:
        return len(self._index)


class ConceptPostings:
    """index.concept_postings.get(concept, ()): the best CONCEPT_DEPTH videos tagged with it (tag weight, views)."""

    def __init__(self, index: SearchIndex) -> None:
        self._index = index
        self._counts: dict[tuple[str, str], int] = {}

    def get(self, concept: str, default: Iterable[int] = (), depth: int | None = None) -> list[int]:
        rows = self._index.db.execute("SELECT doc FROM concepts WHERE concept = ? ORDER BY weight DESC, views DESC, "
                                      "doc LIMIT ?", (concept, depth or CONCEPT_DEPTH)).fetchall()
        return [doc for (doc,) in rows] if rows else list(default)

    def count(self, concept: str) -> int:
        """How many videos are tagged with the concept (counted once per index generation and concept)."""
        key = (self._index.generation, concept)
        if key not in self._counts:
            if len(self._counts) > COUNTS_KEPT:
                self._counts.clear()
            self._counts[key] = int(self._index.db.execute("SELECT count(*) FROM concepts WHERE concept = ?",
                                                           (concept,)).fetchone()[0])
        return self._counts[key]


class SurfaceWords(Collection[str]):
    """The words the catalogue's videos use, looked up one at a time; `near(word)` gives the candidates a typo
    may stand for (same first letter, a length within what a close match allows)."""

    def __init__(self, index: SearchIndex) -> None:
        self._index = index

    def __contains__(self, word: object) -> bool:
        return self._index.db.execute("SELECT 1 FROM words WHERE word = ?", (word,)).fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        return (word for (word,) in self._index.db.execute("SELECT word FROM words ORDER BY word"))

    def __len__(self) -> int:
        return int(self._index.db.execute("SELECT count(*) FROM words").fetchone()[0])

    def near(self, word: str) -> list[str]:
        if not word:
            return []
        low, high = len(word) * 0.7, len(word) * 1.45  # fuzz.ratio >= 80 needs lengths this close
        return [found for (found,) in self._index.db.execute(
            "SELECT word FROM words WHERE word >= ? AND word < ? AND length(word) BETWEEN ? AND ? ORDER BY word",
            (word[0], chr(ord(word[0]) + 1), low, high))]


def build_index(videos: Iterable[Mapping[str, Any]], generation: str, path: str = ":memory:") -> SearchIndex:
    """A whole index of these videos (tests, benchmarks), in a new file (`path`, or a temporary one)."""
    from backcoach.catalog.index_build import build_index as build

    built: SearchIndex = build(videos, generation, path)
    return built


def open_index(path: str) -> SearchIndex | None:
    """The index at `path`, or None when there is none, it is damaged or written by another version."""
    import os

    if not os.path.exists(path):
        return None
    index = SearchIndex(path)
    try:
        usable = index.meta().get("format_version") == FORMAT_VERSION
    except (sqlite3.DatabaseError, ValueError):
        usable = False
    if not usable:
        index.close()
        return None
    return index

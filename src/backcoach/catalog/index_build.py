"""Writing the search index (see index.py): a full build, or an update for the videos of one import only.

Term weights are BM25 per field (title, tags, chapters, description) summed with the field weights, computed
with the statistics (videos, field lengths, document frequencies) of the last full build: an update weighs its
videos with those same statistics, so every video is weighed alike; a full build (first import, `videos reindex`,
or when the catalogue has grown or shrunk by a third since) brings them up to date. Each write is one
transaction: readers see the index before it or after it.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import os
import sqlite3
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; a pending mark always means a crash
    fcntl = None  # type: ignore[assignment]

from backcoach.catalog.index import FIELDS, FORMAT_VERSION, K1, B, Facts, connect, pack_facts
from backcoach.catalog.lexical import CHAMPIONS
from backcoach.catalog.text import STOPWORDS, stem, words

FLUSH = 2000  # videos written at a time
REWEIGH_DRIFT = 1 / 3  # a full build when the catalogue's size moved this much since the last one
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (doc INTEGER PRIMARY KEY, video_id TEXT NOT NULL UNIQUE, hash TEXT NOT NULL,
    facts BLOB NOT NULL, display TEXT NOT NULL, terms TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS terms (term TEXT PRIMARY KEY, df TEXT NOT NULL, top REAL NOT NULL, docs BLOB NOT NULL,
    weights BLOB NOT NULL, best_docs BLOB, best_weights BLOB);
CREATE TABLE IF NOT EXISTS concepts (concept TEXT NOT NULL, weight REAL NOT NULL, views INTEGER NOT NULL,
    doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS concepts_best ON concepts (concept, weight DESC, views DESC, doc);
CREATE INDEX IF NOT EXISTS concepts_doc ON concepts (doc);
CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY) WITHOUT ROWID;
"""


def open_for_writing(path: str) -> sqlite3.Connection:
    connection = connect(path)
    connection.executescript(SCHEMA)
    return connection


def set_meta(connection: sqlite3.Connection, values: Mapping[str, Any]) -> None:
    connection.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                           [(key, json.dumps(value)) for key, value in values.items()])


def read_meta(connection: sqlite3.Connection) -> dict[str, Any]:
    return {key: json.loads(value) for key, value in connection.execute("SELECT key, value FROM meta")}


class Fields:
    """The term frequencies of the videos being written, per field, and their field lengths."""

    def __init__(self) -> None:
        self.postings: dict[str, dict[str, tuple[array[int], array[int]]]] = {name: {} for name in FIELDS}
        self.lengths: dict[str, dict[int, int]] = {name: {} for name in FIELDS}

    def add(self, doc: int, texts: Mapping[str, list[str]]) -> set[str]:
        """texts: each field's words; returns the terms the video uses."""
        seen: set[str] = set()
        for name, written in texts.items():
            counts = Counter(stem(w) for w in written if w not in STOPWORDS)
            self.lengths[name][doc] = sum(counts.values())
            field = self.postings[name]
            for term, count in counts.items():
                found = field.get(term)
                if found is None:
                    found = field[term] = (array("i"), array("i"))
                found[0].append(doc)
                found[1].append(count)
            seen.update(counts)
        return seen

    def terms(self) -> set[str]:
        return {term for field in self.postings.values() for term in field}

    def statistics(self) -> dict[str, Any]:
        average = {}
        for name in FIELDS:
            lengths = self.lengths[name].values()
            average[name] = (sum(lengths) / len(lengths)) if lengths and sum(lengths) else 1.0
        return {"total": len(self.lengths["title"]), "average": average}

    def frequency(self, term: str) -> list[int]:
        """How many videos use the term in each field, then in any field (the one BM25F's idf counts)."""
        found = [self.postings[name].get(term, ((), ()))[0] for name in FIELDS]
        return [len(docs) for docs in found] + [len(set().union(*found))]

    def weights(self, term: str, statistics: Mapping[str, Any], df: list[int]) -> dict[int, float]:
        """doc -> the term's BM25F weight: its occurrences in each field, weighted and length-normalised per
        field, added before saturating once; its rarity (idf) counted over whole videos (df[-1]), so a common
        word that happens to be rare in titles does not weigh like a rare one, and a word repeated in every
        field is not counted four times."""
        pseudo = dict[int, float]()
        get = pseudo.get
        for name, field_weight in FIELDS.items():
            posting = self.postings[name].get(term)
            if posting is None:
                continue
            average, lengths = statistics["average"][name], self.lengths[name]
            for doc, tf in zip(*posting, strict=True):
                pseudo[doc] = get(doc, 0.0) + field_weight * tf / (1 - B + B * lengths[doc] / average)
        total, videos = statistics["total"], df[-1]
        idf = math.log(1 + (total - videos + 0.5) / (videos + 0.5))
        return {doc: idf * tf * (K1 + 1) / (tf + K1) for doc, tf in pseudo.items()}


def row_hash(video: Mapping[str, Any]) -> str:
    return hashlib.blake2b(json.dumps(video, sort_keys=True, default=str).encode(), digest_size=16).hexdigest()


class IndexWriter:
    """One write of the index, in one transaction: `add` videos (as many times as needed), then `commit`.

    full: the index is replaced by these videos (their statistics weigh them); otherwise the videos are added or
    replace their earlier entries (unchanged ones are skipped), weighed with the last full build's statistics."""

    def __init__(self, connection: sqlite3.Connection, meta: Mapping[str, Any], *, full: bool) -> None:
        self.connection, self.meta, self.full = connection, dict(meta), full
        connection.execute("BEGIN IMMEDIATE")
        if full:
            for table in ("docs", "terms", "concepts", "words"):
                connection.execute(f"DELETE FROM {table}")
        self.fields, self.surface = Fields(), set[str]()
        self.replaced: dict[int, set[str]] = {}
        self.next_doc = int(connection.execute("SELECT coalesce(max(doc), -1) + 1 FROM docs").fetchone()[0])
        self.doc_rows: list[tuple[Any, ...]] = []
        self.concept_rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, videos: Iterable[Mapping[str, Any]]) -> None:
        for video in videos:
            self._add(video)
            if len(self.doc_rows) >= FLUSH:
                self._flush()

    def _add(self, video: Mapping[str, Any]) -> None:
        digest = row_hash(video)
        old = None if self.full else self.connection.execute(
            "SELECT doc, hash, terms FROM docs WHERE video_id = ?", (video["video_id"],)).fetchone()
        if old is not None and old[1] == digest:
            return  # unchanged: its entries stay
        if old is not None:
            doc = old[0]
            self.replaced[doc] = set(old[2].split())
        else:
            doc, self.next_doc = self.next_doc, self.next_doc + 1
        texts = {name: words(text) for name, text in (
            ("title", video["title"]), ("tags", " . ".join(video["tags"])),
            ("chapters", " . ".join(c["title"] for c in video["chapters"])), ("description", video["description"]))}
        used = self.fields.add(doc, texts)
        for written in texts.values():
            self.surface.update(written)
        analysis = video["analysis"]
        facts = _facts(video, analysis)
        self.doc_rows.append((doc, video["video_id"], digest, pack_facts(facts), _display(video),
                              " ".join(sorted(used))))
        self.concept_rows.extend((concept, float(weight), facts.views, doc)
                                 for concept, weight in analysis["concepts"].items())

    def _flush(self) -> None:
        """Write the videos gathered so far: the import's memory stays bounded."""
        execute = self.connection.executemany
        execute("DELETE FROM concepts WHERE doc = ?", [(row[0],) for row in self.doc_rows if row[0] in self.replaced])
        execute("INSERT OR REPLACE INTO docs (doc, video_id, hash, facts, display, terms) VALUES (?, ?, ?, ?, ?, ?)",
                self.doc_rows)
        execute("INSERT INTO concepts (concept, weight, views, doc) VALUES (?, ?, ?, ?)", self.concept_rows)
        self.written += len(self.doc_rows)
        self.doc_rows.clear()
        self.concept_rows.clear()

    def commit(self) -> int:
        """Finish the terms and the meta and commit; returns how many videos were (re)written."""
        try:
            self._flush()
            self.connection.executemany("INSERT OR IGNORE INTO words (word) VALUES (?)",
                                        [(w,) for w in sorted(self.surface)])
            if self.full:
                statistics = self.fields.statistics()
                self.meta["statistics"] = statistics
                self._insert_terms(statistics)
            else:
                self._merge_terms(read_meta(self.connection)["statistics"])
            count = self.connection.execute("SELECT count(*) FROM docs").fetchone()[0]
            set_meta(self.connection, {**self.meta, "format_version": FORMAT_VERSION, "count": count})
            self.connection.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise
        return self.written

    def rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    def _insert_terms(self, statistics: Mapping[str, Any]) -> None:
        rows = []
        for term in self.fields.terms():
            df = self.fields.frequency(term)
            rows.append(_term_row(term, df, self.fields.weights(term, statistics, df)))
            if len(rows) >= FLUSH:
                self._write_terms(rows)
        self._write_terms(rows)

    def _write_terms(self, rows: list[TermRow]) -> None:
        self.connection.executemany("INSERT OR REPLACE INTO terms (term, df, top, docs, weights, best_docs, "
                                    "best_weights) VALUES (?, ?, ?, ?, ?, ?, ?)", [row for row in rows if row[3]])
        self.connection.executemany("DELETE FROM terms WHERE term = ?", [(row[0],) for row in rows if not row[3]])
        rows.clear()

    def _merge_terms(self, statistics: Mapping[str, Any]) -> None:
        """The new videos' weights merged into each term's postings; the replaced videos' old entries removed."""
        removals: dict[str, set[int]] = {}
        for doc, old in self.replaced.items():
            for term in old:
                removals.setdefault(term, set()).add(doc)
        touched = self.fields.terms() | set(removals)
        rows = []
        for term in sorted(touched):
            row = self.connection.execute("SELECT df, docs, weights FROM terms WHERE term = ?", (term,)).fetchone()
            df, docs, values = [0] * (len(FIELDS) + 1), array("i"), array("d")
            if row is not None:
                df = json.loads(row[0])
                docs.frombytes(row[1])
                values.frombytes(row[2])
            docs, values = _merged(docs, values, removals.get(term, set()), self.fields.weights(term, statistics, df))
            rows.append(_packed(term, df, docs, values))
            if len(rows) >= FLUSH:
                self._write_terms(rows)
        self._write_terms(rows)


def _merged(docs: array[int], values: array[float], removed: set[int], added: Mapping[int, float]
            ) -> tuple[array[int], array[float]]:
    """Sorted postings with the removed videos' entries dropped and the added ones put in place (the unchanged
    stretches copied whole)."""
    kept_docs, kept_values, at = array("i"), array("d"), 0
    for doc in sorted(removed | set(added)):
        position = bisect_left(docs, doc, at)
        kept_docs.extend(docs[at:position])
        kept_values.extend(values[at:position])
        at = position + 1 if position < len(docs) and docs[position] == doc else position
        if doc in added:
            kept_docs.append(doc)
            kept_values.append(added[doc])
    kept_docs.extend(docs[at:])
    kept_values.extend(values[at:])
    return kept_docs, kept_values


def write(connection: sqlite3.Connection, videos: Iterable[Mapping[str, Any]], meta: Mapping[str, Any], *,
          full: bool) -> int:
    """Write (full: replace) the videos' entries in one transaction; returns how many were (re)written."""
    writer = IndexWriter(connection, meta, full=full)
    try:
        writer.add(videos)
    except BaseException:
        writer.rollback()
        raise
    return writer.commit()


TermRow = tuple[str, str, float, bytes, bytes, bytes | None, bytes | None]


def _term_row(term: str, df: list[int], found: Mapping[int, float]) -> TermRow:
    docs = sorted(found)
    return _packed(term, df, array("i", docs), array("d", [found[doc] for doc in docs]))


def _packed(term: str, df: list[int], docs: array[int], values: array[float]) -> TermRow:
    """A terms row: the postings, and the CHAMPIONS best of a longer one (sorted by doc too)."""
    best_docs = best_weights = None
    if len(docs) > CHAMPIONS:
        chosen = sorted(heapq.nlargest(CHAMPIONS, range(len(docs)), key=values.__getitem__))
        best_docs = array("i", [docs[i] for i in chosen]).tobytes()
        best_weights = array("d", [values[i] for i in chosen]).tobytes()
    return (term, json.dumps(df), max(values, default=0.0), docs.tobytes(), values.tobytes(), best_docs,
            best_weights)


def _display(video: Mapping[str, Any]) -> str:
    return json.dumps({key: video[key] for key in ("video_id", "title", "url", "duration", "view_count")}
                      | {"analysis": video["analysis"]}, separators=(",", ":"))


def _facts(video: Mapping[str, Any], analysis: Mapping[str, Any]) -> Facts:
    def group(name: str) -> frozenset[str]:
        return frozenset(analysis.get(name, ()))

    weights = tuple((c, float(w)) for c, w in analysis["concepts"].items() if c in analysis["conditions"])
    return Facts(video["video_id"], video["duration"], int(video.get("view_count") or 0), group("body_parts"),
                 group("conditions"), group("exercises"), group("positions"), bool(analysis.get("positions_said")),
                 group("audience"), group("kinds"), group("directions"), weights, bool(analysis["chapters"]),
                 group("topics"), tuple(frozenset(c["concepts"]) for c in analysis["chapters"] if c["concepts"]),
                 group("title_concepts"))


def needs_full_build(meta: Mapping[str, Any], total: int) -> bool:
    """No statistics yet, or the catalogue (`total` videos) moved too far from those of the last full build."""
    statistics = meta.get("statistics")
    if not statistics or not statistics.get("total"):
        return True
    built = int(statistics["total"])
    return abs(total - built) > REWEIGH_DRIFT * built


@contextmanager
def write_lock(path: str) -> Iterator[sqlite3.Connection]:
    """The index opened for writing by this process alone, marked as being written (`pending`) until a write
    clears the mark: an import that crashes leaves it, and the next reader rebuilds the index from the store."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + ".lock", "a+b") as lock:
        if fcntl is not None:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        connection = _open_or_replace(path)
        try:
            set_meta(connection, {"pending": True})
            yield connection
        finally:
            connection.close()


def abandoned(path: str) -> bool:
    """True when no process is writing the index (so a `pending` mark was left by a crash)."""
    if fcntl is None:
        return True
    with open(path + ".lock", "a+b") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
        return True


def _open_or_replace(path: str) -> sqlite3.Connection:
    """The index file, or a new empty one in place of a damaged one or one of another format."""
    try:
        connection = open_for_writing(path)
        version = read_meta(connection).get("format_version", FORMAT_VERSION)
        if version == FORMAT_VERSION:
            return connection
        connection.close()
    except (sqlite3.DatabaseError, ValueError):
        pass
    for suffix in ("", "-wal", "-shm"):
        with suppress(FileNotFoundError):
            os.unlink(path + suffix)
    return open_for_writing(path)


def build_index(videos: Iterable[Mapping[str, Any]], generation: str, path: str = ":memory:") -> Any:
    """A whole index from these videos (tests, benchmarks): a file at `path`, opened for searching."""
    from backcoach.catalog.index import SearchIndex

    if path == ":memory:":
        import os
        import tempfile

        handle, path = tempfile.mkstemp(prefix="backcoach-index-", suffix=".sqlite")
        os.close(handle)
        os.unlink(path)
    connection = open_for_writing(path)
    try:
        write(connection, videos, {"generation": generation}, full=True)
    finally:
        connection.close()
    return SearchIndex(path)

"""Writing the search index (see index.py): a full build, or an update for the videos of one import only.

Term weights are BM25 per field (title, tags, chapters, description) summed with the field weights, computed
with the statistics (videos, field lengths, document frequencies) of the last full build: an update weighs its
videos with those same statistics, so every video is weighed alike; a full build (first import, `videos reindex`,
or when the catalogue has grown or shrunk by a third since) brings them up to date. Each write is one
transaction: readers see the index before it or after it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; a pending mark always means a crash
    fcntl = None  # type: ignore[assignment]

from backcoach.catalog.index import FIELDS, FORMAT_VERSION, K1, B, Facts, connect, pack_facts
from backcoach.catalog.text import terms, words

FLUSH = 2000  # videos written at a time
REWEIGH_DRIFT = 1 / 3  # a full build when the catalogue's size moved this much since the last one
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (doc INTEGER PRIMARY KEY, video_id TEXT NOT NULL UNIQUE, hash TEXT NOT NULL,
    facts BLOB NOT NULL, display TEXT NOT NULL, terms TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS terms (term TEXT PRIMARY KEY, df TEXT NOT NULL, top REAL NOT NULL, docs BLOB NOT NULL,
    weights BLOB NOT NULL);
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

    def add(self, doc: int, texts: Mapping[str, str]) -> set[str]:
        seen: set[str] = set()
        for name, text in texts.items():
            counts = Counter(terms(text))
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

    def statistics(self) -> dict[str, Any]:
        total = len(self.lengths["title"])
        average = {}
        for name in FIELDS:
            lengths = self.lengths[name].values()
            average[name] = (sum(lengths) / len(lengths)) if lengths and sum(lengths) else 1.0
        return {"total": total, "average": average}

    def frequencies(self) -> dict[str, list[int]]:
        every = {term for field in self.postings.values() for term in field}
        return {term: [len(self.postings[name].get(term, ((), ()))[0]) for name in FIELDS] for term in every}

    def weights(self, statistics: Mapping[str, Any], frequency: Mapping[str, list[int]]
                ) -> dict[str, dict[int, float]]:
        """term -> doc -> the weighted-field BM25 contribution."""
        total = statistics["total"]
        merged: dict[str, dict[int, float]] = {}
        for position, (name, field_weight) in enumerate(FIELDS.items()):
            average, lengths = statistics["average"][name], self.lengths[name]
            for term, (docs, counts) in self.postings[name].items():
                df = frequency.get(term, [0, 0, 0, 0])[position]
                idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
                scale = field_weight * idf * (K1 + 1)
                target = merged.setdefault(term, {})
                get = target.get
                for doc, tf in zip(docs, counts, strict=True):
                    norm = K1 * (1 - B + B * lengths[doc] / average)
                    target[doc] = get(doc, 0.0) + scale * tf / (tf + norm)
        return merged


def row_hash(video: Mapping[str, Any]) -> str:
    return hashlib.blake2b(json.dumps(video, sort_keys=True, default=str).encode(), digest_size=16).hexdigest()


def write(connection: sqlite3.Connection, videos: Iterable[Mapping[str, Any]], meta: Mapping[str, Any], *,
          full: bool) -> int:
    """Write (full: replace) the videos' entries in one transaction; returns how many were (re)written."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        if full:
            for table in ("docs", "terms", "concepts", "words"):
                connection.execute(f"DELETE FROM {table}")
        written = _write_videos(connection, videos, meta, full=full)
        set_meta(connection, {**meta, "format_version": FORMAT_VERSION,
                              "count": connection.execute("SELECT count(*) FROM docs").fetchone()[0]})
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return written


def _write_videos(connection: sqlite3.Connection, videos: Iterable[Mapping[str, Any]], meta: Mapping[str, Any], *,
                  full: bool) -> int:
    fields, surface = Fields(), set()
    replaced: dict[int, set[str]] = {}
    next_doc = int(connection.execute("SELECT coalesce(max(doc), -1) + 1 FROM docs").fetchone()[0])
    doc_rows: list[tuple[Any, ...]] = []
    concept_rows: list[tuple[Any, ...]] = []
    written = 0
    for video in videos:
        digest = row_hash(video)
        old = None if full else connection.execute("SELECT doc, hash, terms FROM docs WHERE video_id = ?",
                                                   (video["video_id"],)).fetchone()
        if old is not None and old[1] == digest:
            continue  # unchanged: its entries stay
        if old is not None:
            doc = old[0]
            replaced[doc] = set(old[2].split())
        else:
            doc, next_doc = next_doc, next_doc + 1
        texts = {"title": video["title"], "tags": " . ".join(video["tags"]),
                 "chapters": " . ".join(c["title"] for c in video["chapters"]), "description": video["description"]}
        used = fields.add(doc, texts)
        for text in texts.values():
            surface.update(words(text))
        analysis = video["analysis"]
        facts = _facts(video, analysis)
        doc_rows.append((doc, video["video_id"], digest, pack_facts(facts), _display(video), " ".join(sorted(used))))
        concept_rows.extend((concept, float(weight), facts.views, doc)
                            for concept, weight in analysis["concepts"].items())
        if len(doc_rows) >= FLUSH:
            written += _flush(connection, doc_rows, concept_rows, replaced)
    written += _flush(connection, doc_rows, concept_rows, replaced)
    connection.executemany("INSERT OR IGNORE INTO words (word) VALUES (?)", [(w,) for w in sorted(surface)])
    if full:
        statistics, frequency = fields.statistics(), fields.frequencies()
        set_meta(connection, {"statistics": statistics})
        _insert_terms(connection, fields.weights(statistics, frequency), frequency)
    else:
        _merge_terms(connection, fields, read_meta(connection)["statistics"], replaced)
    return written


def _flush(connection: sqlite3.Connection, doc_rows: list[tuple[Any, ...]], concept_rows: list[tuple[Any, ...]],
           replaced: Mapping[int, set[str]]) -> int:
    """Write the videos gathered so far (and empty the lists): the import's memory stays bounded."""
    docs = [row[0] for row in doc_rows]
    connection.executemany("DELETE FROM concepts WHERE doc = ?", [(doc,) for doc in docs if doc in replaced])
    connection.executemany("INSERT OR REPLACE INTO docs (doc, video_id, hash, facts, display, terms) "
                           "VALUES (?, ?, ?, ?, ?, ?)", doc_rows)
    connection.executemany("INSERT INTO concepts (concept, weight, views, doc) VALUES (?, ?, ?, ?)", concept_rows)
    count = len(doc_rows)
    doc_rows.clear()
    concept_rows.clear()
    return count


def _insert_terms(connection: sqlite3.Connection, weights: Mapping[str, dict[int, float]],
                  frequency: Mapping[str, list[int]]) -> None:
    connection.executemany("INSERT INTO terms (term, df, top, docs, weights) VALUES (?, ?, ?, ?, ?)",
                           (_term_row(term, frequency.get(term, [0, 0, 0, 0]), found)
                            for term, found in weights.items()))


def _term_row(term: str, df: list[int], found: Mapping[int, float]) -> tuple[str, str, float, bytes, bytes]:
    docs = sorted(found)
    values = array("d", [found[doc] for doc in docs])
    return term, json.dumps(df), max(values, default=0.0), array("i", docs).tobytes(), values.tobytes()


def _merge_terms(connection: sqlite3.Connection, fields: Fields, statistics: Mapping[str, Any],
                 replaced: Mapping[int, set[str]]) -> None:
    """An update: the new videos' weights (with the last full build's statistics) merged into each term's
    postings; the replaced videos' old entries removed."""
    touched = {term for field in fields.postings.values() for term in field} | {
        term for old in replaced.values() for term in old}
    stored: dict[str, tuple[list[int], dict[int, float]]] = {}
    for term in sorted(touched):
        row = connection.execute("SELECT df, docs, weights FROM terms WHERE term = ?", (term,)).fetchone()
        if row is not None:
            docs, values = array("i"), array("d")
            docs.frombytes(row[1])
            values.frombytes(row[2])
            stored[term] = (json.loads(row[0]), dict(zip(docs, values, strict=True)))
    frequency = {term: df for term, (df, _) in stored.items()}
    fresh = fields.weights(statistics, frequency)
    gone = set(replaced)
    rows = []
    for term in touched:
        df, found = stored.get(term, ([0, 0, 0, 0], {}))
        kept = {doc: value for doc, value in found.items() if doc not in gone} | fresh.get(term, {})
        rows.append(_term_row(term, df, kept))
    connection.executemany("INSERT OR REPLACE INTO terms (term, df, top, docs, weights) VALUES (?, ?, ?, ?, ?)",
                           [row for row in rows if row[3]])
    connection.executemany("DELETE FROM terms WHERE term = ?", [(row[0],) for row in rows if not row[3]])


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
                 group("topics"), tuple(frozenset(c["concepts"]) for c in analysis["chapters"] if c["concepts"]))


def needs_full_build(meta: Mapping[str, Any], total: int) -> bool:
    """No statistics yet, or the catalogue (`total` videos) moved too far from those of the last full build."""
    statistics = meta.get("statistics")
    if not statistics or not statistics.get("total"):
        return True
    return abs(total - statistics["total"]) > REWEIGH_DRIFT * statistics["total"]


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

"""Use cases of the video catalogue: import (idempotent), search, recommendations for a plan.

The search index is a file in the data folder, rebuilt after every import; searching reads only it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backcoach.catalog.importer import BadLine, VideoRecord, read_catalog
from backcoach.catalog.index import Facts, SearchIndex, build_index, load_index, save_index
from backcoach.catalog.search import Keep, search
from backcoach.catalog.tagger import analyze
from backcoach.domain.exclusions import avoided_direction
from backcoach.errors import ConfigurationError, Conflict, InvalidInput, UnreadableInput
from backcoach.knowledge.loader import load_knowledge

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported only by what opens it: a search reads the index file
    from backcoach.services.store import Store

SAMPLE_CATALOG = os.path.join(os.path.dirname(__file__), os.pardir, "catalog", "data", "sample_catalog.jsonl")
BATCH = 500
MAX_LIMIT = 100
Progress = Callable[[str, int, int], None]  # (what is being done, done, total)


def read_catalog_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise UnreadableInput("FILE", f"cannot read {path}: {reason}") from None


class VideoCatalogue:
    """The catalogue in the store and its search index (a file in the data folder, rebuilt after every
    import; searching reads only it)."""

    def __init__(self, store: Callable[[], Store], data_dir: Path) -> None:
        self._open_store = store  # opened only when the catalogue itself is read or written
        self._data_dir = data_dir
        self.index_path = os.fspath(data_dir / "catalog-index.pickle")

    def import_text(self, text: str, name: str, progress: Progress | None = None) -> dict[str, Any]:
        """Tag and store every good record (one commit), report the bad lines, then rebuild the search index."""
        records: list[VideoRecord] = []
        bad: list[BadLine] = []
        for item in read_catalog(text, name):
            (bad if isinstance(item, BadLine) else records).append(item)  # type: ignore[arg-type]
        rows = _unique_rows(records, progress)
        try:
            inserted, updated, total = self._save(rows, progress)
        except Conflict:  # another import (another web worker seeding the sample, say) got there first
            inserted, updated, total = self._save(rows, progress)  # now its rows are there to compare with
        if progress is not None:
            progress("Building the search index", 0, 1)
        self.rebuild_index()
        if progress is not None:
            progress("Building the search index", 1, 1)
        return {"read": len(records), "inserted": inserted, "updated": updated,
                "unchanged": len(rows) - inserted - updated, "bad_lines": [str(b) for b in bad], "total": total}

    def _save(self, rows: list[dict[str, Any]], progress: Progress | None) -> tuple[int, int, int]:
        """Store the rows in one unit of work: (inserted, updated, videos in all)."""
        inserted = updated = 0
        with self._open_store().unit_of_work() as uow:
            for start in range(0, len(rows), BATCH):
                added, changed = uow.videos.upsert(rows[start:start + BATCH])
                inserted, updated = inserted + added, updated + changed
                if progress is not None:
                    progress("Saving", min(start + BATCH, len(rows)), len(rows))
            uow.commit()
            return inserted, updated, uow.videos.count()

    def rebuild_index(self) -> SearchIndex:
        with self._open_store().unit_of_work() as uow:
            videos = uow.videos.all()
        index = build_index(videos, uuid.uuid4().hex)
        save_index(index, self.index_path)
        _cached_index.cache_clear()
        return index

    def index(self) -> SearchIndex:
        """The saved index (rebuilt from the database when missing)."""
        stamp = os.stat(self.index_path).st_mtime_ns if os.path.exists(self.index_path) else 0
        index = _cached_index(self.index_path, stamp)
        return index if index is not None else self.rebuild_index()

    def size(self) -> int:
        return len(self.index())

    def search(self, text: str, limit: int = 10, plan: Mapping[str, Any] | None = None, *,
               semantic: bool = False) -> list[dict[str, Any]]:
        """Ranked videos for what was typed; with ``semantic``, fused with sentence-embedding similarity."""
        if not text or not text.strip():
            raise InvalidInput("q", "type what you are looking for, e.g. 'sciatica stretches in bed'")
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput("limit", f"must be from 1 to {MAX_LIMIT}")
        keep = None if plan is None else safe_for(plan)
        index = self.index()
        fuse = _semantic_fusion(index, os.fspath(self._data_dir), keep) if semantic else None
        return search(index, text, limit, keep, fuse)

    def recommend(self, plan: Mapping[str, Any], per_exercise: int = 2) -> list[dict[str, Any]]:
        """For each routine exercise, the best videos showing it (safe for this plan), chapter first. A plan
        without exercises (see a doctor first) gets none: no exercise advice of any kind."""
        if not plan.get("routine") or plan.get("triage", {}).get("level") in ("emergency", "urgent_referral"):
            return []
        index = self.index()
        keep = safe_for(plan)
        found = []
        for item in plan.get("routine", []):
            exercise_id = item["exercise_id"]

            def shows(facts: Facts, wanted: str = exercise_id) -> bool:
                return wanted in facts.exercises and keep(facts)

            name = item.get("name") or exercise_id.replace("-", " ")
            videos = search(index, name, per_exercise, shows) if len(index) else []
            found.append({"exercise_id": exercise_id, "name": name, "videos": videos})
        return found

    def ensure_sample(self) -> None:
        """Give a new installation something to show: import the sample catalogue when there are no videos."""
        with self._open_store().unit_of_work() as uow:
            empty = uow.videos.count() == 0
        if empty:
            self.import_text(read_catalog_file(os.path.normpath(SAMPLE_CATALOG)), "sample_catalog.jsonl")
        elif not os.path.exists(self.index_path):
            self.rebuild_index()


def _unique_rows(records: list[VideoRecord], progress: Progress | None) -> list[dict[str, Any]]:
    """One row per video id (a later line wins), tagged; progress is reported as (done, total)."""
    latest = {record.video_id: record for record in records}
    rows = []
    for done, record in enumerate(latest.values(), start=1):
        rows.append({**record.to_dict(), "analysis": analyze(record)})
        if progress is not None:
            progress("Tagging videos", done, len(latest))
    return rows


@lru_cache(maxsize=4)
def _cached_index(path: str, stamp: int) -> SearchIndex | None:
    return load_index(path)


def semantic_available() -> bool:
    from backcoach.catalog.semantic import available

    return available()


def _semantic_fusion(index: SearchIndex, data_dir: str, keep: Keep | None) -> Any:
    from backcoach.catalog import semantic

    if not semantic.available():
        raise ConfigurationError("semantic search needs the embeddings extra: pip install 'backcoach[embeddings]'")
    key = (index.generation, data_dir)
    if key not in _SEMANTIC_INDEXES:
        _SEMANTIC_INDEXES.clear()  # one catalogue at a time: the vectors of an old index are dropped
        _SEMANTIC_INDEXES[key] = semantic.SemanticIndex(index, key[1])
    return semantic.fusion(_SEMANTIC_INDEXES[key], keep)


_SEMANTIC_INDEXES: dict[tuple[str, str], Any] = {}


def safe_for(plan: Mapping[str, Any]) -> Keep:
    """A filter that leaves out videos contradicting the person's plan: their excluded exercises, the
    direction their pattern avoids (e.g. extension in stenosis), floor work when they cannot get down."""
    excluded = {item["exercise_id"] for item in plan.get("excluded", [])
                if item.get("kind", "safety") in ("safety", "position", "triage")}
    profile = plan.get("profile", {})
    bias_avoids = avoided_direction(str(profile.get("bias")), load_knowledge())
    avoid = {d["direction"] for d in plan.get("stopped_directions", ())} | ({bias_avoids[0]} if bias_avoids else set())
    places = set(profile.get("places") or ())

    def keep(facts: Facts) -> bool:
        if excluded & facts.exercises:
            return False
        if avoid & set(facts.directions):
            return False
        return not (places and facts.positions and not facts.positions & places)

    return keep

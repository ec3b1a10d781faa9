"""Use cases of the video catalogue: import (idempotent), search, recommendations for a plan.

The search index is a file in the data folder, rebuilt after every import; searching reads only it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from backcoach.catalog.importer import BadLine, VideoRecord, read_catalog
from backcoach.catalog.index import Facts, SearchIndex, build_index, load_index, save_index
from backcoach.catalog.search import Keep, search
from backcoach.catalog.tagger import analyze
from backcoach.domain.exclusions import avoided_direction
from backcoach.errors import ConfigurationError, InvalidInput, UnreadableInput
from backcoach.knowledge.loader import load_knowledge
from backcoach.settings import Settings

SAMPLE_CATALOG = os.path.join(os.path.dirname(__file__), os.pardir, "catalog", "data", "sample_catalog.jsonl")
BATCH = 500
MAX_LIMIT = 100
Progress = Callable[[str, int, int], None]  # (what is being done, done, total)


def index_path(settings: Settings) -> str:
    return os.fspath(settings.data_dir / "catalog-index.pickle")


def read_catalog_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise UnreadableInput("FILE", f"cannot read {path}: {reason}") from None


def import_catalog(text: str, name: str, settings: Settings, progress: Progress | None = None) -> dict[str, Any]:
    """Tag and store every good record (one commit), report the bad lines, then rebuild the search index."""
    from backcoach.services.store import store_from_settings

    records: list[VideoRecord] = []
    bad: list[BadLine] = []
    for item in read_catalog(text, name):
        (bad if isinstance(item, BadLine) else records).append(item)  # type: ignore[arg-type]
    rows = _unique_rows(records, progress)
    store = store_from_settings(settings)
    inserted = updated = 0
    with store.unit_of_work() as uow:
        for start in range(0, len(rows), BATCH):
            added, changed = uow.videos.upsert(rows[start:start + BATCH])
            inserted, updated = inserted + added, updated + changed
            if progress is not None:
                progress("Saving", min(start + BATCH, len(rows)), len(rows))
        uow.commit()
        total = uow.videos.count()
    if progress is not None:
        progress("Building the search index", 0, 1)
    rebuild_index(settings)
    if progress is not None:
        progress("Building the search index", 1, 1)
    return {"read": len(records), "inserted": inserted, "updated": updated,
            "unchanged": len(rows) - inserted - updated, "bad_lines": [str(b) for b in bad], "total": total}


def _unique_rows(records: list[VideoRecord], progress: Progress | None) -> list[dict[str, Any]]:
    """One row per video id (a later line wins), tagged; progress is reported as (done, total)."""
    latest = {record.video_id: record for record in records}
    rows = []
    for done, record in enumerate(latest.values(), start=1):
        rows.append({**record.to_dict(), "analysis": analyze(record)})
        if progress is not None:
            progress("Tagging videos", done, len(latest))
    return rows


def rebuild_index(settings: Settings) -> SearchIndex:
    from backcoach.services.store import store_from_settings

    with store_from_settings(settings).unit_of_work() as uow:
        videos = uow.videos.all()
    index = build_index(videos, uuid.uuid4().hex)
    save_index(index, index_path(settings))
    _cached_index.cache_clear()
    return index


def current_index(settings: Settings) -> SearchIndex:
    """The saved index (rebuilt from the database when missing)."""
    path = index_path(settings)
    stamp = os.stat(path).st_mtime_ns if os.path.exists(path) else 0
    index = _cached_index(path, stamp)
    return index if index is not None else rebuild_index(settings)


@lru_cache(maxsize=4)
def _cached_index(path: str, stamp: int) -> SearchIndex | None:
    return load_index(path)


def search_videos(text: str, settings: Settings, limit: int = 10, plan: Mapping[str, Any] | None = None,
                  *, semantic: bool = False) -> list[dict[str, Any]]:
    """Ranked videos for what was typed; with ``semantic``, fused with sentence-embedding similarity."""
    if not text or not text.strip():
        raise InvalidInput("q", "type what you are looking for, e.g. 'sciatica stretches in bed'")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput("limit", f"must be from 1 to {MAX_LIMIT}")
    keep = None if plan is None else safe_for(plan)
    index = current_index(settings)
    fuse = _semantic_fusion(index, settings, keep) if semantic else None
    return search(index, text, limit, keep, fuse)


def catalogue_size(settings: Settings) -> int:
    return len(current_index(settings))


def semantic_available() -> bool:
    from backcoach.catalog.semantic import available

    return available()


def _semantic_fusion(index: SearchIndex, settings: Settings, keep: Keep | None) -> Any:
    from backcoach.catalog import semantic

    if not semantic.available():
        raise ConfigurationError("semantic search needs the embeddings extra: pip install 'backcoach[embeddings]'")
    key = (index.generation, os.fspath(settings.data_dir))
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


def recommend(plan: Mapping[str, Any], settings: Settings, per_exercise: int = 2) -> list[dict[str, Any]]:
    """For each routine exercise, the best videos showing it (safe for this plan), chapter first. A plan
    without exercises (see a doctor first) gets none: no exercise advice of any kind."""
    if not plan.get("routine") or plan.get("triage", {}).get("level") in ("emergency", "urgent_referral"):
        return []
    index = current_index(settings)
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


def ensure_sample_catalog(settings: Settings) -> None:
    """Give a new installation something to show: import the sample catalogue when there are no videos."""
    from backcoach.services.store import store_from_settings

    with store_from_settings(settings).unit_of_work() as uow:
        empty = uow.videos.count() == 0
    if empty:
        import_catalog(read_catalog_file(os.path.normpath(SAMPLE_CATALOG)), "sample_catalog.jsonl", settings)
    elif not os.path.exists(index_path(settings)):
        rebuild_index(settings)

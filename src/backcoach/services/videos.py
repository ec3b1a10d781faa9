"""Use cases of the video catalogue: import (idempotent), search, recommendations for a plan.

The search index is a SQLite file in the data folder (catalog/index.py): an import updates it for its own videos
only; searching reads only it. One index is open per process.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backcoach.catalog.importer import BadLine, Chapter, VideoRecord, read_catalog
from backcoach.catalog.index import Facts, SearchIndex, open_index
from backcoach.catalog.search import Keep, search
from backcoach.catalog.tagger import analyze, tagger_version
from backcoach.domain.exclusions import avoided_direction
from backcoach.errors import ConfigurationError, Conflict, InvalidInput, UnreadableInput
from backcoach.knowledge.loader import load_knowledge
from backcoach.services.meaning import Meaning
from backcoach.services.meaning import available as meaning_available

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported only by what opens it: a search reads the index file
    from backcoach.services.store import Store

SAMPLE_CATALOG = os.path.join(os.path.dirname(__file__), os.pardir, "catalog", "data", "sample_catalog.jsonl")
INDEX_FILE = "catalog-index.sqlite"
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
    """The catalogue in the store and its search index (a file in the data folder, updated by every import for
    its videos; searching reads only it)."""

    def __init__(self, store: Callable[[], Store], data_dir: Path, *, meaning_by_default: bool = False) -> None:
        self._open_store = store  # opened only when the catalogue itself is read or written
        self._data_dir = data_dir
        self.meaning = Meaning(os.fspath(data_dir))
        self.meaning_by_default = meaning_by_default and meaning_available()  # the web app's searches
        self.index_path = os.fspath(data_dir / INDEX_FILE)

    def import_text(self, text: str, name: str, progress: Progress | None = None) -> dict[str, Any]:
        """Tag and store every good record (one commit) and update the search index for them (one commit after
        it), in batches so that memory stays bounded; report the bad lines."""
        records: list[VideoRecord] = []
        bad: list[BadLine] = []
        for item in read_catalog(text, name):
            (bad if isinstance(item, BadLine) else records).append(item)  # type: ignore[arg-type]
        latest = list({record.video_id: record for record in records}.values())  # a later line wins
        from backcoach.catalog.index_build import write_lock

        with write_lock(self.index_path) as index_file:  # marked as being written until the update commits
            try:
                inserted, updated, total = self._save(latest, index_file, progress)
            except Conflict:  # another import (another web worker seeding the sample, say) got there first
                inserted, updated, total = self._save(latest, index_file, progress)  # now its rows are there
        return {"read": len(records), "inserted": inserted, "updated": updated,
                "unchanged": len(latest) - inserted - updated, "bad_lines": [str(b) for b in bad], "total": total}

    def _save(self, records: list[VideoRecord], index_file: Any, progress: Progress | None) -> tuple[int, int, int]:
        """Tag, store (one unit of work) and index (one transaction, committed after the store's) batch by batch:
        (inserted, updated, videos in all). The index is updated for these videos only, unless it is new, was
        built by another tagger or the catalogue's size moved too far from its last full build: then it is built
        again from the store."""
        from backcoach.catalog.index_build import IndexWriter, needs_full_build, read_meta, set_meta

        meta, version = read_meta(index_file), tagger_version()
        fresh = {"generation": uuid.uuid4().hex, "tagger_version": version, "pending": False}
        inserted = updated = 0
        stored = False
        with self._open_store().reading() as reading:
            first = reading.videos.count() == 0  # these records are the whole catalogue
        with self._open_store().unit_of_work() as uow:
            rebuild = not first and (not meta.get("count") or meta.get("tagger_version") != version)
            writer = None if rebuild else IndexWriter(index_file, fresh, full=first)
            try:
                for start in range(0, len(records), BATCH):
                    rows = _tagged(records, start, version, progress)
                    added, changed = uow.videos.upsert(rows)
                    inserted, updated = inserted + added, updated + changed
                    if writer is not None:
                        writer.add(rows)
                    if progress is not None:
                        progress("Saving", start + len(rows), len(records))
                uow.commit()
                stored = True
                total = uow.videos.count()
                if progress is not None:
                    progress("Building the search index", 0, 1)
                if writer is not None:
                    writer.commit()
            finally:
                if writer is not None:
                    writer.rollback()
                if not stored:  # nothing was stored: the index is as it was, not half written
                    set_meta(index_file, {"pending": False})
        if rebuild or needs_full_build(read_meta(index_file), total):
            self._rebuild(index_file)
        if progress is not None:
            progress("Building the search index", 1, 1)
        return inserted, updated, total

    def rebuild_index(self) -> SearchIndex:
        """A full build from the store (videos tagged by an older tagger are tagged again first)."""
        from backcoach.catalog.index_build import write_lock

        with write_lock(self.index_path) as index_file:
            self._rebuild(index_file)
        with _OPENING:
            _OPEN.pop(self.index_path, None)  # the file may have been replaced (damaged, another format)
        index = self._open()
        if index is None:
            raise ConfigurationError(f"the search index {self.index_path} cannot be read after a rebuild")
        return index

    def _rebuild(self, index_file: Any) -> None:
        from backcoach.catalog.index_build import IndexWriter

        version = tagger_version()
        with self._open_store().unit_of_work() as uow:
            stale = [video for video in uow.videos.each() if video["analysis"].get("tagger") != version]
            for start in range(0, len(stale), BATCH):
                batch = stale[start:start + BATCH]
                for video in batch:
                    video["analysis"] = {**analyze(_record(video)), "tagger": version}
                uow.videos.upsert(batch)
            uow.commit()
        del stale
        writer = IndexWriter(index_file, {"generation": uuid.uuid4().hex, "tagger_version": version,
                                          "pending": False}, full=True)
        try:
            with self._open_store().reading() as uow:
                writer.add(uow.videos.each())
            writer.commit()
        finally:
            writer.rollback()

    def index(self) -> SearchIndex:
        """The open index (rebuilt from the database when missing, damaged, of another version, or left half
        written by an import that crashed)."""
        index = self._open()
        if index is not None:
            from backcoach.catalog.index_build import abandoned

            with index.reading():
                pending = index.meta().get("pending")
            if not pending or not abandoned(self.index_path):
                return index
        return self.rebuild_index()

    def _open(self) -> SearchIndex | None:
        with _OPENING:
            index = _OPEN.get(self.index_path)
            if index is None:
                index = open_index(self.index_path)
                if index is not None:
                    _OPEN.clear()  # one index in memory per process
                    _OPEN[self.index_path] = index
            return index

    def size(self) -> int:
        with self.index().reading() as index:
            return len(index)

    def search(self, text: str, limit: int = 10, plan: Mapping[str, Any] | None = None, *,
               semantic: bool | None = False) -> list[dict[str, Any]]:
        """Ranked videos for what was typed, fused with sentence-embedding similarity when ``semantic`` is True
        (loaded now if need be), or None and matching by meaning is on by default and ready (never waited for)."""
        if not text or not text.strip():
            raise InvalidInput("q", "type what you are looking for, e.g. 'sciatica stretches in bed'")
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput("limit", f"must be from 1 to {MAX_LIMIT}")
        keep = None if plan is None else safe_for(plan)
        with self.index().reading() as index:
            fuse = None
            if semantic or (semantic is None and self.meaning_by_default):
                fuse = self.meaning.fusion(index, keep, wait=bool(semantic))
            return search(index, text, limit, keep, fuse)

    def meaning_status(self) -> str:
        """"ready" (searches also match by meaning), "loading" (words alone until it is), or "off"."""
        if not self.meaning_by_default:
            return "off"
        with self.index().reading() as index:
            return "ready" if self.meaning.ready(index) else "loading"

    def warm_meaning(self) -> None:
        """Start loading what matching by meaning needs in the background (a web worker, at start)."""
        if self.meaning_by_default:
            self.meaning.warm_in_background(self.index())

    def recommend(self, plan: Mapping[str, Any], per_exercise: int = 2) -> list[dict[str, Any]]:
        """For each routine exercise, the best videos showing it (safe for this plan), chapter first. A plan
        without exercises (see a doctor first) gets none: no exercise advice of any kind."""
        if not plan.get("routine") or plan.get("triage", {}).get("level") in ("emergency", "urgent_referral"):
            return []
        with self.index().reading() as index:
            return self._recommend(index, plan, per_exercise)

    def _recommend(self, index: SearchIndex, plan: Mapping[str, Any], per_exercise: int) -> list[dict[str, Any]]:
        keep = safe_for(plan)
        found = []
        for item in plan.get("routine", []):
            exercise_id = item["exercise_id"]

            def shows(facts: Facts, wanted: str = exercise_id) -> bool:
                return wanted in facts.exercises and keep(facts)

            def all_about(facts: Facts, wanted: str = exercise_id) -> bool:  # shown before chapters of others
                return wanted in facts.title_concepts

            name = item.get("name") or exercise_id.replace("-", " ")
            videos = search(index, name, per_exercise, shows, first=all_about) if len(index) else []
            found.append({"exercise_id": exercise_id, "name": name, "videos": videos})
        return found

    def ensure_sample(self) -> None:
        """Give a new installation something to show: import the sample catalogue when there are no videos."""
        with self._open_store().unit_of_work() as uow:
            empty = uow.videos.count() == 0
        if empty:
            self.import_text(read_catalog_file(os.path.normpath(SAMPLE_CATALOG)), "sample_catalog.jsonl")
        elif self._open() is None:
            self.rebuild_index()


def _tagged(records: list[VideoRecord], start: int, version: str, progress: Progress | None
            ) -> list[dict[str, Any]]:
    """The rows of one batch of records, tagged; progress is reported as (done, total)."""
    rows = []
    for done, record in enumerate(records[start:start + BATCH], start=start + 1):
        rows.append({**record.to_dict(), "analysis": {**analyze(record), "tagger": version}})
        if progress is not None:
            progress("Tagging videos", done, len(records))
    return rows


def _record(video: Mapping[str, Any]) -> VideoRecord:
    """A stored video as the tagger reads it."""
    return VideoRecord(video["video_id"], video["title"], video["description"], video["duration"],
                       video["upload_date"], video["url"], tuple(video["tags"]),
                       tuple(Chapter(c["title"], c["start_seconds"], c.get("end_seconds")) for c in video["chapters"]),
                       video["view_count"])


_OPEN: dict[str, SearchIndex] = {}
_OPENING = threading.Lock()


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

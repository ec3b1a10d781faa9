"""Catalogue use cases over the store (SQLite and PostgreSQL): idempotent import, index, sample, recommend."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backcoach.errors import InvalidInput, UnreadableInput
from backcoach.services.planning import build_plan
from backcoach.services.store import Store
from backcoach.services.videos import VideoCatalogue, read_catalog_file
from devtools.answers import complete

VIDEO = {"id": "v1", "title": "Sciatica Stretches in Bed", "description": "Gentle.", "duration": 300,
         "webpage_url": "https://www.youtube.com/watch?v=v1", "tags": ["sciatica"]}


@pytest.fixture
def catalogue(store: Store, tmp_path: Path) -> VideoCatalogue:
    return VideoCatalogue(lambda: store, tmp_path / "data")


def lines(*videos: dict[str, Any]) -> str:
    return "\n".join(json.dumps(v) for v in videos)


def test_re_importing_updates_and_never_duplicates(catalogue: VideoCatalogue) -> None:
    first = catalogue.import_text(lines(VIDEO, {**VIDEO, "id": "v2", "title": "Neck Stretches"}), "a.jsonl")
    assert (first["inserted"], first["updated"], first["total"]) == (2, 0, 2)
    again = catalogue.import_text(lines(VIDEO, {**VIDEO, "id": "v2", "title": "Neck Pain Stretches"}), "a.jsonl")
    assert (again["inserted"], again["updated"], again["unchanged"], again["total"]) == (0, 1, 1, 2)
    assert catalogue.search("neck pain")[0]["title"] == "Neck Pain Stretches"  # the index was rebuilt


def test_bad_lines_are_reported_and_the_rest_imported(catalogue: VideoCatalogue) -> None:
    report = catalogue.import_text(lines(VIDEO) + "\n{broken\n" + json.dumps({"id": "v3"}), "b.jsonl")
    assert report["inserted"] == 1
    assert report["bad_lines"] == ["line 2: not valid JSON (Expecting property name enclosed in double quotes at "
                                   "column 2)", "line 3: title: is required"]


def test_the_sample_catalogue_is_there_on_first_run(catalogue: VideoCatalogue) -> None:
    catalogue.ensure_sample()
    catalogue.ensure_sample()  # the second time, nothing to do
    found = catalogue.search("stretches in bed", limit=3)
    assert found[0]["video_id"] == "bcSampleBed1"


def test_recommendations_follow_the_routine_and_its_safety(catalogue: VideoCatalogue) -> None:
    catalogue.ensure_sample()
    plan = build_plan(complete({"age": 45, "pain_now": 4, "leg_symptoms": "below_knee",
                                "repeated_movement_response": {"extension": "centralized"}}))
    found = catalogue.recommend(plan)
    assert [f["exercise_id"] for f in found] == [item["exercise_id"] for item in plan["routine"]]
    rotation = next(f for f in found if f["exercise_id"] == "lower-trunk-rotation")
    assert rotation["videos"][0]["video_id"] == "bcSampleExt1" and rotation["videos"][0]["start_seconds"] == 260
    emergency = build_plan(complete({"age": 45, "pain_now": 4, "red_flags": {"saddle_numbness": True}}))
    assert catalogue.recommend(emergency) == [], "no exercise advice of any kind"


def test_bad_search_input_names_the_field(catalogue: VideoCatalogue) -> None:
    with pytest.raises(InvalidInput, match=r"^q"):
        catalogue.search("  ")
    with pytest.raises(InvalidInput, match=r"^limit"):
        catalogue.search("back", limit=0)


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match="cannot read"):
        read_catalog_file(str(tmp_path / "missing.jsonl"))


def test_long_imports_report_their_progress(catalogue: VideoCatalogue) -> None:
    seen: list[tuple[str, int, int]] = []
    catalogue.import_text(lines(VIDEO, {**VIDEO, "id": "v2"}), "c.jsonl", lambda *step: seen.append(step))
    assert seen[:2] == [("Tagging videos", 1, 2), ("Tagging videos", 2, 2)]
    assert ("Saving", 2, 2) in seen and seen[-1] == ("Building the search index", 1, 1)


def test_lines_the_store_could_not_keep_are_skipped_and_the_rest_stored(catalogue: VideoCatalogue) -> None:
    """Each of these once aborted the whole import (OverflowError, RecursionError, ValueError, an encoding
    error in the store): now each is one skipped line."""
    bad = ['{"id": "b1", "title": "t", "duration": "inf"}', '{"id": "b2", "title": "t", "duration": 1e300}',
           '{"id": "b3", "title": "t", "view_count": 99999999999999999999999}', "[" * 100_000,
           '{"id": "b4", "title": "t", "duration": ' + "9" * 5000 + "}", '{"id": "b5", "title": "\\ud800"}',
           '{"id": "b6", "title": "t", "description": "a\\u0000b"}']
    report = catalogue.import_text("\n".join([lines(VIDEO), *bad, lines({**VIDEO, "id": "v2"})]), "c.jsonl")
    assert (report["read"], report["inserted"], report["total"]) == (2, 2, 2)
    assert [line.split(":")[0] for line in report["bad_lines"]] == [f"line {n}" for n in range(2, 9)]


def test_an_import_racing_another_one_stores_each_video_once(catalogue: VideoCatalogue, store: Store,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Two web workers seed the sample catalogue at the same moment: the one that loses the race retries."""
    from backcoach.db.repositories import VideoRepository

    real_upsert = VideoRepository.upsert
    raced: list[bool] = []

    def upsert_after_a_rival(self: VideoRepository, rows: Any) -> tuple[int, int]:
        if not raced:  # the rival's unit of work commits between our read and our insert
            raced.append(True)
            with store.unit_of_work() as rival:
                real_upsert(rival.videos, rows)
                rival.commit()
        return real_upsert(self, rows)

    monkeypatch.setattr(VideoRepository, "upsert", upsert_after_a_rival)
    report = catalogue.import_text(lines(VIDEO, {**VIDEO, "id": "v2"}), "a.jsonl")
    assert raced and report["total"] == 2 and report["inserted"] == 0 and report["unchanged"] == 2


def stored_analysis(store: Store) -> dict[str, Any]:
    with store.reading() as uow:
        return {video["video_id"]: video["analysis"] for video in uow.videos.all()}


def test_an_import_updates_the_index_for_its_own_videos_only(catalogue: VideoCatalogue) -> None:
    from backcoach.catalog.index_build import open_for_writing, read_meta

    others = [{**VIDEO, "id": f"o{n}", "title": f"Hip Routine {n}"} for n in range(4)]
    catalogue.import_text(lines(VIDEO, {**VIDEO, "id": "v2", "title": "Neck Stretches"}, *others), "a.jsonl")
    first = catalogue.index().meta()
    report = catalogue.import_text(lines({**VIDEO, "id": "v3", "title": "Knee Pain Exercises"}), "b.jsonl")
    assert report["total"] == 7  # a sixth more: within what the last full build's statistics weigh
    connection = open_for_writing(catalogue.index_path)
    meta = read_meta(connection)
    connection.close()
    assert meta["statistics"] == first["statistics"], "an update, not a full build"
    assert meta["generation"] != first["generation"] and meta["count"] == 7 and not meta["pending"]
    found = {r["video_id"] for r in catalogue.search("stretches", limit=10)} | {
        r["video_id"] for r in catalogue.search("knee pain exercises", limit=10)}
    assert {"v1", "v2", "v3"} <= found  # what a re-import leaves out stays


def test_an_import_that_crashes_before_the_index_commits_is_indexed_by_the_next_search(
        catalogue: VideoCatalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    from backcoach.catalog.index_build import IndexWriter

    catalogue.import_text(lines(VIDEO), "a.jsonl")

    def crash(self: IndexWriter) -> int:
        raise KeyboardInterrupt  # the process dies after the store committed

    with monkeypatch.context() as patched:
        patched.setattr(IndexWriter, "commit", crash)
        with pytest.raises(KeyboardInterrupt):
            catalogue.import_text(lines({**VIDEO, "id": "v9", "title": "Knee Pain Exercises"}), "b.jsonl")
    assert catalogue.search("knee pain exercises")[0]["video_id"] == "v9"  # nothing committed was lost
    assert catalogue.size() == 2


def test_a_damaged_or_old_index_file_is_rebuilt_from_the_store(catalogue: VideoCatalogue) -> None:
    from backcoach.services import videos

    catalogue.import_text(lines(VIDEO, {**VIDEO, "id": "v2", "title": "Neck Stretches"}), "a.jsonl")
    videos._OPEN.clear()
    Path(catalogue.index_path).write_bytes(b"not an index" * 1000)
    for suffix in ("-wal", "-shm"):
        Path(catalogue.index_path + suffix).unlink(missing_ok=True)
    assert catalogue.search("neck stretches")[0]["video_id"] == "v2"
    from backcoach.catalog.index_build import open_for_writing

    connection = open_for_writing(catalogue.index_path)
    connection.execute("UPDATE meta SET value = '1' WHERE key = 'format_version'")
    connection.close()
    videos._OPEN.clear()
    assert catalogue.search("neck stretches")[0]["video_id"] == "v2"
    assert catalogue.index().meta()["format_version"] != 1


def test_videos_tagged_by_another_tagger_are_tagged_again_on_rebuild(catalogue: VideoCatalogue, store: Store,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from backcoach.services import videos

    catalogue.import_text(lines(VIDEO), "a.jsonl")
    assert stored_analysis(store)["v1"]["tagger"] == videos.tagger_version()
    monkeypatch.setattr(videos, "tagger_version", lambda: "next")
    catalogue.import_text(lines({**VIDEO, "id": "v2", "title": "Neck Stretches"}), "b.jsonl")
    assert {analysis["tagger"] for analysis in stored_analysis(store).values()} == {"next"}
    with catalogue.index().reading() as index:
        assert index.meta()["tagger_version"] == "next"
    monkeypatch.setattr(videos, "tagger_version", lambda: "after")
    catalogue.rebuild_index()
    assert {analysis["tagger"] for analysis in stored_analysis(store).values()} == {"after"}


def test_an_import_that_stores_nothing_leaves_the_index_as_it_was(catalogue: VideoCatalogue,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from backcoach.catalog.index_build import open_for_writing, read_meta
    from backcoach.db.repositories import VideoRepository

    catalogue.import_text(lines(VIDEO), "a.jsonl")

    def refuse(self: VideoRepository, rows: Any) -> tuple[int, int]:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(VideoRepository, "upsert", refuse)
    with pytest.raises(RuntimeError):
        catalogue.import_text(lines({**VIDEO, "id": "v2"}), "b.jsonl")
    connection = open_for_writing(catalogue.index_path)
    meta = read_meta(connection)
    connection.close()
    assert meta["pending"] is False and meta["count"] == 1  # no rebuild waits for the next search

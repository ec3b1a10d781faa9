"""Matching by meaning in a long-lived process: loaded in the background, never waited for by a search, built
again (only new videos encoded) when an import changes the index. Real model; skipped only without the extra."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from backcoach.catalog import semantic
from backcoach.errors import InvalidInput
from backcoach.services.store import Store
from backcoach.services.videos import SAMPLE_CATALOG, VideoCatalogue, read_catalog_file

needs_model = pytest.mark.skipif(not semantic.available(), reason="the embeddings extra is not installed")
NEW = {"id": "mNew1", "title": "Loosen a Stiff Back Before Getting Out of Bed", "description": "Gentle moves.",
       "duration": 300, "webpage_url": "https://www.youtube.com/watch?v=mNew1"}


@pytest.fixture
def catalogue(store: Store, tmp_path: Path) -> VideoCatalogue:
    videos = VideoCatalogue(lambda: store, tmp_path / "data", meaning_by_default=True)
    videos.import_text(read_catalog_file(SAMPLE_CATALOG), "sample.jsonl")
    return videos


def background_builds() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "backcoach-meaning"]


@needs_model
def test_a_search_never_waits_for_the_model_and_uses_it_once_ready(catalogue: VideoCatalogue) -> None:
    assert catalogue.meaning_status() == "loading"
    first = catalogue.search("gentle routine to loosen a stiff back when waking", semantic=None)  # as the web asks
    assert not any("semantic" in r["score_parts"] for r in first), "answered by words while the model loads"
    for thread in background_builds():
        thread.join()  # the state to wait for: the background build has finished
    assert catalogue.meaning_status() == "ready"
    fused = catalogue.search("gentle routine to loosen a stiff back when waking", semantic=None)
    assert any("semantic" in r["score_parts"] for r in fused)
    assert not any("semantic" in r["score_parts"] for r in catalogue.search("sciatica", semantic=False))


@needs_model
def test_an_import_encodes_only_its_new_videos(catalogue: VideoCatalogue, tmp_path: Path) -> None:
    with catalogue.index().reading() as index:
        catalogue.meaning.build(index)
    catalogue.import_text(json.dumps(NEW), "new.jsonl")
    assert catalogue.meaning_status() == "loading", "a new index generation needs its vectors"
    encoded: list[tuple[int, int]] = []
    with catalogue.index().reading() as index:
        built = semantic.SemanticIndex(index, str(tmp_path / "data"), lambda done, total: encoded.append((done, total)))
    assert encoded == [(1, 1)]
    assert len(built.docs) == built.vectors.shape[0] == catalogue.size()


def test_asking_for_meaning_without_the_extra_names_what_to_install(store: Store, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "available", lambda: False)
    videos = VideoCatalogue(lambda: store, tmp_path / "data", meaning_by_default=True)
    videos.import_text(read_catalog_file(SAMPLE_CATALOG), "sample.jsonl")
    assert videos.meaning_status() == "off"
    assert videos.search("sciatica", semantic=None)  # words alone, no error
    with pytest.raises(InvalidInput, match="embeddings extra"):
        videos.search("sciatica", semantic=True)

"""Sentence-embedding fusion (the `embeddings` extra, offline model); skipped only where the extra is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach.catalog import semantic
from backcoach.catalog.importer import VideoRecord, read_catalog
from backcoach.catalog.index import SearchIndex, build_index
from backcoach.catalog.search import search
from backcoach.catalog.tagger import analyze
from backcoach.services.videos import SAMPLE_CATALOG

pytestmark = pytest.mark.skipif(not semantic.available(), reason="the embeddings extra is not installed")


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    text = Path(SAMPLE_CATALOG).read_text(encoding="utf-8")
    rows = [{**r.to_dict(), "analysis": analyze(r)} for r in read_catalog(text) if isinstance(r, VideoRecord)]
    return build_index(rows, "semantic-test")


def test_vectors_are_computed_once_per_text_and_kept(index: SearchIndex, tmp_path: Path) -> None:
    encoded: list[tuple[int, int]] = []
    first = semantic.SemanticIndex(index, str(tmp_path), lambda done, total: encoded.append((done, total)))
    assert first.vectors.shape == (len(index), 384) and encoded and encoded[-1][0] == encoded[-1][1]
    assert (tmp_path / semantic.VECTORS_FILE).exists()
    encoded.clear()
    again = semantic.SemanticIndex(index, str(tmp_path), lambda done, total: encoded.append((done, total)))
    assert encoded == [] and (again.vectors == first.vectors).all()


def test_fusion_finds_by_meaning_and_keeps_the_safety_of_concepts(index: SearchIndex, tmp_path: Path) -> None:
    fuse = semantic.fusion(semantic.SemanticIndex(index, str(tmp_path)), None)
    results = search(index, "gentle routine to loosen up a stiff lower back when waking", 5, None, fuse)
    assert results and "semantic" in results[0]["score_parts"]
    assert "bcSampleBed1" in [r["video_id"] for r in results[:3]]
    assert "bcSampleKnee" not in [r["video_id"] for r in search(index, "lower back pain", 10, None, fuse)]


def test_meaning_breaks_ties_but_never_buries_the_best_match_of_the_words(index: SearchIndex, tmp_path: Path) -> None:
    fuse = semantic.fusion(semantic.SemanticIndex(index, str(tmp_path)), None)
    for text in ("sciatica stretches", "stretches in bed", "massage gun review", "back of the knee pain"):
        plain = [r["video_id"] for r in search(index, text, 3)]
        fused = search(index, text, 3, None, fuse)
        assert fused[0]["video_id"] == plain[0]
        assert all(r["score"] >= r["score_parts"]["lexical"] + r["score_parts"]["concepts"] for r in fused)

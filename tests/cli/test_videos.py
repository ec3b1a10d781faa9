"""`backcoach videos ...` as a person (or another tool) uses it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backcoach.services.videos import SAMPLE_CATALOG
from devtools.answers import complete

BACKCOACH = [sys.executable, "-m", "backcoach", "videos"]


def videos(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BACKCOACH, *args], input=stdin, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def imported() -> None:
    result = videos("import", SAMPLE_CATALOG)
    assert result.returncode == 0, result.stderr
    assert "12 new" in result.stdout


def test_import_is_idempotent_and_skips_bad_lines(tmp_path: Path) -> None:
    catalogue = tmp_path / "channel.jsonl"
    good = Path(SAMPLE_CATALOG).read_text(encoding="utf-8").splitlines()
    catalogue.write_text("\n".join([good[0], "{oops", good[1]]) + "\n", encoding="utf-8")
    first = videos("import", str(catalogue), "--json")
    assert first.returncode == 0
    assert json.loads(first.stdout)["inserted"] == 2
    assert f"skipped {catalogue}: line 2: not valid JSON" in first.stderr
    again = json.loads(videos("import", str(catalogue), "--json").stdout)
    assert (again["inserted"], again["unchanged"], again["total"]) == (0, 2, 2)


def test_an_unreadable_file_exits_2_with_one_line(tmp_path: Path) -> None:
    result = videos("import", str(tmp_path / "nope.jsonl"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "cannot read" in result.stderr


def test_search_json_contract(imported: None) -> None:
    result = videos("search", "stretch I can do in bed", "--json", "--limit", "3")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert len(found) <= 3 and found[0]["video_id"] == "bcSampleBed1"
    for item in found:
        assert {"video_id", "title", "url", "score", "start_seconds", "why"} <= set(item)


def test_search_readable_shows_why_and_tags(imported: None) -> None:
    result = videos("search", "cobra", "stretch")
    assert result.returncode == 0
    assert "Back Pain Relief with Extension & Rotation Stretches" in result.stdout
    assert "t=150s" in result.stdout and "tags:" in result.stdout


def test_search_with_answers_leaves_out_what_contradicts_the_plan(imported: None) -> None:
    answers = json.dumps(complete({"age": 70, "pain_now": 4, "known_diagnoses": ["spinal_stenosis"],
                                   "better_with": ["sitting", "bending_forward"], "worse_with": ["walking"]}))
    found = json.loads(videos("search", "back stretches", "--answers", "-", "--json", "--limit", "20",
                              stdin=answers).stdout)
    assert "bcSampleExt1" not in [f["video_id"] for f in found]


def test_recommend_gives_videos_per_exercise(imported: None) -> None:
    answers = json.dumps(complete({"age": 45, "pain_now": 4, "leg_symptoms": "below_knee",
                                   "repeated_movement_response": {"extension": "centralized"}}))
    result = videos("recommend", "--answers", "-", "--json", stdin=answers)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert any(entry["videos"] for entry in document["recommendations"])
    readable = videos("recommend", "--answers", "-", stdin=answers)
    assert "Videos for your routine" in readable.stdout


@pytest.mark.parametrize("args", [["search", "back", "--limit", "0"], ["search", "   "]])
def test_bad_arguments_exit_2(args: list[str]) -> None:
    result = videos(*args)
    assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_a_synthetic_catalogue_imports(tmp_path: Path) -> None:
    from devtools.synthetic_catalog import write_catalog

    out = tmp_path / "synthetic.jsonl"
    write_catalog(str(out), 200)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 200
    report = json.loads(videos("import", str(out), "--json").stdout)
    assert (report["inserted"], report["bad_lines"]) == (200, [])


def test_semantic_search_when_the_embeddings_extra_is_installed(imported: None) -> None:
    from backcoach.catalog.semantic import available

    result = videos("search", "gentle routine to loosen a stiff back when waking", "--semantic", "--json")
    if not available():
        assert result.returncode == 2 and "embeddings extra" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert any("semantic" in f["score_parts"] for f in found)
    assert result.stderr == ""  # no model-loading noise


def test_searching_an_empty_catalogue_says_how_to_fill_it() -> None:
    result = videos("search", "sciatica")
    assert result.returncode == 0 and "catalogue is empty" in result.stdout
    assert json.loads(videos("search", "sciatica", "--json").stdout) == []
    answers = json.dumps(complete({"age": 40, "pain_now": 4, "minutes_available": 10}))
    recommended = videos("recommend", "--answers", "-", stdin=answers)
    assert recommended.returncode == 0 and "catalogue is empty" in recommended.stdout, "not a row of 'no video' only"


def test_bad_lines_are_skipped_named_and_counted_and_the_rest_imported(tmp_path: Path,
                                                                       invoke: Callable[..., Any]) -> None:
    good = Path(SAMPLE_CATALOG).read_text(encoding="utf-8").splitlines()
    bad = ['{"id": "b1", "title": "t", "duration": "inf"}', '{"id": "b2", "title": "t", "duration": 1e300}',
           '{"id": "b3", "title": "t", "view_count": 99999999999999999999999}', "[" * 100_000,
           '{"id": "b4", "title": "t", "duration": ' + "9" * 5000 + "}", '{"id": "b5", "title": "\\ud800"}']
    catalogue = tmp_path / "channel.jsonl"
    catalogue.write_text("\n".join([good[0], *bad, good[1]]) + "\n", encoding="utf-8")
    result = invoke("videos", "import", str(catalogue))
    assert result.returncode == 0, result.stderr
    assert "Imported 2 videos" in result.stdout and "6 bad lines skipped" in result.stdout
    skipped = result.stderr.strip().splitlines()
    assert [line.split(": ")[2] for line in skipped] == [f"line {n}" for n in range(2, 8)]
    assert "line 2: duration: must be a number from 0 to 86400" in skipped[0]
    assert "internal error" not in result.stderr


def test_a_file_with_no_readable_line_exits_2(tmp_path: Path, invoke: Callable[..., Any]) -> None:
    catalogue = tmp_path / "broken.jsonl"
    catalogue.write_text('{"id": "b1", "title": "t", "duration": 1e400}\n{oops\n', encoding="utf-8")
    result = invoke("videos", "import", str(catalogue))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"backcoach: error: FILE: no video could be read from {catalogue} (2 bad lines)")
    assert "skipped" in result.stderr and "Imported 0 videos" in result.stdout


@pytest.mark.usefixtures("imported")
def test_reindex_rebuilds_the_search_index_from_the_database() -> None:
    result = videos("reindex")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Search index rebuilt: 12 videos."
    found = json.loads(videos("search", "stretches in bed", "--json").stdout)
    assert found[0]["video_id"] == "bcSampleBed1"

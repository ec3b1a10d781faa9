"""Reading catalogues: yt-dlp JSON lines and CSV; bad lines are reported with their number and skipped."""

from __future__ import annotations

import json

import pytest

from backcoach.catalog.importer import BadLine, VideoRecord, read_catalog

YT_DLP = {
    "id": "dQw4w9WgXcQ", "title": "Sciatica Stretches in Bed", "description": "Gentle stretches.", "duration": 612.0,
    "upload_date": "20240312", "webpage_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "tags": ["sciatica", "stretches"], "view_count": 1234,
    "chapters": [{"title": "Intro", "start_time": 0.0, "end_time": 30.0},
                 {"title": "Knee rocking", "start_time": 30.0}],
}


def test_a_yt_dlp_line_becomes_a_record() -> None:
    [record] = list(read_catalog(json.dumps(YT_DLP)))
    assert isinstance(record, VideoRecord)
    assert (record.video_id, record.duration, record.upload_date, record.view_count) == (
        "dQw4w9WgXcQ", 612, "2024-03-12", 1234)
    assert [(c.title, c.start_seconds, c.end_seconds) for c in record.chapters] == [
        ("Intro", 0, 30), ("Knee rocking", 30, None)]


def test_bad_lines_are_named_and_the_rest_is_read() -> None:
    lines = [json.dumps(YT_DLP), "{not json", json.dumps({"title": "no id"}),
             json.dumps({**YT_DLP, "id": "x2", "duration": "long"}), "", json.dumps({**YT_DLP, "id": "x3"})]
    items = list(read_catalog("\n".join(lines)))
    assert [i.video_id for i in items if isinstance(i, VideoRecord)] == ["dQw4w9WgXcQ", "x3"]
    bad = [str(i) for i in items if isinstance(i, BadLine)]
    assert bad[0].startswith("line 2: not valid JSON")
    assert bad[1] == "line 3: id: is required"
    assert bad[2].startswith("line 4: duration: must be a number")


def test_csv_with_the_interface_columns() -> None:
    text = ('id,title,description,duration,url,tags\n'
            'a1,Back Stretches in a Chair,"Seated, gentle",300,https://example.org/v/a1,back pain|seniors|chair\n'
            'a2,,missing title,60,https://example.org/v/a2,\n')
    items = list(read_catalog(text, "catalogue.csv"))
    first = items[0]
    assert isinstance(first, VideoRecord)
    assert (first.url, first.tags, first.description) == ("https://example.org/v/a1", ("back pain", "seniors", "chair"),
                                                          "Seated, gentle")
    assert str(items[1]) == "line 3: title: is required"


def test_a_csv_without_the_needed_columns_says_so() -> None:
    [problem] = list(read_catalog("name,length\nx,3\n", "videos.csv"))
    assert isinstance(problem, BadLine) and "missing id, title" in problem.problem


def test_chapters_written_as_timestamps_in_the_description_are_used() -> None:
    description = "Follow along with me!\n0:00 Intro\n1:05 - Cobra\n(12:30) Bird dog\n1:02:03 Cool down\nThanks!"
    [record] = list(read_catalog(json.dumps({**YT_DLP, "chapters": None, "description": description})))
    assert isinstance(record, VideoRecord)
    assert [(c.title, c.start_seconds) for c in record.chapters] == [
        ("Intro", 0), ("Cobra", 65), ("Bird dog", 750), ("Cool down", 3723)]


def test_a_lone_time_in_a_description_is_not_a_chapter_list() -> None:
    [record] = list(read_catalog(json.dumps({**YT_DLP, "chapters": [], "description": "Hold for 0:30 each side."})))
    assert isinstance(record, VideoRecord) and record.chapters == ()


BAD_JSON_LINES = {
    '"duration": "inf"': ('{"id": "b1", "title": "t", "duration": "inf"}',
                          "duration: must be a number from 0 to 86400, or text holding one"),
    '"duration": 1e300': ('{"id": "b2", "title": "t", "duration": 1e300}', "duration: is a number too large"),
    '"duration": 1e400': ('{"id": "b3", "title": "t", "duration": 1e400}', "duration: is a number too large"),
    '"duration": 90000': ('{"id": "b4", "title": "t", "duration": 90000}',
                          "duration: must be at most 86400, got 90000"),
    '"duration": NaN': ('{"id": "b5", "title": "t", "duration": NaN}', "duration: is NaN"),
    "a huge view_count": ('{"id": "b6", "title": "t", "view_count": 123456789012345678901234567890}',
                          "view_count: is a number too large"),
    "a view_count over 10^12": ('{"id": "b7", "title": "t", "view_count": 1000000000001}',
                                "view_count: must be at most 1000000000000, got 1000000000001"),
    "a 5,000-digit number": ('{"id": "b8", "title": "t", "duration": ' + "9" * 5000 + "}",
                             "duration: is a number too large"),
    "deep nesting": ('{"id": "b9", "title": "t", "x": ' + "[" * 5000 + "]" * 5000 + "}",
                     "the line is nested deeper than 32 levels"),
    "unbounded nesting": ("[" * 100_000, "the line is nested deeper than 32 levels"),
    "a lone surrogate": ('{"id": "b10", "title": "\\ud800"}', "title: holds a lone UTF-16 surrogate"),
    "a NUL": ('{"id": "b11", "title": "t", "tags": ["ok", "a\\u0000"]}', "tags[1]: holds a NUL character"),
    "a chapter past a day": ('{"id": "b12", "title": "t", "chapters": [{"title": "x", "start_time": 1e9}]}',
                             "chapters[0].start_time: must be at most 86400, got 1000000000.0"),
    "a title of 5000 characters": (json.dumps({"id": "b13", "title": "t" * 5000}),
                                   "title: must be at most 1000 characters long"),
}


@pytest.mark.parametrize("case", BAD_JSON_LINES)
def test_a_bad_line_is_skipped_with_its_number_and_why_and_the_rest_read(case: str) -> None:
    line, why = BAD_JSON_LINES[case]
    items = list(read_catalog("\n".join([json.dumps(YT_DLP), line, json.dumps({**YT_DLP, "id": "after"})])))
    assert [i.video_id for i in items if isinstance(i, VideoRecord)] == ["dQw4w9WgXcQ", "after"]
    [bad] = [i for i in items if isinstance(i, BadLine)]
    assert bad.line == 2 and bad.problem.startswith(why), bad.problem
    str(bad).encode("utf-8")  # the report can always be printed


def test_a_csv_line_with_a_nul_or_an_oversized_field_is_skipped() -> None:
    text = ("id,title,duration\n"
            "a1,Back Stretches,300\n"
            "a2,Bad\x00Title,60\n"
            "a3," + "x" * 200_000 + ",60\n"
            "a4,Too long,1e300\n"
            "a5,Fine,60\n")
    items = list(read_catalog(text, "videos.csv"))
    assert [i.video_id for i in items if isinstance(i, VideoRecord)] == ["a1", "a5"]
    assert [str(i) for i in items if isinstance(i, BadLine)] == [
        "line 3: title: holds a NUL character or a lone UTF-16 surrogate, which cannot be stored",
        "line 4: not valid CSV (field larger than field limit (131072))",
        "line 5: duration: must be at most 86400, got 1e+300"]


def test_numbers_in_range_are_kept_exactly() -> None:
    [record] = list(read_catalog(json.dumps({**YT_DLP, "duration": 86400, "view_count": 10**12})))
    assert isinstance(record, VideoRecord) and (record.duration, record.view_count) == (86400, 10**12)

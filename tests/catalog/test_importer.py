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


def read_one(line: dict[str, object]) -> VideoRecord | BadLine:
    [item] = list(read_catalog(json.dumps(line)))
    return item


@pytest.mark.parametrize(("value", "seconds"), [
    ("612", 612), (" 1e3 ", 1000), ("1_000", 1000), ("59.6", 60), ("+5", 5), (".5", 0), ("-0", 0), (86400, 86400),
    (0, 0), (None, None), ("", None)])
def test_a_duration_is_a_number_or_text_holding_one_as_before(value: object, seconds: int | None) -> None:
    record = read_one({**YT_DLP, "duration": value})
    assert isinstance(record, VideoRecord) and record.duration == seconds


@pytest.mark.parametrize(("value", "why"), [
    ("90000", "duration: must be at most 86400, got 90000.0"),
    ("-5", "duration: must be at least 0, got -5.0"),
    ("1e400", "duration: must be a number from 0 to 86400, or text holding one"),
    ("9" * 5000, "duration: must be a number from 0 to 86400, or text holding one"),
    ("9" * 5000 + "x", "duration: must be a number from 0 to 86400, or text holding one"),
    ("inf", "duration: must be a number from 0 to 86400, or text holding one"),
    ("nan", "duration: must be a number from 0 to 86400, or text holding one"),
    ("0x10", "duration: must be a number from 0 to 86400, or text holding one"),
    ("1__0", "duration: must be a number from 0 to 86400, or text holding one"),
    (True, "duration: must be a number from 0 to 86400, or text holding one"),
    ([60], "duration: must be a number from 0 to 86400, or text holding one"),
    (-1, "duration: must be at least 0, got -1"),
])
def test_a_duration_out_of_bounds_or_not_a_number_is_refused_as_before(value: object, why: str) -> None:
    bad = read_one({**YT_DLP, "duration": value})
    assert isinstance(bad, BadLine) and bad.problem == why


@pytest.mark.parametrize(("line", "why"), [
    ([1, 2], "the line must be a JSON object"),
    (None, "the line must be a JSON object"),
    ({"id": "x"}, "title: is required"),
    ({"id": "", "title": "t"}, "id: is required"),
    ({"id": None, "title": "t"}, "id: is required"),
    ({"id": "x" * 65, "title": "t"}, "id: must be at most 64 characters long"),
    ({"id": True, "title": "t"}, "id: must be a string or a whole number"),
    ({"id": "x", "title": {"en": "t"}}, "title: must be a string or a whole number"),
    ({"id": "x", "title": "t", "description": "d" * 50_001}, "description: must be at most 50000 characters long"),
    ({"id": "x", "title": "t", "view_count": "12345678901234"}, "view_count: must be at most 1000000000000"),
    ({"id": "x", "title": "t", "view_count": 2**53}, "view_count: must be at most 1000000000000"),
    ({"id": "x", "title": "t", "upload_date": "2024-03-12"}, "upload_date: must be the date as YYYYMMDD"),
    ({"id": "x", "title": "t", "upload_date": "20240312\n"}, "upload_date: must be the date as YYYYMMDD"),
    ({"id": "x", "title": "t", "upload_date": 2024}, "upload_date: must be the date as YYYYMMDD"),
    ({"id": "x", "title": "t", "upload_date": True}, "upload_date: must be the date as YYYYMMDD"),
    ({"id": "x", "title": "t", "webpage_url": "ftp://example.org/v"}, "webpage_url: must start with https://"),
    ({"id": "x", "title": "t", "url": "javascript:alert(1)"}, "url: must start with https:// or http://"),
    ({"id": "x", "title": "t", "url": "https://example.org/" + "x" * 2000}, "url: must be at most 2000 characters"),
    ({"id": "x", "title": "t", "webpage_url": 5}, "webpage_url: must be text starting with https:// or http://"),
    ({"id": "x", "title": "t", "tags": "a,b"}, "tags: must be a list"),
    ({"id": "x", "title": "t", "tags": ["t"] * 501}, "tags: must hold at most 500 item(s)"),
    ({"id": "x", "title": "t", "tags": ["ok", "t" * 201]}, "tags[1]: must be at most 200 characters long"),
    ({"id": "x", "title": "t", "tags": ["ok", ["nested"]]}, "tags[1]: must be a string or a whole number or null"),
    ({"id": "x", "title": "t", "chapters": {"title": "a"}}, "chapters: must be a list"),
    ({"id": "x", "title": "t", "chapters": [5]}, "chapters[0]: must be an object with title and start_time"),
    ({"id": "x", "title": "t", "chapters": [{"title": "a"}]}, "chapters[0].start_time: is required"),
    ({"id": "x", "title": "t", "chapters": [{"title": "", "start_time": 0}]}, "chapters[0].title: is required"),
    ({"id": "x", "title": "t", "chapters": [{"title": "a", "start_time": 0, "end_time": "90000"}]},
     "chapters[0].end_time: must be at most 86400, got 90000.0"),
    ({"id": "x", "title": "t", "chapters": [{"title": "a", "start_time": 0}] * 1001},
     "chapters: must hold at most 1000 item(s)"),
])
def test_every_kind_of_bad_field_is_named_with_what_is_allowed(line: object, why: str) -> None:
    good, bad = list(read_catalog(f"{json.dumps(YT_DLP)}\n{json.dumps(line)}"))
    assert isinstance(good, VideoRecord)
    assert isinstance(bad, BadLine) and bad.line == 2 and bad.problem.startswith(why), bad.problem


@pytest.mark.parametrize(("line", "why"), [
    ('{"id": "x", "title": "t", "duration": Infinity}', "duration: is Infinity"),
    ('{"id": "x", "title": "t", "duration": -Infinity}', "duration: is -Infinity"),
    ('{"id": "x", "title": "t", "view_count": 1e300}', "view_count: is a number too large"),
    ('{"id": "x", "title": "t", "chapters": [{"title": "a", "start_time": ' + "1" * 5000 + "}]}",
     "chapters[0].start_time: is a number too large"),
    ('{"id": "x", "title": "t", "chapters": ' + "[" * 40 + "]" * 40 + "}", "the line is nested deeper than 32"),
    ('{"id": "x", "title": "t", "description": "a\\udc00b"}', "description: holds a lone UTF-16 surrogate"),
    ('{"id": "x\\u0000", "title": "t"}', "id: holds a NUL character"),
    ('{"id": "x", "title": "t", "chapters": [{"title": "\\u0000", "start_time": 0}]}',
     "chapters[0].title: holds a NUL character"),
])
def test_what_the_hardened_reader_refuses_is_reported_before_the_schema(line: str, why: str) -> None:
    [bad] = list(read_catalog(line))
    assert isinstance(bad, BadLine) and bad.problem.startswith(why), bad.problem


def test_fields_not_read_are_ignored_however_they_look() -> None:
    stream = "https://rr1.googlevideo.com/videoplayback?" + "x" * 5000  # yt-dlp's media url, not read
    record = read_one({**YT_DLP, "url": stream, "formats": [{"url": stream, "fps": None}], "age_limit": 0,
                       "thumbnail": 5, "epoch": 1.5e9, "_type": "video"})
    assert isinstance(record, VideoRecord) and record.url == YT_DLP["webpage_url"]


def test_empty_fields_count_as_missing_and_are_normalised() -> None:
    record = read_one({"id": 12345, "title": "  Cat-cow  ", "description": None, "duration": None,
                       "upload_date": 20240312, "webpage_url": "", "url": " https://example.org/v/1 ",
                       "tags": ["", " back ", None, 7], "chapters": None, "view_count": ""})
    assert isinstance(record, VideoRecord)
    assert (record.video_id, record.title, record.description, record.duration, record.upload_date) == (
        "12345", "Cat-cow", "", None, "2024-03-12")
    assert (record.url, record.tags, record.chapters, record.view_count) == (
        "https://example.org/v/1", ("back", "7"), (), None)
    assert read_one({"id": "y", "title": "t"}) == VideoRecord("y", "t", url="https://www.youtube.com/watch?v=y")


def test_a_csv_row_goes_through_the_same_schema() -> None:
    text = ("id,title,description,duration,url,tags\n"
            "c1,Fine,,90,,a|b\n"
            "c2,,desc,60,,\n"
            "c3,Bad url,,60,ftp://x,\n"
            "c4,Tags,,60,,ok|" + "t" * 201 + "\n"
            "c5,Nul in description,a\x00b,60,,\n"
            "c6,Number too long,,1" + "0" * 5000 + ",,\n"
            "c7,Surrogate,\ud800,60,,\n"
            "c8,Fine too,,1e3,,\n")
    items = list(read_catalog(text, "videos.csv"))
    assert [(i.video_id, i.duration, i.tags) for i in items if isinstance(i, VideoRecord)] == [
        ("c1", 90, ("a", "b")), ("c8", 1000, ())]
    assert [str(i) for i in items if isinstance(i, BadLine)] == [
        "line 3: title: is required",
        "line 4: url: must start with https:// or http://",
        "line 5: tags[1]: must be at most 200 characters long",
        "line 6: description: holds a NUL character or a lone UTF-16 surrogate, which cannot be stored",
        "line 7: duration: must be a number from 0 to 86400, or text holding one",
        "line 8: description: holds a NUL character or a lone UTF-16 surrogate, which cannot be stored"]

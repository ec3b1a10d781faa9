"""Reading catalogues: yt-dlp JSON lines and CSV; bad lines are reported with their number and skipped."""

from __future__ import annotations

import json

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

"""Reading a video catalogue: yt-dlp `--dump-json` JSON lines, or CSV (id,title,description,duration,url,tags).

A bad line is reported with its line number and skipped; the rest is read.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_ID_LENGTH = 64
# "0:00 Intro", "1:23 - Cobra", "(12:05) Bird dog", "1:02:03 Cool down": chapters written in a description
TIMESTAMP_LINE = re.compile(r"^\s*[\[(]?((?:\d{1,2}:)?\d{1,2}:\d{2})[\])]?\s*[-\u2013\u2014:|.]?\s*(\S.*?)\s*$")
CSV_COLUMNS = ("id", "title", "description", "duration", "url", "tags")


@dataclass(frozen=True)
class Chapter:
    title: str
    start_seconds: int
    end_seconds: int | None = None


@dataclass(frozen=True)
class VideoRecord:
    video_id: str
    title: str
    description: str = ""
    duration: int | None = None
    upload_date: str | None = None
    url: str = ""
    tags: tuple[str, ...] = ()
    chapters: tuple[Chapter, ...] = field(default_factory=tuple)
    view_count: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        data["chapters"] = [asdict(c) for c in self.chapters]
        return data


@dataclass(frozen=True)
class BadLine:
    line: int
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


def read_catalog(text: str, name: str = "") -> Iterator[VideoRecord | BadLine]:
    """Records (or the bad lines) of a JSON-lines or CSV catalogue, in file order."""
    if name.lower().endswith(".csv") or not text.lstrip().startswith(("{", "[")):
        yield from _read_csv(text)
    else:
        yield from _read_json_lines(text)


def _read_json_lines(text: str) -> Iterator[VideoRecord | BadLine]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            yield BadLine(number, f"not valid JSON ({error.msg} at column {error.colno})")
            continue
        yield _checked(number, raw)


def _read_csv(text: str) -> Iterator[VideoRecord | BadLine]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("id", "title") if c not in (reader.fieldnames or ())]
    if missing:
        yield BadLine(1, f"the CSV header needs the columns {', '.join(CSV_COLUMNS)}; missing {', '.join(missing)}")
        return
    for row in reader:
        raw: dict[str, Any] = {key: value for key, value in row.items() if key is not None}
        if None in row:
            yield BadLine(reader.line_num, "more fields than the header names")
            continue
        raw["tags"] = [t.strip() for t in _split_tags(raw.get("tags") or "") if t.strip()]
        yield _checked(reader.line_num, raw)


def _split_tags(value: str) -> list[str]:
    for separator in ("|", ";"):
        if separator in value:
            return value.split(separator)
    return value.split(",")


def _checked(number: int, raw: object) -> VideoRecord | BadLine:
    try:
        return _record(raw)
    except ValueError as problem:
        return BadLine(number, str(problem))


def _record(raw: object) -> VideoRecord:
    if not isinstance(raw, Mapping):
        raise ValueError("each line must be a JSON object")
    video_id = _text(raw.get("id"), "id", required=True)
    if len(video_id) > MAX_ID_LENGTH:
        raise ValueError(f"id: longer than {MAX_ID_LENGTH} characters")
    url = _text(raw.get("webpage_url") or raw.get("url"), "url") or f"https://www.youtube.com/watch?v={video_id}"
    if not url.startswith(("https://", "http://")):
        raise ValueError("url: must start with https:// or http://")
    description = _text(raw.get("description"), "description")
    chapters = tuple(_chapter(c, i) for i, c in enumerate(_list(raw.get("chapters"), "chapters")))
    return VideoRecord(
        video_id=video_id,
        title=_text(raw.get("title"), "title", required=True),
        description=description,
        duration=_seconds(raw.get("duration"), "duration"),
        upload_date=_date(raw.get("upload_date")),
        url=url,
        tags=tuple(_text(t, "tags") for t in _list(raw.get("tags"), "tags")),
        chapters=chapters or chapters_in_description(description),
        view_count=_seconds(raw.get("view_count"), "view_count"),
    )


def chapters_in_description(description: str) -> tuple[Chapter, ...]:
    """Chapters listed as timestamps in a description (at least two, in order), as YouTube shows them."""
    found = []
    for line in description.splitlines():
        match = TIMESTAMP_LINE.match(line)
        if match:
            seconds = 0
            for part in match.group(1).split(":"):
                seconds = seconds * 60 + int(part)
            found.append(Chapter(match.group(2), seconds))
    starts = [c.start_seconds for c in found]
    return tuple(found) if len(found) >= 2 and starts == sorted(starts) else ()


def _text(value: object, name: str, *, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise ValueError(f"{name}: is required")
        return ""
    if not isinstance(value, str | int):
        raise ValueError(f"{name}: must be text")
    return str(value).strip()


def _seconds(value: object, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = float(str(value))
    except ValueError:
        raise ValueError(f"{name}: must be a number, got {value!r}") from None
    if number < 0 or math.isnan(number):
        raise ValueError(f"{name}: must be 0 or more")
    return round(number)


def _date(value: object) -> str | None:
    if value in (None, ""):
        return None
    text = str(value)
    if not (len(text) == 8 and text.isdigit()):
        raise ValueError(f"upload_date: must be YYYYMMDD, got {value!r}")
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def _list(value: object, name: str) -> list[Any]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ValueError(f"{name}: must be a list")
    return value


def _chapter(raw: object, index: int) -> Chapter:
    if not isinstance(raw, Mapping):
        raise ValueError(f"chapters[{index}]: must be an object with title and start_time")
    start = _seconds(raw.get("start_time"), f"chapters[{index}].start_time")
    if start is None:
        raise ValueError(f"chapters[{index}].start_time: is required")
    return Chapter(_text(raw.get("title"), f"chapters[{index}].title", required=True), start,
                   _seconds(raw.get("end_time"), f"chapters[{index}].end_time"))

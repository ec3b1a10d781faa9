"""Reading a video catalogue: yt-dlp `--dump-json` JSON lines, or CSV (id,title,description,duration,url,tags).

A bad line is reported with its line number and why, and skipped; the rest is read. Each JSON line goes through
the hardened reader (contracts/json_input: no NaN, no number beyond 2^53, no nesting deeper than 32, no NUL or
lone surrogate); then each line, and each CSV row turned into an object, is checked against
contracts/video.schema.json, which bounds every field read (anything else on a line is ignored) so that whatever is
read can be stored and searched. Only the normalising is done here: text trimmed, numbers held in text read and
rounded, YYYYMMDD written as YYYY-MM-DD, chapters taken from the description's timestamps when there are none.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from backcoach.contracts.json_input import JsonRefused, decode
from backcoach.contracts.validator import SchemaViolation, Validator

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
        return {"video_id": self.video_id, "title": self.title, "description": self.description,
                "duration": self.duration, "upload_date": self.upload_date, "url": self.url, "tags": list(self.tags),
                "chapters": [{"title": c.title, "start_seconds": c.start_seconds, "end_seconds": c.end_seconds}
                             for c in self.chapters], "view_count": self.view_count}


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
            raw = decode(line)
        except JsonRefused as refused:
            yield BadLine(number, _refusal(refused))
            continue
        yield _checked(number, raw)


def _refusal(refused: JsonRefused) -> str:
    if refused.syntax is not None:
        return f"not valid JSON ({refused.syntax.msg} at column {refused.syntax.colno})"
    return f"{refused.path}: {refused.problem}" if refused.path else f"the line {refused.problem}"


def _read_csv(text: str) -> Iterator[VideoRecord | BadLine]:
    lines = _Counted(io.StringIO(text))
    reader = csv.DictReader(lines)
    missing = [c for c in ("id", "title") if c not in (reader.fieldnames or ())]
    if missing:
        yield BadLine(1, f"the CSV header needs the columns {', '.join(CSV_COLUMNS)}; missing {', '.join(missing)}")
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. a field over the csv module's limit: that line is skipped
            yield BadLine(lines.count, f"not valid CSV ({error})")
            continue
        raw: dict[str, Any] = {key: value for key, value in row.items() if key is not None}
        if None in row:
            yield BadLine(lines.count, "more fields than the header names")
            continue
        raw["tags"] = [t.strip() for t in _split_tags(raw.get("tags") or "") if t.strip()]
        yield _checked(lines.count, raw)


class _Counted:
    """The lines of a text, counting those read (the csv module's own count lags after an error)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.count = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        return line


def _split_tags(value: str) -> list[str]:
    for separator in ("|", ";"):
        if separator in value:
            return value.split(separator)
    return value.split(",")


@cache
def _schema() -> dict[str, Any]:
    text = resources.files("backcoach.contracts").joinpath("video.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _video_schema() -> Validator:
    return Validator(_schema())


def _checked(number: int, raw: object) -> VideoRecord | BadLine:
    try:
        return _record(raw)
    except SchemaViolation as broken:
        return BadLine(number, f"{broken.path}: {broken.problem}" if broken.path else f"the line {broken.problem}")


def _record(raw: object) -> VideoRecord:
    """The record of a line that satisfies video.schema.json (SchemaViolation otherwise), normalised."""
    line = _present(raw) if isinstance(raw, Mapping) else raw
    _video_schema().validate(line)
    assert isinstance(line, dict)
    video_id = _text(line["id"])
    description = _text(line.get("description"))
    chapters = tuple(_chapter(c, i) for i, c in enumerate(line.get("chapters") or ()))
    return VideoRecord(
        video_id=video_id,
        title=_text(line["title"]),
        description=description,
        duration=_whole(line.get("duration"), "duration", "seconds"),
        upload_date=_date(line.get("upload_date")),
        url=_text(line.get("webpage_url") or line.get("url")) or f"https://www.youtube.com/watch?v={video_id}",
        tags=tuple(tag for tag in map(_text, line.get("tags") or ()) if tag),
        chapters=chapters or chapters_in_description(description),
        view_count=_whole(line.get("view_count"), "view_count", "views"),
    )


def _present(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The fields read (those video.schema.json names), an empty one (null or "") left out as missing; so in
    each chapter."""
    line = {name: raw[name] for name in _fields_read() if name in raw and not _empty(raw[name])}
    if isinstance(line.get("chapters"), list):
        line["chapters"] = [{key: value for key, value in chapter.items() if not _empty(value)}
                            if isinstance(chapter, Mapping) else chapter for chapter in line["chapters"]]
    return line


@cache
def _fields_read() -> tuple[str, ...]:
    return (*_schema()["properties"], *_schema()["else"]["properties"])


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and value == "")


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


def _text(value: object) -> str:
    """Text as stored: trimmed; a whole number (an id, a title) written out, a missing value empty."""
    if value is None:
        return ""
    return str(int(value) if isinstance(value, float) else value).strip()


def _whole(value: object, name: str, definition: str) -> int | None:
    """A count of seconds or views, rounded; text holding a number is read, then checked like a number."""
    if value is None:
        return None
    if isinstance(value, str):  # the schema let by only numbers (already checked) and text holding one
        value = float(value)
        try:
            _video_schema().validate(value, definition)
        except SchemaViolation as broken:
            raise SchemaViolation(name, broken.problem, broken.keyword) from None
    assert isinstance(value, int | float)
    return round(value)


def _date(value: object) -> str | None:
    if value is None:
        return None
    text = str(int(value)) if isinstance(value, int | float) else str(value)
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def _chapter(raw: Mapping[str, Any], index: int) -> Chapter:
    where = f"chapters[{index}]"
    start = _whole(raw["start_time"], f"{where}.start_time", "seconds")
    end = _whole(raw.get("end_time"), f"{where}.end_time", "seconds")
    return Chapter(_text(raw["title"]), start or 0, end)

"""Reading a video catalogue: yt-dlp `--dump-json` JSON lines, or CSV (id,title,description,duration,url,tags).

A bad line is reported with its line number and why, and skipped; the rest is read. Each JSON line goes through
the hardened reader (contracts/json_input: no NaN, no number beyond 2^53, no nesting deeper than 32, no NUL or
lone surrogate), then every field read is checked against the bounds below (anything else on a line is ignored),
so that whatever is read can be stored and searched.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from backcoach.contracts.json_input import JsonRefused, decode

# The bounds of a catalogue line's fields.
MAX_ID_LENGTH = 64
MAX_SECONDS = 24 * 3600  # a duration, or a chapter's start or end
MAX_COUNT = 10**12  # view_count
MAX_TEXT = {"title": 1_000, "description": 50_000, "url": 2_000, "tags": 200, "chapters": 1_000}  # characters
MAX_ITEMS = {"tags": 500, "chapters": 1_000}
UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")  # NUL, or a lone surrogate (CSV text can hold a NUL)
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


def _checked(number: int, raw: object) -> VideoRecord | BadLine:
    try:
        return _record(raw)
    except ValueError as problem:
        return BadLine(number, str(problem))


def _record(raw: object) -> VideoRecord:
    if not isinstance(raw, Mapping):
        raise ValueError("each line must be a JSON object")
    video_id = _text(raw.get("id"), "id", MAX_ID_LENGTH, required=True)
    url = (_text(raw.get("webpage_url") or raw.get("url"), "url", MAX_TEXT["url"])
           or f"https://www.youtube.com/watch?v={video_id}")
    if not url.startswith(("https://", "http://")):
        raise ValueError("url: must start with https:// or http://")
    description = _text(raw.get("description"), "description", MAX_TEXT["description"])
    chapters = tuple(_chapter(c, i) for i, c in enumerate(_list(raw.get("chapters"), "chapters")))
    return VideoRecord(
        video_id=video_id,
        title=_text(raw.get("title"), "title", MAX_TEXT["title"], required=True),
        description=description,
        duration=_number(raw.get("duration"), "duration", MAX_SECONDS),
        upload_date=_date(raw.get("upload_date")),
        url=url,
        tags=tuple(_text(t, f"tags[{i}]", MAX_TEXT["tags"]) for i, t in enumerate(_list(raw.get("tags"), "tags"))),
        chapters=chapters or chapters_in_description(description),
        view_count=_number(raw.get("view_count"), "view_count", MAX_COUNT),
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


def _text(value: object, name: str, limit: int, *, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise ValueError(f"{name}: is required")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"{name}: must be text")
    text = str(value).strip()
    if len(text) > limit:
        raise ValueError(f"{name}: longer than {limit} characters")
    if UNSTORABLE.search(text):
        raise ValueError(f"{name}: holds a NUL character or a lone UTF-16 surrogate, which cannot be stored")
    return text


def _number(value: object, name: str, maximum: int) -> int | None:
    """A whole count of seconds or views, rounded, from 0 to ``maximum``."""
    if value is None or value == "":
        return None
    number: float
    if isinstance(value, bool):
        raise ValueError(f"{name}: must be a number, got {value!r}")
    if isinstance(value, int | float):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{name}: must be a number, got {_shown(value)}") from None
    else:
        raise ValueError(f"{name}: must be a number, got {_shown(value)}")
    if not (math.isfinite(number) and 0 <= number <= maximum):
        raise ValueError(f"{name}: must be a number from 0 to {maximum}, got {_shown(value)}")
    return round(number)


def _shown(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else f"{shown[:37]}..."


def _date(value: object) -> str | None:
    if value in (None, ""):
        return None
    text = str(value)
    if not (len(text) == 8 and text.isdigit()):
        raise ValueError(f"upload_date: must be YYYYMMDD, got {_shown(value)}")
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def _list(value: object, name: str) -> list[Any]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ValueError(f"{name}: must be a list")
    if len(value) > MAX_ITEMS[name]:
        raise ValueError(f"{name}: more than {MAX_ITEMS[name]} items")
    return value


def _chapter(raw: object, index: int) -> Chapter:
    if not isinstance(raw, Mapping):
        raise ValueError(f"chapters[{index}]: must be an object with title and start_time")
    start = _number(raw.get("start_time"), f"chapters[{index}].start_time", MAX_SECONDS)
    if start is None:
        raise ValueError(f"chapters[{index}].start_time: is required")
    return Chapter(_text(raw.get("title"), f"chapters[{index}].title", MAX_TEXT["chapters"], required=True), start,
                   _number(raw.get("end_time"), f"chapters[{index}].end_time", MAX_SECONDS))

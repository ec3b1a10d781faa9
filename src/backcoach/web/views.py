"""What a page shows, built once for the page and its JSON twin."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from backcoach.bootstrap import Application
from backcoach.domain.guidance import NO_EXERCISE_LEVELS
from backcoach.domain.units import clock
from backcoach.services.accounts import Account

SHOWN_EXCLUSIONS = ("safety", "position", "time")  # the ones a person should know; the rest are only listed
YOUTUBE_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com",
                 "www.youtube-nocookie.com")
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
EMBED = "https://www.youtube-nocookie.com/embed/{id}?start={start}"


def plan_view(app: Application, plan_id: str, viewer: Account | None) -> dict[str, Any]:
    """The plan page's content, as the page and its JSON twin show it: the plan, the best videos, the best
    chapter of each exercise (with a privacy-enhanced embed when it is on YouTube) and what was left out,
    grouped by reason."""
    plan = app.saved_plans().open(plan_id, viewer.id if viewer else None)
    videos = {entry["exercise_id"]: entry["videos"] for entry in app.videos.recommend(plan)}
    exercise_allowed = plan["triage"]["level"] not in NO_EXERCISE_LEVELS
    return {"id": plan_id, "plan": plan, "videos": videos,
            "best_video": {exercise: best_chapter(found) for exercise, found in videos.items() if found},
            "left_out": grouped_exclusions(plan["excluded"], SHOWN_EXCLUSIONS),
            "not_needed": grouped_exclusions(plan["excluded"], exclude=(*SHOWN_EXCLUSIONS, "triage")),
            "can_start": bool(plan["routine"]) and plan["triage"]["level"] == "self_care_ok",
            "exercise_allowed": exercise_allowed}


def best_chapter(videos: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The first (best) video, with where to start and the embed address when it is a YouTube video."""
    video = videos[0]
    start = max(int(video.get("start_seconds") or 0), 0)
    youtube = youtube_id(str(video.get("url", "")))
    return {"title": video.get("title", ""), "url": video.get("url", ""), "start_seconds": start,
            "start_text": video.get("start_text") or clock(start), "chapter_title": video.get("chapter_title"),
            "embed_url": EMBED.format(id=youtube, start=start) if youtube else None}


def youtube_id(url: str) -> str | None:
    """The video id of a YouTube address (watch?v=, youtu.be/, /embed/, /shorts/, /live/, /v/), else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https"):
        return None
    candidate: str | None = None
    if host in ("youtu.be", "www.youtu.be"):
        candidate = parts.path.strip("/").split("/")[0]
    elif host in YOUTUBE_HOSTS:
        segments = [s for s in parts.path.split("/") if s]
        if segments[:1] == ["watch"]:
            candidate = next(iter(parse_qs(parts.query).get("v", [])), None)
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            candidate = segments[1]
    return candidate if candidate and YOUTUBE_ID.fullmatch(candidate) else None


def grouped_exclusions(excluded: Iterable[Mapping[str, Any]], kinds: Iterable[str] = (),
                       exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Left-out exercises of the given kinds (or all but ``exclude``), one entry per reason listing the
    exercises it leaves out, in the order the plan first gives each reason."""
    wanted, unwanted = set(kinds), set(exclude)
    groups: dict[str, dict[str, Any]] = {}
    for entry in excluded:
        kind = str(entry.get("kind", "not_needed"))
        if (wanted and kind not in wanted) or kind in unwanted:
            continue
        group = groups.setdefault(str(entry["reason"]), {"reason": entry["reason"], "kind": kind, "exercises": []})
        group["exercises"].append({"exercise_id": entry["exercise_id"],
                                   "name": entry.get("name") or entry["exercise_id"]})
    return list(groups.values())

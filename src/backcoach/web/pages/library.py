"""The exercise library and the video search pages (twins: /api/v1/exercises, /api/v1/videos/search)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from backcoach.errors import InvalidInput
from backcoach.services.exercises import list_exercises
from backcoach.services.meaning import available as semantic_available
from backcoach.web.deps import app_of
from backcoach.web.pages.render import render

router = APIRouter()


@router.get("/videos", response_class=HTMLResponse, include_in_schema=False)
def videos_page(request: Request, q: str = "", limit: int = 10, semantic: bool | None = None) -> Response:
    """The search page; its JSON twin is GET /api/v1/videos/search. Where matching by meaning is on by default
    it is used once ready (the page says so); else a box asks for it."""
    videos = app_of(request).videos
    results: list[dict[str, Any]] = []
    error = None
    can_mean = semantic_available()
    if q.strip():
        try:
            results = videos.search(q, limit, semantic=None if semantic is None else semantic and can_mean)
        except InvalidInput as problem:
            error = problem
    context = {"q": q, "results": results, "error": error, "semantic": semantic, "can_mean": can_mean,
               "meaning": videos.meaning_status()}
    return render(request, "videos.html", context, 422 if error else 200)


@router.get("/exercises", response_class=HTMLResponse, include_in_schema=False)
def exercises_page(request: Request) -> Response:
    return render(request, "exercises.html", {"exercises": list_exercises()})

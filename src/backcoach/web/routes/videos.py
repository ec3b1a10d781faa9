"""Video search over the catalogue."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backcoach.web.deps import App
from backcoach.web.documented import errors

router = APIRouter(prefix="/api/v1", tags=["videos"])


@router.get("/videos/search", summary="The best videos for what was typed", responses=errors(422))
def video_search(app: App, q: str = "", limit: int = 10, semantic: bool | None = None) -> list[dict[str, Any]]:
    """Also matched by meaning where that is on by default (BACKCOACH_SEMANTIC and the embeddings extra) and
    loaded; `semantic=true` asks for it (waiting for the model if need be; without the extra, an error saying
    how to install it), `semantic=false` matches words alone."""
    return app.videos.search(q, limit, semantic=semantic)

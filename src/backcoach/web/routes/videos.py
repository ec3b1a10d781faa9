"""Video search over the catalogue."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backcoach.web.deps import App
from backcoach.web.documented import errors

router = APIRouter(prefix="/api/v1", tags=["videos"])


@router.get("/videos/search", summary="The best videos for what was typed", responses=errors(422))
def video_search(app: App, q: str = "", limit: int = 10, semantic: bool = False) -> list[dict[str, Any]]:
    """`semantic=true` also matches by meaning (needs the embeddings extra)."""
    return app.videos.search(q, limit, semantic=semantic)

"""An exercise's figure as an SVG image (its JSON twin: `figure` in GET /api/v1/exercises/{exercise_id})."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from backcoach.web.figure_svg import exercise_svg

router = APIRouter()
CACHE_CONTROL = "public, max-age=86400"  # the picture changes only with a new release


@router.get("/exercises/{exercise_id}/figure.svg", include_in_schema=False)
def exercise_figure_svg(exercise_id: str) -> Response:
    """The figure of the exercise's position; an unknown id is a 404 in the app's error body."""
    return Response(exercise_svg(exercise_id), media_type="image/svg+xml", headers={"Cache-Control": CACHE_CONTROL})

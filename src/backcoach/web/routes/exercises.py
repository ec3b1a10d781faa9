"""The exercise library."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backcoach.services.exercises import get_exercise, list_exercises
from backcoach.web.documented import errors

router = APIRouter(prefix="/api/v1", tags=["exercises"])


@router.get("/exercises")
def exercises() -> dict[str, Any]:
    return {"exercises": list_exercises()}


@router.get("/exercises/{exercise_id}", responses=errors(404, 422))
def exercise(exercise_id: str) -> dict[str, Any]:
    return get_exercise(exercise_id)

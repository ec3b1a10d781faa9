"""JSON API under /api/v1 (interfaces.md): each page's twin and the plan endpoint."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from backcoach.errors import InvalidInput, UnsupportedMediaType
from backcoach.knowledge.files import intake_schema
from backcoach.knowledge.questions import load_questionnaire
from backcoach.services.exercises import get_exercise, list_exercises
from backcoach.services.movement import protocol
from backcoach.services.planning import build_plan
from backcoach.web.deps import App

router = APIRouter()


async def json_body(request: Request) -> Any:
    """The request's JSON document; needs Content-Type application/json (the CSRF defence of JSON calls).
    Read on the event loop; the routes that use it run in worker threads (nothing blocks the loop)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise UnsupportedMediaType("send the body as JSON with Content-Type: application/json")
    raw = await request.body()
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput("body", f"is not valid JSON ({error})") from None


async def json_object(request: Request) -> dict[str, Any]:
    """The request's JSON document, which must be an object."""
    body = await json_body(request)
    if not isinstance(body, dict):
        raise InvalidInput("body", "must be a JSON object")
    return body


Body = Annotated[Any, Depends(json_body)]
JsonObject = Annotated[dict[str, Any], Depends(json_object)]


@router.post(
    "/api/v1/plans",
    tags=["plans"],
    summary="Intake answers -> triage and an explained, dosed routine",
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": intake_schema()}}}},
)
def create_plan(body: Body) -> dict[str, Any]:
    return build_plan(body)


@router.get("/api/v1/exercises", tags=["exercises"])
def exercises() -> dict[str, Any]:
    return {"exercises": list_exercises()}


@router.get("/api/v1/exercises/{exercise_id}", tags=["exercises"])
def exercise(exercise_id: str) -> dict[str, Any]:
    return get_exercise(exercise_id)


@router.get("/api/v1/intake/questions", tags=["intake"])
def intake_questions() -> dict[str, Any]:
    return {
        "sections": [
            {"id": s.id, "title": s.title, "help": s.help,
             "questions": [{**q._asdict(), "options": [o._asdict() for o in q.options]} for q in s.questions]}
            for s in load_questionnaire()
        ]
    }


@router.get("/api/v1/videos/search", tags=["videos"], summary="The best videos for what was typed")
def video_search(app: App, q: str = "", limit: int = 10, semantic: bool = False) -> list[dict[str, Any]]:
    """`semantic=true` also matches by meaning (needs the embeddings extra)."""
    return app.videos.search(q, limit, semantic=semantic)


@router.get("/api/v1/movement-test", tags=["movement test"],
            summary="The guided repeated-movement test: steps per direction and what to watch for")
def movement_test() -> dict[str, Any]:
    return protocol()


@router.get("/healthz", tags=["health"])
def health() -> dict[str, str]:
    return {"status": "ok"}

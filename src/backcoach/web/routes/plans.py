"""Plans: intake answers -> triage and an explained, dosed routine; the intake's questions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic_core import to_json

from backcoach.knowledge.files import intake_schema
from backcoach.knowledge.questions import load_questionnaire
from backcoach.services.planning import plan_for
from backcoach.web.bodies import Body
from backcoach.web.deps import app_of, signed_in
from backcoach.web.documented import JSON_BODY, errors
from backcoach.web.views import plan_view

router = APIRouter(prefix="/api/v1")


@router.post(
    "/plans", tags=["plans"],
    summary="Intake answers -> triage and an explained, dosed routine", responses=errors(*JSON_BODY),
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": intake_schema()}}}},
    response_model=dict[str, Any],
)
def create_plan(body: Body) -> Response:
    return json_answer(plan_for(body))


@router.get("/plans/{plan_id}", tags=["plans"], summary="A plan kept at its own address, with the best videos",
            responses=errors(404, 422), response_model=dict[str, Any])
def saved_plan(request: Request, plan_id: str) -> Response:
    """The twin of the page /plans/{plan_id}: an anonymous plan for whoever holds its address, one of yours only
    for you."""
    return json_answer(plan_view(app_of(request), plan_id, signed_in(request)))


def json_answer(document: dict[str, Any]) -> Response:
    """The document as JSON, the bytes FastAPI would send for `dict[str, Any]` (pydantic's serializer), without
    FastAPI re-checking a 25 KiB plan against that model in one more worker thread per request."""
    return Response(to_json(document), media_type="application/json")


@router.get("/intake/questions", tags=["intake"])
def intake_questions() -> dict[str, Any]:
    return {
        "sections": [
            {"id": s.id, "title": s.title, "help": s.help,
             "questions": [{**q._asdict(), "options": [o._asdict() for o in q.options]} for q in s.questions]}
            for s in load_questionnaire()
        ]
    }

"""Programs: save a plan as your current program, read one back."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backcoach.web.bodies import Body, field
from backcoach.web.deps import Myself, ProgramId
from backcoach.web.documented import JSON_BODY, PLAN_BODY, SIGNED_IN, errors, json_body

router = APIRouter(prefix="/api/v1", tags=["programs"])


@router.post("/me/programs", status_code=201, summary="Save a plan as your current program",
             responses=errors(*SIGNED_IN, *JSON_BODY), openapi_extra=json_body(PLAN_BODY))
def save_program(person: Myself, body: Body) -> dict[str, Any]:
    program_id = person.programs.save_plan(field(body, "plan"), reason="saved from a plan")
    return person.programs.program_document(program_id)


@router.get("/me/programs/{program_id}", responses=errors(*SIGNED_IN, 404, 422))
def get_program(person: Myself, program_id: ProgramId) -> dict[str, Any]:
    return person.programs.program_document(program_id)

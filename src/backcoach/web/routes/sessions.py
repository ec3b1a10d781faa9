"""Guided sessions: start one of your programs, send its events (each with an Idempotency-Key), read it back."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from backcoach.errors import BadRequest
from backcoach.web.bodies import Body, ProgramIdInBody
from backcoach.web.deps import Myself, SessionId
from backcoach.web.documented import JSON_BODY, PROGRAM_ID_BODY, SESSION_EVENT, SIGNED_IN, errors, json_body

router = APIRouter(prefix="/api/v1", tags=["sessions"])
# The event route reads its Idempotency-Key itself (a missing one is 400, as interfaces.md says, not FastAPI's
# 422), so the document says here that the header is required.
EVENT_PARAMETERS = [
    {"name": "Idempotency-Key", "in": "header", "required": True,
     "description": "A new key per event; the same key and event again answer the stored effects",
     "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
]


@router.post("/sessions/{session_id}/events",
             summary="One session event; the answer is the effects it caused (Idempotency-Key required)",
             responses=errors(400, *SIGNED_IN, 404, 409, *JSON_BODY),
             openapi_extra={**json_body(SESSION_EVENT), "parameters": EVENT_PARAMETERS},
             response_model=list[dict[str, Any]])
def session_event(person: Myself, session_id: SessionId, body: Body, request: Request) -> Response:
    idempotency_key = request.headers.get("idempotency-key")
    if not idempotency_key or len(idempotency_key) > 200:
        raise BadRequest("send an Idempotency-Key header (up to 200 characters) with every event")
    # The answer as it is (FastAPI would re-check it against the model in one more worker thread, per event).
    return JSONResponse(person.events.record(session_id, body, idempotency_key))


@router.post("/sessions", status_code=201, summary="Start a session of one of your programs",
             responses=errors(*SIGNED_IN, 404, 409, *JSON_BODY), openapi_extra=json_body(PROGRAM_ID_BODY))
def start_session(person: Myself, program_id: ProgramIdInBody) -> dict[str, Any]:
    recorded = person.sessions.start(program_id)
    return person.sessions.document(recorded.session_id)


@router.get("/sessions/{session_id}", responses=errors(*SIGNED_IN, 404, 422))
def get_session(person: Myself, session_id: SessionId) -> dict[str, Any]:
    return person.sessions.document(session_id)

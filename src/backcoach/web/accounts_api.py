"""The account part of the JSON API (interfaces.md): sign-in, own data, programs, sessions, check-ins,
progress, export and erasure, and a clinician's own patients. Anything of someone else's answers 404.

Routes are plain functions: FastAPI runs them in worker threads, so hashing a password or a query never
blocks the event loop; the JSON body is read on the loop by a dependency."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse

from backcoach.errors import BadRequest, InvalidInput
from backcoach.services.accounts import ABSOLUTE_TIMEOUT_SECONDS
from backcoach.web.api import Body, ProgramIdInBody
from backcoach.web.deps import COOKIE, App, Clinician, Me, Myself, PatientId, ProgramId, SessionId
from backcoach.web.documented import (
    CLINICIAN,
    JSON_BODY,
    PLAN_BODY,
    PROGRAM_ID_BODY,
    SESSION_EVENT,
    SIGNED_IN,
    account_body,
    errors,
    json_body,
)

router = APIRouter(prefix="/api/v1")


def field(body: object, name: str) -> Any:
    if not isinstance(body, dict) or name not in body:
        raise InvalidInput(name, "is required")
    return body[name]


@router.post("/auth/register", status_code=201, tags=["accounts"], responses=errors(*JSON_BODY),
             openapi_extra=json_body(account_body("register")),
             summary="Create a patient account, then sign in with /auth/login (the same answer if it exists)")
def register(app: App, body: Body) -> dict[str, Any]:
    email = app.accounts().register(body)
    return {"email": email, "message": "sign in with this email and your password"}


@router.post("/auth/login", tags=["accounts"], summary="Sign in (sets a new session cookie)",
             responses=errors(401, 429, *JSON_BODY), openapi_extra=json_body(account_body("login")))
def login(app: App, request: Request, response: Response, body: Body) -> dict[str, Any]:
    client = request.client.host if request.client else None
    account, token = app.accounts().sign_in_request(body, client=client, replaces=request.cookies.get(COOKIE))
    secure = app.settings.secure_cookies or request.url.scheme == "https"
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=secure,
                        max_age=ABSOLUTE_TIMEOUT_SECONDS, path="/")
    return account.to_dict()


@router.post("/auth/logout", status_code=204, tags=["accounts"])
def logout(app: App, request: Request, response: Response) -> None:
    token = request.cookies.get(COOKIE)
    if token:
        app.accounts().sign_out(token)
    response.delete_cookie(COOKIE, path="/")


@router.get("/me", tags=["accounts"], responses=errors(*SIGNED_IN))
def me(account: Me) -> dict[str, Any]:
    return account.to_dict()


@router.get("/me/export", tags=["accounts"], summary="Everything stored about you", responses=errors(*SIGNED_IN))
def export(app: App, account: Me) -> dict[str, Any]:
    return app.accounts().export(account)


@router.delete("/me", status_code=204, tags=["accounts"], summary="Erase your account and all your data",
               responses=errors(*SIGNED_IN))
def erase(app: App, response: Response, account: Me) -> None:
    app.accounts().erase(account)
    response.delete_cookie(COOKIE, path="/")


@router.post("/me/programs", status_code=201, tags=["programs"], summary="Save a plan as your current program",
             responses=errors(*SIGNED_IN, *JSON_BODY), openapi_extra=json_body(PLAN_BODY))
def save_program(person: Myself, body: Body) -> dict[str, Any]:
    program_id = person.programs.save_plan(field(body, "plan"), reason="saved from a plan")
    return person.programs.program_document(program_id)


@router.get("/me/programs/{program_id}", tags=["programs"], responses=errors(*SIGNED_IN, 404, 422))
def get_program(person: Myself, program_id: ProgramId) -> dict[str, Any]:
    return person.programs.program_document(program_id)


@router.post("/sessions", status_code=201, tags=["sessions"], summary="Start a session of one of your programs",
             responses=errors(*SIGNED_IN, 404, 409, *JSON_BODY), openapi_extra=json_body(PROGRAM_ID_BODY))
def start_session(person: Myself, program_id: ProgramIdInBody) -> dict[str, Any]:
    recorded = person.sessions.start(program_id)
    return person.sessions.document(recorded.session_id)


@router.get("/sessions/{session_id}", tags=["sessions"], responses=errors(*SIGNED_IN, 404, 422))
def get_session(person: Myself, session_id: SessionId) -> dict[str, Any]:
    return person.sessions.document(session_id)


@router.post("/sessions/{session_id}/events", tags=["sessions"],
             summary="One session event; the answer is the effects it caused (Idempotency-Key required)",
             responses=errors(400, *SIGNED_IN, 404, 409, *JSON_BODY), openapi_extra=json_body(SESSION_EVENT),
             response_model=list[dict[str, Any]])
def session_event(person: Myself, session_id: SessionId, body: Body,
                  idempotency_key: Annotated[str | None, Header()] = None) -> Response:
    if not idempotency_key or len(idempotency_key) > 200:
        raise BadRequest("send an Idempotency-Key header (up to 200 characters) with every event")
    # The answer as it is (FastAPI would re-check it against the model in one more worker thread, per event).
    return JSONResponse(person.events.record(session_id, body, idempotency_key))


@router.get("/clinician/patients", tags=["clinician"], summary="Your own patients", responses=errors(401, 403))
def patients(app: App, clinician: Clinician) -> list[dict[str, Any]]:
    return app.accounts().patients_of(clinician)


@router.post("/clinician/patients/{patient_id}/programs", status_code=201, tags=["clinician"],
             summary="Prescribe a program (a plan) to one of your patients",
             responses=errors(*CLINICIAN, *JSON_BODY), openapi_extra=json_body(PLAN_BODY))
def prescribe(app: App, clinician: Clinician, patient_id: PatientId, body: Body) -> dict[str, Any]:
    patient = app.person(app.accounts().own_patient(clinician, patient_id, "opened your record to prescribe a program"))
    program_id = patient.programs.save_plan(field(body, "plan"), reason=f"prescribed by {clinician.email}",
                                            created_by=clinician.id)
    return patient.programs.program_document(program_id)

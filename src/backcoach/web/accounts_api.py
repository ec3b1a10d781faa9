"""The account part of the JSON API (interfaces.md): sign-in, own data, programs, sessions, check-ins,
progress, export and erasure, and a clinician's own patients. Anything of someone else's answers 404."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response

from backcoach.errors import BadRequest, Forbidden, InvalidInput
from backcoach.services.accounts import Account, AccountService
from backcoach.services.care import CareService
from backcoach.services.movement import MovementTests, score
from backcoach.services.programs import ProgramService
from backcoach.services.sessions import KeyedEvents, SessionService
from backcoach.services.store import Store, store_from_settings
from backcoach.web.api import json_body

COOKIE = "backcoach_session"
router = APIRouter(prefix="/api/v1")


def store(request: Request) -> Store:
    return store_from_settings(request.app.state.settings)


def accounts(request: Request) -> AccountService:
    return AccountService(store(request))


def current_account(request: Request) -> Account:
    return accounts(request).account_for(request.cookies.get(COOKIE))


def current_clinician(account: Annotated[Account, Depends(current_account)]) -> Account:
    if account.role != "clinician":
        raise Forbidden("only clinician accounts can do this")
    return account


Me = Annotated[Account, Depends(current_account)]
Clinician = Annotated[Account, Depends(current_clinician)]


def _field(body: object, name: str) -> Any:
    if not isinstance(body, dict) or name not in body:
        raise InvalidInput(name, "is required")
    return body[name]


def _sign_in(request: Request, response: Response, body: object) -> dict[str, Any]:
    account, token = accounts(request).sign_in(_field(body, "email"), _field(body, "password"))
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                        max_age=14 * 24 * 3600, path="/")
    return account.to_dict()


@router.post("/auth/register", status_code=201, tags=["accounts"], summary="Create a patient account and sign in")
async def register(request: Request, response: Response) -> dict[str, Any]:
    body = await json_body(request)
    accounts(request).create(_field(body, "email"), _field(body, "password"))
    return _sign_in(request, response, body)


@router.post("/auth/login", tags=["accounts"], summary="Sign in (sets the session cookie)")
async def login(request: Request, response: Response) -> dict[str, Any]:
    return _sign_in(request, response, await json_body(request))


@router.post("/auth/logout", status_code=204, tags=["accounts"])
def logout(request: Request, response: Response) -> None:
    token = request.cookies.get(COOKIE)
    if token:
        accounts(request).sign_out(token)
    response.delete_cookie(COOKIE, path="/")


@router.get("/me", tags=["accounts"])
def me(account: Me) -> dict[str, Any]:
    return account.to_dict()


@router.get("/me/export", tags=["accounts"], summary="Everything stored about you")
def export(request: Request, account: Me) -> dict[str, Any]:
    return accounts(request).export(account)


@router.delete("/me", status_code=204, tags=["accounts"], summary="Erase your account and all your data")
def erase(request: Request, response: Response, account: Me) -> None:
    accounts(request).erase(account)
    response.delete_cookie(COOKIE, path="/")


@router.post("/me/programs", status_code=201, tags=["programs"], summary="Save a plan as your current program")
async def save_program(request: Request, account: Me) -> dict[str, Any]:
    service = ProgramService(store(request), account.id)
    program_id = service.save_plan(_field(await json_body(request), "plan"), reason="saved from a plan")
    return service.program_document(program_id)


@router.get("/me/programs/{program_id}", tags=["programs"])
def get_program(request: Request, account: Me, program_id: int) -> dict[str, Any]:
    return ProgramService(store(request), account.id).program_document(program_id)


@router.post("/sessions", status_code=201, tags=["sessions"], summary="Start a session of one of your programs")
async def start_session(request: Request, account: Me) -> dict[str, Any]:
    program_id = _field(await json_body(request), "program_id")
    if isinstance(program_id, bool) or not isinstance(program_id, int):
        raise InvalidInput("program_id", "must be the id of one of your programs")
    recorded = SessionService(store(request), account.id).start(program_id)
    return KeyedEvents(store(request), account.id).document(recorded.session_id)


@router.get("/sessions/{session_id}", tags=["sessions"])
def get_session(request: Request, account: Me, session_id: int) -> dict[str, Any]:
    return KeyedEvents(store(request), account.id).document(session_id)


@router.post("/sessions/{session_id}/events", tags=["sessions"],
             summary="One session event; the answer is the effects it caused (Idempotency-Key required)")
async def session_event(request: Request, account: Me, session_id: int,
                        idempotency_key: Annotated[str | None, Header()] = None) -> list[dict[str, Any]]:
    if not idempotency_key or len(idempotency_key) > 200:
        raise BadRequest("send an Idempotency-Key header (up to 200 characters) with every event")
    return KeyedEvents(store(request), account.id).record(session_id, await json_body(request), idempotency_key)


@router.post("/me/checkins", status_code=201, tags=["progress"])
async def checkin(request: Request, account: Me) -> dict[str, Any]:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise InvalidInput("body", "must be a JSON object")
    return ProgramService(store(request), account.id).checkin(body)


@router.get("/me/progress", tags=["progress"])
def progress(request: Request, account: Me) -> dict[str, Any]:
    return ProgramService(store(request), account.id).progress()


@router.post("/me/movement-tests", status_code=201, tags=["movement test"],
             summary="Score and keep a guided movement test: {direction, method, before, after, stopped_spreading}")
async def movement_test(request: Request, account: Me) -> dict[str, Any]:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise InvalidInput("body", "must be a JSON object: {direction, method, before, after}")
    method = body.get("method")
    if not isinstance(method, str) or not method.strip() or len(method) > 40:
        raise InvalidInput("method", "name the way the test was done, e.g. prone_press_ups")
    spreading = body.get("stopped_spreading", False)
    if not isinstance(spreading, bool):
        raise InvalidInput("stopped_spreading", "must be true or false")
    result = score(str(body.get("direction")), body.get("before"), body.get("after"), stopped_spreading=spreading)
    return MovementTests(store(request), account.id).record(result, method)


@router.get("/me/movement-tests", tags=["movement test"])
def movement_tests(request: Request, account: Me) -> list[dict[str, Any]]:
    return MovementTests(store(request), account.id).results()


@router.get("/me/lesson", tags=["progress"], summary="Today's short lesson from your plan (one a day, in turn)")
def lesson(request: Request, account: Me) -> dict[str, Any] | None:
    return ProgramService(store(request), account.id).lesson()


@router.get("/me/care", tags=["safety"], summary="Your safety stops: those holding now and every one before")
def care(request: Request, account: Me) -> dict[str, Any]:
    service = CareService(store(request), account.id)
    return {"active": service.active(), "history": service.history()}


@router.post("/me/clearances", tags=["safety"],
             summary="Record that a clinician assessed you: lifts the stops that began on or before that day")
async def clear_myself(request: Request, account: Me) -> dict[str, Any]:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise InvalidInput("body", "must be a JSON object: {assessed_on, clinician_said}")
    return CareService(store(request), account.id).clear(body.get("assessed_on"), body.get("clinician_said"),
                                                         by_role="patient", by_user=account.id)


@router.get("/clinician/patients", tags=["clinician"], summary="Your own patients")
def patients(request: Request, clinician: Clinician) -> list[dict[str, Any]]:
    return accounts(request).patients_of(clinician)


@router.post("/clinician/patients/{patient_id}/clearances", tags=["clinician"],
             summary="Clear a patient's safety stops after assessing them")
async def clear_patient(request: Request, clinician: Clinician, patient_id: int) -> dict[str, Any]:
    patient = accounts(request).own_patient(clinician, patient_id)
    body = await json_body(request)
    if not isinstance(body, dict):
        raise InvalidInput("body", "must be a JSON object: {note, assessed_on?}")
    return CareService(store(request), patient).clear(body.get("assessed_on"), body.get("note"), by_role="clinician",
                                                      by_user=clinician.id, note_field="note")


@router.post("/clinician/patients/{patient_id}/programs", status_code=201, tags=["clinician"],
             summary="Prescribe a program (a plan) to one of your patients")
async def prescribe(request: Request, clinician: Clinician, patient_id: int) -> dict[str, Any]:
    patient = accounts(request).own_patient(clinician, patient_id)
    service = ProgramService(store(request), patient)
    program_id = service.save_plan(_field(await json_body(request), "plan"), reason=f"prescribed by {clinician.email}",
                                   created_by=clinician.id)
    return service.program_document(program_id)

"""The JSON API of progress and safety over weeks: check-ins (screened as at intake), progress, lessons,
safety stops and their clearance, and the guided movement test."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backcoach.errors import InvalidInput
from backcoach.services.movement import score
from backcoach.web.api import JsonObject
from backcoach.web.deps import App, Clinician, Myself, PatientId
from backcoach.web.documented import (
    CHECKIN,
    CLINICIAN,
    CLINICIAN_CLEARANCE,
    JSON_BODY,
    MOVEMENT_TEST,
    PATIENT_CLEARANCE,
    SIGNED_IN,
    errors,
    json_body,
)

router = APIRouter(prefix="/api/v1")


@router.post("/me/checkins", status_code=201, tags=["progress"], responses=errors(*SIGNED_IN, *JSON_BODY),
             openapi_extra=json_body(CHECKIN))
def checkin(person: Myself, body: JsonObject) -> dict[str, Any]:
    return person.programs.checkin(body)


@router.get("/me/progress", tags=["progress"], responses=errors(*SIGNED_IN))
def progress(person: Myself) -> dict[str, Any]:
    return person.programs.progress()


@router.get("/me/lesson", tags=["progress"], summary="Today's short lesson from your plan (one a day, in turn)",
            responses=errors(*SIGNED_IN))
def lesson(person: Myself) -> dict[str, Any] | None:
    return person.programs.lesson()


@router.post("/me/movement-tests", status_code=201, tags=["movement test"],
             summary="Score and keep a guided movement test: {direction, method, before, after, stopped_spreading}",
             responses=errors(*SIGNED_IN, *JSON_BODY), openapi_extra=json_body(MOVEMENT_TEST))
def movement_test(person: Myself, body: JsonObject) -> dict[str, Any]:
    method = body.get("method")
    if not isinstance(method, str) or not method.strip() or len(method) > 40:
        raise InvalidInput("method", "name the way the test was done, e.g. prone_press_ups")
    spreading = body.get("stopped_spreading", False)
    if not isinstance(spreading, bool):
        raise InvalidInput("stopped_spreading", "must be true or false")
    result = score(str(body.get("direction")), body.get("before"), body.get("after"), stopped_spreading=spreading)
    return person.movement_tests.record(result, method)


@router.get("/me/movement-tests", tags=["movement test"], responses=errors(*SIGNED_IN))
def movement_tests(person: Myself) -> list[dict[str, Any]]:
    return person.movement_tests.results()


@router.get("/me/care", tags=["safety"], summary="Your safety stops: those holding now and every one before",
            responses=errors(*SIGNED_IN))
def care(person: Myself) -> dict[str, Any]:
    return {"active": person.care.active(), "history": person.care.history()}


@router.post("/me/clearances", tags=["safety"],
             summary="Record that a clinician assessed you: lifts the stops that began on or before that day",
             responses=errors(*SIGNED_IN, *JSON_BODY), openapi_extra=json_body(PATIENT_CLEARANCE))
def clear_myself(person: Myself, body: JsonObject) -> dict[str, Any]:
    return person.care.clear(body.get("assessed_on"), body.get("clinician_said"), by_role="patient",
                             by_user=person.user_id)


@router.post("/clinician/patients/{patient_id}/clearances", tags=["clinician"],
             summary="Clear a patient's safety stops after assessing them",
             responses=errors(*CLINICIAN, *JSON_BODY), openapi_extra=json_body(CLINICIAN_CLEARANCE))
def clear_patient(app: App, clinician: Clinician, patient_id: PatientId, body: JsonObject) -> dict[str, Any]:
    patient = app.person(app.accounts().own_patient(clinician, patient_id))
    return patient.care.clear(body.get("assessed_on"), body.get("note"), by_role="clinician", by_user=clinician.id,
                              note_field="note")

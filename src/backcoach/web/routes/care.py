"""Safety over weeks: your safety stops and their clearance, and the guided movement test."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backcoach.errors import InvalidInput
from backcoach.services.movement import protocol, score
from backcoach.web.bodies import JsonObject
from backcoach.web.deps import Myself
from backcoach.web.documented import JSON_BODY, MOVEMENT_TEST, PATIENT_CLEARANCE, SIGNED_IN, errors, json_body

router = APIRouter(prefix="/api/v1")


@router.get("/movement-test", tags=["movement test"],
            summary="The guided repeated-movement test: steps per direction and what to watch for")
def movement_test_protocol() -> dict[str, Any]:
    return protocol()


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

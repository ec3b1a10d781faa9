"""Progress over weeks: check-ins (screened as at intake), trends and today's lesson."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backcoach.web.bodies import JsonObject
from backcoach.web.deps import Myself
from backcoach.web.documented import CHECKIN, JSON_BODY, SIGNED_IN, errors, json_body

router = APIRouter(prefix="/api/v1/me", tags=["progress"])


@router.post("/checkins", status_code=201, responses=errors(*SIGNED_IN, *JSON_BODY), openapi_extra=json_body(CHECKIN))
def checkin(person: Myself, body: JsonObject) -> dict[str, Any]:
    return person.programs.checkin(body)


@router.get("/progress", responses=errors(*SIGNED_IN))
def progress(person: Myself) -> dict[str, Any]:
    return person.programs.progress()


@router.get("/lesson", summary="Today's short lesson from your plan (one a day, in turn)", responses=errors(*SIGNED_IN))
def lesson(person: Myself) -> dict[str, Any] | None:
    return person.programs.lesson()

"""Clinicians' invite codes: a clinician makes one; a patient enters it to share their record with that
clinician, sees who it is and can stop sharing (services/invites.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from backcoach.web.bodies import Body
from backcoach.web.deps import App, Clinician, Me
from backcoach.web.documented import INVITE_CODE, JSON_BODY, errors, json_body

router = APIRouter(prefix="/api/v1", tags=["invites"])

NOT_A_PATIENT = {403: "A guest (create an account first) or a clinician account cannot share a record"}


@router.post("/clinician/invites", status_code=201, summary="Make an invite code for a patient (7 days, once)",
             responses=errors(401, 403, 429, why={429: "20 of your codes are unused: try again after Retry-After"}))
def make_invite(app: App, clinician: Clinician) -> dict[str, Any]:
    return app.invites().create(clinician)


@router.get("/me/clinician", summary="The clinician who sees your record, if any", responses=errors(401))
def my_clinician(app: App, account: Me) -> dict[str, Any]:
    return app.invites().clinician_of(account)


@router.post("/me/clinician", summary="Share your record with the clinician whose invite code this is",
             responses=errors(401, 403, 404, 429, *JSON_BODY, why={
                 **NOT_A_PATIENT, 404: "The code is not valid, already used or expired (all answer the same)",
                 429: "Too many codes that did not work: try again after Retry-After seconds"}),
             openapi_extra=json_body(INVITE_CODE))
def accept_invite(app: App, request: Request, account: Me, body: Body) -> dict[str, Any]:
    client = request.client.host if request.client else None
    return app.invites().accept(account, body, client=client)


@router.delete("/me/clinician", status_code=204, summary="Stop sharing your record with your clinician",
               responses=errors(401))
def stop_sharing(app: App, account: Me) -> None:
    app.invites().stop_sharing(account)

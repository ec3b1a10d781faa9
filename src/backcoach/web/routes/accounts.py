"""Accounts: register, sign in and out, your own account, everything stored about you, erasure.

Routes are plain functions: FastAPI runs them in worker threads, so hashing a password or a query never
blocks the event loop; the JSON body is read on the loop by a dependency."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from backcoach.web.bodies import Body
from backcoach.web.deps import COOKIE, App, Me, set_session_cookie
from backcoach.web.documented import JSON_BODY, SIGNED_IN, account_body, errors, json_body

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post("/auth/register", status_code=201, responses=errors(*JSON_BODY),
             openapi_extra=json_body(account_body("register")),
             summary="Create a patient account, then sign in with /auth/login (the same answer if it exists)")
def register(app: App, body: Body) -> dict[str, Any]:
    email = app.accounts().register(body)
    return {"email": email, "message": "sign in with this email and your password"}


@router.post("/auth/login", summary="Sign in (sets a new session cookie)",
             responses=errors(401, 429, *JSON_BODY), openapi_extra=json_body(account_body("login")))
def login(app: App, request: Request, response: Response, body: Body) -> dict[str, Any]:
    client = request.client.host if request.client else None
    account, token = app.accounts().sign_in_request(body, client=client, replaces=request.cookies.get(COOKIE))
    set_session_cookie(app, request, response, token)
    return account.to_dict()


@router.post("/auth/claim", summary="Keep what you did without an account under an email and password",
             description="Signed in as a guest (\"try without an account\"): an email without an account makes the "
                         "guest account a normal one; an email with an account takes that account's password and "
                         "adds the guest's data to it. A wrong password answers as a wrong sign-in does. Sets a "
                         "new session cookie.",
             responses=errors(401, 403, 429, *JSON_BODY, why={
                 401: "Not signed in, or the email or the password is wrong",
                 403: "Not a guest (already has an account), or the email is a clinician's account"}),
             openapi_extra=json_body(account_body("register")))
def claim(app: App, request: Request, response: Response, account: Me, body: Body) -> dict[str, Any]:
    client = request.client.host if request.client else None
    claimed, token = app.guests().claim(account, body, client=client)
    set_session_cookie(app, request, response, token)
    return claimed.to_dict()


@router.post("/auth/logout", status_code=204)
def logout(app: App, request: Request, response: Response) -> None:
    token = request.cookies.get(COOKIE)
    if token:
        app.accounts().sign_out(token)
    response.delete_cookie(COOKIE, path="/")


@router.get("/me", responses=errors(*SIGNED_IN))
def me(account: Me) -> dict[str, Any]:
    return account.to_dict()


@router.get("/me/export", summary="Everything stored about you", responses=errors(*SIGNED_IN))
def export(app: App, account: Me) -> dict[str, Any]:
    return app.accounts().export(account)


@router.delete("/me", status_code=204, summary="Erase your account and all your data", responses=errors(*SIGNED_IN))
def erase(app: App, response: Response, account: Me) -> None:
    app.accounts().erase(account)
    response.delete_cookie(COOKIE, path="/")

"""Typed dependencies of the routes: the application, the signed-in account, the person's use cases.

Those that only look at the request are coroutines (FastAPI would hand a plain function to a worker thread);
the one that queries the store, the signed-in account, is a plain function and runs in a worker thread."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from starlette.requests import HTTPConnection

from backcoach.bootstrap import Application, Person
from backcoach.errors import Forbidden, NotAuthenticated, NotFound
from backcoach.services.accounts import ABSOLUTE_TIMEOUT_SECONDS, GUEST_ABSOLUTE_TIMEOUT, Account

COOKIE = "backcoach_session"
# The largest id the store can hold: its ids are PostgreSQL `integer` columns (SQLite's reach 2^63 - 1).
MAX_ID = 2**31 - 1


def app_of(request: HTTPConnection) -> Application:
    """The application the web app was built with (see backcoach.bootstrap)."""
    found: Application = request.app.state.backcoach
    return found


async def application(request: Request) -> Application:
    return app_of(request)


App = Annotated[Application, Depends(application)]


def current_account(request: Request, app: App) -> Account:
    return app.accounts().account_for(request.cookies.get(COOKIE))


Me = Annotated[Account, Depends(current_account)]


def signed_in(request: Request) -> Account | None:
    """The signed-in account, or None for a visitor (pages that anyone may see but that show more to the
    signed-in). Queries the store: call it from a worker thread."""
    if not request.cookies.get(COOKIE):
        return None
    try:
        return app_of(request).accounts().account_for(request.cookies.get(COOKIE))
    except NotAuthenticated:
        return None


async def current_clinician(account: Me) -> Account:
    if account.role != "clinician":
        raise Forbidden("only clinician accounts can do this")
    return account


Clinician = Annotated[Account, Depends(current_clinician)]


async def myself(app: App, account: Me) -> Person:
    """The signed-in person's use cases."""
    return app.person(account.id)


Myself = Annotated[Person, Depends(myself)]


def known_id(value: int, what: str) -> int:
    """An id from a request: one the store cannot hold answers 404, as a missing one does, without a query
    (PostgreSQL refuses a value beyond its integer column, SQLite one beyond 2^63 - 1)."""
    if not 1 <= value <= MAX_ID:
        raise NotFound(f"no such {what}")
    return value


async def _program_id(program_id: int) -> int:
    return known_id(program_id, "program")


async def _session_id(session_id: int) -> int:
    return known_id(session_id, "session")


async def _patient_id(patient_id: int) -> int:
    return known_id(patient_id, "patient")


# The ids in route paths ({program_id}, {session_id}, {patient_id}): whole numbers the store can hold.
ProgramId = Annotated[int, Depends(_program_id)]
SessionId = Annotated[int, Depends(_session_id)]
PatientId = Annotated[int, Depends(_patient_id)]


def set_session_cookie(app: Application, request: Request, response: Response, token: str, *,
                       guest: bool = False) -> None:
    """The signed-in cookie: HttpOnly, SameSite=Lax, Secure over HTTPS (or when the settings say so); a guest's
    lasts as long as a guest session can (a week), an account's as long as its sign-in (12 hours)."""
    secure = app.settings.secure_cookies or request.url.scheme == "https"
    lifetime = int(GUEST_ABSOLUTE_TIMEOUT.total_seconds()) if guest else ABSOLUTE_TIMEOUT_SECONDS
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=secure, max_age=lifetime, path="/")

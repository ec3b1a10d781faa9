"""Typed dependencies of the routes: the application, the signed-in account, the person's use cases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from backcoach.bootstrap import Application, Person
from backcoach.errors import Forbidden
from backcoach.services.accounts import Account

COOKIE = "backcoach_session"


def application(request: Request) -> Application:
    """The application the web app was built with (see backcoach.bootstrap)."""
    found: Application = request.app.state.backcoach
    return found


App = Annotated[Application, Depends(application)]


def current_account(request: Request, app: App) -> Account:
    return app.accounts().account_for(request.cookies.get(COOKIE))


Me = Annotated[Account, Depends(current_account)]


def current_clinician(account: Me) -> Account:
    if account.role != "clinician":
        raise Forbidden("only clinician accounts can do this")
    return account


Clinician = Annotated[Account, Depends(current_clinician)]


def myself(app: App, account: Me) -> Person:
    """The signed-in person's use cases."""
    return app.person(account.id)


Myself = Annotated[Person, Depends(myself)]

"""The account pages: create an account (a guest's keeps their data), sign in and out, your account (what it
holds, your clinician, your data, deleting it). Their JSON twins: /api/v1/auth/*, /api/v1/me, /api/v1/me/export,
/api/v1/me/clinician, DELETE /api/v1/me.

Every form carries the CSRF token; every problem of a form is shown at once, naming the field in words; what
was typed is kept, except passwords."""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backcoach.errors import BackCoachError, InvalidInput, NotAuthenticated, TooManyRequests
from backcoach.services.accounts import Account
from backcoach.services.guests import sign_up_problems
from backcoach.web import csrf
from backcoach.web.bodies import form_body
from backcoach.web.deps import COOKIE, app_of, set_session_cookie, signed_in
from backcoach.web.pages.render import refused, render

router = APIRouter(include_in_schema=False)

LABELS = {"email": "Email", "password": "Password", "password_again": "Password again", "code": "Code",
          "confirm": "Confirmation"}
Form = dict[str, str]
MAX_NEXT = 200


async def _form(request: Request) -> Form:
    """The form post's fields (the first value of each), read on the event loop; the routes that take them are
    plain functions, run in worker threads."""
    return {name: values[0] for name, values in (await form_body(request)).items() if values}


FormFields = Annotated[Form, Depends(_form)]


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _safe_next(value: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another site's address)."""
    if (not value or len(value) > MAX_NEXT or not value.startswith("/") or value.startswith(("//", "/\\"))
            or any(not c.isprintable() for c in value) or value.startswith(("/login", "/register"))):
        return "/account"
    return value


def _checked(request: Request, form: Form) -> Response | None:
    """An error page if the form's CSRF token is missing or wrong."""
    return refused(request, form.get(csrf.FIELD))


def _wait_words(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return f"{seconds} seconds" if seconds < 60 else "1 minute" if minutes == 1 else f"{minutes} minutes"


# --- create an account (or keep a guest's data) ----------------------------------------------------------

@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request) -> Response:
    account = signed_in(request)
    if account is not None and not account.guest:
        return RedirectResponse("/account", status_code=303)
    return _register_form(request, account, {}, {}, 200)


def _form_context(account: Account | None, values: Form, problems: dict[str, str], **extra: Any) -> dict[str, Any]:
    """What the sign-up and sign-in forms show: the answers kept, each problem by its field, the labels."""
    return {"guest": account is not None and account.guest, "values": values, "problems": problems,
            "labels": LABELS, **extra}


def _register_form(request: Request, account: Account | None, values: Form, problems: dict[str, str],
                   status: int) -> Response:
    return render(request, "register.html", _form_context(account, values, problems), status)


@router.post("/register", response_class=HTMLResponse)
def register(request: Request, form: FormFields) -> Response:
    refused = _checked(request, form)
    if refused:
        return refused
    app, account = app_of(request), signed_in(request)
    values = {"email": form.get("email", "").strip()}
    email, password = form.get("email", ""), form.get("password", "")
    problems = _sign_up_problems(email, password, form.get("password_again", ""))
    if problems:
        return _register_form(request, account, values, problems, 422)
    body = {"email": email, "password": password}
    if account is not None and account.guest:
        return _claim(request, account, body, values)
    try:
        registered = app.accounts().register(body)
    except InvalidInput as error:
        return _register_form(request, account, values, {error.field: error.problem}, 422)
    # Not signed in: an email that already has an account gets this same answer (sign-up tells nobody who has one)
    return render(request, "login.html", _form_context(None, {"email": registered}, {}, next="/account",
                                                       registered=True))


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


def _sign_up_problems(email: str, password: str, again: str) -> dict[str, str]:
    """Every problem of the sign-up form at once, in field order."""
    found = sign_up_problems(email, password)
    problems: dict[str, str] = {}
    for name, value, empty in (("email", email, "Enter your email"), ("password", password, "Choose a password")):
        if not value:
            problems[name] = empty
        elif name in found:
            problems[name] = _sentence(found[name])
    if password and password != again:
        problems["password_again"] = "The two passwords are not the same"
    return problems


def _claim(request: Request, guest: Account, body: dict[str, str], values: Form) -> Response:
    app = app_of(request)
    try:
        _, token = app.guests().claim(guest, body, client=_client(request))
    except NotAuthenticated:
        problem = ("The email or the password is wrong. If you already have an account with this email, enter "
                   "its password: what you did here is added to it.")
        return _register_form(request, guest, values, {"password": problem}, 401)
    except TooManyRequests as error:
        return _limited(request, lambda problems, status: _register_form(request, guest, values, problems, status),
                        error)
    except BackCoachError as error:
        return _register_form(request, guest, values, {"email": error.message}, error.http_status)
    response = RedirectResponse("/account?kept=1", status_code=303)
    set_session_cookie(app, request, response, token)
    return response


def _limited(request: Request, page: Any, error: TooManyRequests) -> Response:
    """The form again, saying when to try again (with the Retry-After header)."""
    problem = f"Too many tries that did not work. Try again in {_wait_words(error.retry_after)}."
    response: Response = page({"password": problem}, 429)
    response.headers["Retry-After"] = str(error.retry_after)
    return response


# --- sign in and out -------------------------------------------------------------------------------------

@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:
    account = signed_in(request)
    return _login_form(request, account, {}, {}, next_path=_safe_next(next), status=200)


def _login_form(request: Request, account: Account | None, values: Form, problems: dict[str, str], *,
                next_path: str, status: int) -> Response:
    context = _form_context(account, values, problems, next=next_path, registered=False)
    return render(request, "login.html", context, status)


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, form: FormFields) -> Response:
    refused = _checked(request, form)
    if refused:
        return refused
    app, account, next_path = app_of(request), signed_in(request), _safe_next(form.get("next"))
    values = {"email": form.get("email", "").strip()}
    problems = {name: words for name, words in (("email", "Enter your email"), ("password", "Enter your password"))
                if not form.get(name)}

    def again(found: dict[str, str], status: int) -> Response:
        return _login_form(request, account, values, found, next_path=next_path, status=status)

    if problems:
        return again(problems, 422)
    try:
        _, token = app.accounts().sign_in_request({"email": form["email"], "password": form["password"]},
                                                  client=_client(request), replaces=request.cookies.get(COOKIE))
    except NotAuthenticated:
        return again({"password": "The email or the password is wrong"}, 401)
    except TooManyRequests as error:
        return _limited(request, again, error)
    except InvalidInput as error:
        return again({error.field if error.field in LABELS else "email": error.problem}, 422)
    response = RedirectResponse(next_path, status_code=303)
    set_session_cookie(app, request, response, token)
    return response


@router.post("/logout")
def logout(request: Request, form: FormFields) -> Response:
    refused = _checked(request, form)
    if refused:
        return refused
    token = request.cookies.get(COOKIE)
    if token:
        app_of(request).accounts().sign_out(token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


# --- your account ----------------------------------------------------------------------------------------

@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, deleted: str | None = None, kept: str | None = None) -> Response:
    return _account_page(request, signed_in(request), {}, {}, 200, deleted=deleted is not None, kept=kept is not None)


def _account_page(request: Request, account: Account | None, values: Form, problems: dict[str, str], status: int,
                  *, deleted: bool = False, kept: bool = False) -> Response:
    app = app_of(request)
    context: dict[str, Any] = {"account": account, "values": values, "problems": problems, "labels": LABELS,
                               "deleted": deleted, "kept": kept}
    if account is not None:
        context["summary"] = app.guests().summary(account.id)
        context["clinician"] = app.invites().clinician_of(account)["clinician"]
    return render(request, "account.html", context, status)


@router.get("/account/export")
def export(request: Request) -> Response:
    account = signed_in(request)
    if account is None:
        return RedirectResponse("/login?next=/account", status_code=303)
    document = app_of(request).accounts().export(account)
    return Response(json.dumps(document, ensure_ascii=False, indent=2), media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="backcoach-my-data.json"'})


@router.post("/account/delete", response_class=HTMLResponse)
def delete_account(request: Request, form: FormFields) -> Response:
    refused = _checked(request, form)
    if refused:
        return refused
    account = signed_in(request)
    if account is None:
        return RedirectResponse("/account", status_code=303)
    if form.get("confirm", "").strip() != "DELETE":
        return _account_page(request, account, {}, {"confirm": "Type DELETE (in capitals) to delete"}, 422)
    app_of(request).accounts().erase(account)
    response = RedirectResponse("/account?deleted=1", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.post("/account/clinician", response_class=HTMLResponse)
def share_with_clinician(request: Request, form: FormFields) -> Response:
    refused = _checked(request, form)
    if refused:
        return refused
    account = signed_in(request)
    if account is None:
        return RedirectResponse("/login?next=/account", status_code=303)
    values = {"code": form.get("code", "").strip()}
    try:
        app_of(request).invites().accept(account, {"code": form.get("code", "")}, client=_client(request))
    except TooManyRequests as error:
        problem = f"Too many codes that did not work. Try again in {_wait_words(error.retry_after)}."
        response = _account_page(request, account, values, {"code": problem}, 429)
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    except InvalidInput as error:
        return _account_page(request, account, values, {"code": _sentence(error.problem)}, 422)
    except BackCoachError as error:
        return _account_page(request, account, values, {"code": _sentence(error.message)},
                             error.http_status)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/clinician/stop")
def stop_sharing(request: Request, form: FormFields) -> Response:
    refused = _checked(request, form)
    if refused:
        return refused
    account = signed_in(request)
    if account is not None:
        app_of(request).invites().stop_sharing(account)
    return RedirectResponse("/account", status_code=303)

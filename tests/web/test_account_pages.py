"""The account pages, without JavaScript: register, sign in and out, your account, download, delete, a guest
keeping their data, a clinician's invite code. Forms need their CSRF token; every problem is named at once."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backcoach.knowledge.questions import warning_signs
from backcoach.services.accounts import GUEST_ABSOLUTE_TIMEOUT
from backcoach.web.deps import COOKIE
from tests.web.conftest import PASSWORD

NO_WARNING_SIGNS = {q.form_name: "no" for q in warning_signs()}
INTAKE = {"age": "40", "pain_now": "5", "leg_symptoms": "below_knee", "worse_with": ["sitting"],
          "repeated_movement_response__extension": "centralized", **NO_WARNING_SIGNS}


def token(client: TestClient, path: str = "/login") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match
    return match.group(1)


def post(client: TestClient, path: str, form: dict[str, Any], **kwargs: Any) -> Any:
    return client.post(path, data={"csrf_token": token(client), **form}, follow_redirects=False, **kwargs)


def registered(client: TestClient, email: str = "pat@example.org") -> TestClient:
    page = post(client, "/register", {"email": email, "password": PASSWORD, "password_again": PASSWORD})
    assert page.status_code == 200, page.text
    return client


def signed_in(client: TestClient, email: str = "pat@example.org") -> TestClient:
    registered(client, email)
    answer = post(client, "/login", {"email": email, "password": PASSWORD, "next": "/account"})
    assert answer.status_code == 303, answer.text
    return client


def as_guest(client: TestClient) -> int:
    """Fill the intake and press Start, as a visitor: a guest account with one session. Its session id."""
    plan = client.post("/", data={"csrf_token": token(client, "/"), **INTAKE}, follow_redirects=False)
    assert plan.status_code == 303, plan.text
    started = post(client, f"{plan.headers['location']}/start", {})
    assert started.status_code == 303 and started.headers["location"].startswith("/sessions/"), started.text
    assert client.get("/api/v1/me").json()["guest"] is True
    return int(started.headers["location"].rsplit("/", 1)[1])


def problems(page: Any) -> str:
    found = re.search(r'id="form-error".*?</div>', page.text, re.S)
    assert found, "the page lists its problems"
    return re.sub(r"<[^>]+>", "", found.group(0))


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def test_every_form_needs_its_csrf_token(client: TestClient) -> None:
    signed_in(client)
    for path in ("/register", "/login", "/logout", "/account/delete", "/account/clinician",
                 "/account/clinician/stop"):
        answer = client.post(path, data={"email": "a@b.org", "confirm": "DELETE"}, follow_redirects=False)
        assert answer.status_code == 403, path
    assert client.get("/api/v1/me").status_code == 200, "nothing happened"


def test_register_names_every_problem_at_once_and_keeps_the_email(client: TestClient) -> None:
    page = post(client, "/register", {"email": "pat@", "password": "short", "password_again": "shorter"})
    assert page.status_code == 422
    listed = problems(page)
    assert "Email: Must be an email address" in listed and "Password: Must be 8 to 128" in listed
    assert "Password again: The two passwords are not the same" in listed
    assert 'value="pat@"' in page.text and "short" not in page.text.split('id="form-error"')[1]
    assert 'aria-invalid="true"' in page.text
    empty = post(client, "/register", {})
    assert "Enter your email" in problems(empty) and "Choose a password" in problems(empty)


def test_register_tells_nobody_who_has_an_account(client: TestClient) -> None:
    first = registered(client).get("/login")
    again = post(client, "/register", {"email": "pat@example.org", "password": PASSWORD,
                                       "password_again": PASSWORD})
    new = post(client, "/register", {"email": "new@example.org", "password": PASSWORD, "password_again": PASSWORD})
    assert again.status_code == new.status_code == 200 and "Now sign in" in again.text
    assert without_tokens(again.text).replace("pat@example.org", "X") == without_tokens(new.text).replace(
        "new@example.org", "X")
    assert first.status_code == 200


def test_sign_in_sets_a_hardened_cookie_and_goes_back(client: TestClient) -> None:
    registered(client)
    answer = post(client, "/login", {"email": "pat@example.org", "password": PASSWORD, "next": "/progress"})
    assert answer.status_code == 303 and answer.headers["location"] == "/progress"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    for unsafe in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "/login"):
        answer = post(client, "/login", {"email": "pat@example.org", "password": PASSWORD, "next": unsafe})
        assert answer.headers["location"] == "/account", unsafe


def test_the_cookie_is_secure_over_https(settings: Any) -> None:
    from backcoach.web.app import create_app

    with TestClient(create_app(settings), base_url="https://testserver") as client:
        registered(client)
        answer = post(client, "/login", {"email": "pat@example.org", "password": PASSWORD})
        assert "secure" in answer.headers["set-cookie"].lower()


def test_sign_in_problems(client: TestClient) -> None:
    registered(client)
    missing = post(client, "/login", {"email": "", "password": ""})
    assert missing.status_code == 422
    assert "Enter your email" in problems(missing) and "Enter your password" in problems(missing)
    wrong = post(client, "/login", {"email": "pat@example.org", "password": "not the password"})
    unknown = post(client, "/login", {"email": "nobody@example.org", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 401
    assert problems(wrong) == problems(unknown) and "The email or the password is wrong" in problems(wrong)
    assert 'value="pat@example.org"' in wrong.text and "not the password" not in wrong.text


def test_too_many_failed_sign_ins_say_when_to_try_again(client: TestClient) -> None:
    registered(client)
    for _ in range(5):
        post(client, "/login", {"email": "pat@example.org", "password": "not the password"})
    limited = post(client, "/login", {"email": "pat@example.org", "password": PASSWORD})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert re.search(r"Try again in \d+ minutes", problems(limited))


def test_sign_out_ends_the_session(client: TestClient) -> None:
    signed_in(client)
    page = client.get("/account")
    assert 'action="/logout"' in page.text and "Signed in as" in page.text
    answer = post(client, "/logout", {})
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert f'{COOKIE}=""' in answer.headers["set-cookie"] or "max-age=0" in answer.headers["set-cookie"].lower()
    assert client.get("/api/v1/me").status_code == 401


def test_a_visitor_is_offered_sign_in_register_or_a_routine(client: TestClient) -> None:
    page = client.get("/account")
    assert page.status_code == 200 and "You're not signed in" in page.text
    for link in ('href="/login?next=/account"', 'href="/register"', 'href="/"'):
        assert link in page.text
    assert client.get("/account/export", follow_redirects=False).headers["location"] == "/login?next=/account"


def test_download_my_data(client: TestClient) -> None:
    signed_in(client)
    answer = client.get("/account/export")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
    assert answer.headers["content-disposition"] == 'attachment; filename="backcoach-my-data.json"'
    assert answer.headers["cache-control"] == "no-store"
    document = json.loads(answer.text)
    twin = client.get("/api/v1/me/export").json()
    assert document["account"] == twin["account"] and set(document) == set(twin)


def test_deleting_needs_the_confirmation(client: TestClient) -> None:
    signed_in(client)
    refused = post(client, "/account/delete", {"confirm": "yes"})
    assert refused.status_code == 422 and "Type DELETE" in problems(refused)
    assert client.get("/api/v1/me").status_code == 200
    deleted = post(client, "/account/delete", {"confirm": "DELETE"})
    assert deleted.status_code == 303 and deleted.headers["location"] == "/account?deleted=1"
    assert "deleted" in client.get("/account?deleted=1").text
    assert client.get("/api/v1/me").status_code == 401
    assert post(client, "/login", {"email": "pat@example.org", "password": PASSWORD}).status_code == 401


def test_a_guest_keeps_everything_by_creating_an_account(client: TestClient) -> None:
    session_id = as_guest(client)
    page = client.get("/account")
    assert "You're trying BackCoach without an account" in page.text and 'id="claim"' in page.text
    assert "Sessions so far: <strong>1</strong>" in page.text
    guest_id = client.get("/api/v1/me").json()["id"]
    kept = post(client, "/register", {"email": "pat@example.org", "password": PASSWORD, "password_again": PASSWORD})
    assert kept.status_code == 303 and kept.headers["location"] == "/account?kept=1"
    assert client.get("/api/v1/me").json() == {"id": guest_id, "email": "pat@example.org", "role": "patient",
                                               "guest": False}
    assert client.get(f"/api/v1/sessions/{session_id}").status_code == 200
    page = client.get("/account?kept=1")
    assert "Your account is ready" in page.text and "Sessions so far: <strong>1</strong>" in page.text
    assert "pat@example.org" in page.text


def test_a_guest_cookie_lasts_a_week(client: TestClient) -> None:
    plan = client.post("/", data={"csrf_token": token(client, "/"), **INTAKE}, follow_redirects=False)
    started = post(client, f"{plan.headers['location']}/start", {})
    assert f"max-age={int(GUEST_ABSOLUTE_TIMEOUT.total_seconds())}" in started.headers["set-cookie"].lower()


def test_a_guest_adds_their_data_to_an_existing_account_only_with_its_password(client: TestClient,
                                                                                settings: Any) -> None:
    from backcoach.web.app import create_app

    with TestClient(create_app(settings)) as owner:
        signed_in(owner)
        owner_id = owner.get("/api/v1/me").json()["id"]
    session_id = as_guest(client)
    wrong = post(client, "/register", {"email": "pat@example.org", "password": "a wrong password here",
                                       "password_again": "a wrong password here"})
    assert wrong.status_code == 401 and "enter its password" in problems(wrong)
    assert client.get("/api/v1/me").json()["guest"] is True
    right = post(client, "/register", {"email": "pat@example.org", "password": PASSWORD, "password_again": PASSWORD})
    assert right.status_code == 303
    assert client.get("/api/v1/me").json()["id"] == owner_id
    assert client.get(f"/api/v1/sessions/{session_id}").status_code == 200


def test_the_login_page_warns_a_guest(client: TestClient) -> None:
    as_guest(client)
    assert 'id="guest-note"' in client.get("/login").text


def clinician_code(settings: Any) -> str:
    from backcoach.web.app import create_app

    with TestClient(create_app(settings)) as doctor:
        doctor.app.state.backcoach.accounts().create("doc@example.org", PASSWORD, role="clinician")  # type: ignore[attr-defined]
        assert doctor.post("/api/v1/auth/login", json={"email": "doc@example.org", "password": PASSWORD}
                           ).status_code == 200
        made = doctor.post("/api/v1/clinician/invites")
        assert made.status_code == 201, made.text
        return str(made.json()["code"])


def test_a_patient_enters_a_clinicians_code_and_can_stop_sharing(client: TestClient, settings: Any) -> None:
    signed_in(client)
    code = clinician_code(settings)
    malformed = post(client, "/account/clinician", {"code": "nope"})
    assert malformed.status_code == 422 and "like K7M2-Q9XR" in problems(malformed)
    assert 'value="nope"' in malformed.text
    accepted = post(client, "/account/clinician", {"code": code.lower()})
    assert accepted.status_code == 303
    page = client.get("/account")
    assert "Your clinician: <strong" in page.text and "doc@example.org" in page.text and "Stop sharing" in page.text
    assert post(client, "/account/clinician/stop", {}).status_code == 303
    assert "doc@example.org" not in client.get("/account").text
    reused = post(client, "/account/clinician", {"code": code})
    assert reused.status_code == 404 and "not valid or has expired" in problems(reused)


@pytest.mark.parametrize("path", ["/register", "/login", "/account"])
def test_pages_have_no_inline_script_or_style(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == [] and "style=" not in html and "<style" not in html
    assert '<link rel="stylesheet" href="/static/css/account.css">' in html

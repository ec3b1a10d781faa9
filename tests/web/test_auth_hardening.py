"""The sign-in a clinic would demand (issue 11): failed sign-ins limited (429 + Retry-After), sign-up that does
not tell who has an account, a new token at every sign-in, the Secure flag on demand, no-store on personal data."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient
from sqlalchemy import select

from backcoach.bootstrap import bootstrap
from backcoach.db.models import LoginFailure
from backcoach.services.login_limits import ACCOUNT_FAILURES, account_key
from backcoach.settings import Settings
from backcoach.web.app import create_app
from backcoach.web.deps import COOKIE
from tests.web.conftest import PASSWORD

LOGIN = "/api/v1/auth/login"


def registered(settings: Settings, email: str = "pat@example.org") -> TestClient:
    client = TestClient(create_app(settings))
    assert client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD}).status_code == 201
    return client


def test_repeated_wrong_passwords_are_refused_then_even_the_right_one_waits(settings: Settings) -> None:
    client = registered(settings)
    for _ in range(ACCOUNT_FAILURES):
        assert client.post(LOGIN, json={"email": "pat@example.org", "password": "wrong guess 1"}).status_code == 401
    limited = client.post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD})
    assert limited.status_code == 429 and limited.json()["error"] == "too_many_requests"
    assert 0 < int(limited.headers["Retry-After"]) <= 15 * 60


def test_two_workers_on_one_database_share_one_budget(settings: Settings, database_url: str) -> None:
    """Two apps on one database, as two uvicorn worker processes are: failures in either count in both."""
    shared = replace(settings, database_url=database_url)
    first, second = registered(shared), TestClient(create_app(shared))
    for attempt in range(ACCOUNT_FAILURES):
        worker = (first, second)[attempt % 2]
        assert worker.post(LOGIN, json={"email": "pat@example.org", "password": "wrong guess 1"}).status_code == 401
    for worker in (first, second):
        limited = worker.post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD})
        assert limited.status_code == 429 and 0 < int(limited.headers["Retry-After"]) <= 15 * 60


def test_a_right_password_resets_the_account_in_every_worker(settings: Settings) -> None:
    first, second = registered(settings), TestClient(create_app(settings))
    for _ in range(ACCOUNT_FAILURES - 1):
        assert first.post(LOGIN, json={"email": "pat@example.org", "password": "wrong guess 1"}).status_code == 401
    assert second.post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD}).status_code == 200
    for _ in range(ACCOUNT_FAILURES - 1):
        assert first.post(LOGIN, json={"email": "pat@example.org", "password": "wrong guess 1"}).status_code == 401
    assert first.post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD}).status_code == 200


def test_erasing_an_account_deletes_its_failed_sign_ins(settings: Settings) -> None:
    patient, stranger = registered(settings), TestClient(create_app(settings))
    assert patient.post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD}).status_code == 200
    for _ in range(2):
        assert stranger.post(LOGIN, json={"email": "pat@example.org", "password": "wrong guess 1"}).status_code == 401
    application = bootstrap(settings)

    def failures() -> list[str]:
        with application.store.unit_of_work() as uow:
            return list(uow.session.scalars(select(LoginFailure.key)))

    assert failures().count(account_key("pat@example.org")) == 2
    assert patient.delete("/api/v1/me").status_code == 204
    assert account_key("pat@example.org") not in failures()
    assert len(failures()) == 2, "the address's failures stay: they are not the account's"
    application.close()


def test_registering_an_existing_email_answers_like_a_new_one(settings: Settings) -> None:
    first = TestClient(create_app(settings)).post("/api/v1/auth/register",
                                                  json={"email": "pat@example.org", "password": PASSWORD})
    again = TestClient(create_app(settings)).post("/api/v1/auth/register",
                                                  json={"email": "PAT@example.org", "password": "another secret 42"})
    assert (first.status_code, first.json()) == (again.status_code, again.json()) == (
        201, {"email": "pat@example.org", "message": "sign in with this email and your password"})
    assert COOKIE not in first.cookies and COOKIE not in again.cookies
    # the first password still signs in: the existing account was not touched
    client = TestClient(create_app(settings))
    assert client.post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD}).status_code == 200
    assert client.post(LOGIN, json={"email": "pat@example.org", "password": "another secret 42"}).status_code == 401


def test_a_sign_in_replaces_the_token_it_was_sent(settings: Settings) -> None:
    client = registered(settings)
    client.post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD})
    old = client.cookies[COOKIE]
    client.post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD})
    new = client.cookies[COOKIE]
    assert new != old
    stale = TestClient(create_app(settings), cookies={COOKIE: old})
    assert stale.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me").status_code == 200


def test_the_secure_flag_can_be_forced_behind_a_tls_proxy(settings: Settings) -> None:
    plain = registered(settings).post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD})
    assert "secure" not in plain.headers["set-cookie"].lower()
    forced = TestClient(create_app(replace(settings, secure_cookies=True)))
    answer = forced.post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD})
    assert answer.status_code == 200 and "; secure" in answer.headers["set-cookie"].lower()


def test_personal_answers_are_never_cached(settings: Settings) -> None:
    client = registered(settings)
    client.post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD})
    for path in ("/api/v1/me", "/api/v1/me/export", "/api/v1/me/progress", "/api/v1/clinician/patients",
                 "/api/v1/sessions/1"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    assert TestClient(create_app(settings)).get("/api/v1/me").headers["Cache-Control"] == "no-store"
    assert "Cache-Control" not in TestClient(create_app(settings)).get("/api/v1/exercises").headers


def test_a_clinician_cannot_tell_a_missing_id_from_someone_elses_patient(settings: Settings) -> None:
    accounts = bootstrap(settings).accounts()
    accounts.create("doc@example.org", PASSWORD, role="clinician")
    accounts.create("other@example.org", PASSWORD, role="clinician")
    theirs = accounts.create("theirs@example.org", PASSWORD, clinician_email="other@example.org")
    doctor = TestClient(create_app(settings))
    doctor.post(LOGIN, json={"email": "doc@example.org", "password": PASSWORD})
    path = "/api/v1/clinician/patients/{}/programs"
    someone_elses = doctor.post(path.format(theirs.id), json={"plan": {}})
    missing = doctor.post(path.format(99999), json={"plan": {}})
    assert someone_elses.status_code == missing.status_code == 404
    assert someone_elses.json() == missing.json()


def test_account_bodies_go_through_their_schema(settings: Settings) -> None:
    client = TestClient(create_app(settings))
    register = "/api/v1/auth/register"
    for body, field in [({"email": "a@b.org", "password": PASSWORD, "role": "clinician"}, "role"),
                        ({"email": "a@b.org", "password": PASSWORD, "is_admin": True}, "is_admin"),
                        ({"email": "a@b.org", "password": "x" * 129}, "password"),
                        ({"email": "a@b.org\x00", "password": PASSWORD}, "email"),
                        ({"email": "a" * 321, "password": PASSWORD}, "email"),
                        ({"email": "a@b.org", "password": 12345678}, "password")]:
        answer = client.post(register, json=body)
        assert answer.status_code == 422 and answer.json()["field"] == field, body
    lone_surrogate = b'{"email": "a\\ud800@b.org", "password": "correct horse battery"}'
    answer = client.post(register, content=lone_surrogate, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422 and answer.json()["field"] == "email"
    unknown = client.post(LOGIN, json={"email": "a@b.org", "password": PASSWORD, "remember": True})
    assert unknown.status_code == 422 and unknown.json()["field"] == "remember"
    assert client.post(register, json=["a@b.org", PASSWORD]).status_code == 422


def test_a_clinicians_access_is_in_the_patients_export_and_erased_with_them(settings: Settings) -> None:
    application = bootstrap(settings)
    accounts = application.accounts()
    accounts.create("doc@example.org", PASSWORD, role="clinician")
    accounts.create("pat@example.org", PASSWORD, clinician_email="doc@example.org")
    doctor, patient = TestClient(create_app(settings)), TestClient(create_app(settings))
    doctor.post(LOGIN, json={"email": "doc@example.org", "password": PASSWORD})
    patient.post(LOGIN, json={"email": "pat@example.org", "password": PASSWORD})
    patient_id = doctor.get("/api/v1/clinician/patients").json()[0]["id"]
    plan = {"routine": []}
    doctor.post(f"/api/v1/clinician/patients/{patient_id}/programs", json={"plan": plan})
    audit = patient.get("/api/v1/me/export").json()["audit"]
    assert [(e["actor"], e["action"]) for e in audit] == [
        ("doc@example.org", "listed you among their patients"),
        ("doc@example.org", "opened your record to prescribe a program"),
        ("pat@example.org", "exported all your data")]
    assert patient.delete("/api/v1/me").status_code == 204
    with application.store.unit_of_work() as uow:
        assert uow.audit.for_subject(patient_id) == []

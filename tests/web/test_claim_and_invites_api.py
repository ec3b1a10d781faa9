"""The JSON twins: POST /api/v1/auth/claim (a guest keeps their data), POST /api/v1/clinician/invites and
GET/POST/DELETE /api/v1/me/clinician."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from backcoach.services.invites import ACCEPTED, STOPPED
from backcoach.settings import Settings
from backcoach.web.app import create_app
from backcoach.web.deps import COOKIE
from tests.web.conftest import PASSWORD
from tests.web.test_accounts_api import PLAN, person


def guest(settings: Settings) -> TestClient:
    client = TestClient(create_app(settings))
    _, token = client.app.state.backcoach.guests().start()  # type: ignore[attr-defined]
    client.cookies.set(COOKIE, token, domain="testserver.local")
    return client


def doctor(settings: Settings) -> TestClient:
    client = TestClient(create_app(settings))
    client.app.state.backcoach.accounts().create("doc@example.org", PASSWORD, role="clinician")  # type: ignore[attr-defined]
    assert client.post("/api/v1/auth/login", json={"email": "doc@example.org", "password": PASSWORD}).status_code == 200
    return client


def test_a_guest_claims_their_account_by_json(settings: Settings) -> None:
    client = guest(settings)
    me = client.get("/api/v1/me").json()
    assert me["guest"] is True and me["email"] is None
    program = client.post("/api/v1/me/programs", json={"plan": PLAN})
    assert program.status_code == 201
    old = client.cookies.get(COOKIE)
    claimed = client.post("/api/v1/auth/claim", json={"email": "Pat@Example.org", "password": PASSWORD})
    assert claimed.status_code == 200, claimed.text
    assert claimed.json() == {"id": me["id"], "email": "pat@example.org", "role": "patient", "guest": False}
    assert client.cookies.get(COOKIE) != old and "httponly" in claimed.headers["set-cookie"].lower()
    assert client.get(f"/api/v1/me/programs/{program.json()['id']}").status_code == 200
    assert client.post("/api/v1/auth/claim", json={"email": "x@example.org", "password": PASSWORD}
                       ).status_code == 403, "an account has nothing to claim"


def test_claim_answers(settings: Settings) -> None:
    person(settings, "pat@example.org")
    client = guest(settings)
    wrong = client.post("/api/v1/auth/claim", json={"email": "pat@example.org", "password": "not the password"})
    assert wrong.status_code == 401 and wrong.json()["message"] == "the email or the password is wrong"
    bad = client.post("/api/v1/auth/claim", json={"email": "pat@example.org"})
    assert bad.status_code == 422 and bad.json()["field"] == "password"
    assert TestClient(create_app(settings)).post(
        "/api/v1/auth/claim", json={"email": "a@b.org", "password": PASSWORD}).status_code == 401
    assert client.post("/api/v1/auth/claim", content=b"{}", headers={"Content-Type": "text/plain"}
                       ).status_code == 415


def test_invite_codes_by_json(settings: Settings) -> None:
    doc, patient = doctor(settings), person(settings, "pat@example.org")
    assert patient.post("/api/v1/clinician/invites").status_code == 403
    made = doc.post("/api/v1/clinician/invites")
    assert made.status_code == 201 and set(made.json()) == {"code", "expires_at"}
    assert made.headers["cache-control"] == "no-store"
    assert patient.get("/api/v1/me/clinician").json() == {"clinician": None}
    accepted = patient.post("/api/v1/me/clinician", json={"code": made.json()["code"]})
    assert accepted.status_code == 200 and accepted.json() == {"clinician": {"email": "doc@example.org"}}
    assert [p["email"] for p in doc.get("/api/v1/clinician/patients").json()] == ["pat@example.org"]
    again = patient.post("/api/v1/me/clinician", json={"code": made.json()["code"]})
    assert again.status_code == 404 and "not valid or has expired" in again.json()["message"]
    assert patient.delete("/api/v1/me/clinician").status_code == 204
    assert doc.get("/api/v1/clinician/patients").json() == []
    audit: list[dict[str, Any]] = patient.get("/api/v1/me/export").json()["audit"]
    assert [(e["actor"], e["action"]) for e in audit if e["action"] in (ACCEPTED, STOPPED)] == [
        ("doc@example.org", ACCEPTED), ("doc@example.org", STOPPED)]


def test_accepting_needs_a_well_formed_code_and_a_patient_account(settings: Settings) -> None:
    patient = person(settings, "pat@example.org")
    malformed = patient.post("/api/v1/me/clinician", json={"code": "1234"})
    assert malformed.status_code == 422 and malformed.json()["field"] == "code"
    assert patient.post("/api/v1/me/clinician", json={"code": "K7M2-Q9XR", "x": 1}).json()["field"] == "x"
    assert guest(settings).post("/api/v1/me/clinician", json={"code": "K7M2-Q9XR"}).status_code == 403
    assert TestClient(create_app(settings)).get("/api/v1/me/clinician").status_code == 401

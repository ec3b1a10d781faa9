"""The account API of interfaces.md: sign-in, programs, sessions with idempotent events, check-ins, export,
erasure and a clinician's own patients. Someone else's data answers 404, exactly as if it did not exist."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from backcoach.bootstrap import bootstrap
from backcoach.services.planning import build_plan
from backcoach.settings import Settings
from backcoach.web.app import create_app
from devtools.answers import complete
from tests.web.conftest import PASSWORD

PLAN = build_plan(complete({"age": 45, "pain_now": 4, "minutes_available": 5}))


def person(settings: Settings, email: str) -> TestClient:
    client = TestClient(create_app(settings))
    response = client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    assert client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    return client


def program_of(client: TestClient) -> int:
    response = client.post("/api/v1/me/programs", json={"plan": PLAN})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_register_sign_in_and_out(settings: Settings) -> None:
    client = person(settings, "Pat@Example.org")
    assert client.get("/api/v1/me").json() == {"id": 1, "email": "pat@example.org", "role": "patient", "guest": False}
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    wrong = client.post("/api/v1/auth/login", json={"email": "pat@example.org", "password": "not it at all"})
    assert wrong.status_code == 401
    assert client.post("/api/v1/auth/login", json={"email": "PAT@example.org", "password": PASSWORD}).status_code == 200
    assert client.get("/api/v1/me").status_code == 200


@pytest.mark.parametrize(("body", "field"), [({"email": "nope", "password": PASSWORD}, "email"),
                                             ({"email": "a@b.org", "password": "short"}, "password"),
                                             ({"password": PASSWORD}, "email")])
def test_bad_registrations_name_the_field(settings: Settings, body: dict[str, Any], field: str) -> None:
    response = TestClient(create_app(settings)).post("/api/v1/auth/register", json=body)
    assert response.status_code == 422 and response.json()["message"].startswith(field)


def test_json_calls_need_the_json_content_type(settings: Settings) -> None:
    client = TestClient(create_app(settings))
    response = client.post("/api/v1/auth/login", content=b'{"email": "a@b.org"}',
                           headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_programs_are_private(settings: Settings) -> None:
    owner, stranger = person(settings, "owner@example.org"), person(settings, "stranger@example.org")
    program_id = program_of(owner)
    mine = owner.get(f"/api/v1/me/programs/{program_id}").json()
    assert mine["version"] == 1 and mine["plan"]["routine"] == PLAN["routine"]
    assert stranger.get(f"/api/v1/me/programs/{program_id}").status_code == 404
    assert stranger.get("/api/v1/me/programs/9999").status_code == 404
    assert stranger.post("/api/v1/sessions", json={"program_id": program_id}).status_code == 404
    bad = owner.post("/api/v1/me/programs", json={"plan": {"routine": []}})
    assert bad.status_code == 422 and bad.json()["message"].startswith("plan")


def test_session_events_are_idempotent(settings: Settings) -> None:
    client = person(settings, "pat@example.org")
    started = client.post("/api/v1/sessions", json={"program_id": program_of(client)})
    assert started.status_code == 201 and started.json()["status"] == "active"
    events = f"/api/v1/sessions/{started.json()['id']}/events"
    assert client.post(events, json={"at": 0, "type": "start"}).status_code == 400
    first = client.post(events, json={"at": 0, "type": "start"}, headers={"Idempotency-Key": "e1"})
    assert first.status_code == 200 and {"show_step", "countdown"} <= {e["type"] for e in first.json()}
    again = client.post(events, json={"at": 0, "type": "start"}, headers={"Idempotency-Key": "e1"})
    assert again.json() == first.json()
    other = client.post(events, json={"at": 1, "type": "pause"}, headers={"Idempotency-Key": "e1"})
    assert other.status_code == 409
    sharp = client.post(events, json={"at": 3, "type": "pain_report", "level": 7, "sharp": True},
                        headers={"Idempotency-Key": "e2"})
    assert sharp.json()[-1]["reason"] == "sharp_pain"
    document = client.get(f"/api/v1/sessions/{started.json()['id']}").json()
    assert [e["seq"] for e in document["events"]] == [1, 2] and document["status"] == "stopped"
    bad = client.post(events, json={"at": 4, "type": "dance"}, headers={"Idempotency-Key": "e3"})
    assert bad.status_code == 422


def test_someone_elses_session_does_not_exist(settings: Settings) -> None:
    owner, stranger = person(settings, "owner@example.org"), person(settings, "stranger@example.org")
    session_id = owner.post("/api/v1/sessions", json={"program_id": program_of(owner)}).json()["id"]
    assert stranger.get(f"/api/v1/sessions/{session_id}").status_code == 404
    response = stranger.post(f"/api/v1/sessions/{session_id}/events", json={"at": 0, "type": "start"},
                             headers={"Idempotency-Key": "x"})
    assert response.status_code == 404
    assert owner.get(f"/api/v1/sessions/{session_id}").json()["events"] == []


def test_checkins_progress_export_and_erasure(settings: Settings) -> None:
    client = person(settings, "pat@example.org")
    program_of(client)
    saved = client.post("/api/v1/me/checkins", json={"pain_now": 3, "odi_answers": [1] * 10, "psfs": {"sit": 6}})
    assert saved.status_code == 201 and saved.json()["checkin"]["odi_percent"] == 20.0
    assert client.post("/api/v1/me/checkins", json={"pain_now": 12}).status_code == 422
    assert client.get("/api/v1/me/progress").json()["checkins"][0]["pain_now"] == 3
    client.post("/api/v1/me/checkins", json={"pain_now": 3, "red_flags": {"fever_or_chills": True}})
    client.post("/api/v1/me/movement-tests", json={"direction": "flexion", "method": "seated_forward_bends",
                                                   "before": {"leg": "none"}, "after": {"leg": "none"}})
    everything = client.get("/api/v1/me/export").json()
    assert everything["account"]["email"] == "pat@example.org"
    assert len(everything["programs"]) == 1 and len(everything["checkins"]) == 2
    assert everything["safety_stops"][0]["triage"]["level"] == "urgent_referral"
    assert everything["movement_tests"][0]["response"] == "no_change"
    assert client.delete("/api/v1/me").status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    gone = client.post("/api/v1/auth/login", json={"email": "pat@example.org", "password": PASSWORD})
    assert gone.status_code == 401


def test_a_clinician_sees_and_prescribes_for_their_own_patients_only(settings: Settings) -> None:
    accounts = bootstrap(settings).accounts()
    accounts.create("doc@example.org", PASSWORD, role="clinician")
    accounts.create("other-doc@example.org", PASSWORD, role="clinician")
    mine = accounts.create("mine@example.org", PASSWORD, clinician_email="doc@example.org")
    theirs = accounts.create("theirs@example.org", PASSWORD, clinician_email="other-doc@example.org")
    doctor = TestClient(create_app(settings))
    doctor.post("/api/v1/auth/login", json={"email": "doc@example.org", "password": PASSWORD})
    assert doctor.get("/api/v1/clinician/patients").json() == [{"id": mine.id, "email": "mine@example.org"}]
    prescribed = doctor.post(f"/api/v1/clinician/patients/{mine.id}/programs", json={"plan": PLAN})
    assert prescribed.status_code == 201
    assert "prescribed by doc@example.org" in prescribed.json()["history"][0]["reason"]
    refused = doctor.post(f"/api/v1/clinician/patients/{theirs.id}/programs", json={"plan": PLAN})
    assert refused.status_code == 404
    patient = TestClient(create_app(settings))
    patient.post("/api/v1/auth/login", json={"email": "mine@example.org", "password": PASSWORD})
    assert patient.get(f"/api/v1/me/programs/{prescribed.json()['id']}").status_code == 200
    assert patient.get("/api/v1/clinician/patients").status_code == 403

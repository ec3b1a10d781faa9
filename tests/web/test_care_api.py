"""Safety over the HTTP API: a warning sign at a check-in or in a session gets the intake's level and words,
sessions answer 409 until a clinician's assessment is recorded (by the patient or their own clinician),
and the guided movement test is scored and kept."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backcoach.bootstrap import bootstrap
from backcoach.services.planning import build_plan
from backcoach.settings import Settings
from backcoach.web.app import create_app
from devtools.answers import complete
from tests.web.conftest import PASSWORD

ANSWERS = complete({"age": 45, "pain_now": 4, "leg_symptoms": "below_knee", "duration": "under_6_weeks",
                    "repeated_movement_response": {"extension": "centralized"}})


def signed_in(settings: Settings, email: str) -> TestClient:
    client = TestClient(create_app(settings))
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return client


def with_program(client: TestClient) -> int:
    plan = client.post("/api/v1/plans", json=ANSWERS).json()
    response = client.post("/api/v1/me/programs", json={"plan": plan})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def start(client: TestClient, program_id: int) -> object:
    return client.post("/api/v1/sessions", json={"program_id": program_id})


def test_a_warning_sign_at_a_check_in_stops_sessions_until_cleared(settings: Settings) -> None:
    bootstrap(settings).accounts().create("pat@example.org", PASSWORD)
    client = signed_in(settings, "pat@example.org")
    program_id = with_program(client)
    checkin = client.post("/api/v1/me/checkins", json={"pain_now": 5, "red_flags": {"bladder_or_bowel_change": True}})
    assert checkin.status_code == 201
    triage = checkin.json()["triage"]
    intake = build_plan(complete({**ANSWERS, "red_flags": {**ANSWERS["red_flags"], "bladder_or_bowel_change": True}}))
    assert (triage["level"], triage["headline"]) == ("emergency", intake["triage"]["headline"])
    refused = start(client, program_id)
    assert refused.status_code == 409  # type: ignore[attr-defined]
    body = refused.json()  # type: ignore[attr-defined]
    assert body["error"] == "safety_stop" and body["triage"]["level"] == "emergency"
    client.post("/api/v1/me/checkins", json={"pain_now": 2})
    assert start(client, program_id).status_code == 409  # type: ignore[attr-defined]
    assert client.post("/api/v1/me/clearances", json={"clinician_said": ""}).status_code == 422
    cleared = client.post("/api/v1/me/clearances", json={"clinician_said": "A&E: scan normal, carry on"})
    assert cleared.status_code == 200 and len(cleared.json()["cleared"]) == 1
    assert start(client, program_id).status_code == 201  # type: ignore[attr-defined]
    lesson = client.get("/api/v1/me/lesson").json()
    assert lesson["title"] and lesson["body"] and checkin.json()["lesson"]["id"]
    care = client.get("/api/v1/me/care").json()
    assert care["active"] == [] and care["history"][0]["clearance"]["clinician_said"] == "A&E: scan normal, carry on"


def test_a_warning_sign_in_a_session_ends_it_and_a_clinician_clears_their_own_patient(settings: Settings) -> None:
    accounts = bootstrap(settings).accounts()
    accounts.create("doc@example.org", PASSWORD, role="clinician")
    accounts.create("other@example.org", PASSWORD, role="clinician")
    patient = accounts.create("pat@example.org", PASSWORD, clinician_email="doc@example.org")
    client = signed_in(settings, "pat@example.org")
    session = start(client, with_program(client)).json()  # type: ignore[attr-defined]
    url = f"/api/v1/sessions/{session['id']}/events"
    client.post(url, json={"at": 0, "type": "start"}, headers={"Idempotency-Key": "1"})
    effects = client.post(url, json={"at": 4, "type": "warning_sign", "red_flags": {"saddle_numbness": True}},
                          headers={"Idempotency-Key": "2"}).json()
    stopped = next(e for e in effects if e["type"] == "session_stopped")
    assert stopped["reason"] == "warning_sign" and stopped["level"] == "emergency"
    forged = client.post(url, json={"at": 5, "type": "warning_sign", "red_flags": {"saddle_numbness": True},
                                    "triage": {"level": "self_care_ok"}}, headers={"Idempotency-Key": "3"})
    assert forged.status_code == 422
    other = signed_in(settings, "other@example.org")
    assert other.post(f"/api/v1/clinician/patients/{patient.id}/clearances", json={"note": "fine"}).status_code == 404
    doctor = signed_in(settings, "doc@example.org")
    cleared = doctor.post(f"/api/v1/clinician/patients/{patient.id}/clearances", json={"note": "Examined: no CES."})
    assert cleared.status_code == 200 and cleared.json()["cleared"][0]["clearance"]["by"] == "clinician"
    assert client.get("/api/v1/me/care").json()["active"] == []


def test_the_guided_movement_test_is_scored_and_kept(settings: Settings) -> None:
    bootstrap(settings).accounts().create("pat@example.org", PASSWORD)
    client = signed_in(settings, "pat@example.org")
    protocol = client.get("/api/v1/movement-test").json()
    assert protocol["reps"] == 10 and protocol["directions"]["extension"]["method"]["instructions"]
    result = client.post("/api/v1/me/movement-tests", json={
        "direction": "extension", "method": "prone_press_ups",
        "before": {"leg": "below_knee", "back_pain": 4}, "after": {"leg": "buttock", "back_pain": 5}})
    assert result.status_code == 201 and result.json()["response"] == "centralized"
    bad = client.post("/api/v1/me/movement-tests", json={"direction": "extension", "method": "x",
                                                          "before": {"leg": "knee"}, "after": {"leg": "none"}})
    assert bad.status_code == 422 and bad.json()["field"] == "before.leg"
    assert [r["response"] for r in client.get("/api/v1/me/movement-tests").json()] == ["centralized"]

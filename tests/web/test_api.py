"""The JSON API: plans per the contract, invalid input named, content type and errors mapped in one place."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from backcoach.web.bodies import MAX_BODY_BYTES
from tests.conftest import load_contract

SCIATICA = {"age": 38, "pain_now": 5, "leg_symptoms": "below_knee", "worse_with": ["sitting"],
            "repeated_movement_response": {"extension": "centralized"}}


def test_plan_endpoint_returns_the_contract(client: TestClient) -> None:
    response = client.post("/api/v1/plans", json=SCIATICA)
    assert response.status_code == 200
    plan = response.json()
    jsonschema.validate(plan, load_contract("plan.schema.json"))
    assert plan["profile"]["bias"] == "extension"


def test_plan_endpoint_keeps_red_flags_from_exercise(client: TestClient) -> None:
    plan = client.post("/api/v1/plans", json={"age": 60, "pain_now": 6,
                                              "red_flags": {"bladder_or_bowel_change": True}}).json()
    assert plan["triage"]["level"] == "emergency"
    assert plan["routine"] == []


@pytest.mark.parametrize(("body", "field"), [
    ({"age": -5, "pain_now": 3}, "age"),
    ({"age": 40, "pain_now": 11}, "pain_now"),
    ({"age": 40, "pain_now": 3, "duration": "forever"}, "duration"),
    ({"age": 40}, "pain_now"),
    ({"age": 40, "pain_now": 3, "shoe_size": 42}, "shoe_size"),
    ({"age": 40, "pain_now": 3, "red_flags": {"saddle_numbness": "maybe"}}, "red_flags.saddle_numbness"),
])
def test_invalid_answers_are_422_naming_the_field(client: TestClient, body: dict[str, Any], field: str) -> None:
    response = client.post("/api/v1/plans", json=body)
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert field in response.json()["message"]


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/plans", content=b"{nope", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["field"] == "body"


@pytest.mark.parametrize(("body", "field", "error"), [
    (b"[" * 100_000, "body", "unreadable_input"),
    (b'{"age": ' + b"9" * 5000 + b', "pain_now": 3}', "age", "invalid_input"),
    (b'{"age": 40, "pain_now": NaN}', "pain_now", "invalid_input"),
    (b'{"age": 40, "pain_now": 3, "duration": "\\ud800"}', "duration", "invalid_input"),
    (b'{"age": 40, "pain_now": 3, "\\ud800": 1}', "\\ud800", "invalid_input"),
])
def test_json_the_store_cannot_keep_is_422_naming_the_field(client: TestClient, body: bytes, field: str,
                                                            error: str) -> None:
    response = client.post("/api/v1/plans", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert (response.json()["error"], response.json()["field"]) == (error, field)


def test_a_body_over_the_limit_is_413_however_its_length_is_told(client: TestClient) -> None:
    big = b'{"age": 40, "pain_now": 3, "note": "' + b"x" * MAX_BODY_BYTES + b'"}'
    told = client.post("/api/v1/plans", content=big, headers={"Content-Type": "application/json"})
    assert told.status_code == 413
    assert told.json() == {"error": "payload_too_large", "message": "the request body is larger than 256 KiB"}
    lying = client.post("/api/v1/plans", content=big, headers={"Content-Type": "application/json",
                                                                "Content-Length": "40"})
    assert lying.status_code == 413
    untold = client.post("/api/v1/plans", content=iter([big[:1000], big[1000:]]),  # chunked: no Content-Length
                         headers={"Content-Type": "application/json"})
    assert untold.status_code == 413
    at_the_limit = b'{"age": 40, "pain_now": 3}'.ljust(MAX_BODY_BYTES)
    assert client.post("/api/v1/plans", content=at_the_limit,
                       headers={"Content-Type": "application/json"}).status_code == 200


def test_json_endpoints_need_a_json_content_type(client: TestClient) -> None:
    response = client.post("/api/v1/plans", content=b'{"age": 40, "pain_now": 3}',
                           headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_page_twins_and_health(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    library = client.get("/api/v1/exercises").json()["exercises"]
    assert len(library) >= 35
    assert client.get("/api/v1/exercises/bridge").json()["id"] == "bridge"
    assert client.get("/api/v1/exercises/moonwalk").status_code == 404
    sections = client.get("/api/v1/intake/questions").json()["sections"]
    asked = {q["id"] for s in sections for q in s["questions"]}
    assert {"age", "pain_now", "red_flags.saddle_numbness", "repeated_movement_response.extension"} <= asked


def test_openapi_documents_the_plan_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/api/v1/plans"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["age", "pain_now"]


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("missing", [{}, {"age": 40}, {"pain_now": 5}])
def test_a_yes_that_needs_care_now_is_answered_even_with_age_or_pain_missing(client: Any, missing: dict[str, Any]
                                                                            ) -> None:
    """The JSON twin answers as the page and the terminal do: an urgent yes never waits behind a missing age."""
    response = client.post("/api/v1/plans", json={**missing, "red_flags": {"saddle_numbness": True}})
    assert response.status_code == 200, response.text
    assert response.json()["triage"]["level"] == "emergency" and response.json()["routine"] == []


def test_missing_answers_without_an_urgent_yes_are_still_named(client: Any) -> None:
    response = client.post("/api/v1/plans", json={"red_flags": {"saddle_numbness": False}})
    assert response.status_code == 422 and response.json()["field"] in ("age", "pain_now")

"""The JSON API: plans per the contract, invalid input named, content type and errors mapped in one place."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

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

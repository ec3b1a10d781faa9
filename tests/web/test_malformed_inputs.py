"""Every malformed body, to every POST route that reads JSON, and ids the store cannot hold, to every route with
an id: each answer is a 4xx with the app's JSON error body, never a 500, and nothing is stored. Run on SQLite
and on PostgreSQL (skipped, saying why, where PostgreSQL is not reachable)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from backcoach.bootstrap import bootstrap
from backcoach.services.planning import build_plan
from backcoach.settings import Settings
from backcoach.web.app import create_app
from backcoach.web.bodies import MAX_BODY_BYTES, json_body
from backcoach.web.routes import API_ROUTERS
from devtools.answers import complete
from tests.web.conftest import PASSWORD

ROUTERS = API_ROUTERS
PLAN = build_plan(complete({"age": 45, "pain_now": 4, "minutes_available": 5}))
JSON = {"Content-Type": "application/json"}

MALFORMED: dict[str, bytes] = {
    "[ x 100000": b"[" * 100_000,
    '{"a": x 50000': b'{"a":' * 50_000,
    "33 levels": b"[" * 33 + b"]" * 33,
    "age 1e400": b'{"age": 1e400, "pain_now": 3}',
    "age 10^400": b'{"age": 1' + b"0" * 400 + b', "pain_now": 3}',
    "age of 5000 digits": b'{"age": ' + b"9" * 5000 + b', "pain_now": 3}',
    "age 2^63": b'{"age": 9223372036854775808, "pain_now": 3}',
    "NaN": b'{"age": 40, "pain_now": NaN}',
    "Infinity": b'{"age": 40, "pain_now": Infinity}',
    "-Infinity": b'{"at": -Infinity, "type": "start"}',
    # json.dumps would write these as the escape \ud800 too: that escape is the attack, so it is sent as is
    "lone surrogate in a key": b'{"\\ud800": 1, "age": 40, "pain_now": 3}',
    "lone surrogate in a value": b'{"email": "a\\ud800@example.org", "password": "x\\udc00", "plan": "\\ud800",'
                                 b' "pain_now": 3, "method": "\\ud800", "clinician_said": "\\ud800"}',
    "lone surrogate as raw bytes": b'{"email": "\xed\xa0\x80@example.org", "pain_now": 3}',
    "NUL in a string": b'{"email": "a\\u0000@example.org", "password": "correct horse\\u0000", "pain_now": 3,'
                       b' "psfs": {"sitting\\u0000": 4}, "method": "prone\\u0000", "clinician_said": "x\\u0000",'
                       b' "note": "\\u0000", "at": 0, "type": "start"}',
    "NUL in a nested key": b'{"pain_now": 3, "psfs": {"walk\\u0000": 5}}',
    "program_id 2^31": b'{"program_id": 2147483648}',
    "program_id 2^63": b'{"program_id": 9223372036854775808}',
    "300 KiB": b'{"pain_now": 3, "note": "' + b"x" * (300 * 1024) + b'"}',
    "a list": b"[1, 2, 3]",
    "a string": b'"text"',
    "null": b"null",
    "not JSON": b"{nope",
    "empty": b"",
}
BAD_IDS = (2**63, 2**63 - 1, 2**31, 10**30, 0, -1)
STORE_IDS = ("program_id", "session_id", "patient_id")  # the path parameters that are ids of stored rows


class World(NamedTuple):
    patient: TestClient
    doctor: TestClient
    ids: dict[str, int]  # what fills {program_id}, {session_id}, {patient_id}: the caller's own


def _reads_json(dependant: Dependant) -> bool:
    return any(d.call is json_body or _reads_json(d) for d in dependant.dependencies)


def routes(*, json_posts: bool) -> list[APIRoute]:
    found = [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]
    if json_posts:
        return [route for route in found if "POST" in route.methods and _reads_json(route.dependant)]
    return [route for route in found if set(re.findall(r"\{(\w+)\}", route.path)) & set(STORE_IDS)]


def client_for(world: World, route: APIRoute) -> TestClient:
    return world.doctor if "/clinician/" in route.path else world.patient


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[World]:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url, host="127.0.0.1", port=8000)
    application = bootstrap(settings)
    accounts = application.accounts()
    accounts.create("doc@example.org", PASSWORD, role="clinician")
    mine = accounts.create("pat@example.org", PASSWORD, clinician_email="doc@example.org")
    application.close()
    with TestClient(create_app(settings)) as patient, TestClient(create_app(settings)) as doctor:
        for client, email in ((patient, "pat@example.org"), (doctor, "doc@example.org")):
            assert client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
        program = patient.post("/api/v1/me/programs", json={"plan": PLAN}).json()["id"]
        session = patient.post("/api/v1/sessions", json={"program_id": program})
        assert session.status_code == 201, session.text
        assert patient.post("/api/v1/me/checkins", json={"pain_now": 3}).status_code == 201
        yield World(patient, doctor, {"program_id": program, "session_id": session.json()["id"],
                                      "patient_id": mine.id})


def stored(world: World) -> Any:
    """Everything kept about the patient (a clinician's prescriptions and clearances land there too), less the
    audit log, which rightly records each export and each time a clinician opened the record."""
    export = world.patient.get("/api/v1/me/export")
    assert export.status_code == 200
    return {key: value for key, value in export.json().items() if key != "audit"}


def test_the_routes_are_discovered() -> None:
    posts = {route.path for route in routes(json_posts=True)}
    assert {"/api/v1/plans", "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/me/programs",
            "/api/v1/sessions", "/api/v1/sessions/{session_id}/events", "/api/v1/me/checkins",
            "/api/v1/me/movement-tests", "/api/v1/me/clearances", "/api/v1/clinician/patients/{patient_id}/programs",
            "/api/v1/clinician/patients/{patient_id}/clearances"} <= posts
    assert "/api/v1/auth/logout" not in posts  # takes no body
    assert {"/api/v1/me/programs/{program_id}", "/api/v1/sessions/{session_id}"} <= {
        route.path for route in routes(json_posts=False)}
    assert len(MALFORMED["300 KiB"]) > MAX_BODY_BYTES


def test_every_malformed_body_is_a_4xx_and_nothing_is_stored(world: World) -> None:
    before = stored(world)
    answers = []
    for route in routes(json_posts=True):
        path = route.path.format(**world.ids)
        for name, body in MALFORMED.items():
            response = client_for(world, route).post(path, content=body, headers={**JSON, "Idempotency-Key": name})
            answers.append((route.path, name, response))
    server_errors = [(path, name, r.status_code) for path, name, r in answers if r.status_code >= 500]
    assert server_errors == []
    for path, name, response in answers:
        assert 400 <= response.status_code < 500, (path, name, response.status_code)
        assert "error" in response.json(), (path, name, response.text)
        if name == "300 KiB":
            assert response.status_code == 413, (path, response.text)
        elif name not in ("a list", "a string", "null", "empty"):  # some routes read any JSON document
            assert response.status_code in (404, 422), (path, name, response.text)
    assert stored(world) == before


def test_an_id_the_store_cannot_hold_is_404_like_a_missing_one(world: World) -> None:
    before = stored(world)
    for bad_id in BAD_IDS:
        for route in routes(json_posts=False):
            path = route.path.format(**dict.fromkeys(world.ids, bad_id))
            for method in route.methods:
                response = client_for(world, route).request(
                    method, path, json={"plan": PLAN, "at": 0, "type": "start", "note": "seen"},
                    headers={"Idempotency-Key": f"id-{bad_id}"})
                assert response.status_code == 404, (method, path, response.text)
                assert response.json()["error"] == "not_found"
    assert stored(world) == before


def test_a_program_id_in_a_body_the_store_cannot_hold_is_404(world: World) -> None:
    for program_id in (2**31, 2**31 - 1, 10**15, 0, -1):
        response = world.patient.post("/api/v1/sessions", json={"program_id": program_id})
        assert response.status_code == 404, response.text
        assert response.json() == {"error": "not_found", "message": "no such program"}
    for program_id in ("1", 1.5, True, None):
        assert world.patient.post("/api/v1/sessions", json={"program_id": program_id}).status_code == 422


def test_an_email_over_320_characters_is_422(world: World) -> None:
    email = "a" * 321 + "@example.org"
    response = world.patient.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 422, response.text

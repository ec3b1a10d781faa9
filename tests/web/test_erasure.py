"""Erasure leaves no trace: a sentinel planted in every kind of field is gone from the SQLite file and its -wal."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backcoach.services.planning import build_plan
from backcoach.settings import Settings
from backcoach.web.app import create_app
from devtools.answers import complete
from tests.web.conftest import PASSWORD

SENTINEL = "zqxsentinel"


def stored_bytes(settings: Settings) -> bytes:
    database = settings.data_dir / "backcoach.sqlite3"
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_erasure_leaves_no_trace_in_the_database_files(settings: Settings) -> None:
    email = f"{SENTINEL}@example.org"
    with TestClient(create_app(settings)) as client:
        client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
        assert client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
        plan = build_plan(complete({"age": 45, "pain_now": 4, "minutes_available": 5}))
        plan["summary"] = f"{SENTINEL} summary"
        assert client.post("/api/v1/me/programs", json={"plan": plan}).status_code == 201
        checkin = client.post("/api/v1/me/checkins", json={"pain_now": 3, "psfs": {f"{SENTINEL} walk": 6}})
        assert checkin.status_code == 201, checkin.text
        client.post("/api/v1/me/checkins", json={"pain_now": 3, "red_flags": {"fever_or_chills": True}})
        cleared = client.post("/api/v1/me/clearances", json={"clinician_said": f"{SENTINEL} said fine"})
        assert cleared.status_code == 200, cleared.text
        assert SENTINEL.encode() in stored_bytes(settings)
        client.app.state.backcoach.store.flush_log()  # the rows reach the main file
        assert client.delete("/api/v1/me").status_code == 204
        assert SENTINEL.encode() not in stored_bytes(settings)

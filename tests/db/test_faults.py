"""Storage faults said plainly: a damaged file is refused and left untouched; a full or read-only disk is a
clear error (HTTP 507 / 503 with a JSON body, one line and exit 1 in the terminal); nothing acknowledged is
lost."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from backcoach.errors import StorageCorrupt, StorageFull, StorageReadOnly
from backcoach.services.store import Store
from backcoach.settings import Settings
from backcoach.web.app import create_app

PASSWORD = "a long enough passphrase"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, database_url=None, host="127.0.0.1", port=8000)


def filled_database(path: Path) -> None:
    store = Store(f"sqlite:///{path}")
    with store.unit_of_work() as uow:
        for number in range(200):
            uow.users.add(f"person{number}@example.org", "patient", "x" * 200)
        uow.commit()
    store.close()  # the last connection closing checkpoints the WAL into the file


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_damaged_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "backcoach.sqlite3"
    filled_database(path)
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page:3 * page + 600] = b"\x07" * 600  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(StorageCorrupt, match="is damaged"):
        Store(f"sqlite:///{path}")
    assert digest(path) == before, "never reset or overwritten"


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "backcoach.sqlite3"
    path.write_bytes(b"these are my notes, not a database" * 200)
    with pytest.raises(StorageCorrupt, match="restore"):
        Store(f"sqlite:///{path}")
    assert path.read_bytes().startswith(b"these are my notes")


def _limit_writes(client: TestClient, pragma: str) -> None:
    """Every connection of the app's engine from now on runs ``pragma`` (a full or a read-only disk)."""
    engine = client.app.state.backcoach.store.engine  # type: ignore[attr-defined]
    engine.dispose()

    def on_connect(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute(pragma)
        cursor.close()

    event.listen(engine, "connect", on_connect)


def _signed_in(settings: Settings) -> TestClient:
    client = TestClient(create_app(settings))
    for route, status in (("register", 201), ("login", 200)):
        response = client.post(f"/api/v1/auth/{route}", json={"email": "pat@example.org", "password": PASSWORD})
        assert response.status_code == status, response.text
    return client


def test_a_full_disk_is_507_and_nothing_acknowledged_is_lost(settings: Settings) -> None:
    client = _signed_in(settings)
    with client:
        pages = client.app.state.backcoach.store.engine.connect().exec_driver_sql(  # type: ignore[attr-defined]
            "PRAGMA page_count").scalar()
        _limit_writes(client, f"PRAGMA max_page_count={pages + 2}")
        acknowledged = 0
        for _ in range(300):
            activities = {f"activity {n} " + "x" * 60: 5 for n in range(5)}
            response = client.post("/api/v1/me/checkins", json={"pain_now": 3, "psfs": activities})
            if response.status_code != 201:
                break
            acknowledged += 1
        assert response.status_code == 507, response.text
        assert response.json()["error"] == "storage_full" and "full" in response.json()["message"]
        stored = client.get("/api/v1/me/export").json()["checkins"]
        assert len(stored) == acknowledged, "every acknowledged check-in is there, the refused one is not"


def test_a_read_only_database_is_503_with_a_json_body(settings: Settings) -> None:
    client = _signed_in(settings)
    with client:
        _limit_writes(client, "PRAGMA query_only=ON")
        response = client.post("/api/v1/me/checkins", json={"pain_now": 3})
        assert response.status_code == 503, response.text
        assert response.json()["error"] == "storage_read_only"
        # every transaction takes SQLite's write lock first (BEGIN IMMEDIATE), so reads say the same
        assert client.get("/api/v1/me").json()["error"] == "storage_read_only"


def test_the_storage_errors_are_told_apart() -> None:
    assert StorageFull.http_status == 507 and StorageReadOnly.http_status == 503


def test_a_read_only_store_is_said_plainly_on_both_databases(database_url: str) -> None:
    store = Store(database_url)
    store.engine.dispose()
    read_only = ("PRAGMA query_only=ON" if store.engine.dialect.name == "sqlite"
                 else "SET default_transaction_read_only = on")

    def on_connect(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute(read_only)
        cursor.close()
        connection.commit()  # PostgreSQL undoes a SET made in a transaction that is rolled back

    event.listen(store.engine, "connect", on_connect)
    with pytest.raises(StorageReadOnly, match="cannot be written"), store.unit_of_work() as uow:
        uow.users.add("someone@example.org", "patient", "x")
        uow.commit()
    store.close()

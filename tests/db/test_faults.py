"""Storage faults said plainly: a damaged file is refused and left untouched; a full or read-only disk is a
clear error (HTTP 507 / 503 with a JSON body, one line and exit 1 in the terminal); nothing acknowledged is
lost; a read-only database still serves reads."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from backcoach.errors import StorageCorrupt, StorageFull, StorageReadOnly
from backcoach.services.accounts import SEEN_EVERY, AccountService
from backcoach.services.planning import build_plan
from backcoach.services.store import Store
from backcoach.settings import Settings
from backcoach.web.app import create_app
from backcoach.web.deps import COOKIE
from devtools.answers import complete

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


def _with_a_session(client: TestClient) -> int:
    plan = build_plan(complete({"age": 45, "pain_now": 4, "minutes_available": 5}))
    program = client.post("/api/v1/me/programs", json={"plan": plan})
    assert program.status_code == 201, program.text
    started = client.post("/api/v1/sessions", json={"program_id": program.json()["id"]})
    assert started.status_code == 201, started.text
    assert client.post("/api/v1/me/checkins", json={"pain_now": 3}).status_code == 201
    return int(started.json()["id"])


def _reads_served_and_a_write_refused(client: TestClient, session_id: int) -> None:
    assert client.get("/api/v1/me").status_code == 200
    export = client.get("/api/v1/me/export")
    assert export.status_code == 200, export.text
    assert len(export.json()["checkins"]) == 1
    session = client.get(f"/api/v1/sessions/{session_id}")
    assert session.status_code == 200 and session.json()["id"] == session_id, session.text
    response = client.post("/api/v1/me/checkins", json={"pain_now": 3})
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "storage_read_only"
    assert "cannot be written" in response.json()["message"] and "\n" not in response.json()["message"]


def test_a_read_only_database_serves_reads_and_a_write_is_503_with_a_json_body(settings: Settings) -> None:
    client = _signed_in(settings)
    with client:
        session_id = _with_a_session(client)
        _limit_writes(client, "PRAGMA query_only=ON")  # BEGIN IMMEDIATE is refused: transactions begin as reads
        _reads_served_and_a_write_refused(client, session_id)


def test_a_database_opened_read_only_is_opened_without_writing(settings: Settings) -> None:
    """A worker started on a read-only, up-to-date database (a read-only URI: root ignores file permissions)
    checks and migrates it without writing, then serves reads; the database is left as it was."""
    client = _signed_in(settings)
    with client:
        session_id = _with_a_session(client)
        client.app.state.backcoach.store.flush_log()  # type: ignore[attr-defined]
    path = settings.data_dir / "backcoach.sqlite3"
    before = digest(path)
    read_only = replace(settings, database_url=f"sqlite:///file:{path}?mode=ro&uri=true")
    with TestClient(create_app(read_only), cookies={COOKIE: client.cookies[COOKIE]}) as reader:
        _reads_served_and_a_write_refused(reader, session_id)
    assert digest(path) == before


def _read_only(store: Store) -> None:
    """Every connection of the store from now on cannot write (SQLite's query_only, PostgreSQL's read-only
    transactions): a read-only file, folder or disk, or a read-only replica."""
    store.engine.dispose()
    read_only = ("PRAGMA query_only=ON" if store.engine.dialect.name == "sqlite"
                 else "SET default_transaction_read_only = on")

    def on_connect(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute(read_only)
        cursor.close()
        connection.commit()  # PostgreSQL undoes a SET made in a transaction that is rolled back

    event.listen(store.engine, "connect", on_connect)


def test_a_read_only_store_serves_its_reads_on_both_databases(database_url: str) -> None:
    store = Store(database_url)
    accounts = AccountService(store)
    account = accounts.create("pat@example.org", PASSWORD)
    _, token = accounts.sign_in("pat@example.org", PASSWORD, client="10.0.0.1")
    _read_only(store)
    later = datetime.now(UTC) + SEEN_EVERY * 2  # the last-seen time is due: it cannot be written, and need not be
    assert accounts.account_for(token, now=later) == account
    assert accounts.export(account)["account"]["email"] == "pat@example.org"
    with pytest.raises(StorageReadOnly):
        accounts.sign_in("pat@example.org", PASSWORD)  # a sign-in must store its session
    with pytest.raises(StorageReadOnly):
        accounts.erase(account)
    store.close()


def test_the_storage_errors_are_told_apart() -> None:
    assert StorageFull.http_status == 507 and StorageReadOnly.http_status == 503


def test_a_read_only_store_is_said_plainly_on_both_databases(database_url: str) -> None:
    store = Store(database_url)
    _read_only(store)
    with pytest.raises(StorageReadOnly, match="cannot be written"), store.unit_of_work() as uow:
        uow.users.add("someone@example.org", "patient", "x")
        uow.commit()
    store.close()

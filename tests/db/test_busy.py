"""SQLite under concurrency: a process's writers take turns (woken at once, not by SQLite's sleeping busy
handler), readers never wait for a writer, and a writer kept waiting too long is told the database is busy
(503 `storage_busy` with Retry-After), with nothing changed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backcoach.db import uow as uow_module
from backcoach.errors import StorageBusy
from backcoach.services.store import Store
from backcoach.settings import Settings
from backcoach.web.app import create_app

PASSWORD = "a long enough passphrase"


@contextmanager
def writing_elsewhere(store: Store) -> Iterator[None]:
    """Another thread holds a unit of work that may write until the block ends."""
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with store.unit_of_work():
            holding.set()
            done.wait()

    thread = threading.Thread(target=hold)
    thread.start()
    assert holding.wait(timeout=60)
    try:
        yield
    finally:
        done.set()
        thread.join()


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uow_module, "SQLITE_BUSY_TIMEOUT_MS", 50)


def test_a_writer_waiting_too_long_is_told_busy_and_a_reader_never_waits(tmp_path: Path, short_wait: None) -> None:
    store = Store(f"sqlite:///{tmp_path / 'busy.sqlite3'}")
    with writing_elsewhere(store):
        with store.reading() as uow:
            assert uow.users.by_email("nobody@example.org") is None
        with pytest.raises(StorageBusy, match="busy"), store.unit_of_work():
            pass
    with store.unit_of_work() as uow:  # its turn, now that the other one ended
        uow.users.add("pat@example.org", "patient", "x")
        uow.commit()
    store.close()


def test_over_http_a_busy_database_is_503_with_retry_after_and_reads_still_answer(tmp_path: Path,
                                                                                 short_wait: None) -> None:
    client = TestClient(create_app(Settings(data_dir=tmp_path, database_url=None, host="127.0.0.1", port=8000)))
    with client:
        for route, status in (("register", 201), ("login", 200)):
            response = client.post(f"/api/v1/auth/{route}", json={"email": "pat@example.org", "password": PASSWORD})
            assert response.status_code == status, response.text
        with writing_elsewhere(client.app.state.backcoach.store):  # type: ignore[attr-defined]
            assert client.get("/api/v1/me").status_code == 200
            response = client.post("/api/v1/me/checkins", json={"pain_now": 3})
            assert response.status_code == 503 and response.headers["retry-after"] == "1"
            assert response.json()["error"] == "storage_busy"
        assert client.get("/api/v1/me/export").json()["checkins"] == [], "the refused check-in was not kept"
        assert client.post("/api/v1/me/checkins", json={"pain_now": 3}).status_code == 201

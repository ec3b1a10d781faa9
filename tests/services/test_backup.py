"""Backup and restore of a live SQLite database: the copy is consistent while writers keep writing, a restore
under writes leaves a healthy database with everything in the backup, and nothing bad is ever put back."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from backcoach.db.backup import healthy
from backcoach.errors import ConfigurationError, InvalidInput, StorageCorrupt
from backcoach.services.backup import backup, restore
from backcoach.services.store import Store


class Writer:
    """Adds one account after another on its own thread until stopped; remembers what was acknowledged."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.acknowledged: list[str] = []
        self.errors: list[Exception] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self) -> None:
        number = 0
        while not self.stop.is_set():
            number += 1
            email = f"writer{number}@example.org"
            try:
                with self.store.unit_of_work() as uow:
                    uow.users.add(email, "patient", "x" * 100)
                    uow.commit()
                self.acknowledged.append(email)
            except Exception as error:  # recorded, and asserted on below
                self.errors.append(error)

    def wait_for(self, count: int) -> None:
        while len(self.acknowledged) < count and self.thread.is_alive() and not self.errors:
            self.stop.wait(0.01)


def emails(path: Path) -> set[str]:
    store = Store(f"sqlite:///{path}")
    with store.engine.connect() as connection:
        found = {row[0] for row in connection.execute(text("SELECT email FROM users"))}
    store.close()
    return found


def test_backup_and_restore_under_writes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    store = Store(url)
    writer = Writer(store)
    writer.thread.start()
    writer.wait_for(50)
    copy_path = tmp_path / "copy.sqlite3"
    backup(url, copy_path)
    writer.wait_for(len(writer.acknowledged) + 50)
    in_backup = emails(copy_path)
    assert len(in_backup) >= 50
    restored = restore(url, copy_path)
    after_restore = len(writer.acknowledged)
    writer.wait_for(after_restore + 30)
    writer.stop.set()
    writer.thread.join()
    assert writer.errors == []
    healthy(tmp_path / "live.sqlite3")
    live = emails(tmp_path / "live.sqlite3")
    assert in_backup <= live, "everything in the backup is back"
    assert set(writer.acknowledged[after_restore + 1:]) <= live, "writes acknowledged after the restore are kept"
    assert Path(restored["previous_kept_as"]).exists()
    store.close()


def test_a_damaged_or_foreign_file_is_never_restored(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    Store(url).close()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(StorageCorrupt):
        restore(url, junk)
    other = tmp_path / "other.sqlite3"
    import sqlite3

    sqlite3.connect(other).execute("CREATE TABLE notes (text)").connection.close()
    with pytest.raises(InvalidInput, match="not a BackCoach one"):
        restore(url, other)


def test_a_backup_never_overwrites_a_file_and_postgresql_is_told_to_use_its_tools(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    Store(url).close()
    (tmp_path / "taken").write_text("keep me", encoding="utf-8")
    with pytest.raises(InvalidInput, match="already exists"):
        backup(url, tmp_path / "taken")
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(ConfigurationError, match="pg_dump"):
        backup("postgresql://127.0.0.1/test", tmp_path / "x")

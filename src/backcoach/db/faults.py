"""Storage faults named plainly: a damaged database file is refused at start-up (and never reset), and a
read-only or full disk is a clear error instead of a driver exception. The only place that reads driver
error details."""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from backcoach.errors import StorageBusy, StorageCorrupt, StorageError, StorageFull, StorageReadOnly

# PostgreSQL SQLSTATE codes: disk full, out of memory-ish resources, read-only transaction, busy
PG_FULL = {"53100", "53200", "53000"}
PG_READ_ONLY = {"25006"}
PG_BUSY = {"55P03", "40P01", "40001"}  # lock not available, deadlock, serialization failure: try again
SQLITE_CORRUPT = ("malformed", "file is not a database", "file is encrypted", "disk image")
SQLITE_FULL = ("database or disk is full", "disk is full")
SQLITE_BUSY = ("database is locked", "database table is locked")
SQLITE_READ_ONLY = ("readonly database", "read-only", "unable to open database file")


def check_integrity(engine: Engine, where: str) -> None:
    """SQLite's quick check before anything else touches the file; a damaged file raises StorageCorrupt."""
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as connection:
            problems = [row[0] for row in connection.execute(text("PRAGMA quick_check(5)"))]
    except DBAPIError as error:
        raise translate(error, where) from None
    if problems != ["ok"]:
        raise _corrupt(where, "; ".join(str(p) for p in problems))


def translate(error: DBAPIError, where: str) -> StorageError:
    """The BackCoach error for a driver error that is about the storage itself (else a generic one)."""
    message, code = _details(error)
    if code in PG_FULL or any(part in message for part in SQLITE_FULL):
        return StorageFull(f"the disk holding the database {where} is full: nothing was saved. "
                           "Free some space and try again")
    if code in PG_READ_ONLY or any(part in message for part in SQLITE_READ_ONLY):
        return StorageReadOnly(f"the database {where} cannot be written (a read-only file, folder or disk): "
                               "nothing was saved")
    if any(part in message for part in SQLITE_CORRUPT):
        return _corrupt(where, message)
    if code in PG_BUSY or any(part in message for part in SQLITE_BUSY):
        return busy(where)
    return StorageError(f"the database {where} failed: {message.splitlines()[0] if message else 'unknown'}")


def busy(where: str) -> StorageBusy:
    """The database was kept busy by other writes for longer than a request waits."""
    return StorageBusy(f"the database {where} is busy: try again in a moment")


def is_storage_fault(error: DBAPIError) -> bool:
    """A fault of the storage (full, read-only, damaged), as opposed to a query or constraint problem."""
    message, code = _details(error)
    parts = SQLITE_FULL + SQLITE_READ_ONLY + SQLITE_CORRUPT + SQLITE_BUSY
    return code in PG_FULL | PG_READ_ONLY | PG_BUSY or any(part in message for part in parts)


def refuses_writes(error: DBAPIError) -> bool:
    """SQLite's SQLITE_READONLY (any of its extended codes): the database can be read but not written."""
    code = getattr(getattr(error, "orig", None), "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_READONLY


def _details(error: DBAPIError) -> tuple[str, str | None]:
    """The driver's message (lower case) and, on PostgreSQL, its SQLSTATE code."""
    original = getattr(error, "orig", None)
    return str(original if original is not None else error).lower(), getattr(original, "pgcode", None)


def _corrupt(where: str, detail: str) -> StorageCorrupt:
    return StorageCorrupt(f"the database {where} is damaged ({detail.splitlines()[0]}); it was left untouched. "
                          "Restore a backup with `backcoach restore FILE`, or move the file away to start afresh")

"""Database engines: SQLite (WAL, synchronous FULL, busy timeout, foreign keys) or PostgreSQL, same code."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from backcoach.db.faults import refuses_writes

SQLITE_BUSY_TIMEOUT_MS = 5000


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed)
    return create_engine(url, pool_pre_ping=True, future=True)


def _sqlite_engine(url: str, parsed: URL) -> Engine:
    database = parsed.database
    if database and database != ":memory:" and not parsed.query.get("uri"):  # a file: URI opens what exists
        os.makedirs(os.path.dirname(os.path.abspath(database)), exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_begin)
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten with zeros, not left in free pages
    cursor.close()


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the write-ahead log into the database file and truncate it to zero bytes, so that pages
    written before an erasure are gone from the -wal file too. Nothing to do on PostgreSQL."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


READING = "backcoach_reading"  # an execution option: this connection's transactions only read


def _sqlite_begin(connection: Connection) -> None:
    """Take the write lock at the start of the transaction, so concurrent writers queue on the busy timeout
    instead of failing when a read transaction tries to upgrade to a write. A database that cannot be written
    (query_only) refuses that: the transaction then begins as a read, so reads are still served and the first
    write fails as read-only (the driver's error, said plainly by db/faults.py). A unit of work that only reads
    (see reading_engine) begins as a read: in WAL mode it never waits for a writer."""
    if connection.get_execution_options().get(READING):
        connection.exec_driver_sql("BEGIN")
        return
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError as error:
        if not refuses_writes(error):
            raise
        connection.exec_driver_sql("BEGIN")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def reading_engine(engine: Engine) -> Engine:
    """The same engine and pool, for units of work that only read."""
    return engine.execution_options(**{READING: True})

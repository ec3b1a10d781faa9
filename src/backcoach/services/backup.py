"""Use cases: back up the live SQLite database to a file, and restore one (keeping what it replaces)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from backcoach.db.backup import copy, healthy
from backcoach.errors import ConfigurationError, InvalidInput
from backcoach.services.store import Store


def database_file(url: str) -> Path:
    """The SQLite file behind the store; PostgreSQL has its own tools."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise ConfigurationError("backup and restore copy the SQLite database file; for PostgreSQL use "
                                 "pg_dump and pg_restore")
    return Path(parsed.database)


def backup(url: str, target: Path) -> dict[str, Any]:
    """A consistent copy of the live database (others may keep writing), checked before it is reported."""
    live = database_file(url)
    Store(url).close()  # the live database is healthy and at the current schema
    if target.exists():
        raise InvalidInput(str(target), "already exists: choose a new file name")
    pages = copy(live, target)
    healthy(target)
    return {"file": str(target), "pages": pages, "bytes": target.stat().st_size}


def restore(url: str, source: Path, now: datetime | None = None) -> dict[str, Any]:
    """Replace the live database with a checked backup; what it replaces is kept beside it first."""
    healthy(source)
    live = database_file(url)
    kept = None
    if live.exists():
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
        kept = live.with_name(f"{live.name}.before-restore-{stamp}")
        copy(live, kept)
    copy(source, live)
    Store(url).close()  # an older backup is migrated to the current schema
    return {"restored_from": str(source), "previous_kept_as": None if kept is None else str(kept)}

"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from backcoach.db.migrate import upgrade
from backcoach.db.models import Base


def test_migrated_schema_matches_the_models(store: Any) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_upgrade_is_idempotent(store: Any) -> None:
    upgrade(store.engine)  # already at head: nothing to do, nothing fails
    tables = set(inspect(store.engine).get_table_names())
    assert {"users", "programs", "program_versions", "sessions", "session_events", "checkins"} <= tables


def test_sqlite_is_durable_and_concurrent(tmp_path: Any) -> None:
    from backcoach.services.store import Store

    opened = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with opened.engine.connect() as connection:
        pragmas = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                   for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")}
        assert connection.execute(text("SELECT 1")).scalar() == 1
    opened.close()
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 5000, "foreign_keys": 1}


def test_the_alembic_command_works_for_developers(tmp_path: Any) -> None:
    """alembic.ini at the top: `alembic upgrade head` and `alembic check` (the models need no new migration)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    top = Path(__file__).resolve().parents[2]
    alembic = [sys.executable, "-m", "alembic", "-c", str(top / "alembic.ini")]
    env = {**os.environ, "BACKCOACH_DATA_DIR": str(tmp_path)}
    for command in (["upgrade", "head"], ["check"]):
        result = subprocess.run([*alembic, *command], env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "backcoach.sqlite3").exists()

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


def test_0005_gives_existing_sessions_their_last_seq(tmp_path: Any) -> None:
    """Sessions stored before 0005 get last_seq = their latest event's seq (and no snapshot: the next event
    rebuilds the state from the log); a session without events gets 0."""
    from alembic import command
    from sqlalchemy import create_engine

    from backcoach.db.migrate import alembic_config

    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        now = "2026-03-02 09:00:00"
        connection.execute(text("INSERT INTO users (id, email, role, password_hash, created_at) "
                                f"VALUES (1, 'a@b.c', 'patient', 'x', '{now}')"))
        connection.execute(text("INSERT INTO programs (id, user_id, current_version, created_at) "
                                f"VALUES (1, 1, 1, '{now}')"))
        for session_id in (1, 2):
            connection.execute(text("INSERT INTO sessions (id, user_id, program_id, program_version, status, "
                                    "created_at, updated_at) "
                                    f"VALUES ({session_id}, 1, 1, 1, 'active', '{now}', '{now}')"))
        for seq in (1, 2, 3):
            connection.execute(text("INSERT INTO session_events (session_id, seq, idempotency_key, request_hash, body,"
                                    f" effects, created_at) VALUES (1, {seq}, 'k{seq}', 'h', '{{}}', '[]', '{now}')"))
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, last_seq FROM sessions")).all()
        assert {row[0]: row[1] for row in rows} == {1: 3, 2: 0}
        assert connection.execute(text("SELECT COUNT(*) FROM session_snapshots")).scalar() == 0
    engine.dispose()

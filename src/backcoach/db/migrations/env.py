"""Alembic environment: the app hands its own connection over (backcoach.db.migrate); the `alembic`
command (alembic.ini at the repository's top) connects to the configured database itself."""

from __future__ import annotations

from typing import Any

from alembic import context

from backcoach.db.models import Base


def run(connection: Any) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


handed_over = context.config.attributes.get("connection")
if handed_over is not None:
    run(handed_over)
else:
    from backcoach.db.engine import make_engine
    from backcoach.settings import Settings

    engine = make_engine(Settings.from_env().effective_database_url)
    with engine.begin() as own:
        run(own)
    engine.dispose()

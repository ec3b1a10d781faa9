"""A fresh PostgreSQL schema for one test or benchmark run, on the server the project's machines provide
(127.0.0.1:5432, trust auth, database `test`; BACKCOACH_TEST_POSTGRES_URL overrides it)."""

from __future__ import annotations

import contextlib
import functools
import os
import uuid
from collections.abc import Iterator

POSTGRES_URL = os.environ.get("BACKCOACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@functools.cache
def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used here, or None when it can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_URL)
    try:
        psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, dbname=url.database,
                        connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return f"no PostgreSQL at {url.host}:{url.port} ({str(error).splitlines()[0]})"
    return None


@contextlib.contextmanager
def postgres_schema(prefix: str = "bc_test") -> Iterator[str]:
    """A new schema; the URL puts it first on the search path. Dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()

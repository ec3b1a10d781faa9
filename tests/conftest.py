"""Shared fixtures and strategies."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_CONTRACTS = ROOT / "src" / "backcoach" / "contracts"
SHARED_CONTRACTS = ROOT.parent / "shared" / "contracts"


def load_contract(name: str) -> Any:
    return json.loads((PACKAGE_CONTRACTS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def intake_schema() -> Any:
    return load_contract("intake.schema.json")


@pytest.fixture(scope="session")
def plan_schema() -> Any:
    return load_contract("plan.schema.json")


@pytest.fixture(scope="session")
def core_exercises() -> Any:
    return load_contract("core_exercises.json")


# --- the store, on SQLite and on PostgreSQL -------------------------------------------------------------

POSTGRES_URL = os.environ.get("BACKCOACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@functools.cache
def postgres_unavailable() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None when they can."""
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
def postgres_schema() -> Iterator[str]:
    """A fresh schema for one test; the URL puts it first on the search path. Dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"bc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'backcoach.db'}"
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    with postgres_schema() as url:
        yield url


@pytest.fixture
def store(database_url: str) -> Iterator[Any]:
    from backcoach.services.store import Store

    opened = Store(database_url)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test (and every command it starts) keeps its data in its own folder, never in HOME."""
    folder = tmp_path / "backcoach-data"
    monkeypatch.setenv("BACKCOACH_DATA_DIR", str(folder))
    monkeypatch.delenv("BACKCOACH_DATABASE_URL", raising=False)
    return folder

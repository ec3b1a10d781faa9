"""Shared fixtures and strategies."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devtools.postgres import postgres_schema, postgres_unavailable

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_CONTRACTS = ROOT / "src" / "backcoach" / "contracts"
SHARED_CONTRACTS = ROOT.parent / "shared" / "contracts"


def pytest_configure(config: pytest.Config) -> None:
    """The tests keep their knowledge cache in a folder of their own (subprocesses inherit it), never in the
    user's ~/.cache, and remove it at the end; matching by meaning is off unless a test turns it on."""
    folder = tempfile.mkdtemp(prefix="backcoach-test-cache-")
    config.stash[CACHE_FOLDER] = folder
    os.environ["XDG_CACHE_HOME"] = folder
    # the web apps and servers the tests start do not load the embedding model in the background (a second of
    # CPU each on a 2-core machine); the tests of matching by meaning turn it on for themselves
    os.environ.setdefault("BACKCOACH_SEMANTIC", "off")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(config.stash.get(CACHE_FOLDER, ""), ignore_errors=True)


CACHE_FOLDER = pytest.StashKey[str]()


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

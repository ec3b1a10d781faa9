from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backcoach.settings import Settings
from backcoach.web.app import create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path, database_url=None, host="127.0.0.1", port=8000)
    with TestClient(create_app(settings)) as test_client:
        yield test_client

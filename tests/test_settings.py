"""The one settings object: read from the environment, checked, with clear errors."""

from __future__ import annotations

import pytest

from backcoach.errors import ConfigurationError
from backcoach.settings import MAX_WORKERS, Settings, usable_cpus


def test_serve_runs_one_worker_per_usable_cpu_unless_told() -> None:
    assert Settings.from_env({"BACKCOACH_DATA_DIR": "/tmp/x"}).workers == min(usable_cpus(), MAX_WORKERS)
    assert Settings.from_env({"BACKCOACH_DATA_DIR": "/tmp/x", "BACKCOACH_WORKERS": "3"}).workers == 3


@pytest.mark.parametrize("raw", ["0", "65", "two", "1.5"])
def test_a_worker_count_that_cannot_be_used_is_named(raw: str) -> None:
    with pytest.raises(ConfigurationError, match="BACKCOACH_WORKERS"):
        Settings.from_env({"BACKCOACH_DATA_DIR": "/tmp/x", "BACKCOACH_WORKERS": raw})

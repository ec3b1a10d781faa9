"""Command-line tests: most run the command in-process (fast, a Rich console at a fixed width); a few
end-to-end paths start a real process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

import pytest

from backcoach.cli.local import application
from backcoach.cli.main import main


class Result(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def fresh_application() -> Iterator[None]:
    """Each test gets the application of its own data folder (the command line caches one per process)."""
    application.cache_clear()
    yield
    if application.cache_info().currsize:
        application().close()
    application.cache_clear()


@pytest.fixture
def invoke(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `backcoach ARGS` in this process, as a user at a 100-column terminal would."""
    monkeypatch.setenv("COLUMNS", "100")

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run

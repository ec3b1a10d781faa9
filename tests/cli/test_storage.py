"""A damaged database is one line in the terminal and exit 1, never a traceback or a reset."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.cli.conftest import Result


def test_the_terminal_says_so_in_one_line(invoke: Callable[..., Result], private_data_dir: Path) -> None:
    private_data_dir.mkdir(parents=True, exist_ok=True)
    (private_data_dir / "backcoach.sqlite3").write_bytes(b"not a database" * 500)
    result = invoke("progress", "--json")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "is damaged" in result.stderr and "Traceback" not in result.stderr
    assert (private_data_dir / "backcoach.sqlite3").read_bytes().startswith(b"not a database")

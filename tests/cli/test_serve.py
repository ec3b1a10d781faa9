"""`backcoach serve` says plainly when the port is taken (exit 1), before announcing anything."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from tests.cli.conftest import Result


def test_a_busy_port_is_one_clear_line_and_exit_1(invoke: Callable[..., Result]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke("serve", "--host", "127.0.0.1", "--port", str(port))
    assert result.returncode == 1, "1, not 3: 3 is kept for a safety refusal"
    assert "serving at" not in result.stdout
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_damaged_database_stops_serve_before_it_announces_anything(
    invoke: Callable[..., Result], private_data_dir: Path
) -> None:
    private_data_dir.mkdir(parents=True, exist_ok=True)
    (private_data_dir / "backcoach.sqlite3").write_bytes(b"not a database" * 500)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = invoke("serve", "--host", "127.0.0.1", "--port", str(port))
    assert result.returncode == 1 and "is damaged" in result.stderr
    assert "serving at" not in result.stdout

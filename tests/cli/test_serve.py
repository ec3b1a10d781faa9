"""`backcoach serve` says plainly when the port is taken (exit 1), before announcing anything; several workers
share the port and the database."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
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


def test_several_workers_share_the_port_and_the_database(private_data_dir: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "BACKCOACH_DATA_DIR": str(private_data_dir)}
    env.pop("BACKCOACH_DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "backcoach", "serve", "--port", str(port), "--workers", "2"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        assert "with 2 workers" in server.stdout.readline()
        url = f"http://127.0.0.1:{port}"
        # two workers (and, on some Pythons, multiprocessing's resource tracker) under the supervisor
        until(lambda: len(children(server.pid)) >= 2 and answers(f"{url}/healthz"), "the workers answering")
        account = {"email": "two@workers.invalid", "password": "a long enough password"}
        assert post(f"{url}/api/v1/auth/register", account)[0] == 201
        status, _body, cookie = post(f"{url}/api/v1/auth/login", account)
        assert status == 200
        for _ in range(6):  # a new connection each time: either worker may answer, both know the sign-in
            request = urllib.request.Request(f"{url}/api/v1/me", headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=30) as response:
                assert json.loads(response.read())["email"] == account["email"]
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=60) == 0


def children(pid: int) -> list[str]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return path.read_text().split() if path.exists() else []


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def post(url: str, body: dict[str, str]) -> tuple[int, bytes, str]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        cookie = (response.headers.get("Set-Cookie") or "").split(";")[0]
        return response.status, response.read(), cookie


def until(condition: Callable[[], bool], what: str, seconds: float = 90.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)

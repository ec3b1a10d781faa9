"""The session-event HTTP path, in process (the real ASGI app through an HTTP client): per-event latency
at the start of one session against near its 500th event (must be flat), and p50/p99 under N simulated
patients, beside a bare INSERT+COMMIT under the same load in the same run. Used by session_store.py."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from backcoach.settings import Settings
from backcoach.web.app import create_app

PASSWORD = "benchmark password 1"


def app_client(url: str, data_dir: Path) -> TestClient:
    return TestClient(create_app(Settings(data_dir=data_dir, database_url=url, host="127.0.0.1", port=8000)))


def patient_session(client: TestClient, n: int, plan: dict[str, Any]) -> tuple[dict[str, str], int]:
    """A registered patient's cookie header and a started session of their saved program."""
    email = f"http{n}@bench.invalid"
    client.cookies.clear()
    assert client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD}).status_code == 201
    assert client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())}
    client.cookies.clear()
    program = client.post("/api/v1/me/programs", json={"plan": plan}, headers=headers)
    assert program.status_code == 201, program.text
    started = client.post("/api/v1/sessions", json={"program_id": program.json()["id"]}, headers=headers)
    assert started.status_code == 201, started.text
    return headers, int(started.json()["id"])


def event(n: int, interval: float) -> dict[str, Any]:
    return {"at": n * interval, "type": "start" if n == 0 else ("pause", "resume")[n % 2]}


def post_event(client: TestClient, headers: dict[str, str], session_id: int, n: int, interval: float) -> float:
    began = time.perf_counter()
    response = client.post(f"/api/v1/sessions/{session_id}/events", json=event(n, interval),
                           headers={**headers, "Idempotency-Key": f"e{n}"})
    elapsed = (time.perf_counter() - began) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.text[:200]}")
    return elapsed


def flatness(url: str, data_dir: Path, plan: dict[str, Any], events: int = 500) -> dict[str, float]:
    """Median ms of events 2-21 against the last 20 of one session, and of GET /sessions/{id} at the end."""
    with app_client(url, data_dir) as client:
        headers, session_id = patient_session(client, 0, plan)
        times = [post_event(client, headers, session_id, n, 2.0) for n in range(events)]
        began = time.perf_counter()
        assert client.get(f"/api/v1/sessions/{session_id}", headers=headers).status_code == 200
        document_ms = (time.perf_counter() - began) * 1000
    first, last = statistics.median(times[1:21]), statistics.median(times[-20:])
    return {"first_ms": first, "last_ms": last, "ratio": last / first, "get_ms": document_ms}


def under_load(url: str, data_dir: Path, plan: dict[str, Any], *, patients: int, seconds: float,
               interval: float) -> dict[str, float]:
    """N patients over HTTP (one shared in-process app), one event every ``interval`` s each."""
    with app_client(url, data_dir) as client:
        sessions = [patient_session(client, n + 1, plan) for n in range(patients)]

        def write(index: int, n: int) -> float:
            headers, session_id = sessions[index]
            return post_event(client, headers, session_id, n, interval)

        return drive(patients, seconds, interval, write)


def bare_inserts(url: str, patients: int, seconds: float, interval: float) -> dict[str, float]:
    """The floor: one INSERT and COMMIT of a similar row per write, under the same schedule."""
    engine = create_engine(url, pool_size=patients, max_overflow=patients) if url.startswith("postgresql") \
        else create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    with engine.begin() as connection:
        key = "BIGSERIAL" if url.startswith("postgresql") else "INTEGER"
        connection.execute(text(f"CREATE TABLE IF NOT EXISTS bench_bare (id {key} PRIMARY KEY, body TEXT)"))

    def write(index: int, n: int) -> float:
        began = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO bench_bare (body) VALUES (:body)"),
                               {"body": f'{{"at": {n}, "type": "pause"}}'})
        return (time.perf_counter() - began) * 1000

    try:
        return drive(patients, seconds, interval, write)
    finally:
        engine.dispose()


def drive(patients: int, seconds: float, interval: float, write: Callable[[int, int], float]) -> dict[str, float]:
    """Each patient a thread writing on schedule (spread over the interval); latencies and errors."""
    writes = int(seconds / interval)
    latencies: list[float] = []
    errors: list[str] = []
    origin = time.perf_counter()

    def loop(index: int) -> None:
        for n in range(writes):
            time.sleep(max(0.0, origin + interval * index / patients + n * interval - time.perf_counter()))
            try:
                latencies.append(write(index, n))
            except Exception as error:
                errors.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(patients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {"writes": len(latencies), "p50_ms": statistics.median(latencies) if latencies else float("nan"),
            "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan"),
            "errors": len(errors)}

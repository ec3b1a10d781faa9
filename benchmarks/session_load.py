"""Session events at clinic scale over real HTTP: `backcoach serve --workers W` in its own processes, and N
simulated patients, each on its own keep-alive connection, sending one event every 2 s (spread evenly), from
this process. Beside it, in the same run and on the same schedule, the floor: a bare INSERT + COMMIT of a
similar row per write on the same database (SQLAlchemy engine, a thread pool as large as the server's).

Reports per database and patient count: writes, the rate reached against the rate asked, p50/p99 latency,
errors, "busy" answers (a worker with a full hand answers 503 at once; sent again after Retry-After, as clients
do), events lost or stored twice (every acknowledged event must be in the log exactly once), and the p99
ratio to the bare insert. Goal: 0 errors, 0 lost, p99 <= 50 ms and within 2x of the bare insert.

    python benchmarks/session_load.py [--patients 200,1000,2000] [--seconds 30] [--interval 2] [--workers 2]
                                      [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's devtools and benchmarks

from benchmarks.session_store import GOAL_P99_MS, PLAN
from sqlalchemy import create_engine, text

from backcoach.services.accounts import token_hash
from backcoach.services.programs import ProgramService
from backcoach.services.sessions import SessionService
from backcoach.services.store import Store
from devtools.postgres import postgres_schema, postgres_unavailable

THREADS_PER_WORKER = 40  # anyio's default thread limit: what one server worker runs sync routes on
GRACE_SECONDS = 15.0


@dataclass
class Patient:
    cookie: str
    session_id: int
    acknowledged: int = 0


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    busy: int = 0  # answers "busy, try again" (sent again: not errors)
    unsent: int = 0  # events an overloaded run never got to send
    began: float = 0.0
    ended: float = 0.0

    def summary(self, asked_rate: float) -> dict[str, float]:
        ordered = sorted(self.latencies)
        rate = len(ordered) / max(self.ended - self.began, 1e-9)
        return {"writes": len(ordered), "rate": rate, "asked": asked_rate,
                "p50": statistics.median(ordered) if ordered else float("nan"),
                "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else float("nan"),
                "max": ordered[-1] if ordered else float("nan"),
                "errors": len(self.errors), "busy": self.busy, "unsent": self.unsent}


def make_patients(url: str, count: int) -> list[Patient]:
    """Accounts, each with a program and a session, then signed in (a session token stored as sign-in stores
    it), last, so that no sign-in is a minute old when the load starts."""
    store = Store(url)
    made = []
    try:
        for n in range(count):
            with store.unit_of_work() as uow:
                user = uow.users.add(f"load{n}@bench.invalid", "patient", password_hash="!")
                uow.commit()
                user_id = user.id
            program_id = ProgramService(store, user_id).save_plan(PLAN, "benchmark")
            made.append((user_id, SessionService(store, user_id).start(program_id).session_id))
        patients = []
        with store.unit_of_work() as uow:
            for user_id, session_id in made:
                token = secrets.token_urlsafe(32)
                uow.auth.add(token_hash(token), user_id, datetime.now(UTC) + timedelta(hours=12))
                patients.append(Patient(f"backcoach_session={token}", session_id))
            uow.commit()
    finally:
        store.close()
    return patients


def serve(url: str, data_dir: str, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = {**os.environ, "BACKCOACH_DATABASE_URL": url, "BACKCOACH_DATA_DIR": data_dir}
    server = subprocess.Popen([sys.executable, "-m", "backcoach", "serve", "--port", str(port), "--workers",
                               str(workers)], env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return server, port
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the server did not start") from None
            time.sleep(0.2)


async def one_patient(port: int, patient: Patient, index: int, count: int, *, args: argparse.Namespace,
                      run: Run, origin: float) -> None:
    """Event 0 (the start) warms the connection and the workers and is not timed; then one event per interval.
    An overloaded server is given GRACE_SECONDS after the run's end; the events not sent by then are counted
    as unsent (the run ends in bounded time whatever the load)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    events = 1 + int(args.seconds / args.interval)
    give_up = origin + args.interval + args.seconds + GRACE_SECONDS
    try:
        for n in range(events):
            if time.perf_counter() > give_up:
                run.unsent += events - n
                return
            due = origin + args.interval * index / count + n * args.interval
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            kind = "start" if n == 0 else ("pause", "resume")[n % 2]
            body = f'{{"at": {n * args.interval}, "type": "{kind}"}}'.encode()
            request = (f"POST /api/v1/sessions/{patient.session_id}/events HTTP/1.1\r\nHost: bench\r\n"
                       f"Cookie: {patient.cookie}\r\nIdempotency-Key: e{n}\r\nContent-Type: application/json\r\n"
                       f"Content-Length: {len(body)}\r\n\r\n").encode() + body
            began = time.perf_counter()
            status, answer = await exchange(reader, writer, request, run)
            if n > 0:
                run.latencies.append((time.perf_counter() - began) * 1000)
            if status == 200:
                patient.acknowledged += 1
            else:
                run.errors.append(f"{status}: {answer[:120]!r}")
    finally:
        writer.close()


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes, run: Run
                   ) -> tuple[int, bytes]:
    """Send an event and read the answer; a 503 "busy" is sent again after its Retry-After with the same
    Idempotency-Key, as the app's clients do (counted, and its wait is part of that event's latency)."""
    while True:
        writer.write(request)
        status, answer = await read_response(reader)
        if status != 503 or b'"busy"' not in answer:
            return status, answer
        run.busy += 1
        await asyncio.sleep(1.0)


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
    return int(lines[0].split()[1]), await reader.readexactly(length)


async def drive_http(port: int, patients: list[Patient], args: argparse.Namespace) -> Run:
    run = Run()
    origin = time.perf_counter() + 1.0
    run.began = origin + args.interval
    await asyncio.gather(*(one_patient(port, p, i, len(patients), args=args, run=run, origin=origin)
                           for i, p in enumerate(patients)))
    run.ended = time.perf_counter()
    return run


async def drive_bare(url: str, count: int, args: argparse.Namespace) -> Run:
    """The floor under the same schedule: INSERT + COMMIT on a pool of the server's thread count."""
    threads = THREADS_PER_WORKER * args.workers
    engine = create_engine(url, pool_size=threads, max_overflow=0) if url.startswith("postgresql") \
        else create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    with engine.begin() as connection:
        key = "BIGSERIAL" if url.startswith("postgresql") else "INTEGER"
        connection.execute(text(f"CREATE TABLE IF NOT EXISTS bench_bare (id {key} PRIMARY KEY, body TEXT)"))
    pool = ThreadPoolExecutor(threads)
    run = Run()

    def insert(n: int) -> None:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO bench_bare (body) VALUES (:body)"),
                               {"body": f'{{"at": {n}, "type": "pause"}}'})

    async def one(index: int, origin: float) -> None:
        for n in range(int(args.seconds / args.interval)):
            await asyncio.sleep(max(0.0, origin + args.interval * index / count + n * args.interval
                                    - time.perf_counter()))
            began = time.perf_counter()
            try:
                await asyncio.get_running_loop().run_in_executor(pool, insert, n)
                run.latencies.append((time.perf_counter() - began) * 1000)
            except Exception as error:
                run.errors.append(f"{type(error).__name__}: {error}")

    run.began = origin = time.perf_counter() + 1.0
    await asyncio.gather(*(one(i, origin) for i in range(count)))
    run.ended = time.perf_counter()
    pool.shutdown()
    engine.dispose()
    return run


def lost_and_doubled(url: str, patients: list[Patient]) -> tuple[int, int]:
    store = Store(url)
    lost = doubled = 0
    try:
        with store.unit_of_work() as uow:
            for patient in patients:
                seqs = [row.seq for row in uow.events.list(patient.session_id)]
                doubled += max(0, len(seqs) - patient.acknowledged) + len(seqs) - len(set(seqs))
                lost += max(0, patient.acknowledged - len(seqs)) + (seqs != list(range(1, len(seqs) + 1)))
    finally:
        store.close()
    return lost, doubled


def measure(name: str, url: str, count: int, args: argparse.Namespace) -> bool:
    patients = make_patients(url, count)
    asked = count / args.interval
    with tempfile.TemporaryDirectory() as data_dir:
        server, port = serve(url, data_dir, args.workers)
        try:
            app = asyncio.run(drive_http(port, patients, args)).summary(asked)
        finally:
            server.terminate()
            server.wait(timeout=60)
    lost, doubled = lost_and_doubled(url, patients)
    bare = asyncio.run(drive_bare(url, count, args)).summary(asked)
    ratio = app["p99"] / bare["p99"]
    clean = not (app["errors"] or app["unsent"] or lost or doubled)
    ok = clean and app["p99"] <= GOAL_P99_MS and ratio <= 2.0
    print(f"{name:<10} {count:>5} patients  app: {app['writes']:>6.0f} writes {app['rate']:5.0f}/s of "
          f"{asked:.0f}/s  p50 {app['p50']:7.1f} ms  p99 {app['p99']:7.1f} ms  max {app['max']:7.1f} ms  "
          f"errors {app['errors']:.0f}  busy {app['busy']:.0f}  unsent {app['unsent']:.0f}  "
          f"lost {lost}  doubled {doubled} | bare INSERT: {bare['rate']:5.0f}/s  p50 {bare['p50']:5.1f} ms  "
          f"p99 {bare['p99']:6.1f} ms  errors {bare['errors']:.0f} | p99 ratio {ratio:5.2f}  "
          f"{'OK' if ok else 'MISSED'}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", default="200,1000,2000")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    counts = [int(n) for n in args.patients.split(",")]
    print(f"{args.workers} server workers; one event every {args.interval:g} s per patient for {args.seconds:g} s; "
          f"goal p99 <= {GOAL_P99_MS:g} ms and <= 2x a bare INSERT+COMMIT, 0 errors, 0 lost")
    results = []
    for database in args.databases.split(","):
        for count in counts:
            if database == "sqlite":
                with tempfile.TemporaryDirectory() as folder:
                    results.append(measure("SQLite", f"sqlite:///{folder}/load.sqlite3", count, args))
            elif (reason := postgres_unavailable()) is not None:
                print(f"PostgreSQL skipped: {reason}")
                break
            else:
                with postgres_schema("bc_load") as url:
                    results.append(measure("PostgreSQL", url, count, args))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Session-event writes under load: 200 simulated patients, each writing one event every 2 s for 60 s.

Runs on SQLite (WAL, synchronous FULL) and, when it is reachable, on the PostgreSQL at 127.0.0.1:5432,
side by side in one run. Each write is the whole use case (engine step + one unit of work with its
commit), as `backcoach session run` and the HTTP API do it. Reports p50/p99 latency, errors, and
lost or duplicated events (every acknowledged write must be stored exactly once, seq without gaps).
Goal: p99 <= 50 ms, 0 errors, 0 lost, 0 duplicated.

Then the HTTP path (benchmarks/session_http.py) on each database: one session's per-event latency at its start
against near event 500 (goal: flat, ratio <= 1.5) and GET /sessions/{id} at the end, and p50/p99 under
--http-patients patients beside a bare INSERT+COMMIT under the same load (goal: p99 <= 50 ms, within 2x of it).

    python benchmarks/session_store.py [--patients 200] [--seconds 60] [--interval 2] [--http-patients 200]
                                       [--flat-events 500] [--skip-store]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's devtools and benchmarks

from backcoach.services.planning import build_plan
from backcoach.services.programs import ProgramService
from backcoach.services.sessions import RecordedSession, SessionService
from backcoach.services.store import Store
from benchmarks import session_http
from devtools.answers import complete
from devtools.postgres import postgres_schema, postgres_unavailable

GOAL_P99_MS = 50.0
PLAN = build_plan(complete({"age": 45, "pain_now": 3, "leg_symptoms": "none", "minutes_available": 10}))


@dataclass
class Patient:
    sessions: SessionService
    recorded: RecordedSession
    acknowledged: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def make_patients(store: Store, count: int) -> list[Patient]:
    patients = []
    for n in range(count):
        with store.unit_of_work() as uow:
            user = uow.users.add(f"patient{n}@bench.invalid", "patient", password_hash="!")
            uow.commit()
            user_id = user.id
        program_id = ProgramService(store, user_id).save_plan(PLAN, "benchmark")
        sessions = SessionService(store, user_id)
        patients.append(Patient(sessions, sessions.start(program_id)))
    return patients


def patient_loop(patient: Patient, writes: int, interval: float, offset: float, origin: float) -> None:
    kinds = ["start"] + ["pause", "resume"] * writes
    for n in range(writes):
        due = origin + offset + n * interval
        time.sleep(max(0.0, due - time.perf_counter()))
        began = time.perf_counter()
        try:
            patient.sessions.record(patient.recorded, {"at": n * interval, "type": kinds[n]})
            patient.acknowledged += 1
        except Exception as error:
            patient.errors.append(f"{type(error).__name__}: {error}")
        patient.latencies.append((time.perf_counter() - began) * 1000)


def run(url: str, patients_count: int, seconds: float, interval: float) -> dict[str, float]:
    store = Store(url)
    patients = make_patients(store, patients_count)
    writes = int(seconds / interval)
    origin = time.perf_counter()
    threads = [threading.Thread(target=patient_loop, args=(p, writes, interval, interval * i / patients_count, origin))
               for i, p in enumerate(patients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(ms for p in patients for ms in p.latencies)
    lost, duplicated = check_stored(store, patients)
    store.close()
    return {
        "writes": len(latencies), "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "errors": sum(len(p.errors) for p in patients), "lost": lost, "duplicated": duplicated,
    }


def check_stored(store: Store, patients: list[Patient]) -> tuple[int, int]:
    lost = duplicated = 0
    with store.unit_of_work() as uow:
        for patient in patients:
            rows = uow.events.list(patient.recorded.session_id)
            seqs = [row.seq for row in rows]
            duplicated += len(seqs) - len(set(seqs)) + max(0, len(rows) - patient.acknowledged)
            lost += max(0, patient.acknowledged - len(rows)) + (seqs != list(range(1, len(rows) + 1)))
    return lost, duplicated


def report(name: str, result: dict[str, float]) -> bool:
    ok = result["p99_ms"] <= GOAL_P99_MS and not (result["errors"] or result["lost"] or result["duplicated"])
    print(f"{name:<11} writes {result['writes']:>6.0f}  p50 {result['p50_ms']:6.1f} ms  p99 {result['p99_ms']:6.1f} ms"
          f"  (p99/goal {result['p99_ms'] / GOAL_P99_MS:4.2f})  errors {result['errors']:.0f}"
          f"  lost {result['lost']:.0f}  duplicated {result['duplicated']:.0f}  {'OK' if ok else 'MISSED'}")
    return ok


def http_report(name: str, url: str, folder: str, args: argparse.Namespace) -> bool:
    flat = session_http.flatness(url, Path(folder), PLAN, args.flat_events)
    print(f"{name:<11} HTTP one session: event 2-21 {flat['first_ms']:5.1f} ms, last 20 of {args.flat_events} "
          f"{flat['last_ms']:5.1f} ms (ratio {flat['ratio']:4.2f}); GET /sessions/id {flat['get_ms']:6.1f} ms")
    load = session_http.under_load(url, Path(folder), PLAN, patients=args.http_patients, seconds=args.seconds,
                                   interval=args.interval)
    bare = session_http.bare_inserts(url, args.http_patients, args.seconds, args.interval)
    ratio = load["p99_ms"] / bare["p99_ms"]
    print(f"{name:<11} HTTP {args.http_patients} patients: writes {load['writes']:.0f}  p50 {load['p50_ms']:6.1f} ms"
          f"  p99 {load['p99_ms']:6.1f} ms  errors {load['errors']:.0f};  bare INSERT+COMMIT p50 "
          f"{bare['p50_ms']:5.1f} ms p99 {bare['p99_ms']:5.1f} ms errors {bare['errors']:.0f};  p99 ratio {ratio:4.2f}")
    return flat["ratio"] <= 1.5 and load["p99_ms"] <= GOAL_P99_MS and not load["errors"] and ratio <= 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--http-patients", type=int, default=200)
    parser.add_argument("--flat-events", type=int, default=500)
    parser.add_argument("--skip-store", action="store_true", help="only the HTTP path")
    args = parser.parse_args()
    print(f"{args.patients} patients, one event every {args.interval:g} s for {args.seconds:g} s; "
          f"goal p99 <= {GOAL_P99_MS:g} ms, 0 errors, 0 lost, 0 duplicated")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        if not args.skip_store:
            results.append(report("SQLite", run(url, args.patients, args.seconds, args.interval)))
        results.append(http_report("SQLite", f"sqlite:///{folder}/http.sqlite3", folder, args))
    reason = postgres_unavailable()
    if reason:
        print(f"PostgreSQL skipped: {reason}")
    else:
        if not args.skip_store:
            with postgres_schema("bc_bench") as url:
                results.append(report("PostgreSQL", run(url, args.patients, args.seconds, args.interval)))
        with postgres_schema("bc_bench_http") as url, tempfile.TemporaryDirectory() as folder:
            results.append(http_report("PostgreSQL", url, folder, args))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())

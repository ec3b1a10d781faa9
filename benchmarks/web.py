"""The web app's throughput against a hello-world FastAPI endpoint served the same way, in the same run.

Targets: (1) `POST /api/v1/plans` with a realistic intake answer; (2) `POST /api/v1/sessions/{id}/events` for a
signed-in person (one program, one started session per client connection), a mix of 2 ticks : 1 pause :
1 resume with increasing `at` and a fresh Idempotency-Key each (a tick that causes nothing is answered without a
write: about half the events are stored); (3) the session page `GET /sessions/{id}` (skipped, saying so, while it
answers 404) and a plan page `GET /plans/{id}` (a plan kept by posting the intake form; fetched with the form-token
cookie a visitor's browser keeps). Each runs with 1, 16 and 64 concurrent keep-alive clients; right before each,
benchmarks/hello_app.py (the same uvicorn, loop, HTTP parser and worker count as `backcoach serve`) is measured with
the same clients. Both servers run as subprocesses on free ports, each with its own data folder. Reports requests
per second, p50/p99 latency and the ratio app/hello (goal: >= 0.5x); beside them each server's CPU time per answer
(from /proc: far steadier than requests per second when other programs share the machine) and the load
generator's own CPU use (well under one core: the client is not the bottleneck).

The ratios measured side by side are what count: on a shared machine absolute figures vary from run to run.

    python benchmarks/web.py [--seconds 4] [--warmup 1] [--clients 1,16,64] [--workers 1] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the repository's devtools and benchmarks

from backcoach.knowledge.questions import warning_signs
from devtools.answers import complete

GOAL_RATIO = 0.5
PASSWORD = "benchmark password 1"
INTAKE = complete({"age": 41, "pain_now": 5, "leg_symptoms": "below_knee", "leg_symptom_side": "left",
                   "worse_with": ["sitting", "bending_forward"], "better_with": ["walking"],
                   "repeated_movement_response": {"extension": "centralized"}, "minutes_available": 15})
INTAKE_FORM = {"age": "41", "pain_now": "5", "leg_symptoms": "below_knee", "leg_symptom_side": "left",
               "worse_with": ["sitting", "bending_forward"], "better_with": "walking",
               "repeated_movement_response__extension": "centralized"}
EVENT_MIX = ("tick", "tick", "pause", "resume")
EVENT_STEP_SECONDS = 0.02  # `at` grows by this per event: thousands of events stay inside one routine's length


# --- the load generator: raw HTTP/1.1 over keep-alive connections (asyncio, uvloop when installed) -----------

def http_request(method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: bench", *(f"{k}: {v}" for k, v in (headers or {}).items())]
    if body or method != "GET":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One answer's status and body (Content-Length or chunked)."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    fields = {line.split(":", 1)[0].strip().lower(): line.split(":", 1)[1].strip() for line in head[1:] if ":" in line}
    if "content-length" in fields:
        return int(head[0].split()[1]), await reader.readexactly(int(fields["content-length"]))
    if fields.get("transfer-encoding", "").lower() != "chunked":
        raise RuntimeError(f"an answer without Content-Length or chunks: {head[0]}")
    body = b""
    while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
        body += (await reader.readexactly(size + 2))[:-2]
    await reader.readuntil(b"\r\n")
    return int(head[0].split()[1]), body


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)  # ms, inside the timed window
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    client_cpu: float = 0.0  # the load generator's CPU time over the window's wall time (1.0 = one core)
    answered: int = 0  # every answer, the warm-up's too
    server_cpu_ms: float = float("nan")  # the server's CPU time per answer: steadier than rps on a busy machine

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        return percentile(self.latencies, fraction)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (nan when there is nothing to rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(len(ordered) * fraction + 0.5) - 1))]


Requests = Callable[[int], bytes]  # client index -> the next request that client sends


async def drive(port: int, requests: Requests, clients: int, *, seconds: float, warmup: float,
                expect: tuple[int, ...] = (200,)) -> Result:
    """`clients` connections, each sending its next request as soon as the last is answered, for warmup+seconds;
    answers that begin inside the timed window are counted."""
    result = Result()
    connections = [await asyncio.open_connection("127.0.0.1", port) for _ in range(clients)]
    start = time.perf_counter() + warmup
    stop = start + seconds

    async def client(index: int) -> None:
        reader, writer = connections[index]
        while (began := time.perf_counter()) < stop:
            writer.write(requests(index))
            status, body = await read_response(reader)
            result.answered += 1
            if began >= start:
                result.latencies.append((time.perf_counter() - began) * 1000)
                if status not in expect:
                    result.errors.append(f"{status}: {body[:160]!r}")

    cpu_began, wall_began = time.process_time(), time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    result.seconds = seconds
    result.client_cpu = (time.process_time() - cpu_began) / (time.perf_counter() - wall_began)
    for _, writer in connections:
        writer.close()
    return result


def run_load(served: Served, requests: Requests, clients: int, *, seconds: float, warmup: float,
             expect: tuple[int, ...] = (200,)) -> Result:
    try:
        from uvloop import run
    except ImportError:
        run = asyncio.run
    cpu_before = cpu_seconds(served.pid)
    result = run(drive(served.port, requests, clients, seconds=seconds, warmup=warmup, expect=expect))
    result.server_cpu_ms = (cpu_seconds(served.pid) - cpu_before) * 1000 / max(result.answered, 1)
    return result


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children's workers (Linux /proc; nan elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    try:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1]: the parent's pid
                total += (int(fields[11]) + int(fields[12])) / ticks
    except OSError:
        return float("nan")
    return total if total else float("nan")


# --- the servers --------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Served:
    port: int
    pid: int


@contextmanager
def server(command: list[str], ready_path: str, data_dir: str) -> Iterator[Served]:
    """A server subprocess on a free port with its own data folder (SQLite in it); its port once it answers."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "BACKCOACH_DATABASE_URL"}
    env.update(BACKCOACH_DATA_DIR=data_dir, BACKCOACH_PORT=str(port), PYTHONPATH=str(ROOT))
    process = subprocess.Popen([*command, "--port", str(port)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}{ready_path}", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{' '.join(command)} did not start") from None
                time.sleep(0.2)
        yield Served(port, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def app_command(workers: int) -> list[str]:
    return [sys.executable, "-m", "backcoach", "serve", "--workers", str(workers)]


def hello_command(workers: int) -> list[str]:
    return [sys.executable, str(ROOT / "benchmarks" / "hello_app.py"), "--workers", str(workers)]


# --- the app's state for the targets, made through its own API ----------------------------------------------

@dataclass
class Fixture:
    cookie: str  # the signed-in person's session cookie
    session_ids: list[int]
    plan_id: str
    csrf_cookie: str  # a visitor's browser keeps the form token's cookie the intake page set
    next_event: list[int]  # per session: the number of its next event (0 was the start)


def prepare(port: int, sessions: int) -> Fixture:
    """A signed-in person with a program and one started session per client; a plan kept by the intake form."""
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        plan = client.post("/api/v1/plans", json=INTAKE)
        plan.raise_for_status()
        email = "web@bench.invalid"
        client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD}).raise_for_status()
        client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).raise_for_status()
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        program = client.post("/api/v1/me/programs", json={"plan": plan.json()})
        program.raise_for_status()
        ids = []
        for _ in range(sessions):
            started = client.post("/api/v1/sessions", json={"program_id": program.json()["id"]})
            started.raise_for_status()
            ids.append(int(started.json()["id"]))
            client.post(f"/api/v1/sessions/{ids[-1]}/events", json={"at": 0, "type": "start"},
                        headers={"Idempotency-Key": "b0"}).raise_for_status()
        client.cookies.clear()
        plan_id = keep_plan(client)
        csrf_cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        return Fixture(cookie, ids, plan_id, csrf_cookie, [1] * sessions)


def keep_plan(client: httpx.Client) -> str:
    """Post the intake form as a visitor does (the form token's cookie stays in the client); the plan's id from
    the redirect to /plans/{id}."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
    if token is None:
        raise RuntimeError("the intake page has no CSRF token")
    form = {**INTAKE_FORM, **{q.form_name: "no" for q in warning_signs()}, "csrf_token": token.group(1)}
    kept = client.post("/", data=form)
    if kept.status_code != 303:
        raise RuntimeError(f"the intake form answered {kept.status_code}, not a redirect to the plan")
    return kept.headers["location"].rsplit("/", 1)[-1]


def event_request(fixture: Fixture, index: int) -> bytes:
    """The next event of client `index`'s own session, in the mix of EVENT_MIX, with a fresh key."""
    n = fixture.next_event[index]
    fixture.next_event[index] += 1
    body = json.dumps({"at": round(n * EVENT_STEP_SECONDS, 4), "type": EVENT_MIX[n % len(EVENT_MIX)]}).encode()
    return http_request("POST", f"/api/v1/sessions/{fixture.session_ids[index]}/events",
                        {"Cookie": fixture.cookie, "Content-Type": "application/json", "Idempotency-Key": f"b{n}"},
                        body)


@dataclass(frozen=True)
class Target:
    name: str
    requests: Callable[[Fixture], Requests]


def targets() -> list[Target]:
    plan_body = json.dumps(INTAKE).encode()
    plan_request = http_request("POST", "/api/v1/plans", {"Content-Type": "application/json"}, plan_body)
    return [
        Target("POST /api/v1/plans", lambda fixture: lambda index: plan_request),
        Target("POST /api/v1/sessions/{id}/events", lambda fixture: lambda index: event_request(fixture, index)),
        Target("GET /sessions/{id}", lambda fixture: lambda index: http_request(
            "GET", f"/sessions/{fixture.session_ids[index]}", {"Cookie": f"{fixture.cookie}; {fixture.csrf_cookie}"})),
        Target("GET /plans/{id}", lambda fixture: lambda index: http_request(
            "GET", f"/plans/{fixture.plan_id}", {"Cookie": fixture.csrf_cookie})),
    ]


def answers_404(port: int, request: bytes) -> bool:
    async def once() -> int:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        status, _ = await read_response(reader)
        writer.close()
        return status

    return asyncio.run(once()) == 404


# --- the run ------------------------------------------------------------------------------------------------

HELLO_REQUEST = http_request("GET", "/hello")


HEADER = (f"{'target':<34} {'clients':>7} {'hello rps':>9} {'app rps':>8} {'ratio':>6} {'app p50':>8} "
          f"{'app p99':>8} {'hello p99':>9}  {'server CPU ms/answer hello/app (ratio)':<38} {'client CPU':>10}  "
          f"goal rps ratio >= {GOAL_RATIO}x")


def row(name: str, clients: int, hello: Result, app: Result) -> tuple[str, bool]:
    """One line of the table, and whether it met the goal (no errors either side)."""
    ratio = app.rps / hello.rps if hello.rps else float("nan")
    passed = ratio >= GOAL_RATIO and not app.errors and not hello.errors
    cpu = f"{hello.server_cpu_ms:.2f}/{app.server_cpu_ms:.2f} ({hello.server_cpu_ms / app.server_cpu_ms:.2f}x)"
    line = (f"{name:<34} {clients:>7} {hello.rps:>9.0f} {app.rps:>8.0f} {ratio:>5.2f}x "
            f"{app.percentile(0.5):>6.1f}ms {app.percentile(0.99):>6.1f}ms {hello.percentile(0.99):>7.1f}ms  "
            f"{cpu:<38} {hello.client_cpu:>4.0%}/{app.client_cpu:<4.0%}  {'OK' if passed else 'MISSED'}")
    errors = [f"{side} errors {len(r.errors)}: {r.errors[0]}" for side, r in (("hello", hello), ("app", app))
              if r.errors]
    return line + "".join(f"  {error}" for error in errors), passed


def measure(args: argparse.Namespace) -> bool:
    clients = [int(n) for n in args.clients.split(",")]
    ok = True
    with tempfile.TemporaryDirectory() as app_dir, tempfile.TemporaryDirectory() as hello_dir, \
            server(app_command(args.workers), "/healthz", app_dir) as app_server, \
            server(hello_command(args.workers), "/hello", hello_dir) as hello_server:
        fixture = prepare(app_server.port, max(clients))
        print(HEADER, flush=True)
        for target in targets():
            requests = target.requests(fixture)
            if answers_404(app_server.port, requests(0)):
                print(f"{target.name:<36} skipped: the app answers 404 (the page does not exist in this build)")
                continue
            for count in clients:
                hello = run_load(hello_server, lambda index: HELLO_REQUEST, count, seconds=args.seconds,
                                 warmup=args.warmup)
                app = run_load(app_server, requests, count, seconds=args.seconds, warmup=args.warmup)
                line, passed = row(target.name, count, hello, app)
                ok = ok and passed
                print(line, flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="timed seconds per measurement")
    parser.add_argument("--warmup", type=float, default=1.0, help="untimed seconds before each")
    parser.add_argument("--clients", default="1,16,64", help="concurrent keep-alive clients")
    parser.add_argument("--workers", type=int, default=1, help="server workers (as `backcoach serve --workers`)")
    parser.add_argument("--quick", action="store_true", help="a short run (1 s per measurement)")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.warmup = 1.0, 0.3
    print(f"web: the app against hello-world FastAPI served the same way ({args.workers} worker(s), uvicorn as "
          f"`backcoach serve`), {args.seconds:g} s per measurement after {args.warmup:g} s warm-up. Session "
          f"events: {':'.join(EVENT_MIX)} (a tick that causes nothing is answered without a write: about half "
          f"are stored). Client CPU = the load generator's share of one core during hello/app (well under 100%: "
          f"it is not the bottleneck). On a shared machine absolute figures are noisy: only the side-by-side "
          f"ratios count, and the CPU ratio is the steadier one.", flush=True)
    started = time.perf_counter()
    ok = measure(args)
    print(f"web: {time.perf_counter() - started:.0f} s; {'every ratio met the goal' if ok else 'goal MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""`backcoach session run`: a live session in a real terminal (tmux), and crash safety under SIGKILL."""

from __future__ import annotations

import json
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backcoach.domain.session import view
from backcoach.services.sessions import SessionService
from backcoach.services.store import Store
from devtools.answers import complete

BACKCOACH = [sys.executable, "-m", "backcoach"]
ANSWERS = complete({"age": 50, "pain_now": 4, "leg_symptoms": "none", "minutes_available": 5})


def save_plan(data_dir: Path) -> dict[str, Any]:
    result = subprocess.run([*BACKCOACH, "plan", "--answers", "-", "--save", "--json"], input=json.dumps(ANSWERS),
                            capture_output=True, text=True, timeout=60, check=True)
    plan: dict[str, Any] = json.loads(result.stdout)
    assert (data_dir / "backcoach.sqlite3").exists()
    return plan


# --- a live session in tmux, as a person would use it -------------------------------------------------

class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True,
                              check=True).stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")


@pytest.fixture
def terminal(private_data_dir: Path) -> Iterator[Callable[[str], Terminal]]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (make test installs it with apt-get)")
    names: list[str] = []

    def start(command: str) -> Terminal:
        name = f"bc-{uuid.uuid4().hex[:8]}"
        names.append(name)
        env = (f"BACKCOACH_DATA_DIR={shlex.quote(str(private_data_dir))} "
               f"PYTHONPATH={shlex.quote(os.pathsep.join(sys.path))}")
        subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "32",
                        f"env {env} {command}; sleep 60"], check=True)
        return Terminal(name)

    yield start
    for name in names:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False, capture_output=True)


def test_a_live_session_in_a_terminal(terminal: Callable[[str], Terminal], private_data_dir: Path) -> None:
    plan = save_plan(private_data_dir)
    first, second = plan["routine"][0]["name"], plan["routine"][1]["name"]
    term = terminal(f"{shlex.quote(sys.executable)} -m backcoach session run")
    shown = term.wait_for("GET READY")
    assert f"1/{len(plan['routine'])}  {first}" in shown and "█" in shown  # the big countdown
    assert f"Next: {second}" in shown and "space pause/resume" in shown
    term.keys(" ")
    term.wait_for("paused: space to resume")
    term.keys(" ")
    term.keys("s")
    term.wait_for(f"2/{len(plan['routine'])}  {second}")
    term.keys("p")
    term.wait_for("Did that hurt?")
    term.keys("8", "Enter")
    term.wait_for("Was the pain sharp?")
    term.keys("y", "Enter")
    term.wait_for("Where do your leg symptoms reach now?")
    term.keys("none", "Enter")
    shown = term.wait_for("Session stopped: sharp pain")
    assert "Sharp pain: stop now" in shown and "talk with your doctor or physiotherapist" in " ".join(shown.split())
    progress = json.loads(subprocess.run([*BACKCOACH, "progress", "--json"], capture_output=True, text=True,
                                         check=True, timeout=60).stdout)
    assert progress["sessions"] == {"total": 1, "completed": 0, "stopped": 1}


# --- crash safety: SIGKILL at random moments, then resume -------------------------------------------------

def test_sigkill_at_random_moments_loses_and_duplicates_nothing(private_data_dir: Path) -> None:
    plan = save_plan(private_data_dir)
    store = Store(f"sqlite:///{private_data_dir / 'backcoach.sqlite3'}")
    sessions = SessionService(store, store.local_user_id())
    randomness = random.Random(20261125)
    command = [*BACKCOACH, "session", "run", "--auto", "--speed", "12", "--resume"]
    kills = 0
    while kills < 25:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _wait_for_a_session(store, process)  # a kill before the session exists would test nothing
        time.sleep(randomness.uniform(0.4, 1.6))
        if process.poll() is not None:
            break  # finished before this kill: fine, checked below
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        kills += 1
        _assert_consistent(store, sessions)
    assert kills >= 10, "the session ended too early for the kills to test anything"
    where = _position(sessions)
    final = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert final.returncode == 0, final.stderr
    if where is not None:
        assert f"Resuming your interrupted session at {where}" in " ".join(final.stdout.split())
    _assert_complete(store, sessions, plan)
    store.close()


def _wait_for_a_session(store: Store, process: subprocess.Popen[str], limit: float = 120.0) -> None:
    """Until the session's row is stored (or the process has ended), however loaded the machine is."""
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        with store.unit_of_work() as uow:
            if uow.sessions.for_user(store.local_user_id()):
                return
        time.sleep(0.05)


def _position(sessions: SessionService) -> str | None:
    from backcoach.cli.session import describe_position

    recorded = sessions.resumable()
    return None if recorded is None else describe_position(recorded)


def _assert_consistent(store: Store, sessions: SessionService) -> None:
    with store.unit_of_work() as uow:
        all_sessions = uow.sessions.for_user(store.local_user_id())
        assert len(all_sessions) == 1, "a resumed session must not start a new one"
        rows = uow.events.list(all_sessions[0].id)
    assert [row.seq for row in rows] == list(range(1, len(rows) + 1))
    assert len({row.idempotency_key for row in rows}) == len(rows)
    times = [float(row.body["at"]) for row in rows]
    assert times == sorted(times)


def _assert_complete(store: Store, sessions: SessionService, plan: dict[str, Any]) -> None:
    _assert_consistent(store, sessions)
    with store.unit_of_work() as uow:
        [session] = uow.sessions.for_user(store.local_user_id())
    state = sessions.load(session.id).state
    assert state.status == "completed" and view(state)["phase"] == "done"
    for item, log in zip(plan["routine"], state.logs, strict=True):
        dose = item["dosage"]
        sides = ["left", "right"] if dose["per_side"] else ["both"]
        done = log.holds if dose.get("hold_seconds", 0) >= 10 else log.reps
        assert log.status == "completed"
        assert done == dict.fromkeys(sides, dose["sets"] * dose["reps"]), item["exercise_id"]
        assert len(log.pain_reports) == 1, "one check-in per exercise: none lost, none repeated"


def test_voice_speaks_the_cues_offline_into_wav_files(private_data_dir: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (make test installs it with apt-get)")
    save_plan(private_data_dir)
    result = subprocess.run([*BACKCOACH, "session", "run", "--auto", "--voice", "--speed", "100"],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert "Session complete" in result.stdout
    heard = shutil.which("aplay") or shutil.which("paplay")
    warned = "No audio player (aplay or paplay) was found" in " ".join(result.stdout.split())
    assert warned != bool(heard), "a voice that cannot be heard says so before the session starts"
    spoken = sorted((private_data_dir / "voice").glob("cue-*.wav"))
    assert len(spoken) >= 5
    assert all(path.read_bytes()[:4] == b"RIFF" for path in spoken)

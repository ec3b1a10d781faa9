"""The live terminal session: a big countdown, the exercise, side, set and rep, the cue, what's next.

Keys: space pause/resume, s skip, p pain report, q quit. Every event goes through the session
service, which stores it before its effects are shown here.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import termios
import time
import tty
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.text import Text

from backcoach.domain.session import summary, view
from backcoach.domain.units import SECONDS_PER_MINUTE, clock
from backcoach.services.outcomes import LEG_LEVELS
from backcoach.services.sessions import RecordedSession, SessionService

TICK_SECONDS = 0.2
GLYPHS = {
    "0": ("███", "█ █", "█ █", "█ █", "███"), "1": (" █ ", "██ ", " █ ", " █ ", "███"),
    "2": ("███", "  █", "███", "█  ", "███"), "3": ("███", "  █", "███", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"), "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"), "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"), "9": ("███", "█ █", "███", "  █", "███"),
    ":": ("   ", " █ ", "   ", " █ ", "   "),
}
PHASE_WORDS = {
    "countdown": "GET READY", "hold": "HOLD", "reps": "REPETITIONS", "rest": "REST",
    "switch": "SWITCH SIDES", "ask_pain": "CHECK-IN", "done": "DONE", "idle": "",
}


class Driver(Protocol):
    """The session service as the screen sees it."""

    @property
    def view(self) -> dict[str, Any]: ...

    @property
    def clock(self) -> float: ...

    def send(self, event: dict[str, Any]) -> list[dict[str, Any]]: ...


def big_number(seconds: float) -> Text:
    whole = int(seconds + 0.999)
    label = clock(whole) if whole >= SECONDS_PER_MINUTE else str(whole)
    rows = [" ".join(GLYPHS[ch][row] for ch in label) for row in range(5)]
    return Text("\n".join(rows), style="bold cyan")


def render(view: dict[str, Any], last_say: str) -> Panel:
    if view.get("phase") == "done" or "name" not in view:
        return Panel(Text(f"Session {view.get('status')}", style="bold"), title="BackCoach")
    title = f"{view['index'] + 1}/{view['total']}  {view['name']}"
    where = [f"Set {view['set']}/{view['sets']}" if view.get("set") else "",
             f"rep {view['rep']}/{view['reps']}" if view.get("rep") else "",
             f"{view['side']} side" if view.get("side") else "",
             f"{view['reps_done']}/{view['reps']} done" if view.get("reps_done") is not None else ""]
    status = PHASE_WORDS.get(view["phase"], view["phase"]).upper()
    if view.get("paused"):
        status += "  (paused: space to resume)"
    if not view.get("form_valid", True):
        status += "  (check your form)"
    parts: list[Any] = [Text(status, style="bold yellow"), Text("  ".join(w for w in where if w))]
    if view.get("remaining") is not None:
        parts.append(big_number(view["remaining"]))
    parts.append(Text(last_say, style="green"))
    parts.append(Text(f"Next: {view['next'] or 'finish'}", style="dim"))
    parts.append(Text("space pause/resume · s skip · p pain · q quit", style="dim"))
    return Panel(Group(*parts), title=title, title_align="left")


@contextlib.contextmanager
def cbreak(stream: Any) -> Iterator[bool]:
    """Single-key input without echo while inside; a no-op when the input is not a terminal."""
    if not stream.isatty():
        yield False
        return
    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield True
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@contextlib.contextmanager
def cooked(stream: Any, interactive: bool) -> Iterator[None]:
    """Normal line input with echo while inside (for prompts), back to single keys afterwards."""
    if not interactive:
        yield
        return
    fd = stream.fileno()
    single_keys = termios.tcgetattr(fd)
    line_mode = list(single_keys)
    line_mode[3] |= termios.ECHO | termios.ICANON
    termios.tcsetattr(fd, termios.TCSADRAIN, line_mode)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, single_keys)


def read_key(interactive: bool, timeout: float) -> str | None:
    if not interactive:
        time.sleep(timeout)
        return None
    ready, _, _ = select.select([sys.stdin], [], [], timeout)
    return os.read(sys.stdin.fileno(), 1).decode(errors="ignore") if ready else None


class LiveRunner:
    """Runs a session in real time (or faster, for demos and tests, with ``speed``)."""

    def __init__(self, driver: Driver, console: Console, *, speed: float = 1.0, auto: bool = False,
                 say: Callable[[str], None] | None = None, baseline_leg: str | None = None) -> None:
        self._driver = driver
        self._console = console
        self._speed = speed
        self._auto = auto
        self._say = say
        self._baseline_leg = baseline_leg
        self._last_say = ""
        self.stop_advice = ""
        self._origin = time.monotonic()
        self._offset = driver.clock

    def now(self) -> float:
        return round(self._offset + (time.monotonic() - self._origin) * self._speed, 3)

    def run(self, start: bool) -> dict[str, Any]:
        if start:
            self._send({"type": "start"})
        with cbreak(sys.stdin) as interactive, Live(render(self._driver.view, ""), console=self._console,
                                                    refresh_per_second=8, transient=False) as live:
            while self._driver.view.get("status") == "running":
                key = None if self._auto else read_key(interactive, TICK_SECONDS)
                if self._auto:
                    time.sleep(TICK_SECONDS)
                self._handle(key, live, interactive)
                live.update(render(self._driver.view, self._last_say))
        return self._driver.view

    def _handle(self, key: str | None, live: Live, interactive: bool) -> None:
        view = self._driver.view
        if key == " ":
            self._send({"type": "resume" if view.get("paused") else "pause"})
        elif key in ("s", "S"):
            self._send({"type": "skip"})
        elif key in ("q", "Q"):
            self._send({"type": "stop"})
        elif key in ("p", "P") or view.get("phase") == "ask_pain":
            self._pain_report(live, interactive)
        else:
            self._send({"type": "tick"})

    def _pain_report(self, live: Live, interactive: bool) -> None:
        if self._auto or not interactive:
            self._send({"type": "tick"})
            if self._driver.view.get("phase") == "ask_pain":
                self._send({"type": "pain_report", "level": 0, "sharp": False, "leg_symptoms": self._baseline_leg}
                           if self._baseline_leg else {"type": "pain_report", "level": 0, "sharp": False})
            return
        mid_exercise = self._driver.view.get("phase") != "ask_pain"
        if mid_exercise and not self._driver.view.get("paused"):
            self._send({"type": "pause"})
        live.stop()
        with cooked(sys.stdin, interactive):
            report = ask_pain_report(self._console)
        live.start()
        self._send({"type": "pain_report", **report})
        if mid_exercise and self._driver.view.get("status") == "running":
            self._send({"type": "resume"})

    def _send(self, event: dict[str, Any]) -> None:
        for effect in self._driver.send({"at": self.now(), **event}):
            if effect["type"] == "session_stopped":
                self.stop_advice = str(effect.get("advice", ""))
            if effect["type"] == "say":
                self._last_say = str(effect["text"])
                if self._say is not None:
                    self._say(self._last_say)


def ask_pain_report(console: Console) -> dict[str, Any]:
    """Ask 'did that hurt, 0-10, was it sharp, where are your leg symptoms now?' with Rich prompts."""
    from rich.prompt import Confirm, IntPrompt, Prompt

    level = IntPrompt.ask("Did that hurt? 0 (not at all) to 10", console=console, default=0,
                          choices=[str(n) for n in range(11)], show_choices=False)
    sharp = Confirm.ask("Was the pain sharp?", console=console, default=False)
    leg = Prompt.ask("Where do your leg symptoms reach now?", console=console, choices=list(LEG_LEVELS),
                     default="none")
    return {"level": level, "sharp": sharp, "leg_symptoms": leg}


class LiveDriver:
    """Adapts a recorded session of the store to the terminal screen (the Driver the runner expects)."""

    def __init__(self, service: SessionService, recorded: RecordedSession) -> None:
        self._service = service
        self.recorded = recorded

    @property
    def view(self) -> dict[str, Any]:
        return view(self.recorded.state)

    @property
    def clock(self) -> float:
        return self.recorded.last_at

    def send(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        return self._service.record(self.recorded, event)

    def summary(self) -> dict[str, Any]:
        return summary(self.recorded.state)

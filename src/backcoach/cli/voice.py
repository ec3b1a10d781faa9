"""Offline voice: espeak-ng speaks cues from a queue on its own thread, so speech never blocks the timer."""

from __future__ import annotations

import queue
import shutil
import subprocess
import threading
from pathlib import Path

from backcoach.errors import ConfigurationError


class Voice:
    """Speaks each text with espeak-ng into a WAV file (and plays it when a player is available)."""

    def __init__(self, folder: Path, rate_wpm: int = 150) -> None:
        engine = shutil.which("espeak-ng")
        if engine is None:
            raise ConfigurationError("--voice needs espeak-ng (Debian package espeak-ng); it is not installed")
        self._engine = engine
        self.player = shutil.which("aplay") or shutil.which("paplay")
        self._folder = folder
        self._rate = rate_wpm
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._count = 0
        self.spoken: list[Path] = []
        folder.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._work, name="backcoach-voice", daemon=True)
        self._thread.start()

    @property
    def notice(self) -> str | None:
        """What the person should know before relying on the voice: silent when nothing can play it."""
        if self.player:
            return None
        return (f"No audio player (aplay or paplay) was found, so the cues will not be heard: they are written as "
                f"WAV files to {self._folder}. Install alsa-utils (aplay) to hear them.")

    def say(self, text: str) -> None:
        """Queue a text; returns at once."""
        self._queue.put(text)

    def close(self, timeout: float = 10.0) -> None:
        """Finish what is queued (up to ``timeout`` seconds) and stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout)

    def _work(self) -> None:
        while (text := self._queue.get()) is not None:
            self._count += 1
            target = self._folder / f"cue-{self._count:04d}.wav"
            result = subprocess.run(
                [self._engine, "-s", str(self._rate), "-w", str(target), text],
                capture_output=True, check=False, timeout=30,
            )
            if result.returncode == 0:
                self.spoken.append(target)
                if self.player:
                    subprocess.run([self.player, str(target)], capture_output=True, check=False, timeout=60)

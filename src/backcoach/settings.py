"""All configuration in one validated object, read from the environment (see interfaces.md)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from backcoach.errors import ConfigurationError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str | None
    host: str
    port: int
    secure_cookies: bool = False  # force the cookie's Secure flag (behind a TLS-terminating proxy)
    workers: int = 1  # web worker processes of `serve` (BACKCOACH_WORKERS; default: the CPUs this process may use)
    session_speed: float = 1.0  # a test setting: how much faster the session page's clock runs (1-100)
    semantic: bool = False  # the web app also matches by meaning (from_env: on unless BACKCOACH_SEMANTIC=off)

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or the embedded SQLite file in the data folder."""
        return self.database_url or f"sqlite:///{self.data_dir / 'backcoach.sqlite3'}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            data_dir=_data_dir(env.get("BACKCOACH_DATA_DIR")),
            database_url=_database_url(env.get("BACKCOACH_DATABASE_URL")),
            host=_host(env.get("BACKCOACH_HOST")),
            port=_port(env.get("BACKCOACH_PORT")),
            secure_cookies=_flag("BACKCOACH_SECURE_COOKIES", env.get("BACKCOACH_SECURE_COOKIES")),
            workers=_workers(env.get("BACKCOACH_WORKERS")),
            session_speed=_session_speed(env.get("BACKCOACH_SESSION_SPEED")),
            semantic=_flag("BACKCOACH_SEMANTIC", env.get("BACKCOACH_SEMANTIC"), default=True),
        )


def _data_dir(raw: str | None) -> Path:
    if raw:
        return Path(raw).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("backcoach", appauthor=False))


def _database_url(raw: str | None) -> str | None:
    if not raw:
        return None
    if "://" not in raw:
        raise ConfigurationError(f"BACKCOACH_DATABASE_URL: {raw!r} is not a database URL")
    return raw


def _host(raw: str | None) -> str:
    if raw is None or raw == "":
        return DEFAULT_HOST
    if any(ch.isspace() for ch in raw):
        raise ConfigurationError(f"BACKCOACH_HOST: {raw!r} is not a host name or address")
    return raw


def _port(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_PORT
    try:
        port = int(raw)
    except ValueError:
        raise ConfigurationError(f"BACKCOACH_PORT: {raw!r} is not a whole number") from None
    if not 1 <= port <= 65535:
        raise ConfigurationError(f"BACKCOACH_PORT: {port} is outside 1-65535")
    return port


MAX_WORKERS = 64


def usable_cpus() -> int:
    """The CPUs this process may run on (a container's or taskset's limit, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _workers(raw: str | None) -> int:
    if raw is None or raw.strip() == "":
        return min(usable_cpus(), MAX_WORKERS)
    try:
        count = int(raw)
    except ValueError:
        raise ConfigurationError(f"BACKCOACH_WORKERS: {raw!r} is not a whole number") from None
    if not 1 <= count <= MAX_WORKERS:
        raise ConfigurationError(f"BACKCOACH_WORKERS: {count} is outside 1-{MAX_WORKERS}")
    return count


def _flag(name: str, raw: str | None, *, default: bool = False) -> bool:
    value = (raw or "").strip().lower()
    if value == "":
        return default
    if value in ("0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ConfigurationError(f"{name}: {raw!r} is not one of 1/0, true/false, yes/no, on/off")


def _session_speed(raw: str | None) -> float:
    """How much faster than real time the session page's clock runs (a test setting; 1 = real time)."""
    if raw is None or raw.strip() == "":
        return 1.0
    try:
        speed = float(raw)
    except ValueError:
        raise ConfigurationError(f"BACKCOACH_SESSION_SPEED: {raw!r} is not a number") from None
    if not 1 <= speed <= 100:  # also refuses nan and inf
        raise ConfigurationError(f"BACKCOACH_SESSION_SPEED: {raw} is outside 1-100")
    return speed

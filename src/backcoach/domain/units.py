"""Units and durations, in one place: when a dose is a hold, how long a movement takes, and how a length of
time is written (on a screen, in a dose, out loud)."""

from __future__ import annotations

HELD_MIN_SECONDS = 10  # a hold of 10 s or more is a held stretch or position; shorter is a pause in a movement
REP_TEMPO_SECONDS = 4  # one repetition of a movement without a hold
SHORT_HOLD_MOVE_SECONDS = 2  # moving into and out of a short hold
SECONDS_PER_MINUTE = 60


def is_held(hold_seconds: int | None) -> bool:
    """A stretch or position held for 10 s or more, rather than a movement repeated."""
    return hold_seconds is not None and hold_seconds >= HELD_MIN_SECONDS


def rep_seconds(hold_seconds: int | None) -> float:
    """How long one repetition takes: a short hold and the movement around it, or the movement alone."""
    return float(hold_seconds + SHORT_HOLD_MOVE_SECONDS) if hold_seconds else float(REP_TEMPO_SECONDS)


def clock(seconds: float) -> str:
    """A time on a clock: 5 -> '0:05', 150 -> '2:30', 3723 -> '1:02:03'."""
    minutes, rest = divmod(int(seconds), SECONDS_PER_MINUTE)
    hours, minutes = divmod(minutes, SECONDS_PER_MINUTE)
    return f"{hours}:{minutes:02d}:{rest:02d}" if hours else f"{minutes}:{rest:02d}"


def span(seconds: int) -> str:
    """A length of time in a dose: 30 -> '30 s', 120 -> '2 min', 90 -> '90 s'."""
    if seconds >= SECONDS_PER_MINUTE and seconds % SECONDS_PER_MINUTE == 0:
        return f"{seconds // SECONDS_PER_MINUTE} min"
    return f"{seconds} s"


def spoken(seconds: int | None) -> str:
    """A length of time said out loud: '30 seconds', '1 minute', '2 minutes', '90 seconds'."""
    whole = int(seconds or 0)
    if whole >= SECONDS_PER_MINUTE and whole % SECONDS_PER_MINUTE == 0:
        minutes = whole // SECONDS_PER_MINUTE
        return f"{minutes} minute{'s' if minutes > 1 else ''}"
    return f"{whole} seconds"

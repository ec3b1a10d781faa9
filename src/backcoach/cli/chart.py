"""The progress chart as a PNG (matplotlib, no display needed): pain, disability and function over time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from backcoach.errors import ConfigurationError, InvalidInput


def write_png(progress: Mapping[str, Any], path: str) -> None:
    try:
        import matplotlib
    except ImportError:
        raise ConfigurationError("--png needs the chart extra: pip install 'backcoach[chart]'") from None

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    checkins = progress["checkins"]
    if not checkins:
        raise InvalidInput("--png", "there are no check-ins to chart yet (record one with `backcoach checkin`)")
    when: list[Any] = [datetime.fromisoformat(c["created_at"]) for c in checkins]
    figure, pain_axis = plt.subplots(figsize=(8, 4.5), dpi=100)
    pain_axis.plot(when, [c["pain_now"] for c in checkins], marker="o", color="#c0392b", label="Pain (0-10)")
    psfs = [(t, c["psfs_mean"]) for t, c in zip(when, checkins, strict=True) if c.get("psfs_mean") is not None]
    if psfs:
        pain_axis.plot(*zip(*psfs, strict=True), marker="s", color="#2471a3", label="Activities, PSFS (0-10)")
    baseline = checkins[0]["pain_now"]
    pain_axis.axhline(max(0, baseline - 2), color="#c0392b", linestyle=":", linewidth=1,
                      label="2 points better than the first check-in (important change)")
    pain_axis.set_ylim(0, 10.5)
    pain_axis.set_ylabel("0-10")
    odi = [(t, c["odi_percent"]) for t, c in zip(when, checkins, strict=True) if c.get("odi_percent") is not None]
    if odi:
        odi_axis = pain_axis.twinx()
        odi_axis.plot(*zip(*odi, strict=True), marker="^", color="#7d3c98", label="Oswestry disability %")
        odi_axis.set_ylim(0, 100)
        odi_axis.set_ylabel("Oswestry %")
        odi_axis.legend(loc="upper right", fontsize=8)
    pain_axis.legend(loc="upper left", fontsize=8)
    pain_axis.set_title("BackCoach: pain and function over time")
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    pain_axis.xaxis.set_major_locator(locator)
    pain_axis.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    figure.tight_layout()
    try:
        figure.savefig(path, format="png")
    except OSError as error:
        raise InvalidInput("--png", f"cannot write {path}: {error.strerror or error}") from None
    finally:
        plt.close(figure)

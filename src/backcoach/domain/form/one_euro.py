"""The One Euro filter (Casiez, Roussel and Vogel, CHI 2012): a low-pass filter whose cut-off rises with speed, so
a still point is smoothed hard (little jitter) and a moving one follows quickly (little lag).

Pure: the filter's memory is a value passed in and returned. Parameters, as in the paper: ``min_cutoff`` (Hz, the
cut-off when still), ``beta`` (how much the cut-off rises per unit of speed) and ``d_cutoff`` (Hz, for the speed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class OneEuroParams:
    min_cutoff: float = 1.0
    beta: float = 10.0
    d_cutoff: float = 1.0


class OneEuroMemory(NamedTuple):
    """What the filter remembers of one coordinate: the last filtered value and speed, and when."""

    value: float
    speed: float
    t: float


def _alpha(cutoff: float, dt: float) -> float:
    tau = 1.0 / (2.0 * math.pi * cutoff)
    return 1.0 / (1.0 + tau / dt)


def one_euro(params: OneEuroParams, memory: OneEuroMemory | None, value: float, t: float) -> OneEuroMemory:
    """Filter one new sample taken at time ``t``; the first sample (or one after time went back) passes as is."""
    if memory is None or t <= memory.t:
        return OneEuroMemory(value, 0.0, t)
    dt = t - memory.t
    speed = (value - memory.value) / dt
    smooth_speed = memory.speed + _alpha(params.d_cutoff, dt) * (speed - memory.speed)
    cutoff = params.min_cutoff + params.beta * abs(smooth_speed)
    return OneEuroMemory(memory.value + _alpha(cutoff, dt) * (value - memory.value), smooth_speed, t)

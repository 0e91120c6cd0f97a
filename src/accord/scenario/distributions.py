"""Uncertain numbers: the distributions a scenario may give instead of a value.

Three families, as in the scenario format ("Uncertainty"):

- ``{triangular: [low, mode, high]}``, central value the mode;
- ``{uniform: [low, high]}``, central value the midpoint;
- ``{normal: [mean, sd]}``, central value the mean, samples clipped to the
  parameter's valid range.

Deterministic analysis uses the central value; Monte Carlo draws from
:meth:`Distribution.sample` with a generator it is handed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FAMILIES = {"triangular": 3, "uniform": 2, "normal": 2}


@dataclass(frozen=True)
class Distribution:
    """One uncertain parameter's distribution."""

    family: str
    params: tuple[float, ...]

    @property
    def central(self) -> float:
        """Mode of a triangular, midpoint of a uniform, mean of a normal."""
        if self.family == "triangular":
            return self.params[1]
        if self.family == "uniform":
            return (self.params[0] + self.params[1]) / 2
        return self.params[0]

    @property
    def support(self) -> tuple[float, float]:
        """Smallest and largest value a draw can take before clipping."""
        if self.family == "normal":
            return (-np.inf, np.inf)
        return (self.params[0], self.params[-1])

    def sample(self, rng: np.random.Generator, size: int | None = None) -> np.ndarray | float:
        """Draw ``size`` values (one float when ``size`` is None) from ``rng``."""
        if self.family == "triangular":
            low, mode, high = self.params
            if low == high:
                return np.full(size, low) if size is not None else low
            return rng.triangular(low, mode, high, size)
        if self.family == "uniform":
            return rng.uniform(self.params[0], self.params[1], size)
        return rng.normal(self.params[0], self.params[1], size)

    def to_data(self) -> dict:
        return {self.family: list(self.params)}


def parse_distribution(value: dict) -> tuple[Distribution | None, str | None]:
    """Read ``{family: [params]}``; return (distribution, None) or (None, why not)."""
    if len(value) != 1:
        return None, f"expected a number or one of {{{', '.join(FAMILIES)}}}: [...], got keys {sorted(map(str, value))}"
    (family, params), = value.items()
    if family not in FAMILIES:
        return None, f"unknown distribution {family!r}; expected one of {', '.join(FAMILIES)}"
    count = FAMILIES[family]
    if not isinstance(params, list) or len(params) != count or not all(_is_number(p) for p in params):
        return None, f"{family} expects a list of {count} numbers"
    params = tuple(float(p) for p in params)
    if family == "triangular" and not params[0] <= params[1] <= params[2]:
        return None, "triangular expects [low, mode, high] with low <= mode <= high"
    if family == "uniform" and not params[0] <= params[1]:
        return None, "uniform expects [low, high] with low <= high"
    if family == "normal" and params[1] < 0:
        return None, "normal expects [mean, sd] with sd >= 0"
    return Distribution(family, params), None


def _is_number(value: object) -> bool:
    """A finite int or float that a float can hold (an int beyond 1.8e308 is not)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, int):
        return abs(value) <= _FLOAT_MAX
    return bool(np.isfinite(value))


_FLOAT_MAX = int(np.finfo(float).max)

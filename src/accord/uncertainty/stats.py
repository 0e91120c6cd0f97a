"""Interval estimates used by the Monte Carlo summaries.

- :func:`wilson`: the Wilson score interval for a binomial proportion
  (E. B. Wilson, "Probable inference, the law of succession, and statistical
  inference", JASA 22, 1927). For ``k`` successes in ``n`` runs,
  ``p = k/n``, ``z = 1.959964`` (95%)::

      centre = (p + z^2 / 2n) / (1 + z^2 / n)
      half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2)

  It stays inside [0, 1] and is sensible at ``k = 0`` or ``k = n`` (where the
  normal-approximation interval collapses to a point).
- :func:`paired_difference`: the mean of per-run differences ``d_r`` with a
  normal-approximation interval ``mean ± z * sd(d) / sqrt(n)`` (``sd`` with
  ``n - 1``); with common random numbers the runs are paired, and the
  interval is far narrower than that of two independent proportions.

>>> [round(x, 4) for x in wilson(0, 100)]
[0.0, 0.037]
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from .normal import ndtri

Z95 = 1.959963984540054


def z_value(level: float = 0.95) -> float:
    return Z95 if level == 0.95 else float(ndtri(0.5 + level / 2))


def wilson(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for ``successes`` out of ``n`` (``(0, 1)`` when ``n`` is 0)."""
    if n <= 0:
        return (0.0, 1.0)
    z = z_value(level)
    p = successes / n
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= n else min(1.0, centre + half)
    return (low, high)


def paired_difference(a: np.ndarray, b: np.ndarray, level: float = 0.95) -> tuple[float, tuple[float, float]]:
    """Mean of ``a - b`` (per run) and its normal-approximation interval."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    n = d.size
    if n == 0:
        return (math.nan, (math.nan, math.nan))
    mean = float(d.mean())
    if n < 2:
        return (mean, (math.nan, math.nan))
    half = z_value(level) * float(d.std(ddof=1)) / math.sqrt(n)
    return (mean, (mean - half, mean + half))


QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def summary(values: np.ndarray, quantiles: Sequence[float] = QUANTILES) -> dict | None:
    """Mean and quantiles of the finite values (None when there are none)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None
    data = {"mean": float(values.mean())}
    for q, v in zip(quantiles, np.quantile(values, quantiles)):
        data[f"q{round(q * 100):02d}"] = float(v)
    return data


__all__ = ["QUANTILES", "Z95", "paired_difference", "summary", "wilson", "z_value"]

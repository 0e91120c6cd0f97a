"""Statistics helpers, defined once for accord (Monte Carlo, simulation batches, tournaments).

- :func:`wilson`: the Wilson score interval for a binomial proportion
  (E. B. Wilson, "Probable inference, the law of succession, and statistical
  inference", JASA 22, 1927). For ``k`` successes in ``n`` runs,
  ``p = k/n``, ``z = 1.959964`` (95%)::

      centre = (p + z^2 / 2n) / (1 + z^2 / n)
      half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2)

  It stays inside [0, 1] and is sensible at ``k = 0`` or ``k = n`` (where the
  normal-approximation interval collapses to a point).
- :func:`t_quantile`: the Student-t 0.975 quantile, for mean intervals
  ``mean ± t_{0.975, n-1} · s / sqrt(n)``.
- :func:`paired_difference`: the mean of per-run differences ``d_r`` with a
  normal-approximation interval ``mean ± z * sd(d) / sqrt(n)`` (``sd`` with
  ``n - 1``); with common random numbers the runs are paired, and the
  interval is far narrower than that of two independent proportions.

>>> [round(x, 4) for x in wilson(0, 100)]
[0.0, 0.037]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

Z95 = 1.959963984540054  # standard normal 0.975 quantile


def z_value(level: float = 0.95) -> float:
    """The standard normal quantile of ``0.5 + level / 2`` (two-sided ``level`` intervals)."""
    if level == 0.95:
        return Z95
    # imported here: the uncertainty package is heavier than this module
    from .uncertainty.normal import ndtri

    return float(ndtri(0.5 + level / 2))


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


# Student-t 0.975 quantiles for 1..30 degrees of freedom (standard tables, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2)
_T975 = (12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788, 2.1604,
         2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555,
         2.0518, 2.0484, 2.0452, 2.0423)


def t_quantile(df: int) -> float:
    """Student-t 0.975 quantile: the table up to 30 degrees of freedom, then the Cornish-Fisher
    expansion in 1/df (Abramowitz & Stegun 26.7.5), t ≈ z + g1/df + g2/df² + g3/df³ + g4/df⁴,
    whose error is below 1e-5 from df = 30 on.
    """
    if df <= 0:
        return math.nan
    if df <= len(_T975):
        return _T975[df - 1]
    z = Z95
    g1 = (z ** 3 + z) / 4
    g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96
    g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384
    g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160
    return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4


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


def summary(values: np.ndarray, quantiles: Sequence[float] = QUANTILES) -> dict[str, float] | None:
    """Mean and quantiles of the finite values (None when there are none)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None
    data = {"mean": float(values.mean())}
    for q, v in zip(quantiles, np.quantile(values, quantiles)):
        data[f"q{round(q * 100):02d}"] = float(v)
    return data


__all__ = ["QUANTILES", "Z95", "paired_difference", "summary", "t_quantile", "wilson", "z_value"]

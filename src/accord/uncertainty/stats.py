"""The statistics helpers of the Monte Carlo summaries, re-exported: they are defined in :mod:`accord.stats`.

Kept so that ``montecarlo`` and ``sobol`` import them as before; new code
imports :mod:`accord.stats`.
"""

from __future__ import annotations

from ..stats import QUANTILES, Z95, paired_difference, summary, wilson, z_value

__all__ = ["QUANTILES", "Z95", "paired_difference", "summary", "wilson", "z_value"]

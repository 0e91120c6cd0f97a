"""The compromise model: the capability- and salience-weighted mean.

    x* = sum_i c_i s_i x_i / sum_i c_i s_i

The "computationally simple Nash bargaining" or compromise model of the EU
decision-making literature (van den Bos 1991; Achen 2006, who shows it is the
first-order approximation to the asymmetric Nash bargaining solution with
quadratic losses). It is also the per-round "mean" that Scholz et al. (2011)
report next to the median in the expected-utility model.
"""

from __future__ import annotations

import numpy as np

from .inputs import FloatArray, Positions, require_weight


def weighted_mean(x: FloatArray, w: FloatArray) -> float:
    return float(np.dot(w, x) / w.sum())


def compromise(p: Positions) -> float:
    """The weighted mean position, weights capability x salience.

    >>> from accord.forecast import Positions
    >>> compromise(Positions(actors=("a", "b"), position=[0, 10], salience=[1, 1], capability=[1, 3]))
    7.5
    """
    w = require_weight(p)
    value = weighted_mean(p.position, w)
    return float(min(max(value, p.position.min()), p.position.max()))

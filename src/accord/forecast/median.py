"""Black's median voter: the weighted median position.

Each actor votes with weight c_i s_i for whichever of two proposals is nearer
its own position. With single-peaked preferences on a line the position that
beats every other in these pairwise votes (the Condorcet winner) is the
weighted median (Black 1948): sort the positions, accumulate the weights,
and take the position where the running total first reaches half of the
total weight.

Tie rule: if the running total equals exactly half the total at a position
(within 1e-12 of the total weight), every point between that position and the
next one is a median; the model then returns the midpoint of the two. This
keeps the answer independent of the direction of the scale (reversing the
scale gives the mirror answer). Actors with zero weight are ignored.
"""

from __future__ import annotations

import numpy as np

from .inputs import FloatArray, Positions, require_weight

TIE = 1e-12


def weighted_median_of(x: FloatArray, w: FloatArray) -> float:
    """Weighted median of ``x`` (weights ``w`` >= 0, positive sum), midpoint on an exact tie."""
    keep = w > 0
    values, group = np.unique(x[keep], return_inverse=True)
    cum = np.cumsum(np.bincount(group, weights=w[keep], minlength=values.size))
    total = cum[-1]
    half = total / 2
    k = min(int(np.searchsorted(cum, half - TIE * total)), values.size - 1)
    if abs(cum[k] - half) <= TIE * total and k + 1 < values.size:
        return float((values[k] + values[k + 1]) / 2)
    return float(values[k])


def weighted_median(p: Positions) -> float:
    """The weighted median position, weights capability x salience.

    >>> from accord.forecast import Positions
    >>> weighted_median(Positions(actors=("a", "b", "c"), position=[0, 4, 10], salience=[1, 1, 1],
    ...                           capability=[2, 1, 2]))
    4.0
    >>> weighted_median(Positions(actors=("a", "b"), position=[0, 10], salience=[1, 1], capability=[1, 1]))
    5.0
    """
    w = require_weight(p)
    return weighted_median_of(p.position, w)


def condorcet_scores(x: FloatArray, w: FloatArray) -> FloatArray:
    """Pairwise votes v[j, k] = sum_i w_i (|x_i - x_k| - |x_i - x_j|).

    ``v[j, k] > 0`` when proposal ``x_j`` beats ``x_k``. Since
    v[j, k] = D_k - D_j with D_j = sum_i w_i |x_i - x_j|, the matrix is built
    in O(n^2) from D; a position that loses no contest minimises D.
    """
    d: FloatArray = np.abs(x[:, None] - x[None, :]) @ w
    return d[None, :] - d[:, None]

"""The asymmetric Nash bargaining solution on the issue scale.

Each actor's utility for an outcome x is one minus its normalised loss,

    u_i(x) = 1 - d(x, x_i),   d = |x - x_i| / W          (loss="linear")
                              d = ((x - x_i) / W) ** 2    (loss="quadratic")

with W = high - low the width of the scale. The disagreement point (what an
actor gets if there is no agreement) is taken to be the worst point of the
scale for that actor: the end of the scale farthest from its position. So
every actor gains from any agreement strictly inside the scale, the gain
falling to zero only at its worst end. The solution maximises the weighted
product of gains, with exponents w_i = c_i s_i (capability x salience):

    x* = argmax_x  sum_i w_i log(u_i(x) - u_i(worst_i))

Both losses make each gain concave and positive inside the scale, so the
objective is strictly concave there and has one maximum. It is found on a
grid of ``grid`` points over [low, high] (evaluated as one array of shape
actors x points), then refined by bisection on the sign of the objective's
derivative, sum_i w_i g_i'(x) / g_i(x), inside the bracket formed by the best
grid point's neighbours (the derivative is decreasing, so the sign change is
the maximum; bisection on it reaches machine precision, where comparing
objective values near a flat top would stop at about 1e-8).

With quadratic loss and a disagreement point of zero utility, the solution
is close to the compromise model (Achen 2006); with the worst-end
disagreement point actors near the middle of the scale, who have the least
to gain, pull harder.
"""

from __future__ import annotations

import numpy as np

from .errors import ForecastError
from .inputs import FloatArray, Positions, keyword, normalised, require_weight

LOSSES = ("quadratic", "linear")


def _objective(z: FloatArray, far: FloatArray, w: FloatArray, points: FloatArray, loss: str) -> FloatArray:
    gap = points[None, :] - z[:, None]
    if loss == "linear":
        gain = far[:, None] - np.abs(gap)
    else:
        gain = far[:, None] ** 2 - gap ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(gain > 0, np.log(np.where(gain > 0, gain, 1.0)), -np.inf)
    return w @ logs


def _slope(z: FloatArray, far: FloatArray, w: FloatArray, x: float, loss: str) -> float:
    """Derivative of the objective at x (gains are positive strictly inside the bracket)."""
    gap = x - z
    if loss == "linear":
        gain, dgain = far - np.abs(gap), -np.sign(gap)
    else:
        gain, dgain = far ** 2 - gap ** 2, -2.0 * gap
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(gain > 0, dgain / np.where(gain > 0, gain, 1.0), np.where(dgain > 0, np.inf, -np.inf))
    return float(w @ terms)


def nash_bargaining(p: Positions, *, loss: str = "quadratic", grid: int = 1001) -> float:
    """The asymmetric Nash bargaining point (exponents capability x salience).

    >>> from accord.forecast import Positions
    >>> two = Positions(actors=("a", "b"), position=[0, 10], salience=[1, 1], capability=[1, 1])
    >>> round(nash_bargaining(two), 9)
    5.0
    """
    w = require_weight(p)
    keyword("loss", loss, LOSSES)
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 3:
        raise ForecastError("grid", "must be an integer >= 3", grid)
    if p.width == 0:
        return float(p.low)
    keep = w > 0
    z, w = normalised(p)[keep], w[keep]
    far = np.maximum(z, 1.0 - z)
    points = np.linspace(0.0, 1.0, int(grid))
    k = int(np.argmax(_objective(z, far, w, points, loss)))
    lo, hi = points[max(k - 1, 0)], points[min(k + 1, points.size - 1)]
    for _ in range(100):
        mid = (lo + hi) / 2
        if not lo < mid < hi:
            break
        slope = _slope(z, far, w, mid, loss)
        if slope > 0:
            lo = mid
        elif slope < 0:
            hi = mid
        else:
            lo = hi = mid
    return float(p.low + (lo + hi) / 2 * p.width)

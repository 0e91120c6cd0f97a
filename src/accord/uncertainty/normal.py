"""The inverse of the standard normal CDF, vectorised, accurate to about 1e-15.

Steps of :func:`ndtri` (for ``p`` in (0, 1)):

1. Fold the upper half onto the lower one: ``q = min(p, 1 - p)`` (exact in
   floating point for ``p >= 0.5``), so that the refinement below works on a
   small tail probability with full relative accuracy.
2. Acklam's rational approximation (P. J. Acklam, "An algorithm for computing
   the inverse normal cumulative distribution function", 2003): a rational
   function of ``q - 0.5`` in the central region ``q >= 0.02425`` and of
   ``sqrt(-2 log q)`` in the tail; relative error below 1.15e-9.
3. One Halley step on ``Phi(x) - q = 0`` with ``Phi(x) = erfc(-x / sqrt 2) / 2``
   (``math.erfc``, applied elementwise), which brings the error to the
   rounding level of double precision.
4. Restore the sign for ``p > 0.5``.

``ndtri(0) = -inf``, ``ndtri(1) = +inf``, and values outside [0, 1] (or NaN)
give NaN.

>>> round(float(ndtri(0.975)), 9)
1.959963985
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

_A = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00)
_B = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
      3.754408661907416e+00)
_P_LOW = 0.02425
_SQRT2 = math.sqrt(2.0)
_SQRT2PI = math.sqrt(2.0 * math.pi)
_erfc = np.frompyfunc(math.erfc, 1, 1)


def _erfc_of(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """``math.erfc`` elementwise, as floats (the ufunc from ``np.frompyfunc`` returns objects)."""
    return np.asarray(_erfc(x), dtype=float)


def _acklam_lower(q: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Acklam's approximation for 0 < q <= 0.5 (the lower half)."""
    x = np.empty_like(q)
    tail = q < _P_LOW
    if tail.any():
        t = np.sqrt(-2.0 * np.log(q[tail]))
        num = ((((_C[0] * t + _C[1]) * t + _C[2]) * t + _C[3]) * t + _C[4]) * t + _C[5]
        den = (((_D[0] * t + _D[1]) * t + _D[2]) * t + _D[3]) * t + 1.0
        x[tail] = num / den
    mid = ~tail
    if mid.any():
        s = q[mid] - 0.5
        r = s * s
        num = (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]) * s
        den = ((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0
        x[mid] = num / den
    return x


@overload
def ndtri(p: float) -> np.float64: ...
@overload
def ndtri(p: npt.NDArray[Any] | Sequence[float]) -> npt.NDArray[np.float64]: ...
def ndtri(p: npt.ArrayLike) -> npt.NDArray[np.float64] | np.float64:
    """Inverse standard normal CDF of ``p`` (array-like), elementwise; a scalar for a scalar ``p``."""
    p = np.asarray(p, dtype=float)
    scalar = p.ndim == 0
    p = np.atleast_1d(p)
    out = np.full(p.shape, np.nan)
    out[p == 0.0] = -np.inf
    out[p == 1.0] = np.inf
    inside = (p > 0.0) & (p < 1.0)
    if inside.any():
        pi = p[inside]
        upper = pi > 0.5
        q = np.where(upper, 1.0 - pi, pi)
        x = _acklam_lower(q)
        # Halley step on Phi(x) - q = 0; x <= 0 here, so erfc's argument is >= 0.
        e = 0.5 * _erfc_of(-x / _SQRT2) - q
        u = e * _SQRT2PI * np.exp(0.5 * x * x)
        x = x - u / (1.0 + 0.5 * x * u)
        out[inside] = np.where(upper, -x, x)
    return out[0] if scalar else out


@overload
def norm_cdf(x: float) -> np.float64: ...
@overload
def norm_cdf(x: npt.NDArray[Any] | Sequence[float]) -> npt.NDArray[np.float64]: ...
def norm_cdf(x: npt.ArrayLike) -> npt.NDArray[np.float64] | np.float64:
    """Standard normal CDF, elementwise (``erfc``-based, accurate in both tails); a scalar for a scalar ``x``."""
    x = np.asarray(x, dtype=float)
    return 0.5 * _erfc_of(-x / _SQRT2)


__all__ = ["ndtri", "norm_cdf"]

"""Pairwise support between positions on a line, in O(m^2 log n).

``support(z, w, candidates)[a, b]`` is the weight of voters preferring
candidate ``a`` to candidate ``b``, each voter counted in proportion to how
much nearer ``a`` is:

    N[a, b] = sum_k w_k * max(|z_k - c_b| - |z_k - c_a|, 0)

This is the coalition strength of KTAB's proportional voting rule (linear
utilities) and the numerator of the expected-utility model's probability of
prevailing. Written out for c_a < c_b: voters at or left of c_a give the full
distance c_b - c_a; voters between c_a and the midpoint m give c_a + c_b - 2 z_k;
voters right of m give nothing (mirror image for c_a > c_b). Prefix sums of
w and w*z over the sorted voters evaluate every pair with two binary
searches, instead of the n x m x m tensor of the definition.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from .inputs import FloatArray


def support(z: FloatArray, w: FloatArray, candidates: FloatArray) -> FloatArray:
    order = np.argsort(z, kind="stable")
    zs, ws = z[order], w[order]
    cw = np.concatenate(([0.0], np.cumsum(ws)))
    cm = np.concatenate(([0.0], np.cumsum(ws * zs)))

    def below(t: FloatArray, side: Literal["left", "right"]) -> tuple[FloatArray, FloatArray]:  # sums of w and w*z over voters left of t (side='left': z < t, 'right': z <= t)
        k = np.searchsorted(zs, t, side=side)
        return cw[k], cm[k]

    a = candidates[:, None]
    b = candidates[None, :]
    mid = (a + b) / 2
    gap = np.abs(b - a)
    w_le_a, m_le_a = below(a, "right")
    w_lt_a, m_lt_a = below(a, "left")
    w_lt_mid, m_lt_mid = below(mid, "left")
    w_le_mid, m_le_mid = below(mid, "right")
    left = gap * w_le_a + (a + b) * (w_lt_mid - w_le_a) - 2 * (m_lt_mid - m_le_a)
    right = gap * (cw[-1] - w_lt_a) + 2 * (m_lt_a - m_le_mid) - (a + b) * (w_lt_a - w_le_mid)
    n = np.where(a < b, left, np.where(a > b, right, 0.0))
    return np.maximum(n, 0.0)


def support_bruteforce(z: FloatArray, w: FloatArray, candidates: FloatArray) -> FloatArray:
    """The definition, as an n x m x m tensor (for tests and small inputs)."""
    d = np.abs(z[:, None] - candidates[None, :])
    n: FloatArray = np.einsum("k,kab->ab", w, np.maximum(d[:, None, :] - d[:, :, None], 0.0))
    return n

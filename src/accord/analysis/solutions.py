"""Bargaining solutions over a set of candidate outcomes (the ZOPA frontier).

Each function takes ``utilities`` (n_parties, k) and ``reservations``
(n_parties,) and returns ``(index, score)`` of the maximiser, or None when
there is no candidate. Every maximiser over the ZOPA lies on its Pareto
frontier (a dominating outcome scores at least as well under each criterion),
so callers pass the frontier and the result is exact.

- Nash (Nash 1950): argmax of prod_a (u_a - r_a).
- Kalai–Smorodinsky (Kalai & Smorodinsky 1975), max-min form: argmax of
  min_a (u_a - r_a) / (ideal_a - r_a), ideal_a = max of u_a over the ZOPA; a
  party with ideal_a = r_a is left out of the min (when every party is left
  out, each already has its ideal and the score is 1).
- Egalitarian (Kalai 1977): argmax of min_a (u_a - r_a).
- Utilitarian: argmax of sum_a u_a.

Ties go to the first candidate in the order given (the tolerance 1e-9 of the
format decides equality of scores).
"""

from __future__ import annotations

import numpy as np

from ..scenario import TOLERANCE

Choice = tuple[int, float] | None


def _argmax(scores: np.ndarray) -> Choice:
    if scores.size == 0:
        return None
    best = float(np.max(scores))
    index = int(np.flatnonzero(scores >= best - TOLERANCE)[0])
    return index, float(scores[index])


def nash(utilities: np.ndarray, reservations: np.ndarray) -> Choice:
    """Nash bargaining solution: maximise the product of surpluses."""
    return _argmax(np.prod(utilities - reservations[:, None], axis=0))


def kalai_smorodinsky(utilities: np.ndarray, reservations: np.ndarray, ideal: np.ndarray | None = None) -> Choice:
    """Kalai–Smorodinsky solution, max-min of normalised surpluses.

    ``ideal`` defaults to the per-party maximum over ``utilities``.
    """
    if utilities.shape[1] == 0:
        return None
    ideal = utilities.max(axis=1) if ideal is None else ideal
    span = ideal - reservations
    counted = span > TOLERANCE
    if not counted.any():
        return _argmax(np.ones(utilities.shape[1]))
    ratios = (utilities[counted] - reservations[counted, None]) / span[counted, None]
    return _argmax(ratios.min(axis=0))


def egalitarian(utilities: np.ndarray, reservations: np.ndarray) -> Choice:
    """Egalitarian solution: maximise the smallest surplus."""
    return _argmax((utilities - reservations[:, None]).min(axis=0))


def utilitarian(utilities: np.ndarray, reservations: np.ndarray) -> Choice:
    """Utilitarian solution: maximise the sum of utilities."""
    return _argmax(utilities.sum(axis=0))


SOLUTIONS = {
    "nash": nash,
    "kalai_smorodinsky": kalai_smorodinsky,
    "egalitarian": egalitarian,
    "utilitarian": utilitarian,
}

"""Bargaining solutions, defined once for every part of accord.

Each solution takes ``utilities`` shaped ``(..., parties, outcomes)``,
``reservations`` shaped ``(..., parties)`` and optionally ``candidates``, a
boolean mask ``(..., outcomes)`` of the outcomes that may be chosen (the
ZOPA; all of them when omitted), and is vectorised over the leading axes:
analysis passes one ``(parties, k)`` array of the ZOPA's frontier, the Monte
Carlo kernel a ``(runs, parties, outcomes)`` array of the whole space with
each run's ZOPA as the mask. It returns a :class:`Choice` of arrays shaped
``(...)``: the index of the chosen outcome (-1 where there is no candidate)
and its score (NaN there). With surpluses ``s_a = u_a - r_a``:

- Nash (Nash 1950, "The bargaining problem", Econometrica 18(2)): argmax of
  prod_a s_a. Compared by the sum of log surpluses (a surplus <= 0 counts
  as log 0 = -inf), so that products of many small surpluses are ranked
  (three surpluses of 5e-4 against three of 1e-3: 1.25e-10 < 1e-9) instead
  of being equal within an absolute tolerance; the score is the product.
- Kalai–Smorodinsky (Kalai & Smorodinsky 1975, Econometrica 43(3)), max-min
  form: argmax of min_a s_a / (ideal_a - r_a), ideal_a = max of u_a over the
  candidates; a party with ideal_a - r_a <= 1e-9 is left out of the min
  (when every party is, each already has its ideal and the score is 1).
- Egalitarian (Kalai 1977, Econometrica 45(7)): argmax of min_a s_a.
- Utilitarian: argmax of sum_a u_a.

One tie rule for all four (scenario format, "Analysis"): the candidates whose
comparison key is within 1e-9 of the best tie (Nash: the sum of logs, so
products within a relative 1e-9; the others: the score itself); among them
the one with the largest sum of utilities on the format's 1e-9 grid wins (so
the choice is never weakly dominated by another tied candidate), and then
the first in the order given (accord passes outcomes in the space's
row-major order, so analysis, which passes only the frontier, and the Monte
Carlo kernel, which passes every outcome, choose the same one).

Every maximiser over the ZOPA lies on its Pareto frontier (a dominating
outcome scores at least as well under each criterion), so passing the
frontier instead of the ZOPA gives the same choice.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ..scenario import TOLERANCE

QUANTUM = 1e9  # the format's grid of utilities, as in accord.analysis.pareto


class Choice(NamedTuple):
    """Index of the chosen outcome (-1: no candidate) and its score (NaN: no candidate), shaped like the
    leading axes."""

    index: np.ndarray
    score: np.ndarray


def _prepare(utilities, reservations, candidates):
    u = np.asarray(utilities, dtype=float)
    r = np.asarray(reservations, dtype=float)
    mask = np.ones(u.shape[:-2] + u.shape[-1:], dtype=bool) if candidates is None else np.asarray(candidates, bool)
    return u, r, np.broadcast_to(mask, u.shape[:-2] + u.shape[-1:])


def choose(key: np.ndarray, utilities: np.ndarray, candidates: np.ndarray, tolerance: float = TOLERANCE) -> np.ndarray:
    """The tie rule: index (..., ) of the first candidate, among those whose ``key`` is within
    ``tolerance`` of the best and whose utility sum on the 1e-9 grid is largest; -1 without a candidate."""
    if key.shape[-1] == 0:
        return np.full(key.shape[:-1], -1, dtype=np.int64)
    key = np.where(candidates, key, -np.inf)
    best = key.max(axis=-1, initial=-np.inf)
    tie = candidates & (key >= (best - tolerance)[..., None])
    several = np.count_nonzero(tie, axis=-1) > 1
    if several.any():
        rows = np.flatnonzero(several.reshape(-1))
        flat_tie = tie.reshape(-1, tie.shape[-1])
        flat_u = utilities.reshape((-1,) + utilities.shape[-2:])
        grid = np.rint(flat_u[rows] * QUANTUM).astype(np.int64).sum(axis=-2)  # (rows, outcomes)
        grid = np.where(flat_tie[rows], grid, np.iinfo(np.int64).min)
        flat_tie = flat_tie.copy()
        flat_tie[rows] &= grid == grid.max(axis=-1, keepdims=True)
        tie = flat_tie.reshape(tie.shape)
    index = np.argmax(tie, axis=-1)
    return np.where(candidates.any(axis=-1), index, -1)


def _at(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """values (..., outcomes) at index (...), NaN where the index is -1."""
    if values.shape[-1] == 0:
        return np.full(values.shape[:-1], np.nan)
    picked = np.take_along_axis(values, np.maximum(index, 0)[..., None], axis=-1)[..., 0]
    return np.where(index >= 0, picked, np.nan)


def nash(utilities, reservations, candidates=None) -> Choice:
    """Nash bargaining solution: maximise prod_a (u_a - r_a), compared by sum_a log(u_a - r_a)."""
    u, r, mask = _prepare(utilities, reservations, candidates)
    surplus = u - r[..., None]
    with np.errstate(divide="ignore"):
        logs = np.log(np.maximum(surplus, 0.0)).sum(axis=-2)
    index = choose(logs, u, mask)
    return Choice(index, _at(np.prod(surplus, axis=-2), index))


def kalai_smorodinsky(utilities, reservations, candidates=None, ideal=None) -> Choice:
    """Kalai–Smorodinsky solution, max-min of surpluses normalised by ideal - reservation.

    ``ideal`` (..., parties) defaults to each party's maximum over the candidates.
    """
    u, r, mask = _prepare(utilities, reservations, candidates)
    surplus = u - r[..., None]
    if ideal is None:
        ideal = np.where(mask[..., None, :], u, -np.inf).max(axis=-1, initial=-np.inf)
    span = np.asarray(ideal, dtype=float) - r
    counted = span > TOLERANCE
    ratios = np.where(counted[..., None], surplus / np.where(counted, span, 1.0)[..., None], np.inf)
    score = ratios.min(axis=-2)
    score[np.isinf(score)] = 1.0  # no party counted: every one has its ideal
    index = choose(score, u, mask)
    return Choice(index, _at(score, index))


def egalitarian(utilities, reservations, candidates=None) -> Choice:
    """Egalitarian solution: maximise min_a (u_a - r_a)."""
    u, r, mask = _prepare(utilities, reservations, candidates)
    score = (u - r[..., None]).min(axis=-2)
    index = choose(score, u, mask)
    return Choice(index, _at(score, index))


def utilitarian(utilities, reservations, candidates=None) -> Choice:
    """Utilitarian solution: maximise sum_a u_a."""
    u, _, mask = _prepare(utilities, reservations, candidates)
    score = u.sum(axis=-2)
    index = choose(score, u, mask)
    return Choice(index, _at(score, index))


SOLUTIONS: dict[str, Callable[..., Choice]] = {
    "nash": nash,
    "kalai_smorodinsky": kalai_smorodinsky,
    "egalitarian": egalitarian,
    "utilitarian": utilitarian,
}

__all__ = ["Choice", "SOLUTIONS", "choose", "egalitarian", "kalai_smorodinsky", "nash", "utilitarian"]

"""Bargaining solutions, defined once for every part of accord.

Each solution takes ``utilities`` shaped ``(..., parties, outcomes)``,
``reservations`` shaped ``(..., parties)`` and optionally ``candidates``, a
boolean mask ``(..., outcomes)`` of the outcomes that may be chosen (the
ZOPA; all of them when omitted), and is vectorised over the leading axes:
analysis passes one ``(parties, k)`` array of the ZOPA's frontier, the Monte
Carlo kernel a ``(runs, parties, outcomes)`` array of the whole space with
each run's ZOPA as the mask. It returns a :class:`Choice` of arrays shaped
``(...)``: the position of the chosen outcome on the outcomes axis (-1 where
there is no candidate) and its score (NaN there). With surpluses ``s_a = u_a - r_a``:

- Nash (Nash 1950, "The bargaining problem", Econometrica 18(2)): argmax of
  prod_a s_a, compared scale-free, as the sum of log surpluses is (a
  surplus <= 0 counts as log 0 = -inf): products within a relative 1e-9
  tie, so that products of many small surpluses are ranked (three surpluses
  of 5e-4 against three of 1e-3: 1.25e-10 < 1e-9) instead of being equal
  within an absolute tolerance; the score is the product.
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

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from ..scenario import TOLERANCE
from .pareto import quantise


class Choice(NamedTuple):
    """Position of the chosen outcome among the candidates (-1: no candidate) and its score (NaN: no
    candidate), shaped like the leading axes."""

    position: npt.NDArray[np.int64]
    score: npt.NDArray[np.float64]


def _prepare(utilities: npt.ArrayLike, reservations: npt.ArrayLike, candidates: npt.ArrayLike | None
             ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    u = np.asarray(utilities, dtype=float)
    r = np.asarray(reservations, dtype=float)
    mask = np.ones(u.shape[:-2] + u.shape[-1:], dtype=bool) if candidates is None else np.asarray(candidates, bool)
    return u, r, np.broadcast_to(mask, u.shape[:-2] + u.shape[-1:])


def choose(key: npt.NDArray[np.float64], utilities: npt.NDArray[np.float64], candidates: npt.NDArray[np.bool_],
           tolerance: float = TOLERANCE, relative: bool = False) -> npt.NDArray[np.int64]:
    """The tie rule: index (...) of the chosen candidate, -1 where there is none (see :func:`_choose`)."""
    return _choose(key, utilities, candidates, tolerance, relative)[0]


def _choose(key: npt.NDArray[np.float64], utilities: npt.NDArray[np.float64], candidates: npt.NDArray[np.bool_],
            tolerance: float = TOLERANCE, relative: bool = False
            ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """(index of the chosen candidate, -1 where there is none; best key, -inf there), both (...).

    Candidates whose ``key`` is within ``tolerance`` of the best tie (with
    ``relative``, within ``tolerance`` times the best, for keys >= 0); among
    them, those with the largest sum of utilities on the 1e-9 grid; among
    those, the first.
    """
    if key.shape[-1] == 0:
        return np.full(key.shape[:-1], -1, dtype=np.int64), np.full(key.shape[:-1], -np.inf)
    key = np.where(candidates, key, -np.inf)
    best = key.max(axis=-1)
    floor = best * (1.0 - tolerance) if relative else best - tolerance
    tie = candidates & (key >= floor[..., None])
    several = np.count_nonzero(tie, axis=-1) > 1
    if several.any():
        rows = np.flatnonzero(several.reshape(-1))
        flat_tie = tie.reshape(-1, tie.shape[-1]).copy()
        flat_u = utilities.reshape((-1,) + utilities.shape[-2:])
        grid = quantise(flat_u[rows]).sum(axis=-2)  # (rows, outcomes)
        grid = np.where(flat_tie[rows], grid, np.iinfo(np.int64).min)
        flat_tie[rows] &= grid == grid.max(axis=-1, keepdims=True)
        tie = flat_tie.reshape(tie.shape)
    index = np.argmax(tie, axis=-1)
    return np.where(candidates.any(axis=-1), index, -1), best


def _at(values: npt.NDArray[np.float64], index: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """values (..., outcomes) at index (...), NaN where the index is -1."""
    if values.shape[-1] == 0:
        return np.full(values.shape[:-1], np.nan)
    picked = np.take_along_axis(values, np.maximum(index, 0)[..., None], axis=-1)[..., 0]
    return np.where(index >= 0, picked, np.nan)


def _surplus(u: npt.NDArray[np.float64], r: npt.NDArray[np.float64], p: int) -> npt.NDArray[np.float64]:
    """Party p's surpluses (..., outcomes)."""
    return u[..., p, :] - r[..., p, None]


UNDERFLOW = 1e-200  # below this best product, the products are compared by their logs instead


def nash(utilities: npt.ArrayLike, reservations: npt.ArrayLike, candidates: npt.ArrayLike | None = None) -> Choice:
    """Nash bargaining solution: maximise prod_a (u_a - r_a), compared scale-free.

    Products of the surpluses (a surplus <= 0 counts as 0) are compared
    relatively: within a factor 1 - 1e-9 of the best they tie, which is the
    sums of log surpluses within 1e-9. Where the best product is so small
    that it may have underflowed (< 1e-200, e.g. many parties with tiny
    surpluses), those problems are compared by the sums of logs themselves.
    The score is the product of the surpluses.
    """
    u, r, mask = _prepare(utilities, reservations, candidates)
    if u.shape[-1] == 0:
        return Choice(np.full(u.shape[:-2], -1, dtype=np.int64), np.full(u.shape[:-2], np.nan))
    n_parties = u.shape[-2]
    if n_parties:
        product = _surplus(u, r, 0)  # a fresh array: clipped and multiplied in place
        np.maximum(product, 0.0, out=product)
    else:
        product = np.ones(u.shape[:-2] + u.shape[-1:])
    for p in range(1, n_parties):
        factor = _surplus(u, r, p)
        np.maximum(factor, 0.0, out=factor)
        product *= factor
    index, best = _choose(product, u, mask, relative=True)
    small = (best < UNDERFLOW) & (index >= 0)
    if small.any():
        rows = np.flatnonzero(small.reshape(-1))
        flat_u = u.reshape((-1,) + u.shape[-2:])[rows]
        flat_r = np.broadcast_to(r, u.shape[:-1]).reshape(-1, n_parties)[rows]
        with np.errstate(divide="ignore"):
            logs = np.log(np.maximum(flat_u - flat_r[:, :, None], 0.0)).sum(axis=-2)
        flat_index = index.reshape(-1).copy()
        flat_index[rows] = choose(logs, flat_u, mask.reshape(-1, mask.shape[-1])[rows])
        index = flat_index.reshape(index.shape)
    picked = np.take_along_axis(u, np.maximum(index, 0)[..., None, None], axis=-1)[..., 0]  # (..., parties)
    score = np.where(index >= 0, np.prod(picked - r, axis=-1), np.nan)
    return Choice(index, score)


def kalai_smorodinsky(utilities: npt.ArrayLike, reservations: npt.ArrayLike, candidates: npt.ArrayLike | None = None,
                      ideal: npt.ArrayLike | None = None) -> Choice:
    """Kalai–Smorodinsky solution, max-min of surpluses normalised by ideal - reservation.

    ``ideal`` (..., parties) defaults to each party's maximum over the candidates.
    """
    u, r, mask = _prepare(utilities, reservations, candidates)
    score = np.full(u.shape[:-2] + u.shape[-1:], np.inf)
    for p in range(u.shape[-2]):
        ratio = _surplus(u, r, p)  # a fresh array: divided in place into the normalised surplus
        if ideal is None:
            span = np.where(mask, ratio, -np.inf).max(axis=-1, initial=-np.inf)
        else:
            span = np.asarray(ideal, dtype=float)[..., p] - r[..., p]
        counted = span > TOLERANCE
        ratio /= np.where(counted, span, 1.0)[..., None]
        np.minimum(score, ratio, out=score, where=np.broadcast_to(counted[..., None], score.shape))
    score[np.isinf(score)] = 1.0  # no party counted: every one has its ideal
    index = choose(score, u, mask)
    return Choice(index, _at(score, index))


def egalitarian(utilities: npt.ArrayLike, reservations: npt.ArrayLike, candidates: npt.ArrayLike | None = None
                ) -> Choice:
    """Egalitarian solution: maximise min_a (u_a - r_a)."""
    u, r, mask = _prepare(utilities, reservations, candidates)
    score = (u - r[..., None]).min(axis=-2)
    index = choose(score, u, mask)
    return Choice(index, _at(score, index))


def utilitarian(utilities: npt.ArrayLike, reservations: npt.ArrayLike, candidates: npt.ArrayLike | None = None
                ) -> Choice:
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

__all__ = ["SOLUTIONS", "UNDERFLOW", "Choice", "choose", "egalitarian", "kalai_smorodinsky", "nash", "utilitarian"]

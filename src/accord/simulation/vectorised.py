"""Many bilateral time-dependent negotiations at once, vectorised across runs.

The batch engine's fast path: R negotiations between two parties that both
play time-dependent concession (Faratin et al. 1998) with AC_next, under
alternating offers, without events, walkouts or discounting. They differ in
their exponents (a Boulware/Conceder grid, say). Every round is a handful of
numpy operations on arrays of shape (R,) and (R, WINDOW), instead of R
Python-level negotiations, and each run follows exactly the rules of
:func:`accord.simulation.simulate` with the same strategies (the test suite
checks run by run), so the result is the same either way, only faster.

Per round t, for the proposer p of every run:

1. target_r = floor_p + (best_p - floor_p) (1 - t^(1/e_r)), t = round / (deadline - 1);
2. candidates: p's allowed outcomes with u in [target, target + BAND] (binary
   search in p's outcomes sorted by utility), at most WINDOW nearest the target;
3. offer: fewest issues changed from the last offer received, then highest
   own utility, then lowest index;
4. the responder accepts when the offer is acceptable to it and worth at least
   its own current target; the proposer is bound only by offers acceptable to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..scenario import TOLERANCE
from .strategies import BAND, WINDOW
from .table import Table


@dataclass(frozen=True)
class VectorisedRuns:
    """Outcome of R runs: ``agreed`` (bool), ``round`` the last round, ``deal`` (outcome index or -1)."""

    agreed: npt.NDArray[np.bool_]
    round: npt.NDArray[np.int_]
    deal: npt.NDArray[np.int_]


def _targets(table: Table, party: int, exponents: npt.NDArray[np.float64], t: float) -> npt.NDArray[np.float64]:
    best, floor = table.best[party], table.floor[party]
    targets: npt.NDArray[np.float64] = floor + (best - floor) * (1.0 - t ** (1.0 / exponents))
    return targets


def _offers(table: Table, party: int, targets: npt.NDArray[np.float64],
            last: npt.NDArray[np.int_]) -> npt.NDArray[np.int_]:
    values, order = table.ranked(party)
    size = order.size
    low = np.searchsorted(values, targets - TOLERANCE, side="left")
    top = np.searchsorted(values, values[-1] - TOLERANCE, side="left")
    low = np.where(low == size, top, low)
    high = np.searchsorted(values, targets + BAND, side="right")
    high = np.where(high > low, high, size)
    stop = np.minimum(high, low + WINDOW)
    positions = low[:, None] + np.arange(WINDOW)[None, :]
    valid = positions < stop[:, None]
    candidates = order[np.minimum(positions, size - 1)]
    utility = table.utilities[party][candidates]
    if (last < 0).all():
        distance = np.zeros(candidates.shape, dtype=np.int64)
    else:
        digits = table.digits
        distance = (digits[candidates] != digits[np.maximum(last, 0)][:, None, :]).sum(axis=2)
        distance[last < 0] = 0
    distance = np.where(valid, distance, np.iinfo(np.int64).max)
    closest = distance == distance.min(axis=1, keepdims=True)
    richest = closest & (utility >= np.where(closest, utility, -np.inf).max(axis=1, keepdims=True))
    offers: npt.NDArray[np.int_] = np.where(richest, candidates, np.iinfo(np.int64).max).min(axis=1)
    return offers


def run_time_dependent(table: Table, exponents: np.ndarray, rounds: int, first: int = 0) -> VectorisedRuns:
    """Run R = len(exponents) negotiations; ``exponents[r] = (e_party0, e_party1)``."""
    if len(table.parties) != 2:
        raise ValueError("the vectorised engine runs bilateral negotiations (two parties)")
    exponents = np.asarray(exponents, dtype=float).reshape(-1, 2)
    runs = exponents.shape[0]
    agreed = np.zeros(runs, dtype=bool)
    ended = np.full(runs, rounds - 1)
    deal = np.full(runs, -1)
    last = np.full(runs, -1)
    live = np.arange(runs)
    for t in range(rounds):
        if live.size == 0:
            break
        time = min(1.0, t / max(1, rounds - 1))
        proposer = (first + t) % 2
        responder = 1 - proposer
        offers = _offers(table, proposer, _targets(table, proposer, exponents[live, proposer], time), last[live])
        wanted = _targets(table, responder, exponents[live, responder], time)
        accept = (table.acceptable[responder][offers]
                  & (table.utilities[responder][offers] >= wanted - TOLERANCE)
                  & table.acceptable[proposer][offers])
        done = live[accept]
        agreed[done], ended[done], deal[done] = True, t, offers[accept]
        last[live] = offers
        live = live[~accept]
    return VectorisedRuns(agreed, ended, deal)


def run_time_dependent_stacked(utilities: np.ndarray, allowed: np.ndarray, reservations: np.ndarray,
                               digits: np.ndarray, exponents: np.ndarray, rounds: int, first: int = 0) -> VectorisedRuns:
    """Like :func:`run_time_dependent`, but every run has its own table (a Monte Carlo draw).

    ``utilities`` and ``allowed`` are (R, 2, N): the two parties' utilities and
    red-line passes per run; ``reservations`` is (R, 2); ``digits`` (N,
    n_issues) is the shared outcome structure. For N <= WINDOW the window never
    truncates, so the candidates are plain masks and every step is array
    operations over (R, N), following exactly the rules of
    :func:`accord.simulation.simulate` (checked run by run in the tests).
    """
    runs, _, size = utilities.shape
    if size > WINDOW:
        raise ValueError(f"the stacked engine handles spaces of at most {WINDOW} outcomes; got {size}")
    exponents = np.asarray(exponents, dtype=float).reshape(runs, 2)
    has = allowed.any(axis=2)
    best = np.where(has, np.where(allowed, utilities, -np.inf).max(axis=2), 0.0)
    worst = np.where(has, np.where(allowed, utilities, np.inf).min(axis=2), 0.0)
    floor = np.maximum(reservations, worst)
    acceptable = allowed & (utilities >= reservations[:, :, None] - TOLERANCE)
    rows = np.arange(runs)
    agreed = np.zeros(runs, dtype=bool)
    ended = np.full(runs, rounds - 1)
    deal = np.full(runs, -1)
    last = np.full(runs, -1)
    live = rows.copy()
    big = np.iinfo(np.int64).max
    for t in range(rounds):
        if live.size == 0:
            break
        time = min(1.0, t / max(1, rounds - 1))
        p = (first + t) % 2
        q = 1 - p
        target = floor[live, p] + (best[live, p] - floor[live, p]) * (1.0 - time ** (1.0 / exponents[live, p]))
        u = utilities[live, p]
        ok = allowed[live, p]
        above = ok & (u >= target[:, None] - TOLERANCE)
        reach = above.any(axis=1)
        top = ok & (u >= best[live, p][:, None] - TOLERANCE)
        above = np.where(reach[:, None], above, top)
        band = above & (u <= target[:, None] + BAND)
        candidates = np.where(band.any(axis=1)[:, None], band, above)
        previous = last[live]
        if (previous >= 0).any():
            distance = (digits[None, :, :] != digits[np.maximum(previous, 0)][:, None, :]).sum(axis=2)
            distance[previous < 0] = 0
        else:
            distance = np.zeros(u.shape, dtype=np.int64)
        distance = np.where(candidates, distance, big)
        closest = distance == distance.min(axis=1, keepdims=True)
        richest = closest & (u >= np.where(closest, u, -np.inf).max(axis=1, keepdims=True))
        offers = np.where(richest, np.arange(size)[None, :], big).min(axis=1)
        offers = np.where(ok.any(axis=1), offers, np.argmax(u, axis=1))
        wanted = floor[live, q] + (best[live, q] - floor[live, q]) * (1.0 - time ** (1.0 / exponents[live, q]))
        accept = (acceptable[live, q, offers] & (utilities[live, q, offers] >= wanted - TOLERANCE)
                  & acceptable[live, p, offers])
        done = live[accept]
        agreed[done], ended[done], deal[done] = True, t, offers[accept]
        last[live] = offers
        live = live[~accept]
    return VectorisedRuns(agreed, ended, deal)


__all__ = ["BAND", "WINDOW", "VectorisedRuns", "run_time_dependent", "run_time_dependent_stacked"]

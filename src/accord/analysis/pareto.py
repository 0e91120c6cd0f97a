"""Pareto frontiers of utility vectors, exactly and in streaming chunks.

Definition (scenario format, "Analysis"): a point is on the frontier when no
other point weakly dominates it (>= for every party, > for one). Identical
points do not dominate each other, so both stay.

Utilities are compared on a grid of ``1 / QUANTUM`` (rounded to 1e-9), so that
sums that differ only by floating-point rounding (0.1 + 0.2 and 0.3) count as
equal, matching the format's 1e-9 tolerance.

Algorithms:

- two parties, :func:`_frontier_2d`: sort by (u1 desc, u2 desc); a point is on
  the frontier iff its u2 exceeds the largest u2 of all *distinct* points
  before it (Kung, Luccio & Preparata 1975, the 2-d maxima sweep); O(k log k).
- more parties, :func:`_frontier_nd`: sort by the sum of utilities; the
  point with the largest sum among those left is undominated; keep it and
  drop everything it dominates; repeat. One vectorised pass per frontier
  member.
- streams, :class:`FrontierStream`: each chunk is first pruned against the
  frontier so far (2 parties: a staircase look-up by binary search; more: a
  vectorised test against every member) and against a few of the chunk's
  own supported points (maximisers of weighted sums), and only the survivors
  are merged exactly.
"""

from __future__ import annotations

import numpy as np

QUANTUM = 1e9


def quantise(utilities: np.ndarray) -> np.ndarray:
    """Utilities on the 1e-9 grid as int64, for exact comparisons."""
    return np.rint(np.asarray(utilities, dtype=float) * QUANTUM).astype(np.int64)


def frontier_mask(points: np.ndarray) -> np.ndarray:
    """Boolean mask of the Pareto-undominated rows of ``points`` (k, n_parties)."""
    q = quantise(points)
    if q.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    return _frontier_2d(q) if q.shape[1] == 2 else _frontier_nd(q)


def _frontier_2d(q: np.ndarray) -> np.ndarray:
    order = np.lexsort((-q[:, 1], -q[:, 0]))
    s0, s1 = q[order, 0], q[order, 1]
    k = len(order)
    new_run = np.ones(k, dtype=bool)
    new_run[1:] = (s0[1:] != s0[:-1]) | (s1[1:] != s1[:-1])
    run_start = np.maximum.accumulate(np.where(new_run, np.arange(k), 0))
    running_max = np.maximum.accumulate(s1)
    before = np.full(k, np.iinfo(np.int64).min)
    has_before = run_start > 0
    before[has_before] = running_max[run_start[has_before] - 1]
    mask = np.zeros(k, dtype=bool)
    mask[order] = s1 > before
    return mask


def _frontier_nd(q: np.ndarray) -> np.ndarray:
    order = np.lexsort(tuple(-q[:, j] for j in range(q.shape[1] - 1, -1, -1)) + (-q.sum(axis=1),))
    remaining = q[order]
    index = order
    keep = []
    while remaining.shape[0]:
        top = remaining[0]
        keep.append(index[0])
        dominated = np.all(remaining <= top, axis=1) & np.any(remaining < top, axis=1)
        dominated[0] = True
        remaining, index = remaining[~dominated], index[~dominated]
    mask = np.zeros(q.shape[0], dtype=bool)
    mask[np.asarray(keep, dtype=np.int64)] = True
    return mask


def dominated_by(front: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Mask of rows of ``q`` weakly dominated by some row of the frontier ``front`` (both quantised)."""
    if front.shape[0] == 0 or q.shape[0] == 0:
        return np.zeros(q.shape[0], dtype=bool)
    if q.shape[1] == 2:
        # On a 2-d frontier sorted by u1 ascending, u2 descends; the member with
        # the smallest u1 >= a point's u1 has the largest u2 among those that could dominate it.
        order = np.argsort(front[:, 0], kind="stable")
        f0, f1 = front[order, 0], front[order, 1]
        at = np.searchsorted(f0, q[:, 0], side="left")
        inside = at < f0.size
        at = np.minimum(at, f0.size - 1)
        g0, g1 = f0[at], f1[at]
        return inside & (g1 >= q[:, 1]) & ((g0 > q[:, 0]) | (g1 > q[:, 1]))
    result = np.zeros(q.shape[0], dtype=bool)
    for member in front:
        result |= np.all(q <= member, axis=1) & np.any(q < member, axis=1)
    return result


def _anchor_prune(q: np.ndarray) -> np.ndarray:
    """Mask of rows strictly dominated (in every coordinate) by a weighted-sum maximiser."""
    n = q.shape[1]
    weights = [np.eye(n)[j] for j in range(n)] + [np.full(n, 1.0 / n)]
    if n == 2:
        weights += [np.array([t, 1 - t]) for t in (0.1, 0.25, 0.4, 0.6, 0.75, 0.9)]
    pruned = np.zeros(q.shape[0], dtype=bool)
    for w in weights:
        anchor = q[int(np.argmax(q @ w))]
        pruned |= np.all(q < anchor, axis=1)
    return pruned


class FrontierStream:
    """Accumulates the exact frontier over chunks of points.

    ``add(points, ids)`` takes float utilities (k, n_parties) and integer ids
    (e.g. flat outcome positions); ``ids`` and ``points`` give the frontier.
    """

    def __init__(self, n_parties: int):
        self.n = n_parties
        self.ids = np.empty(0, dtype=np.int64)
        self.points = np.empty((0, n_parties))
        self._q = np.empty((0, n_parties), dtype=np.int64)

    def add(self, points: np.ndarray, ids: np.ndarray) -> None:
        if points.shape[0] == 0:
            return
        q = quantise(points)
        keep = ~_anchor_prune(q)
        keep[keep] = ~dominated_by(self._q, q[keep])
        if not keep.any():
            return
        all_q = np.concatenate([self._q, q[keep]])
        all_points = np.concatenate([self.points, points[keep]])
        all_ids = np.concatenate([self.ids, ids[keep]])
        mask = _frontier_2d(all_q) if self.n == 2 else _frontier_nd(all_q)
        order = np.argsort(all_ids[mask], kind="stable")
        self._q, self.points, self.ids = all_q[mask][order], all_points[mask][order], all_ids[mask][order]

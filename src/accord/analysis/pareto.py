"""Pareto frontiers of utility vectors, exactly.

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
- linear-additive spaces, :func:`additive_frontier`: merge issue by issue,
  pruning dominated partial packages, so the space is never enumerated.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

QUANTUM = 1e9


def quantise(utilities: np.ndarray) -> np.ndarray:
    """Utilities on the 1e-9 grid as int64, for exact comparisons."""
    return np.rint(np.asarray(utilities, dtype=float) * QUANTUM).astype(np.int64)


def frontier_mask(points: np.ndarray) -> np.ndarray:
    """Boolean mask of the Pareto-undominated rows of ``points`` (k, n_parties)."""
    return _mask(quantise(points))


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


def additive_frontier(tables: Sequence[np.ndarray]) -> np.ndarray:
    """Flat positions of the Pareto frontier of a linear-additive outcome space.

    ``tables[i]`` is (n_parties, n_i): each party's weighted value for each
    option of issue i; an outcome's utility vector is the sum over issues of
    its options' columns, and positions are row-major (issue 0 slowest).

    The frontier of a sum of independent choices is contained in the sum of
    their frontiers, Pareto(A + B) ⊆ Pareto(A) + Pareto(B) (a dominated part
    makes a dominated whole), so the space is never enumerated:

    1. start from the single empty partial package (utility 0);
    2. for each issue in order, form every (frontier partial package, option)
       pair, summing utilities and extending the row-major position;
    3. keep only the undominated pairs (identical points are all kept);
    4. after the last issue, what is left is the exact frontier.

    Utilities are summed as integers on the 1e-9 grid (each issue's
    contribution rounded), so equal sums compare equal exactly. The work is
    the sum over issues of |frontier so far| x n_i, never more than
    enumeration and usually far less. This is the dominance-pruned dynamic
    programme of multi-objective knapsack solvers (cf. Bazgan, Hugot &
    Vanderpooten 2009, Computers & Operations Research 36(1)), with one
    choice per issue instead of in/out per item.
    """
    n_parties = tables[0].shape[0] if tables else 0
    ids = np.zeros(1, dtype=np.int64)
    acc = np.zeros((1, n_parties), dtype=np.int64)
    for table in tables:
        q = quantise(table.T)  # (n_options, n_parties)
        size = q.shape[0]
        if size == 0:
            return np.empty(0, dtype=np.int64)
        own = np.flatnonzero(_mask(q))  # options off this issue's own frontier never help
        cand = (acc[:, None, :] + q[None, own, :]).reshape(-1, n_parties)
        cand_ids = (ids[:, None] * size + own[None, :]).reshape(-1)
        keep = _mask(cand)
        acc, ids = cand[keep], cand_ids[keep]
    return np.sort(ids)


def _mask(q: np.ndarray) -> np.ndarray:
    if q.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    return _frontier_2d(q) if q.shape[1] == 2 else _frontier_nd(q)

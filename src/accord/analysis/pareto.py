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
- more parties, :func:`accord.analysis.pareto_nd.undominated`: pre-filter
  with a few pivot points, collapse identical points, then for three
  parties a divide and conquer on the lexicographic order (Kung, Luccio &
  Preparata 1975; Bentley 1980), O(k log k) whatever the frontier's size;
  for four or more a sort-filter-skyline pass in blocks (Chomicki et al.
  2003), handing over to the divide and conquer, O(k log^(n-2) k), when the
  frontier is large. See that module for the steps.
- linear-additive spaces, :func:`additive_frontier`: merge issue by issue,
  pruning dominated partial packages, so the space is never enumerated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .pareto_nd import collapse, undominated

QUANTUM = 1e9
FINE = 1e12  # grid of the partial sums pruned issue by issue (see additive_frontier)


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


def additive_frontier(tables: Sequence[np.ndarray], max_packages: int | None = None, strict: int | None = None
                      ) -> np.ndarray:
    """Flat positions of the Pareto frontier of a linear-additive outcome space.

    ``tables[i]`` is (n_parties, n_i): each party's weighted value for each
    option of issue i; an outcome's utility vector is the sum over issues of
    its options' columns, and positions are row-major (issue 0 slowest).

    The frontier of a sum of independent choices is contained in the sum of
    their frontiers, Pareto(A + B) ⊆ Pareto(A) + Pareto(B) (a dominated part
    makes a dominated whole), so the space is never enumerated:

    1. start from the single empty partial package (utility 0);
    2. for each issue in order, form every (frontier point so far, option)
       pair, summing utilities; keep only the undominated sums (identical
       sums are all kept; :func:`_mask`);
    3. partial packages are carried grouped by their distinct utility point,
       so step 2 sees each point once however many packages share it; each
       kept pair (point, option) then extends every package of its point,
       with row-major positions ``position * n_i + option``, in one
       vectorised gather;
    4. after the last issue, the packages left are the exact frontier.

    The packages are counted before they are gathered: when a step would
    carry more than ``max_packages`` of them (ties multiply them: twelve
    zero-sum issues of ten options give a frontier of 10^12 packages),
    :class:`~accord.analysis.space.OutcomeSpaceTooLarge` is raised with the
    count and the memory listing them would take, before it is allocated.

    The result is the frontier on the format's 1e-9 grid: each outcome's
    utility vector is summed in floating point, *then* rounded to the grid
    (:func:`quantise`), and the last step keeps the packages whose rounded
    vectors no other package's dominates. Rounding each issue's
    contribution and summing the integers would not do: the sum of roundings
    differs from the rounding of the sum by up to half a step per issue, so
    sums equal on paper (1/3 + 1/3 and 2/3) could differ by a step and a
    package tied with another for one party would look better or worse than
    it is. The pruning of partial packages therefore runs on a finer grid
    (``FINE``, 1e-12), where partial sums equal on paper differ by at most a
    few steps of rounding noise (half a step per issue): after each merge,
    values of a party within that noise of each other are made equal
    (:func:`_prune`), so that dominance there is dominance on paper and
    packages equal on paper are never pruned against each other; a partial
    package is pruned only when its dominator is better by more than a grid
    step for some party (:func:`_prune`), so that no package that ties its
    dominator on the grid is lost. Only the final comparison is on the
    format's grid, and it is needed only when the last merge has close
    values: otherwise a package off the frontier on paper is off it on the
    grid, and one on it on paper is on it on the grid.

    The work is the sum over issues of |distinct frontier points so far| x
    n_i, plus the packages carried, never more than enumeration and usually
    far less. This is the dominance-pruned dynamic programme of
    multi-objective knapsack solvers (cf. Bazgan, Hugot & Vanderpooten 2009,
    Computers & Operations Research 36(1)), with one choice per issue
    instead of in/out per item.

    ``strict`` (format 1.1, constituencies): only the first ``strict`` rows
    of the tables are objectives; the rest are constraint dimensions (a
    constituency's utility, later filtered by its reservation). A package is
    then pruned only by one at least as good in *every* row and better in
    some *objective* row (:func:`mask_strict`): completing both the same way
    keeps the dominator feasible whenever the dominated one is, and strictly
    better for the objectives, so no package whose objective vector is on
    the frontier of the feasible set is lost, ties on the objectives
    included. Without ``strict`` every row is an objective (version 1).
    """
    mask = _mask if strict is None or strict >= (tables[0].shape[0] if tables else 0) else \
        (lambda q: mask_strict(q, strict))
    n_parties = tables[0].shape[0] if tables else 0
    points = np.zeros((1, n_parties), dtype=np.int64)  # distinct utility points of the partial frontier
    ids = np.zeros(1, dtype=np.int64)  # partial packages, grouped by point ...
    bounds = np.array([0, 1], dtype=np.int64)  # ... point g's are ids[bounds[g]:bounds[g + 1]]
    for merged, table in enumerate(tables, start=1):
        q = np.rint(np.asarray(table, dtype=float).T * FINE).astype(np.int64)  # (n_options, n_parties)
        size = q.shape[0]
        if size == 0:
            return np.empty(0, dtype=np.int64)
        own = np.flatnonzero(_prune(q, 1, mask)[1])  # options off this issue's own frontier never help
        cand, keep, close = _prune((points[:, None, :] + q[None, own, :]).reshape(-1, n_parties), merged + 1, mask)
        keep = np.flatnonzero(keep)
        points, group = collapse(cand[keep])
        order = np.argsort(group, kind="stable")
        parent, option, group = keep[order] // own.size, own[keep[order] % own.size], group[order]
        counts = bounds[parent + 1] - bounds[parent]
        out_start = np.cumsum(counts) - counts
        total = int(counts.sum())
        if max_packages is not None and total > max_packages:
            _refuse_frontier(total, max_packages, n_parties, len(tables))
        source = np.repeat(bounds[parent] - out_start, counts) + np.arange(total, dtype=np.int64)
        ids = ids[source] * size + np.repeat(option, counts)
        bounds = np.append(out_start[np.searchsorted(group, np.arange(points.shape[0]))], total)
    if not tables or points.shape[0] < 2 or not close.any():
        # no value of the last merge is within a grid step of another: the frontier on paper is the one on the grid
        return np.sort(ids)
    # the final comparison, on the format's grid, once per distinct point (its packages are equal on paper)
    representative = ids[bounds[:-1]]
    totals = np.zeros((representative.size, n_parties))
    for table, digit in zip(tables, np.unravel_index(representative, tuple(t.shape[1] for t in tables))):
        totals += np.asarray(table, dtype=float)[:, digit].T
    front = mask(quantise(totals))
    return np.sort(ids[np.repeat(front, np.diff(bounds))])


def mask_strict(q: np.ndarray, strict: int) -> np.ndarray:
    """Rows of integer points ``q`` (k, n) that no row weakly exceeds in every column while exceeding them in
    one of the first ``strict`` columns.

    Such a dominator always exists on the ordinary frontier of ``q`` when it
    exists at all (a frontier row dominating it does, by transitivity), so
    the rows off the ordinary frontier (:func:`_mask`) are checked against
    the frontier rows, in blocks of bounded memory.
    """
    keep = _mask(q)
    loose = np.flatnonzero(~keep)
    if loose.size == 0:
        return keep
    front = q[keep]
    block = max(1, (1 << 22) // max(1, front.shape[0] * q.shape[1]))
    for first in range(0, loose.size, block):
        rows = q[loose[first:first + block]]
        above = np.all(front[None, :, :] >= rows[:, None, :], axis=2)
        better = np.any(front[None, :, :strict] > rows[:, None, :strict], axis=2)
        keep[loose[first:first + block]] = ~np.any(above & better, axis=1)
    return keep


def _prune(q: np.ndarray, noise: int, mask: Callable[[np.ndarray], np.ndarray] | None = None
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(``q`` snapped, mask of the rows to keep, mask of the close rows) for one pruning step of
    :func:`additive_frontier`.

    1. Snap: in each column, every run of sorted values whose gaps are all
       within the rounding ``noise`` takes the run's smallest value, so sums
       equal on paper become equal integers (values distinct on paper differ
       by far more than a few 1e-12 steps, so none are joined).
    2. Keep the undominated rows (:func:`_mask`), and also every *close*
       row: one with a value, in some column, less than a grid step (plus
       the noise) from another distinct value of that column. A row with no
       close value can only be dominated by a row better by more than a grid
       step in some party, hence better on the grid whatever the rest of the
       package; a close row might tie its dominator on the grid, so it stays
       for the exact final comparison. Inputs with a handful of decimals have
       no close values, and this keeps nothing extra.
    """
    out = np.empty_like(q)
    close = np.zeros(q.shape[0], dtype=bool)
    positions = np.arange(q.shape[0])
    step = FINE / QUANTUM + 2 * noise + 2
    for j in range(q.shape[1]):
        order = np.argsort(q[:, j], kind="stable")
        values = q[order, j]
        start = np.ones(values.size, dtype=bool)
        gaps = np.diff(values)
        start[1:] = gaps > noise
        snapped = values[np.maximum.accumulate(np.where(start, positions, 0))]
        out[order, j] = snapped
        near = start[1:] & (gaps <= step)  # a new distinct value close to the one before it
        if near.any():
            first = np.flatnonzero(near) + 1  # the run after the gap and the run before it are close
            run_id = np.cumsum(start) - 1
            flagged = np.zeros(int(run_id[-1]) + 1, dtype=bool)
            flagged[run_id[first]] = True
            flagged[run_id[first] - 1] = True
            close[order[flagged[run_id]]] = True
    return out, (mask or _mask)(out) | close, close


def _refuse_frontier(packages: int, limit: int, n_parties: int, n_issues: int) -> None:
    """Raise OutcomeSpaceTooLarge for a frontier of at least ``packages`` packages, with its memory estimate.

    Each package carried costs four int64 (its position, the gather's source, the option and the repeat), then
    its utilities for every party and its option row for every issue: 8 x (4 + parties + issues) bytes.
    """
    from .space import OutcomeSpaceTooLarge

    need = packages * 8 * (4 + n_parties + n_issues)
    unit = next(u for u, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("B", 1)) if need >= size or u == "B")
    shown = need / {"TiB": 2**40, "GiB": 2**30, "MiB": 2**20, "B": 1}[unit]
    raise OutcomeSpaceTooLarge(
        f"the Pareto frontier holds at least {packages:.3g} packages (ties multiply them), about {shown:.1f} {unit} "
        f"of memory to list them; the limit is {limit:.0e} packages. Break the ties (distinct values per option) "
        "or narrow the issues.")


def _mask(q: np.ndarray) -> np.ndarray:
    k, n = q.shape
    if k == 0:
        return np.zeros(0, dtype=bool)
    if n <= 1:
        return np.ones(k, dtype=bool) if n == 0 else q[:, 0] == q[:, 0].max()
    return _frontier_2d(q) if n == 2 else undominated(q)

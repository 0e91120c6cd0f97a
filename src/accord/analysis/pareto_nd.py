"""Pareto frontiers of three or more parties, exactly and in vectorised passes.

Input: utility vectors already on an integer grid (the format's 1e-9 grid,
``pareto.quantise``, or the finer grid of ``pareto.additive_frontier``'s
pruning), shape (k, n_parties). Output: a boolean mask of the rows that no other row
weakly dominates (>= for every party, > for one); identical rows never
dominate each other, so copies of a frontier point all stay.

Steps of :func:`undominated`:

1. Pre-filter with pivots: whatever any row dominates is off the frontier,
   and the rows maximising a positive weighting of the utilities (the sum,
   and the sum with one party counted twice, for each party) dominate most
   rows of a typical set; testing every row against these n + 1 pivots costs
   O(k x n_parties) each and happens before anything is sorted.
2. Collapse identical rows (:func:`collapse`): sort the survivors
   lexicographically, largest first (u1 desc, then u2 desc, ...), and keep
   one row per run of equal rows. Whether a row is dominated depends only on
   its value, so the mask of the distinct rows, mapped back, is the mask of
   all rows; from here on "dominates" is simply ">= for every party" between
   different rows.
3. Find the undominated distinct rows (:func:`maxima`):

   - three parties, :func:`maxima_dc`, O(m log m) for m distinct rows. In
     lexicographic order a dominator always comes first, so row i is
     dominated iff some earlier row j has u2_j >= u2_i and u3_j >= u3_i
     (the reduction of Kung, Luccio & Preparata 1975, "On finding the maxima
     of a set of vectors", JACM 22(4), whose sweep answers these queries one
     row at a time with a balanced tree). Here they are answered by divide
     and conquer on the position instead (Bentley 1980, "Multidimensional
     divide-and-conquer", CACM 23(4): split the rows in halves by the first
     coordinate, solve the halves, and let the earlier half answer for the
     later half in one pass ordered by the second coordinate), every level
     of the recursion in one vectorised pass over all its blocks (see
     :func:`_staircase`).
   - four or more parties: sort-filter-skyline, :func:`maxima_sfs` (Chomicki,
     Godfrey, Gryz & Liang 2003, "Skyline with presorting", ICDE): sort by
     the sum of utilities, largest first, which a dominator always precedes;
     take the rows in blocks of ``BLOCK``, drop those dominated by the
     frontier found so far (tested in bounded chunks of frontier x block),
     then those dominated by another survivor of the same block; the rest
     are frontier rows. Its cost, O(m x |frontier|) comparisons, is small
     when the frontier is, as it usually is; once it exceeds about what the
     divide and conquer would cost, O(m log^(n-2) m) (Bentley 1980, one
     more level of recursion per party, :func:`_prefix`), the divide and
     conquer finishes the job on the rows still undecided.

No step loops in Python over rows: the loops are over blocks of rows
(sort-filter-skyline), over levels of the divide and conquer (log2 m of them
per nesting), or over the n + 1 pivots.
"""

from __future__ import annotations

from typing import TypeVar, overload

import numpy as np
import numpy.typing as npt

BLOCK = 2048  # rows per block of the sort-filter-skyline pass
FRONT_CHUNK = 128  # frontier rows a block is tested against at once: most rows fall to the first ones
SFS_BUDGET = 3  # pairs compared per unit of divide-and-conquer work before switching to it (measured)

_Scalar = TypeVar("_Scalar", bound=np.generic)


def undominated(q: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Mask of the rows of the int64 array ``q`` (k, n >= 3) that no other row weakly dominates."""
    k, n = q.shape
    mask = np.zeros(k, dtype=bool)
    if k == 0:
        return mask
    alive = np.flatnonzero(~dominated_by_pivots(q))
    distinct, inverse = collapse(q[alive])
    front = maxima(distinct)
    mask[alive] = front[inverse]
    return mask


def dominated_by_pivots(q: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Rows weakly dominated by one of the n + 1 pivots (step 1)."""
    k, n = q.shape
    columns = np.ascontiguousarray(q.T)
    total = columns.sum(axis=0, dtype=float)  # rounding here only affects which rows are pivots; the test is exact
    pivots = {int(np.argmax(total))} | {int(np.argmax(total + columns[j])) for j in range(n)}
    out = np.zeros(k, dtype=bool)
    for top in q[sorted(pivots)]:
        below = columns[0] <= top[0]
        for j in range(1, n):
            below &= columns[j] <= top[j]
        candidates = np.flatnonzero(below)
        out[candidates[np.any(q[candidates] != top, axis=1)]] = True
    return out


def collapse(q: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(distinct rows in lexicographic order, largest first; index of each input row's value)."""
    k, n = q.shape
    if n == 0:  # no parties: every row is the same empty vector
        return q[:1], np.zeros(k, dtype=np.int64)
    order = np.lexsort(tuple(-q[:, j] for j in range(n - 1, -1, -1)))
    ordered = q[order]
    new = np.ones(k, dtype=bool)
    new[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    inverse = np.empty(k, dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def maxima_dc(u: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Undominated rows of distinct rows (n >= 2 columns) sorted lexicographically, largest first.

    Row i is dominated iff an earlier row j is >= in columns 2..n: a prefix
    dominance query in n - 1 columns, answered by :func:`_prefix` on the
    columns' ranks. O(m log^(n-2) m) for n >= 3 (O(m log m) for three
    parties), whatever the size of the frontier.
    """
    m, n = u.shape
    if m < 2:
        return np.ones(m, dtype=bool)
    ranks = np.stack([np.unique(u[:, j], return_inverse=True)[1].reshape(-1) for j in range(1, n)], axis=1)
    every = np.ones(m, dtype=bool)
    return ~_prefix(np.zeros(m, dtype=np.int64), ranks.astype(np.int64), every, every)


def _prefix(start: npt.NDArray[np.int64], ranks: npt.NDArray[np.int64], data: npt.NDArray[np.bool_],
            query: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """For each query row: is an earlier data row of its group >= in every column?

    Rows come in position order; a group is a run of rows, ``start`` the
    position where each row's group begins; ``ranks`` (rows, d) are the
    columns as small non-negative ints (ranks), so that a group or block
    offset times ``max + 2`` and a rank combine into one int64 key. Data and
    query rows are disjoint except at the top level, where a row never
    answers its own query.

    - d = 1: a running maximum per group (the groups' offsets keep the
      groups apart, as in :func:`_staircase`), excluding the row itself.
    - d = 2: :func:`_staircase`.
    - d >= 3: divide and conquer on the position within the group (Bentley
      1980). Every earlier/later pair of a group is split exactly once: at
      level l, blocks of 2^(l+1) positions, data rows of the earlier half
      answer query rows of the later half, with no order left between
      them. Sorting a level's rows by (block, first column descending,
      earlier half first) turns "first column >=" into "comes before", a
      prefix query in the remaining d - 1 columns, solved recursively for all
      blocks of the level at once.
    """
    rows, d = ranks.shape
    hit = np.zeros(rows, dtype=bool)
    if rows < 2:
        return hit
    width = np.int64(ranks.max() + 2)  # exceeds every rank: keeps groups and blocks apart in combined keys
    if d == 1:
        base = start * width
        running = np.maximum.accumulate(np.where(data, base + ranks[:, 0], base - 1))
        before = np.empty_like(running)
        before[0], before[1:] = -1, running[:-1]
        return query & (before >= base + ranks[:, 0])
    if d == 2:
        return _staircase(start, ranks[:, 0], ranks[:, 1], data, query)
    within = np.arange(rows, dtype=np.int64) - start
    for level in range(int(within.max()).bit_length() - 1, -1, -1):
        later = ((within >> level) & 1).astype(bool)
        used = np.flatnonzero(np.where(later, query, data))
        if not (later[used].any() and (~later[used]).any()):
            continue
        block = start[used] + ((within[used] >> (level + 1)) << (level + 1))
        key = ((block * width + (width - 1 - ranks[used, 0])) << 1) + later[used]
        order = used[np.argsort(key)]
        block = start[order] + ((within[order] >> (level + 1)) << (level + 1))
        # sorted by block, so the block of a sorted row begins where the first row of that block landed
        first = np.ones(order.size, dtype=bool)
        first[1:] = block[1:] != block[:-1]
        new_start = np.maximum.accumulate(np.where(first, np.arange(order.size, dtype=np.int64), 0))
        sub = _prefix(new_start, ranks[order, 1:], ~later[order], later[order])
        hit[order[sub]] = True
    return hit


def _staircase(start: npt.NDArray[np.int64], y: npt.NDArray[np.int64], z: npt.NDArray[np.int64],
               data: npt.NDArray[np.bool_], query: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """:func:`_prefix` for two columns: does an earlier data row of the group have y >= and z >=?

    Divide and conquer on the position within the group, done bottom-up in
    bulk. At level l the positions of a group fall into blocks of 2^(l+1)
    rows, an earlier half (bit l of the position is 0) and a later half, and
    a later-half query row asks for an earlier-half data row of its block
    with y >= and z >=. One level is one pass over all rows arranged block by
    block and, inside a block, by y descending (earlier half first on equal
    y, as position breaks ties):

    1. a running maximum, over that arrangement, of ``b * M + z`` for
       earlier-half data rows and ``b * M - 1`` for the others (b the
       position where the block begins, M > every z, so earlier blocks never
       reach ``b * M``) is, at a later-half row i, ``b * M`` plus the largest
       z among the earlier-half data rows of its block with y >= y_i, if
       there is one; i is answered when that reaches ``b * M + z_i``;
    2. the arrangement of the next level down (blocks of 2^l rows, still by y
       descending) is each block split stably into its halves, positions
       computed from a running count of later-half rows.

    The top level's arrangement is one stable sort by (group, y descending);
    each level is O(rows), so the whole is O(rows log rows) in log2(rows)
    passes (the 3-d maxima bound of Kung, Luccio & Preparata 1975).
    """
    rows = y.shape[0]
    hit = np.zeros(rows, dtype=bool)
    width = np.int64(max(y.max(), z.max()) + 2)  # exceeds every rank
    grouped = bool(start.any())
    arrangement = np.argsort(start * width + (width - 1 - y) if grouped else -y, kind="stable")
    # rows' attributes travel with the arrangement, so each level reads them in order
    begin = start[arrangement] if grouped else np.int64(0)
    z_in = z[arrangement]
    gives = None if data.all() else data[arrangement]
    asks = None if query.all() else query[arrangement]
    places = np.arange(rows, dtype=np.int64)
    for level in range(int((places - start).max()).bit_length() - 1, -1, -1):
        inner = arrangement - begin  # position within the group
        half = np.int64(1) << level
        block = begin + ((inner >> (level + 1)) << (level + 1))  # where the block begins
        later = (inner & half) != 0
        base = block * width
        give = ~later if gives is None else ~later & gives
        running = np.maximum.accumulate(np.where(give, base + z_in, base - 1))
        answered = later & (running >= base + z_in)
        if asks is not None:
            answered &= asks
        hit[arrangement[answered]] = True
        if level == 0:
            break
        later_before = np.cumsum(later) - later  # later-half rows before each place in the arrangement
        later_in_block = later_before - later_before[block]  # the block occupies places from `block` on
        target = block + np.where(later, half + later_in_block, places - block - later_in_block)
        arrangement, z_in = _moved(arrangement, target), _moved(z_in, target)
        gives, asks = _moved(gives, target), _moved(asks, target)
        if isinstance(begin, np.ndarray):  # grouped
            begin = _moved(begin, target)
    return hit


@overload
def _moved(array: None, target: npt.NDArray[np.int64]) -> None: ...
@overload
def _moved(array: npt.NDArray[_Scalar], target: npt.NDArray[np.int64]) -> npt.NDArray[_Scalar]: ...
def _moved(array: npt.NDArray[_Scalar] | None, target: npt.NDArray[np.int64]) -> npt.NDArray[_Scalar] | None:
    """``array`` with entry i moved to place ``target[i]``."""
    if array is None:
        return None
    out = np.empty_like(array)
    out[target] = array
    return out


def maxima(u: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Undominated rows of distinct rows (n >= 3 columns) sorted lexicographically, largest first.

    Three columns: :func:`maxima_dc`. More: :func:`maxima_sfs`, which is
    fastest when the frontier is small, within a budget of comparisons of
    about what :func:`maxima_dc` would cost; past it, :func:`maxima_dc`
    finishes on the rows not yet known to be dominated. The switch changes
    only the time taken, never the result.
    """
    m, n = u.shape
    if n <= 3:
        return maxima_dc(u)
    levels = max(1, int(m).bit_length())
    budget = SFS_BUDGET * m * levels ** 2 * max(1.0, levels / 8) ** (n - 4)
    mask, complete = maxima_sfs(u, block=BLOCK, budget=budget)
    if not complete:
        rest = np.flatnonzero(mask)  # ascending, so still in lexicographic order
        mask[rest] = maxima_dc(u[rest])
    return mask


def maxima_sfs(u: npt.NDArray[np.int64], block: int = BLOCK, budget: float | None = None
               ) -> tuple[npt.NDArray[np.bool_], bool]:
    """Sort-filter-skyline in blocks over distinct rows: (mask, complete).

    Rows are taken by decreasing sum (as floats, stably: a dominator's sum is
    never smaller, and on a tie it comes first in the lexicographic input
    order). When the number of (frontier row, candidate) pairs compared
    exceeds ``budget`` the pass stops early with ``complete`` False; the
    mask then marks the frontier rows found plus every row not yet reached,
    and dropping the others is exact (each has an undominated dominator left).
    """
    m, n = u.shape
    order = np.argsort(-u.sum(axis=1, dtype=float), kind="stable")
    rows = u[order]
    keep = np.zeros(m, dtype=bool)
    front = np.empty_like(rows)
    size = 0
    spent = 0.0
    for first in range(0, m, block):
        if budget is not None and spent > budget:
            keep[first:] = True
            break
        cand = np.arange(first, min(first + block, m))
        spent += float(size) * cand.size
        for f0 in range(0, size, FRONT_CHUNK):
            cand = cand[~_covers(front[f0:min(f0 + FRONT_CHUNK, size)], rows[cand]).any(axis=0)]
            if cand.size == 0:
                break
        if cand.size > 1:
            inside = _covers(rows[cand], rows[cand])
            np.fill_diagonal(inside, False)  # rows are distinct: >= everywhere means dominates
            cand = cand[~inside.any(axis=0)]
        keep[cand] = True
        front[size:size + cand.size] = rows[cand]
        size += cand.size
    else:
        first = m
    mask = np.zeros(m, dtype=bool)
    mask[order] = keep
    return mask, first >= m


def _covers(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """(len(a), len(b)) table of a_i >= b_j in every column."""
    out = a[:, None, 0] >= b[None, :, 0]
    for j in range(1, a.shape[1]):
        out &= a[:, None, j] >= b[None, :, j]
    return out

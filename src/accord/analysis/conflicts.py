"""Minimal conflicting sets: the smallest groups of parties whose red lines alone leave no common option.

A red-line blocker says that on an issue (or a composite issue of coupled
issues) no option passes every party's red lines. With many parties the
list of parties with red lines there is long, while the clash is usually
between a few of them (one party's ceiling against another's floor). This
module names those few.

Definition. For the options ``o`` of the dimension (a single issue's
options; for a composite issue, every combination of its issues' options),
let ``R_o`` be the set of parties whose red lines (after ``unless``, which
may name issues of the composite) reject ``o``. A set ``S`` of parties
*conflicts* when no option passes all their red lines: ``S`` meets every
``R_o`` (it is a transversal, or hitting set, of the family ``{R_o}``). The
*minimal conflicting sets* are the inclusion-minimal such ``S`` (the
minimal transversals of ``{R_o}``; Berge 1989, "Hypergraphs", ch. 2). A
party whose red lines reject nothing on the dimension belongs to none.

Steps of :func:`minimal_conflicts` (smallest first, bounded):

1. build the rejection matrix ``R`` (parties x options); keep its distinct
   columns and, of those, the inclusion-minimal rejecting sets (a set that
   meets ``R_o`` meets every superset of it, so the transversals are the
   same); keep the parties that appear in one of them (the others belong to
   no minimal conflicting set);
2. for k = 1, 2, ...: examine every k-subset in lexicographic order (the
   scenario's party order), vectorised: a subset conflicts when the rows of
   its members cover every column (``R[S].any(axis=0).all()``); a
   conflicting subset that contains no set already found is minimal (every
   conflicting set contains a minimal one, and the smaller ones were found
   first), and is listed;
3. stop when ``MAX_CONFLICT_SETS`` sets are listed, or before a size whose
   subsets would take the examined count past ``MAX_SUBSETS`` (the search
   is then incomplete: larger minimal sets may exist);
4. when nothing was found within the bound, one minimal set is still
   given: start from every party and drop parties (last first) while the
   rest still conflict (the deletion method; the result is inclusion-
   minimal, not necessarily the smallest).

``complete`` says whether the list holds every minimal conflicting set
(every size was examined and no set was left out by the cap).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import comb

import numpy as np
import numpy.typing as npt

from ..scenario import Scenario
from .coalitions import _dimension_allowed
from .space import OutcomeSpace

MAX_CONFLICT_SETS = 10     # minimal conflicting sets listed per blocker
MAX_SUBSETS = 50_000       # subsets examined per blocker; sizes are searched whole while they fit
MAX_OPTIONS = 1_000_000    # options (combinations of a composite issue) examined; beyond, no search
CELLS = 1 << 22            # booleans per vectorised block (subsets x members x options)
EDGE_LIMIT = 2048          # distinct rejecting sets reduced to the minimal ones (a square boolean matrix)


@dataclass(frozen=True)
class Conflicts:
    """The minimal conflicting sets found (party ids in scenario order; smallest first, then
    lexicographic), whether the list is complete, and the largest size examined exhaustively."""

    sets: tuple[tuple[str, ...], ...]
    complete: bool
    searched: int


def rejections(scenario: Scenario, cols: tuple[int, ...], parties: tuple[str, ...]) -> npt.NDArray[np.bool_] | None:
    """(len(parties), n_options) bool: which options of the dimension over issue columns ``cols`` each party's
    red lines reject (``unless`` evaluated on the combination); ``None`` beyond ``MAX_OPTIONS`` options."""
    issues = list(scenario.issues.values())
    sizes = [issues[j].size for j in cols]
    total = int(np.prod(sizes))
    if total > MAX_OPTIONS:
        return None
    if len(cols) == 1:
        options: npt.NDArray[np.int64] = np.arange(sizes[0], dtype=np.int64)
    else:
        options = np.stack(np.unravel_index(np.arange(total), sizes), axis=1).astype(np.int64)
    space = OutcomeSpace(scenario, (), (options,), (np.zeros((0, total)),), (tuple(cols),))
    return np.stack([~_dimension_allowed(scenario, space, 0, (p,)) for p in parties]) if parties else \
        np.zeros((0, total), dtype=bool)


def _conflicting(rejects: npt.NDArray[np.bool_], subsets: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """(c,): whether each subset (c, k) of rows of ``rejects`` covers every column."""
    out = np.empty(subsets.shape[0], dtype=bool)
    k, n = subsets.shape[1], rejects.shape[1]
    step = max(1, CELLS // max(1, k * n))
    for start in range(0, subsets.shape[0], step):
        covered = np.any(rejects[subsets[start:start + step]], axis=1)  # (c, options)
        out[start:start + step] = np.all(covered, axis=1)
    return out


def _distinct_columns(rejects: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """The distinct columns of ``rejects`` (parties x options), via each column's parties packed into bytes
    (one linear pass per party and a sort of short keys, instead of a sort of boolean rows)."""
    m, n = rejects.shape
    if m == 0 or n == 0:
        return rejects[:, :1] if n else rejects
    packed = np.packbits(rejects, axis=0)  # (ceil(m / 8), n) uint8
    keys = np.ascontiguousarray(packed.T).view(np.dtype((np.void, packed.shape[0]))).ravel()
    _, first = np.unique(keys, return_index=True)
    return rejects[:, np.sort(first)]


def minimal_edges(rejects: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """The columns of ``rejects`` reduced to the inclusion-minimal distinct rejecting sets (same transversals:
    a set meeting a column's rejecting set meets every superset of it). Columns are deduplicated; the
    superset test runs on at most ``EDGE_LIMIT`` distinct columns (beyond, they are all kept)."""
    edges = _distinct_columns(rejects).T  # (distinct columns, parties)
    if edges.shape[0] <= EDGE_LIMIT:
        inside = np.ones((edges.shape[0], edges.shape[0]), dtype=bool)  # inside[f, e]: edge f within edge e
        for p in range(edges.shape[1]):
            inside &= ~edges[:, p][:, None] | edges[:, p][None, :]
        np.fill_diagonal(inside, False)
        edges = edges[~inside.any(axis=0)]
    return np.ascontiguousarray(edges.T)


def minimal_sets(rejects: npt.NDArray[np.bool_], max_sets: int = MAX_CONFLICT_SETS,
                 max_subsets: int = MAX_SUBSETS) -> tuple[list[tuple[int, ...]], bool, int]:
    """Minimal transversals of the columns' rejecting sets, as row indices (steps 2-4 of the module
    docstring): ``(sets, complete, searched)``."""
    if rejects.shape[1] == 0 or not rejects.any(axis=0).all():
        return [], True, 0  # the parties' red lines together leave an option: no conflict
    edges = minimal_edges(rejects)
    rows = np.flatnonzero(edges.any(axis=1))
    rejects = edges
    m = rows.size
    found: list[tuple[int, ...]] = []
    examined, searched, complete = 0, 0, True
    for k in range(1, m + 1):
        count = comb(m, k)
        if examined + count > max_subsets:
            complete = False
            break
        examined += count
        subsets = np.array(list(combinations(range(m), k)), dtype=np.int64).reshape(count, k)
        hit = _conflicting(rejects[rows], subsets)
        if found and hit.any():
            member = np.zeros((count, m), dtype=bool)
            np.put_along_axis(member, subsets, True, axis=1)
            for earlier in found:
                hit &= ~member[:, list(earlier)].all(axis=1)
        for s in np.flatnonzero(hit):
            found.append(tuple(int(x) for x in subsets[s]))
            if len(found) >= max_sets:
                break
        searched = k
        if len(found) >= max_sets:
            complete = False  # sets of this size or larger may remain
            break
    if not found:  # deletion method: one inclusion-minimal set
        keep = list(range(m))
        for p in reversed(range(m)):
            rest = [q for q in keep if q != p]
            if rest and rejects[rows[rest]].any(axis=0).all():
                keep = rest
        found = [tuple(keep)]
    return [tuple(int(rows[i]) for i in s) for s in found], complete, searched


def minimal_conflicts(scenario: Scenario, cols: tuple[int, ...], parties: tuple[str, ...]) -> Conflicts:
    """The minimal conflicting sets among ``parties`` on the dimension over issue columns ``cols`` (module
    docstring); an empty, incomplete answer when the dimension has more than ``MAX_OPTIONS`` options."""
    rejects = rejections(scenario, cols, parties)
    if rejects is None:
        return Conflicts((), False, 0)
    sets, complete, searched = minimal_sets(rejects)
    return Conflicts(tuple(tuple(parties[i] for i in s) for s in sets), complete, searched)


__all__ = ["CELLS", "EDGE_LIMIT", "MAX_CONFLICT_SETS", "MAX_OPTIONS", "MAX_SUBSETS", "Conflicts", "minimal_conflicts",
           "minimal_edges", "minimal_sets", "rejections"]

"""Exact ZOPA, frontier and solutions under ratification and decision rules (format 1.1).

The ZOPA is the set of outcomes whose accepting parties form a winning set
(``accord.scenario.outcomes.zopa``). Every rule of the format is monotone (a
superset of a winning set wins), so the ZOPA is the union, over the
*minimal* winning sets ``W``, of ``A_W``: the outcomes every member of ``W``
accepts, each member's acceptance including its constituencies'. Each
``A_W`` has the structure of a unanimous ZOPA:

- red lines (after ``unless``) of the members and their constituencies
  factor per coupled group: they restrict each group's options
  (:func:`accord.analysis.space.build_space` with ``binding``);
- reservations are monotone in utilities: the members' reservations filter
  the frontier over all parties' utilities, and a constituency whose
  reservation can bind becomes an extra *constraint* dimension of the
  issue-by-issue merge (:func:`accord.analysis.pareto.additive_frontier`
  with ``strict``), filtered by its reservation and then dropped; a final
  Pareto mask over the parties' utilities gives exactly the parties'
  frontier of ``A_W`` (:func:`coalition_scan`).

Under unanimity the only minimal winning set is every party, and all of it
reduces to version 1 (no constituency: the same arrays, the same order).

Counting the ZOPA under a rule (:func:`count_rule`):

1. when no reservation can bind (each actor's worst outcome over the space
   meets it), acceptance is separable per group: per group, the parties
   accepting each option form a bit set; ``f(U)``, the number of outcomes
   every party of ``U`` accepts, is the product over groups of the number of
   options whose set contains ``U`` (a superset-sum transform); Moebius
   inversion gives ``g(S)``, the outcomes accepted by exactly ``S``, and the
   count is the sum of ``g(S)`` over winning ``S``. Exact integers, no
   enumeration; at most ``MAX_SUBSET_PARTIES`` parties;
2. otherwise the space left by the veto parties' red lines is enumerated in
   chunks through the reference semantics (refused beyond the enumeration
   limit).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from ..limits import MAX_ENUMERATED_OUTCOMES
from ..scenario import TOLERANCE, Scenario
from ..scenario import outcomes as reference
from .pareto import additive_frontier, frontier_mask
from .space import OutcomeSpace, OutcomeSpaceTooLarge, binding_actors, build_space, common_options, composite_options

MAX_SUBSET_PARTIES = 20  # subsets of the parties are enumerated (2^n) to find minimal winning sets and to count
MAX_COALITIONS = 256     # minimal winning sets analysed one by one (each a frontier over every party); beyond, refused

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class CoalitionScan:
    """The parties' frontier of ``A_W`` for the members ``W`` (scenario order).

    ``rows`` (k, n_issues) option indices in row-major order of the whole
    space, ``utilities`` (n_parties, k); ``witness`` is the outcome (an option
    row) with the largest minimum surplus over the members and their binding
    constituencies, with that surplus (``None`` when ``A_W``'s red lines
    leave nothing); ``shortfall`` names who falls short there.
    """

    members: tuple[str, ...]
    space: OutcomeSpace
    ids: IntArray
    rows: IntArray
    utilities: FloatArray
    best_min_surplus: float | None
    best_min_id: int | None
    constraint_actors: tuple[str, ...]
    acceptable: int | None


def coalition_scan(scenario: Scenario, members: tuple[str, ...], limit: int | None, max_packages: int | None,
                   count: bool = True) -> CoalitionScan:
    """Exact parties' frontier (and, with ``count``, the size) of ``A_W`` (module docstring)."""
    parties = scenario.parties
    binding = binding_actors(scenario, members)
    ratifiers = tuple(c for c in binding if c not in parties)
    space = build_space(scenario, parties + ratifiers, binding=binding, limit=None, group_limit=limit)
    n = len(parties)
    if ratifiers and space.size:  # keep as constraint rows only the constituencies whose reservation can bind
        worst = sum(table.min(axis=1) for table in space.tables)
        keep = [n + k for k, c in enumerate(ratifiers)
                if worst[n + k] < scenario.actors[c].reservation - TOLERANCE]
        rows_kept = list(range(n)) + keep
        ratifiers = tuple(ratifiers[k - n] for k in keep)
        space = replace(space, actors=parties + ratifiers, tables=tuple(t[rows_kept] for t in space.tables))
    elif ratifiers:
        ratifiers = ()
        space = replace(space, actors=parties, tables=tuple(t[:n] for t in space.tables))
    reservations = np.array([scenario.actors[p].reservation if p in members else -np.inf for p in parties]
                            + [scenario.actors[c].reservation for c in ratifiers])
    strict = n if ratifiers else None
    ids = additive_frontier(space.tables, max_packages, strict) if space.size else np.empty(0, dtype=np.int64)
    utilities = space.utilities_at(ids)
    judged = np.isfinite(reservations)
    surplus = (utilities[judged] - reservations[judged][:, None]).min(axis=0) if ids.size else np.empty(0)
    best_id = int(ids[int(np.argmax(surplus))]) if ids.size else None
    best = float(surplus.max()) if ids.size else None
    ok = np.all(utilities[judged] >= reservations[judged][:, None] - TOLERANCE, axis=0)
    ids, utilities = ids[ok], utilities[:n, ok]
    if ratifiers and ids.size:
        front = frontier_mask(utilities.T)
        ids, utilities = ids[front], utilities[:, front]
    rows = space.option_indices(ids)
    if space.groups and rows.shape[0] > 1:  # composite dimensions: back to the whole space's row-major order
        order = np.lexsort(rows.T[::-1])
        ids, rows, utilities = ids[order], rows[order], utilities[:, order]
    acceptable = count_space(space, reservations, limit) if count else None
    return CoalitionScan(members, space, ids, rows, utilities, best, best_id, ratifiers, acceptable)


def count_space(space: OutcomeSpace, reservations: FloatArray, limit: int | None = MAX_ENUMERATED_OUTCOMES) -> int:
    """Outcomes of ``space`` meeting every finite reservation (one per table row).

    Without enumeration when each actor's worst outcome meets its reservation;
    otherwise in chunks (refused beyond ``limit`` outcomes).
    """
    if space.size == 0:
        return 0
    worst = sum(table.min(axis=1) for table in space.tables)
    if np.all(worst >= reservations - TOLERANCE):
        return space.size
    if limit is not None and space.size > limit:
        raise OutcomeSpaceTooLarge(
            f"counting the ZOPA needs all {space.size:.3g} outcomes (after red lines) to be enumerated; "
            f"the limit is {limit:.0e}. The Pareto frontier and solutions do not need it: "
            "lower the reservations to the parties' worst outcomes, or narrow the issues.")
    count = 0
    judged = np.isfinite(reservations)
    for _, chunk in space.chunks():
        count += int(np.count_nonzero(np.all(chunk[judged] >= reservations[judged][:, None] - TOLERANCE, axis=0)))
    return count


# -- winning sets ---------------------------------------------------------------------------------------------

def _subset_table(n: int) -> npt.NDArray[np.bool_]:
    """(n, 2^n): column s is the subset with bit p set for each member p."""
    codes = np.arange(1 << n, dtype=np.int64)
    return ((codes[None, :] >> np.arange(n, dtype=np.int64)[:, None]) & 1).astype(bool)


def winning_subsets(scenario: Scenario) -> npt.NDArray[np.bool_]:
    """(2^n,): whether each subset of the parties (bit p = party p) is winning, by the reference rule."""
    n = len(scenario.parties)
    if n > MAX_SUBSET_PARTIES:
        raise OutcomeSpaceTooLarge(f"the {scenario.decision_rule.rule} rule over {n} parties: exact analysis "
                                   f"enumerates the subsets of at most {MAX_SUBSET_PARTIES} parties (2^n of them)")
    return reference.winning(scenario, _subset_table(n))


def minimal_winning_sets(scenario: Scenario) -> list[tuple[str, ...]]:
    """The minimal winning sets of parties (no member can leave and the rest still win), smallest bit code
    first; under unanimity, the set of every party."""
    parties = scenario.parties
    if scenario.decision_rule.is_unanimity:
        return [parties]
    wins = winning_subsets(scenario)
    n = len(parties)
    codes = np.arange(1 << n, dtype=np.int64)
    minimal = wins.copy()
    for p in range(n):
        has = (codes >> p) & 1 == 1
        minimal[has] &= ~wins[codes[has] ^ (1 << p)]
    count = int(np.count_nonzero(minimal))
    if count > MAX_COALITIONS:
        raise OutcomeSpaceTooLarge(
            f"the {scenario.decision_rule.rule} rule over {n} parties has {count} minimal winning sets; exact "
            f"analysis bargains within each (a Pareto frontier over every party) and takes at most {MAX_COALITIONS}. "
            "Analyse the parties that matter, or add vetoes.")
    return [tuple(parties[p] for p in range(n) if (code >> p) & 1) for code in np.flatnonzero(minimal)]


# -- counting under a rule ------------------------------------------------------------------------------------

def _dimension_allowed(scenario: Scenario, space: OutcomeSpace, d: int, actors: tuple[str, ...]
                       ) -> npt.NDArray[np.bool_]:
    """(n_d,): options of dimension ``d`` of ``space`` that pass every red line of ``actors`` on its issues."""
    cols = space.columns[d]
    opts = space.options[d]
    combos = opts if opts.ndim == 2 else opts[:, None]
    rows = np.zeros((combos.shape[0], len(scenario.issues)), dtype=np.int64)
    rows[:, list(cols)] = combos
    ids = list(scenario.issues)
    names = {ids[j] for j in cols}
    ok = np.ones(combos.shape[0], dtype=bool)
    for aid in actors:
        for iid, pref in scenario.actors[aid].preferences.items():
            if iid in names and pref.red_line is not None:
                passes = reference.red_line_mask(scenario.issues[iid], pref)[rows[:, ids.index(iid)]]
                if pref.unless:
                    passes |= reference.meets(scenario, pref.unless, rows)
                ok &= passes
    return ok


def count_rule(scenario: Scenario, limit: int | None = MAX_ENUMERATED_OUTCOMES) -> int:
    """Exact number of outcomes in the ZOPA under the scenario's decision rule (module docstring)."""
    parties = scenario.parties
    veto = tuple(scenario.decision_rule.veto)
    everyone = binding_actors(scenario)
    space = build_space(scenario, everyone, binding=binding_actors(scenario, veto), limit=None, group_limit=limit)
    if space.size == 0:
        return 0
    n = len(parties)
    worst = sum(table.min(axis=1) for table in space.tables)
    separable = all(worst[k] >= scenario.actors[a].reservation - TOLERANCE for k, a in enumerate(everyone))
    if separable and n <= MAX_SUBSET_PARTIES:
        ratifiers = scenario.constituencies
        exact = space.size < (1 << 62)
        f = np.ones(1 << n, dtype=np.int64 if exact else object)
        for d in range(len(space.options)):
            bits = np.zeros(len(space.options[d]), dtype=np.int64)
            for p, pid in enumerate(parties):
                bits |= _dimension_allowed(scenario, space, d, (pid,) + ratifiers[pid]).astype(np.int64) << p
            cnt = np.bincount(bits, minlength=1 << n).astype(np.int64)
            for p in range(n):  # superset sums: cnt[U] = options whose accepting set contains U
                view = cnt.reshape(-1, 2, 1 << p)
                view[:, 0, :] += view[:, 1, :]
            f = f * (cnt if exact else cnt.astype(object))
        for p in range(n):  # Moebius inversion over supersets: g[S] = outcomes accepted by exactly S
            view = f.reshape(-1, 2, 1 << p)
            view[:, 0, :] -= view[:, 1, :]
        return int(f[winning_subsets(scenario)].sum())
    if limit is not None and space.size > limit:
        raise OutcomeSpaceTooLarge(
            f"counting the ZOPA under the {scenario.decision_rule.rule} rule needs all {space.size:.3g} outcomes "
            f"(after the veto parties' red lines) to be enumerated; the limit is {limit:.0e}. The frontier and "
            "solutions do not need it: lower the reservations to the actors' worst outcomes, or narrow the issues.")
    total = 0
    step = reference.chunk_rows(len(scenario.issues))
    for start in range(0, space.size, step):
        rows = space.option_indices(np.arange(start, min(start + step, space.size), dtype=np.int64))
        total += int(np.count_nonzero(reference.zopa(scenario, rows)))
    return total


def allowed_without(scenario: Scenario, cols: tuple[int, ...], members: tuple[str, ...], limit: int | None
                    ) -> IntArray:
    """Combinations (k, len(cols)) of a group of issues that the members' own red lines allow (their
    constituencies left out): tells a ratification blocker from a red-line clash."""
    base = common_options(scenario, members)
    if len(cols) == 1:
        return base[cols[0]][:, None]
    return composite_options(scenario, cols, base, members, limit)


__all__ = ["MAX_COALITIONS", "MAX_SUBSET_PARTIES", "CoalitionScan", "allowed_without", "coalition_scan",
           "count_rule", "count_space", "minimal_winning_sets", "winning_subsets"]

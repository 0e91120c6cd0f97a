"""Exact analysis under a decision rule whose minimal winning sets are too many to list, by enumeration.

:mod:`accord.analysis.coalitions` analyses a rule set by set: it lists the
minimal winning sets (at most ``MAX_SUBSET_PARTIES`` parties, at most
``MAX_COALITIONS`` sets). A council of 27 members deciding by a double
majority has millions of them. When the outcome space is small enough to
enumerate (at most ``limit`` outcomes, :data:`accord.limits.MAX_ENUMERATED_OUTCOMES`,
after the veto parties' red lines), this module computes the same results
without listing them (docs/scenario-format.md, "Version 1.1 in accord"):

1. *ZOPA, count and frontier.* The space is walked in chunks through the
   reference semantics (:func:`accord.scenario.outcomes.accepts`,
   :func:`~accord.scenario.outcomes.winning`); the ZOPA's outcomes are
   grouped by their *accepting set* ``C(o)`` (the parties that accept
   ``o``), and each group keeps its parties' Pareto frontier, merged chunk
   by chunk (the frontier of a union lies in the union of the frontiers).
   The ZOPA's frontier is the frontier of all groups' frontiers.
2. *The sets ``A_W``.* For a minimal winning set ``W``, ``A_W = {o : W ⊆
   C(o)}`` depends on ``W`` only through its *closure* ``cl(W)``, the
   intersection of the accepting sets that contain ``W`` (``A_W =
   A_cl(W)``, ``W ⊆ cl(W)``). The closures are the intersections of the
   ZOPA's accepting sets that win (an intersection that loses has no
   winning subset), found by closing the accepting sets under intersection.
   For each closure ``K``: ``A_K``'s frontier (of the groups ``C ⊇ K``)
   and the ideals ``ideal_a^K`` (the best ``u_a`` over ``A_K``).
3. *Which ``W`` have closure ``K``.* ``W ⊆ K``, and ``W`` is in no
   accepting set ``C`` that does not contain ``K``: with ``D_C = K \\ C``,
   ``W`` meets every ``D_C``. Only the ``C`` with ``K ∩ C`` winning matter
   (a ``W`` inside a losing set is not winning), and only the minimal
   ``D_C`` (meeting a smaller one meets the larger).
4. *Solutions.* For each closure ``K`` and outcome ``o`` of ``A_K``'s
   frontier, each solution's key is a combination of one number per
   member, ``f_a(o)``: Nash the product of ``max(s_a, 0) / range_a``,
   Kalai–Smorodinsky the minimum of ``s_a / range_a`` (a member with
   range <= 1e-9 counts 1 there), egalitarian the minimum of ``s_a``, with
   ``s_a = u_a(o) - r_a`` and ``range_a = ideal_a^K - r_a`` (``<= 1e-9``:
   divides by 1); the best minimal winning ``W`` with closure ``K`` is found
   by :func:`best_coalition`. Then, as in the coalition-by-coalition
   analysis, the outcome with the best key (over all closures) wins, ties
   by the sum of every party's utility on the 1e-9 grid, then the first in
   row-major order; its coalition is the minimal winning set of smallest
   bit code (bit ``p`` = party ``p``) whose key there is within the tie
   tolerance of the best (:func:`smallest_coalition`).

Why the search in step 4 is exact (:func:`best_coalition`, a depth-first
branch and bound over the members of ``K``, in decreasing ``f_a``): every
``f_a`` of Nash and Kalai–Smorodinsky lies in ``[0, 1]`` (``o ∈ A_K``, so
``u_a(o) <= ideal_a^K``), so adding members never raises a Nash product or
a minimum. A branch with members ``S`` chosen and the rest still open needs
at least ``k`` more members to win, ``k`` the larger of the count the rule
still needs and the fewest open members whose vote weights reach the weight
it still needs; any completion multiplies (takes the minimum with) at least
``k`` open factors, each at most the ``k``-th largest open one, so the
product of ``S`` and the ``k`` largest open factors (the minimum of ``S``'s
and the ``k``-th largest) bounds every completion: a branch whose bound
cannot beat the best so far is cut without losing a maximiser. A branch
whose open members cannot make ``S`` win or meet every ``D_C`` is cut (the
rule is monotone). A winning ``S`` is a candidate when it is minimal (no
member can leave and the rest still win) and meets every ``D_C``; no
superset of a winning set is minimal, so the search does not go deeper.
Veto parties are in every winning set and are taken first. The egalitarian
minimum needs no ``f_a <= 1``: the same bound holds for a minimum of any
numbers. The search is the exhaustive search pruned by valid bounds, so
its result is the maximum over every minimal winning ``W`` with closure
``K``; its cost is not polynomial in general (choosing members whose vote
weights reach a threshold at the least product is a covering knapsack), so
it is capped at ``MAX_SEARCH_NODES`` branches: beyond, the three solutions
are reported as not computed (:class:`NotComputed`), never approximated.

Up to ``LISTED_PARTIES`` parties the search is replaced by a scan of the
rule's minimal winning sets, listed once per rule (cached): the same maximum
over the same sets. Monte Carlo's semantic route, which has enumerated each
run's ZOPA already, enters at step 1 through :func:`from_zopa`.

The rule test of the search (:class:`RuleTest`) is the arithmetic of
:func:`accord.scenario.outcomes.winning` for one set (count share, weight
share, vetoes, each with tolerance 1e-9); the tests check it against
``winning`` on random sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ..limits import MAX_ENUMERATED_OUTCOMES
from ..scenario import TOLERANCE, Scenario
from ..scenario import outcomes as reference
from .pareto import frontier_mask, quantise
from .space import OutcomeSpaceTooLarge, binding_actors, common_options

MAX_PATTERNS = 4096        # distinct accepting sets in the ZOPA kept one by one
MAX_CLOSURES = 1024        # winning intersections of them (the distinct sets A_W)
MAX_SEARCH_NODES = 500_000  # branches of the coalition searches of one analysis, in all

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

KINDS = ("nash", "kalai_smorodinsky", "egalitarian")


class NotComputed(Exception):
    """The bargaining solutions could not be computed exactly within the limits (the message says why)."""


class RuleTest:
    """Whether one set of parties (a tuple of party positions) wins under the scenario's rule, as
    :func:`accord.scenario.outcomes.winning` decides it."""

    def __init__(self, scenario: Scenario):
        rule = scenario.decision_rule
        parties = scenario.parties
        self.n = len(parties)
        self.rule = rule.rule
        self.share = rule.share if rule.share is not None else 1.0
        self.weight_share = rule.weight_share
        self.weights = np.array([scenario.actors[p].vote_weight for p in parties], dtype=float)
        self.total = float(self.weights.sum())
        self.veto = tuple(parties.index(v) for v in rule.veto)

    def key(self) -> tuple[object, ...]:
        """Everything the rule test depends on (hashable)."""
        return (self.n, self.rule, self.share, self.weight_share, tuple(float(w) for w in self.weights), self.veto)

    @classmethod
    def from_key(cls, key: tuple[object, ...]) -> RuleTest:
        rule = cls.__new__(cls)
        n, kind, share, weight_share, weights, veto = key
        rule.n = int(n)  # type: ignore[call-overload]
        rule.rule = kind  # type: ignore[assignment]
        rule.share = float(share)  # type: ignore[arg-type]
        rule.weight_share = None if weight_share is None else float(weight_share)  # type: ignore[arg-type]
        rule.weights = np.array(weights, dtype=float)
        rule.total = float(rule.weights.sum())
        rule.veto = tuple(veto)  # type: ignore[arg-type]
        return rule

    def wins_counts(self, count: int, weight: float, vetoes_in: bool) -> bool:
        """The rule on a set of ``count`` parties of vote weight ``weight``, its veto parties all in or not."""
        if not vetoes_in:
            return False
        if self.rule == "unanimity":
            return count == self.n
        if self.rule == "majority":
            return 2 * count > self.n
        if not count / self.n >= self.share - TOLERANCE:
            return False
        if self.weight_share is not None:
            part = weight / self.total if self.total > 0 else weight
            return bool(part >= self.weight_share - TOLERANCE)
        return True

    def wins(self, members: tuple[int, ...] | list[int]) -> bool:
        chosen = set(members)
        weight = float(sum(self.weights[p] for p in sorted(chosen)))
        return self.wins_counts(len(chosen), weight, all(v in chosen for v in self.veto))

    def minimal(self, members: tuple[int, ...] | list[int]) -> bool:
        """A winning set none of whose members can leave with the rest still winning."""
        chosen = sorted(set(members))
        return all(not self.wins([q for q in chosen if q != p]) for p in chosen)


@dataclass(frozen=True)
class Closure:
    """A winning intersection ``K`` of accepting sets: ``A_K``'s frontier and what a ``W`` with closure ``K``
    must meet."""

    members: tuple[int, ...]           # party positions of K
    rows: IntArray                     # (k, n_issues) A_K's parties' frontier, row-major
    utilities: FloatArray              # (n_parties, k)
    ideals: FloatArray                 # (n_parties,) best utility over A_K
    hitting: tuple[frozenset[int], ...]  # the minimal D_C: a W with closure K meets each


@dataclass(frozen=True)
class EnumeratedRule:
    """Results of :func:`enumerate_rule`: the ZOPA's size and its parties' frontier (option rows in
    row-major order, utilities (n_parties, k)), the closures, and why the solutions could not be computed
    (``None`` when they can)."""

    acceptable: int
    rows: IntArray
    utilities: FloatArray
    closures: tuple[Closure, ...]
    not_computed: str | None


SMALL_FRONTIER = 128  # up to this many points, the frontier is found by comparing every pair at once


def _merge(rows: IntArray, util: FloatArray) -> tuple[IntArray, FloatArray]:
    """Keep the parties' frontier of ``util`` (n_parties, k), in the given order: the points no other point
    weakly dominates on the 1e-9 grid (:func:`accord.analysis.pareto.frontier_mask`; for a few points, the
    same definition pair by pair)."""
    k = rows.shape[0]
    if k <= 1:
        return rows, util
    if k <= SMALL_FRONTIER:
        q: IntArray = quantise(util.T)  # (k, n_parties)
        above = np.all(q[None, :, :] >= q[:, None, :], axis=2) & np.any(q[None, :, :] > q[:, None, :], axis=2)
        keep = ~np.any(above, axis=1)  # above[i, j]: point j dominates point i
    else:
        keep = frontier_mask(util.T)
    return rows[keep], util[:, keep]


def enumerate_rule(scenario: Scenario, limit: int | None = MAX_ENUMERATED_OUTCOMES) -> EnumeratedRule:
    """Steps 1-3 of the module docstring: the ZOPA by enumeration, grouped by accepting set."""
    parties = scenario.parties
    veto = tuple(scenario.decision_rule.veto)
    options = common_options(scenario, binding_actors(scenario, veto))  # every ZOPA outcome passes the vetoes'
    size = 1
    for opts in options:
        size *= len(opts)
    if limit is not None and size > limit:
        raise OutcomeSpaceTooLarge(
            f"the {scenario.decision_rule.rule} rule over {len(parties)} parties has too many minimal winning sets "
            f"to list, and enumerating the outcomes instead needs all {size:.3g} of them (after the veto parties' "
            f"red lines); the limit is {limit:.0e}. Narrow the issues, or analyse the parties that matter.")
    collector = _Groups(scenario)
    for _, rows in reference.iter_outcomes(scenario, options):
        accepting = reference.accepts(scenario, rows)
        inside = reference.winning(scenario, accepting)
        if inside.any():
            rows, accepting = rows[inside], accepting[:, inside]
            collector.add(rows, accepting, reference.utilities(scenario, rows, parties))
    return collector.result()


NEAREST_WORK = 1 << 28  # parties^2 x outcomes that nearest_coalition examines, at most


def nearest_coalition(scenario: Scenario, limit: int | None = MAX_ENUMERATED_OUTCOMES) -> tuple[str, ...] | None:
    """When no outcome is accepted by a winning set and the minimal winning sets are too many to list: the
    winning set that the fewest further parties would complete (the blockers are then explained within it,
    as the coalition route explains them within its minimal winning set).

    Per outcome ``o`` (the whole space, in row-major order): its accepting set ``A(o)``
    (:func:`accord.scenario.outcomes.accepts`); the veto parties are added, then the other parties outside it
    by descending ``vote_weight`` (ties in the scenario's order) until the set wins
    (:func:`accord.scenario.outcomes.winning`). For majority and qualified rules adding the heaviest parties
    first completes a winning set with the fewest additions: each party adds one to the count and the most
    it can to the weight. The outcome with the fewest additions (ties: the first) gives ``A(o)`` and its
    additions, in the scenario's order. ``None`` when the space exceeds ``limit`` outcomes or the work
    ``NEAREST_WORK`` (parties^2 x outcomes), or when no set wins at all.
    """
    parties = scenario.parties
    P = len(parties)
    size = scenario.outcome_count
    if (limit is not None and size > limit) or P * P * size > NEAREST_WORK:
        return None
    weights = np.array([scenario.actors[p].vote_weight for p in parties], dtype=float)
    order = np.array(sorted(range(P), key=lambda j: (-weights[j], j)), dtype=np.intp)
    veto = [parties.index(p) for p in scenario.decision_rule.veto]
    best: tuple[int, npt.NDArray[np.bool_]] | None = None
    for _, rows in reference.iter_outcomes(scenario):
        accepting = reference.accepts(scenario, rows)
        base = accepting.copy()
        base[veto] = True
        missing = ~base[order]                                   # (P, N), heaviest first
        position = np.cumsum(missing, axis=0)                    # 1-based rank among those missing
        N = rows.shape[0]
        need = np.full(N, P + 1)
        chosen = np.zeros_like(base)
        for k in range(P + 1):
            added = np.zeros_like(base)
            added[order] = missing & (position <= k)
            won = reference.winning(scenario, base | added) & (need > P)
            need[won] = k
            chosen[:, won] = (base | added)[:, won]
            if (need <= P).all():
                break
        total = need + (base & ~accepting).sum(axis=0)
        at = int(np.argmin(total))
        if need[at] <= P and (best is None or int(total[at]) < best[0]):
            best = (int(total[at]), chosen[:, at].copy())
    if best is None:
        return None
    return tuple(p for p, member in zip(parties, best[1]) if member)


def from_zopa(scenario: Scenario, rows: IntArray, accepting: BoolArray, utilities: FloatArray) -> EnumeratedRule:
    """Steps 1-3 for a caller that has already enumerated the ZOPA: its outcomes ``rows`` (k, n_issues) in
    row-major order, which parties accept each (``accepting``, (n_parties, k)) and the parties' utilities
    (n_parties, k), all by the reference semantics (Monte Carlo's semantic route)."""
    collector = _Groups(scenario)
    if rows.shape[0]:
        collector.add(rows, accepting, utilities)
    return collector.result()


class _Groups:
    """Step 1 in chunks: the ZOPA's outcomes grouped by accepting set, each group's frontier merged."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.acceptable = 0
        self.groups: dict[bytes, tuple[BoolArray, IntArray, FloatArray]] = {}
        self.overflow = False
        self.rows = np.empty((0, len(scenario.issues)), dtype=np.int64)
        self.util = np.empty((len(scenario.parties), 0))

    def add(self, rows: IntArray, accepting: BoolArray, util: FloatArray) -> None:
        """ZOPA outcomes (after those already added, in row-major order) with their accepting sets."""
        self.acceptable += rows.shape[0]
        if self.overflow:  # no groups: the ZOPA's frontier is merged here (else from the groups' at the end)
            self.rows, self.util = _merge(np.concatenate([self.rows, rows]), np.concatenate([self.util, util], axis=1))
            return
        packed = np.packbits(accepting, axis=0).T.copy()  # (k, bytes): one key per accepting set
        keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
        distinct, inverse = np.unique(keys, return_inverse=True)
        if len(self.groups) + len(distinct) > MAX_PATTERNS and \
                len(set(self.groups) | {bytes(k) for k in distinct}) > MAX_PATTERNS:
            self.overflow = True
            self.rows, self.util = self._frontier()
            self.groups.clear()
            self.add(rows, accepting, util)
            self.acceptable -= rows.shape[0]
            return
        inverse = inverse.reshape(-1)
        for g, key in enumerate(distinct):
            pick = np.flatnonzero(inverse == g)
            name = bytes(key)
            old = self.groups.get(name)
            new_rows, new_util = rows[pick], util[:, pick]
            if old is not None:
                new_rows, new_util = np.concatenate([old[1], new_rows]), np.concatenate([old[2], new_util], axis=1)
            merged = _merge(new_rows, new_util)
            self.groups[name] = (accepting[:, pick[0]].copy(), merged[0], merged[1])

    def _frontier(self) -> tuple[IntArray, FloatArray]:
        """The frontier of the groups' frontiers (the ZOPA's so far), in row-major order."""
        if not self.groups:
            return self.rows, self.util
        rows = np.concatenate([g[1] for g in self.groups.values()])
        util = np.concatenate([g[2] for g in self.groups.values()], axis=1)
        order = np.lexsort(rows.T[::-1])
        return _merge(rows[order], util[:, order])

    def result(self) -> EnumeratedRule:
        if not self.overflow:
            self.rows, self.util = self._frontier()
        if self.overflow:
            return EnumeratedRule(self.acceptable, self.rows, self.util, (), (
                f"the ZOPA's outcomes are accepted by more than {MAX_PATTERNS} different sets of parties"))
        try:
            closures = _closures(self.scenario, list(self.groups.values()))
        except NotComputed as reason:
            return EnumeratedRule(self.acceptable, self.rows, self.util, (), str(reason))
        return EnumeratedRule(self.acceptable, self.rows, self.util, closures, None)


def _closures(scenario: Scenario, groups: list[tuple[BoolArray, IntArray, FloatArray]]) -> tuple[Closure, ...]:
    """Step 2-3: the winning intersections of the accepting sets, each with A_K's frontier and hitting sets."""
    rule = RuleTest(scenario)
    patterns = [frozenset(int(p) for p in np.flatnonzero(g[0])) for g in groups]
    closed = set(patterns)
    todo = list(closed)
    while todo:
        current = todo.pop()
        for pattern in patterns:
            meet = current & pattern
            if meet not in closed and rule.wins(tuple(meet)):
                closed.add(meet)
                if len(closed) > MAX_CLOSURES:
                    raise NotComputed(f"the ZOPA's sets A_W are more than {MAX_CLOSURES} distinct sets")
                todo.append(meet)
    found = []
    for members in sorted(closed, key=lambda s: sum(1 << p for p in s)):
        inside = [g for pattern, g in zip(patterns, groups) if members <= pattern]
        rows = np.concatenate([g[1] for g in inside])
        util = np.concatenate([g[2] for g in inside], axis=1)
        order = np.lexsort(rows.T[::-1])
        rows, util = _merge(rows[order], util[:, order])
        ideals = util.max(axis=1)
        cuts = {frozenset(members - pattern) for pattern in patterns
                if not members <= pattern and rule.wins(tuple(members & pattern))}
        hitting = tuple(sorted((d for d in cuts if not any(e < d for e in cuts)), key=lambda d: sorted(d)))
        found.append(Closure(tuple(sorted(members)), rows, util, ideals, hitting))
    return tuple(found)


def factors(kind: str, u: FloatArray, r: FloatArray, ideals: FloatArray) -> FloatArray:
    """Per party, the number ``f_a`` whose product (Nash) or minimum (the others) over a coalition is its key
    (module docstring, step 4)."""
    surplus = u - r
    span = ideals - r
    counted = span > TOLERANCE
    if kind == "nash":
        return np.maximum(surplus, 0.0) / np.where(counted, span, 1.0)
    if kind == "kalai_smorodinsky":
        return np.where(counted, surplus / np.where(counted, span, 1.0), 1.0)
    return surplus


def key_of(kind: str, members: tuple[int, ...], u: FloatArray, r: FloatArray, ideals: FloatArray
           ) -> tuple[float, float]:
    """(key, score) of the coalition ``members`` at an outcome, computed as
    :func:`accord.analysis._analyze.coalition_keys` does (the same floats)."""
    idx = list(members)
    surplus = u[idx] - r[idx]
    span = ideals[idx] - r[idx]
    counted = span > TOLERANCE
    if kind == "nash":
        product = float(np.prod(np.maximum(surplus, 0.0)))
        return product / float(np.prod(np.where(counted, span, 1.0))), product
    if kind == "kalai_smorodinsky":
        ks = float((surplus[counted] / span[counted]).min()) if counted.any() else 1.0
        return ks, ks
    least = float(surplus.min())
    return least, least


class Budget:
    """Branches left for the coalition searches of one analysis."""

    def __init__(self, nodes: int | None = None):
        self.nodes = MAX_SEARCH_NODES if nodes is None else nodes
        self.left = self.nodes

    def spend(self, cost: int = 1) -> None:
        """Count ``cost`` steps (a branch of a search over ``n`` parties costs ``1 + n // 50``: its tests of
        the rule take time linear in the members)."""
        self.left -= cost
        if self.left < 0:
            raise NotComputed(f"the search for the best minimal winning sets needed more than {self.nodes:,} steps")


LISTED_PARTIES = 12  # up to this many parties, the minimal winning sets are listed once per rule and scanned


@lru_cache(maxsize=64)
def _minimal_sets(key: tuple[object, ...]) -> npt.NDArray[np.bool_]:
    """(S, n) membership of every minimal winning set of the rule ``key`` (:meth:`RuleTest.key`)."""
    rule = RuleTest.from_key(key)
    n = rule.n
    codes = np.arange(1 << n, dtype=np.int64)
    table = ((codes[:, None] >> np.arange(n, dtype=np.int64)[None, :]) & 1).astype(bool)  # (2^n, n)
    counts = table.sum(axis=1)
    weights = _ordered_weights(table, rule.weights)
    vetoes = np.ones(1 << n, dtype=bool)
    for v in rule.veto:
        vetoes &= table[:, v]
    wins = np.zeros(1 << n, dtype=bool)
    for code in range(1 << n):
        wins[code] = rule.wins_counts(int(counts[code]), float(weights[code]), bool(vetoes[code]))
    minimal = wins.copy()
    for p in range(n):
        has = table[:, p]
        minimal[has] &= ~wins[codes[has] ^ (1 << p)]
    found: npt.NDArray[np.bool_] = table[minimal]
    return found


def _ordered_weights(table: npt.NDArray[np.bool_], weights: FloatArray) -> FloatArray:
    """Per row of ``table``, the sum of the members' weights in party order (as :meth:`RuleTest.wins`)."""
    total = np.zeros(table.shape[0])
    for p in range(table.shape[1]):
        total = np.where(table[:, p], total + weights[p], total)
    return total


def _listed_best(rule: RuleTest, kind: str, values: FloatArray, closure: Closure, threshold: float | None,
                 excluded: frozenset[int]) -> tuple[float, tuple[int, ...]] | None:
    """:func:`best_coalition` by scanning the listed minimal winning sets (few parties): the same maximum."""
    sets = _minimal_sets(rule.key())
    allowed = np.zeros(rule.n, dtype=bool)
    allowed[list(closure.members)] = True
    if excluded:
        allowed[list(excluded)] = False
    ok = ~(sets & ~allowed).any(axis=1)
    for d in closure.hitting:
        ok &= sets[:, sorted(d)].any(axis=1)
    if kind == "nash":
        score = np.prod(np.where(sets, values[None, :], 1.0), axis=1)
    else:
        score = np.min(np.where(sets, values[None, :], np.inf), axis=1)
    if threshold is not None:
        ok &= score >= threshold
    if not ok.any():
        return None
    index = int(np.argmax(np.where(ok, score, -np.inf)))
    return float(score[index]), tuple(int(p) for p in np.flatnonzero(sets[index]))


class _Cap(Exception):
    """One ordering of the search used up its share of the steps."""


ATTEMPT_NODES = 20_000  # steps of the first try of each order of a search (then 4x, 16x, ...)


def best_coalition(rule: RuleTest, kind: str, values: FloatArray, closure: Closure, budget: Budget,
                   threshold: float | None = None, excluded: frozenset[int] = frozenset()
                   ) -> tuple[float, tuple[int, ...]] | None:
    """The best minimal winning ``W`` with closure ``closure`` (module docstring): ``(value, members)`` with
    the largest product (``kind`` nash) or minimum of ``values[a]`` over ``W``, ``None`` when there is none.

    With ``threshold``, the first ``W`` found whose value is at least it (a feasibility search); parties in
    ``excluded`` are left out.

    Veto parties are taken first (they are in every winning set), then the others by decreasing value.
    When the closure has sets ``D_C`` to meet, a second order takes the members of some ``D_C`` first (a
    branch meets them early); neither order is always faster, so they are tried in turn, each for
    ``ATTEMPT_NODES`` steps, then four times more, and so on. Each is the same exhaustive search in
    another order; every step counts against ``budget``.
    """
    if rule.n <= LISTED_PARTIES:
        return _listed_best(rule, kind, values, closure, threshold, excluded)
    if not closure.hitting:
        return _search(rule, kind, values, closure, budget, threshold, excluded, False, None)
    cap = ATTEMPT_NODES
    while True:  # the two orders in turn, each allowed four times more steps than before
        for hitters_first in (False, True):
            try:
                return _search(rule, kind, values, closure, budget, threshold, excluded, hitters_first, cap)
            except _Cap:
                pass
        cap *= 4


def _search(rule: RuleTest, kind: str, values: FloatArray, closure: Closure, budget: Budget,
            threshold: float | None, excluded: frozenset[int], hitters_first: bool, cap: int | None
            ) -> tuple[float, tuple[int, ...]] | None:
    """:func:`best_coalition` in one order. The bound of a branch (module docstring) also takes, for each
    ``D_C`` not yet met, the best open value in it: the completion has a member of it."""
    product = kind == "nash"
    pool = [p for p in closure.members if p not in excluded]
    if threshold is not None:  # a member below the threshold keeps the product (every factor <= 1) or min below it
        pool = [p for p in pool if values[p] >= threshold]
    vetoes = list(rule.veto)
    if any(v not in pool for v in vetoes):
        return None
    hits = closure.hitting
    hitters = set().union(*hits) if hits else set()
    free = sorted((p for p in pool if p not in vetoes),
                  key=lambda p: (hitters_first and p not in hitters, -values[p], -rule.weights[p], p))
    n_free = len(free)
    fv = np.array([values[p] for p in free], dtype=float)
    fw = np.array([rule.weights[p] for p in free], dtype=float)
    suffix_w = np.concatenate([np.cumsum(fw[::-1])[::-1], [0.0]]) if n_free else np.zeros(1)
    # from position i on: open weights by the heaviest first (cumulated), open values by the largest first
    heavy = [np.cumsum(np.sort(fw[i:])[::-1]) for i in range(n_free + 1)]
    best_open = [np.sort(fv[i:])[::-1] for i in range(n_free + 1)]
    best_product = [np.concatenate([[1.0], np.cumprod(b)]) for b in best_open]
    full = (1 << len(hits)) - 1
    marks = [sum(1 << j for j, d in enumerate(hits) if p in d) for p in free]
    reach = [0] * (n_free + 1)  # hitting sets met by some open member from position i on
    top_in = np.full((n_free + 1, len(hits)), -np.inf)  # best open value in each D_C from position i on
    for i in range(n_free - 1, -1, -1):
        reach[i] = reach[i + 1] | marks[i]
        top_in[i] = top_in[i + 1]
        for j in range(len(hits)):
            if marks[i] >> j & 1:
                top_in[i, j] = max(top_in[i, j], fv[i])
    need_weight = rule.weight_share is not None and rule.rule == "qualified"
    if rule.rule == "majority":
        need_count = rule.n // 2 + 1
    elif rule.rule == "qualified":
        need_count = next((c for c in range(rule.n + 1) if c / rule.n >= rule.share - TOLERANCE), rule.n + 1)
    else:
        need_count = rule.n
    target_weight = (rule.weight_share - TOLERANCE) * rule.total if need_weight and rule.weight_share else 0.0
    slack = 1e-12 * max(1.0, rule.total)
    best_value = -np.inf
    best_members: tuple[int, ...] | None = None
    start_value = 1.0 if product else np.inf
    for v in vetoes:
        start_value = start_value * values[v] if product else min(start_value, values[v])
    start_hit = 0
    for j, d in enumerate(hits):
        if any(v in d for v in vetoes):
            start_hit |= 1 << j
    stop = False
    steps = 0
    step_cost = 1 + rule.n // 50

    def bound(value: float, i: int, count: int, weight: float, hit: int) -> float:
        k = max(0, need_count - count)
        if need_weight and weight < target_weight:
            reachable = np.searchsorted(heavy[i], target_weight - weight - slack)
            k = max(k, int(reachable) + 1)
        if i + k > n_free:
            return -np.inf
        if product:
            b = value * float(best_product[i][k])
        else:
            b = min(value, float(best_open[i][k - 1])) if k else value
        for j in range(len(hits)):
            if not hit >> j & 1:
                b = min(b, value * float(top_in[i, j])) if product else min(b, float(top_in[i, j]))
        return b

    def meets_all(members: set[int]) -> bool:
        return all(members & d for d in hits)

    def value_of(members: set[int]) -> float:
        picked = values[sorted(members)]
        return float(np.prod(picked)) if product else float(picked.min())

    def reduce(chosen: list[int]) -> set[int] | None:
        """A minimal winning subset of the winning ``chosen`` that meets every ``D_C``, by leaving out members
        from the last party down while the rest wins and meets them (``None`` if that ends non-minimal)."""
        current = set(chosen)
        for p in sorted(chosen, reverse=True):
            trial = current - {p}
            if p not in rule.veto and rule.wins(tuple(trial)) and meets_all(trial):
                current = trial
        return current if rule.minimal(tuple(current)) else None

    def visit(i: int, chosen: list[int], value: float, weight: float, hit: int) -> None:
        nonlocal best_value, best_members, stop, steps
        if stop:
            return
        budget.spend(step_cost)
        steps += 1
        if cap is not None and steps > cap:
            raise _Cap
        if rule.wins(chosen):
            # any winning subset of ``chosen`` is worth at least ``value`` (factors <= 1, or a minimum): a
            # minimal one that meets every D_C is a candidate; no superset of ``chosen`` is minimal
            if hit == full:
                found = set(chosen) if rule.minimal(chosen) else reduce(chosen)
                if found is not None:
                    got = value if len(found) == len(chosen) else value_of(found)
                    if threshold is not None:
                        if got >= threshold:
                            best_value, best_members, stop = got, tuple(sorted(found)), True
                    elif got > best_value:
                        best_value, best_members = got, tuple(sorted(found))
            return
        if i >= n_free:
            return
        count = len(chosen)
        if not rule.wins_counts(count + n_free - i, weight + float(suffix_w[i]), True):
            return
        if (hit | reach[i]) != full:
            return
        b = bound(value, i, count, weight, hit)
        if (threshold is not None and b < threshold) or (threshold is None and b <= best_value):
            return
        chosen.append(free[i])
        visit(i + 1, chosen, value * fv[i] if product else min(value, fv[i]), weight + fw[i], hit | marks[i])
        chosen.pop()
        visit(i + 1, chosen, value, weight, hit)

    visit(0, list(vetoes), start_value, float(sum(rule.weights[v] for v in vetoes)), start_hit)
    if best_members is None:
        return None
    return best_value, best_members


def smallest_coalition(rule: RuleTest, kind: str, closures: list[tuple[Closure, FloatArray]], threshold: float,
                       budget: Budget) -> tuple[int, ...] | None:
    """The minimal winning set of smallest bit code, over the given closures (each with its ``f_a`` at the
    outcome), whose value reaches ``threshold``: parties are left out from the last one down whenever some
    such set remains without them (the greatest party absent decides the smallest code first)."""
    excluded: set[int] = set()
    for p in range(rule.n - 1, -1, -1):
        trial = frozenset(excluded | {p})
        if any(best_coalition(rule, kind, values, closure, budget, threshold, trial) is not None
               for closure, values in closures):
            excluded.add(p)
    for closure, values in closures:
        found = best_coalition(rule, kind, values, closure, budget, threshold, frozenset(excluded))
        if found is not None:
            return found[1]
    return None


def enumerated_solutions(scenario: Scenario, found: EnumeratedRule, budget: Budget | None = None,
                         kinds: tuple[str, ...] = KINDS) -> dict[str, tuple[IntArray, float, tuple[str, ...]] | None]:
    """Step 4 of the module docstring: ``{kind: (option row, score, coalition)}`` for Nash,
    Kalai–Smorodinsky and egalitarian (``None`` where the ZOPA is empty); raises :class:`NotComputed`."""
    from .solutions import choose

    if found.not_computed is not None:
        raise NotComputed(found.not_computed)
    budget = budget if budget is not None else Budget()
    parties = scenario.parties
    rule = RuleTest(scenario)
    r = np.array([scenario.actors[p].reservation for p in parties])
    result: dict[str, tuple[IntArray, float, tuple[str, ...]] | None] = {}
    for kind in kinds:
        best: dict[tuple[int, ...], float] = {}   # outcome row -> best key over the closures
        where: dict[tuple[int, ...], list[tuple[Closure, FloatArray, FloatArray]]] = {}
        for closure in found.closures:
            for k in range(closure.rows.shape[0]):
                u = closure.utilities[:, k]
                values = factors(kind, u, r, closure.ideals)
                got = best_coalition(rule, kind, values, closure, budget)
                row = tuple(int(x) for x in closure.rows[k])
                where.setdefault(row, []).append((closure, values, u))
                if got is None:
                    continue
                key = key_of(kind, got[1], u, r, closure.ideals)[0]
                if row not in best or key > best[row]:
                    best[row] = key
        if not best:
            result[kind] = None
            continue
        rows = np.array(sorted(best), dtype=np.int64)
        keys = np.array([best[tuple(int(x) for x in row)] for row in rows])
        utilities = reference.utilities(scenario, rows, parties)
        relative = kind == "nash"
        pick = int(choose(keys, utilities, np.ones(keys.size, dtype=bool), relative=relative))
        top = float(keys.max())
        threshold = top * (1.0 - TOLERANCE) if relative else top - TOLERANCE
        row = tuple(int(x) for x in rows[pick])
        candidates = where[row]
        members = smallest_coalition(rule, kind, [(c, v) for c, v, _ in candidates], _search_floor(threshold, kind),
                                     budget)
        assert members is not None
        closure, _, u = next(c for c in candidates if set(members) <= set(c[0].members))
        score = key_of(kind, members, u, r, closure.ideals)[1]
        result[kind] = (rows[pick], score, tuple(parties[p] for p in members))
    return result


def _search_floor(threshold: float, kind: str) -> float:
    """The search multiplies factors in its own order: a product equal on paper may differ by rounding, so
    the feasibility search accepts values within a further relative 1e-12 of the threshold."""
    return threshold - 1e-12 * max(1.0, abs(threshold))


__all__ = ["nearest_coalition", "Budget", "Closure", "EnumeratedRule", "MAX_CLOSURES", "MAX_PATTERNS", "MAX_SEARCH_NODES",
           "NotComputed", "RuleTest", "best_coalition", "enumerate_rule", "enumerated_solutions", "factors", "from_zopa",
           "key_of", "smallest_coalition"]

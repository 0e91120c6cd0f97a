"""Many bilateral time-dependent negotiations at once, vectorised across runs.

The batch engine's fast path: R negotiations between two parties that both
play time-dependent concession (Faratin et al. 1998) with AC_next, under
alternating offers, without events, walkouts or discounting. They differ in
their exponents (a Boulware/Conceder grid, say) or, in the stacked form, in
their tables (Monte Carlo draws). Every round is a handful of numpy
operations on arrays of shape (R,) and (R, N), instead of R Python-level
negotiations, and each run follows exactly the rules of
:func:`accord.simulation.simulate` with the same strategies (the test suite
checks run by run), so the result is the same either way, only faster.

Per round t, for the proposer p of every run:

1. target_r = floor_p + (best_p - floor_p) (1 - t^(1/e_r)), t = round / (deadline - 1);
2. candidates: p's allowed outcomes with u_p >= target (or, if none, p's best ones);
3. offer: the candidate p's opponent model rates best for the other party
   (ties within 1e-9: the lowest own utility, then the lowest index), the
   rule of :func:`accord.simulation.strategies.offer_on_curve`; models:
   ``frequency`` (HardHeaded's, learnt from the other's offers so far, the
   same arithmetic as :class:`accord.simulation.opponent.FrequencyModel`),
   ``exact`` (the other's true utility, -inf where its red lines reject) and
   ``none`` (every outcome rates the same);
4. the responder accepts when the offer is acceptable to it (constituencies
   included) and worth at least its own current target; the proposer counts
   as accepting the offers acceptable to it; the package is agreed when those
   who accept form a winning set under the scenario's decision rule
   (:func:`pair_rule`; unanimity: both).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..scenario import TOLERANCE, Scenario
from ..scenario.outcomes import winning
from .opponent import ExactModel, Frequency, NoModel
from .strategies import AcceptNext, Strategy, TimeDependent
from .table import Table

MODELS = ("frequency", "exact", "none")  # the opponent models these engines play
STACKED_OUTCOMES = 4096  # the stacked engine's largest outcome space (its arrays are runs x outcomes)
LEARNING_RATE = 0.2  # HardHeaded's, as FrequencyModel's default
CELLS = 2_000_000  # runs x outcomes rated at once: bounds the memory of a round
GRID_SHARE = 3  # rate the whole space when the candidates are at least a third of it
MARK_CELLS = 1 << 26  # runs x 2 x outcomes: above this the marks are found from the offers when needed


@dataclass(frozen=True)
class VectorisedRuns:
    """Outcome of R runs: ``agreed`` (bool), ``round`` the last round, ``deal`` (outcome index or -1)."""

    agreed: npt.NDArray[np.bool_]
    round: npt.NDArray[np.int_]
    deal: npt.NDArray[np.int_]


class _Frequencies:
    """R frequency models per party at once: party j's model of the other party, fed with that party's offers.

    The same updates, in the same order and with the same floating-point
    operations, as :class:`~accord.simulation.opponent.FrequencyModel` with
    ``values="hardheaded"``, and the same marks for outcomes offered by the
    other party (+1) or refused when the party offered them (-1) as
    :class:`~accord.simulation.opponent.LearntModel` (so that ratings are
    bit-identical).
    """

    def __init__(self, runs: int, shape: tuple[int, ...], rounds: int,
                 columns: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]):
        n = len(shape)
        self.n = n
        self.counts = np.zeros((runs, 2, n, max(shape)))
        self.weights = np.full((runs, 2, n), 1.0 / n)
        self.last = np.zeros((runs, 2, n), dtype=np.intp)
        self.seen = np.zeros((runs, 2), dtype=np.int64)
        # columns[j]: outcome index -> its column in party j's ratings (its position among j's allowed outcomes
        # in the order the engine rates them; -1: never rated by j)
        self.columns = columns
        width = max(1, int(max(c.max(initial=-1) for c in columns)) + 1)
        # the marks themselves, +1 (the other party offered it), -1 (only the learner did) or 0, per run, learner
        # and column, kept up to date offer by offer when they fit in MARK_CELLS bytes; otherwise every offer is
        # kept and the marks are found from them when they are needed
        self.marks: npt.NDArray[np.int8] | None = (np.zeros((runs, 2, width), dtype=np.int8)
                                                  if runs * 2 * width <= MARK_CELLS else None)
        self.offers = (np.full((runs, 2, max(1, rounds)), -1, dtype=np.int64) if self.marks is None
                       else np.empty((0, 2, 0), dtype=np.int64))  # outcomes offered, per proposer

    def record(self, rows: npt.NDArray[np.intp], proposer: int, t: int, offers: npt.NDArray[Any]) -> None:
        if self.marks is None:
            self.offers[rows, proposer, t] = offers
            return
        other = 1 - proposer
        cols = self.columns[other][offers]  # the other party's model: +1, whatever it was
        hit = cols >= 0
        self.marks[rows[hit], other, cols[hit]] = 1
        cols = self.columns[proposer][offers]  # the proposer's own model: -1 unless the other offered it
        hit = cols >= 0
        which, at = rows[hit], cols[hit]
        self.marks[which, proposer, at] = np.where(self.marks[which, proposer, at] == 1, 1, -1).astype(np.int8)

    def marked(self, rows: npt.NDArray[np.intp], learner: int, estimates: npt.NDArray[np.float64],
               start: int) -> npt.NDArray[np.float64]:
        """``estimates`` (runs, columns start, start + 1, ...) with +1 where the other party offered the outcome,
        -1 where only ``learner`` did (the same floating-point results as adding or subtracting 1.0 there)."""
        width = estimates.shape[1]
        if self.marks is not None:
            np.add(estimates, self.marks[rows, learner, start:start + width], out=estimates)  # a fresh array
            return estimates
        columns = self.columns[learner]
        original = estimates.copy()

        def hits(proposer: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
            ids = self.offers[rows, proposer]
            cols = np.where(ids >= 0, columns[np.maximum(ids, 0)], -1)
            cols = np.where(cols >= 0, cols - start, -1)
            hit = (cols >= 0) & (cols < width)
            return np.nonzero(hit)[0], cols[hit]

        at_row, at_col = hits(learner)  # refused: -1 (the other's offers, set after, take precedence)
        estimates[at_row, at_col] = original[at_row, at_col] - 1.0
        at_row, at_col = hits(1 - learner)
        estimates[at_row, at_col] = original[at_row, at_col] + 1.0
        return estimates

    def update(self, rows: npt.NDArray[np.intp], learner: int, offers: npt.NDArray[Any]) -> None:
        """Runs ``rows``: the model of party ``learner`` sees the other party's offers (option indices, (R, n))."""
        offers = offers.astype(np.intp)
        seen = self.seen[rows, learner] > 0
        unchanged = (offers == self.last[rows, learner]) & seen[:, None]
        moved = unchanged.any(axis=1)
        if moved.any():
            step = LEARNING_RATE / self.n
            which = rows[moved]
            same = unchanged[moved]
            self.weights[which, learner] = ((self.weights[which, learner] + step * same)
                                            / (1.0 + step * same.sum(axis=1, keepdims=True)))
        self.counts[rows[:, None], learner, np.arange(self.n)[None, :], offers] += 1.0
        self.seen[rows, learner] += 1
        self.last[rows, learner] = offers

    def _weighted(self, rows: npt.NDArray[np.intp], learner: int) -> npt.NDArray[np.float64]:
        """(len(rows), n, options): w_i V_i(x) for every issue i and option x (the products the ratings sum)."""
        counts = self.counts[rows, learner]  # (R, n, options)
        top = counts.max(axis=2, keepdims=True)
        values = np.where(self.seen[rows, learner][:, None, None] > 0, counts / np.where(top > 0, top, 1.0), 1.0)
        weighted: npt.NDArray[np.float64] = self.weights[rows, learner][:, :, None] * values
        return weighted

    def ratings(self, rows: npt.NDArray[np.intp], learner: int, digits: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        """(len(rows), len(digits)) estimated utility of each outcome (option rows ``digits``) for the other party."""
        # the products first, then summed issue by issue in order; the first term is taken as it is
        # (0.0 + a == a for the non-negative terms here), so the sums are bit for bit FrequencyModel's
        weighted = self._weighted(rows, learner)
        result: npt.NDArray[np.float64] = np.take(weighted[:, 0, :], digits[:, 0], axis=1)
        for i in range(1, self.n):
            result += np.take(weighted[:, i, :], digits[:, i], axis=1)
        return result

    def ratings_grid(self, rows: npt.NDArray[np.intp], learner: int, shape: tuple[int, ...]) -> npt.NDArray[np.float64]:
        """(len(rows), prod(shape)): the ratings of every outcome of the full product space, in outcome index
        order (C order over the issues), by broadcasting: ((w_0 V_0 + w_1 V_1) + w_2 V_2) + ..., the same sums
        in the same order as :meth:`ratings`, without gathering option values outcome by outcome."""
        weighted = self._weighted(rows, learner)
        result: npt.NDArray[np.float64] = weighted[:, 0, :shape[0]]
        for i in range(1, self.n):
            result = (result[:, :, None] + weighted[:, i, None, :shape[i]]).reshape(rows.size, -1)
        return result


def vectorised_form(strategy: Strategy, full_information: bool) -> tuple[float, str] | None:
    """``(exponent, model)`` when these engines play ``strategy`` exactly as :func:`~accord.simulation.simulate`
    would, else None: a time-dependent strategy (its own concession curve and offer rule, not a subclass that
    changes them) with AC_next, no walkout rule and one of the engines' opponent models."""
    kind = type(strategy)
    if (not isinstance(strategy, TimeDependent) or kind.target is not TimeDependent.target
            or kind.propose is not Strategy.propose or kind.accepts is not Strategy.accepts
            or type(strategy.acceptance) is not AcceptNext or strategy.walkout_after is not None):
        return None
    model = strategy.model
    if model is None:
        return strategy.exponent, "exact" if full_information else "frequency"
    names = {Frequency: "frequency", NoModel: "none"} | ({ExactModel: "exact"} if full_information else {})
    found = names.get(type(model))
    return None if found is None else (strategy.exponent, found)


def pair_rule(scenario: Scenario) -> npt.NDArray[np.bool_]:
    """``(2, 2)``: ``win[a0, a1]``, whether the parties that accept (``a0``, ``a1``: whether party 0, 1 of
    ``scenario.parties`` does) form a winning set under its decision rule (:func:`accord.scenario.outcomes.winning`).

    Unanimity: only ``win[1, 1]``.
    """
    if len(scenario.parties) != 2:
        raise ValueError("a bilateral decision rule needs exactly two parties")
    column = np.array([[False, False, True, True], [False, True, False, True]])
    return winning(scenario, column).reshape(2, 2)


UNANIMITY_PAIR = np.array([[False, False], [False, True]])


def _agreed(rule: npt.NDArray[np.bool_], p: int, yes_p: npt.NDArray[np.bool_],
            yes_q: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Per run, whether proposer ``p``'s and responder's yes form a winning set under ``rule`` (see :func:`pair_rule`)."""
    if p == 0:
        result: npt.NDArray[np.bool_] = rule[yes_p.astype(np.intp), yes_q.astype(np.intp)]
    else:
        result = rule[yes_q.astype(np.intp), yes_p.astype(np.intp)]
    return result


def _pick(ratings: npt.NDArray[np.float64], valid: npt.NDArray[np.bool_]) -> npt.NDArray[np.intp]:
    """Per row, the first valid column whose rating is within 1e-9 of the row's best valid rating."""
    masked = np.where(valid, ratings, -np.inf)
    top = masked.max(axis=1, keepdims=True)
    ties = valid & (masked >= top - TOLERANCE)
    picked: npt.NDArray[np.intp] = np.argmax(ties, axis=1)
    return picked


def run_time_dependent(table: Table, exponents: np.ndarray, rounds: int, first: int = 0,
                       models: tuple[str, str] = ("frequency", "frequency")) -> VectorisedRuns:
    """Run R = len(exponents) negotiations; ``exponents[r] = (e_party0, e_party1)``; ``models`` per party."""
    if len(table.parties) != 2:
        raise ValueError("the vectorised engine runs bilateral negotiations (two parties)")
    if any(m not in MODELS for m in models):
        raise ValueError(f"models must be among {MODELS}; got {models!r}")
    exponents = np.asarray(exponents, dtype=float).reshape(-1, 2)
    rule = pair_rule(table.scenario)
    runs = exponents.shape[0]
    agreed = np.zeros(runs, dtype=bool)
    ended = np.full(runs, rounds - 1)
    deal = np.full(runs, -1)
    live = np.arange(runs)
    digits = table.digits
    columns = []  # per party: outcome index -> position among its allowed outcomes sorted by its utility
    for j in (0, 1):
        _, order = table.ranked(j)
        columns.append(np.full(table.size, -1, dtype=np.int64))
        columns[j][order] = np.arange(order.size)
    learnt = _Frequencies(runs, table.shape, rounds, (columns[0], columns[1])) if "frequency" in models else None
    grid = learnt is not None and table.size == int(np.prod(table.shape))
    for t in range(rounds):
        if live.size == 0:
            break
        time = min(1.0, t / max(1, rounds - 1))
        p = (first + t) % 2
        q = 1 - p
        values, order = table.ranked(p)
        size = order.size
        targets = table.floor[p] + (table.best[p] - table.floor[p]) * (1.0 - time ** (1.0 / exponents[live, p]))
        if size == 0:
            offers = np.full(live.size, int(np.argmax(table.utilities[p])))
        else:
            low = np.searchsorted(values, targets - TOLERANCE, side="left")
            top = np.searchsorted(values, values[-1] - TOLERANCE, side="left")
            low = np.where(low == size, top, low)
            # runs in order of their lowest candidate, in blocks: each block rates only from its own lowest
            # candidate up (each run's offer depends on its own row only, so the order changes nothing)
            by_low = np.argsort(low, kind="stable")
            low_sorted = low[by_low]
            offers = np.empty(live.size, dtype=np.int64)
            b = 0
            while b < live.size:
                start = int(low_sorted[b])
                ranked = order[start:]
                block = max(1, CELLS // max(1, table.size if grid else ranked.size))
                picked = by_low[b:b + block]
                rows = live[picked]
                lows = low_sorted[b:b + block, None]
                if models[p] == "frequency":
                    assert learnt is not None
                    if grid and ranked.size * GRID_SHARE >= table.size:  # most of the space: rate it all
                        estimates = np.take(learnt.ratings_grid(rows, p, table.shape), ranked, axis=1)
                    else:
                        estimates = learnt.ratings(rows, p, digits[ranked])
                    ratings = learnt.marked(rows, p, estimates, start)
                    # finite ratings: the columns below a run's lowest candidate set to -inf can never tie
                    np.copyto(ratings, -np.inf, where=np.arange(start, size)[None, :] < lows)
                    top = ratings.max(axis=1, keepdims=True)
                    offers[picked] = ranked[np.argmax(ratings >= top - TOLERANCE, axis=1)]
                elif models[p] == "exact":
                    valid = np.arange(start, size)[None, :] >= lows
                    ratings = np.broadcast_to(np.where(table.allowed[q][ranked], table.utilities[q][ranked], -np.inf),
                                              valid.shape)
                    offers[picked] = ranked[_pick(ratings, valid)]
                else:  # every candidate rates the same: the first, the lowest own utility at or above the target
                    offers[picked] = ranked[lows[:, 0] - start]
                b += block
        wanted = table.floor[q] + (table.best[q] - table.floor[q]) * (1.0 - time ** (1.0 / exponents[live, q]))
        accept = _agreed(rule, p, table.acceptable[p][offers],
                         table.acceptable[q][offers] & (table.utilities[q][offers] >= wanted - TOLERANCE))
        done = live[accept]
        agreed[done], ended[done], deal[done] = True, t, offers[accept]
        if learnt is not None:
            learnt.update(live, q, digits[offers])
            learnt.record(live, p, t, offers)
        live = live[~accept]
    return VectorisedRuns(agreed, ended, deal)


def run_time_dependent_stacked(utilities: np.ndarray, allowed: np.ndarray, reservations: np.ndarray,
                               digits: np.ndarray, exponents: np.ndarray, rounds: int, first: int = 0,
                               models: tuple[str, str] = ("frequency", "frequency"),
                               acceptable: np.ndarray | None = None, rule: np.ndarray | None = None,
                               offerable: np.ndarray | None = None) -> VectorisedRuns:
    """Like :func:`run_time_dependent`, but every run has its own table (a Monte Carlo draw).

    ``utilities`` and ``allowed`` are (R, 2, N): the two parties' utilities and
    red-line passes per run; ``reservations`` is (R, 2); ``digits`` (N,
    n_issues) is the shared outcome structure. Every step is array operations
    over (R, N), following exactly the rules of
    :func:`accord.simulation.simulate` (checked run by run in the tests): the
    candidates are masks, and among the best-rated ones the lowest own
    utility, then the lowest index, is offered (the order of a party's
    outcomes sorted by its utility).

    ``acceptable`` (R, 2, N), each run's :attr:`Table.acceptable` (own yes and
    ratification by constituencies), defaults to ``allowed`` and at least the
    reservation, which is the same without constituencies; ``rule`` (2, 2) is
    the decision rule as :func:`pair_rule` gives it (default: unanimity);
    ``offerable`` (R, 2, N), each run's :attr:`Table.offerable` (what a party
    proposes from), defaults to ``allowed``, the same without constituencies.
    """
    runs, _, size = utilities.shape
    if any(m not in MODELS for m in models):
        raise ValueError(f"models must be among {MODELS}; got {models!r}")
    exponents = np.asarray(exponents, dtype=float).reshape(runs, 2)
    shape = tuple(int(v) + 1 for v in digits.max(axis=0)) if size else (1,)
    mine = allowed if offerable is None else offerable
    has = mine.any(axis=2)
    best = np.where(has, np.where(mine, utilities, -np.inf).max(axis=2), 0.0)
    worst = np.where(has, np.where(mine, utilities, np.inf).min(axis=2), 0.0)
    floor = np.maximum(reservations, worst)
    if acceptable is None:
        acceptable = allowed & (utilities >= reservations[:, :, None] - TOLERANCE)
    rule = UNANIMITY_PAIR if rule is None else np.asarray(rule, dtype=bool).reshape(2, 2)
    rows = np.arange(runs)
    agreed = np.zeros(runs, dtype=bool)
    ended = np.full(runs, rounds - 1)
    deal = np.full(runs, -1)
    live = rows.copy()
    identity = np.arange(size, dtype=np.int64)
    learnt = _Frequencies(runs, shape, rounds, (identity, identity)) if "frequency" in models else None
    # digits listing the full product space in index order: rate it by broadcasting
    grid = (learnt is not None and size == int(np.prod(shape))
            and bool((np.ravel_multi_index(tuple(digits.T), shape) == identity).all()))
    for t in range(rounds):
        if live.size == 0:
            break
        time = min(1.0, t / max(1, rounds - 1))
        p = (first + t) % 2
        q = 1 - p
        target = floor[live, p] + (best[live, p] - floor[live, p]) * (1.0 - time ** (1.0 / exponents[live, p]))
        u = utilities[live, p]
        ok = mine[live, p]
        above = ok & (u >= target[:, None] - TOLERANCE)
        reach = above.any(axis=1)
        top = ok & (u >= best[live, p][:, None] - TOLERANCE)
        candidates = np.where(reach[:, None], above, top)
        if models[p] == "frequency":
            assert learnt is not None
            estimates = (learnt.ratings_grid(live, p, shape) if grid else learnt.ratings(live, p, digits))
            ratings = learnt.marked(live, p, estimates, 0)
        elif models[p] == "exact":
            ratings = np.where(allowed[live, q], utilities[live, q], -np.inf)
        else:
            ratings = np.zeros(u.shape)
        masked = np.where(candidates, ratings, -np.inf)
        best_rating = masked.max(axis=1, keepdims=True)
        ties = candidates & (masked >= best_rating - TOLERANCE)
        lowest = np.where(ties, u, np.inf).min(axis=1, keepdims=True)
        offers = np.argmax(ties & (u == lowest), axis=1)
        offers = np.where(ok.any(axis=1), offers, np.argmax(u, axis=1))
        wanted = floor[live, q] + (best[live, q] - floor[live, q]) * (1.0 - time ** (1.0 / exponents[live, q]))
        accept = _agreed(rule, p, acceptable[live, p, offers],
                         acceptable[live, q, offers] & (utilities[live, q, offers] >= wanted - TOLERANCE))
        done = live[accept]
        agreed[done], ended[done], deal[done] = True, t, offers[accept]
        if learnt is not None:
            learnt.update(live, q, digits[offers])
            learnt.record(live, p, t, offers)
        live = live[~accept]
    return VectorisedRuns(agreed, ended, deal)


__all__ = ["MODELS", "STACKED_OUTCOMES", "UNANIMITY_PAIR", "pair_rule", "vectorised_form", "VectorisedRuns", "run_time_dependent", "run_time_dependent_stacked"]

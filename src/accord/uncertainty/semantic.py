"""Monte Carlo runs of a scenario that uses the 1.1 semantics, through :mod:`accord.scenario.outcomes`.

A scenario with ``interactions``, constituencies, a decision rule other
than unanimity or an ``unless`` red line with uncertain bounds
(:func:`~accord.uncertainty.model.needs_semantics`) is not additive or not
unanimous, so the kernel's per-issue factorisation does not hold. Its runs are evaluated here, run by run, over the whole
outcome space (at most ``MAX_SEMANTIC_OUTCOMES`` outcomes), with the one
definition of the format's semantics:

1. the run's scenario: its numbers set by
   :func:`~accord.uncertainty.model.realise`; the red lines that do not bind
   in the run (``holds``: U >= holds) are passed as ``not_binding``;
2. the ZOPA: ``outcomes.winning(run, outcomes.accepts(run, digits,
   not_binding=...))``, its size and whether it is empty;
3. each party's *margin* at each outcome: the smallest surplus ``u - r`` of
   the party and of every constituency ``of`` it, ``-inf`` where the red
   lines of one of them (after ``unless`` and ``not_binding``) forbid the
   outcome. With the parties sorted by margin, the outcome's gap ``g(o)`` is
   the margin of the last party of the smallest winning prefix (the largest
   ``t`` such that the parties with margin ``>= t`` form a winning set;
   winning sets are closed under adding parties). Under unanimity this is
   ``min_p`` margin, version 1's definition. The deal gap is ``max_o g(o)``
   (``-1`` when no outcome is allowed to a winning set); it is ``>= -1e-9``
   exactly when the ZOPA is not empty (up to rounding at the tolerance);
4. Nash and Kalai–Smorodinsky as ``accord analyze`` defines them for the
   run's scenario (docs/scenario-format.md, "Version 1.1 in accord"). Under
   unanimity: over the ZOPA, with every party's utility and reservation
   (:mod:`accord.analysis.solutions`, its tie rule; every maximiser lies on
   the ZOPA's frontier, so the whole ZOPA gives analysis's choice). Under
   another rule: the bargains inside minimal winning sets, by analysis's
   own code (:func:`accord.analysis.enumerated.from_zopa` and
   :func:`~accord.analysis.enumerated.enumerated_solutions`, the exact
   route ``accord analyze`` takes when the minimal winning sets are too
   many to list) on the run's ZOPA, its accepting sets and utilities, which
   this route has already enumerated: each run's deal is the deal
   ``accord analyze`` gives for the run's scenario (the tests check it run
   by run). When analysis cannot compute them exactly
   (``solutions_not_computed``) the Monte Carlo is refused in one line;
5. blockers: ``red-line`` when no outcome is allowed to a winning set of
   parties (reservations aside), else ``reservation`` with the parties whose
   margin is below 0 at the outcome of largest gap. ``clash`` (the issues no
   option of which passes every binding red line without ``unless``) is set
   under unanimity only.

Runs with the same numbers and the same binding red lines (a scenario whose
only uncertainty is ``holds``, say) are computed once per chunk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..analysis import solutions
from ..errors import InvalidInput
from ..scenario import TOLERANCE, Scenario, outcomes
from .kernel import GAP_FLOOR, NONE, RED_LINE, RESERVATION, Results, empty_result
from .model import Model, realise
from .sampling import FloatArray, Path

MAX_SEMANTIC_OUTCOMES = 1 << 20  # outcomes enumerated per run


def semantic_size(model: Model) -> int:
    """The number of outcomes each run enumerates (the whole space)."""
    size = 1
    for count in model.outcome_shape:
        size *= count
    return size


def check_semantic(model: Model, limit: int = MAX_SEMANTIC_OUTCOMES) -> None:
    """Refuse (``InvalidInput``) a space too large to enumerate in every run."""
    size = semantic_size(model)
    if size > limit:
        raise InvalidInput("scenario", message=(
            f"Monte Carlo of a scenario with unless, interactions, constituencies or a decision rule enumerates "
            f"every outcome in each draw; this one has {size:,} outcomes and the limit is {limit:,}"))


def evaluate_semantic(scenario: Scenario, model: Model, values: Mapping[Path, FloatArray], n: int) -> Results:
    """Per-run results (as :func:`accord.uncertainty.kernel.evaluate`) of ``n`` runs of ``values``."""
    check_semantic(model)
    out = empty_result(n, model)
    digits = outcomes.unravel(model.outcome_shape, np.arange(semantic_size(model), dtype=np.int64))
    binding = model.binding(values, n)
    paths = model.paths
    seen: dict[tuple[Any, ...], int] = {}
    for r in range(n):
        numbers = {path: float(values[path][r]) for path in paths if path in values}
        not_binding = model.not_binding(binding, r)
        key = (tuple(numbers.values()), not_binding)
        first = seen.get(key)
        if first is not None:
            for array in out.values():
                array[r] = array[first]
            continue
        seen[key] = r
        _one(realise(scenario, numbers), model, digits, not_binding, out, r)
    return out


def _one(run: Scenario, model: Model, digits: np.ndarray, not_binding: frozenset[tuple[str, str]], out: Results,
         r: int) -> None:
    parties = model.parties
    P, N = len(parties), digits.shape[0]
    util = outcomes.utilities(run, digits, model.actors)                   # (A, N), parties first
    reservations = np.array([run.actors[p].reservation for p in parties])
    ratifiers = run.constituencies
    margin = np.empty((P, N))
    for j, pid in enumerate(parties):
        m = np.where(outcomes.allowed(run, pid, digits, not_binding), util[j] - reservations[j], -np.inf)
        for cid in ratifiers.get(pid, ()):
            own = outcomes.utilities(run, digits, (cid,))[0] - run.actors[cid].reservation
            np.minimum(m, np.where(outcomes.allowed(run, cid, digits, not_binding), own, -np.inf), out=m)
        margin[j] = m
    accepting = outcomes.accepts(run, digits, not_binding=not_binding)
    zopa = outcomes.winning(run, accepting)
    size = int(np.count_nonzero(zopa))
    # gap per outcome: the margin of the last party of the smallest winning prefix (parties by margin, largest first)
    order = np.argsort(-margin, axis=0, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(P)[:, None], axis=0)
    ranked = np.take_along_axis(margin, order, axis=0)
    gap = np.full(N, -np.inf)
    open_ = np.ones(N, dtype=bool)
    for k in range(1, P + 1):
        won = outcomes.winning(run, rank < k) & open_
        gap[won] = ranked[k - 1, won]
        open_ &= ~won
    best = float(gap.max()) if N else -np.inf
    out["zopa"][r] = size > 0
    out["zopa_size"][r] = size
    out["deal_gap"][r] = best if np.isfinite(best) else GAP_FLOOR
    if size:
        if run.decision_rule.is_unanimity:
            nash = int(solutions.nash(util[:P], reservations, zopa).position)
            ks = int(solutions.kalai_smorodinsky(util[:P], reservations, zopa).position)
        else:
            nash, ks = _rule_bargains(run, digits, zopa, accepting, util[:P])
        out["nash_options"][r] = digits[nash]
        out["ks_options"][r] = digits[ks]
        out["utilities"][r] = util[:, nash]
        out["surplus"][r] = util[:P, nash] - reservations
        out["blocker"][r] = NONE
        return
    if run.decision_rule.is_unanimity:
        out["clash"][r] = _clashes(run, not_binding)
    if not outcomes.winning(run, np.isfinite(margin)).any():
        out["blocker"][r] = RED_LINE
        return
    out["blocker"][r] = RESERVATION
    at = int(np.argmax(gap))
    out["short"][r] = margin[:, at] < -TOLERANCE


def _rule_bargains(run: Scenario, digits: np.ndarray, zopa: np.ndarray, accepting: np.ndarray,
                   util: np.ndarray) -> tuple[int, int]:
    """Flat positions of the run's Nash and Kalai–Smorodinsky deals under a rule other than unanimity, by
    analysis's definitions (module docstring, step 4)."""
    from ..analysis.enumerated import NotComputed, enumerated_solutions, from_zopa

    inside = np.flatnonzero(zopa)
    try:
        found = enumerated_solutions(run, from_zopa(run, digits[inside], accepting[:, inside], util[:, inside]),
                                     kinds=("nash", "kalai_smorodinsky"))
    except NotComputed as reason:
        raise InvalidInput("scenario", message=(
            f"Monte Carlo needs each run's Nash and Kalai–Smorodinsky deals; analysis could not compute them: "
            f"{reason}")) from None
    nash, ks = found["nash"], found["kalai_smorodinsky"]
    assert nash is not None and ks is not None  # the run's ZOPA is not empty
    rows = digits[inside]
    position = {tuple(int(x) for x in row): int(k) for row, k in zip(rows, inside)}
    return position[tuple(int(x) for x in nash[0])], position[tuple(int(x) for x in ks[0])]


def _clashes(run: Scenario, not_binding: frozenset[tuple[str, str]]) -> np.ndarray:
    """Per issue: no option passes every binding red line without ``unless`` of the parties and constituencies."""
    issues = list(run.issues.values())
    masks = [np.ones(issue.size, dtype=bool) for issue in issues]
    column = {issue.id: j for j, issue in enumerate(issues)}
    for aid, actor in run.actors.items():
        if not (actor.is_party or actor.is_constituency):
            continue
        for iid, pref in actor.preferences.items():
            if pref.red_line is not None and not pref.unless and (aid, iid) not in not_binding:
                masks[column[iid]] &= outcomes.red_line_mask(run.issues[iid], pref)
    return np.array([not m.any() for m in masks], dtype=bool)


__all__ = ["MAX_SEMANTIC_OUTCOMES", "check_semantic", "evaluate_semantic", "semantic_size"]

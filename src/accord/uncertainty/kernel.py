"""Analysis of many sampled parameter sets at once: ZOPA, Nash, Kalai–Smorodinsky, deal gap, blockers.

:func:`evaluate` works on a :class:`~accord.uncertainty.model.ParameterBatch`
of ``n`` runs, vectorised across runs (no Python loop per run):

1. Restrict the space to the options every party's *certain* red lines allow
   (red lines factor per issue). Numeric red-line bounds that are
   distributions give a per-run mask over the remaining options, and so do
   red lines that may not bind (``holds``): in a run where the line does not
   bind its mask is all true (``mask | ~binds``), which is exact, since
   without ``unless`` a red line is a per-issue mask and removing it is the
   same as realising the run's scenario without it. A red line with
   ``unless`` (fixed bounds) does not factor: it is left out of that
   restriction and applied as a mask over the restricted outcomes, ``allows[o_i]
   | (every unless condition met at o)``, per run ``| ~binds`` when it may
   not bind (:class:`~accord.uncertainty.model.UnlessLine`).
2. Per issue, the parties' tables ``T_i[s, p, k] = w_pi(s) / sum_j w_pj(s) * v_pi(s, k)``;
   the utilities of every outcome by broadcasting issue after issue,
   ``U[s, p, o] = T_0 + T_1 + ...`` (flat outcome index row-major, first
   issue slowest, as everywhere in accord). Runs are taken in sub-batches so
   that a sub-batch's ``U`` holds at most ``max_elements`` numbers.
3. Surpluses ``S = U - r``; the ZOPA is ``min_p S >= -1e-9`` (and the run's
   red lines); its size; the deal gap ``max_o min_p S`` over the outcomes
   within the red lines (``-1``, the floor of a surplus, when no outcome is);
   Nash and Kalai–Smorodinsky over the ZOPA, by
   :mod:`accord.analysis.solutions` (the one definition, with its tie rule)
   on the runs' ``(runs, parties, outcomes)`` utilities with the ZOPA as the
   candidate mask.
4. Blockers of a run without a ZOPA: ``red-line`` when no outcome passes
   every party's red lines (some issue has no option they allow, with that
   run's bounds, or the ``unless`` lines exclude what is left), otherwise
   ``reservation``, with the parties short of their reservation at the
   outcome of largest minimum surplus.

:func:`evaluate_draws` is the entry point from sampled values: it builds the
runs' :class:`~accord.uncertainty.model.ParameterBatch` and evaluates it in
sub-batches of runs, so that both the per-run parameter arrays (a numeric
issue of 30,001 options with uncertain points is 30,001 numbers per actor
and run) and the utilities stay within ``max_elements`` numbers whatever
the chunk size. The vectorised route is taken whenever one run fits
(:func:`vectorised_fits`: ``parties x outcomes <= max_elements``, about 10^6
outcomes for two parties); only larger spaces fall back to
:func:`evaluate_per_sample`: one cheap scenario per run
(:func:`~accord.uncertainty.model.realise`) and accord.analysis's
frontier-based scan, which never enumerates the space unless it must count
the ZOPA.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from ..analysis import solutions
from ..scenario import TOLERANCE, Scenario
from .model import Model, ParameterBatch, realise
from .sampling import FloatArray, Path

MAX_ELEMENTS = 1 << 21  # numbers in one sub-batch's utility array (16 MiB of float64)
GAP_FLOOR = -1.0        # the deal gap of a run whose red lines leave no outcome

NONE, RED_LINE, RESERVATION = 0, 1, 2

# Per-run results by name (see :func:`empty_result`): each array's first axis is the run, its dtype per name.
Results: TypeAlias = dict[str, npt.NDArray[Any]]
Indices: TypeAlias = npt.NDArray[np.intp]


def restricted_options(model: Model) -> list[Indices]:
    """Per issue, the option indices every party's certain red lines allow."""
    return [np.flatnonzero(mask) for mask in model.constant_masks()]


def restricted_size(model: Model) -> int:
    size = 1
    for options in restricted_options(model):
        size *= len(options)
    return size


def vectorised_fits(model: Model, max_elements: int = MAX_ELEMENTS) -> bool:
    """True when one run's utilities over the restricted space (parties x outcomes) fit ``max_elements``,
    so that :func:`evaluate` can take the space in sub-batches of at least one run."""
    return model.n_parties * restricted_size(model) <= max_elements


def evaluate_draws(model: Model, values: Mapping[Path, FloatArray], n: int, *,
                   max_elements: int = MAX_ELEMENTS) -> Results:
    """:func:`evaluate` of ``n`` runs of sampled ``values`` (path -> array of ``n``), in bounded sub-batches.

    A sub-batch holds ``step = max_elements // max(P x O, A x sum_i K_i)``
    runs (at least one): its utilities (P x O per run) and its per-run
    scores (A actors x K_i options per issue, when values are uncertain) stay
    within ``max_elements`` numbers each. Runs are independent, so the result
    is the same for any step.
    """
    per_run = max(model.n_parties * restricted_size(model),
                  len(model.actors) * sum(len(issue.options) for issue in model.issues), 1)
    step = max(1, max_elements // per_run)
    if step >= n:
        return evaluate(model, model.batch(values, n), max_elements=max_elements)
    out = empty_result(n, model)
    for s0 in range(0, n, step):
        s1 = min(n, s0 + step)
        part = evaluate(model, model.batch({path: v[s0:s1] for path, v in values.items()}, s1 - s0),
                        max_elements=max_elements)
        for key, array in part.items():
            out[key][s0:s1] = array
    return out


def empty_result(n: int, model: Model) -> Results:
    P, A, I = model.n_parties, len(model.actors), len(model.issues)
    return {
        "zopa": np.zeros(n, dtype=bool),
        "zopa_size": np.zeros(n, dtype=np.int64),
        "nash_options": np.full((n, I), -1, dtype=np.int32),  # an issue has at most 10^6 options
        "ks_options": np.full((n, I), -1, dtype=np.int32),
        "utilities": np.full((n, A), np.nan),
        "surplus": np.full((n, P), np.nan),
        "deal_gap": np.full(n, GAP_FLOOR),
        "blocker": np.zeros(n, dtype=np.int8),
        "clash": np.zeros((n, I), dtype=bool),
        "short": np.zeros((n, P), dtype=bool),
    }


def evaluate(model: Model, batch: ParameterBatch, *, max_elements: int = MAX_ELEMENTS) -> Results:
    """Per-run analysis results for every run of ``batch`` (see the module docstring)."""
    n, P = batch.n, model.n_parties
    out = empty_result(n, model)
    options = restricted_options(model)
    shape = tuple(len(o) for o in options)
    # per-run masks over the restricted options of issues with uncertain bounds or red lines that may not bind
    run_masks: dict[int, npt.NDArray[np.bool_]] = {}
    for (p, i), (lo, hi) in batch.bounds.items():
        x = np.asarray(model.issues[i].options, dtype=float)[options[i]]
        ok = (x[None, :] >= lo[:, None] - TOLERANCE) & (x[None, :] <= hi[:, None] + TOLERANCE)
        if (p, i) in batch.binding:
            ok |= ~batch.binding[(p, i)][:, None]
        run_masks[i] = run_masks[i] & ok if i in run_masks else ok
    unless = {(line.party, line.issue) for line in model.unless_lines}
    for (p, i), binds in batch.binding.items():
        if (p, i) in batch.bounds or (p, i) in unless:
            continue
        ok = model.line_mask(p, i)[options[i]][None, :] | ~binds[:, None]        # (n, K_i): bound, or a bluff
        run_masks[i] = run_masks[i] & ok if i in run_masks else ok
    for i, count in enumerate(shape):
        if count == 0:
            out["clash"][:, i] = True
        elif i in run_masks:
            out["clash"][:, i] = ~run_masks[i].any(axis=1)
    if 0 in shape:
        out["blocker"][:] = RED_LINE
        return out
    O = int(np.prod(shape))
    wn = batch.normalised_weights(model)
    joint = _unless_masks(model, batch, options, shape)
    step = max(1, max_elements // (P * O))
    for s0 in range(0, n, step):
        s1 = min(n, s0 + step)
        _evaluate_rows(model, batch, wn, options, shape, run_masks, joint, out, s0, s1)
    return out


# An ``unless`` red line over the restricted space: the outcomes it allows (O,), and whether it binds per run
# (None: in every run).
_Joint: TypeAlias = list[tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]]


def _unless_masks(model: Model, batch: ParameterBatch, options: list[Indices], shape: tuple[int, ...]) -> _Joint:
    """Per ``unless`` red line (:class:`~accord.uncertainty.model.UnlessLine`), the flat restricted outcomes it
    allows: ``allows[o_i] | (cond_1[o_j1] & cond_2[o_j2] & ...)``, by broadcasting the issues' option masks."""
    def along(i: int, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        index = [1] * len(shape)
        index[i] = len(options[i])
        return mask[options[i]].reshape(index)

    found: _Joint = []
    for line in model.unless_lines:
        waived = np.ones([1] * len(shape), dtype=bool)
        for j, meets in line.conditions:
            waived = waived & along(j, meets)
        passes = np.broadcast_to(along(line.issue, line.allows) | waived, shape).reshape(-1)
        found.append((passes, batch.binding.get((line.party, line.issue))))
    return found


def _rows(array: FloatArray, s0: int, s1: int) -> FloatArray:
    """Runs s0..s1 of a per-run array, or the shared array when it has one row for all runs."""
    return array if array.shape[0] == 1 else array[s0:s1]


def _evaluate_rows(model: Model, batch: ParameterBatch, wn: FloatArray, options: list[Indices], shape: tuple[int, ...],
                   run_masks: dict[int, npt.NDArray[np.bool_]], joint: _Joint, out: Results, s0: int, s1: int
                   ) -> None:
    P = model.n_parties
    m = s1 - s0
    R = batch.reservations[s0:s1]                                   # (m, P)
    S: FloatArray | None = None
    for i, opts in enumerate(options):
        T = wn[s0:s1, :P, i, None] * _rows(batch.scores[i], s0, s1)[:, :P][:, :, opts]  # (m, P, K_i)
        S = T if S is None else (S[:, :, :, None] + T[:, :, None, :]).reshape(m, P, -1)
    assert S is not None  # a scenario has at least one issue
    U = S                                                           # utilities (m, P, O)
    min_s = U[:, 0] - R[:, 0, None]                                 # smallest surplus (m, O)
    scratch = np.empty_like(min_s) if P > 1 else min_s
    for p in range(1, P):
        np.subtract(U[:, p], R[:, p, None], out=scratch)
        np.minimum(min_s, scratch, out=min_s)
    if run_masks:
        ok = np.ones((m,) + shape, dtype=bool)
        for i, mask in run_masks.items():
            index: list[slice | None] = [None] * (len(shape) + 1)
            index[0], index[i + 1] = slice(None), slice(None)
            ok &= mask[s0:s1][tuple(index)]
        min_s[~ok.reshape(m, -1)] = -np.inf
    for passes, binds in joint:
        if binds is None:
            min_s[:, ~passes] = -np.inf
        else:
            min_s[binds[s0:s1, None] & ~passes[None, :]] = -np.inf
    zopa_o = min_s >= -TOLERANCE                                    # (m, O)
    size = np.count_nonzero(zopa_o, axis=1)
    any_zopa = size > 0
    gap = min_s.max(axis=1)
    gap[~np.isfinite(gap)] = GAP_FLOOR
    sl = slice(s0, s1)
    out["zopa"][sl] = any_zopa
    out["zopa_size"][sl] = size
    out["deal_gap"][sl] = gap
    has = np.flatnonzero(any_zopa)
    if has.size:
        # Nash and Kalai–Smorodinsky on the runs with a ZOPA (accord.analysis.solutions, outcomes in row-major order)
        Uz, Rz, Z = (U, R, zopa_o) if has.size == m else (U[has], R[has], zopa_o[has])
        nash_opts = _decode(solutions.nash(Uz, Rz, Z).position, options, shape)
        out["nash_options"][s0 + has] = nash_opts
        out["ks_options"][s0 + has] = _decode(solutions.kalai_smorodinsky(Uz, Rz, Z).position, options, shape)
        util = _utilities_at(model, batch, wn, nash_opts, s0 + has)
        out["utilities"][s0 + has] = util
        out["surplus"][s0 + has] = util[:, :P] - R[has]
    # blockers
    # red-line: the red lines leave no outcome (an issue clashes, or the ``unless`` lines exclude what is left)
    shut = ~np.isfinite(min_s).any(axis=1)
    blocker = np.where(any_zopa, NONE, np.where(shut, RED_LINE, RESERVATION)).astype(np.int8)
    out["blocker"][sl] = blocker
    res = np.flatnonzero(blocker == RESERVATION)
    if res.size:
        best = np.argmax(min_s[res], axis=1)
        out["short"][s0 + res] = U[res, :, best] - R[res] < -TOLERANCE


def _decode(flat: npt.NDArray[np.integer[Any]], options: list[Indices], shape: tuple[int, ...]
            ) -> npt.NDArray[np.int64]:
    """Flat indices of the restricted space -> (k, I) option indices of the full issues."""
    digits = np.unravel_index(flat, shape)
    return np.stack([opts[d] for opts, d in zip(options, digits)], axis=1).astype(np.int64)


def _utilities_at(model: Model, batch: ParameterBatch, wn: FloatArray, opts: npt.NDArray[np.int64], runs: Indices
                  ) -> FloatArray:
    """(k, A) utilities of every evaluated actor at one outcome per run (option indices ``opts``)."""
    total = np.zeros((runs.size, len(model.actors)))
    for i in range(len(model.issues)):
        scores = batch.scores[i]
        if scores.shape[0] == 1:
            values = scores[0][:, opts[:, i]].T                       # (k, A)
        else:
            values = scores[runs, :, opts[:, i]]                      # (k, A)
        total = total + wn[runs, :, i] * values
    return total


def evaluate_per_sample(scenario: Scenario, model: Model, values: Mapping[Path, FloatArray], n: int,
                        limit: int | None = None) -> Results:
    """The same results, one run at a time through accord.analysis (for large spaces).

    Each run's scenario is :func:`realise`'d (no validation; red lines that
    do not bind in the run removed); the frontier,
    ZOPA count, Nash and Kalai–Smorodinsky come from ``accord.analysis``
    (the same solutions and tie rule as :func:`evaluate`).
    """
    from ..analysis._analyze import scan
    from ..analysis.space import common_options, utilities_of
    from ..limits import MAX_ENUMERATED_OUTCOMES

    limit = MAX_ENUMERATED_OUTCOMES if limit is None else limit
    out = empty_result(n, model)
    P = model.n_parties
    binding = model.binding(values, n)
    for r in range(n):
        run = realise(scenario, {path: float(v[r]) for path, v in values.items()},
                      not_binding=model.not_binding(binding, r))
        clash = np.array([o.size == 0 for o in common_options(run)])
        out["clash"][r] = clash
        if clash.any():
            out["blocker"][r] = RED_LINE
            continue
        found = scan(run, limit)
        reservations = np.array([run.actors[p].reservation for p in run.parties])
        out["zopa_size"][r] = found.acceptable
        out["deal_gap"][r] = GAP_FLOOR if found.best_min_surplus is None else found.best_min_surplus
        if found.acceptable == 0:
            out["blocker"][r] = RESERVATION
            if found.best_min_id is not None:
                row = found.space.option_indices(np.array([found.best_min_id]))
                u = utilities_of(run, row, run.parties)[:, 0]
                out["short"][r] = u < reservations - TOLERANCE
            continue
        out["zopa"][r] = True
        utilities = found.frontier_utilities.reshape(P, -1)  # frontier in row-major order, as the tie rule wants
        rows = found.space.option_indices(found.frontier_ids)
        pick = int(solutions.nash(utilities, reservations).position)
        out["nash_options"][r] = rows[pick]
        out["ks_options"][r] = rows[int(solutions.kalai_smorodinsky(utilities, reservations).position)]
        util = utilities_of(run, rows[pick: pick + 1], model.actors)[:, 0]
        out["utilities"][r] = util
        out["surplus"][r] = util[:P] - reservations
    return out


__all__ = ["GAP_FLOOR", "MAX_ELEMENTS", "NONE", "RED_LINE", "RESERVATION", "evaluate", "evaluate_draws",
           "evaluate_per_sample", "restricted_options", "restricted_size", "vectorised_fits"]

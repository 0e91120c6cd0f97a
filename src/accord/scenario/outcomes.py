"""What an outcome means for each actor, vectorised: the reference semantics of the scenario format 1.1.

Every part of accord that evaluates outcomes (analysis, simulation tables,
Monte Carlo, tests) evaluates them here, so that one definition serves all.
An outcome is a row of option indices, one per issue in document order; a
batch of outcomes is an ``(N, n_issues)`` integer array (``digits``). The full
space is enumerated row-major (the first issue varies slowest), as
``numpy.unravel_index`` and :mod:`accord.analysis.space` do.

Definitions (scenario format, "Utility, acceptability, agreement" and
"Version 1.1 additions"):

- **meets**: an outcome meets a list of conditions (``unless`` or ``when``)
  when it meets every one: its option of that issue is listed (categorical),
  or lies in ``[min - 1e-9, max + 1e-9]`` (numeric).
- **utility**::

      u_a(o) = (sum_i w_ai v_ai(o_i) + sum_k w_k v_k [o meets when_k]) / (sum_i w_ai + sum_k w_k)

  computed as ``sum_i (w_ai / W_a) v_ai(o_i) + sum_k (w_k / W_a) v_k [..]``
  with ``W_a`` = :attr:`Actor.total_weight`, issue terms first in issue
  order, then interactions in their order. Without interactions this is, bit
  for bit, version 1's ``sum_i w_ai v_ai(o_i) / sum_i w_ai`` as
  :func:`accord.analysis.space.utilities_of` computes it.
- **allowed** (actor ``a``): every red line of ``a`` passes, where a red line
  whose preference has ``unless`` is waived on the outcomes that meet it.
  Red lines bind whatever ``holds`` says (deterministic reading); a caller
  that draws bluffs (Monte Carlo) names the red lines that do not bind.
- **accepts** (party ``p``): ``p`` is allowed and ``u_p(o) >= reservation_p
  - 1e-9``, and so is every constituency ``of`` ``p`` (two-level game,
  Putnam 1988: a negotiator's yes must be ratified at home).
- **winning** (a set ``C`` of accepting parties out of ``n``): unanimity
  ``|C| = n``; majority ``|C| > n/2``; qualified ``|C|/n >= share - 1e-9``
  and, when ``weight_share`` is given, ``sum_C vote_weight / sum_all
  vote_weight >= weight_share - 1e-9``; in every rule each ``veto`` party
  accepts.
- **ZOPA**: the outcomes whose accepting parties form a winning set.

Memory: every function is linear in the batch it is given; :func:`iter_outcomes`
hands out the space in batches of at most ``chunk_rows(n_issues)`` outcomes
(about ``CHUNK_CELLS`` option indices), so that even the enumeration limit
(:data:`accord.limits.MAX_ENUMERATED_OUTCOMES`) is walked in bounded memory.
Per-scenario tables (weighted values, red-line and condition masks) are built
once per scenario and kept while the scenario lives.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Collection, Iterator, Sequence

import numpy as np
import numpy.typing as npt

from ..errors import InvalidInput
from ..limits import MAX_ENUMERATED_OUTCOMES
from .model import TOLERANCE, Actor, Condition, Issue, Option, Preference, Scenario

CHUNK_CELLS = 1 << 22   # option indices per batch handed out by iter_outcomes (32 MiB as int64)
MAX_CHUNK = 1 << 20     # outcomes per batch, at most

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


# -- per-scenario tables, built once ---------------------------------------------------------------

class _Tables:
    """Arrays derived from one scenario (weighted values, masks), filled on first use."""

    def __init__(self, scenario: Scenario):
        self.issues: tuple[Issue, ...] = tuple(scenario.issues.values())
        self.column = {issue.id: j for j, issue in enumerate(self.issues)}
        self.lock = threading.Lock()
        self.weighted: dict[str, list[tuple[int, FloatArray]]] = {}
        self.red_lines: dict[str, list[tuple[str, int, BoolArray, tuple[Condition, ...]]]] = {}
        self.conditions: dict[tuple[str, tuple[Option, ...], float | None, float | None], BoolArray] = {}

    def condition_mask(self, condition: Condition) -> BoolArray:
        key = (condition.issue, condition.options, condition.min, condition.max)
        mask = self.conditions.get(key)
        if mask is None:
            mask = condition.mask(self.issues[self.column[condition.issue]])
            self.conditions[key] = mask
        return mask

    def actor_weighted(self, actor: Actor) -> list[tuple[int, FloatArray]]:
        """Per listed issue: (column, ``w_ai / W_a * v_ai`` over the issue's options)."""
        found = self.weighted.get(actor.id)
        if found is None:
            found = []
            for issue in self.issues:  # issues in document order (not the actor's listing order), as analysis.space sums
                pref = actor.preferences.get(issue.id)
                if pref is None:
                    continue
                weight = actor.normalised_weight(issue.id)  # the same float, times the same scores, as analysis.space
                found.append((self.column[issue.id], weight * np.asarray(pref.scores, dtype=float)))
            self.weighted[actor.id] = found
        return found

    def actor_red_lines(self, actor: Actor) -> list[tuple[str, int, BoolArray, tuple[Condition, ...]]]:
        """Per red line: (issue id, column, options it allows, its ``unless``)."""
        found = self.red_lines.get(actor.id)
        if found is None:
            found = []
            for iid, pref in actor.preferences.items():
                if pref.red_line is not None:
                    j = self.column[iid]
                    found.append((iid, j, red_line_mask(self.issues[j], pref), pref.unless))
            self.red_lines[actor.id] = found
        return found


_TABLES: weakref.WeakKeyDictionary[Scenario, _Tables] = weakref.WeakKeyDictionary()
_TABLES_LOCK = threading.Lock()


def _tables(scenario: Scenario) -> _Tables:
    with _TABLES_LOCK:
        tables = _TABLES.get(scenario)
        if tables is None:
            tables = _Tables(scenario)
            _TABLES[scenario] = tables
        return tables


def red_line_mask(issue: Issue, pref: Preference) -> BoolArray:
    """Options of ``issue`` that ``pref``'s red line allows (all of them without one), ignoring ``unless``.

    Numeric bounds with tolerance: ``min - 1e-9 <= x <= max + 1e-9``, as
    :meth:`RedLine.allows`, vectorised.
    """
    result: BoolArray = pref.acceptable(issue)
    return result


# -- the outcome space in batches ---------------------------------------------------------------------

def chunk_rows(n_issues: int) -> int:
    """Outcomes per batch for ``n_issues`` issues: about ``CHUNK_CELLS`` option indices, at most ``MAX_CHUNK``."""
    return max(1, min(MAX_CHUNK, CHUNK_CELLS // max(1, n_issues)))


def unravel(shape: Sequence[int], flat: npt.ArrayLike, options: Sequence[npt.ArrayLike] | None = None) -> IntArray:
    """Flat row-major positions in a product space of ``shape`` -> ``(N, len(shape))`` option indices.

    With ``options`` (per issue, the option indices taking part, as in
    :class:`accord.analysis.space.OutcomeSpace`), position ``d`` of issue ``j``
    maps to ``options[j][d]``.
    """
    flat = np.asarray(flat, dtype=np.int64).reshape(-1)
    if len(shape) == 0:
        return np.zeros((flat.size, 0), dtype=np.int64)
    parts = np.unravel_index(flat, tuple(int(n) for n in shape))
    if options is not None:
        parts = tuple(np.asarray(opts, dtype=np.int64)[d] for opts, d in zip(options, parts))
    return np.stack([np.asarray(d, dtype=np.int64) for d in parts], axis=1)


def iter_outcomes(scenario: Scenario, options: Sequence[npt.ArrayLike] | None = None,
                  chunk: int | None = None) -> Iterator[tuple[int, IntArray]]:
    """Yield ``(start, digits)``: the outcomes at flat positions ``start, start+1, ...`` as option indices.

    ``options`` restricts each issue to some of its option indices (default:
    all of them); the space is their product, row-major. Batches hold at most
    ``chunk`` outcomes (default :func:`chunk_rows`), so memory stays bounded
    whatever the size of the space.
    """
    if options is None:
        options = [np.arange(issue.size) for issue in scenario.issues.values()]
    shape = tuple(len(np.asarray(o)) for o in options)
    size = 1
    for n in shape:
        size *= n
    step = chunk if chunk is not None else chunk_rows(len(shape))
    if step < 1:
        raise InvalidInput("chunk", "an integer >= 1", step)
    for start in range(0, size, step):
        yield start, unravel(shape, np.arange(start, min(start + step, size), dtype=np.int64), options)


def _digits(scenario: Scenario, digits: npt.ArrayLike) -> IntArray:
    rows = np.asarray(digits)
    n = len(scenario.issues)
    if rows.ndim != 2 or rows.shape[1] != n or not np.issubdtype(rows.dtype, np.integer):
        raise InvalidInput("digits", f"an integer array of shape (N, {n}) (one option index per issue)",
                           f"shape {rows.shape}, dtype {rows.dtype}")
    return rows.astype(np.int64, copy=False)


# -- semantics ------------------------------------------------------------------------------------------

def meets(scenario: Scenario, conditions: Sequence[Condition], digits: npt.ArrayLike) -> BoolArray:
    """``(N,)``: which outcomes meet every condition (an empty list is met by every outcome).

    A condition on a categorical issue is met by the options it lists; on a
    numeric issue by ``min - 1e-9 <= x <= max + 1e-9`` (either bound).
    """
    rows = _digits(scenario, digits)
    tables = _tables(scenario)
    result = np.ones(rows.shape[0], dtype=bool)
    for condition in conditions:
        result &= tables.condition_mask(condition)[rows[:, tables.column[condition.issue]]]
    return result


def utilities(scenario: Scenario, digits: npt.ArrayLike, actors: Sequence[str] | None = None) -> FloatArray:
    """``(n_actors, N)`` utilities (default actors: ``scenario.evaluated_actors``).

    ``u_a(o) = (sum_i w_ai v_ai(o_i) + sum_k w_k v_k [o meets when_k]) /
    (sum_i w_ai + sum_k w_k)``, summed as ``(w / W) v`` terms, issues in
    document order, then interactions (see the module docstring): bit for bit
    version 1's utilities when the actor has no interactions. An actor with
    total weight 0 has utility 0 everywhere.
    """
    rows = _digits(scenario, digits)
    chosen = tuple(actors if actors is not None else scenario.evaluated_actors)
    tables = _tables(scenario)
    total = np.zeros((len(chosen), rows.shape[0]))
    for a, aid in enumerate(chosen):
        actor = scenario.actors[aid]
        for j, table in tables.actor_weighted(actor):
            total[a] += table[rows[:, j]]
        for k, term in enumerate(actor.interactions):
            coefficient = actor.interaction_weight(k) * term.value
            if coefficient:
                total[a] += np.where(meets(scenario, term.when, rows), coefficient, 0.0)
    return total


def allowed(scenario: Scenario, actor: str, digits: npt.ArrayLike,
            not_binding: Collection[tuple[str, str]] = ()) -> BoolArray:
    """``(N,)``: outcomes that pass every red line of ``actor``, each waived where its ``unless`` is met.

    ``not_binding`` lists ``(actor, issue)`` red lines taken not to bind (a
    bluff called in a Monte Carlo run, ``holds``); deterministic analysis
    passes nothing: every red line binds as stated.
    """
    rows = _digits(scenario, digits)
    tables = _tables(scenario)
    result = np.ones(rows.shape[0], dtype=bool)
    for iid, j, mask, unless in tables.actor_red_lines(scenario.actors[actor]):
        if (actor, iid) in not_binding:
            continue
        passes = mask[rows[:, j]]
        if unless:
            passes |= meets(scenario, unless, rows)
        result &= passes
    return result


def satisfied(scenario: Scenario, actor: str, digits: npt.ArrayLike, utility: FloatArray | None = None,
              not_binding: Collection[tuple[str, str]] = ()) -> BoolArray:
    """``(N,)``: ``actor`` alone would say yes: allowed and ``u >= reservation - 1e-9`` (no ratification).

    ``utility`` may pass the actor's utilities of these outcomes when known.
    """
    rows = _digits(scenario, digits)
    if utility is None:
        utility = utilities(scenario, rows, (actor,))[0]
    return allowed(scenario, actor, rows, not_binding) & (utility >= scenario.actors[actor].reservation - TOLERANCE)


def accepts(scenario: Scenario, digits: npt.ArrayLike, parties: Sequence[str] | None = None,
            not_binding: Collection[tuple[str, str]] = ()) -> BoolArray:
    """``(n_parties, N)``: which parties accept each outcome (default parties: ``scenario.parties``).

    Party ``p`` accepts ``o`` when ``p`` is satisfied (its red lines after
    ``unless``, its reservation) and so is every constituency ``of`` ``p``
    (:attr:`Scenario.constituencies`), each with tolerance 1e-9.
    """
    rows = _digits(scenario, digits)
    chosen = tuple(parties if parties is not None else scenario.parties)
    ratifiers = scenario.constituencies
    result = np.empty((len(chosen), rows.shape[0]), dtype=bool)
    for r, pid in enumerate(chosen):
        ok = satisfied(scenario, pid, rows, not_binding=not_binding)
        for cid in ratifiers.get(pid, ()):
            if not ok.any():
                break
            ok &= satisfied(scenario, cid, rows, not_binding=not_binding)
        result[r] = ok
    return result


def winning(scenario: Scenario, accepting: npt.ArrayLike) -> BoolArray:
    """``(N,)``: whether the parties that accept (``accepting``, ``(n_parties, N)`` in ``scenario.parties``
    order) form a winning set under ``scenario.decision_rule``.

    unanimity: ``|C| = n``; majority: ``|C| > n/2`` (``2|C| > n``, exact);
    qualified: ``|C|/n >= share - 1e-9`` and, with ``weight_share``,
    ``sum_C vote_weight / sum_all vote_weight >= weight_share - 1e-9``; and
    every ``veto`` party accepts.
    """
    table = np.asarray(accepting)
    parties = scenario.parties
    if table.ndim != 2 or table.shape[0] != len(parties) or table.dtype != np.bool_:
        raise InvalidInput("accepting", f"a boolean array of shape ({len(parties)}, N), one row per party",
                           f"shape {table.shape}, dtype {table.dtype}")
    rule = scenario.decision_rule
    n = len(parties)
    count = table.sum(axis=0, dtype=np.int64)
    if rule.rule == "unanimity":
        result = count == n
    elif rule.rule == "majority":
        result = 2 * count > n
    else:
        share = rule.share if rule.share is not None else 1.0
        result = count / n >= share - TOLERANCE
        if rule.weight_share is not None:
            weights = np.array([scenario.actors[p].vote_weight for p in parties], dtype=float)
            total = float(weights.sum())
            part = weights @ table.astype(float) if total > 0 else np.zeros(table.shape[1])
            result &= (part / total if total > 0 else part) >= rule.weight_share - TOLERANCE
    for pid in rule.veto:
        result &= table[parties.index(pid)]
    return np.asarray(result, dtype=bool)


def zopa(scenario: Scenario, digits: npt.ArrayLike, not_binding: Collection[tuple[str, str]] = ()) -> BoolArray:
    """``(N,)``: the outcomes in the zone of possible agreement: their accepting parties form a winning set."""
    return winning(scenario, accepts(scenario, digits, not_binding=not_binding))


def count_zopa(scenario: Scenario, options: Sequence[npt.ArrayLike] | None = None,
               limit: int | None = MAX_ENUMERATED_OUTCOMES, chunk: int | None = None) -> int:
    """Number of outcomes of the (restricted) space in the ZOPA, enumerated in bounded batches.

    Refuses (``InvalidInput``) a space of more than ``limit`` outcomes.
    """
    if options is None:
        options = [np.arange(issue.size) for issue in scenario.issues.values()]
    size = 1
    for opts in options:
        size *= len(np.asarray(opts))
    if limit is not None and size > limit:
        raise InvalidInput(f"the outcome space has {size:.3g} outcomes; exact enumeration covers at most {limit:.0e}")
    return sum(int(np.count_nonzero(zopa(scenario, rows))) for _, rows in iter_outcomes(scenario, options, chunk))


__all__ = ["CHUNK_CELLS", "MAX_CHUNK", "accepts", "allowed", "chunk_rows", "count_zopa", "iter_outcomes", "meets",
           "red_line_mask", "satisfied", "unravel", "utilities", "winning", "zopa"]

"""The negotiation table: every outcome's utilities and red-line checks as arrays.

A simulated negotiation moves through the whole outcome space (offers need
not be in the ZOPA), so the table holds, for outcome index ``k`` (row-major
over the issues, as everywhere in accord):

- ``utilities[a, k]``: utility of actor ``a`` (parties first, then the other
  actors with preferences, constituencies among them), interaction terms
  included (format 1.1);
- ``allowed[p, k]``: whether party ``p``'s own red lines pass ``k``, each
  red line waived where its ``unless`` is met;
- ``satisfied[p, k]``: ``allowed`` and ``u_p >= reservation_p`` (tolerance
  1e-9): the party's own yes, before ratification;
- ``acceptable[p, k]``: ``satisfied`` and every constituency ``of`` ``p``
  satisfied too (its red lines after ``unless``, its reservation): the only
  offers a rational party may accept, and the only yes a protocol counts
  (two-level game, Putnam 1988). Without constituencies it equals
  ``satisfied``;
- ``offerable[p, k]``: ``allowed`` and every constituency of ``p`` satisfied:
  the outcomes ``p`` proposes from (``best``, ``floor`` and ``ranked`` are
  over them); ``allowed`` without constituencies.

Every entry is the reference semantics of :mod:`accord.scenario.outcomes`
(``utilities``, ``allowed``, ``satisfied``), evaluated over the space in
bounded batches (:func:`accord.scenario.outcomes.iter_outcomes`), so the
simulation and the analysis agree by construction; for a version 1 document
the arrays are bit for bit those of version 1. Arrays are read-only, so that
strategies can be handed them without copies.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from ..analysis.space import OutcomeSpaceTooLarge
from ..scenario import TOLERANCE, Scenario
from ..scenario import outcomes as semantics
from ..scenario.model import Option

MAX_TABLE_OUTCOMES = 5_000_000

# a party's allowed outcomes sorted by its utility, ascending: (utilities, outcome indices)
Ranked = tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]


@dataclass(frozen=True, eq=False)
class Table:
    source: Scenario | weakref.ReferenceType[Scenario]  # the scenario (weakly for a kept table): see ``scenario``
    parties: tuple[str, ...]
    actors: tuple[str, ...]
    utilities: npt.NDArray[np.float64]
    allowed: npt.NDArray[np.bool_]
    reservations: npt.NDArray[np.float64]
    acceptable: npt.NDArray[np.bool_]
    shape: tuple[int, ...]
    _cache: dict[tuple[str, int], Ranked] = field(default_factory=dict, repr=False)
    # the party's own yes before ratification (None: equal to ``acceptable``, no constituencies)
    satisfied_: npt.NDArray[np.bool_] | None = field(default=None, repr=False)
    # whether every constituency of the party is satisfied (None: no constituencies)
    ratified_: npt.NDArray[np.bool_] | None = field(default=None, repr=False)
    not_binding: frozenset[tuple[str, str]] = frozenset()

    @property
    def scenario(self) -> Scenario:
        """The scenario the table was built from (a kept table refers to it weakly: :func:`build_table`)."""
        source = self.source
        if isinstance(source, weakref.ReferenceType):
            found = source()
            if found is None:
                raise ReferenceError("the scenario of this simulation table no longer exists")
            return found
        return source

    @property
    def satisfied(self) -> npt.NDArray[np.bool_]:
        """(P, N): each party's own yes (its red lines after ``unless``, its reservation), before ratification."""
        return self.acceptable if self.satisfied_ is None else self.satisfied_

    def not_ratified(self, j: int, k: int) -> tuple[str, ...]:
        """The constituencies of party ``j`` that reject outcome ``k`` (none when ``k`` is acceptable to ``j``).

        Non-empty exactly when party ``j`` is satisfied with ``k`` but ``k`` is not acceptable to it:
        its own yes would not be ratified at home.
        """
        if self.acceptable[j, k] or not self.satisfied[j, k]:
            return ()
        rows = np.asarray(np.unravel_index(int(k), self.shape), dtype=np.int64).reshape(1, -1)
        ratifiers = self.scenario.constituencies.get(self.parties[j], ())
        return tuple(c for c in ratifiers
                     if not semantics.satisfied(self.scenario, c, rows, not_binding=self.not_binding)[0])

    @property
    def size(self) -> int:
        return int(self.utilities.shape[1])

    def party_index(self, party: str) -> int:
        return self.parties.index(party)

    def outcome(self, k: int) -> dict[str, Option]:
        """Outcome index -> ``{issue: option}``."""
        digits = np.unravel_index(int(k), self.shape)
        return {issue.id: issue.options[int(d)] for issue, d in zip(self.scenario.issues.values(), digits)}

    def index_of(self, outcome: Mapping[str, Option]) -> int:
        """``{issue: option}`` -> outcome index."""
        digits = [issue.index_of(outcome[issue.id]) for issue in self.scenario.issues.values()]
        return int(np.ravel_multi_index(digits, self.shape))

    @cached_property
    def digits(self) -> npt.NDArray[np.signedinteger[Any]]:
        """(N, n_issues) option indices of every outcome (built on first use)."""
        kind = np.int16 if max(self.shape) < 2**15 else np.int32
        grids = np.unravel_index(np.arange(self.size), self.shape)
        result = np.stack([g.astype(kind) for g in grids], axis=1)
        result.flags.writeable = False
        return result

    @cached_property
    def offerable(self) -> npt.NDArray[np.bool_]:
        """(P, N): what a party may offer: its own red lines pass and its constituencies would ratify
        (``allowed`` without constituencies; a party knows its own constituencies' verdicts)."""
        if self.ratified_ is None:
            return self.allowed
        result = self.allowed & self.ratified_
        result.flags.writeable = False
        return result

    @cached_property
    def best(self) -> npt.NDArray[np.float64]:
        """Per party, its largest utility among the outcomes it may offer (:attr:`offerable`)."""
        n = len(self.parties)
        ok = self.offerable
        return np.array([self.utilities[j][ok[j]].max() if ok[j].any() else 0.0 for j in range(n)])

    @cached_property
    def floor(self) -> npt.NDArray[np.float64]:
        """Per party, the least it rationally asks for: max(reservation, worst utility it may offer)."""
        n = len(self.parties)
        ok = self.offerable
        worst = [self.utilities[j][ok[j]].min() if ok[j].any() else 0.0 for j in range(n)]
        return np.maximum(self.reservations, worst)

    def ranked(self, j: int) -> Ranked:
        """The outcomes party j may offer (:attr:`offerable`) sorted by its utility, ascending: (utilities, indices)."""
        key = ("ranked", j)
        if key not in self._cache:
            allowed = np.flatnonzero(self.offerable[j])
            order = allowed[np.argsort(self.utilities[j][allowed], kind="stable")]
            self._cache[key] = (self.utilities[j][order], order)
        return self._cache[key]

    def utilities_of(self, k: int) -> dict[str, float]:
        return {a: float(self.utilities[j, k]) for j, a in enumerate(self.actors)}


_TABLES: weakref.WeakKeyDictionary[Scenario, Table] = weakref.WeakKeyDictionary()


def build_table(scenario: Scenario, limit: int = MAX_TABLE_OUTCOMES,
                not_binding: Collection[tuple[str, str]] = ()) -> Table:
    """Arrays of utilities, red-line passes and acceptability over all outcomes.

    ``not_binding`` names ``(actor, issue)`` red lines that do not bind (a
    Monte Carlo draw of ``holds``, see :func:`accord.scenario.outcomes.allowed`);
    deterministic simulation passes nothing. Tables are immutable, so one is
    kept per live scenario object (for the deterministic reading): a batch of
    runs over the same scenario builds it once. The kept table refers to the
    scenario weakly (``Table.scenario``), so it lives no longer than the scenario.
    """
    dropped = frozenset(not_binding)
    if dropped:
        return _build_table(scenario, limit, dropped)
    cached = _TABLES.get(scenario)
    if cached is not None:
        return cached
    # the kept table refers to its scenario weakly: a value holding its own key strongly would keep the key alive
    # for ever, and with it every scenario ever simulated (one per Monte Carlo draw) and its outcome-space arrays
    table = replace(_build_table(scenario, limit, dropped), source=weakref.ref(scenario))
    _TABLES[scenario] = table
    return table


def _build_table(scenario: Scenario, limit: int, not_binding: frozenset[tuple[str, str]]) -> Table:
    """Steps: refuse a space above ``limit``; then, batch by batch of the row-major space
    (:func:`~accord.scenario.outcomes.iter_outcomes`), fill the actors' utilities
    (:func:`~accord.scenario.outcomes.utilities`), each party's ``allowed`` and own ``satisfied``, and
    each constituency's ``satisfied`` (:func:`~accord.scenario.outcomes.satisfied`); ``acceptable`` is the
    party's ``satisfied`` and its constituencies'."""
    size = scenario.outcome_count
    if size > limit:
        raise OutcomeSpaceTooLarge(f"simulation needs the whole outcome space in memory; it has {size:.3g} outcomes "
                                   f"and the limit is {limit:.0e}")
    actors = scenario.evaluated_actors
    parties = scenario.parties
    ratifiers = {p: c for p, c in scenario.constituencies.items() if c}
    reservations = np.array([scenario.actors[p].reservation for p in parties])
    if not ratifiers and _separable(scenario, actors):
        return _broadcast_table(scenario, actors, parties, reservations, not_binding)
    utilities = np.empty((len(actors), size))
    allowed = np.empty((len(parties), size), dtype=bool)
    satisfied = np.empty((len(parties), size), dtype=bool)
    acceptable = np.empty((len(parties), size), dtype=bool) if ratifiers else satisfied
    ratified = np.ones((len(parties), size), dtype=bool) if ratifiers else None
    for start, rows in semantics.iter_outcomes(scenario):
        stop = start + rows.shape[0]
        chunk = semantics.utilities(scenario, rows, actors)
        utilities[:, start:stop] = chunk
        for j, party in enumerate(parties):
            allowed[j, start:stop] = semantics.allowed(scenario, party, rows, not_binding)
        satisfied[:, start:stop] = allowed[:, start:stop] & (chunk[: len(parties)] >= reservations[:, None] - TOLERANCE)
        for j, party in enumerate(parties):
            if party not in ratifiers:
                if acceptable is not satisfied:
                    acceptable[j, start:stop] = satisfied[j, start:stop]
                continue
            assert ratified is not None
            home = ratified[j, start:stop]
            for cid in ratifiers[party]:
                own = chunk[actors.index(cid)] if cid in actors else None
                home &= semantics.satisfied(scenario, cid, rows, own, not_binding)
            acceptable[j, start:stop] = satisfied[j, start:stop] & home
    for array in (utilities, allowed, reservations, satisfied, acceptable, ratified):
        if array is not None:
            array.flags.writeable = False
    shape = tuple(issue.size for issue in scenario.issues.values())
    return Table(scenario, parties, actors, utilities, allowed, reservations, acceptable, shape,
                 satisfied_=satisfied if ratifiers else None, ratified_=ratified, not_binding=not_binding)


def _separable(scenario: Scenario, actors: tuple[str, ...]) -> bool:
    """No ``unless`` and no interaction among the actors: utilities and red lines factor issue by issue."""
    return not any(a.interactions or any(p.unless for p in a.preferences.values())
                   for a in (scenario.actors[aid] for aid in actors))


def _broadcast_table(scenario: Scenario, actors: tuple[str, ...], parties: tuple[str, ...],
                     reservations: npt.NDArray[np.float64], not_binding: frozenset[tuple[str, str]]) -> Table:
    """The table of a separable scenario by broadcasting issue by issue (a version 1 document's fast path):
    utilities summed over the issues in document order, red lines as a product of per-issue masks. The same
    numbers as :func:`~accord.scenario.outcomes.utilities` and :func:`~accord.scenario.outcomes.allowed` (the
    tests compare them), an order of magnitude faster."""
    from ..analysis.space import build_space

    space = build_space(scenario, actors, restrict=False, limit=None)
    utilities = np.zeros((len(actors), 1))
    for table in space.tables:
        utilities = (utilities[:, :, None] + table[:, None, :]).reshape(len(actors), -1)
    allowed = np.ones((len(parties), 1), dtype=bool)
    for issue in scenario.issues.values():
        masks = []
        for party in parties:
            pref = scenario.actors[party].preferences.get(issue.id)
            binding = pref is not None and (party, issue.id) not in not_binding
            masks.append(pref.acceptable(issue) if binding and pref is not None else np.ones(issue.size, dtype=bool))
        allowed = (allowed[:, :, None] & np.array(masks)[:, None, :]).reshape(len(parties), -1)
    satisfied = allowed & (utilities[: len(parties)] >= reservations[:, None] - TOLERANCE)
    for array in (utilities, allowed, reservations, satisfied):
        array.flags.writeable = False
    shape = tuple(issue.size for issue in scenario.issues.values())
    return Table(scenario, parties, actors, utilities, allowed, reservations, satisfied, shape,
                 satisfied_=None, ratified_=None, not_binding=not_binding)

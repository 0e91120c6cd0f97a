"""The negotiation table: every outcome's utilities and red-line checks as arrays.

A simulated negotiation moves through the whole outcome space (offers need
not be in the ZOPA), so the table holds, for outcome index ``k`` (row-major
over the issues, as everywhere in accord):

- ``utilities[a, k]``: utility of actor ``a`` (parties first, then the other
  actors with preferences);
- ``allowed[p, k]``: whether party ``p``'s red lines pass ``k``;
- ``acceptable[p, k]``: ``allowed`` and ``u_p >= reservation_p`` (tolerance
  1e-9), the only offers a rational party may accept.

Arrays are built by broadcasting issue by issue and are read-only, so that
strategies can be handed them without copies.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from ..analysis.space import OutcomeSpaceTooLarge, build_space
from ..scenario import TOLERANCE, Scenario
from ..scenario.model import Option

MAX_TABLE_OUTCOMES = 5_000_000

# a party's allowed outcomes sorted by its utility, ascending: (utilities, outcome indices)
Ranked = tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]


@dataclass(frozen=True, eq=False)
class Table:
    scenario: Scenario
    parties: tuple[str, ...]
    actors: tuple[str, ...]
    utilities: npt.NDArray[np.float64]
    allowed: npt.NDArray[np.bool_]
    reservations: npt.NDArray[np.float64]
    acceptable: npt.NDArray[np.bool_]
    shape: tuple[int, ...]
    _cache: dict[tuple[str, int], Ranked] = field(default_factory=dict, repr=False)

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
    def best(self) -> npt.NDArray[np.float64]:
        """Per party, its largest utility among outcomes its red lines allow."""
        n = len(self.parties)
        return np.array([self.utilities[j][self.allowed[j]].max() if self.allowed[j].any() else 0.0 for j in range(n)])

    @cached_property
    def floor(self) -> npt.NDArray[np.float64]:
        """Per party, the least it rationally asks for: max(reservation, worst allowed utility)."""
        n = len(self.parties)
        worst = [self.utilities[j][self.allowed[j]].min() if self.allowed[j].any() else 0.0 for j in range(n)]
        return np.maximum(self.reservations, worst)

    def ranked(self, j: int) -> Ranked:
        """Party j's allowed outcomes sorted by its utility, ascending: (utilities, indices)."""
        key = ("ranked", j)
        if key not in self._cache:
            allowed = np.flatnonzero(self.allowed[j])
            order = allowed[np.argsort(self.utilities[j][allowed], kind="stable")]
            self._cache[key] = (self.utilities[j][order], order)
        return self._cache[key]

    def utilities_of(self, k: int) -> dict[str, float]:
        return {a: float(self.utilities[j, k]) for j, a in enumerate(self.actors)}


_TABLES: weakref.WeakKeyDictionary[Scenario, Table] = weakref.WeakKeyDictionary()


def build_table(scenario: Scenario, limit: int = MAX_TABLE_OUTCOMES) -> Table:
    """Arrays of utilities, red-line passes and acceptability over all outcomes.

    Tables are immutable, so one is kept per live scenario object: a batch of
    runs over the same scenario builds it once.
    """
    cached = _TABLES.get(scenario)
    if cached is not None:
        return cached
    table = _build_table(scenario, limit)
    _TABLES[scenario] = table
    return table


def _build_table(scenario: Scenario, limit: int) -> Table:
    size = scenario.outcome_count
    if size > limit:
        raise OutcomeSpaceTooLarge(f"simulation needs the whole outcome space in memory; it has {size:.3g} outcomes "
                                   f"and the limit is {limit:.0e}")
    actors = scenario.evaluated_actors
    parties = scenario.parties
    space = build_space(scenario, actors, restrict=False, limit=None)
    utilities = np.zeros((len(actors), 1))
    for table in space.tables:
        utilities = (utilities[:, :, None] + table[:, None, :]).reshape(len(actors), -1)
    allowed = np.ones((len(parties), 1), dtype=bool)
    for issue in scenario.issues.values():
        masks = []
        for party in parties:
            pref = scenario.actors[party].preferences.get(issue.id)
            masks.append(pref.acceptable(issue) if pref is not None else np.ones(issue.size, dtype=bool))
        allowed = (allowed[:, :, None] & np.array(masks)[:, None, :]).reshape(len(parties), -1)
    reservations = np.array([scenario.actors[p].reservation for p in parties])
    acceptable = allowed & (utilities[: len(parties)] >= reservations[:, None] - TOLERANCE)
    for array in (utilities, allowed, reservations, acceptable):
        array.flags.writeable = False
    shape = tuple(issue.size for issue in scenario.issues.values())
    return Table(scenario, parties, actors, utilities, allowed, reservations, acceptable, shape)

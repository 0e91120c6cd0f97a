"""The pair of parties most in conflict: the two whose utilities a two-dimensional view should show.

A scatter of the outcome space has two axes; with more than two parties
someone must choose which two. The briefing's outcome-space figure, the
workbench's default and ``accord analyze --json`` (``conflicting_pair``)
all take this one definition:

1. two parties: those two (``reason`` ``"two-parties"``);
2. when red lines block the deal, the first blocker (in the blockers'
   order) that names two parties in conflict: a minimal conflicting set of
   two parties (:mod:`accord.analysis.conflicts`), or a red-line blocker
   naming exactly two parties; the two in the scenario's order
   (``"red-lines"``, with the ``issue``);
3. otherwise the pair whose utilities over the whole outcome space are the
   least correlated (Pearson's r, lowest first; ``"least-correlated"``,
   with ``correlation``). A party whose utility never changes counts as
   r = 1 (nothing to trade). Ties (r equal to 1e-12) go to the first pair
   in the scenario's order of the parties.

The correlation is exact without enumerating the space. Under the uniform
distribution over the outcome space the issues are independent and the
utilities are additive, ``U_a = sum_i T_ai[o_i]`` with
``T_ai = w_ai / W_a * v_ai`` (:func:`accord.analysis.space.utility_tables`), so

    Cov(U_a, U_b) = sum_i Cov_i(T_ai, T_bi),

each ``Cov_i`` over the issue's options taken uniformly, and
``r = Cov(U_a, U_b) / sqrt(Var U_a Var U_b)``: O(parties^2 x options)
instead of O(parties^2 x outcomes). Format 1.1 interactions are not
additive: when a party has some, the utilities are enumerated instead
(:func:`accord.scenario.outcomes.utilities`, while parties x outcomes is at
most ``MAX_PAIR_CELLS``, 32 MiB of utilities; beyond, the additive part
alone is used, and the result says so in ``approximate``). Every analysis
computes the pair, so its cost stays small beside the analysis's own.

>>> from accord.scenario import load
>>> load().parties
('israel', 'hamas')
>>> conflicting_pair(load(), ()).to_json()
{'parties': ['israel', 'hamas'], 'reason': 'two-parties'}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..scenario import Scenario
from ..scenario import outcomes as reference
from .space import utility_tables

if TYPE_CHECKING:
    from ._analyze import Blocker

MAX_PAIR_CELLS = 1 << 22  # parties x outcomes enumerated when interactions make utilities non-additive
TIE = 1e-12


@dataclass(frozen=True)
class ConflictingPair:
    """The pair (module docstring), why it was chosen, and where or how much."""

    parties: tuple[str, str]
    reason: str                      # two-parties | red-lines | least-correlated
    issue: str | None = None         # red-lines: the blocker's issue
    correlation: float | None = None  # least-correlated: Pearson's r
    approximate: bool = False        # least-correlated with interactions beyond MAX_PAIR_CELLS

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"parties": list(self.parties), "reason": self.reason}
        if self.issue is not None:
            data["issue"] = self.issue
        if self.correlation is not None:
            data["correlation"] = self.correlation
        if self.approximate:
            data["approximate"] = True
        return data

    def describe(self) -> str:
        """Why this pair, in words (figure subtitles, the workbench)."""
        if self.reason == "two-parties":
            return "the two parties"
        if self.reason == "red-lines":
            return f"the pair whose red lines conflict on {self.issue}"
        return f"the pair whose utilities are the least correlated (r = {self.correlation:.2f})"


def conflicting_pair(scenario: Scenario, blockers: Sequence[Blocker]) -> ConflictingPair:
    """The pair of parties most in conflict (module docstring), from the analysis's ``blockers``."""
    parties = tuple(scenario.parties)
    if len(parties) <= 2:
        first, second = (parties + parties)[:2]
        return ConflictingPair((first, second), "two-parties")
    for blocker in blockers:
        if blocker.kind != "red-line":
            continue
        sets: list[tuple[str, ...]] = [s for s in (blocker.minimal_conflicts or ()) if len(s) == 2]
        if not sets and len(blocker.parties) == 2:
            sets = [tuple(blocker.parties)]
        if sets:
            first, second = sorted(sets[0], key=parties.index)
            return ConflictingPair((first, second), "red-lines", issue=blocker.issue)
    r, approximate = correlations(scenario)
    r = np.round(r / TIE) * TIE  # equal to 1e-12: a tie, to the first pair in the scenario's order
    r[np.tril_indices(len(parties))] = np.inf  # each pair once, i < j
    i, j = np.unravel_index(int(np.argmin(r)), r.shape)
    return ConflictingPair((parties[int(i)], parties[int(j)]), "least-correlated",
                           correlation=float(r[i, j]), approximate=approximate)


def correlations(scenario: Scenario) -> tuple[np.ndarray, bool]:
    """(parties x parties) Pearson correlations of the parties' utilities over the whole outcome space (a
    party whose utility never changes: 1 with every other), and whether interactions were left out."""
    parties = tuple(scenario.parties)
    interacting = any(scenario.actors[p].interactions for p in parties)
    approximate = False
    if interacting and len(parties) * scenario.outcome_count <= MAX_PAIR_CELLS:
        digits = reference.unravel([issue.size for issue in scenario.issues.values()],
                                   np.arange(scenario.outcome_count, dtype=np.int64))
        u = reference.utilities(scenario, digits, parties)
        centred = u - u.mean(axis=1, keepdims=True)
        cov = centred @ centred.T / u.shape[1]
    else:
        approximate = interacting
        full = [np.arange(issue.size) for issue in scenario.issues.values()]
        cov = np.zeros((len(parties), len(parties)))
        for table in utility_tables(scenario, parties, full):  # (parties, options of the issue)
            centred = table - table.mean(axis=1, keepdims=True)
            cov += centred @ centred.T / table.shape[1]
    var = np.diag(cov).copy()
    flat = var <= 1e-24
    scale = np.sqrt(np.where(flat, 1.0, var))
    r = cov / np.outer(scale, scale)
    r[flat, :] = 1.0
    r[:, flat] = 1.0
    return r, approximate


__all__ = ["MAX_PAIR_CELLS", "ConflictingPair", "conflicting_pair", "correlations"]

"""Analysis of a scenario's whole outcome space: ZOPA, frontier, solutions, blockers.

Steps of :func:`analyze`:

1. Keep, per issue, the options every party's red lines allow (red lines
   factor per issue, so this shrinks the space before any enumeration); an
   issue left with no option is a ``red-line`` blocker.
2. Find the Pareto frontier of that space by merging issue by issue
   (``pareto.additive_frontier``; no enumeration). The ZOPA's frontier is
   its members that meet every reservation: whatever dominates a ZOPA
   outcome is itself in the ZOPA.
3. Count the ZOPA, in chunks of utilities when it is not the whole space.
4. Evaluate the four bargaining solutions on the ZOPA's frontier, where
   every maximiser lies (see ``solutions``).
5. When the ZOPA is empty, explain it (blockers) and search for unlocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..limits import MAX_ENUMERATED_OUTCOMES, MAX_FRONTIER_PACKAGES
from ..scenario import TOLERANCE, Scenario
from .frontier import Frontier
from .pareto import additive_frontier
from .solutions import SOLUTIONS, kalai_smorodinsky
from .space import OutcomeSpace, OutcomeSpaceTooLarge, build_space, common_options, utilities_of

DIGITS = 10  # JSON utilities are rounded to this many decimals to hide float noise
PARETO_LIMIT = 1000  # frontier packages in Analysis.to_json() by default (pareto_size counts them all)


@dataclass(frozen=True)
class Deal:
    """An outcome with every evaluated actor's utility (and a solution's score)."""

    outcome: dict[str, Any]
    utilities: dict[str, float]
    score: float | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"outcome": dict(self.outcome), "utilities": {a: rounded(u) for a, u in self.utilities.items()}}
        if self.score is not None:
            data["score"] = significant(self.score)
        return data


@dataclass(frozen=True)
class Blocker:
    """Why the ZOPA is empty: a red-line clash on an issue, or reservations."""

    kind: str
    issue: str | None
    parties: tuple[str, ...]
    shortfall: dict[str, float] | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "issue": self.issue, "parties": list(self.parties)}
        if self.shortfall is not None:
            data["shortfall"] = {p: rounded(s) for p, s in self.shortfall.items()}
        return data

    def short(self) -> str:
        if self.kind == "red-line":
            return f"red lines: {self.issue}"
        return "reservations: " + ", ".join(self.parties)

    def describe(self) -> str:
        if self.kind == "red-line":
            return f"red lines of {', '.join(self.parties)} leave no common option on {self.issue}"
        gaps = ", ".join(f"{p} short by {s:.3f}" for p, s in (self.shortfall or {}).items())
        return f"no outcome meets every reservation ({gaps})"


@dataclass(frozen=True)
class Unlock:
    """A single change that opens the ZOPA, with the Nash deal it makes possible."""

    description: str
    patch: dict[str, Any]
    acceptable: int
    nash: Deal | None
    party: str
    kind: str  # widen-red-line | drop-red-line | lower-reservation
    magnitude: float

    def to_json(self) -> dict[str, Any]:
        return {"description": self.description, "patch": self.patch, "acceptable": self.acceptable,
                "nash": self.nash.to_json() if self.nash else None}


@dataclass(frozen=True)
class Analysis:
    """What ``accord analyze`` reports (scenario format, "Analysis")."""

    scenario: str
    variant: str | None
    parties: tuple[str, ...]
    outcomes: int
    acceptable: int
    pareto: Frontier  # a sequence of Deal, built on access
    solutions: dict[str, Deal | None]
    blockers: tuple[Blocker, ...]
    unlock: tuple[Unlock, ...] = field(default=())

    @property
    def zopa_empty(self) -> bool:
        return self.acceptable == 0

    def to_json(self, pareto_limit: int | None = PARETO_LIMIT) -> dict[str, Any]:
        """The JSON contract of ``accord analyze --json``.

        ``pareto`` lists the first ``pareto_limit`` packages of the frontier in
        its order (the first party's utility, highest first; ties by the
        second party's, highest first), ``pareto_size`` counts them all and
        ``pareto_truncated`` says whether some were left out; ``None`` lists
        all (``accord analyze --json --full-frontier``; the web never does).
        A frontier can hold millions of packages: the cap keeps the document
        (and the web's answer) small whatever the scenario.
        """
        size = len(self.pareto)
        shown = size if pareto_limit is None else min(size, max(0, int(pareto_limit)))
        return {
            "scenario": self.scenario,
            "variant": self.variant,
            "parties": list(self.parties),
            "outcomes": self.outcomes,
            "acceptable": self.acceptable,
            "pareto": [d.to_json() for d in self.pareto[:shown]],
            "pareto_size": size,
            "pareto_truncated": shown < size,
            "solutions": {k: (d.to_json() if d else None) for k, d in self.solutions.items()},
            "blockers": [b.to_json() for b in self.blockers],
            "unlock": [u.to_json() for u in self.unlock],
        }


@dataclass(frozen=True)
class ZopaScan:
    """Raw results over the red-line-restricted space (positions are flat indices in ``space``).

    ``frontier_*`` describe the Pareto frontier of the ZOPA; ``best_min_*``
    the outcome with the largest minimum surplus (the reservation blocker's
    witness), which lies on the frontier of the restricted space.
    """

    space: OutcomeSpace
    acceptable: int
    frontier_ids: npt.NDArray[np.int64]
    frontier_utilities: npt.NDArray[np.float64]  # (n_parties, k)
    best_min_surplus: float | None
    best_min_id: int | None


def scan(scenario: Scenario, limit: int | None = MAX_ENUMERATED_OUTCOMES) -> ZopaScan:
    """Frontier by issue-by-issue merging; ZOPA size by a chunked count when needed."""
    parties = scenario.parties
    space = build_space(scenario, parties, limit=None)
    reservations = np.array([scenario.actors[p].reservation for p in parties])
    max_packages = MAX_FRONTIER_PACKAGES if limit is not None else None
    ids = additive_frontier(space.tables, max_packages) if space.size else np.empty(0, dtype=np.int64)
    utilities = space.utilities_at(ids)
    surplus = (utilities - reservations[:, None]).min(axis=0)
    best_id = int(ids[int(np.argmax(surplus))]) if ids.size else None
    best = float(surplus.max()) if ids.size else None
    ok = surplus >= -TOLERANCE
    return ZopaScan(space, count_acceptable(space, reservations, limit), ids[ok], utilities[:, ok], best, best_id)


def count_acceptable(space: OutcomeSpace, reservations: npt.NDArray[np.float64],
                     limit: int | None = MAX_ENUMERATED_OUTCOMES) -> int:
    """Number of outcomes of ``space`` giving every party its reservation.

    When even each party's worst outcome meets its reservation the answer is
    the whole space, found without enumeration; otherwise the space is
    counted in chunks (refused beyond ``limit`` outcomes).
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
    for _, chunk in space.chunks():
        count += int(np.count_nonzero(np.all(chunk >= reservations[:, None] - TOLERANCE, axis=0)))
    return count


def analyze(scenario: Scenario, *, unlock: bool = True, limit: int | None = MAX_ENUMERATED_OUTCOMES) -> Analysis:
    """Analyse ``scenario``'s outcome space (see the module docstring for the steps).

    >>> import accord
    >>> result = accord.analyze(accord.load())
    >>> result.acceptable, [b.issue for b in result.blockers]
    (0, ['ceasefire'])
    """
    parties = scenario.parties
    result = scan(scenario, limit)
    space = result.space
    rows = space.option_indices(result.frontier_ids)
    reservations = np.array([scenario.actors[p].reservation for p in parties])
    party_utils = result.frontier_utilities.reshape(len(parties), -1)
    actors = scenario.evaluated_actors
    all_utils = utilities_of(scenario, rows, actors)

    def deal(k: int, score: float | None = None) -> Deal:
        return Deal(space.outcome(rows[k]), {a: float(all_utils[j, k]) for j, a in enumerate(actors)}, score)

    order = np.lexsort((-party_utils[1], -party_utils[0])) if rows.shape[0] else np.empty(0, dtype=int)
    pareto = Frontier(lambda k: deal(int(order[k])), all_utils[:, order], tuple(actors))
    solutions: dict[str, Deal | None] = {}
    for name, solve in SOLUTIONS.items():  # candidates in the space's row-major order, as the tie rule wants
        index, score = solve(party_utils, reservations)
        solutions[name] = deal(int(index), float(score)) if index >= 0 else None
    blockers = () if result.acceptable else find_blockers(scenario, result)
    found: tuple[Unlock, ...] = ()
    if unlock and not result.acceptable:
        from .unlock import find_unlocks  # unlock re-enters analyze on patched scenarios

        found = find_unlocks(scenario, result, blockers, limit=limit)
    return Analysis(scenario.name, scenario.variant, parties, scenario.outcome_count, result.acceptable,
                    pareto, solutions, blockers, found)


def find_blockers(scenario: Scenario, result: ZopaScan) -> tuple[Blocker, ...]:
    """Explain an empty ZOPA (scenario format, "Analysis", blockers)."""
    blockers = []
    for issue, options in zip(scenario.issues.values(), common_options(scenario)):
        if options.size:
            continue
        involved = tuple(p for p in scenario.parties
                         if (pref := scenario.actors[p].preferences.get(issue.id)) is not None and pref.red_line is not None)
        blockers.append(Blocker("red-line", issue.id, involved))
    if blockers or result.best_min_id is None:
        return tuple(blockers)
    row = result.space.option_indices(np.array([result.best_min_id]))
    utilities = utilities_of(scenario, row, scenario.parties)[:, 0]
    short = {p: float(scenario.actors[p].reservation - u) for p, u in zip(scenario.parties, utilities)
             if u < scenario.actors[p].reservation - TOLERANCE}
    return (Blocker("reservation", None, tuple(short), short),)


def nash_deal(scenario: Scenario, limit: int | None = MAX_ENUMERATED_OUTCOMES) -> tuple[int, Deal | None]:
    """ZOPA size and Nash deal, without blockers or unlocks (used by unlock and compare)."""
    found = analyze(scenario, unlock=False, limit=limit)
    return found.acceptable, found.solutions["nash"]


def significant(x: float) -> float:
    """A score as reported in JSON: DIGITS significant digits, so a small Nash product is never written as 0."""
    return float(f"{float(x):.{DIGITS}g}")


def rounded(x: float) -> float:
    """A utility as reported in JSON: rounded to DIGITS decimals (hides float noise)."""
    return round(float(x), DIGITS)


__all__ = ["Analysis", "Blocker", "Deal", "Unlock", "analyze", "scan", "find_blockers", "nash_deal", "kalai_smorodinsky"]

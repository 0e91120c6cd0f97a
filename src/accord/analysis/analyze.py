"""Analysis of a scenario's whole outcome space: ZOPA, frontier, solutions, blockers.

Steps of :func:`analyze`:

1. Keep, per issue, the options every party's red lines allow (red lines
   factor per issue, so this shrinks the space before any enumeration); an
   issue left with no option is a ``red-line`` blocker.
2. Stream the remaining space in chunks of utilities (``space.OutcomeSpace``):
   count the outcomes that give every party at least its reservation (the
   ZOPA), feed them to the streaming Pareto frontier, and track the outcome
   with the largest minimum surplus (for the ``reservation`` blocker).
3. Evaluate the four bargaining solutions on the ZOPA's frontier, where
   every maximiser lies (see ``solutions``).
4. When the ZOPA is empty, explain it (blockers) and search for unlocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..scenario import TOLERANCE, Scenario
from .pareto import FrontierStream
from .solutions import SOLUTIONS, kalai_smorodinsky
from .space import MAX_OUTCOMES, OutcomeSpace, build_space, common_options, utilities_of

DIGITS = 10  # JSON utilities are rounded to this many decimals to hide float noise


@dataclass(frozen=True)
class Deal:
    """An outcome with every evaluated actor's utility (and a solution's score)."""

    outcome: dict[str, Any]
    utilities: dict[str, float]
    score: float | None = None

    def to_json(self) -> dict:
        data: dict[str, Any] = {"outcome": dict(self.outcome), "utilities": {a: _round(u) for a, u in self.utilities.items()}}
        if self.score is not None:
            data["score"] = _round(self.score)
        return data


@dataclass(frozen=True)
class Blocker:
    """Why the ZOPA is empty: a red-line clash on an issue, or reservations."""

    kind: str
    issue: str | None
    parties: tuple[str, ...]
    shortfall: dict[str, float] | None = None

    def to_json(self) -> dict:
        data: dict[str, Any] = {"kind": self.kind, "issue": self.issue, "parties": list(self.parties)}
        if self.shortfall is not None:
            data["shortfall"] = {p: _round(s) for p, s in self.shortfall.items()}
        return data

    def describe(self) -> str:
        if self.kind == "red-line":
            return f"red lines of {', '.join(self.parties)} leave no common option on {self.issue}"
        gaps = ", ".join(f"{p} short by {s:.3f}" for p, s in (self.shortfall or {}).items())
        return f"no outcome meets every reservation ({gaps})"


@dataclass(frozen=True)
class Unlock:
    """A single change that opens the ZOPA, with the Nash deal it makes possible."""

    description: str
    patch: dict
    acceptable: int
    nash: Deal | None
    party: str
    kind: str  # widen-red-line | drop-red-line | lower-reservation
    magnitude: float

    def to_json(self) -> dict:
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
    pareto: tuple[Deal, ...]
    solutions: dict[str, Deal | None]
    blockers: tuple[Blocker, ...]
    unlock: tuple[Unlock, ...] = field(default=())

    @property
    def zopa_empty(self) -> bool:
        return self.acceptable == 0

    def to_json(self) -> dict:
        """The JSON contract of ``accord analyze --json``."""
        return {
            "scenario": self.scenario,
            "variant": self.variant,
            "parties": list(self.parties),
            "outcomes": self.outcomes,
            "acceptable": self.acceptable,
            "pareto": [d.to_json() for d in self.pareto],
            "solutions": {k: (d.to_json() if d else None) for k, d in self.solutions.items()},
            "blockers": [b.to_json() for b in self.blockers],
            "unlock": [u.to_json() for u in self.unlock],
        }


@dataclass(frozen=True)
class ZopaScan:
    """Raw results of one pass over the space (positions are flat indices in ``space``)."""

    space: OutcomeSpace
    acceptable: int
    frontier_ids: np.ndarray
    frontier_utilities: np.ndarray  # (n_parties, k)
    best_min_surplus: float | None
    best_min_id: int | None


def scan(scenario: Scenario, limit: int | None = MAX_OUTCOMES) -> ZopaScan:
    """One chunked pass: ZOPA size, ZOPA frontier and the max-min-surplus outcome."""
    parties = scenario.parties
    space = build_space(scenario, parties, limit=limit)
    reservations = np.array([scenario.actors[p].reservation for p in parties])
    stream = FrontierStream(len(parties))
    count, best, best_id = 0, -np.inf, None
    for start, utilities in space.chunks():
        surplus = (utilities - reservations[:, None]).min(axis=0)
        ok = surplus >= -TOLERANCE
        count += int(ok.sum())
        top = int(np.argmax(surplus))
        if surplus[top] > best:
            best, best_id = float(surplus[top]), start + top
        if ok.any():
            ids = start + np.flatnonzero(ok)
            stream.add(utilities[:, ok].T, ids)
    return ZopaScan(space, count, stream.ids, stream.points.T, None if best_id is None else best, best_id)


def analyze(scenario: Scenario, *, unlock: bool = True, limit: int | None = MAX_OUTCOMES) -> Analysis:
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
    pareto = tuple(deal(int(k)) for k in order)
    solutions: dict[str, Deal | None] = {}
    for name, solve in SOLUTIONS.items():
        choice = solve(party_utils[:, order], reservations) if rows.shape[0] else None
        solutions[name] = deal(int(order[choice[0]]), choice[1]) if choice else None
    blockers = () if result.acceptable else find_blockers(scenario, result)
    found = ()
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


def nash_deal(scenario: Scenario, limit: int | None = MAX_OUTCOMES) -> tuple[int, Deal | None]:
    """ZOPA size and Nash deal, without blockers or unlocks (used by unlock and compare)."""
    found = analyze(scenario, unlock=False, limit=limit)
    return found.acceptable, found.solutions["nash"]


def _round(x: float) -> float:
    return round(float(x), DIGITS)


__all__ = ["Analysis", "Blocker", "Deal", "Unlock", "analyze", "scan", "find_blockers", "nash_deal", "kalai_smorodinsky"]

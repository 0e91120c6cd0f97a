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
5. When the ZOPA is empty, explain it (blockers, with the minimal
   conflicting sets of red lines: ``conflicts``) and search for unlocks;
   under unanimity also count the holdouts of every package and, when no
   single change opens the ZOPA, search changes by two or three parties
   (``holdouts``).

Format 1.1: issues coupled by ``unless`` or interactions are composite
dimensions of the space (``space``); constituencies add their red lines to
the space and, when their reservations can bind, constraint dimensions to
the merge; a decision rule other than unanimity takes the union over the
minimal winning sets (``coalitions``), with the solutions and blockers
defined in docs/scenario-format.md ("Version 1.1 in accord") and below
(:func:`rule_solutions`, :func:`rule_blockers`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import InvalidInput
from ..limits import MAX_ENUMERATED_OUTCOMES, MAX_FRONTIER_PACKAGES
from ..scenario import TOLERANCE, Scenario
from .coalitions import (
    CoalitionScan,
    allowed_without,
    coalition_scan,
    count_rule,
    count_space,
    minimal_winning_sets,
)
from .conflicts import minimal_conflicts
from .enumerated import EnumeratedRule, NotComputed, enumerate_rule, enumerated_solutions, nearest_coalition
from .frontier import Frontier
from .holdouts import Holdouts, group_unlocks, holdouts
from .holdouts import table as holdout_table
from .pair import ConflictingPair, conflicting_pair
from .pareto import frontier_mask
from .solutions import SOLUTIONS, choose, kalai_smorodinsky, utilitarian
from .space import OutcomeSpace, OutcomeSpaceTooLarge, binding_actors, build_space, common_options, utilities_of

DIGITS = 10  # JSON utilities are rounded to this many decimals to hide float noise
PARETO_LIMIT = 1000  # frontier packages in Analysis.to_json() by default (pareto_size counts them all)


@dataclass(frozen=True)
class Deal:
    """An outcome with every evaluated actor's utility (and a solution's score)."""

    outcome: dict[str, Any]
    utilities: dict[str, float]
    score: float | None = None
    coalition: tuple[str, ...] | None = None  # format 1.1, a rule other than unanimity: the winning set bargaining

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"outcome": dict(self.outcome), "utilities": {a: rounded(u) for a, u in self.utilities.items()}}
        if self.score is not None:
            data["score"] = significant(self.score)
        if self.coalition is not None:
            data["coalition"] = list(self.coalition)
        return data


@dataclass(frozen=True)
class Blocker:
    """Why the ZOPA is empty: a red-line clash on an issue, reservations, or (format 1.1) ratification.

    Format 1.1 fields, in JSON only when set: ``issues`` (the coupled issues
    of a composite, whose first is ``issue``), ``constituency`` and
    ``rejects`` (kind ``ratification``: the constituency that blocks
    ``parties[0]``'s yes and, on ``issue``, the options its red lines reject
    among those the parties accept; ``rejects`` is null for a reservation
    shortfall, given in ``shortfall``), ``coalition`` (a rule other than
    unanimity: the minimal winning set these blockers keep from agreeing).

    Red-line blockers carry ``minimal_conflicts``: the inclusion-minimal sets
    of ``parties`` whose red lines alone leave no common option there,
    smallest first, bounded (:mod:`accord.analysis.conflicts`), and
    ``conflicts_complete``: whether that list holds every such set.
    """

    kind: str
    issue: str | None
    parties: tuple[str, ...]
    shortfall: dict[str, float] | None = None
    issues: tuple[str, ...] | None = None
    constituency: str | None = None
    rejects: tuple[Any, ...] | None = None
    coalition: tuple[str, ...] | None = None
    minimal_conflicts: tuple[tuple[str, ...], ...] | None = None
    conflicts_complete: bool | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "issue": self.issue, "parties": list(self.parties)}
        if self.minimal_conflicts is not None:
            data["minimal_conflicts"] = [list(s) for s in self.minimal_conflicts]
            data["minimal_conflicts_complete"] = bool(self.conflicts_complete)
        if self.shortfall is not None:
            data["shortfall"] = {p: rounded(s) for p, s in self.shortfall.items()}
        if self.issues is not None:
            data["issues"] = list(self.issues)
        if self.constituency is not None:
            data["constituency"] = self.constituency
            data["rejects"] = list(self.rejects) if self.rejects is not None else None
        if self.coalition is not None:
            data["coalition"] = list(self.coalition)
        return data

    def short(self) -> str:
        if self.kind == "red-line":
            return f"red lines: {'+'.join(self.issues) if self.issues else self.issue}"
        if self.kind == "ratification":
            return f"ratification: {self.constituency} ({self.parties[0]})"
        return "reservations: " + ", ".join(self.parties)

    def describe(self) -> str:
        suffix = f" (for the winning set {', '.join(self.coalition)})" if self.coalition else ""
        if self.kind == "red-line":
            where = " x ".join(self.issues) if self.issues else self.issue
            if not self.minimal_conflicts or self.minimal_conflicts == (self.parties,):
                return f"red lines of {', '.join(self.parties)} leave no common option on {where}{suffix}"
            return conflict_text(self.minimal_conflicts, self.parties, where or "", bool(self.conflicts_complete)) \
                + suffix
        if self.kind == "ratification":
            party = self.parties[0]
            if self.rejects is not None:
                what = ", ".join(str(o) if self.issues else f"{self.issue}={o}" for o in self.rejects)
                return f"{party} cannot ratify: {self.constituency} rejects {what}{suffix}"
            gap = (self.shortfall or {}).get(self.constituency or "", 0.0)
            return f"{party} cannot ratify: {self.constituency} is short of its reservation by {gap:.3f}{suffix}"
        gaps = ", ".join(f"{p} short by {s:.3f}" for p, s in (self.shortfall or {}).items())
        return f"no outcome meets every reservation ({gaps}){suffix}"


SHOWN_CONFLICTS = 3  # minimal conflicting sets named in a blocker's text (JSON lists them all)


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def conflict_text(sets: tuple[tuple[str, ...], ...], parties: tuple[str, ...], where: str, complete: bool) -> str:
    """"the red lines of usa and india leave no common option on finance (6 more parties have red lines
    there)": the first minimal conflicting sets, then how many other sets and parties there are (used when
    the conflict is not simply every party with a red line there; the web's blockerSentence mirrors it)."""
    shown = sets[:SHOWN_CONFLICTS]
    groups = ", or of ".join(_and(s) for s in shown)
    text = f"the red lines of {groups} leave no common option on {where}"
    notes = []
    if len(sets) > len(shown):
        notes.append(f"{len(sets) - len(shown)} more such set{'s' if len(sets) - len(shown) > 1 else ''}")
    elif not complete:
        notes.append("larger conflicting sets may exist")
    named = {p for s in shown for p in s}
    others = [p for p in parties if p not in named]
    if others:
        notes.append(f"{len(others)} more part{'ies have' if len(others) > 1 else 'y has'} red lines there")
    return text + (f" ({'; '.join(notes)})" if notes else "")


@dataclass(frozen=True)
class Unlock:
    """A single change that opens the ZOPA, with the Nash deal it makes possible."""

    description: str
    patch: dict[str, Any]
    acceptable: int
    nash: Deal | None
    party: str
    kind: str  # widen-red-line | drop-red-line | lower-reservation | meet-condition (format 1.1) | joint
    magnitude: float
    package: dict[str, Any] | None = None  # meet-condition: the condition (issue -> options) the deal must meet
    parties: tuple[str, ...] | None = None  # joint: the two or three parties that move (accord.analysis.holdouts)

    def to_json(self) -> dict[str, Any]:
        data = {"description": self.description, "patch": self.patch, "acceptable": self.acceptable,
                "nash": self.nash.to_json() if self.nash else None, "kind": self.kind}
        if self.package is not None:
            data["package"] = self.package
        if self.parties is not None:
            data["parties"] = list(self.parties)
        return data


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
    power_indices: dict[str, Any] | None = None  # format 1.1: with a ``decision`` (see power_indices_of)
    # format 1.1: why Nash, Kalai–Smorodinsky and egalitarian could not be computed exactly (they are then None)
    solutions_not_computed: str | None = None
    holdouts: Holdouts | None = None  # an empty ZOPA under unanimity (accord.analysis.holdouts)
    conflicting_pair: ConflictingPair | None = None  # the two parties a 2-D view shows (accord.analysis.pair)
    # the scenario analysed (its figures need its outcomes), when analyze() made this; no part of the contract
    scenario_model: Scenario | None = field(default=None, compare=False, repr=False)

    @property
    def zopa_empty(self) -> bool:
        return self.acceptable == 0

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self, pareto_limit: int | None = PARETO_LIMIT) -> Any:
        """A tidy pandas DataFrame: one row per frontier package, the first ``pareto_limit`` as in
        :meth:`to_json` (None: all) (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self, pareto_limit=pareto_limit)

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
        data = {
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
        if self.power_indices is not None:
            data["power_indices"] = self.power_indices
        if self.solutions_not_computed is not None:
            data["solutions_not_computed"] = self.solutions_not_computed
        if self.holdouts is not None:
            data["holdouts"] = self.holdouts.to_json()
        if self.conflicting_pair is not None and len(self.parties) > 2:  # two parties: the pair is the parties
            data["conflicting_pair"] = self.conflicting_pair.to_json()
        return data


@dataclass(frozen=True)
class ZopaScan:
    """Raw results over the red-line-restricted space (positions are flat indices in ``space``).

    ``frontier_*`` describe the Pareto frontier of the ZOPA; ``best_min_*``
    the outcome with the largest minimum surplus (the reservation blocker's
    witness), which lies on the frontier of the restricted space.

    Format 1.1: ``rows`` are the frontier's outcomes as option rows (k,
    n_issues), in row-major order; ``fronts`` holds, under a rule other than
    unanimity, each minimal winning set's scan (``space`` and the ids are
    then those of the first one, and ``frontier_ids`` is empty); under
    unanimity it holds the one scan of every party. ``enumerated`` is set
    (and ``fronts`` empty) when the rule's minimal winning sets are too many
    to list and the ZOPA was found by enumeration
    (:mod:`accord.analysis.enumerated`).
    """

    space: OutcomeSpace
    acceptable: int
    frontier_ids: npt.NDArray[np.int64]
    frontier_utilities: npt.NDArray[np.float64]  # (n_parties, k)
    best_min_surplus: float | None
    best_min_id: int | None
    rows: npt.NDArray[np.int64] | None = None
    fronts: tuple[CoalitionScan, ...] = ()
    enumerated: EnumeratedRule | None = None

    @property
    def frontier_rows(self) -> npt.NDArray[np.int64]:
        """(k, n_issues) option indices of the frontier's outcomes."""
        return self.rows if self.rows is not None else self.space.option_indices(self.frontier_ids)


def scan(scenario: Scenario, limit: int | None = MAX_ENUMERATED_OUTCOMES, method: str = "auto") -> ZopaScan:
    """Frontier by issue-by-issue merging; ZOPA size by a chunked count when needed.

    Under unanimity, one merge over every party (and the constituencies'
    constraint rows); otherwise the union of the minimal winning sets'
    frontiers (:mod:`accord.analysis.coalitions`), reduced to the parties'
    frontier, and the count by :func:`count_rule`. When the minimal winning
    sets are too many to list (more than ``MAX_SUBSET_PARTIES`` parties or
    ``MAX_COALITIONS`` sets), the ZOPA, its count and frontier are found by
    enumerating the outcomes (:func:`accord.analysis.enumerated.enumerate_rule`;
    refused beyond ``limit`` outcomes). ``method``: ``"auto"`` (that
    choice), ``"coalitions"`` (never enumerate) or ``"enumerate"`` (always,
    under a rule other than unanimity; the tests compare the two).
    """
    max_packages = MAX_FRONTIER_PACKAGES if limit is not None else None
    if method not in ("auto", "coalitions", "enumerate"):
        raise InvalidInput("method", "auto, coalitions or enumerate", method)
    if scenario.decision_rule.is_unanimity:
        found = coalition_scan(scenario, scenario.parties, limit, max_packages)
        assert found.acceptable is not None
        return ZopaScan(found.space, found.acceptable, found.ids, found.utilities, found.best_min_surplus,
                        found.best_min_id, found.rows, (found,))
    if method == "enumerate":
        return _enumerated_scan(scenario, limit)
    try:
        sets = minimal_winning_sets(scenario)
    except OutcomeSpaceTooLarge:
        if method == "coalitions":
            raise
        return _enumerated_scan(scenario, limit)
    acceptable = count_rule(scenario, limit)
    n_issues = len(scenario.issues)
    fronts = tuple(coalition_scan(scenario, w, limit, max_packages, count=False) for w in sets)
    rows = np.concatenate([f.rows for f in fronts]) if fronts else np.empty((0, n_issues), dtype=np.int64)
    if rows.shape[0]:
        rows = np.unique(rows, axis=0)  # lexicographic: the whole space's row-major order
        utilities = utilities_of(scenario, rows, scenario.parties)
        front = frontier_mask(utilities.T)
        rows, utilities = rows[front], utilities[:, front]
    else:
        utilities = np.empty((len(scenario.parties), 0))
    first = fronts[0]
    return ZopaScan(first.space, acceptable, np.empty(0, dtype=np.int64), utilities, first.best_min_surplus,
                    first.best_min_id, rows, fronts)


def _enumerated_scan(scenario: Scenario, limit: int | None) -> ZopaScan:
    """The ZOPA under a rule by enumeration (:mod:`accord.analysis.enumerated`), as a :class:`ZopaScan`."""
    found = enumerate_rule(scenario, limit)
    veto = tuple(scenario.decision_rule.veto)
    space = build_space(scenario, scenario.parties, binding=binding_actors(scenario, veto), limit=None,
                        group_limit=limit)
    return ZopaScan(space, found.acceptable, np.empty(0, dtype=np.int64), found.utilities, None, None, found.rows,
                    (), found)


def count_acceptable(space: OutcomeSpace, reservations: npt.NDArray[np.float64],
                     limit: int | None = MAX_ENUMERATED_OUTCOMES) -> int:
    """Number of outcomes of ``space`` giving every party its reservation (see ``coalitions.count_space``)."""
    return count_space(space, reservations, limit)


def analyze(scenario: Scenario, *, unlock: bool = True, limit: int | None = MAX_ENUMERATED_OUTCOMES,
            method: str = "auto") -> Analysis:
    """Analyse ``scenario``'s outcome space (see the module docstring for the steps; ``method`` as
    :func:`scan`'s).

    >>> import accord
    >>> result = accord.analyze(accord.load())
    >>> result.acceptable, [b.issue for b in result.blockers]
    (0, ['ceasefire'])
    """
    parties = scenario.parties
    result = scan(scenario, limit, method)
    rows = result.frontier_rows
    reservations = np.array([scenario.actors[p].reservation for p in parties])
    party_utils = result.frontier_utilities.reshape(len(parties), -1)
    actors = scenario.evaluated_actors
    all_utils = utilities_of(scenario, rows, actors)
    issues = tuple(scenario.issues.values())

    def outcome(row: npt.NDArray[np.int64]) -> dict[str, Any]:
        return {issue.id: issue.options[int(k)] for issue, k in zip(issues, row)}

    def deal(k: int, score: float | None = None) -> Deal:
        return Deal(outcome(rows[k]), {a: float(all_utils[j, k]) for j, a in enumerate(actors)}, score)

    order = np.lexsort((-party_utils[1], -party_utils[0])) if rows.shape[0] else np.empty(0, dtype=int)
    pareto = Frontier(lambda k: deal(int(order[k])), all_utils[:, order], tuple(actors))
    solutions: dict[str, Deal | None] = {}
    not_computed: str | None = None
    if scenario.decision_rule.is_unanimity:
        for name, solve in SOLUTIONS.items():  # candidates in the space's row-major order, as the tie rule wants
            index, score = solve(party_utils, reservations)
            solutions[name] = deal(int(index), float(score)) if index >= 0 else None
    else:
        try:
            candidates = rule_solutions(scenario, result)
        except NotComputed as reason:
            not_computed = f"Nash, Kalai–Smorodinsky and egalitarian not computed: {reason}"
            candidates = {name: (None, None, None) for name in SOLUTIONS}
            candidates["utilitarian"] = _utilitarian(scenario, result)
        for name, (picked, value, coalition) in candidates.items():
            if picked is None:
                solutions[name] = None
            else:
                u = utilities_of(scenario, picked[None, :], actors)[:, 0]
                solutions[name] = Deal(outcome(picked), {a: float(u[j]) for j, a in enumerate(actors)}, value,
                                       coalition)
    blockers = () if result.acceptable else find_blockers(scenario, result, limit)
    found: tuple[Unlock, ...] = ()
    held: Holdouts | None = None
    if unlock and not result.acceptable:
        from .unlock import find_unlocks  # unlock re-enters analyze on patched scenarios

        every = holdout_table(scenario) if scenario.decision_rule.is_unanimity else None  # None beyond its bound
        held = holdouts(scenario, every) if every is not None else None
        # a single change by one party opens the ZOPA only where that party is a package's lone holdout
        movers = None if held is None else {lone.party for lone in held.lone}
        found = find_unlocks(scenario, result, blockers, limit=limit, movers=movers)
        if every is not None and not found:  # no single change opens it: two or three parties together
            found = group_unlocks(scenario, every)
    return Analysis(scenario.name, scenario.variant, parties, scenario.outcome_count, result.acceptable,
                    pareto, solutions, blockers, found, power_indices_of(scenario),
                    solutions_not_computed=not_computed, holdouts=held,
                    conflicting_pair=conflicting_pair(scenario, blockers), scenario_model=scenario)


def solution_rows(scenario: Scenario, limit: int | None = MAX_ENUMERATED_OUTCOMES
                  ) -> dict[str, npt.NDArray[np.int64] | None]:
    """Each bargaining solution's outcome as option indices (one per issue, ``None`` when the ZOPA is
    empty), exactly as :func:`analyze` chooses it, without the frontier's deals, blockers, unlocks or power
    indices (Monte Carlo calls it once per run). Raises
    :class:`~accord.analysis.enumerated.NotComputed` where :func:`analyze` reports
    ``solutions_not_computed``."""
    result = scan(scenario, limit)
    if scenario.decision_rule.is_unanimity:
        rows = result.frontier_rows
        reservations = np.array([scenario.actors[p].reservation for p in scenario.parties])
        party_utils = result.frontier_utilities.reshape(len(scenario.parties), -1)
        found: dict[str, npt.NDArray[np.int64] | None] = {}
        for name, solve in SOLUTIONS.items():
            index, _ = solve(party_utils, reservations)
            found[name] = rows[int(index)] if index >= 0 else None
        return found
    return {name: picked for name, (picked, _, _) in rule_solutions(scenario, result).items()}


def power_indices_of(scenario: Scenario) -> dict[str, Any] | None:
    """``analyze --json``'s ``power_indices`` when the scenario gives a ``decision`` (else ``None``): the
    voting power of the rule itself (:func:`accord.analysis.power.power_indices`)."""
    if scenario.decision is None:
        return None
    from .power import power_indices

    rule = scenario.decision
    parties = scenario.parties
    found = power_indices(parties, rule.rule, share=rule.share, weight_share=rule.weight_share,
                          vote_weights=[scenario.actors[p].vote_weight for p in parties], veto=rule.veto)
    return dict(found.to_json())


Candidate = tuple[npt.NDArray[np.int64] | None, float | None, tuple[str, ...] | None]


def rule_solutions(scenario: Scenario, result: ZopaScan) -> dict[str, Candidate]:
    """The four solutions under a decision rule other than unanimity (docs/scenario-format.md, "Version 1.1 in
    accord"): ``{name: (option row, score, coalition)}``.

    Nash, Kalai–Smorodinsky and egalitarian bargain inside a minimal winning
    set ``W`` (Riker's size principle: the coalition that forms is a minimal
    winning one): over the outcomes ``A_W`` that every member accepts, the
    version 1 criterion of the members alone (:func:`coalition_keys`), over
    all ``(W, outcome of A_W)`` pairs, by a key comparable across coalitions
    and free of each party's utility scale: Nash by the product of the
    members' surpluses each divided by its range ``ideal_a^W - r_a`` (ideal
    over ``A_W``; a range <= 1e-9 divides by 1), compared relatively;
    Kalai–Smorodinsky by its own (normalised) score; egalitarian by the
    minimum surplus. Ties: the version 1 rule (largest sum of *every*
    party's utility on the 1e-9 grid, then the first outcome in row-major
    order), so the choice is never Pareto-dominated for the parties; every
    maximiser is then on ``A_W``'s parties' frontier, which is where it is
    searched. Utilitarian: the largest sum of every
    party's utility over the ZOPA. The score reported is the coalition's own
    (Nash: the plain product of the members' surpluses), so that under
    unanimity everything is version 1's.
    """
    parties = scenario.parties
    reservations = np.array([scenario.actors[p].reservation for p in parties])
    found: dict[str, Candidate] = {}
    if not result.acceptable:
        return {name: (None, None, None) for name in SOLUTIONS}
    if result.enumerated is not None:  # too many minimal winning sets to list: the same definitions, searched
        for name, got in enumerated_solutions(scenario, result.enumerated).items():
            found[name] = (None, None, None) if got is None else got
        found["utilitarian"] = _utilitarian(scenario, result)
        return {name: found[name] for name in SOLUTIONS}
    picks: dict[str, list[tuple[npt.NDArray[np.int64], float, float, tuple[str, ...]]]] = {
        "nash": [], "kalai_smorodinsky": [], "egalitarian": []}
    for front in result.fronts:
        if front.rows.shape[0] == 0:
            continue
        idx = [parties.index(p) for p in front.members]
        for name, (key, score) in coalition_keys(front.utilities[idx], reservations[idx]).items():
            index = int(choose(key, front.utilities, np.ones(key.size, dtype=bool), relative=name == "nash"))
            picks[name].append((front.rows[index], float(key[index]), float(score[index]), front.members))
    for name, options in picks.items():
        if not options:
            found[name] = (None, None, None)
            continue
        order = sorted(range(len(options)), key=lambda k: tuple(int(x) for x in options[k][0]))
        options = [options[k] for k in order]
        rows = np.stack([o[0] for o in options])
        utilities = utilities_of(scenario, rows, parties)
        key = np.array([o[1] for o in options])
        pick = int(choose(key, utilities, np.ones(len(options), dtype=bool), relative=name == "nash"))
        found[name] = (options[pick][0], options[pick][2], options[pick][3])
    found["utilitarian"] = _utilitarian(scenario, result)
    return {name: found[name] for name in SOLUTIONS}


def _utilitarian(scenario: Scenario, result: ZopaScan) -> Candidate:
    """The largest sum of every party's utility over the ZOPA (its frontier), under a rule."""
    if not result.frontier_rows.shape[0]:
        return (None, None, None)
    reservations = np.array([scenario.actors[p].reservation for p in scenario.parties])
    best, total = utilitarian(result.frontier_utilities, reservations)
    return (result.frontier_rows[int(best)], float(total), None)


def coalition_keys(u: npt.NDArray[np.float64], r: npt.NDArray[np.float64]
                   ) -> dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]]:
    """Per solution, (comparison key, score) of each outcome of ``A_W`` for the members' utilities ``u``
    (members, k) and reservations ``r``: Nash the product of surpluses (score) over the product of the ranges
    ``ideal_a - r_a`` (key; a range <= 1e-9 counts as 1), Kalai–Smorodinsky the min of surpluses over ranges
    (members with a range <= 1e-9 left out; 1 when all are), egalitarian the min surplus."""
    surplus = u - r[:, None]
    span = u.max(axis=1) - r
    product = np.prod(np.maximum(surplus, 0.0), axis=0)
    counted = span > TOLERANCE
    ratio = surplus[counted] / span[counted][:, None]
    ks = ratio.min(axis=0) if counted.any() else np.ones(u.shape[1])
    least = surplus.min(axis=0)
    return {"nash": (product / float(np.prod(np.where(counted, span, 1.0))), product),
            "kalai_smorodinsky": (ks, ks), "egalitarian": (least, least)}


def find_blockers(scenario: Scenario, result: ZopaScan, limit: int | None = MAX_ENUMERATED_OUTCOMES
                  ) -> tuple[Blocker, ...]:
    """Explain an empty ZOPA (scenario format, "Analysis", blockers; format 1.1 in "Version 1.1 in accord").

    Under unanimity, the blockers of every party's scan. Under another rule,
    the blockers of the minimal winning set that names the fewest parties
    (then the first): those that would have to move to form a winning set;
    each carries that ``coalition``. When the minimal winning sets are too
    many to list (the enumeration route), the blockers within the winning
    set the fewest further parties would complete
    (:func:`accord.analysis.enumerated.nearest_coalition`).
    """
    if scenario.decision_rule.is_unanimity:
        return _coalition_blockers(scenario, result.fronts[0] if result.fronts else None, scenario.parties, limit,
                                   None)
    best: tuple[Blocker, ...] = ()
    for front in result.fronts:
        found = _coalition_blockers(scenario, front, front.members, limit, front.members)
        named = {p for b in found for p in b.parties}
        if not best or len(named) < len({p for b in best for p in b.parties}):
            best = found
    if not result.fronts:  # too many minimal winning sets to list: the winning set nearest to forming
        members = nearest_coalition(scenario, limit)
        if members is not None:
            front = coalition_scan(scenario, members, limit, MAX_FRONTIER_PACKAGES if limit is not None else None,
                                   count=False)
            best = _coalition_blockers(scenario, front, members, limit, members)
    return best


def _coalition_blockers(scenario: Scenario, front: CoalitionScan | None, members: tuple[str, ...],
                        limit: int | None, coalition: tuple[str, ...] | None) -> tuple[Blocker, ...]:
    blockers = []
    if front is not None and front.space.groups:
        dims = list(zip(front.space.columns, front.space.options))
    elif front is not None:
        dims = [((j,), o) for j, o in enumerate(front.space.options)]
    else:
        dims = [((j,), o) for j, o in enumerate(common_options(scenario, binding_actors(scenario, members)))]
    ids = list(scenario.issues)
    ratifiers = scenario.constituencies
    for cols, options in dims:
        if len(options):
            continue
        names = tuple(ids[j] for j in cols)
        own = allowed_without(scenario, cols, members, limit)
        if own.shape[0]:  # the members agree; their constituencies do not ratify
            for party in members:
                for cid in ratifiers.get(party, ()):
                    rejects = _rejected(scenario, cid, cols, own)
                    if rejects is not None:
                        blockers.append(Blocker("ratification", names[0], (party,), None,
                                                names if len(names) > 1 else None, cid, rejects, coalition))
            continue
        involved = tuple(p for p in members for i in names
                         if (pref := scenario.actors[p].preferences.get(i)) is not None and pref.red_line is not None)
        involved = tuple(dict.fromkeys(involved))
        conflicts = minimal_conflicts(scenario, tuple(cols), involved)
        blockers.append(Blocker("red-line", names[0], involved, None, names if len(names) > 1 else None,
                                coalition=coalition, minimal_conflicts=conflicts.sets,
                                conflicts_complete=conflicts.complete))
    if blockers or front is None or front.best_min_id is None:
        return tuple(blockers)
    row = front.space.option_indices(np.array([front.best_min_id]))
    judged = tuple(members) + front.constraint_actors
    utilities = utilities_of(scenario, row, judged)[:, 0]
    short = {a: float(scenario.actors[a].reservation - u) for a, u in zip(judged, utilities)
             if u < scenario.actors[a].reservation - TOLERANCE}
    party_short = {a: s for a, s in short.items() if a in members}
    found = []
    if party_short or not short:
        found.append(Blocker("reservation", None, tuple(party_short), party_short, coalition=coalition))
    for cid, gap in short.items():
        if cid not in members:
            party = scenario.actors[cid].of or ""
            found.append(Blocker("ratification", None, (party,), {cid: gap}, None, cid, None, coalition))
    return tuple(found)


def _rejected(scenario: Scenario, cid: str, cols: tuple[int, ...], own: npt.NDArray[np.int64]
              ) -> tuple[Any, ...] | None:
    """Options (of a single issue) or combinations (``issue=option`` texts) the members accept that the
    constituency's red lines reject; ``None`` when it rejects none of them."""
    from .coalitions import _dimension_allowed

    ids = list(scenario.issues)
    opts = own[:, 0] if len(cols) == 1 else own
    space = OutcomeSpace(scenario, (), (opts,), (np.zeros((0, len(opts))),), (tuple(cols),))
    ok = _dimension_allowed(scenario, space, 0, (cid,))
    if ok.all():
        return None
    if len(cols) == 1:
        issue = scenario.issues[ids[cols[0]]]
        return tuple(issue.options[int(k)] for k in opts[~ok])
    return tuple(" & ".join(f"{ids[j]}={scenario.issues[ids[j]].options[int(k)]}" for j, k in zip(cols, combo))
                 for combo in own[~ok])


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


__all__ = ["Analysis", "Blocker", "Deal", "Unlock", "analyze", "scan", "find_blockers", "nash_deal", "kalai_smorodinsky",
           "solution_rows"]

"""Scoring one proposal: utilities, each party's verdict, and Pareto improvements.

A proposal is a full package, one option per issue. For each party the
verdict is "accept" unless it crosses a red line (which one) or falls below
the reservation (by how much). Pareto improvements are the packages that
respect every party's red lines and leave no party worse off and at least
one better off (>= for all, > for one, tolerance 1e-9); they are ranked best
first by the product of the parties' gains over the proposal (the Nash
bargaining solution with the proposal as the disagreement point), then by the
sum of gains.

Format 1.1, with the definitions of ``accord.scenario.outcomes`` (here for a
single proposal, whose numeric options may lie off the grid): utilities add
the interaction terms whose ``when`` the proposal meets; a red line is waived
when the proposal meets its ``unless``; a party's verdict is "accept" only if
every constituency of it would ratify (its red lines and reservation; the
reasons say "not ratified: ..."); and the proposal is accepted when the
accepting parties form a winning set of the decision rule (under unanimity:
when every party accepts, as in version 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import InvalidInput
from ..limits import MAX_ENUMERATED_OUTCOMES
from ..scenario import TOLERANCE, Condition, Scenario
from ._analyze import Deal, rounded
from .space import build_space, utilities_of


class ProposalError(InvalidInput):
    """A proposal names an unknown issue or option, or misses an issue."""


@dataclass(frozen=True)
class Verdict:
    party: str
    accepts: bool
    utility: float
    reservation: float
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"party": self.party, "accepts": self.accepts, "utility": rounded(self.utility),
                "reservation": rounded(self.reservation), "reasons": list(self.reasons)}


@dataclass(frozen=True)
class Evaluation:
    proposal: dict[str, Any]
    utilities: dict[str, float]
    verdicts: tuple[Verdict, ...]
    improvements: tuple[Deal, ...]
    decided: bool | None = None  # format 1.1, a rule other than unanimity: whether the accepting parties win

    @property
    def accepted(self) -> bool:
        return all(v.accepts for v in self.verdicts) if self.decided is None else self.decided

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per party's verdict (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self) -> dict[str, Any]:
        return {"proposal": dict(self.proposal), "utilities": {a: rounded(u) for a, u in self.utilities.items()},
                "accepted": self.accepted, "verdicts": [v.to_json() for v in self.verdicts],
                "improvements": [d.to_json() for d in self.improvements]}


def check_proposal(scenario: Scenario, proposal: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a proposal against the issues; return it with options in canonical form."""
    unknown = [k for k in proposal if k not in scenario.issues]
    if unknown:
        raise ProposalError(f"proposal names unknown issue(s) {', '.join(map(str, unknown))}; "
                            f"issues are {', '.join(scenario.issues)}")
    missing = [i for i in scenario.issues if i not in proposal]
    if missing:
        raise ProposalError(f"proposal must give an option for every issue; missing {', '.join(missing)}")
    canonical = {}
    for iid, issue in scenario.issues.items():
        value = proposal[iid]
        if issue.kind == "categorical":
            if value not in issue.options:
                raise ProposalError(f"issue {iid} has no option {value!r}; "
                                    f"options are {', '.join(map(str, issue.options))}")
            canonical[iid] = value
        else:
            try:
                x = float(value)
            except (TypeError, ValueError):
                raise ProposalError(f"issue {iid} is numeric; expected a number, got {value!r}") from None
            assert issue.range is not None  # a numeric issue has a range (validated)
            lo, hi = issue.range
            if not lo - TOLERANCE <= x <= hi + TOLERANCE:
                raise ProposalError(f"issue {iid} ranges over [{lo:g}, {hi:g}]; got {x:g}")
            canonical[iid] = int(x) if x == int(x) else x
    return canonical


def evaluate(scenario: Scenario, proposal: Mapping[str, Any], *, improvements: int = 10,
             limit: int | None = MAX_ENUMERATED_OUTCOMES) -> Evaluation:
    """Score ``proposal`` for every actor and list up to ``improvements`` Pareto improvements."""
    proposal = check_proposal(scenario, proposal)
    actors = scenario.evaluated_actors
    utilities = {a: _utility(scenario, a, proposal) for a in actors}
    verdicts = tuple(_ratified(scenario, p, proposal, utilities) for p in scenario.parties)
    decided = None
    if not scenario.decision_rule.is_unanimity:
        from ..scenario.outcomes import winning

        decided = bool(winning(scenario, np.array([[v.accepts] for v in verdicts], dtype=bool))[0])
    base = np.array([utilities.get(p, 0.0) for p in scenario.parties])
    better = _improvements(scenario, base, improvements, limit) if improvements else ()
    return Evaluation(proposal, utilities, verdicts, better, decided)


def _utility(scenario: Scenario, actor_id: str, proposal: Mapping[str, Any]) -> float:
    actor = scenario.actors[actor_id]
    total = sum(actor.normalised_weight(iid) * pref.value(scenario.issues[iid], proposal[iid])
                for iid, pref in actor.preferences.items())
    for k, term in enumerate(actor.interactions):
        if _meets(scenario, term.when, proposal):
            total += actor.interaction_weight(k) * term.value
    return total


def _meets(scenario: Scenario, conditions: tuple[Condition, ...], proposal: Mapping[str, Any]) -> bool:
    """Whether the proposal meets every condition (format 1.1; numeric bounds with tolerance 1e-9)."""
    for condition in conditions:
        value = proposal[condition.issue]
        if scenario.issues[condition.issue].kind == "numeric":
            x = float(value)
            if (condition.min is not None and x < condition.min - TOLERANCE) or \
                    (condition.max is not None and x > condition.max + TOLERANCE):
                return False
        elif value not in condition.options:
            return False
    return True


def _ratified(scenario: Scenario, party: str, proposal: Mapping[str, Any], utilities: Mapping[str, float]
              ) -> Verdict:
    """The party's own verdict, turned to "reject" when a constituency of it would not ratify."""
    own = _verdict(scenario, party, proposal, utilities.get(party, 0.0))
    reasons = list(own.reasons)
    for cid in scenario.constituencies.get(party, ()):
        home = _verdict(scenario, cid, proposal, utilities.get(cid, 0.0))
        reasons.extend(f"not ratified: {cid}: {reason}" for reason in home.reasons)
    return Verdict(party, not reasons, own.utility, own.reservation, tuple(reasons))


def _verdict(scenario: Scenario, party: str, proposal: Mapping[str, Any], utility: float) -> Verdict:
    actor = scenario.actors[party]
    reasons = []
    for iid, pref in actor.preferences.items():
        if pref.red_line is not None and not pref.red_line.allows(scenario.issues[iid], proposal[iid]) \
                and not (pref.unless and _meets(scenario, pref.unless, proposal)):
            reasons.append(f"red line on {iid}: {pref.red_line.describe()} (proposal: {proposal[iid]})")
    if utility < actor.reservation - TOLERANCE:
        reasons.append(f"utility {utility:.3f} is {actor.reservation - utility:.3f} below its reservation {actor.reservation:.3f}")
    return Verdict(party, not reasons, utility, actor.reservation, tuple(reasons))


def _improvements(scenario: Scenario, base: npt.NDArray[np.float64], count: int, limit: int | None
                  ) -> tuple[Deal, ...]:
    space = build_space(scenario, scenario.parties, limit=limit)
    ids, gains = [], []
    for start, u in space.chunks():
        gain = u - base[:, None]
        mask = np.all(gain >= -TOLERANCE, axis=0) & np.any(gain > TOLERANCE, axis=0)
        if not mask.any():
            continue
        chunk_ids, chunk_gain = start + np.flatnonzero(mask), np.maximum(gain[:, mask], 0.0)
        if chunk_ids.size > count:  # keep only this chunk's best candidates
            top = np.lexsort((-chunk_gain.sum(axis=0), -chunk_gain.prod(axis=0)))[:count]
            chunk_ids, chunk_gain = chunk_ids[top], chunk_gain[:, top]
        ids.append(chunk_ids)
        gains.append(chunk_gain)
    if not ids:
        return ()
    ids_all, gain_all = np.concatenate(ids), np.concatenate(gains, axis=1)
    order = np.lexsort((ids_all, -gain_all.sum(axis=0), -gain_all.prod(axis=0)))[:count]
    rows = space.option_indices(ids_all[order])
    actors = scenario.evaluated_actors
    values = utilities_of(scenario, rows, actors)
    return tuple(Deal(space.outcome(rows[k]), {a: float(values[j, k]) for j, a in enumerate(actors)})
                 for k in range(rows.shape[0]))

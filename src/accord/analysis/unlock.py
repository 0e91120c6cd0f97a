"""Unlock suggestions: the single smallest changes that would open an empty ZOPA.

A mediator facing a deadlock asks "who would have to move, on what, and how
far?". The candidates are single changes by one party:

1. widen a red line by one step: accept one more option of a categorical
   issue (one acceptable to every other party), or move a numeric ``min`` /
   ``max`` bound to the nearest grid point the others accept that opens the
   ZOPA;
2. lower the reservation by exactly the shortfall: to the best utility the
   party can get among outcomes every other party accepts;
3. drop a red line altogether, listed only when no one-step widening of that
   red line opens the ZOPA.

Each candidate is a JSON Merge Patch; it is kept only if the patched scenario
really has a non-empty ZOPA, and is reported with that scenario's Nash deal.
Order, smallest first: widenings (by how little the conceding party values
the option it now accepts, ``1 - v``; numeric: the fraction of the range the
bound moves), then reservation cuts (by the shortfall), then drops.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from ..scenario import TOLERANCE, Scenario, ScenarioError
from ._analyze import Blocker, Deal, Unlock, ZopaScan, nash_deal
from .space import build_space

RANK = {"widen-red-line": 0, "lower-reservation": 1, "drop-red-line": 2}


def find_unlocks(scenario: Scenario, result: ZopaScan, blockers: tuple[Blocker, ...], *,
                 limit: int | None = None) -> tuple[Unlock, ...]:
    """All single-change unlocks of ``scenario``, smallest first."""
    found: list[Unlock] = []
    for party in scenario.parties:
        for issue_id, pref in scenario.actors[party].preferences.items():
            if pref.red_line is not None:
                found.extend(_red_line_unlocks(scenario, party, issue_id, limit))
    if not any(b.kind == "red-line" for b in blockers):
        for party in scenario.parties:
            unlock = _reservation_unlock(scenario, party, limit)
            if unlock is not None:
                found.append(unlock)
    found.sort(key=lambda u: (RANK[u.kind], u.magnitude, u.party, u.description))
    return tuple(found)


def _try(scenario: Scenario, patch: dict[str, Any], limit: int | None) -> tuple[int, Deal | None] | None:
    try:
        patched = scenario.with_patch(patch, label=None)
        acceptable, deal = nash_deal(patched, limit)
    except (ScenarioError, ValueError):
        return None
    return (acceptable, deal) if acceptable else None


def _patch(party: str, issue_id: str, change: dict[str, Any]) -> dict[str, Any]:
    return {"actors": {party: {"preferences": {issue_id: change}}}}


def _others_allow(scenario: Scenario, party: str, issue_id: str) -> npt.NDArray[np.bool_]:
    issue = scenario.issues[issue_id]
    mask = np.ones(issue.size, dtype=bool)
    for other in scenario.parties:
        pref = scenario.actors[other].preferences.get(issue_id)
        if other != party and pref is not None:
            mask &= pref.acceptable(issue)
    return mask


def _red_line_unlocks(scenario: Scenario, party: str, issue_id: str, limit: int | None) -> list[Unlock]:
    issue = scenario.issues[issue_id]
    pref = scenario.actors[party].preferences[issue_id]
    line = pref.red_line
    assert line is not None  # find_unlocks calls this for red lines only
    candidates = np.flatnonzero(_others_allow(scenario, party, issue_id) & ~pref.acceptable(issue))
    found: list[Unlock] = []
    if line.kind in ("reject", "accept"):
        for k in candidates:
            option = issue.options[int(k)]
            if line.kind == "reject":
                remaining = [o for o in line.options if o != option]
                change = {"reject": remaining or None}
            else:
                change = {"accept": [o for o in issue.options if o in line.options or o == option]}
            opened = _try(scenario, _patch(party, issue_id, change), limit)
            if opened:
                found.append(Unlock(f"{party} accepts {issue_id}={option}",
                                    _patch(party, issue_id, change), opened[0], opened[1], party,
                                    "widen-red-line", 1.0 - pref.scores[int(k)]))
    else:
        assert issue.range is not None  # a range red line is on a numeric issue, which has a range (validated)
        span = issue.range[1] - issue.range[0]
        for bound, side in (("min", -1), ("max", 1)):
            edge = getattr(line, bound)
            if edge is None:
                continue
            points = [issue.options[int(k)] for k in candidates
                      if (issue.options[int(k)] - edge) * side > TOLERANCE]
            for point in sorted(points, key=lambda x: abs(x - edge)):
                opened = _try(scenario, _patch(party, issue_id, {bound: point}), limit)
                if opened:
                    word = "lowers its minimum" if bound == "min" else "raises its maximum"
                    found.append(Unlock(f"{party} {word} on {issue_id} from {edge:g} to {point:g}",
                                        _patch(party, issue_id, {bound: point}), opened[0], opened[1], party,
                                        "widen-red-line", abs(point - edge) / span))
                    break
    if not found:
        change = {"reject": None, "accept": None} if line.kind != "range" else {"min": None, "max": None}
        opened = _try(scenario, _patch(party, issue_id, change), limit)
        if opened:
            found.append(Unlock(f"{party} drops its red line on {issue_id}", _patch(party, issue_id, change),
                                opened[0], opened[1], party, "drop-red-line", 0.0))
    return found


def _reservation_unlock(scenario: Scenario, party: str, limit: int | None) -> Unlock | None:
    """Lower ``party``'s reservation to the best it can get that the others accept."""
    parties = scenario.parties
    me = parties.index(party)
    reservations = np.array([scenario.actors[p].reservation for p in parties])
    space = build_space(scenario, parties, limit=limit)
    best = -math.inf
    for _, utilities in space.chunks():
        others = np.ones(utilities.shape[1], dtype=bool)
        for j in range(len(parties)):
            if j != me:
                others &= utilities[j] >= reservations[j] - TOLERANCE
        if others.any():
            best = max(best, float(utilities[me, others].max()))
    if not math.isfinite(best) or best >= reservations[me] - TOLERANCE:
        return None
    new = math.floor(best * 1e6) / 1e6  # a readable value that still admits the best outcome
    patch = {"actors": {party: {"reservation": new}}}
    opened = _try(scenario, patch, limit)
    if not opened:
        return None
    shortfall = float(reservations[me] - best)
    return Unlock(f"{party} lowers its reservation from {reservations[me]:.3g} to {new:.6g} (shortfall {shortfall:.3g})",
                  patch, opened[0], opened[1], party, "lower-reservation", shortfall)

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

Format 1.1: constituencies' red lines are candidates too (the change is the
constituency's). A widening that opens the ZOPA only because the deal then
meets the ``unless`` condition of another actor's red line (the same patch
with that ``unless`` removed leaves the ZOPA empty) is reported as
``meet-condition``: "meet the condition of X's red line on Y", with the
``package`` the deal must meet (the condition's issues and options) and the
patch that makes it attainable. Meeting a condition alone never opens an
empty ZOPA (the ZOPA already waives the red line wherever the condition is
met), so the suggestion always carries the move that makes it possible.

Widenings are monotone in the party's values: a party that comes to accept
option ``x`` also accepts every option it rejected on that issue and values
at least as much (``v(y) >= v(x)``), so no suggestion has it accept an option
while it keeps rejecting a better one. On a categorical issue the patch
accepts ``x`` and all those options at once (the description names them: "B
accepts i=x (and y, which it values more)"). On a numeric issue the moved
bound brings in a whole interval of grid points; while a grid point still
outside is valued at least as much as the least-valued point newly inside,
the nearer bound is pulled out to it (``_monotone_bounds``), and the
description says which bounds moved further.

Each candidate is a JSON Merge Patch; it is kept only if the patched scenario
really has a non-empty ZOPA, and is reported with that scenario's Nash deal.
Candidates that lead to the same patch (options the party values equally)
are analysed once and listed once. Order, smallest first: widenings (by how
little the conceding party values the least-valued option it now accepts,
``1 - v(x)``; numeric: the fraction of the range the bounds move), then
reservation cuts (by the shortfall), then drops.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from typing import Any

import numpy as np
import numpy.typing as npt

from ..scenario import TOLERANCE, Scenario, ScenarioError
from ._analyze import Blocker, Deal, Unlock, ZopaScan, nash_deal
from .space import binding_actors, build_space

RANK = {"widen-red-line": 0, "meet-condition": 0, "lower-reservation": 1, "drop-red-line": 2}


def find_unlocks(scenario: Scenario, result: ZopaScan, blockers: tuple[Blocker, ...], *,
                 limit: int | None = None, movers: Collection[str] | None = None) -> tuple[Unlock, ...]:
    """All single-change unlocks of ``scenario``, smallest first.

    ``movers`` (under unanimity, from the holdout table of
    :mod:`accord.analysis.holdouts`) names the parties that are the lone
    holdout of some package: a change by one party (or its constituency)
    alters only that party's acceptance, so it can open an empty ZOPA only
    where every other party already accepts, and the candidates of the other
    parties are skipped (the same answer, without analysing them). ``None``
    tries every party.
    """
    found: list[Unlock] = []
    for party in binding_actors(scenario):
        if movers is not None and (scenario.actors[party].of or party) not in movers:
            continue
        for issue_id, pref in scenario.actors[party].preferences.items():
            if pref.red_line is not None:
                found.extend(_red_line_unlocks(scenario, party, issue_id, limit))
    found = [_through_condition(scenario, unlock, limit) for unlock in found]
    if not any(b.kind == "red-line" for b in blockers):
        for party in scenario.parties:
            if movers is not None and party not in movers:
                continue
            unlock = _reservation_unlock(scenario, party, limit)
            if unlock is not None:
                found.append(unlock)
    found.sort(key=lambda u: (RANK[u.kind], u.magnitude, u.party, u.description))
    seen: set[str] = set()  # two suggestions that lead to the same patch are one: the smaller is kept
    unique = []
    for unlock in found:
        key = json.dumps(unlock.patch, sort_keys=True)
        if key not in seen:
            seen.add(key)
            unique.append(unlock)
    return tuple(unique)


def _through_condition(scenario: Scenario, unlock: Unlock, limit: int | None) -> Unlock:
    """``unlock`` as a ``meet-condition`` when it opens the ZOPA only through an ``unless`` waiver (module
    docstring), else unchanged."""
    if unlock.kind != "widen-red-line" or unlock.nash is None:
        return unlock
    deal = unlock.nash.outcome
    for actor in binding_actors(scenario):
        for issue_id, pref in scenario.actors[actor].preferences.items():
            line = pref.red_line
            if line is None or not pref.unless or line.allows(scenario.issues[issue_id], deal[issue_id]):
                continue
            met = all(c.mask(scenario.issues[c.issue])[scenario.issues[c.issue].index_of(deal[c.issue])]
                      for c in pref.unless)
            if not met:
                continue
            stricter = _merge(unlock.patch, _patch(actor, issue_id, {"unless": None}))
            if _try(scenario, stricter, limit) is not None:
                continue  # the ZOPA opens without the waiver too
            package = {c.issue: (list(c.options) if c.options else
                                 {k: v for k, v in (("min", c.min), ("max", c.max)) if v is not None})
                       for c in pref.unless}
            text = ", ".join(c.describe() for c in pref.unless)
            return Unlock(f"meet the condition of {actor}'s red line on {issue_id} ({text}): {unlock.description}",
                          unlock.patch, unlock.acceptable, unlock.nash, unlock.party, "meet-condition",
                          unlock.magnitude, package)
    return unlock


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for key, value in b.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


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
    before = pref.acceptable(issue)
    values = np.asarray(pref.scores, dtype=float)
    candidates = np.flatnonzero(_others_allow(scenario, party, issue_id) & ~before)
    tried: dict[str, tuple[int, Deal | None] | None] = {}  # patches already analysed (ties give the same one)

    def attempt(patch: dict[str, Any]) -> tuple[int, Deal | None] | None:
        key = json.dumps(patch, sort_keys=True)
        if key not in tried:
            tried[key] = _try(scenario, patch, limit)
        return tried[key]

    found: list[Unlock] = []
    if line.kind in ("reject", "accept"):
        for k in candidates:
            floor = values[int(k)]
            newly = ~before & (values >= floor - TOLERANCE)  # k and every rejected option valued at least as much
            if line.kind == "reject":
                remaining = [o for o, new in zip(issue.options, newly) if o in line.options and not new]
                change: dict[str, Any] = {"reject": remaining or None}
            else:
                change = {"accept": [o for o, new in zip(issue.options, newly) if o in line.options or new]}
            patch = _patch(party, issue_id, change)
            opened = attempt(patch)
            if opened:
                option = issue.options[int(k)]
                also = [(o, v) for o, v, new in zip(issue.options, values, newly) if new and o != option]
                description = f"{party} accepts {issue_id}={option}"
                if also:
                    how = "more" if all(v > floor + TOLERANCE for _, v in also) else "at least as much"
                    description += f" (and {', '.join(str(o) for o, _ in also)}, which it values {how})"
                found.append(Unlock(description, patch, opened[0], opened[1], party, "widen-red-line", 1.0 - floor))
    else:
        assert issue.range is not None  # a range red line is on a numeric issue, which has a range (validated)
        span = issue.range[1] - issue.range[0]
        grid = np.asarray(issue.options, dtype=float)
        for bound, side in (("min", -1), ("max", 1)):
            edge = getattr(line, bound)
            if edge is None:
                continue
            points = [issue.options[int(k)] for k in candidates
                      if (issue.options[int(k)] - edge) * side > TOLERANCE]
            for point in sorted(points, key=lambda x: abs(x - edge)):
                moved = (float(point), line.max) if bound == "min" else (line.min, float(point))
                low, high = _monotone_bounds(grid, values, before, *moved)
                change = {b: x for b, x, old in (("min", low, line.min), ("max", high, line.max)) if x != old}
                patch = _patch(party, issue_id, change)
                opened = attempt(patch)
                if opened:
                    description = _describe_bounds(party, issue_id, bound, float(point), line.min, line.max, low, high)
                    distance = sum(abs(x - old) for x, old in ((low, line.min), (high, line.max))
                                   if x is not None and old is not None)
                    found.append(Unlock(description, patch, opened[0], opened[1], party, "widen-red-line",
                                        distance / span))
                    break
    if not found:
        change = {"reject": None, "accept": None} if line.kind != "range" else {"min": None, "max": None}
        opened = _try(scenario, _patch(party, issue_id, change), limit)
        if opened:
            found.append(Unlock(f"{party} drops its red line on {issue_id}", _patch(party, issue_id, change),
                                opened[0], opened[1], party, "drop-red-line", 0.0))
    return found


def _monotone_bounds(grid: npt.NDArray[np.float64], values: npt.NDArray[np.float64], before: npt.NDArray[np.bool_],
                     low: float | None, high: float | None) -> tuple[float | None, float | None]:
    """Widen ``[low, high]`` until no grid point outside is valued at least as much as a newly accepted one.

    Steps: the newly accepted points are those in ``[low, high]`` outside
    ``before``; ``floor`` is the least value among them; every outside point
    valued ``>= floor`` pulls the nearer bound out to it; the points this
    brings in may lower ``floor``, so repeat until nothing is pulled (at most
    one round per grid point; each round is a few array operations over the
    issue's grid).
    """
    while True:
        inside = (grid >= (-math.inf if low is None else low) - TOLERANCE) & \
                 (grid <= (math.inf if high is None else high) + TOLERANCE)
        newly = inside & ~before
        if not newly.any():
            return low, high
        pulled = grid[~inside & (values >= values[newly].min() - TOLERANCE)]
        if pulled.size == 0:
            return low, high
        if low is not None and (below := pulled[pulled < low]).size:
            low = float(below.min())
        if high is not None and (above := pulled[pulled > high]).size:
            high = float(above.max())


def _describe_bounds(party: str, issue_id: str, bound: str, point: float, old_low: float | None,
                     old_high: float | None, low: float | None, high: float | None) -> str:
    """"X lowers its minimum on I from a to b", and what the monotone widening added to that move."""
    word = {"min": "lowers its minimum", "max": "raises its maximum"}
    old = {"min": old_low, "max": old_high}
    new = {"min": low, "max": high}
    text = f"{party} {word[bound]} on {issue_id} from {old[bound]:g} to {point:g}"
    extra = []
    if new[bound] != point:
        extra.append(f"further to {new[bound]:g}")
    other = "max" if bound == "min" else "min"
    if new[other] != old[other]:
        extra.append(f"{word[other]} from {old[other]:g} to {new[other]:g}")
    if not extra:
        return text
    return f"{text} (and {' and '.join(extra)}: it values those points at least as much as some it now accepts)"


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

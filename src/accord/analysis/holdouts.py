"""Holdouts under unanimity: who says no to which package, and what several parties could change together.

With a dozen or more parties an empty ZOPA is rarely one party's doing, and
"no single change by one party opens it" is where a mediator's work starts.
For each package of the outcome space this module counts the parties that
accept it (scenario format, "Utility, acceptability, agreement": no red
line violated, after ``unless``, utility >= reservation - 1e-9, and, format
1.1, every constituency of the party satisfied) and names those that hold
out. From that table (:func:`holdouts`):

- ``by_count``: how many packages have 0, 1, 2, ... holdouts;
- ``packages``: the packages with the fewest holdouts, at most
  ``TOP_PACKAGES``, ordered by the sum of the parties' utilities (highest
  first), then by the space's row-major order;
- "consensus minus one" (``minus_one``): the packages every party but one
  accepts, and per lone holdout how many there are and the one it values
  most (what it would give up least to say yes), with why it says no.

Unlocks by two or three parties (:func:`group_unlocks`; docs "Unlocks":
single changes by one party first, then, where none opens the ZOPA,
changes by two or three parties). A package with holdouts ``H`` (|H| = 2
or 3) becomes acceptable when each party of ``H`` makes the smallest change
that has it accept that package:

1. each red line of the party that the package violates is widened to take
   the package's option in, monotone in the party's values as the single
   unlocks are (:mod:`accord.analysis.unlock`): on a categorical issue it
   also accepts every rejected option it values at least as much; a numeric
   bound moves to the package's value, and further while a point outside is
   valued at least as much as one newly inside; the cost is ``1 - v(x)``
   (categorical) or the fraction of the range the bound moves (numeric);
2. when the package's utility is below the party's reservation, the
   reservation is lowered to it (rounded down to 6 decimals); the cost is
   the shortfall.

Candidates are ranked by the number of parties that move, then the sum of
their costs (computed for every package at once, as arrays), then the
row-major order; the first ``MAX_CANDIDATES`` packages of that order for each
number of movers are considered (packages that call for the same changes, the same options on
the movers' red-line issues and the same reservation cuts, once), at most
``MAX_GROUP_CHECKS`` distinct patches are checked,
each on the patched scenario (the movers' acceptance is recomputed, the
others' is unchanged since utilities do not depend on red lines or
reservations), and at most ``MAX_GROUP_UNLOCKS`` are reported, each with the
number of packages it opens and its Nash deal over that ZOPA
(:func:`accord.analysis.solutions.nash`).

Bounds: the table has one entry per party and package, so it is built only
when parties x packages <= ``MAX_CELLS`` (``holdouts`` returns ``None``
beyond, and analysis then reports no holdouts).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..scenario import TOLERANCE, Scenario, ScenarioError
from ..scenario import outcomes as reference
from .solutions import nash
from .space import utilities_of

MAX_CELLS = 4_000_000     # parties x packages in the holdout table; beyond, no holdout view
TOP_PACKAGES = 10         # packages with the fewest holdouts listed
MAX_MOVERS = 3            # joint unlocks: at most this many parties move
MAX_GROUP_CHECKS = 20     # distinct joint patches checked on the patched scenario
MAX_GROUP_UNLOCKS = 5     # joint unlocks reported
MAX_CANDIDATES = 5_000    # packages per number of movers, in rank order, whose holdouts' changes are considered

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Holdout:
    """A package, how many parties accept it, and who holds out (scenario order)."""

    outcome: dict[str, Any]
    accepting: int
    holdouts: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"outcome": dict(self.outcome), "accepting": self.accepting, "holdouts": list(self.holdouts)}


@dataclass(frozen=True)
class LoneHoldout:
    """Consensus minus one for one party: the packages only it rejects, and the one it values most."""

    party: str
    packages: int
    best: dict[str, Any]
    utility: float
    why: tuple[str, ...]  # "red line on ISSUE" for each violated red line; "reservation" when short of it

    def to_json(self) -> dict[str, Any]:
        from ._analyze import rounded

        return {"party": self.party, "packages": self.packages, "best": dict(self.best),
                "utility": rounded(self.utility), "why": list(self.why)}


@dataclass(frozen=True)
class Holdouts:
    """The holdout view of an empty ZOPA under unanimity (module docstring)."""

    parties: int
    outcomes: int
    by_count: dict[int, int]
    fewest: int
    packages: tuple[Holdout, ...]
    minus_one: int  # packages with exactly one holdout
    lone: tuple[LoneHoldout, ...]  # per lone holdout, most packages first

    def to_json(self) -> dict[str, Any]:
        return {"parties": self.parties, "outcomes": self.outcomes,
                "by_count": {str(k): v for k, v in sorted(self.by_count.items())}, "fewest": self.fewest,
                "packages": [p.to_json() for p in self.packages],
                "consensus_minus_one": {"packages": self.minus_one, "by_party": [x.to_json() for x in self.lone]}}


@dataclass(frozen=True)
class Table:
    """Every package (option rows, row-major), the parties' utilities and who accepts each."""

    rows: IntArray      # (N, n_issues)
    utilities: FloatArray  # (n_parties, N)
    accepts: BoolArray  # (n_parties, N)


def all_rows(scenario: Scenario) -> IntArray:
    """Every outcome as option rows (N, n_issues), in row-major order."""
    shape = tuple(issue.size for issue in scenario.issues.values())
    size = int(np.prod(shape))
    return np.stack(np.unravel_index(np.arange(size, dtype=np.int64), shape), axis=1).astype(np.int64)


def party_accepts(scenario: Scenario, party: str, rows: IntArray, utility: FloatArray) -> BoolArray:
    """(N,): ``party`` accepts each package: its red lines (after ``unless``), its reservation, its
    constituencies' (format 1.1)."""
    ok = reference.allowed(scenario, party, rows) & (utility >= scenario.actors[party].reservation - TOLERANCE)
    for cid in scenario.constituencies.get(party, ()):
        if not ok.any():
            break
        ok &= reference.satisfied(scenario, cid, rows)
    return ok


def table(scenario: Scenario, max_cells: int = MAX_CELLS) -> Table | None:
    """The acceptance table of the whole space, or ``None`` beyond ``max_cells`` parties x packages."""
    parties = scenario.parties
    if scenario.outcome_count * len(parties) > max_cells:
        return None
    rows = all_rows(scenario)
    utilities = utilities_of(scenario, rows, parties)
    accepts = np.stack([party_accepts(scenario, p, rows, utilities[k]) for k, p in enumerate(parties)])
    return Table(rows, utilities, accepts)


def _outcome(scenario: Scenario, row: IntArray) -> dict[str, Any]:
    return {issue.id: issue.options[int(k)] for issue, k in zip(scenario.issues.values(), row)}


def _why(scenario: Scenario, party: str, row: IntArray, utility: float) -> tuple[str, ...]:
    reasons = [f"red line on {iid}" for iid, pref in scenario.actors[party].preferences.items()
               if pref.red_line is not None and _violates(scenario, party, iid, row)]
    if utility < scenario.actors[party].reservation - TOLERANCE:
        reasons.append("reservation")
    if not reasons:
        reasons.append("ratification")
    return tuple(reasons)


def _violates(scenario: Scenario, party: str, issue_id: str, row: IntArray) -> bool:
    """Whether ``party``'s red line on ``issue_id`` (after its ``unless``) rejects the package ``row``."""
    pref = scenario.actors[party].preferences[issue_id]
    j = list(scenario.issues).index(issue_id)
    passes = bool(reference.red_line_mask(scenario.issues[issue_id], pref)[int(row[j])])
    if not passes and pref.unless:
        passes = bool(reference.meets(scenario, pref.unless, row[None, :])[0])
    return not passes


def holdouts(scenario: Scenario, found: Table | None = None, top: int = TOP_PACKAGES) -> Holdouts | None:
    """The holdout view (module docstring), from ``found`` (default: :func:`table`); ``None`` when the table
    is beyond the bound."""
    found = table(scenario) if found is None else found
    if found is None:
        return None
    parties = scenario.parties
    accepting = found.accepts.sum(axis=0)
    count = len(parties) - accepting
    by_count = {int(k): int(v) for k, v in enumerate(np.bincount(count, minlength=1)) if v}
    fewest = int(count.min()) if count.size else 0
    fewest_ids = np.flatnonzero(count == fewest)
    total = found.utilities[:, fewest_ids].sum(axis=0)
    chosen = fewest_ids[np.lexsort((fewest_ids, -total))[:top]]
    packages = tuple(Holdout(_outcome(scenario, found.rows[i]), int(accepting[i]),
                             tuple(p for k, p in enumerate(parties) if not found.accepts[k, i])) for i in chosen)
    single = np.flatnonzero(count == 1)
    lone = []
    if single.size:
        who = np.argmin(found.accepts[:, single], axis=0)  # the one party that rejects each
        for k, n in sorted(Counter(who.tolist()).items(), key=lambda kv: (-kv[1], kv[0])):
            ids = single[who == k]
            best = int(ids[int(np.argmax(found.utilities[k, ids]))])  # first of the ties: row-major
            u = float(found.utilities[k, best])
            lone.append(LoneHoldout(parties[k], int(n), _outcome(scenario, found.rows[best]), u,
                                    _why(scenario, parties[k], found.rows[best], u)))
    return Holdouts(len(parties), int(count.size), by_count, fewest, packages, int(single.size), tuple(lone))


# -- joint unlocks --------------------------------------------------------------------------------------------

def _costs(scenario: Scenario, found: Table) -> FloatArray:
    """(n_parties, N): each party's cost of coming to accept each package (steps 1-2 of the module docstring);
    0 where it accepts already."""
    parties = scenario.parties
    ids = list(scenario.issues)
    cost = np.zeros(found.accepts.shape)
    for k, party in enumerate(parties):
        for iid, pref in scenario.actors[party].preferences.items():
            line = pref.red_line
            if line is None:
                continue
            issue = scenario.issues[iid]
            j = ids.index(iid)
            passes = reference.red_line_mask(issue, pref)
            values = np.asarray(pref.scores, dtype=float)
            if line.kind == "range":
                assert issue.range is not None
                grid = np.asarray(issue.options, dtype=float)
                low = -math.inf if line.min is None else line.min
                high = math.inf if line.max is None else line.max
                step = np.maximum(low - grid, 0.0) + np.maximum(grid - high, 0.0)
                per_option = step / (issue.range[1] - issue.range[0])
            else:
                per_option = 1.0 - values
            violated = ~passes[found.rows[:, j]]
            if pref.unless:
                violated &= ~reference.meets(scenario, pref.unless, found.rows)
            cost[k] += np.where(violated, per_option[found.rows[:, j]], 0.0)
        cost[k] += np.maximum(scenario.actors[party].reservation - found.utilities[k], 0.0)
    cost[found.accepts] = 0.0
    return cost


def _move(scenario: Scenario, party: str, row: IntArray, utility: float) -> tuple[dict[str, Any], list[str]]:
    """The smallest change that has ``party`` accept the package ``row``: (its preferences/reservation patch
    for the party, descriptions)."""
    from .unlock import _describe_bounds, _monotone_bounds

    actor = scenario.actors[party]
    change: dict[str, Any] = {}
    texts: list[str] = []
    for iid, pref in actor.preferences.items():
        line = pref.red_line
        if line is None or not _violates(scenario, party, iid, row):
            continue
        issue = scenario.issues[iid]
        k = int(row[list(scenario.issues).index(iid)])
        values = np.asarray(pref.scores, dtype=float)
        before = pref.acceptable(issue)
        if line.kind in ("reject", "accept"):
            newly = ~before & (values >= values[k] - TOLERANCE)
            if line.kind == "reject":
                remaining = [o for o, new in zip(issue.options, newly) if o in line.options and not new]
                change[iid] = {"reject": remaining or None}
            else:
                change[iid] = {"accept": [o for o, new in zip(issue.options, newly) if o in line.options or new]}
            also = [str(o) for o, new in zip(issue.options, newly) if new and o != issue.options[k]]
            texts.append(f"{party} accepts {iid}={issue.options[k]}"
                         + (f" (and {', '.join(also)}, which it values at least as much)" if also else ""))
        else:
            point = float(issue.options[k])
            grid = np.asarray(issue.options, dtype=float)
            bound = "min" if line.min is not None and point < line.min - TOLERANCE else "max"
            moved = (point, line.max) if bound == "min" else (line.min, point)
            low, high = _monotone_bounds(grid, values, before, *moved)
            change[iid] = {b: x for b, x, old in (("min", low, line.min), ("max", high, line.max)) if x != old}
            texts.append(_describe_bounds(party, iid, bound, point, line.min, line.max, low, high))
    patch: dict[str, Any] = {"preferences": change} if change else {}
    if utility < actor.reservation - TOLERANCE:
        new = math.floor(utility * 1e6) / 1e6
        patch["reservation"] = new
        texts.append(f"{party} lowers its reservation from {actor.reservation:.3g} to {new:.6g}")
    return patch, texts


def group_unlocks(scenario: Scenario, found: Table | None = None, *, max_movers: int = MAX_MOVERS,
                  max_checks: int = MAX_GROUP_CHECKS, max_unlocks: int = MAX_GROUP_UNLOCKS,
                  max_candidates: int = MAX_CANDIDATES) -> tuple[Any, ...]:
    """Changes by two or three parties that open an empty ZOPA, smallest first (module docstring), as
    :class:`accord.analysis._analyze.Unlock` with ``parties`` and kind ``joint``."""
    from ._analyze import Deal, Unlock

    found = table(scenario) if found is None else found
    if found is None:
        return ()
    parties = scenario.parties
    holdout_count = len(parties) - found.accepts.sum(axis=0)
    wanted = (holdout_count >= 2) & (holdout_count <= max_movers)
    if not wanted.any():
        return ()
    cost = _costs(scenario, found)
    ids = np.flatnonzero(wanted)
    total = cost[:, ids].sum(axis=0)
    order = ids[np.lexsort((ids, total, holdout_count[ids]))]
    size = holdout_count[order]
    order = np.concatenate([order[size == k][:max_candidates] for k in range(2, max_movers + 1)])
    actors = scenario.evaluated_actors
    ids_of = list(scenario.issues)
    lined = [sorted({ids_of.index(i) for i, pref in scenario.actors[p].preferences.items() if pref.red_line is not None}
                    | ({*range(len(ids_of))} if any(pref.unless for pref in scenario.actors[p].preferences.values())
                       else set())) for p in parties]  # the columns a party's change depends on
    reservations = np.array([scenario.actors[p].reservation for p in parties])
    seen: set[str] = set()
    known: set[tuple[Any, ...]] = set()
    unlocks: list[Any] = []
    checks = 0
    for i in order:
        if checks >= max_checks or len(unlocks) >= max_unlocks:
            break
        who = np.flatnonzero(~found.accepts[:, i])
        short = found.utilities[who, i] < reservations[who] - TOLERANCE
        changes = (tuple(who.tolist()), tuple(int(found.rows[i, j]) for k in who for j in lined[k]),
                   tuple(math.floor(float(u) * 1e6) for u in found.utilities[who, i][short]))
        if changes in known:  # the same changes as a package already tried
            continue
        known.add(changes)
        movers = tuple(parties[k] for k in who)
        patch: dict[str, Any] = {"actors": {}}
        texts: list[str] = []
        for p in movers:
            change, words = _move(scenario, p, found.rows[i], float(found.utilities[parties.index(p), i]))
            patch["actors"][p] = change
            texts.extend(words)
        key = json.dumps(patch, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        checks += 1
        try:
            patched = scenario.with_patch(patch, label=None)
        except (ScenarioError, ValueError):
            continue
        accepts = found.accepts.copy()
        for p in movers:
            k = parties.index(p)
            accepts[k] = party_accepts(patched, p, found.rows, found.utilities[k])
        zopa = accepts.all(axis=0)
        if not zopa.any():
            continue
        reservations = np.array([patched.actors[p].reservation for p in parties])
        position, score = nash(found.utilities[:, zopa], reservations)
        row = found.rows[np.flatnonzero(zopa)[int(position)]]
        u = utilities_of(scenario, row[None, :], actors)[:, 0]
        deal = Deal(_outcome(scenario, row), {a: float(u[j]) for j, a in enumerate(actors)}, float(score))
        unlocks.append(Unlock("; ".join(texts), patch, int(zopa.sum()), deal, movers[0], "joint",
                              float(total[np.searchsorted(ids, i)]), parties=movers))
    return tuple(unlocks)


__all__ = ["MAX_CANDIDATES", "MAX_CELLS", "MAX_GROUP_CHECKS", "MAX_GROUP_UNLOCKS", "MAX_MOVERS", "TOP_PACKAGES", "Holdout",
           "Holdouts", "LoneHoldout", "Table", "all_rows", "group_unlocks", "holdouts", "party_accepts", "table"]

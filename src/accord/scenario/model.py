"""The scenario model: frozen values built by validation, never by hand-parsing.

A :class:`Scenario` holds issues, actors with preferences and red lines,
sources and variants, with every distribution already resolved to its central
value (the distributions themselves are kept in ``uncertain`` for Monte Carlo).

Utility (scenario format, "Utility, acceptability, agreement")::

    u_a(o) = sum_i w_ai * v_ai(o_i) / sum_i w_ai

Party ``a`` accepts ``o`` when no red line of ``a`` is violated and
``u_a(o) >= reservation_a`` (tolerance ``TOLERANCE``).

Version 1.1 (scenario format, "Version 1.1 additions") adds conditional red
lines (:attr:`Preference.unless`), uncertain red lines
(:attr:`Preference.holds`), package interactions (:class:`Interaction`),
decision rules (:class:`Decision`) and constituencies (``role:
constituency``, :attr:`Actor.of`). With interactions ``k``::

    u_a(o) = (sum_i w_ai v_ai(o_i) + sum_k w_k v_k [o meets when_k]) / (sum_i w_ai + sum_k w_k)

The vectorised semantics of all of it live in :mod:`accord.scenario.outcomes`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from .distributions import Distribution

TOLERANCE = 1e-9
ROLES = ("party", "mediator", "observer", "constituency")
RULES = ("unanimity", "majority", "qualified")

Option = str | int | float


@dataclass(frozen=True)
class Issue:
    """One issue on the table: categorical options or a discretised range."""

    id: str
    name: str
    kind: Literal["categorical", "numeric"]
    options: tuple[Option, ...]
    unit: str | None = None
    range: tuple[float, float] | None = None
    step: float | None = None
    positions: tuple[float, ...] | None = None  # categorical: where each option sits on a scale

    @property
    def size(self) -> int:
        return len(self.options)

    @property
    def scale(self) -> tuple[float, ...]:
        """Each option's place on the issue's scale (forecasting models work on it).

        Numeric issues: the option itself. Categorical issues: ``positions`` if
        given, otherwise equal spacing on 0-100 in the order the options are listed.
        """
        if self.kind == "numeric":
            return tuple(float(o) for o in self.options)
        if self.positions is not None:
            return self.positions
        return tuple(100.0 * k / (self.size - 1) for k in range(self.size))


    def index_of(self, option: Option) -> int:
        """Position of ``option``; raises ``KeyError`` when it is not an option."""
        if self.kind == "numeric":
            points = np.asarray(self.options, dtype=float)
            hits = np.flatnonzero(np.abs(points - float(option)) <= TOLERANCE * max(1.0, abs(float(option))))
            if hits.size:
                return int(hits[0])
            raise KeyError(option)
        return self.options.index(option)


@dataclass(frozen=True)
class Evidence:
    """A quote from a source, or an explicit assumption where no source speaks."""

    source: str | None = None
    quote: str | None = None
    assumption: str | None = None


def between(issue: Issue, low: float | None, high: float | None) -> np.ndarray:
    """Mask of a numeric issue's options within ``[low - 1e-9, high + 1e-9]`` (a missing bound: no limit)."""
    x = np.asarray(issue.options, dtype=float)
    ok = np.ones(x.size, dtype=bool)
    if low is not None:
        ok &= x >= low - TOLERANCE
    if high is not None:
        ok &= x <= high + TOLERANCE
    return ok


def listed_in(issue: Issue, options: tuple[Option, ...]) -> np.ndarray:
    """Mask of ``issue``'s options that are among ``options``."""
    chosen = set(options)
    return np.array([o in chosen for o in issue.options], dtype=bool)


@dataclass(frozen=True)
class RedLine:
    """What an actor can never accept on one issue.

    ``kind`` is ``reject`` (these options are out), ``accept`` (only these are
    in) or ``range`` (numeric: only ``min <= x <= max``).
    """

    kind: Literal["reject", "accept", "range"]
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None

    def mask(self, issue: Issue) -> np.ndarray:
        """Boolean mask over ``issue``'s options: which pass this red line (:meth:`allows`, vectorised)."""
        if self.kind == "range":
            return between(issue, self.min, self.max)
        inside = listed_in(issue, self.options)
        return ~inside if self.kind == "reject" else inside

    def allows(self, issue: Issue, option: Option) -> bool:
        """Whether ``option`` of ``issue`` passes this red line."""
        if self.kind == "range":
            x = float(option)
            return (self.min is None or x >= self.min - TOLERANCE) and (self.max is None or x <= self.max + TOLERANCE)
        inside = option in self.options
        return not inside if self.kind == "reject" else inside

    def describe(self) -> str:
        if self.kind == "range":
            parts = [f">= {_num(self.min)}" if self.min is not None else "", f"<= {_num(self.max)}" if self.max is not None else ""]
            return "only " + " and ".join(p for p in parts if p)
        names = ", ".join(str(o) for o in self.options)
        return f"rejects {names}" if self.kind == "reject" else f"accepts only {names}"


@dataclass(frozen=True)
class Condition:
    """One condition of an ``unless`` or a ``when`` (format 1.1), on one issue.

    Categorical issue: ``options`` lists the options that meet it. Numeric
    issue: ``min`` and/or ``max`` bound the options that meet it, with the
    tolerance ``TOLERANCE`` (``min - 1e-9 <= x <= max + 1e-9``), as red-line
    bounds.
    """

    issue: str
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None

    def mask(self, issue: Issue) -> np.ndarray:
        """Boolean mask over ``issue``'s options (``issue`` is the one named): which meet the condition."""
        if issue.kind == "numeric":
            return between(issue, self.min, self.max)
        return listed_in(issue, self.options)

    def describe(self) -> str:
        if self.options or (self.min is None and self.max is None):
            return f"{self.issue} in {{{', '.join(str(o) for o in self.options)}}}"
        parts = [f">= {_num(self.min)}" if self.min is not None else "", f"<= {_num(self.max)}" if self.max is not None else ""]
        return f"{self.issue} " + " and ".join(p for p in parts if p)


@dataclass(frozen=True)
class Interaction:
    """A package term of an actor's utility (format 1.1, ``interactions``).

    Worth ``value`` (in [0, 1]) with salience ``weight`` (>= 0) when the
    outcome meets every condition of ``when`` (at least two issues): it adds
    ``weight * value`` to the numerator of the actor's utility when met, and
    ``weight`` to the denominator always.
    """

    when: tuple[Condition, ...]
    weight: float = 1.0
    value: float = 1.0
    description: str = ""
    evidence: tuple[Evidence, ...] = ()

    @property
    def issues(self) -> tuple[str, ...]:
        return tuple(c.issue for c in self.when)


@dataclass(frozen=True)
class Decision:
    """How the parties decide (format 1.1, top-level ``decision``).

    A set ``C`` of accepting parties out of ``n`` is winning when:
    unanimity ``|C| = n``; majority ``|C| > n/2``; qualified ``|C|/n >= share``
    and, when ``weight_share`` is given, ``sum_C vote_weight / sum_all
    vote_weight >= weight_share`` (tolerance 1e-9); in every rule each
    ``veto`` party is in ``C``. See :func:`accord.scenario.outcomes.winning`.
    """

    rule: Literal["unanimity", "majority", "qualified"] = "unanimity"
    share: float | None = None
    weight_share: float | None = None
    veto: tuple[str, ...] = ()
    description: str = ""
    evidence: tuple[Evidence, ...] = ()

    @property
    def is_unanimity(self) -> bool:
        """Whether this rule is plain unanimity (everything as in version 1)."""
        return self.rule == "unanimity"


UNANIMITY = Decision()


@dataclass(frozen=True)
class CoupledGroup:
    """Issues coupled by ``unless`` or ``interactions``, to be analysed as one composite issue.

    ``size`` is the product of the issues' option counts (an exact int): the
    number of combinations before any red line removes some.
    """

    issues: tuple[str, ...]
    size: int

    @property
    def coupled(self) -> bool:
        """More than one issue (a single issue is not coupled to anything)."""
        return len(self.issues) > 1


@dataclass(frozen=True)
class Preference:
    """An actor's stance on one issue: salience, valuation and red line.

    ``scores`` holds v_ai for every option of the issue, in option order; for a
    numeric issue it is the piecewise-linear function through ``points``
    evaluated at the grid.
    """

    issue: str
    weight: float
    scores: tuple[float, ...]
    points: tuple[tuple[float, float], ...] = ()
    red_line: RedLine | None = None
    evidence: tuple[Evidence, ...] = ()
    unless: tuple[Condition, ...] = ()  # format 1.1: the red line is waived when every condition holds
    holds: float = 1.0                  # format 1.1: probability that the red line binds (central value)

    def value(self, issue: Issue, option: Option) -> float:
        """v_ai(option), also off the numeric grid (piecewise linear)."""
        if issue.kind == "numeric":
            xs, ys = zip(*self.points)
            return float(np.interp(float(option), xs, ys))
        return self.scores[issue.index_of(option)]

    def acceptable(self, issue: Issue) -> np.ndarray:
        """Boolean mask over the issue's options: which pass the red line."""
        if self.red_line is None:
            return np.ones(issue.size, dtype=bool)
        return self.red_line.mask(issue)


@dataclass(frozen=True)
class Actor:
    """Someone at or around the table."""

    id: str
    name: str
    role: str = "party"
    power: float = 1.0
    reservation: float = 0.0
    preferences: dict[str, Preference] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    interactions: tuple[Interaction, ...] = ()  # format 1.1: package terms of the utility
    vote_weight: float = 1.0                     # format 1.1: used by a decision's weight_share (parties only)
    of: str | None = None                        # format 1.1: the party a constituency ratifies for

    @property
    def is_party(self) -> bool:
        return self.role == "party"

    @property
    def is_constituency(self) -> bool:
        return self.role == "constituency"

    @property
    def total_weight(self) -> float:
        """The utility's denominator: ``sum_i w_ai + sum_k w_k`` (version 1: ``sum_i w_ai``)."""
        total = sum(p.weight for p in self.preferences.values())
        for term in self.interactions:
            total += term.weight
        return total

    @property
    def has_preferences(self) -> bool:
        return self.total_weight > 0

    def normalised_weight(self, issue: str) -> float:
        """w_ai / (sum_i w_ai + sum_k w_k) (0 for an issue the actor does not list)."""
        pref = self.preferences.get(issue)
        total = self.total_weight
        return pref.weight / total if pref is not None and total > 0 else 0.0

    def interaction_weight(self, k: int) -> float:
        """w_k / (sum_i w_ai + sum_k w_k) for interaction ``k``."""
        total = self.total_weight
        return self.interactions[k].weight / total if total > 0 else 0.0


@dataclass(frozen=True)
class Source:
    id: str
    title: str | None = None
    file: str | None = None
    url: str | None = None
    text: str | None = None  # the file's text when it could be read
    date: str | None = None  # when the document was published, as written (an ISO date when YAML read one)
    publisher: str | None = None  # the outlet that published it


@dataclass(frozen=True)
class Variant:
    id: str
    description: str
    patch: dict


@dataclass(frozen=True)
class Event:
    """A scripted shock at a round of a simulated negotiation.

    ``kind`` is ``apply`` (apply the variant ``target`` from then on),
    ``walkout`` (party ``target`` leaves) or ``return`` (it comes back).
    """

    id: str
    round: int
    kind: Literal["apply", "walkout", "return"]
    target: str
    description: str = ""
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Uncertain:
    """A parameter written as a distribution, at ``path`` in the document."""

    path: tuple
    distribution: Distribution


@dataclass(frozen=True, eq=False)
class Scenario:
    """A validated negotiation. Build with :func:`accord.load`."""

    name: str
    issues: dict[str, Issue]
    actors: dict[str, Actor]
    date: dt.date | None = None
    description: str | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    variants: dict[str, Variant] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    uncertain: tuple[Uncertain, ...] = ()
    document: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    variant: str | None = None
    base_dir: str | None = None  # where source files are looked up; None: not read
    decision: Decision | None = None  # format 1.1: None when the document gives no decision (unanimity)

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the scenario

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per actor, issue it weighs and option: ``value`` and whether its red
        line lets the option pass (``acceptable``) (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    @property
    def parties(self) -> tuple[str, ...]:
        """Ids of the actors that can veto, in document order."""
        return tuple(a for a, actor in self.actors.items() if actor.is_party)

    @property
    def decision_rule(self) -> Decision:
        """The decision rule in force: ``decision``, or unanimity when none is given."""
        return self.decision if self.decision is not None else UNANIMITY

    @property
    def constituencies(self) -> dict[str, tuple[str, ...]]:
        """Party id -> ids of its constituencies (``role: constituency``, ``of`` it), in document order.

        Every party is a key (an empty tuple when nothing ratifies its yes).
        """
        found: dict[str, list[str]] = {p: [] for p in self.parties}
        for aid, actor in self.actors.items():
            if actor.is_constituency and actor.of in found:
                found[actor.of].append(aid)
        return {p: tuple(c) for p, c in found.items()}

    @property
    def holds_paths(self) -> tuple[tuple[tuple, float], ...]:
        """Red lines that may not bind (format 1.1 ``holds``): ``(path, central holds)`` of each
        preference with a red line whose ``holds`` is below 1 or a distribution.

        ``path`` is ``("actors", actor, "preferences", issue, "holds")``: the key of the uniform that
        decides, in a Monte Carlo run, whether that red line binds (U < holds). A distribution of
        ``holds`` is also in ``uncertain`` under the same path.
        """
        drawn = {u.path for u in self.uncertain}
        found = []
        for aid, actor in self.actors.items():
            for iid, pref in actor.preferences.items():
                path = ("actors", aid, "preferences", iid, "holds")
                if pref.red_line is not None and (pref.holds < 1 or path in drawn):
                    found.append((path, pref.holds))
        return tuple(found)

    def coupled_groups(self, actors: Iterable[str] | None = None) -> tuple[CoupledGroup, ...]:
        """The issues as groups coupled by ``unless`` and ``interactions`` (union-find), with their sizes.

        Two issues are coupled when one actor's red line on one is waived by a
        condition on the other (``unless``), or when one interaction's ``when``
        names both; coupling is transitive. ``actors`` restricts the actors
        whose conditions count (default: all). Every issue is in exactly one
        group (a lone issue is a group of one); groups are listed in the order
        of their first issue, issues in document order. Analysis treats a group
        as one composite issue and refuses a group whose ``size`` exceeds its
        outcome limit.
        """
        ids = list(self.issues)
        parent = {i: i for i in ids}

        def root(i: str) -> str:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def join(a: str, b: str) -> None:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[rb] = ra

        chosen = self.actors if actors is None else {a: self.actors[a] for a in actors}
        for actor in chosen.values():
            for iid, pref in actor.preferences.items():
                if pref.red_line is not None:
                    for cond in pref.unless:
                        if cond.issue in parent:
                            join(iid, cond.issue)
            for term in actor.interactions:
                named = [c.issue for c in term.when if c.issue in parent]
                for other in named[1:]:
                    join(named[0], other)
        groups: dict[str, list[str]] = {}
        for i in ids:
            groups.setdefault(root(i), []).append(i)
        result = []
        for members in groups.values():
            size = 1
            for i in members:
                size *= self.issues[i].size
            result.append(CoupledGroup(tuple(members), size))
        return tuple(result)

    @property
    def evaluated_actors(self) -> tuple[str, ...]:
        """Actors with preferences, parties first: whose utilities are reported."""
        parties = [a for a in self.parties if self.actors[a].has_preferences]
        others = [a for a, actor in self.actors.items() if not actor.is_party and actor.has_preferences]
        return tuple(parties + others)

    @property
    def outcome_count(self) -> int:
        """Size of the full outcome space (exact Python int; may be huge)."""
        count = 1
        for issue in self.issues.values():
            count *= issue.size
        return count

    def with_variant(self, variant: str | None) -> Scenario:
        """This scenario with the named variant's patch applied (``None``: itself)."""
        from ._load import apply_variant  # the loader builds scenarios

        return self if variant is None else apply_variant(self, variant)

    def with_patch(self, patch: dict, label: str | None = None) -> Scenario:
        """This scenario with a JSON Merge Patch applied and validated."""
        from ._load import apply_patch

        return apply_patch(self, patch, label)


def _num(x: float | None) -> str:
    return f"{x:g}" if x is not None else "?"

"""The scenario model: frozen values built by validation, never by hand-parsing.

A :class:`Scenario` holds issues, actors with preferences and red lines,
sources and variants, with every distribution already resolved to its central
value (the distributions themselves are kept in ``uncertain`` for Monte Carlo).

Utility (scenario format, "Utility, acceptability, agreement")::

    u_a(o) = sum_i w_ai * v_ai(o_i) / sum_i w_ai

Party ``a`` accepts ``o`` when no red line of ``a`` is violated and
``u_a(o) >= reservation_a`` (tolerance ``TOLERANCE``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from .distributions import Distribution

TOLERANCE = 1e-9
ROLES = ("party", "mediator", "observer")

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
        return np.array([self.red_line.allows(issue, o) for o in issue.options], dtype=bool)


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

    @property
    def is_party(self) -> bool:
        return self.role == "party"

    @property
    def total_weight(self) -> float:
        return sum(p.weight for p in self.preferences.values())

    @property
    def has_preferences(self) -> bool:
        return self.total_weight > 0

    def normalised_weight(self, issue: str) -> float:
        """w_ai / sum_i w_ai (0 for an issue the actor does not list)."""
        pref = self.preferences.get(issue)
        total = self.total_weight
        return pref.weight / total if pref is not None and total > 0 else 0.0


@dataclass(frozen=True)
class Source:
    id: str
    title: str | None = None
    file: str | None = None
    url: str | None = None
    text: str | None = None  # the file's text when it could be read


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

    @property
    def parties(self) -> tuple[str, ...]:
        """Ids of the actors that can veto, in document order."""
        return tuple(a for a, actor in self.actors.items() if actor.is_party)

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

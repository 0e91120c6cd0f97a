"""What a tournament plays: every strategy assignment on every scenario, repeated.

ANAC-style (Baarslag et al. 2015, "Evaluating practical negotiating agents:
results and analysis of the 2011 international competition", AIJ 198): each
scenario is played by every ordered assignment of the competing strategies
to its parties, so every strategy meets every other in every role (both
role orders for two parties), ``reps`` times.

Each negotiation gets a seed drawn from ``(seed, scenario, assignment,
rep)`` alone, so a negotiation's result never depends on which chunk, worker
or backend plays it, nor on which negotiations were played before it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InvalidInput
from ..scenario import Scenario
from ..simulation import PROTOCOLS, SimulationError, Strategy, make_strategy


class TournamentError(InvalidInput):
    """A tournament was asked for with a parameter it cannot use."""


@dataclass(frozen=True)
class Negotiation:
    """One negotiation of the tournament: which scenario, who plays which party, which repetition."""

    index: int
    scenario: int
    assignment: tuple[str, ...]  # strategy per party, in the scenario's party order
    rep: int
    seed: int


@dataclass(frozen=True)
class Tournament:
    """A tournament's definition: strategies x scenarios x repetitions, and how each negotiation is run.

    ``strategies`` may hold names, specs (``"boulware:exponent=0.1"``) or
    :class:`~accord.simulation.Strategy` instances. Each is resolved once
    (:attr:`players`, in the same order) and labelled by its text: a spec as
    given, an instance by :meth:`~accord.simulation.Strategy.spec`; after
    construction ``strategies`` holds the labels, which name the strategies in
    records, rankings and the fingerprint.
    """

    strategies: tuple[str, ...]  # the labels, once constructed (the constructor also takes instances)
    scenarios: tuple[Scenario, ...]
    reps: int = 10
    rounds: int = 100
    protocol: str = "alternating"
    seed: int = 0
    self_play: bool = True
    events: bool = True
    full_information: bool = False
    labels: tuple[str, ...] = field(default=())  # scenario labels (default: their names)
    players: tuple[Strategy, ...] = field(default=(), compare=False, repr=False)  # set from ``strategies``

    if TYPE_CHECKING:  # the generated constructor, as it is called: ``strategies`` may hold instances
        def __init__(self, strategies: tuple[str | Strategy, ...], scenarios: tuple[Scenario, ...], reps: int = 10,
                     rounds: int = 100, protocol: str = "alternating", seed: int = 0, self_play: bool = True,
                     events: bool = True, full_information: bool = False, labels: tuple[str, ...] = (),
                     players: tuple[Strategy, ...] = ()) -> None: ...

    def __post_init__(self) -> None:
        if not self.strategies:
            raise TournamentError("The 'strategies' parameter must name at least one strategy. Got none instead.")
        given: tuple[str | Strategy, ...] = self.strategies  # as passed, before it becomes the labels
        players = []
        for spec in given:
            try:
                players.append(make_strategy(spec))
            except SimulationError as exc:
                raise TournamentError(f"The 'strategies' parameter: {exc}") from None
        labels = tuple(s if isinstance(s, str) else s.spec() for s in given)
        object.__setattr__(self, "strategies", labels)
        object.__setattr__(self, "players", tuple(players))
        if len(set(self.strategies)) != len(self.strategies):
            raise TournamentError(f"The 'strategies' parameter names a strategy twice: {', '.join(self.strategies)}.")
        for spec, built in zip(self.strategies, self.players):
            if built.traits.full_information and not self.full_information:
                raise TournamentError(f"strategy {spec!r} needs other parties' utilities; "
                                      "run the tournament with full information to allow it")
        if not self.scenarios:
            raise TournamentError("The 'scenarios' parameter must hold at least one scenario. Got none instead.")
        for name, value in (("reps", self.reps), ("rounds", self.rounds)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise TournamentError(f"The '{name}' parameter must be an int >= 1. Got {value!r} instead.")
        if self.protocol not in PROTOCOLS:
            raise TournamentError(f"The 'protocol' parameter must be one of {', '.join(PROTOCOLS)}. "
                                  f"Got {self.protocol!r} instead.")
        for scenario in self.scenarios:
            if len(scenario.parties) < 2:
                raise TournamentError(f"scenario {scenario.name!r} has {len(scenario.parties)} party; "
                                      "a tournament needs at least two per scenario")
        if not self.self_play and any(len(s.parties) > len(self.strategies) for s in self.scenarios):
            raise TournamentError("without self-play every scenario needs at most as many parties as strategies")
        if self.labels and len(self.labels) != len(self.scenarios):
            raise TournamentError("The 'labels' parameter must give one label per scenario.")
        if not self.labels:
            object.__setattr__(self, "labels", tuple(s.name for s in self.scenarios))

    def assignments(self, scenario: int) -> list[tuple[str, ...]]:
        """Every ordered assignment of strategies to the scenario's parties (with or without self-play)."""
        n = len(self.scenarios[scenario].parties)
        if self.self_play:
            return list(itertools.product(self.strategies, repeat=n))
        return list(itertools.permutations(self.strategies, n))

    def fingerprint(self) -> str:
        """SHA-256 of everything that decides the results: a stored tournament resumes only under the same one."""
        doc = {"strategies": list(self.strategies), "reps": self.reps, "rounds": self.rounds, "protocol": self.protocol,
               "seed": self.seed, "self_play": self.self_play, "events": self.events, "labels": list(self.labels),
               "full_information": self.full_information,
               "scenarios": [_document_hash(s) for s in self.scenarios]}
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()

    def describe(self) -> dict[str, Any]:
        return {"strategies": list(self.strategies), "scenarios": list(self.labels), "reps": self.reps,
                "rounds": self.rounds, "protocol": self.protocol, "seed": self.seed, "self_play": self.self_play,
                "events": self.events, "full_information": self.full_information,
                "negotiations": sum(len(self.assignments(s)) for s in range(len(self.scenarios))) * self.reps}


def _document_hash(scenario: Scenario) -> str:
    text = json.dumps({"document": scenario.document, "variant": scenario.variant}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def negotiation_seed(seed: int, scenario: int, assignment: int, rep: int) -> int:
    """A 63-bit seed from the negotiation's coordinates only (NumPy SeedSequence hashing)."""
    state = np.random.SeedSequence([seed, scenario, assignment, rep]).generate_state(2, dtype=np.uint32)
    return int((int(state[0]) << 31) ^ int(state[1])) & ((1 << 63) - 1)


def plan(tournament: Tournament) -> list[Negotiation]:
    """All negotiations, ordered scenario, assignment, repetition (repetitions of one pairing are adjacent)."""
    units: list[Negotiation] = []
    for s in range(len(tournament.scenarios)):
        for a, assignment in enumerate(tournament.assignments(s)):
            for rep in range(tournament.reps):
                units.append(Negotiation(len(units), s, assignment, rep, negotiation_seed(tournament.seed, s, a, rep)))
    return units


def chunked(units: Sequence[Negotiation], size: int) -> list[list[Negotiation]]:
    """Consecutive chunks of at most ``size`` negotiations."""
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise TournamentError(f"The 'chunk' parameter must be an int >= 1. Got {size!r} instead.")
    return [list(units[k:k + size]) for k in range(0, len(units), size)]


__all__ = ["Negotiation", "Tournament", "TournamentError", "chunked", "negotiation_seed", "plan"]

"""What a tournament plays: every strategy assignment on every scenario (or a balanced sample), repeated.

ANAC-style (Baarslag et al. 2015, "Evaluating practical negotiating agents:
results and analysis of the 2011 international competition", AIJ 198): each
scenario is played by every ordered assignment of the competing strategies
to its parties, so every strategy meets every other in every role (both
role orders for two parties), ``reps`` times.

With many parties the full design explodes (S strategies on n seats: S^n
assignments, 4^12 = 16,777,216 at 12 parties), so it is never listed:
:func:`plan` returns a lazy sequence that computes the negotiation at an
index, and a design larger than ``max_negotiations`` is refused before
anything runs (:class:`~accord.limits.WorkTooLarge`, with the estimate of
negotiations, seconds and memory) unless ``assignments`` asks for a sample.

Sampled design (``assignments`` = N, rounded up to a multiple of S): N
assignments in blocks of S rows. In block b, seat j takes strategy
``π_bj[r]`` in row r, where ``π_bj`` is a permutation of the strategies
drawn from ``SeedSequence([seed, tag, scenario, b, j])``; without self-play
one permutation σ_b and S distinct seat offsets τ_b are drawn and seat j
takes ``σ_b[(r + τ_bj) mod S]`` (cyclic Latin rows: no strategy twice in an
assignment). Either way each strategy sits in each seat exactly once per
block, so N/S times in all: every strategy is scored over the same seats
equally often, and its mean over its seats estimates its mean over the full
design without bias from the roles.

Each negotiation gets a seed drawn from ``(seed, scenario, assignment,
rep)`` alone, so a negotiation's result never depends on which chunk, worker
or backend plays it, nor on which negotiations were played before it.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import numpy.typing as npt

from ..errors import InvalidInput
from ..limits import MAX_TOURNAMENT_NEGOTIATIONS, WorkTooLarge, format_bytes, negotiation_bytes
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
class Design:
    """The assignments played on one scenario: all of them, or a balanced sample (module docstring)."""

    seats: int
    full: int  # assignments in the full design: S^n, or S!/(S-n)! without self-play
    rows: int  # assignments played
    sampled: bool

    def to_json(self) -> dict[str, Any]:
        return {"design": "sampled" if self.sampled else "full", "seats": self.seats,
                "assignments": self.rows, "full_assignments": self.full}


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
    assignments: int | None = None  # sample this many per scenario (balanced); None: the full design
    max_negotiations: int = MAX_TOURNAMENT_NEGOTIATIONS  # larger designs are refused before they start

    if TYPE_CHECKING:  # the generated constructor, as it is called: ``strategies`` may hold instances
        def __init__(self, strategies: tuple[str | Strategy, ...], scenarios: tuple[Scenario, ...], reps: int = 10,
                     rounds: int = 100, protocol: str = "alternating", seed: int = 0, self_play: bool = True,
                     events: bool = True, full_information: bool = False, labels: tuple[str, ...] = (),
                     players: tuple[Strategy, ...] = (), assignments: int | None = None,
                     max_negotiations: int = MAX_TOURNAMENT_NEGOTIATIONS) -> None: ...

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
        for name, limit in (("assignments", self.assignments), ("max_negotiations", self.max_negotiations)):
            if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
                raise TournamentError(f"The '{name}' parameter must be an int >= 1. Got {limit!r} instead.")
        negotiations = self.negotiations
        if negotiations > self.max_negotiations:
            raise WorkTooLarge("max_negotiations", message=self._refusal(negotiations))

    def design(self, scenario: int) -> Design:
        """The assignments played on scenario ``scenario``: the full design, or a sample of ``assignments``
        (rounded up to a multiple of the number of strategies) when that is smaller."""
        n, k = len(self.scenarios[scenario].parties), len(self.strategies)
        full = k ** n if self.self_play else math.perm(k, n)
        if self.assignments is None:
            return Design(n, full, full, False)
        wanted = -(-self.assignments // k) * k
        return Design(n, full, wanted, True) if wanted < full else Design(n, full, full, False)

    @property
    def negotiations(self) -> int:
        """Negotiations the tournament plays (every scenario's assignments times ``reps``), without listing them."""
        return sum(self.design(s).rows for s in range(len(self.scenarios))) * self.reps

    def estimate(self, workers: int = 1) -> dict[str, Any]:
        """Work before it starts: negotiations, those simulated (identical repetitions are played once),
        seconds (a cost model calibrated on this project's reference machine: ``rounds x outcomes x parties²``
        x 5 ns per simulated negotiation, divided among ``workers``) and peak bytes (``workers`` negotiations
        in flight, :func:`accord.limits.negotiation_bytes`, plus the records)."""
        from ..simulation.engine import identical_runs

        once = all(identical_runs(("p",), {"p": player}, protocol=self.protocol) is not None
                   for player in self.players)
        played = seconds = 0.0
        in_flight = records = 0
        for s, scenario in enumerate(self.scenarios):
            rows = self.design(s).rows
            parties = len(scenario.parties)
            simulated = rows * (1 if once else self.reps)
            played += simulated
            seconds += simulated * self.rounds * scenario.outcome_count * parties * parties * SECONDS_PER_UNIT
            in_flight = max(in_flight, negotiation_bytes(scenario.outcome_count, len(scenario.actors), parties))
            records += rows * self.reps * (RECORD_BYTES + RECORD_BYTES_PER_PARTY * parties)
        return {"negotiations": self.negotiations, "simulated": int(played), "seconds": seconds / max(1, workers),
                "bytes": workers * in_flight + records}

    def _refusal(self, negotiations: int) -> str:
        """The one-line refusal of a design beyond ``max_negotiations``: the estimate and what lowers it."""
        found = self.estimate()
        largest = max(range(len(self.scenarios)), key=lambda s: self.design(s).full)
        design = self.design(largest)
        k = len(self.strategies)
        shape = (f"{k}^{design.seats} = {design.full:,}" if self.self_play
                 else f"{k}!/{k - design.seats}! = {design.full:,}")
        fits = max(1, self.max_negotiations // (k * self.reps * len(self.scenarios)))
        advice = (f"sample a balanced design with --assignments N (each strategy in each seat N/{k} times), "
                  f"e.g. --assignments {k * min(fits, 10)}"
                  if design.sampled is False and design.full > k else "lower --assignments or --reps")
        return (f"the tournament would play {negotiations:,} negotiations ({shape} assignments of {k} strategies "
                f"to {design.seats} seats on {self.labels[largest]!r}, x {self.reps} reps"
                f"{f', {len(self.scenarios)} scenarios' if len(self.scenarios) > 1 else ''}), "
                f"about {_duration(found['seconds'])} and {format_bytes(found['bytes'])}, more than "
                f"--max-negotiations {self.max_negotiations:,}: {advice}")

    def assignment(self, scenario: int, row: int) -> tuple[str, ...]:
        """Assignment ``row`` of the scenario's design (strategy per party, in party order), computed alone.

        Full design: row ``r`` of ``itertools.product(strategies, repeat=n)``
        (or of ``itertools.permutations(strategies, n)`` without self-play), in
        their order; sampled: the balanced blocks of the module docstring.
        """
        design = self.design(scenario)
        if not 0 <= row < design.rows:
            raise IndexError(row)
        k, n = len(self.strategies), design.seats
        if design.sampled:
            block, r = divmod(row, k)
            return tuple(self.strategies[int(i)] for i in _block(self.seed, scenario, block, k, n, self.self_play)[r])
        if self.self_play:  # ``row`` in base k, seat 0 the most significant digit
            digits = []
            for _ in range(n):
                row, digit = divmod(row, k)
                digits.append(digit)
            return tuple(self.strategies[d] for d in reversed(digits))
        picked: list[str] = []
        pool = list(self.strategies)
        for j in range(n):
            completions = math.perm(k - j - 1, n - j - 1)
            index, row = divmod(row, completions)
            picked.append(pool.pop(index))
        return tuple(picked)

    def fingerprint(self) -> str:
        """SHA-256 of everything that decides the results: a stored tournament resumes only under the same one."""
        doc = {"strategies": list(self.strategies), "reps": self.reps, "rounds": self.rounds, "protocol": self.protocol,
               "seed": self.seed, "self_play": self.self_play, "events": self.events, "labels": list(self.labels),
               "full_information": self.full_information,
               "scenarios": [_document_hash(s) for s in self.scenarios]}
        if self.assignments is not None:  # absent for full designs: stores written before sampling still resume
            doc["assignments"] = self.assignments
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()

    def describe(self) -> dict[str, Any]:
        """The tournament's parameters and design (full or sampled, assignments per scenario), as JSON."""
        designs = [self.design(s) for s in range(len(self.scenarios))]
        return {"strategies": list(self.strategies), "scenarios": list(self.labels), "reps": self.reps,
                "rounds": self.rounds, "protocol": self.protocol, "seed": self.seed, "self_play": self.self_play,
                "events": self.events, "full_information": self.full_information,
                "negotiations": self.negotiations,
                "design": {"kind": "sampled" if any(d.sampled for d in designs) else "full",
                           "assignments": self.assignments, "seed": self.seed,
                           "scenarios": [{"scenario": label, **d.to_json()} for label, d in zip(self.labels, designs)]}}


def _document_hash(scenario: Scenario) -> str:
    text = json.dumps({"document": scenario.document, "variant": scenario.variant}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def negotiation_seed(seed: int, scenario: int, assignment: int, rep: int) -> int:
    """A 63-bit seed from the negotiation's coordinates only (NumPy SeedSequence hashing)."""
    state = np.random.SeedSequence([seed, scenario, assignment, rep]).generate_state(2, dtype=np.uint32)
    return int((int(state[0]) << 31) ^ int(state[1])) & ((1 << 63) - 1)


# Cost model of :meth:`Tournament.estimate`: seconds per (round x outcome x party²) of one negotiation, measured
# on the climate summit at 12 and 20 parties on the reference machine (benchmarks/many_parties_bench.py).
SECONDS_PER_UNIT = 5e-9
RECORD_BYTES = 2048  # one record (a dict) kept for the summary, plus per party its strategy and utility
RECORD_BYTES_PER_PARTY = 300
_DESIGN_TAG = 0x44_45_53_49  # keeps the sampled design's shuffles apart from negotiation seeds


def _duration(seconds: float) -> str:
    for unit, size in (("years", 365.25 * 86400), ("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * size:
            return f"{seconds / size:,.0f} {unit}"
    return f"{max(1.0, seconds):.0f} s"


def _block(seed: int, scenario: int, block: int, k: int, n: int, self_play: bool) -> npt.NDArray[np.intp]:
    """Block ``block`` of a sampled design: (k rows, n seats) of strategy indices, each column a permutation."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, _DESIGN_TAG, scenario, block]))
    rows = np.arange(k)[:, None]
    if self_play:  # an independent permutation per seat
        return np.stack([rng.permutation(k) for _ in range(n)], axis=1)
    order, offsets = rng.permutation(k), rng.permutation(k)[:n]  # cyclic Latin rows: distinct in every row
    return np.asarray(order[(rows + offsets[None, :]) % k])


class Plan(Sequence[Negotiation]):
    """Every negotiation of a tournament, ordered scenario, assignment, repetition, computed on demand.

    Nothing is listed: ``plan[i]`` decodes index ``i`` into (scenario,
    assignment row, repetition) and builds that negotiation, so a design's
    size costs nothing until its negotiations are played.
    """

    def __init__(self, tournament: Tournament) -> None:
        self.tournament = tournament
        self._rows = [tournament.design(s).rows for s in range(len(tournament.scenarios))]
        self._starts = [0]
        for rows in self._rows:
            self._starts.append(self._starts[-1] + rows * tournament.reps)

    def __len__(self) -> int:
        return self._starts[-1]

    @overload
    def __getitem__(self, index: int) -> Negotiation: ...
    @overload
    def __getitem__(self, index: slice) -> list[Negotiation]: ...
    def __getitem__(self, index: int | slice) -> Negotiation | list[Negotiation]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        t = self.tournament
        s = bisect.bisect_right(self._starts, index) - 1
        row, rep = divmod(index - self._starts[s], t.reps)
        return Negotiation(index, s, t.assignment(s, row), rep, negotiation_seed(t.seed, s, row, rep))

    def __iter__(self) -> Iterator[Negotiation]:
        return (self[i] for i in range(len(self)))


def plan(tournament: Tournament) -> Plan:
    """All negotiations, ordered scenario, assignment, repetition (repetitions of one pairing are adjacent),
    as a lazy sequence (:class:`Plan`)."""
    return Plan(tournament)


def chunked(units: Sequence[Negotiation], size: int) -> list[list[Negotiation]]:
    """Consecutive chunks of at most ``size`` negotiations."""
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise TournamentError(f"The 'chunk' parameter must be an int >= 1. Got {size!r} instead.")
    return [list(units[k:k + size]) for k in range(0, len(units), size)]


__all__ = ["Design", "Negotiation", "Plan", "Tournament", "TournamentError", "chunked", "negotiation_seed", "plan"]

"""Running one negotiation: protocols, events, walkouts, trace and metrics.

Protocols (each round is: scripted events, walkout checks, then moves; the
moves are registered in :data:`accord.simulation.PROTOCOLS`, see protocols.py):

- ``alternating``: alternating offers (Rubinstein 1982; the stacked
  alternating offers protocol of Aydoğan et al. 2017 for n parties). In round
  t the party ``order[t % n]`` proposes a full package and every other party
  answers in turn; the package is agreed when all accept (under a decision
  rule other than unanimity: when the parties that accept, the proposer
  included if it could accept, form a winning set). With two parties this is
  the bilateral protocol; a deadline in rounds ends it.
- ``mediated``: the single negotiating text (Raiffa 1982). A mediator drafts
  a package each round; each party accepts or rejects it, naming the issues
  it objects to; the mediator revises (see ``mediator``); agreed when the
  parties that accept form a winning set (unanimity: all).

Ratification (format 1.1 constituencies): a party's yes counts only when
its constituencies ratify it (:attr:`Table.acceptable`); each trace row
lists under ``not_ratified`` the parties whose own yes held but whose
constituencies rejected the offer.

Walkouts: before each round every present party's strategy may walk out. A
walkout ends the negotiation, unless the scenario schedules that party's
return; then the talks are suspended until it is back. Events (``events:``
in the scenario) fire at the start of their round: ``apply`` a variant to the
live scenario, or make a party ``walkout`` or ``return``.

Randomness: one ``numpy`` generator per party and one for the mediator, all
spawned from the run's seed, so a run is a pure function of its inputs.
"""

from __future__ import annotations

import copy
import csv
import io
import sys
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

import numpy as np

from ..analysis import analyze
from ..analysis._analyze import Analysis, rounded
from ..scenario import Scenario
from ..scenario.model import Event
from .errors import SimulationError
from .mediator import DEFAULT_MEDIATOR, MEDIATORS, Mediator
from .protocols import PROTOCOLS, Ending
from .strategies import STRATEGIES, Strategy, make_strategy, resolve_strategies
from .table import Table, build_table
from .view import History, View

DEFAULT_STRATEGY = "boulware"


@dataclass(frozen=True)
class TraceRow:
    round: int
    proposer: str | None
    offer: dict[str, Any] | None
    utilities: dict[str, float]
    responses: dict[str, str]
    objections: dict[str, list[str]] = field(default_factory=dict)
    note: str | None = None
    # parties whose own yes held but whose constituencies rejected the offer (format 1.1 ratification)
    not_ratified: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"round": self.round, "proposer": self.proposer, "offer": self.offer,
                                "utilities": {a: rounded(u) for a, u in self.utilities.items()},
                                "responses": dict(self.responses)}
        if self.objections:
            data["objections"] = {p: list(v) for p, v in self.objections.items()}
        if self.note:
            data["note"] = self.note
        if self.not_ratified:
            data["not_ratified"] = {p: list(v) for p, v in self.not_ratified.items()}
        return data


@dataclass(frozen=True)
class SimulationResult:
    scenario: str
    variant: str | None
    protocol: str
    strategies: dict[str, str]
    seed: int
    rounds: int
    status: str  # agreement | deadline | walkout
    round: int
    agreement: dict[str, Any] | None
    walkout_by: str | None
    reason: str | None
    metrics: dict[str, Any]
    trace: tuple[TraceRow, ...]

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per round of the trace (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self, trace: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"scenario": self.scenario, "variant": self.variant, "protocol": self.protocol,
                                "strategies": dict(self.strategies), "seed": self.seed, "rounds": self.rounds,
                                "status": self.status, "agreement": self.agreement, "round": self.round,
                                "walkout_by": self.walkout_by, "reason": self.reason, "metrics": dict(self.metrics)}
        data["trace"] = [row.to_json() for row in self.trace] if trace else []
        return data

    def trace_csv(self) -> str:
        """The trace as CSV: one row per round (or event), a column per issue, actor and party response;
        ``note`` carries event notes and, on a move, who was not ratified (``P not ratified by C``)."""
        issues = next((list(r.offer) for r in self.trace if r.offer), [])
        actors = next((list(r.utilities) for r in self.trace if r.utilities), [])
        parties = sorted({p for r in self.trace for p in r.responses})
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["round", "proposer", *issues, *[f"u_{a}" for a in actors], *[f"response_{p}" for p in parties], "note"])
        for r in self.trace:
            offer = [r.offer.get(i, "") for i in issues] if r.offer else [""] * len(issues)
            utilities = [f"{r.utilities[a]:.6f}" if a in r.utilities else "" for a in actors]
            unratified = "; ".join(f"{p} not ratified by {', '.join(c)}" for p, c in r.not_ratified.items())
            writer.writerow([r.round, r.proposer or "", *offer, *utilities, *[r.responses.get(p, "") for p in parties],
                             r.note or unratified])
        return buffer.getvalue()


class Session:
    """The live state of one negotiation; protocols drive it round by round."""

    def __init__(self, scenario: Scenario, strategies: Mapping[str, Strategy], rounds: int, seed: int,
                 discounts: Mapping[str, float], order: tuple[str, ...], full_information: bool, record: bool):
        self.scenario = scenario
        self.table: Table = build_table(scenario)
        self.strategies = dict(strategies)
        self.rounds = rounds
        self.discounts = dict(discounts)
        self.order = order
        self.full_information = full_information
        self.record = record
        self.history = History()
        self.acting: tuple[str | None, int] = (None, 0)
        self._rows: dict[str, tuple[Any, ...]] = {}  # per party: (table, index, its rows of the table, ...)
        self.trace: list[TraceRow] = []
        self.present = set(order)
        self.suspended_by: set[str] = set()
        streams = np.random.SeedSequence(seed).spawn(len(order) + 1)
        self.rngs = {p: np.random.default_rng(s) for p, s in zip(order, streams)}
        self.mediator_rng = np.random.default_rng(streams[-1])
        self.events: dict[int, list[Event]] = {}
        for event in scenario.events:
            self.events.setdefault(event.round, []).append(event)

    def view(self, party: str, round_: int) -> View:
        """``party``'s view in ``round_`` (:func:`~accord.simulation.view.own_view`; the party's rows of the
        table are looked up once per table, as two views are built per round)."""
        self.acting = (party, round_)  # whose decision is being made: named if a user's component fails
        table = self.table
        rows = self._rows.get(party)
        if rows is None or rows[0] is not table:
            j = table.party_index(party)
            rows = self._rows[party] = (table, j, table.utilities[j], table.allowed[j], table.acceptable[j],
                                        float(table.reservations[j]), self.discounts.get(party, 1.0))
        _, j, utility, allowed, acceptable, reservation, discount = rows
        return View(party, round_, self.rounds, utility, allowed, acceptable, reservation, discount, self.history,
                    self.rngs[party], table, self.full_information, self.order,
                    dict(self.discounts) if self.full_information else None, j)

    def note(self, round_: int, text: str) -> None:
        if self.record:
            self.trace.append(TraceRow(round_, None, None, {}, {}, note=text))

    def returns_later(self, party: str, round_: int) -> bool:
        return any(e.kind == "return" and e.target == party and round_ < e.round < self.rounds
                   for e in self.scenario.events)

    def begin_round(self, t: int) -> tuple[str, str, str] | None:
        """Fire events and walkout checks; return (status, who, why) if the talks end."""
        for event in self.events.get(t, []):
            label = event.description or event.id
            if event.kind == "apply":
                self.scenario = self.scenario.with_patch(self.scenario.variants[event.target].patch, event.target)
                self.table = build_table(self.scenario)
                self.note(t, f"event {event.id}: variant {event.target} applies ({label})")
                for party in self.order:
                    self.strategies[party].changed(self.view(party, t))
            elif event.kind == "walkout" and event.target in self.present:
                ended = self.leave(t, event.target, f"scripted event {event.id}: {label}")
                if ended:
                    return ended
            elif event.kind == "return" and event.target not in self.present:
                self.present.add(event.target)
                self.suspended_by.discard(event.target)
                self.note(t, f"{event.target} returns (event {event.id}: {label})")
        if t == 0 or self.suspended_by:
            return None
        for party in self.order:
            strategy = self.strategies[party]
            if strategy.walkout_after is None and type(strategy).walk_out is Strategy.walk_out:
                continue  # this strategy never walks out: no need to build its view
            reason = strategy.walk_out(self.view(party, t))
            if reason:
                ended = self.leave(t, party, reason)
                if ended:
                    return ended
        return None

    def live_rounds(self) -> Iterator[int]:
        """Yield the rounds in which moves are made; stop early when a walkout ends the talks."""
        self.ended: Ending | None = None
        for t in range(self.rounds):
            ended = self.begin_round(t)
            if ended:
                self.ended = (ended[0], t, None, ended[1], ended[2])
                return
            if not self.suspended_by:
                yield t

    def ending(self) -> Ending:
        """How talks that produced no agreement ended: a walkout, or the deadline."""
        return self.ended or ("deadline", self.rounds - 1, None, None, None)

    def leave(self, t: int, party: str, reason: str) -> tuple[str, str, str] | None:
        self.present.discard(party)
        if self.returns_later(party, t):
            self.suspended_by.add(party)
            self.note(t, f"{party} walks out ({reason}); talks suspended until it returns")
            return None
        self.note(t, f"{party} walks out ({reason})")
        return ("walkout", party, reason)

    def utilities(self, k: int) -> dict[str, float]:
        return self.table.utilities_of(k)

    def log_move(self, t: int, proposer: str, offer: int, responses: dict[str, str],
                 objections: dict[str, list[str]] | None = None,
                 not_ratified: dict[str, list[str]] | None = None) -> None:
        """Record a round's offer and answers in the trace (when the run keeps one); ``not_ratified``: per
        party whose own yes held, the constituencies that rejected the offer."""
        if self.record:
            self.trace.append(TraceRow(t, proposer, self.table.outcome(offer), self.utilities(offer), responses,
                                       objections or {}, not_ratified=not_ratified or {}))


def simulate(scenario: Scenario, *, protocol: str = "alternating", strategies: Mapping[str, Strategy | str] | None = None,
             mediator: str | Mediator = DEFAULT_MEDIATOR, rounds: int = 100, seed: int = 0,
             discounts: Mapping[str, float] | None = None, first: str | None = None,
             full_information: bool = False, trace: bool = True, events: bool = True) -> SimulationResult:
    """Run one negotiation of ``scenario`` and return its result.

    ``strategies`` maps party ids to strategies (instances or names such as
    ``"boulware"``, ``"tit-for-tat:mode=absolute"``); parties not named use
    ``boulware``. ``discounts`` maps parties to discount factors in (0, 1].
    ``first`` names the first proposer (default: the first party).
    Strategies that need other parties' utilities require ``full_information``.
    ``events=False`` ignores the scenario's scripted events.
    """
    run = PROTOCOLS[protocol].run  # an unknown name: one line listing the protocols
    if not isinstance(rounds, int) or rounds < 1:
        raise SimulationError(f"The 'rounds' parameter must be an int >= 1. Got {rounds!r} instead.")
    parties = scenario.parties
    chosen = dict(strategies or {})
    unknown = [p for p in chosen if p not in parties]
    if unknown:
        raise SimulationError(f"strategies name {', '.join(unknown)}, which are not parties (parties: {', '.join(parties)})")
    built: dict[str, Strategy] = {}
    for p in parties:  # one instance per party: a strategy object given for two parties would share its state
        strategy = make_strategy(chosen.get(p, DEFAULT_STRATEGY))
        built[p] = copy.deepcopy(strategy) if any(s is strategy for s in built.values()) else strategy
    needs = [p for p, s in built.items() if s.needs_full_information]
    if needs and not full_information:
        raise SimulationError(f"the strategies of {', '.join(needs)} need other parties' utilities; "
                              "run with full information (--full-information) to allow it")
    discounts = dict(discounts or {})
    for party, d in discounts.items():
        if party not in parties or not 0 < d <= 1:
            raise SimulationError(f"discount for {party!r} must name a party and lie in (0, 1]; got {d!r}")
    order = parties
    if first is not None:
        if first not in parties:
            raise SimulationError(f"The 'first' parameter must be a party ({', '.join(parties)}). Got {first!r} instead.")
        order = parties[parties.index(first):] + parties[: parties.index(first)]
    if not events and scenario.events:
        scenario = Scenario(**{**scenario.__dict__, "events": ()})
    session = Session(scenario, built, rounds, seed, discounts, order, full_information, trace)
    started = False
    try:
        for party in order:
            built[party].start(session.view(party, 0))
        started = True
        status, end, deal, who, why = run(session, mediator=mediator)
    except (MemoryError, RecursionError):
        raise
    except SimulationError:
        if not started:  # a strategy's own refusal of this negotiation (e.g. "needs exactly two parties")
            raise
        raise_failure(session, built)
    except Exception:  # a strategy's, an opponent model's or a mediator's own code failed
        raise_failure(session, built)
    agreement = None
    if deal is not None:
        agreement = {"outcome": session.table.outcome(deal),
                     "utilities": {a: rounded(u) for a, u in session.utilities(deal).items()}}
    metrics = deal_metrics(session, deal, end)
    return SimulationResult(scenario.name, scenario.variant, protocol, {p: built[p].describe() for p in parties}, seed,
                            rounds, status, end, agreement, who, why, metrics, tuple(session.trace))


def raise_failure(session: Session, built: Mapping[str, Strategy]) -> NoReturn:
    """Re-raise the exception being handled as one line naming the party, its strategy and the round."""
    exc = sys.exc_info()[1]
    assert exc is not None, "called while handling an exception"
    acting, round_ = session.acting
    strategy = built.get(acting) if acting else None
    culprit = f"the strategy {strategy.describe()!r} of {acting}" if strategy else "the mediator"
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if not isinstance(exc, SimulationError):
        detail = f"{type(exc).__name__}: {detail}"
    raise SimulationError(f"{culprit} failed in round {round_}: {detail}") from exc


def identical_runs(parties: tuple[str, ...], strategies: Mapping[str, Strategy | str] | None = None, *,
                   protocol: str = "alternating", mediator: str | Mediator = DEFAULT_MEDIATOR) -> str | None:
    """Why every seed plays the same negotiation, or None when a seed can change it.

    The one rule of batches, Monte Carlo simulations and tournaments: a run's
    only randomness is the generators :func:`simulate` hands to the strategies
    (and, under mediation, the mediator), so when every strategy in play
    (``boulware`` for a party not named) and the mediator declare
    ``Traits(stochastic=False)``, the seed cannot change the run: it is played
    once and counted for every seed, which is exact. A strategy that draws
    from its generator must declare ``stochastic=True`` (tested behaviourally
    for every registered strategy).
    """
    chosen = resolve_strategies(dict(strategies or {}))
    built = {p: chosen.get(p) or make_strategy(DEFAULT_STRATEGY) for p in parties}
    random = sorted({s.name for s in built.values() if s.traits.stochastic})
    if random:
        return None
    names = ", ".join(sorted({s.name for s in built.values()}))
    if PROTOCOLS[protocol].mediated:
        found = mediator if not isinstance(mediator, str) else MEDIATORS.get(mediator)
        if found is None or found.traits.stochastic:
            return None
        names += f" and the mediator {found.name}"
    return (f"every seed plays the same negotiation: the strategies ({names}) declare no randomness "
            "(Traits.stochastic is False), so it was played once and counted for each seed")


_ANALYSES: weakref.WeakKeyDictionary[Scenario, Analysis] = weakref.WeakKeyDictionary()


def final_analysis(scenario: Scenario) -> Analysis:
    """The analysis (no unlocks) used by deal metrics and tournament scores, kept per live scenario,
    so that the negotiations of a batch or a tournament share it."""
    found = _ANALYSES.get(scenario)
    if found is None:
        found = _ANALYSES[scenario] = analyze(scenario, unlock=False)
    return found


def deal_metrics(session: Session, deal: int | None, end: int) -> dict[str, Any]:
    """Rounds used; for a deal, welfare and distances to the Pareto frontier and the Nash point."""
    metrics: dict[str, Any] = {"rounds_used": end + 1}
    if deal is None:
        return metrics
    scenario, table = session.scenario, session.table
    parties = scenario.parties
    point = table.utilities[: len(parties), deal]
    found = final_analysis(scenario)
    frontier = found.pareto.utilities(parties)
    nash = found.solutions["nash"]
    metrics["social_welfare"] = rounded(point.sum())
    metrics["distance_to_pareto"] = rounded(np.min(np.linalg.norm(frontier - point, axis=1))) if frontier.size else None
    metrics["distance_to_nash"] = (
        rounded(float(np.linalg.norm(np.array([nash.utilities[p] for p in parties]) - point))) if nash else None)
    if session.discounts:
        metrics["discounted_utilities"] = {p: rounded(session.discounts.get(p, 1.0) ** end * point[j])
                                           for j, p in enumerate(parties)}
    return metrics


__all__ = ["PROTOCOLS", "STRATEGIES", "SimulationError", "SimulationResult", "TraceRow", "identical_runs", "simulate"]

"""The registry of negotiation protocols: ``PROTOCOLS``, name -> :class:`Protocol`.

A protocol is the rule of the moves: who proposes, who answers, when a
package is agreed. Its ``run(session, **options)`` drives a
:class:`~accord.simulation.engine.Session` round by round and returns how the
talks ended, ``(status, round, outcome or None, walked out by, reason)``. The
session owns everything else: events and walkouts (``session.live_rounds()``
yields only the rounds in which moves are made), the parties' views
(``session.view(party, t)``), the shared history and the trace
(``session.log_move``); ``session.ending()`` says how talks without an
agreement ended. Options given to :func:`~accord.simulation.simulate` reach
every protocol as keywords (today: ``mediator``); a protocol ignores those it
does not use.

Adding a protocol: write its ``run`` in its own module (as below), then one
line at the end of this one::

    PROTOCOLS.register(Protocol("mine", "what it does, in one line", "Author 2024", run_mine))

and a test from the template in docs/contributing.md. ``accord simulate
--protocol``, the web schema and the docs table in docs/simulation.md follow.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InvalidInput
from ..registry import Registry
from ..scenario.outcomes import winning
from .errors import SimulationError
from .mediator import DEFAULT_MEDIATOR, MEDIATORS, Answer, Mediator, MediatorView
from .strategies import crossed_red_lines
from .view import Offer

if TYPE_CHECKING:
    from .engine import Session

Ending = tuple[str, int, int | None, str | None, str | None]


class UnknownProtocol(SimulationError, InvalidInput):
    """An unknown protocol name: a :class:`SimulationError` (as before) and an :class:`~accord.errors.InvalidInput`."""


@dataclass(frozen=True)
class Protocol:
    """One protocol. ``run(session, **options) -> (status, round, outcome, walked out by, reason)``.

    ``mediated``: a mediator drafts the texts (so whether runs vary with the
    seed also depends on the mediator's traits).
    """

    name: str
    description: str
    citation: str
    run: Callable[..., Ending]
    mediated: bool = False


def ratified_yes(session: Session, party: str, offer: int, yes: bool) -> bool:
    """A party's answer as the protocol counts it: its strategy's yes, ratified.

    The yes counts only when ``offer`` is acceptable to the party: its own
    red lines (after ``unless``) and reservation, and every constituency
    ``of`` it (the two-level game, Putnam 1988: the protocol asks the
    constituencies, and one that rejects withholds ratification). Built-in
    strategies already refuse what is not acceptable; this holds for any
    strategy.
    """
    return yes and bool(session.table.acceptable[session.table.party_index(party), offer])


def unratified(session: Session, parties: Iterable[str], offer: int) -> dict[str, list[str]]:
    """Per party whose own yes holds for ``offer`` but whose constituencies reject it: those constituencies."""
    table = session.table
    if table.ratified_ is None:  # no party has a constituency
        return {}
    found = {p: list(table.not_ratified(table.party_index(p), offer)) for p in parties}
    return {p: c for p, c in found.items() if c}


def is_agreed(session: Session, accepting: Collection[str]) -> bool:
    """Whether the parties in ``accepting`` form a winning set under the scenario's decision rule
    (:func:`accord.scenario.outcomes.winning`; unanimity, the default: every party)."""
    scenario = session.scenario
    if scenario.decision is None or scenario.decision_rule.rule == "unanimity":  # every party (a veto adds nothing)
        return len(accepting) == len(session.order) and all(p in accepting for p in session.order)
    column = np.array([[p in accepting] for p in scenario.parties], dtype=bool)
    return bool(winning(scenario, column)[0])


def run_alternating(session: Session, **_options: Any) -> Ending:
    """Alternating offers (Rubinstein 1982; stacked alternating offers, Aydoğan et al. 2017, for n parties).

    In round t the party ``order[t % n]`` proposes a full package and every
    other party answers in turn. The package is agreed when the parties that
    accept it, the proposer included when it could accept it itself (red
    lines, reservation, ratification), form a winning set under the
    scenario's decision rule. Under unanimity (the default) the first
    rejection ends the round (the next party's counter-offer is the next
    round), so the package is agreed when all accept; under any other rule
    every party answers, since a rejection need not block the package.
    A yes counts only when the party's constituencies ratify it
    (:func:`ratified_yes`); the trace lists, under ``not_ratified``, each party
    (proposer included) whose own yes held but whose constituencies rejected.
    """
    order = session.order
    for t in session.live_rounds():
        unanimity = session.scenario.decision_rule.rule == "unanimity"
        proposer = order[t % len(order)]
        offer = session.strategies[proposer].propose(session.view(proposer, t))
        session.history._append(Offer(t, proposer, offer))
        responses = {}
        accepting = set()
        for k in range(1, len(order)):
            party = order[(order.index(proposer) + k) % len(order)]
            yes = ratified_yes(session, party, offer, session.strategies[party].respond(session.view(party, t), offer))
            responses[party] = "accept" if yes else "reject"
            if yes:
                accepting.add(party)
            elif unanimity:
                break  # the next party's counter-offer is the next round
        # a proposer is bound by its own offer only if it could accept it (red lines, reservation, ratification)
        if session.table.acceptable[session.table.party_index(proposer), offer]:
            accepting.add(proposer)
        if session.record:
            session.log_move(t, proposer, offer, responses,
                             not_ratified=unratified(session, [proposer, *responses], offer))
        if is_agreed(session, accepting):
            return "agreement", t, offer, None, None
    return session.ending()


def run_mediated(session: Session, *, mediator: str | Mediator = DEFAULT_MEDIATOR, **_options: Any) -> Ending:
    """The single negotiating text (Raiffa 1982): a mediator drafts, every party accepts or objects, it revises.

    The mediator is the scenario's actor with role ``mediator`` (else one
    named ``mediator``); ``mediator`` names its strategy in
    :data:`~accord.simulation.MEDIATORS` or is an instance. With full information the mediator is told
    which texts a winning set accepts and the parties' utilities (:class:`MediatorView`). Every party
    answers every text; it is agreed when the parties that accept it (their
    yes ratified by their constituencies, :func:`ratified_yes`) form a winning set
    under the scenario's decision rule (unanimity by default: all accept).
    """
    if isinstance(mediator, str):
        if mediator not in MEDIATORS:
            raise SimulationError(f"unknown mediator {mediator!r}; known: {', '.join(MEDIATORS)}")
        mediator = MEDIATORS[mediator]()
    mediator_id = next((a for a, actor in session.scenario.actors.items() if actor.role == "mediator"), "mediator")
    actors = session.table.actors
    utility = session.table.utilities[actors.index(mediator_id)] if mediator_id in actors else None
    mview = MediatorView(mediator_id, 0, session.rounds, session.table, utility, [], session.mediator_rng)
    told(session, mview)
    session.acting = (None, 0)  # the mediator decides (named if its code fails)
    mediator.start(mview)
    for t in session.live_rounds():
        if mview.table is not session.table:  # an event changed the scenario: the mediator starts afresh
            mview.table, mview.feedback = session.table, []
            mview.utility = session.table.utilities[actors.index(mediator_id)] if mediator_id in actors else None
            told(session, mview)
            mediator.start(mview)
        mview.round = t
        mview.utility = session.table.utilities[actors.index(mediator_id)] if mediator_id in actors else None
        session.acting = (None, t)
        text = mediator.propose(mview)
        session.history._append(Offer(t, mediator_id, text))
        answers = {}
        for party in session.order:
            view = session.view(party, t)
            accepted = ratified_yes(session, party, text, session.strategies[party].respond(view, text))
            answers[party] = Answer(accepted, () if accepted else session.strategies[party].objections(view, text),
                                    firm=not bool(view.acceptable[text]),
                                    crossed=() if accepted else crossed_red_lines(view, text))
        session.acting = (None, t)
        mediator.hear(mview, text, answers)
        mview.feedback.append((text, answers))
        accepting = {p for p, a in answers.items() if a.accept}
        session.log_move(t, mediator_id, text, {p: "accept" if p in accepting else "reject" for p in answers},
                         {p: list(a.objections) for p, a in answers.items() if a.objections},
                         not_ratified=unratified(session, answers, text))
        if is_agreed(session, accepting):
            return "agreement", t, text, None, None
    return session.ending()


def told(session: Session, mview: MediatorView) -> None:
    """What the mediator is told of the parties: the texts within every declared red line (a mediator uses
    them only when asked to) and, with full information, the texts a winning set accepts and the parties'
    utilities and reservations."""
    table = session.table
    n = len(table.parties)
    mview.unanimity = session.scenario.decision is None or session.scenario.decision_rule.rule == "unanimity"
    mview.red_lines = np.asarray(table.allowed[:n].all(axis=0) if mview.unanimity
                                 else winning(session.scenario, table.allowed[:n]), dtype=bool)
    if session.full_information:
        mview.known = np.asarray(table.acceptable.all(axis=0) if mview.unanimity
                                 else winning(session.scenario, table.acceptable), dtype=bool)
        mview.utilities, mview.reservations = table.utilities[:n], table.reservations
    else:
        mview.known = mview.utilities = mview.reservations = None


PROTOCOLS: Registry[Protocol] = Registry("protocol", error=UnknownProtocol)

PROTOCOLS.register(Protocol("alternating", "alternating offers; with more than two parties each offer goes round the table",
                            "Rubinstein 1982; Aydoğan et al. 2017", run_alternating))
PROTOCOLS.register(Protocol("mediated", "single negotiating text: a mediator drafts, parties object by issue, it revises",
                            "Raiffa 1982", run_mediated, mediated=True))

__all__ = ["PROTOCOLS", "Protocol", "UnknownProtocol", "is_agreed", "ratified_yes", "run_alternating", "run_mediated",
           "unratified"]

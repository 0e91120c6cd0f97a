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

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from ..registry import Registry
from .errors import SimulationError
from .mediator import MEDIATORS, Answer, Mediator, MediatorView
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


def run_alternating(session: Session, **_options: Any) -> Ending:
    """Alternating offers (Rubinstein 1982; stacked alternating offers, Aydoğan et al. 2017, for n parties).

    In round t the party ``order[t % n]`` proposes a full package and every
    other party answers in turn; the first rejection ends the round (the next
    party's counter-offer is the next round). The package is agreed when all
    accept and the proposer could itself accept it.
    """
    order = session.order
    for t in session.live_rounds():
        proposer = order[t % len(order)]
        offer = session.strategies[proposer].propose(session.view(proposer, t))
        session.history._append(Offer(t, proposer, offer))
        responses = {}
        for k in range(1, len(order)):
            party = order[(order.index(proposer) + k) % len(order)]
            accepted = session.strategies[party].respond(session.view(party, t), offer)
            responses[party] = "accept" if accepted else "reject"
            if not accepted:
                break  # the next party's counter-offer is the next round
        session.log_move(t, proposer, offer, responses)
        # a proposer is bound by its own offer only if it could accept it (red lines, reservation)
        binding = bool(session.table.acceptable[session.table.party_index(proposer), offer])
        if binding and len(responses) == len(order) - 1 and all(r == "accept" for r in responses.values()):
            return "agreement", t, offer, None, None
    return session.ending()


def run_mediated(session: Session, *, mediator: str | Mediator = "hill-climbing", **_options: Any) -> Ending:
    """The single negotiating text (Raiffa 1982): a mediator drafts, every party accepts or objects, it revises.

    The mediator is the scenario's actor with role ``mediator`` (else one
    named ``mediator``); ``mediator`` names its strategy in
    :data:`~accord.simulation.MEDIATORS` or is an instance.
    """
    if isinstance(mediator, str):
        if mediator not in MEDIATORS:
            raise SimulationError(f"unknown mediator {mediator!r}; known: {', '.join(MEDIATORS)}")
        mediator = MEDIATORS[mediator]()
    mediator_id = next((a for a, actor in session.scenario.actors.items() if actor.role == "mediator"), "mediator")
    actors = session.table.actors
    utility = session.table.utilities[actors.index(mediator_id)] if mediator_id in actors else None
    mview = MediatorView(mediator_id, 0, session.rounds, session.table, utility, [], session.mediator_rng)
    session.acting = (None, 0)  # the mediator decides (named if its code fails)
    mediator.start(mview)
    for t in session.live_rounds():
        if mview.table is not session.table:  # an event changed the scenario: the mediator starts afresh
            mview.table, mview.feedback = session.table, []
            mview.utility = session.table.utilities[actors.index(mediator_id)] if mediator_id in actors else None
            mediator.start(mview)
        mview.round = t
        mview.utility = session.table.utilities[actors.index(mediator_id)] if mediator_id in actors else None
        session.acting = (None, t)
        text = mediator.propose(mview)
        session.history._append(Offer(t, mediator_id, text))
        answers = {}
        for party in session.order:
            view = session.view(party, t)
            accepted = session.strategies[party].respond(view, text)
            answers[party] = Answer(accepted, () if accepted else session.strategies[party].objections(view, text),
                                    firm=not bool(view.acceptable[text]))
        session.acting = (None, t)
        mediator.hear(mview, text, answers)
        mview.feedback.append((text, answers))
        session.log_move(t, mediator_id, text, {p: "accept" if a.accept else "reject" for p, a in answers.items()},
                         {p: list(a.objections) for p, a in answers.items() if a.objections})
        if all(a.accept for a in answers.values()):
            return "agreement", t, text, None, None
    return session.ending()


PROTOCOLS: Registry[Protocol] = Registry("protocol", error=UnknownProtocol)

PROTOCOLS.register(Protocol("alternating", "alternating offers; with more than two parties each offer goes round the table",
                            "Rubinstein 1982; Aydoğan et al. 2017", run_alternating))
PROTOCOLS.register(Protocol("mediated", "single negotiating text: a mediator drafts, parties object by issue, it revises",
                            "Raiffa 1982", run_mediated, mediated=True))

__all__ = ["PROTOCOLS", "Protocol", "UnknownProtocol", "run_alternating", "run_mediated"]

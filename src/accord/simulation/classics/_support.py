"""Small helpers shared by the ANAC classics (the frequency-model state of five of them among them).

- :func:`bilateral_only` refuses a table of more than two parties with one
  line naming the agent (CUHKAgent and Gahboninho were written for ANAC's
  bilateral rounds).
- :func:`received_since` reads the offers of the other parties from a round
  on: after an event changes the scenario, outcome indices from before it
  may belong to another outcome space, so the agents start afresh from the
  event's round.
- :func:`preferred_above` picks, among the party's own outcomes worth at
  least a threshold to it, the one an opponent model rates best for the
  opponent: one binary search in the party's sorted outcomes and one
  vectorised evaluation of the model, no loop over outcomes.
- :func:`own_turns_left` counts the rounds left in which the party proposes.
- :class:`LearnsOffers` is the state of the classics that learn HardHeaded's
  frequency model from the other side's offers (HardHeaded, Nice
  Tit-for-Tat, CUHKAgent, Gahboninho, Atlas3): a model built at the start,
  built afresh when an event changes the scenario, fed each offer once.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import numpy.typing as npt

from ...scenario import TOLERANCE
from ..errors import SimulationError
from ..opponent import FrequencyModel
from ..view import View
from ._bilateral import received_since

CANDIDATES = 4096  # at most this many outcomes, the closest above the threshold, are rated by the opponent model


def bilateral_only(view: View, name: str) -> None:
    """Refuse more than two parties, naming the agent."""
    parties = view.table.parties
    if len(parties) > 2:
        raise SimulationError(f"{name} is a bilateral agent and negotiates with exactly one opponent; "
                              f"this negotiation has {len(parties)} parties ({', '.join(parties)})")


class LearnsOffers:
    """A frequency model of the other side (HardHeaded's), learnt from its offers since the scenario in play took
    effect: built at :meth:`start`, built afresh by :meth:`changed` (outcome indices from before an event may
    belong to another outcome space), fed every received offer once by :meth:`_learn`.

    A strategy mixes it in before :class:`~accord.simulation.strategies.Strategy`; it may override
    :meth:`_refuse` (refuse a table it cannot play) and :meth:`_fresh` (reset its own state with the model).
    """

    name: ClassVar[str]
    _model: FrequencyModel | None = None  # per instance once started
    _seen = 0    # offers received since ``_since`` that the model has learnt from
    _since = 0   # the round the scenario in play took effect

    def _refuse(self, view: View) -> None:
        """Refuse a negotiation this agent cannot play (one line naming it); by default none."""

    def _fresh(self) -> None:
        """Reset the agent's own state along with the model; by default nothing."""

    def _reset(self, view: View, since: int) -> None:
        self._refuse(view)
        self._model = FrequencyModel(view.table)
        self._seen, self._since = 0, since
        self._fresh()

    def start(self, view: View) -> None:
        self._reset(view, 0)

    def changed(self, view: View) -> None:
        """Start afresh on the new scenario: a new opponent model, offers read from this round on."""
        self._reset(view, view.round)

    def _learn(self, view: View) -> FrequencyModel:
        if self._model is None:
            self._reset(view, 0)
        assert self._model is not None
        self._seen = feed(self._model, view, self._since, self._seen)
        return self._model


def feed(model: FrequencyModel, view: View, since: int, seen: int) -> int:
    """Update ``model`` with the other side's offers from round ``since`` on that it has not seen (the first
    ``seen`` of them it has); return how many it has seen now."""
    received = received_since(view, since)
    for offer in received[seen:]:
        model.update(view.digits[offer.outcome])
    return len(received)


def above(view: View, threshold: float) -> npt.NDArray[np.intp]:
    """The party's allowed outcomes worth at least ``threshold`` to it, the (at most CANDIDATES) nearest
    the threshold first; its best outcomes when the threshold is out of reach."""
    values, order = view.table.ranked(view.index)
    if order.size == 0:
        return np.array([int(np.argmax(view.utility))], dtype=np.intp)
    low = int(np.searchsorted(values, threshold - TOLERANCE, side="left"))
    if low == order.size:  # out of reach: the best ones
        low = int(np.searchsorted(values, values[-1] - TOLERANCE, side="left"))
    return order[low:low + CANDIDATES]


def preferred_above(view: View, threshold: float, model: FrequencyModel) -> int:
    """Among the own outcomes worth at least ``threshold``, the one ``model`` rates best for the opponent;
    ties go to the one nearest the threshold (the least own utility above it), then the lower index, so
    that a model that cannot tell outcomes apart still offers at the threshold."""
    candidates = above(view, threshold)
    estimate = model.utilities(view.digits[candidates])
    return int(candidates[np.lexsort((candidates, view.utility[candidates], -estimate))[0]])


def responses_left(view: View) -> int:
    """How many rounds after this one to the deadline the party answers in (rounds it does not propose in)."""
    later = max(0, view.deadline - view.round - 1)
    return later - own_turns_left(view) + (1 if _proposes(view, view.round) else 0)


def _proposes(view: View, round_: int) -> bool:
    order = view.order or view.table.parties
    return bool(order) and order[round_ % len(order)] == view.party


def own_turns_left(view: View) -> int:
    """How many rounds from this one to the deadline (this one included) the party proposes in,
    with proposers taking turns in ``view.order``."""
    order = view.order or view.table.parties
    if view.party not in order:
        return 0
    n, k = len(order), order.index(view.party)
    rounds = np.arange(view.round, view.deadline)
    return int(np.count_nonzero(rounds % n == k))

"""Small helpers shared by CUHKAgent, Atlas3 and Gahboninho.

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
"""

from __future__ import annotations

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

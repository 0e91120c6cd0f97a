"""Helpers shared by the bilateral classics (HardHeaded, AgentK, Nice Tit-for-Tat, MiCRO).

The ANAC agents were written for two parties: :func:`require_two_parties`
refuses more with one line naming the agent. After an event changes the
scenario, outcome indices from before it may belong to another outcome
space, so these agents start afresh and read only the offers made from the
event's round on (:func:`received_since`, :func:`own_since`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..errors import SimulationError
from ..view import Offer, View


def require_two_parties(view: View, name: str) -> None:
    """Refuse a table of more (or fewer) than two parties, naming the strategy."""
    parties = view.table.parties
    if len(parties) != 2:
        raise SimulationError(f"{name} is a bilateral strategy and needs exactly two parties; "
                              f"this negotiation has {len(parties)} ({', '.join(parties)})")


def received_since(view: View, since: int) -> list[Offer]:
    """Offers the other side made from round ``since`` on, oldest first."""
    return [o for o in view.history if o.proposer != view.party and o.round >= since]


def own_since(view: View, since: int) -> list[Offer]:
    """The party's own offers from round ``since`` on, oldest first."""
    return [o for o in view.history if o.proposer == view.party and o.round >= since]


def outcomes_of(offers: list[Offer]) -> npt.NDArray[np.intp]:
    """The outcome indices of ``offers`` as an array."""
    return np.fromiter((o.outcome for o in offers), dtype=np.intp, count=len(offers))

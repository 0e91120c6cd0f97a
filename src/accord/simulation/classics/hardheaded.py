"""HardHeaded (van Krimpen, Looije & Hajizadeh 2013), the winner of ANAC 2011."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...scenario import TOLERANCE
from ..strategies import AcceptNext, Parameter, Strategy, Traits
from ..view import View
from ._bilateral import outcomes_of, own_since, received_since, require_two_parties
from ._support import LearnsOffers


class HardHeaded(LearnsOffers, Strategy):
    """HardHeaded (T. van Krimpen, D. Looije and S. Hajizadeh, "HardHeaded", in *Complex Automated
    Negotiations: Theories, Models, and Software Competitions*, Springer 2013, pp. 223-227; ANAC 2011 winner).

    Concession (Boulware). At relative time t the party asks for

        p(t) = P_min + (1 - F(t)) (P_max - P_min),   F(t) = k + (1 - k) t^(1/e),

    with e = ``exponent`` (0.05: it concedes almost nothing until the very
    end), k = ``k`` (0.05), P_max its best utility and P_min =
    max(``minimum`` (0.585), its reservation), never above P_max.

    Offers. Its first offer (in its first turn) is its best outcome. After
    that the candidates are its outcomes from the lowest one worth at least
    p(t) up to ``tolerance`` (0.01) above it; a frequency model of the other
    side (:class:`~accord.simulation.opponent.FrequencyModel`, HardHeaded's
    own values, learnt from every offer received) rates them and it offers
    the one the other side is estimated to like best (ties: the one closest
    to p(t), then the lowest index). If the best offer received so far is at
    least as good for it as that, it offers that one instead. (The original
    walks down its ranking from one offer to the next and, below p(t),
    restarts at a random earlier offer; here it offers at p(t) directly,
    deterministically.)

    Acceptance: an offer worth more than the lowest utility it has offered
    so far, or at least as much as the offer it would make next. Any other
    acceptance condition given as ``accept=`` replaces this rule; ``respond``
    keeps the red lines and the reservation in every case.

    Bilateral by design: more than two parties are refused. An event that
    changes the scenario starts it afresh (a new opponent model; only offers
    from the event's round on count); the clock, and so p(t), runs on.
    """

    name = "hardheaded"
    description = "Boulware concession (e = 0.05); near its target, offers the bid a frequency model rates best for the other side"
    citation = "van Krimpen, Looije & Hajizadeh 2013"
    traits = Traits(concession="time", reacts_to_offers=True)
    parameters = (
        Parameter("exponent", float, 0.0, low_open=True, help="concession exponent e of F(t) = k + (1 - k) t^(1/e)"),
        Parameter("k", float, 0.0, 1.0, help="the share conceded at once, F(0) = k"),
        Parameter("minimum", float, 0.0, 1.0, help="the least utility it ever asks for (P_min, at least the reservation)"),
        Parameter("tolerance", float, 0.0, 1.0, help="width of the utility band of candidate offers above p(t)"),
    )

    def __init__(self, exponent: float = 0.05, k: float = 0.05, minimum: float = 0.585, tolerance: float = 0.01,
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.exponent: float = self._checked("exponent", exponent)
        self.k: float = self._checked("k", k)
        self.minimum: float = self._checked("minimum", minimum)
        self.tolerance: float = self._checked("tolerance", tolerance)

    def _refuse(self, view: View) -> None:
        require_two_parties(view, self.name)

    def concession(self, view: View) -> float:
        """p(t) = P_min + (1 - F(t)) (P_max - P_min) with F(t) = k + (1 - k) t^(1/e)."""
        top = view.best
        bottom = min(top, max(self.minimum, view.floor))
        share: float = self.k + (1.0 - self.k) * view.time ** (1.0 / self.exponent)
        return bottom + (1.0 - share) * (top - bottom)

    def _plan(self, view: View) -> int:
        """The offer it would make now (see the class docstring)."""
        model = self._learn(view)
        values, order = view.table.ranked(view.index)
        if order.size == 0:
            return int(np.argmax(view.utility))
        first_turn = view.round - self._since < 2 and not own_since(view, self._since)
        level = values[-1] if first_turn else self.concession(view)
        low = int(np.searchsorted(values, level - TOLERANCE, side="left"))
        if low == order.size:
            low = int(np.searchsorted(values, values[-1] - TOLERANCE, side="left"))
        high = int(np.searchsorted(values, values[low] + self.tolerance + TOLERANCE, side="right"))
        candidates = order[low:high]
        liked = model.utilities(view.digits[candidates])
        plan = int(candidates[np.lexsort((candidates, view.utility[candidates], -liked))[0]])
        received = outcomes_of(received_since(view, self._since))
        received = received[view.acceptable[received]]
        if received.size:
            best = int(received[np.argmax(view.utility[received])])
            if view.utility[best] >= view.utility[plan] - TOLERANCE:
                return best
        return plan

    def target(self, view: View) -> float:
        """The utility of the offer it would make next."""
        return float(view.utility[self._plan(view)])

    def propose(self, view: View) -> int:
        return self._plan(view)

    def accepts(self, view: View, offer: int) -> bool:
        if not isinstance(self.acceptance, AcceptNext):
            return bool(self.acceptance.accepts(view, offer, self))
        mine = outcomes_of(own_since(view, self._since))
        if mine.size and view.utility[offer] > view.utility[mine].min() + TOLERANCE:
            return True
        return bool(view.utility[offer] >= self.target(view) - TOLERANCE)

    def describe(self) -> str:
        return f"{self.name}(e={self.exponent:g})"

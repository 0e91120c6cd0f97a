"""Atlas3 (Mori & Ito 2017), winner of ANAC 2015."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...scenario import TOLERANCE
from ..strategies import AcceptNext, Parameter, Strategy, Traits
from ..view import View
from ._bilateral import received_since
from ._support import LearnsOffers, above, own_turns_left


class Atlas3(LearnsOffers, Strategy):
    """Atlas3: concede down to the expected lower limit of concession (Mori & Ito 2017).

    Source: A. Mori and T. Ito, "Atlas3: A negotiating agent based on
    expecting lower limit of concession function", in *Modern Approaches to
    Agent-based Complex Automated Negotiation*, Studies in Computational
    Intelligence 674, Springer 2017, pp. 169-173 (winner of ANAC 2015), with
    the concession function of Mori & Ito, "A compromising strategy based on
    expected utility of evolutionary stable strategy in bilateral closed bid
    negotiation" (2015).

    1. Lower limit of concession. Near the end each side either holds out
       or concedes; with u_max the party's best utility, r its reservation,
       δ its discount factor, C the best utility (to the party) the opponent
       has offered, T_F = ``end_time`` and P_F = ``first_share``, the
       party's payoffs are
       A11 = r δ (both hold out: no deal),
       A12 = u_max δ^T_F (it holds out, the opponent concedes),
       A21 = C δ^T_F if C >= r else r δ (it concedes: the opponent's best offer),
       A22 = P_F A21 + (1 - P_F) A12 (both concede).
       The opponent holds out with its evolutionarily stable probability
       q = 1 / (1 - (A11 - A21) / (A12 - A22)) (1 when that is undefined or
       outside [0, 1]), so the party expects E = q A21 + (1 - q) A22, and
       the lower limit at time t is E / δ^t.
    2. Threshold: θ(t) = L + (u_max - L)(1 - t) without discounting,
       θ(t) = max(u_max (1 - t/δ), L) with it (L the lower limit), never
       below the floor.
    3. Offers: among the party's outcomes worth at least θ, the nearest
       (fewest issues changed) to the opponent's last offer, a
       neighbourhood search around the bids the opponent makes; ties go to
       the bid a frequency model of the opponent's offers rates best for it
       (Atlas3's replacement by the opponent's most frequent values), then
       to the one nearest the threshold.
    4. Acceptance: an offer worth at least θ(t).
    5. End game. Keep the list of the opponent's best offers (distinct
       offers acceptable to the party, best first, at most
       ``final_offers``). When the party's own turns left are no more than
       the list's length plus one, it offers the list's bids in turn, and
       accepts an offer at least as good as the next bid of the list (or,
       once the list is used up, any offer above its reservation).
    6. Under discounting (δ < 1) it ends the negotiation when walking away
       is worth as much as what it still asks for: in accord, where the
       reservation is not discounted, when r >= δ^t θ(t) (the original,
       whose reservation is discounted, compares r δ^t with θ(t)). Without
       discounting waiting costs nothing, so it stays.

    Adaptation to accord: time is t = round / (deadline - 1), δ is
    ``view.discount`` and u_max replaces the original's 1 (utilities need
    not reach 1). The original starts its end game when the time left is
    the mean time per round times (list length + 1); here that is the own
    turns left. The original keeps every bid of the opponent's in that
    list, a negligible share of a GENIUS session of thousands of rounds; a
    negotiation of a hundred rounds keeps at most ``final_offers``. The
    original's random starting bid for the search is replaced by the
    opponent's last offer, so the agent is deterministic. With more than
    two parties C is the least, over the other parties, of the best
    utility each has offered (the original uses the bids every opponent
    supported, which accord's history does not record), and the end-game
    list pools every other party's offers. ``accept=...`` replaces the
    acceptance rule (4 and 5) by the condition given. After an event the
    agent reads offers from the event's round on.
    """

    name = "atlas3"
    description = "Atlas3 (ANAC 2015 winner): concedes to an expected lower limit set by the opponent's best offer"
    citation = "Mori & Ito 2017"
    traits = Traits(concession="time", reacts_to_offers=True)
    parameters = (
        Parameter("end_time", float, 0.0, 1.0, help="T_F: the time at which the end-game payoffs are valued"),
        Parameter("first_share", float, 0.0, 1.0, help="P_F: the party's share when both concede"),
        Parameter("final_offers", int, low=0, help="at most this many of the opponent's best offers are kept for the end game"),
    )

    def __init__(self, end_time: float = 1.0, first_share: float = 0.5, final_offers: int = 3, **kwargs: Any):
        super().__init__(**kwargs)
        self.end_time: float = self._checked("end_time", end_time)
        self.first_share: float = self._checked("first_share", first_share)
        self.final_offers: int = self._checked("final_offers", final_offers)
        self._used: set[int] = set()  # end-game bids already offered

    def _fresh(self) -> None:
        self._used = set()

    # -- the rules -----------------------------------------------------------
    def best_offered(self, view: View) -> float | None:
        """C: the best utility the opponent has offered (with several, the least of each one's best); None before any."""
        best: dict[str, float] = {}
        for offer in received_since(view, self._since):
            best[offer.proposer] = max(best.get(offer.proposer, -np.inf), float(view.utility[offer.outcome]))
        return min(best.values()) if best else None

    def lower_limit(self, view: View) -> float:
        """E / δ^t, the expected utility of the end game's stable mix, in present terms (see the class docstring)."""
        u_max, r, d = view.best, view.reservation, view.discount
        offered = self.best_offered(view)
        best = r if offered is None else offered
        a11 = r * d
        a12 = u_max * d ** self.end_time
        a21 = best * d ** self.end_time if best >= r else r * d
        a22 = self.first_share * a21 + (1.0 - self.first_share) * a12
        q = 1.0
        if abs(a12 - a22) > TOLERANCE:
            ratio = 1.0 - (a11 - a21) / (a12 - a22)
            if abs(ratio) > TOLERANCE:
                q = 1.0 / ratio
        if not 0.0 <= q <= 1.0:
            q = 1.0
        expected = q * a21 + (1.0 - q) * a22
        limit: float = expected / d ** view.time
        return limit

    def target(self, view: View) -> float:
        """θ(t) (see the class docstring)."""
        u_max, d, t = view.best, view.discount, view.time
        limit = self.lower_limit(view)
        if d >= 1.0:
            threshold = limit + (u_max - limit) * (1.0 - t)
        else:
            threshold = max(u_max * (1.0 - t / d), limit)
        return max(threshold, view.floor)

    def final_list(self, view: View) -> list[int]:
        """The opponent's best offers for the end game: distinct, acceptable to the party, best first."""
        offered = {o.outcome for o in received_since(view, self._since) if view.acceptable[o.outcome]}
        ranked = sorted(offered, key=lambda k: (-float(view.utility[k]), k))
        return ranked[:self.final_offers]

    def _final(self, view: View) -> tuple[bool, int | None]:
        """Whether the end game has begun, and the next bid of its list not yet offered (None once used up)."""
        listed = self.final_list(view)
        if own_turns_left(view) > len(listed) + 1:
            return False, None
        return True, next((k for k in listed if k not in self._used), None)

    def propose(self, view: View) -> int:
        model = self._learn(view)
        final, bid = self._final(view)
        if final and bid is not None:
            self._used.add(bid)
            return bid
        candidates = above(view, self.target(view))
        last = view.last_received()
        if last is None or last.round < self._since:
            return int(candidates[np.lexsort((candidates, -view.utility[candidates]))[0]])
        distance = (view.digits[candidates] != view.digits[last.outcome]).sum(axis=1)
        estimate = model.utilities(view.digits[candidates])
        return int(candidates[np.lexsort((candidates, view.utility[candidates], -estimate, distance))[0]])

    def accepts(self, view: View, offer: int) -> bool:
        if not isinstance(self.acceptance, AcceptNext):
            return super().accepts(view, offer)
        value = float(view.utility[offer])
        if value >= self.target(view) - TOLERANCE:
            return True
        final, bid = self._final(view)
        if not final:
            return False
        if bid is None:
            return value >= view.reservation - TOLERANCE
        return value >= float(view.utility[bid]) - TOLERANCE

    def walk_out(self, view: View) -> str | None:
        reason = super().walk_out(view)
        if reason is not None:
            return reason
        present = self.target(view) * view.discount ** view.time
        if view.discount < 1.0 and view.reservation > 0 and view.reservation >= present - TOLERANCE:
            return "its reservation, discounted, is worth as much as anything it still asks for"
        return None

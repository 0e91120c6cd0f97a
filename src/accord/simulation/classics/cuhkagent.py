"""CUHKAgent, the ABiNeS strategy (Hao & Leung 2012), winner of ANAC 2012."""

from __future__ import annotations

from typing import Any

from ...scenario import TOLERANCE
from ..strategies import AcceptNext, Parameter, Strategy, Traits
from ..view import View
from ._bilateral import received_since
from ._support import LearnsOffers, bilateral_only, preferred_above, responses_left


class CUHKAgent(LearnsOffers, Strategy):
    """ABiNeS, the adaptive bilateral negotiating strategy of CUHKAgent (Hao & Leung 2012).

    Source: J. Hao and H.-F. Leung, "ABiNeS: An adaptive bilateral
    negotiating strategy over multiple items", IEEE/WIC/ACM WI-IAT 2012,
    pp. 95-102 (the agent CUHKAgent won ANAC 2012); see also their "An
    efficient and robust negotiating strategy in bilateral negotiations over
    multiple items", Engineering Applications of AI 34 (2014).

    With u_max the party's best utility, δ its discount factor and t the
    relative time:

    1. Non-exploitation point λ, the time at which the agent stops
       exploiting its opponent. It starts at
       λ0 = λ_min + (1 - λ_min) δ^β, with β = 1.8 if δ > 0.75, 1.5 if
       δ > 0.5, else 1.2 (the stronger the discounting, the earlier), and is
       postponed by the opponent's concession degree σ:
       λ = λ0 + w (1 - λ0) σ^γ (w = 0.1, γ = 10). σ is the share of the
       opponent's last ``memory`` offers that were new bids (bids it had not
       offered before): an opponent that keeps making new offers is
       conceding and is exploited for longer; one that repeats itself (a
       hardliner) is not.
    2. Acceptance threshold
       l(t) = u_max - (u_max - u_max δ^(1-λ)) (t/λ)^α   for t < λ,
       l(t) = u_max δ^(1-t)                           for t >= λ,
       i.e. a concession towards u_max δ^(1-λ) until λ, then a constant
       discounted value u_max δ; never below the reservation.
    3. Offers: the opponent's best offer so far if it reaches l(t);
       otherwise, among the outcomes worth at least l(t), the one a
       frequency model of the opponent's offers (HardHeaded's, standing for
       the paper's learnt estimate of the partner's preferences) rates best
       for the opponent.
    4. Acceptance: an offer worth at least l(t), or at least as much as the
       agent's own next offer; in its last answer before the deadline, an
       offer as good as the best the opponent has made (CUHKAgent's rule for
       the final moments of a session).

    Adaptation to accord: time is t = round / (deadline - 1) and δ is
    ``view.discount``. Without discounting (δ = 1) the paper's threshold
    never falls (λ = 1 and u_max δ^(1-λ) = u_max), so the concession then
    aims at floor + ``undiscounted_level`` (u_max - floor) at the deadline
    instead. Randomness in the original's choice among equally good bids is
    replaced by a deterministic tie-break (own utility, then index).
    ``accept=...`` replaces the acceptance rule by the condition given.
    Bilateral: more than two parties are refused. After an event the
    opponent model and σ start afresh from the event's round.
    """

    name = "cuhkagent"
    description = "ABiNeS (ANAC 2012 winner): exploits until a non-exploitation point postponed by the opponent's concession"
    citation = "Hao & Leung 2012"
    traits = Traits(concession="time", reacts_to_offers=True)
    parameters = (
        Parameter("alpha", float, low=0.0, low_open=True, help="concession exponent before the non-exploitation point"),
        Parameter("lambda_min", float, 0.0, 1.0, help="earliest non-exploitation point (strongest discounting)"),
        Parameter("weight", float, 0.0, 1.0, help="w: how far the opponent's concession postpones the non-exploitation point"),
        Parameter("gamma", float, low=0.0, low_open=True, help="exponent on the opponent's concession degree"),
        Parameter("memory", int, low=1, help="recent opponent offers over which its concession degree is measured"),
        Parameter("undiscounted_level", float, 0.0, 1.0,
                  help="without discounting: share of the range from floor to best kept at the deadline"),
    )

    def __init__(self, alpha: float = 2.0, lambda_min: float = 0.08, weight: float = 0.1, gamma: float = 10.0,
                 memory: int = 10, undiscounted_level: float = 0.7, **kwargs: Any):
        super().__init__(**kwargs)
        self.alpha: float = self._checked("alpha", alpha)
        self.lambda_min: float = self._checked("lambda_min", lambda_min)
        self.weight: float = self._checked("weight", weight)
        self.gamma: float = self._checked("gamma", gamma)
        self.memory: int = self._checked("memory", memory)
        self.undiscounted_level: float = self._checked("undiscounted_level", undiscounted_level)

    def _refuse(self, view: View) -> None:
        bilateral_only(view, self.name)

    # -- the rules -----------------------------------------------------------
    def concession_degree(self, view: View) -> float:
        """σ: the share of the opponent's last ``memory`` offers that were bids it had not offered before."""
        outcomes = [o.outcome for o in received_since(view, self._since)]
        if not outcomes:
            return 0.0
        first: dict[int, int] = {}
        for position, outcome in enumerate(outcomes):
            first.setdefault(outcome, position)
        start = max(0, len(outcomes) - self.memory)
        new = sum(1 for position in range(start, len(outcomes)) if first[outcomes[position]] == position)
        return new / (len(outcomes) - start)

    def non_exploitation_point(self, view: View) -> float:
        """λ = λ0 + w (1 - λ0) σ^γ with λ0 = λ_min + (1 - λ_min) δ^β."""
        d = view.discount
        beta = 1.8 if d > 0.75 else 1.5 if d > 0.5 else 1.2
        start = self.lambda_min + (1.0 - self.lambda_min) * d ** beta
        point: float = start + self.weight * (1.0 - start) * self.concession_degree(view) ** self.gamma
        return min(1.0, point)

    def target(self, view: View) -> float:
        """The acceptance threshold l(t) (see the class docstring)."""
        u_max, floor, d, t = view.best, view.floor, view.discount, view.time
        point = self.non_exploitation_point(view)
        if d < 1.0:
            level = u_max * d ** (1.0 - point)
        else:
            level = floor + self.undiscounted_level * (u_max - floor)
        if t < point:
            threshold: float = u_max - (u_max - level) * (t / point) ** self.alpha
        else:
            threshold = u_max * d ** (1.0 - t) if d < 1.0 else level
        return max(threshold, floor)

    def propose(self, view: View) -> int:
        model = self._learn(view)
        threshold = self.target(view)
        received = [o.outcome for o in received_since(view, self._since) if view.acceptable[o.outcome]]
        if received:
            best = max(received, key=lambda k: (view.utility[k], -k))
            if view.utility[best] >= threshold - TOLERANCE:
                return int(best)
        return preferred_above(view, threshold, model)

    def accepts(self, view: View, offer: int) -> bool:
        if not isinstance(self.acceptance, AcceptNext):
            return super().accepts(view, offer)
        value = view.utility[offer]
        if value >= self.target(view) - TOLERANCE:
            return True
        if value >= view.utility[self.propose(view)] - TOLERANCE:
            return True
        if responses_left(view) == 0:  # its last answer: take the opponent's best offer rather than nothing
            offered = [float(view.utility[o.outcome]) for o in received_since(view, self._since)]
            return bool(value >= max(offered, default=value) - TOLERANCE)
        return False

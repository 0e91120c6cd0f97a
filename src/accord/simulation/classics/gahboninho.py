"""Gahboninho (Ben Adar, Sofy & Elimelech), second at ANAC 2011."""

from __future__ import annotations

from typing import Any

from ...scenario import TOLERANCE
from ..strategies import AcceptNext, Parameter, Strategy, Traits
from ..view import View
from ._bilateral import received_since
from ._support import LearnsOffers, bilateral_only, own_turns_left, preferred_above

# the stepped minimum levels of the main phase: until time b (times the discount factor), ask for at least
# this share of the range from floor to best (the ANAC 2011 agent's schedule)
LEVELS = ((0.85, 0.9125), (0.92, 0.84), (0.94, 0.775), (0.985, 0.7), (1.0, 0.5))


class Gahboninho(LearnsOffers, Strategy):
    """Gahboninho: bully first, then concede as the opponent concedes (Ben Adar, Sofy & Elimelech 2013).

    Source: M. Ben Adar, N. Sofy and A. Elimelech, "Gahboninho: Strategy
    for balancing pressure and compromise in automated negotiation", in
    *Complex Automated Negotiations: Theories, Models, and Software
    Competitions*, Studies in Computational Intelligence 435, Springer 2013,
    pp. 205-208 (second at ANAC 2011).

    With hi and lo the party's best utility and floor, and the opponent's
    concession c(t) = (u_top - u_first) / (hi - u_first), the share of the
    gap between its first offer and the party's best that it has closed
    (u_top the best utility to the party it has offered, clipped to [0, 1]):

    1. Firm phase, t < ``firm_time``: the target slides from hi down to
       lo + ``firm_level`` (hi - lo), whatever the opponent does, and the
       agent accepts nothing below it. Meanwhile it measures the opponent's
       niceness ν, its concession c over the firm phase.
    2. Main phase: the share of the range conceded is
       s(t) = max(1 - firm_level, min(1, ρ c(t)), 1 - m(t)),
       with ρ = ``reciprocity`` (1 - ``exploitation`` ν): concession in
       proportion to the opponent's, less against an opponent that was nice
       in the firm phase (it is bullied: pressure pays against it),
       and m(t) the stepped minimum levels 0.9125 until t = 0.85 δ, 0.84
       until 0.92 δ, 0.775 until 0.94 δ, 0.7 until 0.985 δ, 0.5 after, the
       agent's growing pressure to settle. Target:
       max(lo + (hi - lo)(1 - s), u_top): it never asks less than the
       opponent has offered.
    3. Offers: among the outcomes worth at least the target, the one a
       frequency model of the opponent's offers
       (:class:`~accord.simulation.opponent.FrequencyModel`) rates best for
       the opponent. In its last turn it offers the opponent's best offer,
       if the party can accept it.
    4. Acceptance: in the firm phase an offer worth the target; afterwards
       one worth at least ``compromise`` times the target.

    Adaptation to accord: time is t = round / (deadline - 1); the original's
    first 40 actions or 15% of the time is the firm phase t < firm_time; δ
    is ``view.discount``, which brings the schedule's steps forward as in
    the original; the original's smoothed, rate-limited target and its
    noise estimate of the opponent are replaced by the proportional rule of
    step 2, measured in the party's own utility (``reciprocity`` and
    ``exploitation`` are accord's; firm_time = 0.15, firm_level = 0.925,
    compromise = 0.95 and the schedule are the agent's). ``accept=...`` replaces the
    acceptance rule by the condition given. Bilateral: more than two
    parties are refused. After an event the agent starts afresh from the
    event's round.
    """

    name = "gahboninho"
    description = "Gahboninho (ANAC 2011, 2nd): firm first while it gauges the opponent, then concedes as the opponent concedes"
    citation = "Ben Adar, Sofy & Elimelech 2013"
    traits = Traits(concession="behaviour", reacts_to_offers=True)
    parameters = (
        Parameter("firm_time", float, 0.0, 1.0, help="relative time of the firm phase, in which it gauges the opponent"),
        Parameter("firm_level", float, 0.0, 1.0, help="share of the range from floor to best it still asks for after the firm phase"),
        Parameter("reciprocity", float, 0.0, 1.0, help="share of the opponent's concession it matches (accord's adaptation)"),
        Parameter("exploitation", float, 0.0, 1.0,
                  help="how much less it reciprocates an opponent that was nice in the firm phase (accord's adaptation)"),
        Parameter("compromise", float, 0.0, 1.0, low_open=True, help="after the firm phase, accept offers worth this share of the target"),
    )

    def __init__(self, firm_time: float = 0.15, firm_level: float = 0.925, reciprocity: float = 0.5,
                 exploitation: float = 0.5, compromise: float = 0.95, **kwargs: Any):
        super().__init__(**kwargs)
        self.firm_time: float = self._checked("firm_time", firm_time)
        self.firm_level: float = self._checked("firm_level", firm_level)
        self.reciprocity: float = self._checked("reciprocity", reciprocity)
        self.exploitation: float = self._checked("exploitation", exploitation)
        self.compromise: float = self._checked("compromise", compromise)

    def _refuse(self, view: View) -> None:
        bilateral_only(view, self.name)

    # -- the rules -----------------------------------------------------------
    def _concession(self, view: View, until: float = 1.0) -> float:
        """c: the share of the gap from its first offer to the party's best the opponent has closed (offers up to time ``until``)."""
        span = max(1, view.deadline - 1)
        values = [float(view.utility[o.outcome]) for o in received_since(view, self._since) if o.round / span <= until + 1e-12]
        if len(values) < 2:
            return 0.0
        gap = view.best - values[0]
        if gap <= TOLERANCE:
            return 1.0
        return min(1.0, max(0.0, (max(values) - values[0]) / gap))

    def niceness(self, view: View) -> float:
        """ν: the opponent's concession over the firm phase."""
        return self._concession(view, self.firm_time)

    def _firm(self, view: View) -> bool:
        return view.time < self.firm_time

    def _level(self, view: View) -> float:
        """m(t), the stepped minimum level of the main phase."""
        t = view.time
        for until, level in LEVELS[:-1]:
            if t < until * view.discount:
                return level
        return LEVELS[-1][1]

    def target(self, view: View) -> float:
        hi, lo = view.best, view.floor
        if self._firm(view):
            share = (1.0 - self.firm_level) * view.time / self.firm_time
        else:
            reciprocity = self.reciprocity * (1.0 - self.exploitation * self.niceness(view))
            share = max(1.0 - self.firm_level, min(1.0, reciprocity * self._concession(view)), 1.0 - self._level(view))
        target = lo + (hi - lo) * (1.0 - share)
        offered = [float(view.utility[o.outcome]) for o in received_since(view, self._since) if view.acceptable[o.outcome]]
        return max(target, max(offered, default=lo))

    def propose(self, view: View) -> int:
        model = self._learn(view)
        if own_turns_left(view) <= 1:  # its last turn: the opponent's best offer, if it can live with it
            received = [o.outcome for o in received_since(view, self._since) if view.acceptable[o.outcome]]
            if received:
                return int(max(received, key=lambda k: (view.utility[k], -k)))
        return preferred_above(view, self.target(view), model)

    def accepts(self, view: View, offer: int) -> bool:
        if not isinstance(self.acceptance, AcceptNext):
            return super().accepts(view, offer)
        factor = 1.0 if self._firm(view) else self.compromise
        return bool(view.utility[offer] >= factor * self.target(view) - TOLERANCE)

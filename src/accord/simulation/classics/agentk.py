"""AgentK (Kawaguchi, Fujita & Ito 2011), the winner of ANAC 2010."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...scenario import TOLERANCE
from ..strategies import AcceptNext, Parameter, Strategy, Traits
from ..view import View
from ._bilateral import outcomes_of, received_since, require_two_parties


class AgentK(Strategy):
    """AgentK (S. Kawaguchi, K. Fujita and T. Ito, "Compromising strategy based on estimated maximum utility
    for automated negotiation agents competition (ANAC-10)", IEA/AIE 2011, LNCS 6704, pp. 501-510;
    ANAC 2010 winner).

    Statistics of the other side's offers, in the party's own utility u
    (u_max = its best, 1 in the paper's normalised domains): their mean μ,
    their variance σ² and the width d = sqrt(12 σ²) of a uniform spread with
    that variance. The most it can expect to get is estimated as

        e_max = μ + (u_max - μ) d.

    With τ = ``tremor`` (2) and relative time t:

        α = 1 + τ + 10 μ - 2 τ μ,
        pre(t) = u_max - t^α (u_max - e_max),
        ratio = min(2, (d + 0.1) / (u_max - pre(t))),
        target = ratio · pre(t) + (1 - ratio) u_max,

    then, with m = 400 - 300 t³, a target above e_max is pulled towards it,
    target -= r · min(m, 1/r²) / m with r = target - e_max, and a target at
    or below e_max becomes e_max. The target never falls below the
    reservation (the floor).

    Acceptance: with probability

        P = t^α / 5 + (u(offer) - e_max) + (u(offer) - target),

    taken as 0 below 0.1, drawn from ``view.rng`` (hence stochastic).

    Offers: if the other side has offered outcomes worth more than the
    target, one of them at random; otherwise a uniformly random outcome worth
    at least a bid target computed as the target but with the exponent
    β = α + τ (U - 1/2), U uniform in [0, 1) (the original samples random
    bids until one clears it, lowering it by 0.01 after 500 misses; here the
    outcomes above it are found at once, or the best ones when none is).
    Its first offer, before any offer received, is its best outcome.

    Any acceptance condition given as ``accept=`` replaces the probabilistic
    rule; ``respond`` keeps the red lines and the reservation in every case.
    Bilateral by design: more than two parties are refused. After an event
    that changes the scenario only offers from the event's round on count
    (the statistics start afresh); the clock runs on.
    """

    name = "agentk"
    description = "target from the mean and spread of the other side's offers and time; accepts with a probability that grows"
    citation = "Kawaguchi, Fujita & Ito 2011"
    traits = Traits(concession="behaviour", stochastic=True, reacts_to_offers=True)
    parameters = (Parameter("tremor", float, 0.0, help="tau: weight of the spread in the concession exponent and the random tremor of the bid target"),)

    def __init__(self, tremor: float = 2.0, **kwargs: Any):
        super().__init__(**kwargs)
        self.tremor: float = self._checked("tremor", tremor)
        self._since = 0

    def start(self, view: View) -> None:
        require_two_parties(view, self.name)
        self._since = 0

    def changed(self, view: View) -> None:
        """Statistics start afresh on the new scenario: only offers from this round on count."""
        require_two_parties(view, self.name)
        self._since = view.round

    def _statistics(self, view: View) -> tuple[float, float, float] | None:
        """(μ, d, e_max) of the offers received, or None before the first."""
        received = outcomes_of(received_since(view, self._since))
        if received.size == 0:
            return None
        utilities = view.utility[received]
        mean = float(utilities.mean())
        deviation = math.sqrt(max(0.0, 12.0 * float(utilities.var())))
        return mean, deviation, mean + (view.best - mean) * deviation

    def _level(self, view: View, exponent: float, deviation: float, emax: float) -> float:
        """The target with concession exponent ``exponent`` (α for the target, β for the bid target)."""
        top, t = view.best, view.time
        pre: float = top - t ** exponent * (top - emax)
        gap = top - pre
        ratio = 2.0 if gap <= 0 else min(2.0, (deviation + 0.1) / gap)
        level = ratio * pre + (1.0 - ratio) * top
        m = 400.0 - 300.0 * t ** 3
        if level > emax:
            r = level - emax
            level -= r * min(m, 1.0 / (r * r)) / m
        else:
            level = emax
        return min(top, max(view.floor, level))

    def _alpha(self, mean: float) -> float:
        return 1.0 + self.tremor + 10.0 * mean - 2.0 * self.tremor * mean

    def target(self, view: View) -> float:
        stats = self._statistics(view)
        if stats is None:
            return view.best
        mean, deviation, emax = stats
        return self._level(view, self._alpha(mean), deviation, emax)

    def accepts(self, view: View, offer: int) -> bool:
        if not isinstance(self.acceptance, AcceptNext):
            return bool(self.acceptance.accepts(view, offer, self))
        stats = self._statistics(view)
        if stats is None:
            return bool(view.utility[offer] >= view.best - TOLERANCE)
        mean, deviation, emax = stats
        alpha = self._alpha(mean)
        u = float(view.utility[offer])
        chance: float = view.time ** alpha / 5.0 + (u - emax) + (u - self._level(view, alpha, deviation, emax))
        if chance < 0.1:
            return False
        return bool(chance > view.rng.random())

    def propose(self, view: View) -> int:
        values, order = view.table.ranked(view.index)
        if order.size == 0:
            return int(np.argmax(view.utility))
        stats = self._statistics(view)
        if stats is None:
            level = view.best
        else:
            mean, deviation, emax = stats
            target = self._level(view, self._alpha(mean), deviation, emax)
            received = np.unique(outcomes_of(received_since(view, self._since)))
            good = received[view.acceptable[received] & (view.utility[received] > target + TOLERANCE)]
            if good.size:
                return int(good[view.rng.integers(good.size)])
            beta = self._alpha(mean) + self.tremor * (float(view.rng.random()) - 0.5)
            level = self._level(view, max(beta, TOLERANCE), deviation, emax)
        low = int(np.searchsorted(values, min(level, values[-1]) - TOLERANCE, side="left"))
        return int(order[low + int(view.rng.integers(order.size - low))])

    def describe(self) -> str:
        return self.name

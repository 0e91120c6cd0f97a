"""Nice Tit-for-Tat (Baarslag, Hindriks & Jonker 2013): mirror the other side's concession towards the Nash point."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ...scenario import TOLERANCE
from ..strategies import AcceptNext, Parameter, Strategy, Traits
from ..view import View
from ._bilateral import outcomes_of, received_since, require_two_parties
from ._support import LearnsOffers

ENOUGH_TO_COME = 10  # more offers than this in the last window: better ones are still likely, do not settle
BAND_BELOW, BAND_ABOVE = 0.98, 0.05  # candidate offers: own utility in [0.98 T, T + 0.05]


class NiceTitForTat(LearnsOffers, Strategy):
    """Nice Tit-for-Tat (T. Baarslag, K. Hindriks and C. Jonker, "A tit for tat negotiation strategy for
    real-time bilateral negotiations", in *Complex Automated Negotiations: Theories, Models, and Software
    Competitions*, Springer 2013 (SCI 435), pp. 229-233; ANAC 2011).

    Tit for tat in the party's own utility u, aiming at the Nash point. Let
    N be its own utility at the estimated Nash point (the outcome it can
    accept that maximises u · û, û the other side's estimated utility), u_0
    the least it got from the other side's opening offers (those in the first
    ``opening`` of the time, at least the first offer) and u_+ the most it has
    got from any offer. The other side has come this share of the way to N:

        c = min(1, (u_+ - u_0) / (N - u_0))   (0 when N <= u_0),

    and it concedes the same share of its own way from its best to N:

        T = best - c (best - N).

    Then it is nice: it gives away a bonus share b of what is left to N,
    T -= b · max(0, T - N), with b = max(0.5 - 0.4 δ, min(1, 20 (t - 0.91)))
    (δ its discount factor, 1 without discounting; the second term from
    t = 0.91 on, so that it reaches N at t = 0.96). T is never below its
    reservation.

    Offers: among its outcomes with u in [0.98 T, T + 0.05] (widened
    upwards until there are two), the one the other side is estimated to
    like best (ties: the one closest to T, then the lowest index); but if the
    best offer received is at least as good for it, that one.

    Acceptance: AC_next (an offer at least as good as its next offer); and
    from t = ``accept_after`` (0.98) also an offer better than what waiting
    is expected to bring. With window W = 1 - t (the time left) and the n
    earlier offers of the last W better than this one, of mean ū, a better
    one comes in the time left with probability 1 - (1 - p)^n, p = min(1,
    (1 - t) / W), so waiting is worth (1 - (1 - p)^n) ū (0 when n = 0); it
    accepts when the offer is worth more, unless more than 10 offers came in
    the window (more are to come). Any other acceptance condition given as
    ``accept=`` replaces this rule; ``respond`` keeps the red lines and the
    reservation in every case.

    Differences from the paper: the paper's agent uses a Bayesian opponent
    model (Hindriks & Tykhonov 2008); this one uses the frequency model of
    :class:`~accord.simulation.opponent.FrequencyModel` (HardHeaded's
    values). The original picks at random among the best few candidates for
    the other side and re-estimates the Nash point at random moments; this
    one takes the best candidate and re-estimates every time, so it is
    deterministic.

    Bilateral by design: more than two parties are refused. An event that
    changes the scenario starts it afresh (a new opponent model; only offers
    from the event's round on count); the clock runs on.
    """

    name = "nice-tit-for-tat"
    description = "mirrors the other side's concession in its own utility, towards the estimated Nash point"
    citation = "Baarslag, Hindriks & Jonker 2013"
    traits = Traits(concession="behaviour", reacts_to_offers=True)
    parameters = (
        Parameter("opening", float, 0.0, 1.0, help="the share of the time whose offers set the other side's starting point"),
        Parameter("accept_after", float, 0.0, 1.0, help="time from which it also accepts an offer better than waiting"),
    )

    def __init__(self, opening: float = 0.01, accept_after: float = 0.98, **kwargs: Any):
        super().__init__(**kwargs)
        self.opening: float = self._checked("opening", opening)
        self.accept_after: float = self._checked("accept_after", accept_after)

    def _refuse(self, view: View) -> None:
        require_two_parties(view, self.name)

    def _pool(self, view: View) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]:
        """Its outcomes worth at least its floor, ascending in its utility."""
        values, order = view.table.ranked(view.index)
        low = int(np.searchsorted(values, view.floor - TOLERANCE, side="left"))
        if low == order.size and order.size:
            low = order.size - 1
        return values[low:], order[low:]

    def nash_utility(self, view: View) -> float:
        """Its own utility at the estimated Nash point, argmax u · û over the outcomes it can accept."""
        values, order = self._pool(view)
        if order.size == 0:
            return view.best
        product = values * self._learn(view).utilities(view.digits[order])
        return float(values[np.lexsort((-values, -product))[0]])

    def target(self, view: View) -> float:
        """T: the other side's share of the way to the Nash point, mirrored; then the nice bonus."""
        received = received_since(view, self._since)
        if not received:
            return view.best
        best, nash = view.best, self.nash_utility(view)
        span = max(1, view.deadline - 1)
        got = view.utility[outcomes_of(received)]
        opening = np.fromiter((o.round / span <= self.opening for o in received), dtype=bool, count=len(received))
        opening[0] = True
        start = float(got[opening].min())
        share = 0.0 if nash <= start + TOLERANCE else min(1.0, max(0.0, (float(got.max()) - start) / (nash - start)))
        target = best - share * (best - nash)
        t = view.time
        bonus = max(0.5 - 0.4 * view.discount, min(1.0, 20.0 * (t - 0.91)) if t > 0.91 else 0.0)
        target -= min(1.0, max(0.0, bonus)) * max(0.0, target - nash)
        return max(view.floor, target)

    def propose(self, view: View) -> int:
        values, order = self._pool(view)
        if order.size == 0:
            return int(np.argmax(view.utility))
        target = min(self.target(view), float(values[-1]))
        low = int(np.searchsorted(values, BAND_BELOW * target - TOLERANCE, side="left"))
        low = min(low, order.size - 1)
        high = int(np.searchsorted(values, target + BAND_ABOVE + TOLERANCE, side="right"))
        high = min(order.size, max(high, low + 2))
        candidates = order[low:high]
        liked = self._learn(view).utilities(view.digits[candidates])
        plan = int(candidates[np.lexsort((candidates, np.abs(view.utility[candidates] - target), -liked))[0]])
        received = outcomes_of(received_since(view, self._since))
        received = received[view.acceptable[received]]
        if received.size:
            best = int(received[np.argmax(view.utility[received])])
            if view.utility[best] >= view.utility[plan] - TOLERANCE:
                return best
        return plan

    def accepts(self, view: View, offer: int) -> bool:
        if not isinstance(self.acceptance, AcceptNext):
            return bool(self.acceptance.accepts(view, offer, self))
        u = float(view.utility[offer])
        if u >= float(view.utility[self.propose(view)]) - TOLERANCE:  # proposing changes no state
            return True
        t = view.time
        if t < self.accept_after:
            return False
        span = max(1, view.deadline - 1)
        window = 1.0 - t
        earlier = [o for o in received_since(view, self._since) if o.round < view.round]
        times = np.fromiter((o.round / span for o in earlier), dtype=float, count=len(earlier))
        got = view.utility[outcomes_of(earlier)]
        recent = times >= t - window - TOLERANCE
        if int(recent.sum()) > ENOUGH_TO_COME:
            return False
        better = got[recent & (got > u + TOLERANCE)]
        if better.size == 0:
            return True
        p = 1.0 if window <= 0 else min(1.0, (1.0 - t) / window)
        waiting = (1.0 - (1.0 - p) ** better.size) * float(better.mean())
        return u > waiting + TOLERANCE

"""MiCRO (de Jonge 2022): concede one outcome at a time, only as fast as the other side makes new offers."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ...scenario import TOLERANCE
from ..strategies import AcceptNext, Strategy, Traits
from ..view import View
from ._bilateral import outcomes_of, received_since, require_two_parties


class MiCRO(Strategy):
    """MiCRO, "Minimal Concession in Reply to Offers" (D. de Jonge, "An analysis of the linear bilateral
    ANAC domains using the MiCRO benchmark strategy", IJCAI 2022, pp. 223-229).

    Let ω_1, ω_2, ... be the party's outcomes in descending own utility
    (those its red lines allow and worth at least its reservation: it never
    proposes below it), m the number of distinct outcomes it has proposed
    (always ω_1 .. ω_m) and n the number of distinct offers the other side
    has made.

    - Proposing: if n >= m, it concedes one step and proposes ω_{m+1} (the
      first move, m = n = 0, proposes ω_1); otherwise it repeats one of
      ω_1 .. ω_m, drawn uniformly from ``view.rng`` (hence stochastic). Among
      outcomes of equal own utility it proposes first one the other side has
      already offered, if any (swapping it to position m+1). Once its
      outcomes are exhausted it only repeats.
    - Accepting: an offer worth at least the outcome it would propose next
      if it conceded now, u(ω_{m+1}) when n >= m, else its lowest proposal
      so far, u(ω_m) (:meth:`target`, judged by AC_next). Any other
      acceptance condition given as ``accept=`` replaces this rule;
      ``respond`` keeps the red lines and the reservation in every case.

    Made for alternating offers: where it never proposes (a mediated
    negotiation) m stays 0 and it accepts only its best outcome.
    Bilateral by design: more than two parties are refused. An event that
    changes the scenario starts it afresh on the new scenario (m = 0, and
    only offers made from the event's round on count towards n).
    """

    name = "micro"
    description = "concedes one outcome down its own ranking each time the other side makes a new distinct offer"
    citation = "de Jonge 2022"
    traits = Traits(concession="behaviour", stochastic=True, reacts_to_offers=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._order: npt.NDArray[np.intp] = np.zeros(0, dtype=np.intp)  # ω_1, ω_2, ... (outcome indices)
        self._values: npt.NDArray[np.float64] = np.zeros(0)  # u(ω_1) >= u(ω_2) >= ...
        self._made = 0  # m
        self._since = 0  # the round the scenario being played took effect

    def start(self, view: View) -> None:
        self._reset(view, 0)

    def changed(self, view: View) -> None:
        """Start afresh on the new scenario: its own ranking, m = 0, offers counted from this round."""
        self._reset(view, view.round)

    def _reset(self, view: View, since: int) -> None:
        require_two_parties(view, self.name)
        values, order = view.table.ranked(view.index)
        keep = values >= view.reservation - TOLERANCE
        if values.size and not keep.any():  # the reservation is above everything: hold on to the best
            keep = values >= values[-1] - TOLERANCE
        self._order, self._values = order[keep][::-1].copy(), values[keep][::-1].copy()
        self._made, self._since = 0, since

    def _distinct_received(self, view: View) -> npt.NDArray[np.intp]:
        return np.unique(outcomes_of(received_since(view, self._since)))

    def _ready(self, view: View) -> bool:
        """Whether it would concede now: n >= m and an outcome is left to concede to."""
        return self._made < self._order.size and self._distinct_received(view).size >= self._made

    def target(self, view: View) -> float:
        """u of what it would propose next if it conceded now: u(ω_{m+1}) when n >= m, else u(ω_m)."""
        if self._order.size == 0:
            return view.best
        step = self._made if self._ready(view) else self._made - 1
        return float(self._values[max(0, step)])

    def accepts(self, view: View, offer: int) -> bool:
        if isinstance(self.acceptance, AcceptNext):
            return bool(view.utility[offer] >= self.target(view) - TOLERANCE)
        return bool(self.acceptance.accepts(view, offer, self))

    def propose(self, view: View) -> int:
        if self._order.size == 0:  # no outcome passes the red lines
            return int(np.argmax(view.utility))
        if self._ready(view):
            k = self._made
            seen = self._distinct_received(view)
            if not np.isin(self._order[k], seen):
                # outcomes of the same own utility as ω_{m+1}: the descending values make them one block
                end = k + int(np.searchsorted(-self._values[k:], -self._values[k] + TOLERANCE, side="right"))
                offered = np.flatnonzero(np.isin(self._order[k:end], seen))
                if offered.size:
                    j = k + int(offered[0])
                    self._order[[k, j]] = self._order[[j, k]]
            self._made += 1
            return int(self._order[k])
        return int(self._order[int(view.rng.integers(self._made))])

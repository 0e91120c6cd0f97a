"""What a party may know during a negotiation: its :class:`View`.

A strategy sees its own utilities, red lines and reservation, the clock and
the offers made so far, never another party's preferences, unless the user
asks for full information (then ``others`` holds every party's utilities and
``discounts`` every discount factor). A party knows its own constituencies'
verdicts (``acceptable`` includes their ratification; ``satisfied`` is its
own yes before it), never another party's, not even under full information
(``others`` holds utilities only). Arrays are read-only and shared; the
history is an append-only sequence shared by every view, not a copy.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple, overload

import numpy as np
import numpy.typing as npt

from .table import Table


class Offer(NamedTuple):
    """One offer: its round, who made it and the outcome index (immutable; a named tuple, as one is made per round)."""

    round: int
    proposer: str
    outcome: int


class History(Sequence[Offer]):
    """Append-only record of offers; views hold it without copying."""

    def __init__(self) -> None:
        self._items: list[Offer] = []

    def _append(self, offer: Offer) -> None:  # only the protocol appends
        self._items.append(offer)

    @overload
    def __getitem__(self, index: int) -> Offer: ...

    @overload
    def __getitem__(self, index: slice) -> list[Offer]: ...

    def __getitem__(self, index: int | slice) -> Offer | list[Offer]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Offer]:
        return iter(self._items)

    def __reversed__(self) -> Iterator[Offer]:
        return reversed(self._items)


class View:
    """A party's read-only window on the negotiation, rebuilt for every decision.

    (A plain slotted class rather than a frozen dataclass: two are built per
    round, and this keeps that cheap.)
    """

    __slots__ = ("party", "round", "deadline", "utility", "allowed", "acceptable", "reservation", "discount",
                 "history", "rng", "table", "full_information", "order", "discounts", "index")

    # ``allowed``: the party's own red lines pass (each waived where its ``unless`` is met);
    # ``acceptable``: allowed, at least the reservation, and ratified by the party's own constituencies
    # (a party knows its own constituencies, never another party's: see :attr:`satisfied`)

    def __init__(self, party: str, round: int, deadline: int, utility: npt.NDArray[np.float64],
                 allowed: npt.NDArray[np.bool_], acceptable: npt.NDArray[np.bool_], reservation: float, discount: float, history: History,
                 rng: np.random.Generator, table: Table, full_information: bool = False, order: tuple[str, ...] = (),
                 discounts: dict[str, float] | None = None, index: int = 0) -> None:
        self.party, self.round, self.deadline = party, round, deadline
        self.utility, self.allowed, self.acceptable = utility, allowed, acceptable
        self.reservation, self.discount, self.history, self.rng = reservation, discount, history, rng
        self.table, self.full_information, self.order, self.discounts = table, full_information, order, discounts
        self.index = index  # the party's position among the table's parties

    @property
    def time(self) -> float:
        """Relative time t = round / deadline, in [0, 1]."""
        return min(1.0, self.round / max(1, self.deadline - 1))

    @property
    def satisfied(self) -> npt.NDArray[np.bool_]:
        """The party's own yes before ratification: allowed and at least its reservation."""
        row: npt.NDArray[np.bool_] = self.table.satisfied[self.index]
        return row

    @property
    def best(self) -> float:
        """Largest own utility among outcomes that pass the own red lines."""
        return float(self.table.best[self.index])

    @property
    def floor(self) -> float:
        """The least a rational party asks for: its reservation (or its worst allowed outcome)."""
        return float(self.table.floor[self.index])

    @property
    def digits(self) -> npt.NDArray[np.signedinteger[Any]]:
        """(N, n_issues) option indices of every outcome: the structure of the space, not anyone's values."""
        return self.table.digits

    @property
    def others(self) -> dict[str, npt.NDArray[np.float64]]:
        """Other parties' utilities over outcomes (full information only)."""
        if not self.full_information:
            raise PermissionError(f"{self.party}'s strategy asked for other parties' utilities; "
                                  "run with full information to allow it")
        return {p: self.table.utilities[j] for j, p in enumerate(self.table.parties) if p != self.party}

    def received(self) -> list[Offer]:
        """Offers made by other parties, oldest first."""
        return [o for o in self.history if o.proposer != self.party]

    def last_received(self) -> Offer | None:
        for offer in reversed(self.history):
            if offer.proposer != self.party:
                return offer
        return None

    def last_own(self) -> Offer | None:
        for offer in reversed(self.history):
            if offer.proposer == self.party:
                return offer
        return None


def own_view(table: Table, party: str, round_: int, deadline: int, history: History, rng: np.random.Generator,
             discounts: dict[str, float], order: tuple[str, ...], full_information: bool = False) -> View:
    """The view of ``party``; other parties' discount factors only with full information."""
    j = table.party_index(party)
    return View(party, round_, deadline, table.utilities[j], table.allowed[j], table.acceptable[j],
                float(table.reservations[j]), discounts.get(party, 1.0), history, rng, table, full_information,
                order, dict(discounts) if full_information else None, j)


def offers_below(view: View, window: int) -> bool:
    """Whether every offer received in the last ``window`` rounds is unacceptable to the party."""
    recent = [o for o in view.received() if o.round > view.round - window - 1]
    if view.round < window or not recent:
        return False
    return not any(view.acceptable[o.outcome] for o in recent)


__all__: Sequence[str] = ["History", "Offer", "View", "own_view", "offers_below"]

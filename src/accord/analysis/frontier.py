"""The Pareto frontier as a sequence of deals built on access.

A frontier can hold millions of packages (three-party ANAC domains reach
10^6): keeping it as arrays and building a :class:`Deal` only when one is
read keeps ``analyze`` in the time of the frontier computation itself.
It behaves as a tuple of deals (length, indexing, slicing, iteration,
equality with a tuple); :meth:`Frontier.utilities` gives the numbers at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, overload

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from ._analyze import Deal


class Frontier(Sequence["Deal"]):
    """Deals of the frontier in report order, from ``rows`` (k, n_issues) option indices and
    ``utilities`` (n_actors, k)."""

    def __init__(self, make_deal: Callable[[int], Deal], utilities: npt.NDArray[np.float64],
                 actors: tuple[str, ...]) -> None:
        self._make = make_deal
        self._utilities = utilities
        self._actors = actors

    def __len__(self) -> int:
        return int(self._utilities.shape[1])

    @overload
    def __getitem__(self, index: int) -> Deal: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Deal, ...]: ...
    def __getitem__(self, index: int | slice) -> Deal | tuple[Deal, ...]:
        if isinstance(index, slice):
            return tuple(self._make(k) for k in range(*index.indices(len(self))))
        k = index + len(self) if index < 0 else index
        if not 0 <= k < len(self):
            raise IndexError("frontier index out of range")
        return self._make(k)

    def __iter__(self) -> Iterator[Deal]:
        return (self._make(k) for k in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Frontier, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    # compared by content like the tuple it stands for; its deals hold dicts, so no hash (None marks a class
    # unhashable; typeshed declares list.__hash__ so, with the same ignore)
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Frontier({len(self)} deals)"

    def utilities(self, actors: Sequence[str]) -> npt.NDArray[np.float64]:
        """(k, len(actors)) utilities of the frontier's deals, in order."""
        index = [self._actors.index(a) for a in actors]
        return self._utilities[index].T.copy()


__all__ = ["Frontier"]

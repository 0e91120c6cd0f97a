"""The input of every forecasting model: actors on one issue scale.

A :class:`Positions` holds, for each actor, its preferred point on the issue's
own scale (years, percent, euros...), its salience (how much the issue
matters to it) and its capability (how much it can move the outcome), plus the
two ends of the scale. Models read it and return a point on the same scale.

Salience is used exactly as given: any non-negative number works for the
compromise, median, Nash and PCE models, which only use the products
capability x salience. The challenge model reads salience as the probability
that an actor resists a challenge, so it needs values in [0, 1]. Tables in
the literature give salience on 0-100; :func:`from_table` divides them by 100.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias, overload

import numpy as np
import numpy.typing as npt

from .errors import ForecastError

COLUMNS = ("actor", "capability", "position", "salience")

FloatArray: TypeAlias = npt.NDArray[np.float64]
"""The arrays the models compute with: positions, saliences, capabilities, weights, matrices of them."""


def _array(name: str, values: npt.ArrayLike, actors: tuple[str, ...]) -> FloatArray:
    try:
        arr = np.array(values, dtype=float)
    except (TypeError, ValueError):
        raise ForecastError(name, "must be a sequence of numbers", values) from None
    if arr.ndim != 1:
        raise ForecastError(name, "must be one-dimensional (one number per actor)", values)
    if arr.shape[0] != len(actors):
        raise ForecastError(name, f"must have one value per actor ({len(actors)})", list(arr))
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        k = int(bad[0])
        raise ForecastError(f"{name}[{k}] ({actors[k]!r})", "must be a finite number", float(arr[k]))
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True, eq=False)
class Positions:
    """Actors' preferred points on one issue, with salience and capability.

    ``low`` and ``high`` are the ends of the issue's scale; they default to the
    smallest and largest position. Arrays are converted to read-only float
    arrays on construction.

    >>> p = Positions(actors=("a", "b"), position=[0, 10], salience=[1, 1], capability=[1, 3])
    >>> p.width, p.weights.tolist()
    (10.0, [1.0, 3.0])
    """

    actors: tuple[str, ...]
    position: FloatArray
    salience: FloatArray
    capability: FloatArray
    low: float = None  # type: ignore[assignment]  # None until __post_init__ sets the smallest position
    high: float = None  # type: ignore[assignment]  # None until __post_init__ sets the largest position

    if TYPE_CHECKING:  # what the constructor accepts; __post_init__ converts it to the field types above
        def __init__(self, actors: Iterable[str], position: npt.ArrayLike, salience: npt.ArrayLike,
                     capability: npt.ArrayLike, low: float | None = None, high: float | None = None) -> None: ...

    def __post_init__(self) -> None:
        actors = self.actors
        if isinstance(actors, str) or not isinstance(actors, Iterable):
            raise ForecastError("actors", "must be a sequence of names", actors)
        actors = tuple(actors)
        if not actors:
            raise ForecastError("actors", "must name at least one actor", actors)
        for k, name in enumerate(actors):
            if not isinstance(name, str) or not name.strip():
                raise ForecastError(f"actors[{k}]", "must be a non-empty string", name)
        seen: dict[str, int] = {}
        for k, name in enumerate(actors):
            if name in seen:
                raise ForecastError(f"actors[{k}]", f"must be unique (also actors[{seen[name]}])", name)
            seen[name] = k
        object.__setattr__(self, "actors", actors)
        position = _array("position", self.position, actors)
        salience = _array("salience", self.salience, actors)
        capability = _array("capability", self.capability, actors)
        for name, arr in (("salience", salience), ("capability", capability)):
            bad = np.flatnonzero(arr < 0)
            if bad.size:
                k = int(bad[0])
                raise ForecastError(f"{name}[{k}] ({actors[k]!r})", "must be >= 0", float(arr[k]))
        object.__setattr__(self, "position", position)
        object.__setattr__(self, "salience", salience)
        object.__setattr__(self, "capability", capability)
        low = float(position.min()) if self.low is None else self._end("low", self.low)
        high = float(position.max()) if self.high is None else self._end("high", self.high)
        if low > high:
            raise ForecastError("low", f"must not exceed high ({high})", low)
        if position.min() < low:
            k = int(np.argmin(position))
            raise ForecastError(f"position[{k}] ({actors[k]!r})", f"must lie on the scale [{low}, {high}]",
                                float(position[k]))
        if position.max() > high:
            k = int(np.argmax(position))
            raise ForecastError(f"position[{k}] ({actors[k]!r})", f"must lie on the scale [{low}, {high}]",
                                float(position[k]))
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    @staticmethod
    def _end(name: str, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
            raise ForecastError(name, "must be a finite number", value)
        return float(value)

    @property
    def width(self) -> float:
        """``high - low``: distances are measured as fractions of it."""
        return self.high - self.low

    @property
    def weights(self) -> FloatArray:
        """Capability x salience, each actor's weight in the voting models."""
        return self.capability * self.salience

    def __len__(self) -> int:
        return len(self.actors)

    def __repr__(self) -> str:
        return (f"Positions({len(self.actors)} actors, scale [{self.low:g}, {self.high:g}], "
                f"positions {np.round(self.position, 6).tolist()})")


@overload
def _cell(row: Mapping[str, object], number: int, column: str, *, text: Literal[True]) -> str: ...
@overload
def _cell(row: Mapping[str, object], number: int, column: str, *, text: Literal[False] = False) -> float: ...
def _cell(row: Mapping[str, object], number: int, column: str, *, text: bool = False) -> str | float:
    if column not in row:
        raise ForecastError(f"row {number}", f"must have a column {column!r}", sorted(map(str, row)))
    value = row[column]
    where = f"row {number}, column {column!r}"
    if text:
        if not isinstance(value, str) or not value.strip():
            raise ForecastError(where, "must be a non-empty name", value)
        return value.strip()
    if isinstance(value, bool):
        raise ForecastError(where, "must be a number", value)
    if isinstance(value, str):
        try:
            number_value = float(value.strip())
        except ValueError:
            raise ForecastError(where, "must be a number", value) from None
    elif isinstance(value, numbers.Real):
        number_value = float(value)
    else:
        raise ForecastError(where, "must be a number", value)
    if not math.isfinite(number_value):
        raise ForecastError(where, "must be a finite number", value)
    return number_value


def from_table(rows: Iterable[Mapping[str, object]], *, low: float | None = None, high: float | None = None) -> Positions:
    """Build :class:`Positions` from table rows (e.g. ``csv.DictReader``).

    Each row is a mapping with the columns ``actor``, ``capability``,
    ``position`` and ``salience`` (strings or numbers; other columns are
    ignored). Salience is on the 0-100 scale of the literature and is divided
    by 100. Rows are numbered from 1 in error messages.

    >>> p = from_table([{"actor": "A", "capability": "0.5", "position": "4", "salience": "80"},
    ...                 {"actor": "B", "capability": 1, "position": 10, "salience": 50}])
    >>> p.actors, p.salience.tolist()
    (('A', 'B'), [0.8, 0.5])
    >>> from_table([{"actor": "A", "capability": "x", "position": 4, "salience": 80}])
    Traceback (most recent call last):
    ...
    accord.forecast.errors.ForecastError: row 1, column 'capability': must be a number; got 'x'
    """
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
        raise ForecastError("rows", "must be an iterable of mappings", rows)
    names: list[str] = []
    first_row: dict[str, int] = {}
    cap, pos, sal = [], [], []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise ForecastError(f"row {number}", "must be a mapping of column to value", row)
        name = _cell(row, number, "actor", text=True)
        if name in first_row:
            raise ForecastError(f"row {number}, column 'actor'", f"must be unique (also row {first_row[name]})", name)
        first_row[name] = number
        c = _cell(row, number, "capability")
        x = _cell(row, number, "position")
        s = _cell(row, number, "salience")
        if c < 0:
            raise ForecastError(f"row {number}, column 'capability'", "must be >= 0", row["capability"])
        if not 0 <= s <= 100:
            raise ForecastError(f"row {number}, column 'salience'", "must lie in [0, 100]", row["salience"])
        names.append(name)
        cap.append(c)
        pos.append(x)
        sal.append(s / 100.0)
    if not names:
        raise ForecastError("rows", "must contain at least one actor", [])
    return Positions(actors=tuple(names), position=pos, salience=sal, capability=cap, low=low, high=high)


def require_weight(p: Positions) -> FloatArray:
    """The weights c*s, refusing inputs where every actor weighs zero."""
    if not isinstance(p, Positions):
        raise ForecastError("p", "must be a Positions (see accord.forecast.from_table)", type(p).__name__)
    w = p.weights
    if not w.sum() > 0:
        raise ForecastError("capability * salience", "must be positive for at least one actor", w.tolist())
    return w


def normalised(p: Positions) -> FloatArray:
    """Positions as fractions of the scale, in [0, 1] (all 0 on a zero-width scale)."""
    if p.width == 0:
        return np.zeros(len(p.actors))
    return (p.position - p.low) / p.width


def keyword(name: str, value: str, allowed: Sequence[str]) -> str:
    """Check a string option against its allowed values."""
    if value not in allowed:
        raise ForecastError(name, f"must be one of {', '.join(map(repr, allowed))}", value)
    return value

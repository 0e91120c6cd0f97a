"""The outcome space as arrays, and utilities evaluated in bounded chunks.

An outcome picks one option per issue; the space is the Cartesian product of
the issues' options, indexed row-major (the first issue varies slowest), as
``numpy.unravel_index`` does. Red lines factor per issue, so the space worth
enumerating is the product of each issue's *commonly acceptable* options: the
:class:`OutcomeSpace` holds, per issue, which option indices take part.

Utilities are linear-additive, so for a block of trailing issues ("inner")
the utilities of every inner combination are computed once by broadcasting,
and each chunk of the space is a batch of leading-issue prefixes plus that
inner block: ``U[prefix, inner] = outer[prefix] + inner_sum[inner]``. Memory
per chunk stays near ``CHUNK`` outcomes whatever the size of the space.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import InvalidInput
from ..limits import MAX_ENUMERATED_OUTCOMES
from ..scenario import Scenario
from ..scenario.model import Option

CHUNK = 1 << 20


class OutcomeSpaceTooLarge(InvalidInput):
    """The space is too large to enumerate exactly."""


@dataclass(frozen=True)
class OutcomeSpace:
    """A product of per-issue option subsets, with utility tables for actors.

    ``options[i]`` are the option indices of issue ``i`` that take part;
    ``tables[i]`` has shape (n_actors, len(options[i])): actor a's normalised
    weighted value ``w_ai * v_ai`` for each of them.
    """

    scenario: Scenario
    actors: tuple[str, ...]
    options: tuple[np.ndarray, ...]
    tables: tuple[np.ndarray, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(o) for o in self.options)

    @property
    def size(self) -> int:
        count = 1
        for n in self.shape:
            count *= n
        return count

    def option_indices(self, flat: np.ndarray) -> np.ndarray:
        """Flat positions in this space -> (k, n_issues) option indices of the scenario's issues."""
        flat = np.asarray(flat, dtype=np.int64)
        if flat.size == 0:
            return np.empty((0, len(self.options)), dtype=np.int64)
        digits = np.unravel_index(flat, self.shape)
        return np.stack([opts[d] for opts, d in zip(self.options, digits)], axis=1)

    def outcome(self, option_row: Sequence[int]) -> dict[str, Option]:
        """Option indices (one per issue) -> ``{issue: option}``."""
        return {issue.id: issue.options[int(k)] for issue, k in zip(self.scenario.issues.values(), option_row)}

    def utilities_at(self, flat: np.ndarray) -> np.ndarray:
        """(n_actors, k) utilities of the outcomes at flat positions ``flat``."""
        flat = np.asarray(flat, dtype=np.int64)
        total = np.zeros((len(self.actors), flat.size))
        if flat.size:
            for table, digit in zip(self.tables, np.unravel_index(flat, self.shape)):
                total += table[:, digit]
        return total

    def chunks(self, chunk: int = CHUNK) -> Iterator[tuple[int, np.ndarray]]:
        """Yield ``(start, U)``: utilities (n_actors, k) of flat positions start..start+k-1."""
        if self.size == 0:
            return
        n_actors = len(self.actors)
        split, inner_size = len(self.tables), 1
        while split > 0 and inner_size * self.tables[split - 1].shape[1] <= chunk:
            split -= 1
            inner_size *= self.tables[split].shape[1]
        inner = np.zeros((n_actors, 1))
        for table in self.tables[split:]:
            inner = (inner[:, :, None] + table[:, None, :]).reshape(n_actors, -1)
        outer_tables = self.tables[:split]
        outer_shape = tuple(t.shape[1] for t in outer_tables)
        outer_count = int(np.prod(outer_shape)) if outer_tables else 1
        if not outer_tables:
            yield 0, inner
            return
        if inner_size < chunk:
            batch = max(1, chunk // inner_size)
        else:  # a single trailing issue is larger than a chunk: split it
            yield from self._chunks_flat(chunk)
            return
        for first in range(0, outer_count, batch):
            prefixes = np.arange(first, min(first + batch, outer_count))
            outer = np.zeros((n_actors, prefixes.size))
            for table, digit in zip(outer_tables, np.unravel_index(prefixes, outer_shape)):
                outer += table[:, digit]
            block = (outer[:, :, None] + inner[:, None, :]).reshape(n_actors, -1)
            yield first * inner_size, block

    def _chunks_flat(self, chunk: int) -> Iterator[tuple[int, np.ndarray]]:
        for start in range(0, self.size, chunk):
            yield start, self.utilities_at(np.arange(start, min(start + chunk, self.size)))


def common_options(scenario: Scenario) -> list[np.ndarray]:
    """Per issue, the option indices that pass every party's red lines."""
    result = []
    for issue in scenario.issues.values():
        mask = np.ones(issue.size, dtype=bool)
        for party in scenario.parties:
            pref = scenario.actors[party].preferences.get(issue.id)
            if pref is not None:
                mask &= pref.acceptable(issue)
        result.append(np.flatnonzero(mask))
    return result


def utility_tables(scenario: Scenario, actors: Sequence[str], options: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
    """Per issue, an (n_actors, n_options) array of ``w_ai * v_ai / sum_i w_ai``."""
    tables = []
    for issue, opts in zip(scenario.issues.values(), options):
        rows = []
        for aid in actors:
            actor = scenario.actors[aid]
            pref = actor.preferences.get(issue.id)
            weight = actor.normalised_weight(issue.id)
            scores = np.asarray(pref.scores, dtype=float)[opts] if pref is not None else np.zeros(len(opts))
            rows.append(weight * scores)
        tables.append(np.array(rows, dtype=float).reshape(len(actors), len(opts)))
    return tuple(tables)


def build_space(scenario: Scenario, actors: Sequence[str] | None = None, *, restrict: bool = True,
                limit: int | None = MAX_ENUMERATED_OUTCOMES) -> OutcomeSpace:
    """The outcome space of ``scenario`` (restricted to commonly acceptable options).

    Raises :class:`OutcomeSpaceTooLarge` when it holds more than ``limit`` outcomes.
    """
    actors = tuple(actors if actors is not None else scenario.evaluated_actors)
    if restrict:
        options = common_options(scenario)
    else:
        options = [np.arange(issue.size) for issue in scenario.issues.values()]
    space = OutcomeSpace(scenario, actors, tuple(options), utility_tables(scenario, actors, options))
    if limit is not None and space.size > limit:
        raise OutcomeSpaceTooLarge(
            f"the outcome space has {space.size:.3g} outcomes after red lines; exact analysis enumerates at most "
            f"{limit:.0e}. Narrow numeric steps or split the negotiation into smaller issue sets.")
    return space


def utilities_of(scenario: Scenario, option_rows: np.ndarray, actors: Sequence[str] | None = None) -> np.ndarray:
    """(n_actors, k) utilities of outcomes given as option-index rows (k, n_issues)."""
    actors = tuple(actors if actors is not None else scenario.evaluated_actors)
    rows = np.asarray(option_rows, dtype=np.int64).reshape(-1, len(scenario.issues))
    full = [np.arange(issue.size) for issue in scenario.issues.values()]
    total = np.zeros((len(actors), rows.shape[0]))
    for j, table in enumerate(utility_tables(scenario, actors, full)):
        total += table[:, rows[:, j]]
    return total

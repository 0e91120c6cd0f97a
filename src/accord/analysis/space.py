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

Format 1.1 couples issues: a red line waived ``unless`` a condition on
another issue, or an interaction whose ``when`` names several issues, makes
an actor's acceptance or utility depend on several issues at once. The
coupled issues (:meth:`Scenario.coupled_groups`) become one *composite*
issue: one dimension of the space whose options are the combinations of its
issues' options that pass the red lines (after ``unless``) of every
*binding* actor (those that must accept), and whose utility table adds the
interaction terms whose ``when`` lies in it. Across dimensions utilities
stay additive and acceptance separable, so every computation above (the
chunks, the issue-by-issue frontier) stays exact. Steps of
:func:`composite_options` for one group:

1. per issue, drop the options that a binding red line *without* ``unless``
   rejects (those red lines factor per issue);
2. enumerate the product of what is left (refused, naming the issues and
   the size, beyond the group limit);
3. keep the combinations that pass each binding red line *with* ``unless``
   on an issue of the group (its conditions name issues of the group, by
   construction of the groups), evaluated by the reference semantics
   (:func:`accord.scenario.outcomes.meets`, :func:`red_line_mask`);
4. the utility table is, per actor, the sum of its weighted values on the
   group's issues plus ``(w_k / W_a) v_k`` where the combination meets
   ``when_k`` (interactions of the group).

A space without coupled groups is exactly version 1's, array for array.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import InvalidInput
from ..limits import MAX_ENUMERATED_OUTCOMES
from ..scenario import Scenario
from ..scenario import outcomes as reference
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

    With ``groups`` (format 1.1, coupled issues), dimension ``d`` is the
    composite issue of the issue columns ``groups[d]``: ``options[d]`` is a
    (n_d, len(groups[d])) array of option-index combinations when the group
    has several issues (a 1-d array of option indices for a single issue),
    and ``tables[d]`` adds the interaction terms of the group. ``groups``
    empty means one issue per dimension, in document order (version 1).
    """

    scenario: Scenario
    actors: tuple[str, ...]
    options: tuple[np.ndarray, ...]
    tables: tuple[np.ndarray, ...]
    groups: tuple[tuple[int, ...], ...] = ()

    @property
    def columns(self) -> tuple[tuple[int, ...], ...]:
        """Issue columns of each dimension (one issue each without ``groups``)."""
        return self.groups if self.groups else tuple((j,) for j in range(len(self.options)))

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
        n_issues = len(self.scenario.issues) if self.groups else len(self.options)
        if flat.size == 0:
            return np.empty((0, n_issues), dtype=np.int64)
        digits = np.unravel_index(flat, self.shape)
        if not self.groups:
            return np.stack([opts[d] for opts, d in zip(self.options, digits)], axis=1)
        rows = np.empty((flat.size, n_issues), dtype=np.int64)
        for cols, opts, d in zip(self.groups, self.options, digits):
            picked = opts[d]
            rows[:, list(cols)] = picked if picked.ndim == 2 else picked[:, None]
        return rows

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


def common_options(scenario: Scenario, binding: Sequence[str] | None = None) -> list[np.ndarray]:
    """Per issue, the option indices that pass every party's red lines.

    ``binding`` names the actors whose red lines count (default: the
    parties). A red line with ``unless`` is not applied here (it couples
    issues: see :func:`composite_options`).
    """
    result = []
    for issue in scenario.issues.values():
        mask = np.ones(issue.size, dtype=bool)
        for party in (scenario.parties if binding is None else binding):
            pref = scenario.actors[party].preferences.get(issue.id)
            if pref is not None and not pref.unless:
                mask &= pref.acceptable(issue)
        result.append(np.flatnonzero(mask))
    return result


class GroupTooLarge(OutcomeSpaceTooLarge):
    """A composite issue (coupled issues) has more combinations than analysis enumerates."""


def binding_actors(scenario: Scenario, members: Sequence[str] | None = None) -> tuple[str, ...]:
    """The actors that must accept for ``members`` (default: every party) to accept: the members and
    their constituencies (format 1.1, ratification), parties first."""
    chosen = tuple(scenario.parties if members is None else members)
    ratifiers = scenario.constituencies
    return chosen + tuple(c for p in chosen for c in ratifiers.get(p, ()))


def _full_rows(scenario: Scenario, cols: Sequence[int], combos: np.ndarray) -> np.ndarray:
    """Composite combinations (k, len(cols)) -> (k, n_issues) option rows, 0 on the other issues (which the
    group's conditions never name)."""
    rows = np.zeros((combos.shape[0], len(scenario.issues)), dtype=np.int64)
    rows[:, list(cols)] = combos
    return rows


def composite_options(scenario: Scenario, cols: Sequence[int], base: Sequence[np.ndarray], binding: Sequence[str],
                      limit: int | None) -> np.ndarray:
    """(k, len(cols)) option-index combinations of the group of issue columns ``cols`` that pass every
    ``binding`` red line (steps 1-3 of the module docstring); ``base[j]`` are issue j's options after the
    red lines without ``unless``. Combinations are in row-major order of the group's issues."""
    ids = list(scenario.issues)
    group_ids = {ids[j] for j in cols}
    shape = tuple(len(base[j]) for j in cols)
    size = 1
    for n in shape:
        size *= n
    if limit is not None and size > limit:
        names = ", ".join(ids[j] for j in cols)
        raise GroupTooLarge(
            f"the coupled issues {names} form a composite issue of {size:.3g} combinations (after red lines); "
            f"exact analysis enumerates at most {limit:.0e}. Couple fewer issues (unless / interactions) or narrow "
            "their options.")
    lines = [(iid, pref) for aid in binding for iid, pref in scenario.actors[aid].preferences.items()
             if iid in group_ids and pref.red_line is not None and pref.unless]
    found = []
    step = reference.chunk_rows(len(ids))
    for start in range(0, size, step):
        combos = reference.unravel(shape, np.arange(start, min(start + step, size)), [base[j] for j in cols])
        if lines:
            rows = _full_rows(scenario, cols, combos)
            keep = np.ones(combos.shape[0], dtype=bool)
            for iid, pref in lines:
                j = ids.index(iid)
                keep &= reference.red_line_mask(scenario.issues[iid], pref)[rows[:, j]] | \
                    reference.meets(scenario, pref.unless, rows)
            combos = combos[keep]
        found.append(combos)
    return np.concatenate(found) if found else np.empty((0, len(cols)), dtype=np.int64)


def composite_table(scenario: Scenario, actors: Sequence[str], cols: Sequence[int], combos: np.ndarray
                    ) -> np.ndarray:
    """(n_actors, k) utility table of a composite issue (step 4 of the module docstring)."""
    ids = list(scenario.issues)
    full = [np.arange(issue.size) for issue in scenario.issues.values()]
    singles = utility_tables(scenario, actors, full)
    table = np.zeros((len(actors), combos.shape[0]))
    for c, j in enumerate(cols):
        table += singles[j][:, combos[:, c]]
    group_ids = {ids[j] for j in cols}
    rows = None
    for a, aid in enumerate(actors):
        actor = scenario.actors[aid]
        for k, term in enumerate(actor.interactions):
            coefficient = actor.interaction_weight(k) * term.value
            if coefficient and set(term.issues) <= group_ids:
                if rows is None:
                    rows = _full_rows(scenario, cols, combos)
                table[a] += np.where(reference.meets(scenario, term.when, rows), coefficient, 0.0)
    return table


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
                limit: int | None = MAX_ENUMERATED_OUTCOMES, binding: Sequence[str] | None = None,
                group_limit: int | None = MAX_ENUMERATED_OUTCOMES, couple: bool | None = None) -> OutcomeSpace:
    """The outcome space of ``scenario`` (restricted to commonly acceptable options).

    ``binding`` names the actors whose red lines restrict the space (default:
    every party and, format 1.1, every constituency; with ``restrict`` false,
    none). Issues coupled by the ``unless`` of a binding red line or by an
    interaction of one of ``actors`` become composite dimensions (module
    docstring); a composite of more than ``group_limit`` combinations is
    refused (:class:`GroupTooLarge`). ``couple`` (default: ``restrict``)
    false keeps one issue per dimension and leaves interactions out of the
    tables (the per-issue view some callers index by issue). Raises :class:`OutcomeSpaceTooLarge`
    when the space holds more than ``limit`` outcomes.
    """
    actors = tuple(actors if actors is not None else scenario.evaluated_actors)
    chosen = (binding_actors(scenario) if binding is None else tuple(binding)) if restrict else ()
    coupling = tuple(dict.fromkeys(actors + chosen))
    groups = [tuple(g.issues) for g in scenario.coupled_groups(coupling)] if (restrict if couple is None else couple) \
        else [(i,) for i in scenario.issues]
    if all(len(g) == 1 for g in groups):
        if restrict:
            options = common_options(scenario, chosen)
        else:
            options = [np.arange(issue.size) for issue in scenario.issues.values()]
        space = OutcomeSpace(scenario, actors, tuple(options), utility_tables(scenario, actors, options))
    else:
        ids = list(scenario.issues)
        base = common_options(scenario, chosen)
        dims, tables, columns = [], [], []
        singles = utility_tables(scenario, actors, base)
        for group in groups:
            cols = tuple(ids.index(i) for i in group)
            if len(cols) == 1:
                dims.append(base[cols[0]])
                tables.append(singles[cols[0]])
            else:
                combos = composite_options(scenario, cols, base, chosen, group_limit)
                dims.append(combos)
                tables.append(composite_table(scenario, actors, cols, combos))
            columns.append(cols)
        space = OutcomeSpace(scenario, actors, tuple(dims), tuple(tables), tuple(columns))
    if limit is not None and space.size > limit:
        raise OutcomeSpaceTooLarge(
            f"the outcome space has {space.size:.3g} outcomes after red lines; exact analysis enumerates at most "
            f"{limit:.0e}. Narrow numeric steps or split the negotiation into smaller issue sets.")
    return space


def utilities_of(scenario: Scenario, option_rows: np.ndarray, actors: Sequence[str] | None = None) -> np.ndarray:
    """(n_actors, k) utilities of outcomes given as option-index rows (k, n_issues)."""
    actors = tuple(actors if actors is not None else scenario.evaluated_actors)
    rows = np.asarray(option_rows, dtype=np.int64).reshape(-1, len(scenario.issues))
    if any(scenario.actors[a].interactions for a in actors):  # format 1.1: the reference semantics
        return reference.utilities(scenario, rows, actors)
    full = [np.arange(issue.size) for issue in scenario.issues.values()]
    total = np.zeros((len(actors), rows.shape[0]))
    for j, table in enumerate(utility_tables(scenario, actors, full)):
        total += table[:, rows[:, j]]
    return total

"""A scenario compiled to arrays, and sampled parameter sets that need no Scenario objects.

:class:`Model` holds what the vectorised Monte Carlo needs from a scenario:
the issues, the evaluated actors (parties first), base weights, values and
reservations, the red lines, and for each uncertain parameter the *slot* it
sets (a weight, a categorical value, a point of a piecewise-linear numeric
value function, a reservation, a power, a numeric red-line bound).

:meth:`Model.batch` turns sampled values ``{path: array(n)}`` into a
:class:`ParameterBatch`: arrays over the runs (weights ``(n, A, I)``, values
per issue ``(n or 1, A, K_i)``, reservations ``(n, P)``, red-line bounds),
the "scenario-like parameter set" of every run at once.

Sampled points of a numeric value function are re-interpolated at the grid:
the function is linear in the point values, so each grid value is
``(1 - t) y_j + t y_{j+1}`` with the bracketing points ``j, j+1`` and weight
``t`` fixed by the grid (constant beyond the first and last points).

Uncertain red lines (format 1.1 ``holds``): each preference with a red line
whose ``holds`` is below 1 or a distribution is a :class:`HoldsLine`. A run
carries, besides the sampled numbers, the uniform U of each such line under
:func:`binding_key` (``path + ("U",)``); the line's red lines bind in that
run when ``U < holds`` (the drawn ``holds`` when it is a distribution, else
its number). :meth:`Model.binding` gives these indicators; the vectorised
kernel turns a party's red line that may not bind into a per-run mask
(``mask | ~binds``), code that needs a scenario passes the lines that do not
bind as ``not_binding`` to :mod:`accord.scenario.outcomes` or realises them
(:func:`realise` with ``not_binding`` removes those red lines). A run
without a U for a line (central values) takes the red line as binding, the
deterministic reading.

For code that does need a scenario (simulation, the per-sample fallback,
tests), :func:`run_patch` gives the JSON Merge Patch that sets one run's
numbers (for ``Scenario.with_patch``, validated) and :func:`realise` builds
the same scenario cheaply, without validation.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from ..scenario import Distribution, Issue, RedLine, Scenario, Uncertain, Variant
from ..scenario._merge_patch import merge_patch
from ..scenario.distributions import FAMILIES
from ..scenario.errors import Index
from .sampling import FloatArray, Path, central, draw_key, is_holds, transform

# per grid point of a numeric issue: the left bracketing point of a value function, and the weight of the right one
Interpolation: TypeAlias = tuple[npt.NDArray[np.intp], FloatArray]


@dataclass(frozen=True)
class Slot:
    """Where an uncertain parameter goes.

    ``kind`` is ``weight`` (actor ``a``, issue ``i``), ``value`` (categorical
    option ``k``), ``point`` (numeric point ``k`` of the value function),
    ``reservation`` (party ``a``), ``power`` (actor id ``name``), ``bound``
    (party ``a``, issue ``i``, ``which`` = min|max), ``holds`` (a drawn
    ``holds`` of actor ``name`` on issue ``i``: see :class:`HoldsLine`),
    ``interaction`` (term ``k`` of actor ``name``, ``which`` = weight|value;
    evaluated through :mod:`accord.scenario.outcomes`) or ``ignored`` (an
    actor whose utilities are not evaluated).
    """

    kind: str
    a: int = -1
    i: int = -1
    k: int = -1
    which: str = ""
    name: str = ""


@dataclass(frozen=True)
class HoldsLine:
    """A preference whose red lines may not bind (``holds`` below 1 or a distribution).

    ``path`` is its ``holds`` path (the key of U's stream); ``party`` the
    actor's index among the parties (-1 for any other actor), ``issue`` the
    issue's index; ``holds`` the central value; ``drawn`` whether ``holds``
    is a distribution (then drawn per run from ``draw_key(path)``).
    """

    path: Path
    actor: str
    issue_id: str
    party: int
    issue: int
    holds: float
    drawn: bool

    @property
    def key(self) -> Path:
        """Where a run's U of this line is kept among its values (:func:`binding_key`)."""
        return binding_key(self.path)


@dataclass(frozen=True, eq=False)
class UnlessLine:
    """A party's red line waived ``unless`` conditions hold (format 1.1): it does not factor per issue.

    ``allows`` is the options of issue ``issue`` the red line allows (the
    ``unless`` aside); ``conditions`` the ``unless`` as ``(issue index, options
    meeting the condition)`` pairs. At an outcome ``o`` the line passes when
    ``allows[o_i]`` or every ``conditions[c][1][o_j]`` (the reference
    semantics of :func:`accord.scenario.outcomes.allowed`), a mask over the
    outcome space that :mod:`.kernel` applies like any run mask.
    """

    party: int
    issue: int
    allows: npt.NDArray[np.bool_]
    conditions: tuple[tuple[int, npt.NDArray[np.bool_]], ...]


def binding_key(path: Path) -> Path:
    """The key of the uniform U of the ``holds`` at ``path`` among a run's values: ``path + ("U",)``."""
    return tuple(path) + ("U",)


@dataclass(frozen=True, eq=False)
class Model:
    """A scenario as arrays (see the module docstring)."""

    name: str
    variant: str | None
    issues: tuple[Issue, ...]
    parties: tuple[str, ...]
    actors: tuple[str, ...]                 # evaluated actors, parties first
    weights: np.ndarray                     # (A, I) raw weights
    pref_order: tuple[tuple[int, ...], ...]  # per actor: issue indices in its preference order
    scores: tuple[np.ndarray, ...]          # per issue (A, K_i): v_ai at each option
    points: dict[tuple[int, int], tuple[FloatArray, FloatArray]]  # (a, i) -> (xs, ys) of a numeric value function
    interp: tuple[dict[int, Interpolation], ...]  # per issue: (left index, weight) per grid point, per actor a
    reservations: np.ndarray                # (P,)
    red_lines: tuple[tuple[tuple[int, RedLine], ...], ...]  # per issue: tuple of (party index, RedLine) pairs
    uncertain: tuple[Uncertain, ...]
    slots: tuple[Slot, ...]
    outcome_shape: tuple[int, ...]
    holds_lines: tuple[HoldsLine, ...] = ()
    # the parties' red lines with ``unless`` (not in ``red_lines``, which factor per issue)
    unless_lines: tuple[UnlessLine, ...] = ()
    # the scenario needs the 1.1 reference semantics (unless, interactions, constituencies, a decision rule
    # other than unanimity): its runs are evaluated through accord.scenario.outcomes, not the additive kernel
    semantic: bool = False

    @property
    def paths(self) -> tuple[Path, ...]:
        """The uncertain numbers' paths (distributions), in document order."""
        return tuple(u.path for u in self.uncertain)

    @property
    def streams(self) -> tuple[Path, ...]:
        """The keys of every uniform a run needs: each distribution's :func:`draw_key`, then each ``holds`` path (U)."""
        seen = dict.fromkeys(draw_key(u.path) for u in self.uncertain)
        seen.update(dict.fromkeys(line.path for line in self.holds_lines))
        return tuple(seen)

    def binding(self, values: Mapping[Path, npt.NDArray[Any]], n: int) -> dict[Path, npt.NDArray[np.bool_]]:
        """Per ``holds`` path, whether its red lines bind in each of ``n`` runs: ``U < holds``.

        ``holds`` is the run's drawn value when it is a distribution (central
        when ``values`` lacks it), else its number. A run without a U
        (``values`` lacks :func:`binding_key`) binds: the deterministic reading.
        """
        found: dict[Path, npt.NDArray[np.bool_]] = {}
        for line in self.holds_lines:
            u = values.get(line.key)
            if u is None:
                found[line.path] = np.ones(n, dtype=bool)
                continue
            holds = values.get(line.path) if line.drawn else None
            found[line.path] = np.asarray(u, dtype=float) < (line.holds if holds is None else np.asarray(holds, float))
        return found

    def not_binding(self, binding: Mapping[Path, npt.NDArray[np.bool_]], r: int) -> frozenset[tuple[str, str]]:
        """The ``(actor, issue)`` red lines that do not bind in run ``r`` (for ``accord.scenario.outcomes``)."""
        return frozenset((line.actor, line.issue_id) for line in self.holds_lines if not binding[line.path][r])

    @property
    def n_parties(self) -> int:
        return len(self.parties)

    @property
    def bound_slots(self) -> tuple[int, ...]:
        """Positions (in ``uncertain``) of uncertain numeric red-line bounds."""
        return tuple(j for j, s in enumerate(self.slots) if s.kind == "bound")

    def central_values(self) -> dict[Path, FloatArray]:
        """Every uncertain parameter at its central value (one run; every red line binds)."""
        return {u.path: np.array([central(u.distribution, u.path)]) for u in self.uncertain}

    def values_from_uniforms(self, u: Mapping[Path, FloatArray]) -> dict[Path, FloatArray]:
        """Uniforms (keyed by :attr:`streams`) -> a run's values: each distribution's clipped value by its
        path, and each ``holds`` line's U under :func:`binding_key`."""
        values = {item.path: transform(item.distribution, item.path, u[draw_key(item.path)])
                  for item in self.uncertain}
        for line in self.holds_lines:
            values[line.key] = u[line.path]
        return values

    def line_mask(self, p: int, i: int) -> npt.NDArray[np.bool_]:
        """The options of issue ``i`` party ``p``'s red line (as written) allows."""
        issue = self.issues[i]
        line = dict(self.red_lines[i])[p]
        return np.array([line.allows(issue, o) for o in issue.options], dtype=bool)

    def constant_masks(self) -> list[npt.NDArray[np.bool_]]:
        """Per issue, the options every party's *certain* red lines allow (binding in every run, fixed bounds)."""
        uncertain_bounds = {(self.slots[j].a, self.slots[j].i) for j in self.bound_slots}
        uncertain_bounds |= {(line.party, line.issue) for line in self.holds_lines if line.party >= 0}
        masks = []
        for i, issue in enumerate(self.issues):
            mask = np.ones(issue.size, dtype=bool)
            for p, line in self.red_lines[i]:
                if (p, i) not in uncertain_bounds:
                    mask &= np.array([line.allows(issue, o) for o in issue.options], dtype=bool)
            masks.append(mask)
        return masks

    def batch(self, values: Mapping[Path, npt.NDArray[Any]], n: int | None = None) -> ParameterBatch:
        """Arrays over ``n`` runs from sampled ``values`` (missing paths: central values)."""
        if n is None:
            n = len(next(iter(values.values()))) if values else 1
        A, I = self.weights.shape
        weights = np.broadcast_to(self.weights, (n, A, I)).copy()
        scores: list[np.ndarray] = [s[None, :, :] for s in self.scores]
        point_ys: dict[tuple[int, int], np.ndarray] = {}
        reservations = np.broadcast_to(self.reservations, (n, self.n_parties)).copy()
        bounds: dict[tuple[int, int], list[np.ndarray]] = {}
        for item, slot in zip(self.uncertain, self.slots):
            if slot.kind in ("ignored", "power", "holds", "interaction"):
                continue
            v = np.asarray(values[item.path], dtype=float) if item.path in values else \
                np.full(n, central(item.distribution, item.path))
            if slot.kind == "weight":
                weights[:, slot.a, slot.i] = v
            elif slot.kind == "reservation":
                reservations[:, slot.a] = v
            elif slot.kind == "value":
                if scores[slot.i].shape[0] != n:
                    scores[slot.i] = np.broadcast_to(self.scores[slot.i], (n,) + self.scores[slot.i].shape).copy()
                scores[slot.i][:, slot.a, slot.k] = v
            elif slot.kind == "point":
                key = (slot.a, slot.i)
                if key not in point_ys:
                    point_ys[key] = np.broadcast_to(self.points[key][1], (n, len(self.points[key][1]))).copy()
                point_ys[key][:, slot.k] = v
            elif slot.kind == "bound":
                key = (slot.a, slot.i)
                if key not in bounds:
                    line = dict(self.red_lines[slot.i])[slot.a]
                    lo = -math.inf if line.min is None else line.min
                    hi = math.inf if line.max is None else line.max
                    bounds[key] = [np.full(n, lo), np.full(n, hi)]
                bounds[key][0 if slot.which == "min" else 1][:] = v
        for (a, i), ys in point_ys.items():
            if scores[i].shape[0] != n:
                scores[i] = np.broadcast_to(self.scores[i], (n,) + self.scores[i].shape).copy()
            left, t = self.interp[i][a]
            right = np.minimum(left + 1, ys.shape[1] - 1)
            scores[i][:, a, :] = ys[:, left] * (1.0 - t) + ys[:, right] * t
        binding = self.binding(values, n)
        binds = {(line.party, line.issue): binding[line.path] for line in self.holds_lines if line.party >= 0}
        return ParameterBatch(n, weights, tuple(scores), reservations,
                              {k: (v[0], v[1]) for k, v in bounds.items()}, binds)


@dataclass(frozen=True)
class ParameterBatch:
    """The parameters of ``n`` runs as arrays (utilities need only these)."""

    n: int
    weights: np.ndarray                  # (n, A, I) raw weights
    scores: tuple[np.ndarray, ...]       # per issue (n or 1, A, K_i)
    reservations: np.ndarray             # (n, P)
    # (party, issue) -> (min (n,), max (n,))
    bounds: dict[tuple[int, int], tuple[FloatArray, FloatArray]] = field(default_factory=dict)
    # (party, issue) -> whether that red line binds in each run (red lines whose holds is below 1 or drawn)
    binding: dict[tuple[int, int], npt.NDArray[np.bool_]] = field(default_factory=dict)

    def run(self, model: Model, k: int) -> dict[str, Any]:
        """Run ``k``'s parameters, scenario-like: per actor its reservation (parties), weights, values, red lines.

        For inspection and reports; the hot path uses the arrays directly.
        """
        actors: dict[str, dict[str, Any]] = {}
        for a, aid in enumerate(model.actors):
            prefs: dict[str, dict[str, Any]] = {}
            for i in model.pref_order[a]:
                issue = model.issues[i]
                scores = self.scores[i][k if self.scores[i].shape[0] > 1 else 0, a]
                prefs[issue.id] = {"weight": float(self.weights[k, a, i]),
                                   "values": dict(zip(issue.options, scores.tolist()))}
            actors[aid] = {"preferences": prefs}
            if a < model.n_parties:
                actors[aid]["reservation"] = float(self.reservations[k, a])
        for i, lines in enumerate(model.red_lines):
            for p, line in lines:
                entry = actors[model.parties[p]]["preferences"][model.issues[i].id]
                if line.kind == "range":
                    entry.update({key: v for key, v in (("min", line.min), ("max", line.max)) if v is not None})
                else:
                    entry[line.kind] = list(line.options)
        for (p, i), (lo, hi) in self.bounds.items():
            bounds = {"min": float(lo[k]), "max": float(hi[k])}
            actors[model.parties[p]]["preferences"][model.issues[i].id].update(
                {key: v for key, v in bounds.items() if math.isfinite(v)})
        for (p, i), binds in self.binding.items():
            if not binds[k]:  # a bluff in this run: no red line
                entry = actors[model.parties[p]]["preferences"][model.issues[i].id]
                for key in ("min", "max", "reject", "accept"):
                    entry.pop(key, None)
        return {"actors": actors}

    def normalised_weights(self, model: Model) -> np.ndarray:
        """``w_ai / sum_i w_ai`` (n, A, I), the total summed in each actor's preference order; 0 when it is 0."""
        out = np.zeros_like(self.weights)
        for a, order in enumerate(model.pref_order):
            total = np.zeros(self.n)
            for i in order:
                total = total + self.weights[:, a, i]
            safe = np.where(total > 0, total, 1.0)
            for i in order:
                out[:, a, i] = np.where(total > 0, self.weights[:, a, i] / safe, 0.0)
        return out


def compile_model(scenario: Scenario) -> Model:
    """Compile ``scenario`` (see :class:`Model`)."""
    issues = tuple(scenario.issues.values())
    issue_index = {issue.id: i for i, issue in enumerate(issues)}
    parties = scenario.parties
    actors = scenario.evaluated_actors
    if actors[: len(parties)] != parties:
        raise ValueError("every party needs preferences")
    A, I = len(actors), len(issues)
    weights = np.zeros((A, I))
    pref_order = []
    scores = [np.zeros((A, issue.size)) for issue in issues]
    points: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
    interp: list[dict[int, Interpolation]] = [dict() for _ in issues]
    for a, aid in enumerate(actors):
        actor = scenario.actors[aid]
        order = []
        for iid, pref in actor.preferences.items():
            i = issue_index[iid]
            order.append(i)
            weights[a, i] = pref.weight
            scores[i][a] = np.asarray(pref.scores, dtype=float)
            if issues[i].kind == "numeric" and pref.points:
                xs = np.array([x for x, _ in pref.points], dtype=float)
                ys = np.array([y for _, y in pref.points], dtype=float)
                points[(a, i)] = (xs, ys)
                interp[i][a] = _interpolation(np.asarray(issues[i].options, dtype=float), xs)
        pref_order.append(tuple(order))
    red_lines = []
    unless_lines = []
    for i, issue in enumerate(issues):
        lines = []
        for p, pid in enumerate(parties):
            stance = scenario.actors[pid].preferences.get(issue.id)
            if stance is None or stance.red_line is None:
                continue
            if stance.unless:
                conditions = tuple((issue_index[c.issue], np.asarray(c.mask(scenario.issues[c.issue]), dtype=bool))
                                   for c in stance.unless)
                unless_lines.append(UnlessLine(p, i, stance.red_line.mask(issue), conditions))
            else:
                lines.append((p, stance.red_line))
        red_lines.append(tuple(lines))
    actor_index = {aid: a for a, aid in enumerate(actors)}
    slots = tuple(_slot(u.path, actor_index, issue_index, issues, points, len(parties)) for u in scenario.uncertain)
    drawn = {u.path for u in scenario.uncertain}
    party_index = {pid: p for p, pid in enumerate(parties)}
    holds_lines = tuple(HoldsLine(tuple(path), path[1], path[3], party_index.get(path[1], -1), issue_index[path[3]],
                                  float(holds), tuple(path) in drawn) for path, holds in scenario.holds_paths)
    return Model(scenario.name, scenario.variant, issues, parties, actors, weights, tuple(pref_order),
                 tuple(scores), points, tuple(interp), np.array([scenario.actors[p].reservation for p in parties]),
                 tuple(red_lines), tuple(scenario.uncertain), slots, tuple(issue.size for issue in issues),
                 holds_lines, tuple(unless_lines), needs_semantics(scenario))


def needs_semantics(scenario: Scenario) -> bool:
    """Whether ``scenario`` uses a 1.1 key that the additive kernel does not model: ``interactions``, a
    constituency, a decision rule other than unanimity, or a party's red line with ``unless`` whose bounds are
    uncertain. ``holds`` does not, nor does ``unless`` on a red line of fixed bounds: the kernel applies it as a
    mask over the outcome space (:class:`UnlessLine`)."""
    if not scenario.decision_rule.is_unanimity:
        return True
    for actor in scenario.actors.values():
        if actor.interactions or actor.is_constituency:
            return True
    drawn = {tuple(u.path) for u in scenario.uncertain}
    for pid in scenario.parties:
        for iid, pref in scenario.actors[pid].preferences.items():
            if pref.unless and any(("actors", pid, "preferences", iid, key) in drawn for key in ("min", "max")):
                return True
    return False


def _interpolation(grid: FloatArray, xs: FloatArray) -> Interpolation:
    """Per grid point, the left bracketing point and the weight of the right one."""
    if xs.size == 1:
        return np.zeros(grid.size, dtype=np.int64), np.zeros(grid.size)
    left = np.clip(np.searchsorted(xs, grid, side="right") - 1, 0, xs.size - 2)
    t = (grid - xs[left]) / (xs[left + 1] - xs[left])
    return left, np.clip(t, 0.0, 1.0)


def _slot(path: Path, actor_index: dict[str, int], issue_index: dict[str, int], issues: tuple[Issue, ...],
          points: dict[tuple[int, int], tuple[FloatArray, FloatArray]], n_parties: int) -> Slot:
    aid = path[1]
    if len(path) == 5 and path[2] == "interactions":
        return Slot("interaction", k=int(path[3]), which=str(path[4]), name=aid)
    if is_holds(path):
        return Slot("holds", i=issue_index[path[3]], name=aid)
    if len(path) == 3:
        if path[2] == "power":
            return Slot("power", name=aid)
        a = actor_index.get(aid, -1)
        return Slot("reservation", a=a) if 0 <= a < n_parties else Slot("ignored", name=aid)
    a = actor_index.get(aid, -1)
    i = issue_index[path[3]]
    if len(path) == 5 and path[4] in ("min", "max"):
        return Slot("bound", a=a, i=i, which=path[4]) if 0 <= a < n_parties else Slot("ignored", name=aid)
    if a < 0:
        return Slot("ignored", name=aid)
    if len(path) == 5:
        return Slot("weight", a=a, i=i)
    issue = issues[i]
    if issue.kind == "categorical":
        return Slot("value", a=a, i=i, k=issue.options.index(path[5]))
    xs = points[(a, i)][0]
    k = int(np.flatnonzero(np.isclose(xs, float(path[5]), rtol=0, atol=1e-12))[0])
    return Slot("point", a=a, i=i, k=k)


# -- one run as a scenario ------------------------------------------------------------------------

def run_patch(values: Mapping[Path, float]) -> dict[str, Any]:
    """A JSON Merge Patch setting each ``path`` to its number (for ``Scenario.with_patch``)."""
    patch: dict[str, Any] = {}
    for path, value in values.items():
        node = patch
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = float(value)
    return patch


def variant_distributions(scenario: Scenario) -> dict[str, list[Uncertain]]:
    """Distributions written in each variant's patch, by path (numbers under ``actors``)."""
    found: dict[str, list[Uncertain]] = {}
    for vid, variant in scenario.variants.items():
        items: list[Uncertain] = []
        _walk_patch(variant.patch.get("actors"), ("actors",), items)
        if items:
            found[vid] = items
    return found


def _walk_patch(node: Any, path: Path, out: list[Uncertain]) -> None:
    if isinstance(node, list):  # interactions: a list replaces the base's, its entries may hold distributions
        for k, value in enumerate(node):
            _walk_patch(value, path + (Index(k),), out)
        return
    if not isinstance(node, dict):
        return
    if _is_numeric_slot(path) and len(node) == 1:
        (family, params), = node.items()
        if family in FAMILIES and isinstance(params, list) and len(params) == FAMILIES[family]:
            out.append(Uncertain(path, Distribution(family, tuple(float(p) for p in params))))
            return
    for key, value in node.items():
        _walk_patch(value, path + (key,), out)


def _is_numeric_slot(path: Path) -> bool:
    return ((len(path) == 3 and path[2] in ("power", "reservation"))
            or (len(path) == 5 and path[2] == "preferences" and path[4] in ("weight", "min", "max", "holds"))
            or (len(path) == 5 and path[2] == "interactions" and path[4] in ("weight", "value"))
            or (len(path) == 6 and path[2] == "preferences" and path[4] == "values"))


def set_numbers(document: Any, values: Mapping[Path, float]) -> Any:
    """A copy of ``document`` (a scenario document or a patch) with the number at each path set.

    Unlike merging :func:`run_patch`, list positions (``interactions[k]``)
    are followed into the lists; mappings and lists on the way are copied,
    the rest shared. A path that leaves the document is created as mappings.
    """
    result = _copy(document)
    for path, value in values.items():
        node = result
        for key in path[:-1]:
            if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                node[key] = _copy(node[key]) if isinstance(node[key], (dict, list)) else {}
                node = node[key]
            elif isinstance(node, dict):
                child = node.get(key)
                node[key] = _copy(child) if isinstance(child, (dict, list)) else {}
                node = node[key]
            else:
                break
        else:
            if isinstance(node, list) and isinstance(path[-1], int) and 0 <= path[-1] < len(node):
                node[path[-1]] = float(value)
            elif isinstance(node, dict):
                node[path[-1]] = float(value)
    return result


def _copy(node: Any) -> Any:
    return dict(node) if isinstance(node, dict) else list(node) if isinstance(node, list) else node


def resolve_variants(scenario: Scenario, u: Mapping[Path, float]) -> dict[str, Variant]:
    """The scenario's variants with their distributions replaced by draws from the uniforms ``u``.

    ``u`` is keyed by stream (:func:`~accord.uncertainty.sampling.draw_key`
    of each path). A path missing from ``u`` keeps its central value. Scripted events that
    apply a variant to a sampled run's scenario then apply sampled numbers,
    drawn from the same per-path uniform as the base (common random numbers).
    """
    resolved = dict(scenario.variants)
    for vid, items in variant_distributions(scenario).items():
        numbers: dict[Path, float] = {}
        for item in items:
            key = draw_key(item.path)
            if key in u:
                numbers[item.path] = float(transform(item.distribution, item.path, np.array([u[key]]))[0])
            else:
                numbers[item.path] = central(item.distribution, item.path)
        variant = scenario.variants[vid]
        resolved[vid] = dataclasses.replace(variant, patch=set_numbers(variant.patch, numbers))
    return resolved


def without_holds(variants: Mapping[str, Variant], not_binding: Collection[tuple[str, str]]) -> dict[str, Variant]:
    """``variants`` with the ``holds`` of each ``(actor, issue)`` in ``not_binding`` taken out of their patches.

    In a run where a red line does not bind, :func:`realise` removes it from
    the document; a variant applied later in that run (a scripted event)
    that patches only its ``holds`` would otherwise patch a preference that
    has no red line left. A variant that writes the red line again
    (``reject``, ``accept``, ``min``, ``max``) restates it: it binds from then
    on, as written.
    """
    found = dict(variants)
    for vid, variant in variants.items():
        patch = variant.patch
        changed = False
        for aid, iid in not_binding:
            pref = patch.get("actors", {}).get(aid, {}).get("preferences", {}).get(iid) \
                if isinstance(patch.get("actors"), dict) else None
            if isinstance(pref, dict) and "holds" in pref and not any(k in pref for k in ("reject", "accept", "min", "max")):
                if not changed:
                    patch, changed = copy.deepcopy(patch), True
                del patch["actors"][aid]["preferences"][iid]["holds"]
        if changed:
            found[vid] = dataclasses.replace(variant, patch=patch)
    return found


def realise(scenario: Scenario, values: Mapping[Path, float], *,
            variants: dict[str, Variant] | None = None,
            not_binding: Collection[tuple[str, str]] = ()) -> Scenario:
    """``scenario`` with the numbers ``values`` set, built without validation (cheap).

    The result equals ``scenario.with_patch(run_patch(values))`` in every
    number the engine uses (weights, values, reservations, powers, red
    lines, ``holds``, interaction weights and values); its document carries
    the numbers too, so that scripted events that re-apply patches keep
    them. ``variants`` replaces the variants (see :func:`resolve_variants`).
    ``not_binding`` lists ``(actor, issue)`` preferences whose red lines do
    not bind in this run (a ``holds`` draw): their red lines, ``unless`` and
    ``holds`` are removed, from the model and from the document. ``uncertain``
    of the result is empty.
    """
    values = {tuple(path): v for path, v in values.items() if not (len(path) == 6 and is_holds(path[:5]))}  # no U
    by_actor: dict[str, dict[Path, float]] = {}
    for path, value in values.items():
        by_actor.setdefault(path[1], {})[tuple(path)] = float(value)
    for aid, _ in not_binding:
        by_actor.setdefault(aid, {})
    bluffs: dict[str, set[str]] = {}
    for aid, iid in not_binding:
        bluffs.setdefault(aid, set()).add(iid)
    actors = dict(scenario.actors)
    for aid, items in by_actor.items():
        actor = actors[aid]
        changes: dict[str, Any] = {}
        prefs = dict(actor.preferences)
        terms = list(actor.interactions)
        for path, value in items.items():
            if len(path) == 3:
                changes[path[2]] = value
                continue
            if path[2] == "interactions":
                k = int(path[3])
                terms[k] = (dataclasses.replace(terms[k], weight=value) if path[4] == "weight"
                            else dataclasses.replace(terms[k], value=value))
                continue
            iid = path[3]
            pref = prefs[iid]
            issue = scenario.issues[iid]
            if len(path) == 5 and path[4] == "weight":
                prefs[iid] = dataclasses.replace(pref, weight=value)
            elif len(path) == 5 and path[4] == "holds":
                prefs[iid] = dataclasses.replace(pref, holds=value)
            elif len(path) == 5:  # a numeric red-line bound
                line = pref.red_line
                assert line is not None  # a bound is sampled only where the red line is written
                prefs[iid] = dataclasses.replace(pref, red_line=dataclasses.replace(line, min=value) if path[4] == "min"
                                                 else dataclasses.replace(line, max=value))
            elif issue.kind == "categorical":
                scores = list(pref.scores)
                scores[issue.options.index(path[5])] = value
                prefs[iid] = dataclasses.replace(pref, scores=tuple(scores))
            else:
                x = float(path[5])
                pts = tuple((px, value if math.isclose(px, x, rel_tol=0, abs_tol=1e-12) else py) for px, py in pref.points)
                xs, ys = zip(*pts)
                grid = tuple(np.interp(np.asarray(issue.options, float), xs, ys).tolist())
                prefs[iid] = dataclasses.replace(pref, points=pts, scores=grid)
        for iid in bluffs.get(aid, ()):
            prefs[iid] = dataclasses.replace(prefs[iid], red_line=None, unless=(), holds=1.0)
        if terms != list(actor.interactions):
            changes["interactions"] = tuple(terms)
        actors[aid] = dataclasses.replace(actor, preferences=prefs, **changes)
    document = set_numbers(scenario.document, values) if values else scenario.document
    if not_binding:
        document = merge_patch(document, {"actors": {aid: {"preferences": {iid: dict.fromkeys(_RED_LINE_KEYS)
                                                                           for iid in issues}}
                                                     for aid, issues in bluffs.items()}})
    return Scenario(**{**scenario.__dict__, "actors": actors, "document": document, "uncertain": (),
                       **({"variants": variants} if variants is not None else {})})


_RED_LINE_KEYS = ("reject", "accept", "min", "max", "unless", "holds")  # what a bluff removes from a preference


__all__ = ["HoldsLine", "Model", "UnlessLine", "ParameterBatch", "Slot", "binding_key", "compile_model", "needs_semantics",
           "realise", "resolve_variants", "run_patch", "set_numbers", "variant_distributions", "without_holds"]

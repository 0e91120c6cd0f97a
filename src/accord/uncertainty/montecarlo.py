"""Monte Carlo over analysis: how likely is a zone of agreement, and which deal would it hold?

:func:`monte_carlo` draws every uncertain parameter per run (``sampling``),
analyses all runs vectorised (``kernel``) and summarises them in a
:class:`MonteCarloResult`: P(ZOPA) with its Wilson interval, the
distribution of the Nash deal, utilities and surpluses at it, blockers, and
per-run arrays convertible to a tidy table.

:func:`compare_variants` does the same for the base and each variant on the
*same* uniforms (common random numbers), and reports the paired difference
in P(ZOPA) against the base.

Spaces too large for one run's utilities to fit a sub-batch
(``kernel.vectorised_fits``: parties x outcomes after the certain red lines
<= ``max_elements``), or of more than ``max_outcomes`` outcomes, are analysed
run by run through ``accord.analysis`` instead; scenarios that use
``interactions``, constituencies, a decision rule other than unanimity or an
``unless`` red line with uncertain bounds run by run through
``accord.scenario.outcomes`` (the kernel applies other ``unless`` red lines
as masks over the outcome space)
(:mod:`.semantic`). ``method`` says which route was taken: ``vectorised``,
``per-sample`` or ``semantic``.

Red lines that may not bind (format 1.1 ``holds``) are drawn per run: the
uniform U of the stream keyed by the ``holds`` path, the lines binding when
U < holds (see :mod:`.model`); U depends only on (seed, run, path), so the
base and every variant see the same U in a run and their ZOPA indicators
stay paired.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np

from ..scenario import Issue, Scenario
from ..scenario.errors import format_path
from ..stats import paired_difference, summary, wilson
from .kernel import (
    MAX_ELEMENTS,
    RED_LINE,
    RESERVATION,
    Results,
    evaluate_draws,
    evaluate_per_sample,
    restricted_size,
    vectorised_fits,
)
from .model import Model, compile_model
from .parallel import DEFAULT_CHUNK, Progress, drive
from .sampling import FloatArray, Path, uniforms
from .semantic import check_semantic, evaluate_semantic, semantic_size

MAX_VECTOR_OUTCOMES = MAX_ELEMENTS // 2  # 2^20: a two-party run fills one sub-batch (vectorised_fits binds first)
BLOCKER_NAMES = {0: None, RED_LINE: "red-line", RESERVATION: "reservation"}
_INT64_MAX = np.iinfo(np.int64).max


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Per-run arrays and summaries of a Monte Carlo over analysis.

    Per-run arrays (length ``runs``): ``zopa`` (bool), ``zopa_size``,
    ``nash`` (flat index of the Nash deal in the full outcome space, row-major,
    -1 without a ZOPA), ``nash_options`` (runs, issues) option indices,
    ``ks`` / ``ks_options`` the same for Kalai–Smorodinsky, ``utilities``
    (runs, actors) at the Nash deal (NaN without a ZOPA), ``surplus`` (runs,
    parties) at the Nash deal, ``deal_gap`` (max over outcomes within the red
    lines of the minimum surplus; >= 0 exactly when there is a ZOPA, -1 when
    the red lines leave no outcome), ``blocker`` (0 none, 1 red-line, 2
    reservation), ``clash`` (runs, issues) issues with no commonly acceptable
    option, ``short`` (runs, parties) parties below their reservation at the
    outcome of largest minimum surplus (reservation blockers only).
    """

    scenario: str
    variant: str | None
    seed: int
    requested: int
    parties: tuple[str, ...]
    actors: tuple[str, ...]
    issues: tuple[Issue, ...]
    zopa: np.ndarray
    zopa_size: np.ndarray
    nash: np.ndarray
    nash_options: np.ndarray
    ks: np.ndarray
    ks_options: np.ndarray
    utilities: np.ndarray
    surplus: np.ndarray
    deal_gap: np.ndarray
    blocker: np.ndarray
    clash: np.ndarray
    short: np.ndarray
    method: str = "vectorised"
    outcomes_within_red_lines: int = 0  # outcomes every party's certain red lines allow
    interrupted: bool = False
    parameters: dict[Path, FloatArray] | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        lo, hi = self.p_zopa_ci
        return (f"MonteCarloResult(scenario={self.scenario!r}, variant={self.variant!r}, runs={self.runs}, "
                f"seed={self.seed}, p_zopa={self.p_zopa:.4f}, p_zopa_ci=({lo:.4f}, {hi:.4f}), method={self.method!r}"
                f"{', interrupted=True' if self.interrupted else ''})")

    # -- headline -------------------------------------------------------------------------------
    @property
    def runs(self) -> int:
        """Runs done (fewer than ``requested`` when interrupted)."""
        return int(self.zopa.size)

    @property
    def zopa_count(self) -> int:
        return int(np.count_nonzero(self.zopa))

    @property
    def p_zopa(self) -> float:
        return self.zopa_count / self.runs if self.runs else float("nan")

    @property
    def p_zopa_ci(self) -> tuple[float, float]:
        """95% Wilson score interval of P(ZOPA)."""
        return wilson(self.zopa_count, self.runs)

    # -- distributions --------------------------------------------------------------------------
    def nash_distribution(self) -> dict[str, dict[Any, dict[str, float]]]:
        """Per issue, per option: count and share of runs with a ZOPA whose Nash deal picks it."""
        return _option_distribution(self.issues, self.nash_options, self.zopa)

    def ks_distribution(self) -> dict[str, dict[Any, dict[str, float]]]:
        return _option_distribution(self.issues, self.ks_options, self.zopa)

    def nash_deals(self, top: int | None = None) -> list[dict[str, Any]]:
        """Whole Nash packages, most frequent first: ``{"outcome", "count", "share"}`` (share of ZOPA runs)."""
        rows = [tuple(r) for r in self.nash_options[self.zopa].tolist()]
        total = len(rows)
        found = []
        for key, count in Counter(rows).most_common(top):
            found.append({"outcome": {issue.id: issue.options[k] for issue, k in zip(self.issues, key)},
                          "count": count, "share": count / total})
        return found

    def utility_quantiles(self) -> dict[str, dict[str, float] | None]:
        """Per actor (parties first), mean and quantiles of its utility at the Nash deal (ZOPA runs)."""
        return {a: summary(self.utilities[:, j]) for j, a in enumerate(self.actors)}

    def surplus_quantiles(self) -> dict[str, dict[str, float] | None]:
        return {p: summary(self.surplus[:, j]) for j, p in enumerate(self.parties)}

    def blocker_frequencies(self) -> dict[str, Any]:
        """Shares of all runs: no ZOPA because of red lines (and on which issue) or of reservations (who falls short)."""
        n = self.runs or 1
        red = self.blocker == RED_LINE
        res = self.blocker == RESERVATION
        return {
            "none": float(np.count_nonzero(self.blocker == 0)) / n,
            "red-line": float(np.count_nonzero(red)) / n,
            "reservation": float(np.count_nonzero(res)) / n,
            "red_line_issues": {issue.id: float(np.count_nonzero(self.clash[:, i] & red)) / n
                                for i, issue in enumerate(self.issues)},
            "short": {p: float(np.count_nonzero(self.short[:, j] & res)) / n for j, p in enumerate(self.parties)},
        }

    # -- output ---------------------------------------------------------------------------------
    def to_rows(self) -> Iterator[dict[str, Any]]:
        """One dict per run: run, variant, zopa, zopa_size, deal_gap, blocker, the Nash deal's option per
        issue (None without a ZOPA), u_<actor> at it, and the sampled parameters when they were kept."""
        fixed = {"run", "variant", "zopa", "zopa_size", "deal_gap", "blocker"}
        columns = [issue.id if issue.id not in fixed else f"nash_{issue.id}" for issue in self.issues]
        params = list((self.parameters or {}).items())
        for r in range(self.runs):
            row: dict[str, Any] = {"run": r, "variant": self.variant, "zopa": bool(self.zopa[r]),
                                   "zopa_size": int(self.zopa_size[r]), "deal_gap": float(self.deal_gap[r]),
                                   "blocker": BLOCKER_NAMES[int(self.blocker[r])]}
            has = bool(self.zopa[r])
            for name, issue, k in zip(columns, self.issues, self.nash_options[r]):
                row[name] = issue.options[int(k)] if has else None
            for j, actor in enumerate(self.actors):
                row[f"u_{actor}"] = float(self.utilities[r, j]) if has else None
            for path, values in params:
                row[format_path(path)] = float(values[r])
            yield row

    def to_json(self) -> dict[str, Any]:
        """Summary: at least ``runs``, ``seed``, ``p_zopa``, ``p_zopa_ci``."""
        lo, hi = self.p_zopa_ci
        zopa_runs = self.zopa_size[self.zopa]
        return {
            "scenario": self.scenario,
            "variant": self.variant,
            "runs": self.runs,
            "requested_runs": self.requested,
            "seed": self.seed,
            "interrupted": self.interrupted,
            "method": self.method,
            "parties": list(self.parties),
            "outcomes_within_red_lines": self.outcomes_within_red_lines,
            "p_zopa": _finite(self.p_zopa),
            "p_zopa_ci": [lo, hi],
            "zopa_size": {"mean": float(self.zopa_size.mean()) if self.runs else None,
                          "mean_when_open": float(zopa_runs.mean()) if zopa_runs.size else None,
                          "max": int(self.zopa_size.max()) if self.runs else None},
            "deal_gap": summary(self.deal_gap),
            "nash": self.nash_distribution(),
            "nash_deals": self.nash_deals(10),
            "kalai_smorodinsky": self.ks_distribution(),
            "utilities": self.utility_quantiles(),
            "surplus": self.surplus_quantiles(),
            "blockers": self.blocker_frequencies(),
        }


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _option_distribution(issues: Sequence[Issue], options: np.ndarray, zopa: np.ndarray
                         ) -> dict[str, dict[Any, dict[str, float]]]:
    chosen = options[zopa]
    total = chosen.shape[0]
    result: dict[str, dict[Any, dict[str, float]]] = {}
    for i, issue in enumerate(issues):
        counts = np.bincount(chosen[:, i], minlength=issue.size) if total else np.zeros(issue.size, dtype=int)
        result[issue.id] = {issue.options[k]: {"count": int(c), "share": (int(c) / total) if total else 0.0}
                            for k, c in enumerate(counts)}
    return result


# -- the computation ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Job:
    """What a worker needs: compiled models, and the scenarios for the per-sample route."""

    models: tuple[Model, ...]
    scenarios: tuple[Scenario | None, ...]  # set where the per-sample or the semantic route is taken
    keep_parameters: bool
    max_elements: int
    methods: tuple[str, ...] = ()


def _paths(models: Sequence[Model]) -> list[Path]:
    """Every stream the models need (:attr:`Model.streams`), each once."""
    seen: dict[Path, None] = {}
    for model in models:
        for path in model.streams:
            seen.setdefault(path, None)
    return list(seen)


def evaluate_route(method: str, model: Model, scenario: Scenario | None, values: dict[Path, FloatArray], n: int,
                   max_elements: int = MAX_ELEMENTS) -> Results:
    """Per-run results of ``n`` runs by the route ``method`` (vectorised, per-sample or semantic)."""
    if method == "semantic":
        assert scenario is not None
        return evaluate_semantic(scenario, model, values, n)
    if method == "per-sample":
        assert scenario is not None
        return evaluate_per_sample(scenario, model, values, n)
    return evaluate_draws(model, values, n, max_elements=max_elements)


def route(scenario: Scenario, model: Model, max_outcomes: int, max_elements: int) -> tuple[str, int]:
    """The route for ``scenario``'s runs and the outcomes each run considers (checked against the limits)."""
    if model.semantic:
        check_semantic(model)
        return "semantic", semantic_size(model)
    size = restricted_size(model)
    return ("vectorised" if size <= max_outcomes and vectorised_fits(model, max_elements) else "per-sample"), size


# One scenario's share of a chunk: its per-run results, and the sampled values when they are kept.
_Part: TypeAlias = tuple[Results, dict[Path, FloatArray] | None]


def _analysis_task(job: _Job, start: int, stop: int, seed: int) -> list[_Part]:
    n = stop - start
    u = uniforms(_paths(job.models), n, seed, start)
    parts = []
    for model, scenario, method in zip(job.models, job.scenarios, job.methods):
        values = model.values_from_uniforms(u)
        part = evaluate_route(method, model, scenario, values, n, job.max_elements)
        parts.append((part, values if job.keep_parameters else None))
    return parts


def _job(scenarios: Sequence[Scenario], keep_parameters: bool, max_outcomes: int, max_elements: int
         ) -> tuple[_Job, list[str], list[int]]:
    models = tuple(compile_model(s) for s in scenarios)
    found = [route(s, m, max_outcomes, max_elements) for s, m in zip(scenarios, models)]
    methods = [method for method, _ in found]
    sizes = [size for _, size in found]
    fallback = tuple(s if method != "vectorised" else None for s, method in zip(scenarios, methods))
    return _Job(models, fallback, keep_parameters, max_elements, tuple(methods)), methods, sizes


class _Collector:
    """Copies each chunk's per-run arrays into arrays preallocated for all runs (one per scenario)."""

    def __init__(self, count: int, runs: int):
        self.count, self.runs = count, runs
        self.data: list[Results] = [{} for _ in range(count)]
        self.params: list[dict[Path, FloatArray] | None] = [None] * count

    def __call__(self, parts: list[_Part], start: int, stop: int) -> None:
        for j, (part, values) in enumerate(parts):
            data = self.data[j]
            if values is not None:
                params = self.params[j]
                if params is None:
                    params = self.params[j] = {path: np.empty(self.runs) for path in values}
                for path, v in values.items():
                    params[path][start:stop] = v
            for key, array in part.items():
                if key not in data:
                    data[key] = np.empty((self.runs,) + array.shape[1:], dtype=array.dtype)
                data[key][start:stop] = array


def _assemble(model: Model, collector: _Collector, j: int, done: int, seed: int, requested: int, method: str,
              size: int, interrupted: bool) -> MonteCarloResult:
    from .kernel import empty_result

    if done:
        data = {k: (v if done == v.shape[0] else v[:done].copy()) for k, v in collector.data[j].items()}
        params = collector.params[j]
        if params is not None and done != requested:
            params = {path: v[:done].copy() for path, v in params.items()}
    else:
        data, params = empty_result(0, model), None
    nash = _flat(data["nash_options"], model.outcome_shape)
    ks = _flat(data["ks_options"], model.outcome_shape)
    return MonteCarloResult(model.name, model.variant, seed, requested, model.parties, model.actors, model.issues,
                            data["zopa"], data["zopa_size"], nash, data["nash_options"], ks, data["ks_options"],
                            data["utilities"], data["surplus"], data["deal_gap"], data["blocker"], data["clash"],
                            data["short"], method, size, interrupted, params)


def _flat(options: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    flat = np.full(options.shape[0], -1, dtype=np.int64)
    total = 1
    for s in shape:
        total *= s
    if total > _INT64_MAX:  # too large for one index: use the per-issue options
        return flat
    has = options[:, 0] >= 0 if options.shape[1] else np.zeros(options.shape[0], dtype=bool)
    if has.any():
        flat[has] = np.ravel_multi_index(tuple(options[has].T.astype(np.int64)), shape)
    return flat


def monte_carlo(scenario: Scenario, runs: int, seed: int, *, chunk: int = DEFAULT_CHUNK, workers: int = 1,
                progress: Progress = None, keep_parameters: bool = False, max_outcomes: int = MAX_VECTOR_OUTCOMES,
                max_elements: int = MAX_ELEMENTS) -> MonteCarloResult:
    """Monte Carlo over analysis of ``scenario``: ``runs`` parameter draws from ``seed``.

    ``chunk`` runs are computed between two ``progress(done, total)`` calls;
    ``workers`` processes share the chunks (whole blocks each); the result is
    the same for any ``chunk`` and ``workers``. A ``KeyboardInterrupt``
    (Ctrl-C) between chunks returns the runs done so far with
    ``interrupted=True``. ``keep_parameters`` keeps every run's sampled values
    (``result.parameters``, also in ``to_rows``).
    """
    job, methods, sizes = _job([scenario], keep_parameters, max_outcomes, max_elements)
    collector = _Collector(1, runs)
    _, done, interrupted = drive(_analysis_task, job, runs, seed, chunk=chunk, workers=workers, progress=progress,
                                 sink=collector)
    return _assemble(job.models[0], collector, 0, done, seed, runs, methods[0], sizes[0], interrupted)


@dataclass(frozen=True)
class VariantRow:
    variant: str
    description: str
    result: MonteCarloResult
    difference: float                     # P(ZOPA) of the variant minus the base's, paired
    difference_ci: tuple[float, float]    # 95%, normal approximation on the per-run differences

    def to_json(self) -> dict[str, Any]:
        return {"variant": self.variant, "description": self.description, "p_zopa": _finite(self.result.p_zopa),
                "p_zopa_ci": list(self.result.p_zopa_ci), "difference": _finite(self.difference),
                "difference_ci": [_finite(x) for x in self.difference_ci], "result": self.result.to_json()}


@dataclass(frozen=True)
class VariantComparison:
    """The base and each variant on common random numbers."""

    scenario: str
    runs: int
    seed: int
    base: MonteCarloResult
    rows: tuple[VariantRow, ...]
    interrupted: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "runs": self.runs, "seed": self.seed, "interrupted": self.interrupted,
                "base": self.base.to_json(), "variants": [row.to_json() for row in self.rows]}

    def to_rows(self) -> Iterator[dict[str, Any]]:
        """The per-run rows of the base, then of each variant (column ``variant`` tells them apart)."""
        yield from self.base.to_rows()
        for row in self.rows:
            yield from row.result.to_rows()


def compare_variants(scenario: Scenario, variants: Sequence[str] | None, runs: int, seed: int, *,
                     chunk: int = DEFAULT_CHUNK, workers: int = 1, progress: Progress = None,
                     keep_parameters: bool = False, max_outcomes: int = MAX_VECTOR_OUTCOMES,
                     max_elements: int = MAX_ELEMENTS) -> VariantComparison:
    """Monte Carlo of ``scenario`` and each variant (default: all) on the same draws.

    A parameter present in the base and a variant takes the same uniform in
    each run (a variant that changes its distribution maps that uniform
    through its own inverse CDF), so the per-run ZOPA indicators are paired:
    the difference in P(ZOPA) and its 95% interval come from the per-run
    differences. Every scenario is computed chunk by chunk together, so an
    interruption leaves them all at the same number of runs.
    """
    names = list(scenario.variants) if variants is None else list(variants)
    scenarios = [scenario] + [scenario.with_variant(v) for v in names]
    job, methods, sizes = _job(scenarios, keep_parameters, max_outcomes, max_elements)
    collector = _Collector(len(scenarios), runs)
    _, done, interrupted = drive(_analysis_task, job, runs, seed, chunk=chunk, workers=workers, progress=progress,
                                 sink=collector)
    results = [_assemble(model, collector, j, done, seed, runs, methods[j], sizes[j], interrupted)
               for j, model in enumerate(job.models)]
    base = results[0]
    rows = []
    for name, result in zip(names, results[1:]):
        difference, ci = paired_difference(result.zopa, base.zopa)
        rows.append(VariantRow(name, scenario.variants[name].description.strip(), result, difference, ci))
    return VariantComparison(scenario.name, base.runs, seed, base, tuple(rows), interrupted)


__all__ = ["MAX_VECTOR_OUTCOMES", "MonteCarloResult", "VariantComparison", "VariantRow", "compare_variants",
           "monte_carlo"]

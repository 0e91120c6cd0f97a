"""Which uncertain inputs matter: Sobol indices and a one-at-a-time tornado.

Outputs analysed (both from ``kernel.evaluate``):

- ``zopa``: the indicator "the ZOPA is not empty" (its mean is P(ZOPA));
- ``deal_gap``: ``max`` over outcomes within every party's red lines of
  ``min`` over parties of the surplus ``u_p - r_p``; >= 0 exactly when a ZOPA
  exists, ``-1`` when the red lines leave no outcome.

Sobol indices (:func:`sobol_indices`), the Monte Carlo estimators of Saltelli
et al. 2010 ("Variance based sensitivity analysis of model output. Design and
estimator for the total sensitivity index", Computer Physics Communications
181) with Jansen's total-effect formula (Jansen 1999, "Analysis of variance
designs for model output", Computer Physics Communications 117). Two
independent N x k matrices of inputs, A (the ordinary Monte Carlo streams) and
B (a second set of streams, ``stream=1`` in ``sampling``), and for each input
i the matrix AB_i: A with column i taken from B. With ``f`` the output,
``V = Var(f(A) ∪ f(B))``::

    first-order  S_i  = mean( f(B) * (f(AB_i) - f(A)) ) / V        (Saltelli 2010, eq. b)
    total        ST_i = mean( (f(A) - f(AB_i))^2 ) / (2 V)          (Jansen 1999)

N (k + 2) model evaluations. These are the estimators of SALib's
``SALib.analyze.sobol.analyze(..., calc_second_order=False)``, including its
bootstrap confidence (``conf = 1.96 * sd`` of the estimates over resampled
rows); SALib feeds them Saltelli/Sobol quasi-random samples, accord plain
seeded Monte Carlo draws through each parameter's inverse CDF (the same
draws as ``monte_carlo`` for A).

Uncertainty of the estimates: ``bootstrap`` resamples of the N rows (seeded
from ``seed``, so the same seed gives the same intervals) give, per input, the
half-width ``*_conf`` above and the percentile interval ``*_ci`` = [2.5%,
97.5%] of the resampled indices. Sampling noise can put a first-order index
above its total index; the intervals say whether the two really differ.

When indices mean nothing (:func:`meaningful`): an output that barely varies
has indices that are ratios of noise to noise. The ZOPA indicator with mean p
has variance p(1 - p); below ``MIN_VARIANCE["zopa"]`` = 0.01 (P(ZOPA) under
about 1% or over about 99%) only a handful of the N rows differ from the
rest and the indices are reported with ``meaningful: false`` and the reason.
The deal gap, in utility units, is not meaningful below a variance of 1e-6
(a standard deviation of 0.001). So is any output with fewer than
``MIN_VARYING`` = 10 rows of A and B on the minority side (the indicator).

Inputs (:func:`inputs`): each uncertain number, and each red line that may
not bind (format 1.1 ``holds``). A red line's input is the *group* of its
uniform U and, when ``holds`` is a distribution, its drawn ``holds``: both
columns move together from B into AB_i, so that its indices are those of the
group (Saltelli 2002's group indices), reported under the ``holds`` path.
:attr:`Sensitivity.credibility` names the red line whose credibility matters
most: the ``holds`` input with the largest total index of the headline
output (ties: the largest first-order index, then the path).

Tornado (:func:`tornado`): each uncertain input alone at the low and high end
of its distribution (support ends of a uniform or triangular, 5th and 95th
percentiles of a normal), every other input at its central value; the deal
gap at each end and the swing ``|gap_high - gap_low|``, largest first. A
``holds`` input's ends are the red line not binding (``low`` 0) and binding
(``high`` 1); at the central values every red line binds, as in
deterministic analysis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np

from ..scenario import Scenario
from ..scenario.errors import format_path
from ..stats import Z95
from .kernel import MAX_ELEMENTS, Results
from .model import Model, compile_model
from .montecarlo import MAX_VECTOR_OUTCOMES, evaluate_route, route
from .parallel import Progress, drive
from .sampling import BLOCK, FloatArray, Path, central, ends, is_holds, uniforms

OUTPUTS = ("zopa", "deal_gap")
SENSITIVITY_RUNS = 1024  # the most base draws (N) the default sensitivity analysis takes
STACK = 1 << 23  # input numbers stacked for one evaluation (64 MiB)
_BOOTSTRAP_KEY = 0x5EED_B007


MIN_VARIANCE = {"zopa": 0.01, "deal_gap": 1e-6}  # below these the indices are noise (see the module docstring)
MIN_VARYING = 10  # the fewest rows of A and B on the minority side of the ZOPA indicator


class SobolRow(TypedDict):
    """One input's Sobol indices: total (``index``) and first-order, with their bootstrap 95% half-widths
    and percentile intervals ``[low, high]`` (None where the resamples give no spread)."""

    parameter: str
    index: float
    first: float
    index_conf: float | None
    first_conf: float | None
    index_ci: list[float] | None
    first_ci: list[float] | None


def meaningful(output: str, variance: float, mean: float | None, runs: int) -> tuple[bool, str | None]:
    """Whether the Sobol indices of ``output`` mean anything, and why not (a sentence) when they do not.

    >>> meaningful("zopa", 0.995 * 0.005, 0.995, 1024)
    (False, 'P(ZOPA) is 99.5% in these draws: the indicator barely varies (p(1-p) = 0.005 < 0.01), so its indices are noise')
    >>> meaningful("zopa", 0.25, 0.5, 1024)
    (True, None)
    """
    if runs == 0 or mean is None:
        return False, "no draws were made"
    if output == "zopa":
        minority = round(2 * runs * min(mean, 1 - mean))
        if variance < MIN_VARIANCE["zopa"]:
            return False, (f"P(ZOPA) is {mean:.1%} in these draws: the indicator barely varies (p(1-p) = {variance:.2g} < "
                           f"{MIN_VARIANCE['zopa']:g}), so its indices are noise")
        if minority < MIN_VARYING:
            return False, (f"only {minority} of {2 * runs:,} base draws differ from the rest "
                           f"(fewer than {MIN_VARYING}): raise --sensitivity-runs")
        return True, None
    if variance < MIN_VARIANCE["deal_gap"]:
        return False, (f"the deal gap barely varies (variance {variance:.2g} < {MIN_VARIANCE['deal_gap']:g}), "
                       "so its indices are noise")
    return True, None


class TornadoRow(TypedDict):
    """One input alone at the low and at the high end of its distribution: the deal gap and the ZOPA at each."""

    parameter: str
    low: float
    high: float
    central: float
    gap_low: float
    gap_high: float
    swing: float
    zopa_low: bool
    zopa_high: bool


@dataclass(frozen=True)
class Input:
    """One input of the sensitivity analysis: reported as ``path``, made of the run values at ``keys``."""

    path: Path
    keys: tuple[Path, ...]

    @property
    def is_holds(self) -> bool:
        """Whether this is a red line's credibility (a ``holds`` path)."""
        return is_holds(self.path)


def inputs(model: Model) -> tuple[Input, ...]:
    """The uncertain numbers (other than drawn ``holds``), then each ``holds`` line as the group (U, drawn holds)."""
    lines = {line.path for line in model.holds_lines}
    found = [Input(u.path, (u.path,)) for u in model.uncertain if u.path not in lines]
    found += [Input(line.path, (line.key, line.path) if line.drawn else (line.key,)) for line in model.holds_lines]
    return tuple(found)


@dataclass(frozen=True)
class _Job:
    model: Model
    scenario: Scenario | None  # set for the per-sample and semantic routes
    max_elements: int
    method: str = "vectorised"


def _evaluate(job: _Job, values: Mapping[Path, FloatArray], n: int) -> Results:
    return evaluate_route(job.method, job.model, job.scenario, dict(values), n, job.max_elements)


def _sobol_task(job: _Job, start: int, stop: int, seed: int) -> dict[str, FloatArray]:
    """f(A), f(B) and f(AB_i) for runs start..stop-1: arrays (k + 2, n) per output.

    The k + 2 matrices are evaluated in groups holding at most ``STACK``
    numbers of inputs, so memory stays bounded when k is large.
    """
    n = stop - start
    model = job.model
    groups = inputs(model)
    k = len(groups)
    a = model.values_from_uniforms(uniforms(model.streams, n, seed, start, stream=0))
    b = model.values_from_uniforms(uniforms(model.streams, n, seed, start, stream=1))
    columns = [(key, j) for j, item in enumerate(groups) for key in item.keys]

    def column(matrix: int, j: int, key: Path) -> FloatArray:
        # matrix 0 is A, 1 is B, 2 + i is AB_i (A with input i's columns from B)
        return b[key] if matrix == 1 or matrix == 2 + j else a[key]

    zopa = np.empty((k + 2, n))
    gap = np.empty((k + 2, n))
    group = max(1, STACK // max(1, len(columns) * n))
    for first in range(0, k + 2, group):
        matrices = range(first, min(k + 2, first + group))
        stacked = {key: np.concatenate([column(m, j, key) for m in matrices]) for key, j in columns}
        found = _evaluate(job, stacked, n * len(matrices))
        zopa[first: first + len(matrices)] = found["zopa"].reshape(len(matrices), n)
        gap[first: first + len(matrices)] = found["deal_gap"].reshape(len(matrices), n)
    return {"zopa": zopa, "deal_gap": gap}


def _indices(y: FloatArray) -> tuple[FloatArray, FloatArray, float]:
    """First-order and total indices from (k + 2, N) outputs [f(A), f(B), f(AB_1..k)]."""
    fa, fb, fab = y[0], y[1], y[2:]
    variance = float(np.var(np.concatenate([fa, fb])))
    if not variance > 0:
        zeros = np.zeros(fab.shape[0])
        return zeros, zeros.copy(), 0.0
    first = np.mean(fb[None, :] * (fab - fa[None, :]), axis=1) / variance
    total = 0.5 * np.mean((fa[None, :] - fab) ** 2, axis=1) / variance
    return first, total, variance


def _bootstrap(y: FloatArray, resamples: int, seed: int) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """SALib-style confidence: 1.96 x the standard deviation of the indices over resampled rows, and the
    percentile intervals, (2, k) arrays [2.5%, 97.5%] of the resampled first-order and total indices.

    A resample of the N rows is represented by how often it draws each row
    (``counts``, R x N), so that every estimator's means over all resamples
    are matrix products: ``counts @ per_row_terms / N``.
    """
    k, n = y.shape[0] - 2, y.shape[1]
    if resamples <= 0 or n < 2:
        return np.full(k, np.nan), np.full(k, np.nan), np.full((2, k), np.nan), np.full((2, k), np.nan)
    rng = np.random.default_rng(np.random.SeedSequence(entropy=int(seed), spawn_key=(_BOOTSTRAP_KEY,)))
    counts = np.empty((resamples, n))
    for r in range(resamples):
        counts[r] = np.bincount(rng.integers(0, n, n), minlength=n)
    fa, fb, fab = y[0], y[1], y[2:]
    terms = np.column_stack([fa, fb, fa * fa, fb * fb, (fb * (fab - fa)).T, ((fa - fab) ** 2).T])  # (N, 4 + 2k)
    means = counts @ terms / n                                                                   # (R, 4 + 2k)
    mean = (means[:, 0] + means[:, 1]) / 2
    variance = (means[:, 2] + means[:, 3]) / 2 - mean * mean
    safe = np.where(variance > 0, variance, np.nan)[:, None]
    firsts = means[:, 4: 4 + k] / safe
    totals = 0.5 * means[:, 4 + k:] / safe
    return Z95 * _spread(firsts), Z95 * _spread(totals), _percentiles(firsts), _percentiles(totals)


def _percentiles(x: FloatArray) -> FloatArray:
    """(2, columns): the 2.5% and 97.5% percentiles of each column's finite values (NaN with fewer than two)."""
    out = np.full((2, x.shape[1]), np.nan)
    for j in range(x.shape[1]):
        finite = x[:, j][np.isfinite(x[:, j])]
        if finite.size >= 2:
            out[:, j] = np.percentile(finite, [2.5, 97.5])
    return out


def _spread(x: FloatArray) -> FloatArray:
    """Per column, the sample standard deviation (n - 1) of the finite values; NaN where fewer than two.

    Resamples whose output does not vary give no index (NaN); with fewer than
    two left there is no spread to measure, which is reported as no interval
    rather than computed (numpy would warn about zero degrees of freedom).
    """
    finite = np.isfinite(x)
    count = finite.sum(axis=0)
    mean = np.where(finite, x, 0.0).sum(axis=0) / np.maximum(count, 1)
    squares = (np.where(finite, x - mean, 0.0) ** 2).sum(axis=0)
    return np.where(count >= 2, np.sqrt(squares / np.maximum(count - 1, 1)), np.nan)


def _rows(paths: Sequence[Path], y: FloatArray, resamples: int, seed: int) -> tuple[list[SobolRow], float]:
    first, total, variance = _indices(y)
    k = len(paths)
    if variance > 0:
        first_conf, total_conf, first_ci, total_ci = _bootstrap(y, resamples, seed)
    else:
        first_conf, total_conf, first_ci, total_ci = np.zeros(k), np.zeros(k), np.zeros((2, k)), np.zeros((2, k))
    rows: list[SobolRow] = [{"parameter": format_path(path), "index": float(total[j]), "first": float(first[j]),
                             "index_conf": _clean(total_conf[j]), "first_conf": _clean(first_conf[j]),
                             "index_ci": _interval(total_ci[:, j]), "first_ci": _interval(first_ci[:, j])}
                            for j, path in enumerate(paths)]
    rows.sort(key=lambda r: (-r["index"], -r["first"], r["parameter"]))
    return rows, variance


def _clean(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _interval(x: FloatArray) -> list[float] | None:
    return [float(x[0]), float(x[1])] if np.all(np.isfinite(x)) else None


def _job(scenario: Scenario, max_outcomes: int, max_elements: int) -> _Job:
    model = compile_model(scenario)
    method, _ = route(scenario, model, max_outcomes, max_elements)
    return _Job(model, scenario if method != "vectorised" else None, max_elements, method)


@dataclass(frozen=True)
class Sensitivity:
    """Sobol indices of both outputs and the tornado of the deal gap."""

    scenario: str
    variant: str | None
    runs: int          # N, rows of A and B (runs done when interrupted)
    seed: int
    evaluations: int   # N (k + 2)
    zopa: tuple[SobolRow, ...]
    deal_gap: tuple[SobolRow, ...]
    tornado: tuple[TornadoRow, ...]
    mean_zopa: float | None
    variance_zopa: float
    mean_gap: float | None
    variance_gap: float
    central_gap: float
    interrupted: bool = False
    holds: tuple[str, ...] = ()  # the inputs that are red lines' credibility (``holds`` paths), as reported

    @property
    def headline_output(self) -> str:
        """``"zopa"``, or ``"deal_gap"`` when P(ZOPA)'s indicator never varies (red lines decide every draw)."""
        return "zopa" if self.variance_zopa > 0 else "deal_gap"

    @property
    def credibility(self) -> SobolRow | None:
        """The red line whose credibility matters most: of the ``holds`` inputs (paths
        ``actors.A.preferences.I.holds``), the row with the largest total index of the headline output,
        when it is above 0; None without such an input."""
        rows = [row for row in self.indices() if row["parameter"] in self.holds and row["index"] > 1e-12]
        return rows[0] if rows else None

    def meaningful(self, output: str | None = None) -> tuple[bool, str | None]:
        """Whether the indices of ``output`` (default: :attr:`headline_output`) mean anything, and why not
        (:func:`meaningful`)."""
        output = output or self.headline_output
        if output == "zopa":
            return meaningful("zopa", self.variance_zopa, self.mean_zopa, self.runs)
        return meaningful("deal_gap", self.variance_gap, self.mean_gap, self.runs)

    def indices(self, output: str | None = None) -> tuple[SobolRow, ...]:
        """The Sobol rows of ``output`` (default: :attr:`headline_output`), most important first."""
        output = output or self.headline_output
        if output not in OUTPUTS:
            raise ValueError(f"The 'output' parameter must be one of {', '.join(OUTPUTS)}. Got {output!r} instead.")
        return self.zopa if output == "zopa" else self.deal_gap

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per output and input (the Sobol indices) (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def _meaning(self, output: str) -> dict[str, Any]:
        ok, reason = self.meaningful(output)
        return {"meaningful": ok, "reason": reason}

    def to_json(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "variant": self.variant, "runs": self.runs, "seed": self.seed,
                "evaluations": self.evaluations, "interrupted": self.interrupted,
                "sobol": {"zopa": {"mean": self.mean_zopa, "variance": self.variance_zopa, "indices": list(self.zopa),
                                   **self._meaning("zopa")},
                          "deal_gap": {"mean": self.mean_gap, "variance": self.variance_gap,
                                       "indices": list(self.deal_gap), **self._meaning("deal_gap")}},
                "tornado": {"central_gap": self.central_gap, "rows": list(self.tornado)},
                "credibility": self.credibility}


def sensitivity_runs(runs: int, asked: int | None = None) -> int:
    """Base draws N of the Sobol analysis that goes with a Monte Carlo of ``runs`` draws.

    ``asked`` when given (0: no Sobol analysis); by default ``min(runs,
    SENSITIVITY_RUNS)``, so that the sensitivity work, N (k + 2) evaluations
    for k uncertain parameters, scales with the runs asked for: never more
    than k + 2 times the Monte Carlo itself, and at most 1,024 rows.
    """
    return min(runs, SENSITIVITY_RUNS) if asked is None else asked


def sensitivity(scenario: Scenario, runs: int, seed: int, *, chunk: int = BLOCK, workers: int = 1,
                progress: Progress = None, bootstrap: int = 100, max_outcomes: int = MAX_VECTOR_OUTCOMES,
                max_elements: int = MAX_ELEMENTS) -> Sensitivity:
    """Sobol indices (first-order and total) of P(ZOPA)'s indicator and of the deal gap, plus the tornado.

    ``runs`` is N, the rows of the A and B matrices; the model is evaluated
    N (k + 2) times for k uncertain parameters. ``bootstrap`` resamples give
    the ``*_conf`` half-widths (0 to skip). Same for any ``chunk`` and
    ``workers``; Ctrl-C between chunks keeps the rows done.
    """
    job = _job(scenario, max_outcomes, max_elements)
    paths = [item.path for item in inputs(job.model)]
    parts, done, interrupted = drive(_sobol_task, job, runs, seed, chunk=chunk, workers=workers, progress=progress)
    k = len(paths)
    if parts:
        y = {name: np.concatenate([p[name] for p in parts], axis=1) for name in OUTPUTS}
    else:
        y = {name: np.zeros((k + 2, 0)) for name in OUTPUTS}
    zopa_rows, var_zopa = _rows(paths, y["zopa"], bootstrap, seed) if done else ([], 0.0)
    gap_rows, var_gap = _rows(paths, y["deal_gap"], bootstrap, seed) if done else ([], 0.0)

    def mean(a: FloatArray) -> float | None:
        return float(np.concatenate([a[0], a[1]]).mean()) if done else None

    tornado_rows, central_gap = _tornado(job)
    holds = tuple(format_path(item.path) for item in inputs(job.model) if item.is_holds)
    return Sensitivity(scenario.name, scenario.variant, done, seed, done * (k + 2), tuple(zopa_rows), tuple(gap_rows),
                       tuple(tornado_rows), mean(y["zopa"]), var_zopa, mean(y["deal_gap"]), var_gap, central_gap,
                       interrupted, holds)


def sobol_indices(scenario: Scenario, runs: int, seed: int, *, output: str = "zopa", chunk: int = BLOCK,
                  workers: int = 1, progress: Progress = None, bootstrap: int = 100,
                  max_outcomes: int = MAX_VECTOR_OUTCOMES) -> list[SobolRow]:
    """Sobol indices of one output (``zopa`` or ``deal_gap``), most important first.

    Each row: ``{"parameter": "actors.israel.reservation", "index": total, "first": first-order,
    "index_conf", "first_conf"}``. All indices are 0 when the output does not vary.
    """
    if output not in OUTPUTS:
        raise ValueError(f"The 'output' parameter must be one of {', '.join(OUTPUTS)}. Got {output!r} instead.")
    job = _job(scenario, max_outcomes, MAX_ELEMENTS)
    parts, done, _ = drive(_sobol_task, job, runs, seed, chunk=chunk, workers=workers, progress=progress)
    if not done:
        return []
    y = np.concatenate([p[output] for p in parts], axis=1)
    return _rows([item.path for item in inputs(job.model)], y, bootstrap, seed)[0]


def _tornado(job: _Job) -> tuple[list[TornadoRow], float]:
    model = job.model
    groups = inputs(model)
    k = len(groups)
    lines = {line.path: line for line in model.holds_lines}
    values: dict[Path, FloatArray] = {u.path: np.full(2 * k + 1, central(u.distribution, u.path))
                                      for u in model.uncertain}
    for line in model.holds_lines:  # U = -inf binds whatever holds is (the deterministic reading), +inf never
        values[line.key] = np.full(2 * k + 1, -np.inf)
    ranges, centres = [], []
    for j, item in enumerate(groups):
        if item.path in lines:
            values[lines[item.path].key][1 + 2 * j] = np.inf
            ranges.append((0.0, 1.0))
            centres.append(lines[item.path].holds)
            continue
        u = next(u for u in model.uncertain if u.path == item.path)
        low, high = ends(u.distribution, u.path)
        values[u.path][1 + 2 * j] = low
        values[u.path][2 + 2 * j] = high
        ranges.append((low, high))
        centres.append(central(u.distribution, u.path))
    found = _evaluate(job, values, 2 * k + 1)
    gap, zopa = found["deal_gap"], found["zopa"]
    rows: list[TornadoRow] = []
    for j, item in enumerate(groups):
        g_low, g_high = float(gap[1 + 2 * j]), float(gap[2 + 2 * j])
        rows.append({"parameter": format_path(item.path), "low": ranges[j][0], "high": ranges[j][1],
                     "central": centres[j], "gap_low": g_low, "gap_high": g_high,
                     "swing": abs(g_high - g_low), "zopa_low": bool(zopa[1 + 2 * j]),
                     "zopa_high": bool(zopa[2 + 2 * j])})
    rows.sort(key=lambda r: (-r["swing"], r["parameter"]))
    return rows, float(gap[0])


def tornado(scenario: Scenario, *, max_outcomes: int = MAX_VECTOR_OUTCOMES) -> list[TornadoRow]:
    """One-at-a-time swings of the deal gap, largest first (see the module docstring).

    Each row: ``{"parameter", "low", "high", "central", "gap_low", "gap_high", "swing", "zopa_low",
    "zopa_high"}``. A deal gap of -1 means the red lines leave no outcome.
    """
    return _tornado(_job(scenario, max_outcomes, MAX_ELEMENTS))[0]


__all__ = ["OUTPUTS", "SENSITIVITY_RUNS", "Input", "Sensitivity", "inputs", "SobolRow", "TornadoRow", "sensitivity", "sensitivity_runs",
           "sobol_indices", "tornado"]

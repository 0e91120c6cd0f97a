"""Bayesian opponent model: a posterior over issue weights and value-function shapes, learnt from offers.

The scalable model of K. Hindriks and D. Tykhonov, "Opponent modelling in
automated multi-issue negotiation using Bayesian learning", *Proceedings of
the 7th International Conference on Autonomous Agents and Multiagent Systems
(AAMAS 2008)*, pp. 331-338. Like :class:`~accord.simulation.opponent.FrequencyModel`
it rates outcomes with a linear-additive estimate of the opponent's utility,
evaluated for many outcomes at once (one gather and one matrix product).

Hypotheses. Every issue i (m_i options, indexed 0 … m_i − 1 in the order the
domain lists them) has two independent sets of hypotheses, as in the paper's
scalable variant (it treats issues independently instead of enumerating every
joint utility function):

- its weight: K levels ω_k = k / (K − 1), k = 0 … K − 1 (K =
  ``weight_levels``, default 11), uniform prior;
- its evaluation function, one of the paper's shapes over the option order,
  indexed by the option p where it peaks:

      V_p(x) = x / p                        for x ≤ p,
      V_p(x) = (m_i − 1 − x) / (m_i − 1 − p)  for x ≥ p,

  so p = 0 is *downhill* (the first option is best), p = m_i − 1 is
  *uphill*, and every p in between a *triangular* function peaking at option
  p (an issue with one option is worth 1); m_i hypotheses, uniform prior.

So an issue holds K + m_i hypotheses and the model n·K + Σ_i m_i in all:
linear in the number of issues and bounded by the table's shape (the full
model of the paper, with hypotheses over joint weight rankings, grows as n!).

Concession assumption. The paper assumes the opponent concedes over time:
the utility of its k-th offer (k = 0 for the first) is expected to be

    u'_k = max(0, 1 − c·k),                   c = ``concession`` (default 0.005),

a linear concession from 1 with a small rate (chosen on the development
domain, see docs/simulation.md, "Opponent models"). An offer b is more likely
under hypotheses that predict a utility near u'_k:

    P(b | h) ∝ exp(−(u(b | h) − u'_k)² / (2σ²)),   σ = ``sigma`` (default 0.25).

Predicted utility of an offer under one issue's hypothesis. The other issues
contribute their current expectations (the scalable model's independence
assumption); with w̄_j = Σ_k P(ω_k) ω_k the expected weight and
ē_j(x) = Σ_p P(V_p) V_p(x) the expected value of issue j, and
R_i = Σ_{j≠i} w̄_j ē_j(b_j), Q_i = Σ_{j≠i} w̄_j:

    weight hypothesis ω on issue i:       u = (R_i + ω·ē_i(b_i)) / (Q_i + ω),
    shape hypothesis V_p on issue i:      u = (R_i + w̄_i·V_p(b_i)) / (Q_i + w̄_i).

Dividing by the sum of the weights keeps u in [0, 1] (independent weight
hypotheses need not sum to 1); this normalisation is this implementation's
choice.

Steps, for each offer: (1) compute ē and w̄ from the current posteriors;
(2) score every weight and every shape hypothesis of every issue by the
likelihood above, all issues at once; (3) multiply into the posteriors and
renormalise each issue's two distributions (kept as logarithms, so that no
hypothesis underflows into NaN); (4) k ← k + 1.

Estimate. The expectation over the posterior, normalised:

    û(o) = Σ_i w̄_i · ē_i(o_i) / Σ_i w̄_i    ∈ [0, 1].

Before any offer the estimate is the prior's: equal weights and the mean of
the shapes, which favours middle options a little. As with the frequency
model, treat û as an ordinal estimate (it knows nothing of reservation values
or red lines); docs/simulation.md reports Kendall's τ of its ranking on corpus
domains. The shapes follow the option order, which is meaningful for ordered
issues (prices, quantities, dates) and arbitrary for nominal ones, where only
the peak hypotheses can say which option is preferred.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import SimulationError
from .table import Table


class BayesianModel:
    """Bayesian model of one opponent's preferences (Hindriks & Tykhonov, AAMAS 2008; see the module docstring).

    ``table_or_issue_sizes`` is a :class:`Table` (its issues' option counts
    are used) or the number of options of each issue. ``weight_levels`` is
    the number K of weight hypotheses per issue (levels 0, 1/(K−1), …, 1);
    ``concession`` the rate c of the assumed linear concession
    u'_k = max(0, 1 − c·k); ``sigma`` the standard deviation of the
    likelihood around it.
    """

    def __init__(self, table_or_issue_sizes: Table | Sequence[int], *, weight_levels: int = 11,
                 concession: float = 0.005, sigma: float = 0.25) -> None:
        sizes = table_or_issue_sizes.shape if isinstance(table_or_issue_sizes, Table) else tuple(table_or_issue_sizes)
        if not sizes or any(int(s) != s or s < 1 for s in sizes):
            raise SimulationError(f"a Bayesian model needs at least one issue, each with at least one option; got sizes {sizes!r}")
        if isinstance(weight_levels, bool) or not isinstance(weight_levels, (int, np.integer)) or weight_levels < 2:
            raise SimulationError(f"The 'weight_levels' parameter must be an int >= 2. Got {weight_levels!r} instead.")
        if not 0 <= concession <= 1:
            raise SimulationError(f"The 'concession' parameter must be a float in [0, 1]. Got {concession!r} instead.")
        if not sigma > 0:
            raise SimulationError(f"The 'sigma' parameter must be a float > 0. Got {sigma!r} instead.")
        self.sizes: tuple[int, ...] = tuple(int(s) for s in sizes)
        self.concession = float(concession)
        self.sigma = float(sigma)
        n, widest = len(self.sizes), max(self.sizes)
        self._issues = np.arange(n)
        self.weight_levels: npt.NDArray[np.float64] = np.linspace(0.0, 1.0, int(weight_levels))
        # shape hypotheses: _shapes[i, p, x] = V_p(x) on issue i; rows and columns past an issue's size are padding
        m = np.array(self.sizes, dtype=np.float64)[:, None, None]
        p = np.arange(widest, dtype=np.float64)[None, :, None]
        x = np.arange(widest, dtype=np.float64)[None, None, :]
        rising = np.where(p > 0, x / np.maximum(p, 1.0), 1.0)
        falling = np.where(p < m - 1, (m - 1 - x) / np.maximum(m - 1 - p, 1.0), 1.0)
        valid = (p < m) & (x < m)
        self._shapes: npt.NDArray[np.float64] = np.where(valid, np.where(x <= p, rising, falling), 0.0)
        self._shape_prior: npt.NDArray[np.float64] = np.where(
            np.arange(widest)[None, :] < np.array(self.sizes)[:, None], -np.log(m[:, :, 0]), -np.inf)
        self._log_weights: npt.NDArray[np.float64] = np.empty((n, self.weight_levels.size))
        self._log_shapes: npt.NDArray[np.float64] = np.empty((n, widest))
        self.offers = 0
        self.reset()

    def reset(self) -> None:
        """Forget every offer seen: back to the uniform priors."""
        self._log_weights[:] = -np.log(self.weight_levels.size)
        self._log_shapes[:] = self._shape_prior
        self.offers = 0

    @property
    def weight_probabilities(self) -> npt.NDArray[np.float64]:
        """(n_issues, K) posterior probability of each weight level on each issue."""
        result: npt.NDArray[np.float64] = np.exp(self._log_weights)
        return result

    @property
    def shape_probabilities(self) -> npt.NDArray[np.float64]:
        """(n_issues, max options) posterior probability that issue i's value function peaks at option p.

        Column 0 is the downhill shape, column m_i − 1 the uphill one; columns past an issue's size are 0.
        """
        result: npt.NDArray[np.float64] = np.exp(self._log_shapes)
        return result

    def expected_weights(self) -> npt.NDArray[np.float64]:
        """(n_issues,) posterior mean weight w̄_i of each issue (not normalised)."""
        result: npt.NDArray[np.float64] = self.weight_probabilities @ self.weight_levels
        return result

    @property
    def weights(self) -> npt.NDArray[np.float64]:
        """(n_issues,) estimated issue weights w̄_i / Σ_j w̄_j, summing to 1."""
        mean = self.expected_weights()
        if not mean.sum() > 0:  # every issue's posterior sits on the zero level: nothing to tell them apart
            return np.full(len(self.sizes), 1.0 / len(self.sizes))
        result: npt.NDArray[np.float64] = mean / mean.sum()
        return result

    def value_table(self) -> npt.NDArray[np.float64]:
        """(n_issues, max options) array of ē_i(x) = Σ_p P(V_p) V_p(x); entries past an issue's size are padding."""
        result: npt.NDArray[np.float64] = np.einsum("ip,ipx->ix", self.shape_probabilities, self._shapes)
        return result

    def expected_utility_of_next(self) -> float:
        """u'_k for the next offer: the utility the concession assumption expects of it."""
        return max(0.0, 1.0 - self.concession * self.offers)

    def update(self, offer_option_indices: Sequence[int] | npt.NDArray[np.integer[Any]]) -> None:
        """Learn from the opponent's next offer, given as its option index on each issue."""
        offer = np.asarray(offer_option_indices, dtype=np.intp)
        if offer.shape != (len(self.sizes),) or (offer < 0).any() or (offer >= np.array(self.sizes)).any():
            raise SimulationError(f"an offer must give one option index per issue within sizes {self.sizes}; "
                                  f"got {offer_option_indices!r}")
        shape_p = self.shape_probabilities
        values = self._shapes[self._issues, :, offer]  # (n, shapes): V_p(b_i) for every hypothesis p of issue i
        mean_value = (shape_p * values).sum(axis=1)  # ē_i(b_i)
        mean_weight = self.expected_weights()  # w̄_i
        rest = float(mean_weight @ mean_value) - mean_weight * mean_value  # R_i
        rest_weight = float(mean_weight.sum()) - mean_weight  # Q_i
        levels = self.weight_levels[None, :]
        denominator = rest_weight[:, None] + levels
        u_weight = np.where(denominator > 0,
                            (rest[:, None] + levels * mean_value[:, None]) / np.where(denominator > 0, denominator, 1.0),
                            mean_value[:, None])
        total = float(mean_weight.sum())
        u_shape = (rest[:, None] + mean_weight[:, None] * values) / total if total > 0 else values
        target = self.expected_utility_of_next()
        scale = 2.0 * self.sigma**2
        self._log_weights = _normalise(self._log_weights - (u_weight - target) ** 2 / scale)
        self._log_shapes = _normalise(self._log_shapes - (u_shape - target) ** 2 / scale)
        self.offers += 1

    def utilities(self, option_rows: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.float64]:
        """Estimated utility of each outcome; ``option_rows`` is (N, n_issues) option indices (e.g. ``table.digits``)."""
        rows = np.asarray(option_rows)
        if rows.ndim != 2 or rows.shape[1] != len(self.sizes):
            raise SimulationError(f"option rows must be an (N, {len(self.sizes)}) array of option indices; "
                                  f"got shape {rows.shape}")
        gathered = self.value_table()[self._issues, rows]  # (N, n_issues)
        result: npt.NDArray[np.float64] = gathered @ self.weights
        return result


def _normalise(log_p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Renormalise each row of log-probabilities (−inf entries, padding, stay −inf)."""
    top = log_p.max(axis=1, keepdims=True)
    result: npt.NDArray[np.float64] = log_p - (top + np.log(np.exp(log_p - top).sum(axis=1, keepdims=True)))
    return result

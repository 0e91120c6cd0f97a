"""KTAB's model parameters and the scalar rules they select: votes, victory probabilities, PCE, risk.

Every rule follows KTAB's ``KBase::Model`` (``KTAB/kmodel/libsrc/kmodel.cpp``,
Wise, Lester & Efird, "An Introduction to the KAPSARC Toolkit for Behavioral
Analysis (KTAB)", 2015) and works elementwise on numpy arrays:

* votes, ``Model::vote``: actor k with weight w_k and utilities u_a, u_b for
  options a, b casts v_k(a:b) = w_k f(u_a - u_b), with f by the voting rule:
  ``Binary`` clip(d / 1e-8, -1, 1); ``PropBin`` 0.8 d + 0.2 binary;
  ``Prop`` d; ``PropCbc`` (d + d^3) / 2; ``Cubic`` d^3; ``ASymProsp``
  d when d < 0, 2d/3 when d > 0;
* coalition strengths, ``Model::coalitions``: C(a, b) = 1e-8 + the sum of the
  positive votes for a over b (C(a, a) = 1e-8);
* victory probabilities, ``Model::vProb``: V(a, b) = x_a / (x_a + x_b) with
  x = C (``Linear``), C^2 (``Square``), C^4 (``Quartic``), C^8 (``Octic``), or
  ``Binary``: certain once one side is 10% stronger, linear between;
* the probability of each option, ``Model::probCE2``: ``Conditional``
  P(a) proportional to prod_b V(a, b); ``MarkovUniform`` and
  ``MarkovIncentive`` the limits of KTAB's two challenge chains, iterated as
  KTAB iterates them (half steps, to the same tolerances);
* risk attitudes, ``Model::bigRfromProb``: from the options' probabilities,
  R_i = (3 p_i - (p_max + 2 p_min)) / (2 (p_max - p_min)) (``Mid``, R in
  [-1/2, 1]), (p_i - p_min) / (p_max - p_min) (``Min``), (2 p_i - p_max -
  p_min) / (p_max - p_min) (``Max``); all actors equally likely: R = 0;
* h's estimate of i's risk attitude, ``Model::estNRA``: ``None`` r_h,
  ``OneThird`` (2 r_h + r_i)/3, ``Half``, ``TwoThirds`` (r_h + 2 r_i)/3,
  ``Full`` r_i.

>>> import numpy as np
>>> float(vote("PropCbc", 2.0, np.float64(0.5), np.float64(0.0)))
0.625
>>> conditional_pce(victory(np.array([[1e-8, 3.0], [1.0, 1e-8]]), "Linear")).round(3).tolist()
[0.75, 0.25]
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from ..errors import ForecastError
from ..inputs import FloatArray

CHOICES: dict[str, tuple[str, ...]] = {
    "VictoryProbModel": ("Linear", "Square", "Quartic", "Octic", "Binary"),
    "VotingRule": ("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"),
    "PCEModel": ("Conditional", "MarkovIncentive", "MarkovUniform"),
    "StateTransitions": ("Deterministic", "Stochastic"),
    "BigRRange": ("Min", "Mid", "Max"),
    "BigRAdjust": ("None", "OneThird", "Half", "TwoThirds", "Full"),
    "ThirdPartyCommit": ("NoCommit", "SemiCommit", "FullCommit"),
    "InterVecBrgn": ("S1P1", "S2P2", "S2PMax"),
    "BargnModel": ("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"),
}
"""KTAB's parameter names (as in its XML ``ModelParameters`` and logs) and their values."""

MIN_COALITION = 1e-8   # Model::coalitions
MIN_CHALLENGE = 1e-10  # SMPState::probEduChlg, Actor::vProbLittle callers


@dataclass(frozen=True)
class SMPParameters:
    """The nine model parameters of a KTAB SMP run, named as KTAB names them.

    Defaults are those of KTAB's CSV reference runs (and of ``SMPModel``):
    Linear victory, proportional votes, conditional PCE, deterministic state
    transitions, Mid risk range, one-third risk adjustment, semi-committed
    third parties, S2P2 interpolation, initiator-only bargains.

    >>> SMPParameters().VotingRule, SMPParameters.of({"VotingRule": "PropCbc"}).VotingRule
    ('Prop', 'PropCbc')
    """

    VictoryProbModel: str = "Linear"
    VotingRule: str = "Prop"
    PCEModel: str = "Conditional"
    StateTransitions: str = "Deterministic"
    BigRRange: str = "Mid"
    BigRAdjust: str = "OneThird"
    ThirdPartyCommit: str = "SemiCommit"
    InterVecBrgn: str = "S2P2"
    BargnModel: str = "InitOnlyInterp"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in CHOICES[f.name]:
                raise ForecastError(f.name, f"must be one of {', '.join(CHOICES[f.name])}", value)

    @classmethod
    def of(cls, values: dict[str, Any] | None = None) -> SMPParameters:
        """The defaults with ``values`` (KTAB names) replaced; unknown names are refused."""
        values = dict(values or {})
        unknown = sorted(set(values) - set(CHOICES))
        if unknown:
            raise ForecastError("parameters", f"must be among {', '.join(CHOICES)}", unknown[0])
        return replace(cls(), **values)

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def vote(rule: str, weight: FloatArray | float, u_a: FloatArray, u_b: FloatArray) -> FloatArray:
    """``Model::vote``: the weighted vote of an actor for option a over b (negative: for b)."""
    d = np.asarray(u_a - u_b, dtype=float)
    if rule == "Prop":
        f = d
    elif rule == "PropCbc":
        f = 0.5 * d + 0.5 * d ** 3
    elif rule == "Cubic":
        f = d ** 3
    elif rule == "Binary":
        f = np.clip(d / 1e-8, -1.0, 1.0)
    elif rule == "PropBin":
        f = 0.8 * d + 0.2 * np.clip(d / 1e-8, -1.0, 1.0)
    else:  # ASymProsp
        f = np.where(d < 0, d, np.where(d > 0, 2.0 * d / 3.0, 0.0))
    return np.asarray(weight * f, dtype=float)


def coalitions(weights: FloatArray, utilities: FloatArray, rule: str) -> FloatArray:
    """``Model::coalitions`` for actors' ``utilities`` [actor, option]: C[a, b] = 1e-8 + sum_k max(v_k(a:b), 0)."""
    v = vote(rule, weights[:, None, None], utilities[:, :, None], utilities[:, None, :])
    c = MIN_COALITION + np.where(v > 0, v, 0.0).sum(axis=0)
    np.fill_diagonal(c, MIN_COALITION)
    return np.asarray(c, dtype=float)


def victory(c: FloatArray, model: str) -> FloatArray:
    """``Model::vProb``: V[a, b] = P[a beats b] from the coalition strengths; V[a, a] = 1/2."""
    ct = c.T
    if model == "Binary":
        r = c / (c + ct)
        x = np.where(c >= 1.1 * ct, 1.0, np.where(ct >= 1.1 * c, 1e-6, (r * 2.1 - 1.0) / 0.1))
        xt = np.where(c >= 1.1 * ct, 1e-6, np.where(ct >= 1.1 * c, 1.0, 1.0 - (r * 2.1 - 1.0) / 0.1))
    else:
        power = {"Linear": 1, "Square": 2, "Quartic": 4, "Octic": 8}[model]
        x, xt = c ** power, ct ** power
    v = x / (x + xt)
    np.fill_diagonal(v, 0.5)
    return np.asarray(v, dtype=float)


def conditional_pce(v: FloatArray) -> FloatArray:
    """``Model::condPCE``: P(a) proportional to prod_b V[a, b] (the chance a beats every alternative)."""
    p = np.prod(v, axis=1)
    return np.asarray(p / p.sum(), dtype=float)


def markov_uniform_pce(v: FloatArray) -> FloatArray:
    """``Model::markovUniformPCE``: q_a = (1/M) sum_b V[a, b] (p_a + p_b), p <- (p + q)/2 until max |q - p| <= 1e-6."""
    m = v.shape[0]
    p = np.full(m, 1.0 / m)
    for _ in range(100_000):
        q = (v * (p[:, None] + p[None, :])).sum(axis=1) / m
        change = float(np.max(np.abs(q - p)))
        p = (p + q) / 2.0
        if change <= 1e-6:
            break
    return p


def markov_incentive_pce(c: FloatArray, v: FloatArray) -> FloatArray:
    """``Model::markovIncentivePCE``: challenges in proportion to incentive n[a -> b] = C[a, b] V[a, b].

    chal[a, b] = n[a, b] / sum_k n[k, b] (n[b, b] gains 1e-10); with
    t[a, b] = p_a chal[b, a], q_a = sum_b V[a, b] (t[a, b] + t[b, a]);
    p <- (p + q)/2 until max |q - p| <= 1e-8 (Wise, "Markov Voting with
    Incentives in KTAB").
    """
    m = c.shape[0]
    incentive = c * v + np.eye(m) * MIN_CHALLENGE
    chal = incentive / incentive.sum(axis=0, keepdims=True)
    p = np.full(m, 1.0 / m)
    for _ in range(100_000):
        t = p[:, None] * chal.T
        q = (v * (t + t.T)).sum(axis=1)
        change = float(np.max(np.abs(q - p)))
        p = (p + q) / 2.0
        if change <= 1e-8:
            break
    return p


def pce(weights: FloatArray, utilities: FloatArray, params: SMPParameters) -> FloatArray:
    """``Model::scalarPCE``: each option's (column's) probability of winning, from actors' weights and utilities."""
    c = coalitions(weights, utilities, params.VotingRule)
    v = victory(c, params.VictoryProbModel)
    if params.PCEModel == "Conditional":
        return conditional_pce(v)
    if params.PCEModel == "MarkovUniform":
        return markov_uniform_pce(v)
    return markov_incentive_pce(c, v)


def risk_from_probability(p: FloatArray, rule: str) -> FloatArray:
    """``Model::bigRfromProb``: risk attitudes from the actors' positions' probabilities (see the module)."""
    lo, hi = float(p.min()), float(p.max())
    if hi - lo <= 0.0:  # every position equally likely: KTAB would divide 0 by 0; risk neutral
        return np.zeros_like(p)
    if rule == "Min":
        return np.asarray((p - lo) / (hi - lo), dtype=float)
    if rule == "Max":
        return np.asarray((2 * p - (hi + lo)) / (hi - lo), dtype=float)
    return np.asarray((3 * p - (hi + 2 * lo)) / (2 * (hi - lo)), dtype=float)


def estimated_risk(r: FloatArray, rule: str) -> FloatArray:
    """``Model::estNRA``: R[h, i], h's estimate of i's risk attitude."""
    rh, ri = r[:, None], r[None, :]
    out = {"None": rh + 0 * ri, "OneThird": (2.0 * rh + ri) / 3.0, "Half": (rh + ri) / 2,
           "TwoThirds": (rh + 2.0 * ri) / 3.0, "Full": 0 * rh + ri}[rule]
    return np.asarray(out, dtype=float)


def utility(distance: FloatArray, risk: FloatArray) -> FloatArray:
    """``SMPModel::bsUtil``: u = (1 - d)(1 + d R) for a salience-weighted distance d <= 1, (1 - d)(1 + R) beyond."""
    return np.asarray(np.where(distance <= 1, (1 - distance) * (1 + distance * risk), (1 - distance) * (1 + risk)),
                      dtype=float)


__all__ = ["CHOICES", "SMPParameters", "coalitions", "conditional_pce", "estimated_risk", "markov_incentive_pce",
           "markov_uniform_pce", "pce", "risk_from_probability", "utility", "victory", "vote"]

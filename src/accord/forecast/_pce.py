"""Probabilistic Condorcet election (PCE), after KAPSARC's KTAB toolkit.

KTAB (the KAPSARC Toolkit for Behavioral Analysis, Wise, Efird et al.;
open source, MIT) forecasts by letting the actors' positions compete as
options in pairwise contests whose outcome is uncertain: the more support an
option has over another, the likelier it wins, but a weaker coalition can
still win. The steps, as in KTAB's ``Model::scalarPCE``:

1. Options are the distinct actor positions.
2. Utilities are linear on the normalised scale: u_k(x) = 1 - |x - x_k| / W.
3. Votes follow the proportional rule: actor k backs option a over b with
   v_k(a:b) = c_k s_k (u_k(a) - u_k(b)).
4. Coalition strengths: C(a, b) = sum of the positive votes for a over b.
5. Victory probabilities V(a, b) = P[a beats b] from the two strengths by the
   victory model (:func:`victory_probability`); V(a, a) = 1/2.
6. A probability for each option from V, by one of three processes
   (``chain``):

   * ``"markov_incentive"`` (default; KTAB's ``MarkovIPCM``, B. P. Wise,
     "Markov Voting with Incentives in KTAB"): the current favourite b is
     challenged by a with probability proportional to the influence behind
     the challenge, C(a, b) V(a, b); the challenger replaces b if it wins.
     The favourite's distribution evolves as
     P'(a) = sum_b V(a, b) (P(a) chal(b | a) + P(b) chal(a | b)), started from
     the uniform distribution and iterated to its limit (KTAB averages each
     step with the previous estimate; the limit is the same). A favourite
     nobody wants to challenge keeps its place.
   * ``"markov_uniform"`` (``MarkovUPCM``): every option is an equally likely
     challenger, P'(a) = (1/M) sum_b V(a, b) (P(a) + P(b)).
   * ``"conditional"`` (``ConditionalPCM``): the probability that a beats all
     alternatives, P(a) proportional to prod_b V(a, b), renormalised.

7. The forecast is the expected position under that distribution.

Both Markov updates are linear in P with a column-stochastic matrix T; the
limit from the uniform start is computed exactly by squaring the lazy matrix
(I + T) / 2 until it stops changing, instead of stepping one round at a time.

Differences from KTAB: its ``binary`` model interpolates linearly when the
strengths are within 10% of each other; here ``binary`` is the strict
majority rule (1 if a > b, 0.5 on a tie), as in a formal vote. KTAB adds
1e-8 to every coalition and 1e-10 to self-challenges to avoid 0/0; here
those cases are handled explicitly (equal zero strengths give 1/2; an
unchallenged favourite stays).
"""

from __future__ import annotations

from typing import overload

import numpy as np
import numpy.typing as npt

from ._pairwise import support
from .errors import ForecastError
from .inputs import FloatArray, Positions, keyword, normalised, require_weight

VICTORY_MODELS = ("linear", "square", "quartic", "octic", "binary")
CHAINS = ("markov_incentive", "markov_uniform", "conditional")
_EXPONENT = {"linear": 1, "square": 2, "quartic": 4, "octic": 8}
SAME = 1e-12
TIE = 1e-12


def _strengths(name: str, value: npt.ArrayLike) -> FloatArray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ForecastError(name, "must be a number or an array of numbers", value) from None
    if not np.all(np.isfinite(arr)):
        raise ForecastError(name, "must be finite", value)
    if np.any(arr < 0):
        raise ForecastError(name, "must be >= 0", value)
    return arr


@overload
def victory_probability(strength_a: float, strength_b: float, model: str = "linear") -> float: ...
@overload
def victory_probability(strength_a: npt.ArrayLike, strength_b: npt.ArrayLike,
                        model: str = "linear") -> float | FloatArray: ...
def victory_probability(strength_a: npt.ArrayLike, strength_b: npt.ArrayLike,
                        model: str = "linear") -> float | FloatArray:
    """Probability that a coalition of strength ``a`` defeats one of strength ``b``.

    ``linear`` a/(a+b), ``square`` a^2/(a^2+b^2), ``quartic`` a^4/(a^4+b^4),
    ``octic`` a^8/(a^8+b^8), ``binary`` 1 if a > b, 0 if a < b. Equal strengths
    (including 0 and 0) give 1/2; for ``binary``, strengths within a relative
    1e-12 of each other count as equal, so rounding cannot decide a contest.
    Scalars give a float; arrays broadcast.

    >>> [round(victory_probability(2, 1, m), 4) for m in ("linear", "square", "quartic", "octic", "binary")]
    [0.6667, 0.8, 0.9412, 0.9961, 1.0]
    """
    keyword("model", model, VICTORY_MODELS)
    a = _strengths("strength_a", strength_a)
    b = _strengths("strength_b", strength_b)
    if model == "binary":
        tie = np.abs(a - b) <= TIE * np.maximum(a, b)
        p = np.where(tie, 0.5, np.where(a > b, 1.0, 0.0))
    else:
        big = np.maximum(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(big > 0, np.minimum(a, b) / np.where(big > 0, big, 1.0), 1.0)
        r = ratio ** _EXPONENT[model]
        p = np.where(a >= b, 1.0 / (1.0 + r), r / (1.0 + r))
    return float(p) if p.ndim == 0 else p


def _limit_from_uniform(t: FloatArray) -> FloatArray:
    """lim_k ((I + T) / 2)^k applied to the uniform distribution (T column-stochastic)."""
    m = t.shape[0]
    lazy = (np.eye(m) + t) / 2
    for _ in range(64):  # 2^64 steps of the chain at most
        nxt = lazy @ lazy
        nxt /= nxt.sum(axis=0, keepdims=True)  # keep columns stochastic despite rounding
        done = np.max(np.abs(nxt - lazy)) < 1e-14
        lazy = nxt
        if done:
            break
    p: FloatArray = lazy @ np.full(m, 1.0 / m)
    p = np.maximum(p, 0.0)
    out: FloatArray = p / p.sum()
    return out


def _options(z: FloatArray) -> FloatArray:
    zs = np.sort(z)
    keep = np.concatenate(([True], np.diff(zs) > SAME))
    return zs[keep]


def pce_distribution(p: Positions, *, model: str = "linear",
                     chain: str = "markov_incentive") -> tuple[FloatArray, FloatArray]:
    """The options (distinct positions, ascending) and each one's probability of prevailing.

    >>> from accord.forecast import Positions
    >>> two = Positions(actors=("a", "b"), position=[0, 10], salience=[1, 1], capability=[1, 3])
    >>> options, prob = pce_distribution(two, chain="markov_uniform")
    >>> options.tolist(), prob.round(3).tolist()
    ([0.0, 10.0], [0.25, 0.75])
    """
    w = require_weight(p)
    keyword("model", model, VICTORY_MODELS)
    keyword("chain", chain, CHAINS)
    if p.width == 0:
        return np.array([p.low]), np.array([1.0])
    opts = _options(normalised(p))
    m = opts.size
    strength = support(normalised(p), w, opts)  # C[a, b], proportional votes on linear utilities
    v = np.asarray(victory_probability(strength, strength.T, model))  # m x m, never the scalar case
    np.fill_diagonal(v, 0.5)
    if m == 1:
        prob = np.array([1.0])
    elif chain == "conditional":
        with np.errstate(divide="ignore"):
            logs = np.log(v).sum(axis=1)
        if np.isneginf(logs).all():  # no option can beat all others with positive probability
            prob = np.full(m, 1.0 / m)
        else:
            prob = np.exp(logs - logs.max())
            prob /= prob.sum()
    elif chain == "markov_uniform":
        prob = _limit_from_uniform((np.diag(v.sum(axis=1)) + v) / m)
    else:
        incentive = strength * v
        np.fill_diagonal(incentive, 0.0)
        column = incentive.sum(axis=0)
        challenge = np.divide(incentive, column[None, :], out=np.zeros_like(incentive), where=column[None, :] > 0)
        challenge[np.diag_indices(m)] = np.where(column > 0, 0.0, 1.0)  # unchallenged favourite stays
        t = v * challenge  # T[a, b] = V(a, b) chal(a | b): a challenges b and wins
        np.fill_diagonal(t, 0.0)
        t[np.diag_indices(m)] = (v * challenge.T).sum(axis=1) - np.diag(v) * np.diag(challenge) \
            + np.diag(challenge)
        prob = _limit_from_uniform(t)
    return p.low + opts * p.width, prob


def pce(p: Positions, *, model: str = "linear", chain: str = "markov_incentive") -> float:
    """Expected position under the probabilistic Condorcet election (see module docs).

    >>> from accord.forecast import Positions
    >>> two = Positions(actors=("a", "b"), position=[0, 10], salience=[1, 1], capability=[1, 3])
    >>> round(pce(two, chain="markov_uniform"), 6)
    7.5
    """
    options, prob = pce_distribution(p, model=model, chain=chain)
    value = float(np.dot(prob, options))
    return float(min(max(value, options[0]), options[-1]))

"""Bueno de Mesquita's expected-utility ("challenge") model.

The model of Bueno de Mesquita (1994, "Political forecasting: an expected
utility method", in Bueno de Mesquita & Stokman (eds), *European Community
Decision Making*, Yale UP, ch. 4), as reconstructed by Scholz, Calbert &
Smith (2011), "Unravelling Bueno De Mesquita's group decision model",
*Journal of Theoretical Politics* 23(4): 510-531 (and ICAART 2011). Each
round, every actor weighs challenging every other actor's position; the
challenges it faces are offers, and it accepts one of them (step 8).

Steps of one round (positions z as fractions of the scale width W; Scholz et
al.'s appendix numbering in brackets):

1. [3] The median mu: the Condorcet winner of pairwise votes
   v^{jk} = sum_i c_i s_i (|x_i - x_k| - |x_i - x_j|) / W among the current
   positions, i.e. the weighted median (:mod:`.median`, same tie rule).
2. [4] Basic utilities of i towards j at distance d = |x_i - x_j| / W, with
   i's risk exponent r_i:
   success U_s = 2 - 4 (0.5 - 0.5 d)^r, failure U_f = 2 - 4 (0.5 + 0.5 d)^r,
   status quo U_sq = 2 - 4 (0.5)^r, better / worse
   U_b, U_w = 2 - 4 (0.5 -/+ 0.25 (|x_i - mu| + |x_i - x_j|) / W)^r.
3. [5] Probability that i prevails over j, from the votes of all actors
   (third parties included): P^i = sum_{k supports i} c_k s_k
   (|x_k - x_j| - |x_k - x_i|) over a normalising sum of |votes| (see
   ``probability`` below).
4. [7] Expected utility of i challenging j:
   E^i(U_ij) = s_j (P^i U_s + (1 - P^i) U_f) + (1 - s_j) U_s
               - Q U_sq - (1 - Q) (T U_b + (1 - T) U_w),
   where s_j is the probability that j resists, Q the probability that,
   unchallenged, the status quo persists, and T = 1 when the median is
   nearer i than j is (j's drift to the median would then help i).
5. [8-9] Risk: first with r_i = 1 for all, each actor's security level
   S_i = sum_j E^j(U_ji) (what its adversaries expect from challenging it);
   R_i = (2 S_i - S_max - S_min) / (S_max - S_min) in [-1, 1] and
   r_i = (1 - R_i/3) / (1 + R_i/3) in [1/2, 2]. (R_i = 0, r_i = 1 for all when
   every security level is equal.)
6. [10] Steps 2-4 again with these r_i. Each actor i judges each dyad from
   its own perspective: both E^i(U_ij) and E^j(U_ji) are computed with r_i.
7. [11] Classification of the dyad by (a, b) = (E^i(U_ij), E^j(U_ji)) as
   seen by i, and the offer i receives from j:

   * confrontation, j stronger: a > 0 and b > a -> i moves to x_j;
   * compromise: a < 0 < b and b > |a| -> i moves part way,
     x_i + (x_j - x_i) |a / b|;
   * capitulation: a < 0 < b and |a| >= b -> i moves to x_j;
   * status quo (both negative) or i the stronger side: no offer to i (in the
     latter case j is the one that moves, when j evaluates the dyad).

   Comparisons use a tolerance of 1e-9 on these utilities (values in [-4, 4]).
8. Each actor accepts one of the offers it received (``offers``); all
   actors move simultaneously.

   * ``"scholz"`` (default), the rule of Scholz et al.'s own code (as the
     port github.com/jmckib/bdm-scholz-expected-utility-model states and
     reproduces): a confrontation it loses if there is one, the one that
     moves it least; else a compromise, ranked by the expected-utility
     weighted midpoint m_ij = (|a| x_i + |b| x_j) / (|a| + |b|), lowest on the
     scale first (the actor still moves to the compromise point of step 7,
     not to m_ij); else a capitulation, the one that moves it least. With it
     rounds 1-8 of the emission-standards case are within 0.28 of Scholz et
     al.'s Table 2. Ranking by "lowest on the scale" depends on the scale's
     direction: reversing the scale can change which compromise is taken.
   * ``"least"``: the offer that moves it least, whatever its kind (the rule
     as Scholz et al. and Bueno de Mesquita state it); mirror-symmetric.

   Ties (within 1e-12 of W on distances and midpoints) go to the offer
   backed by the larger E^j(U_ji), and remaining exact ties to the mean of
   the tied targets.

The run stops when the median has stabilised for good: a round that moves
no position (hence not the median) by more than ``tolerance`` x W (default
1e-9; ``None`` never stops early). Otherwise it runs ``rounds`` rounds and the
forecast is the median after the last one; ``converged`` tells which. A
median that merely stays put for a while is not enough: in Scholz et al.'s
replication it sits at 9.9 for four rounds before dropping to 7.4, and on
random inputs plateaus of 60 rounds followed by a change occur. With a much
looser tolerance (1e-6) runs can stop while slow moves still build up to a
jump.

Choices where the published description is ambiguous (see
docs/forecasting.md for the replication of Scholz et al.'s Table 2):

* ``q`` (Q) defaults to 1.0, Scholz et al.'s choice for the emission
  standards replication ("No value for Q was given. We chose Q=1.0").
* ``probability="pooled"`` (default) divides each dyad's supporting votes by
  the sum of |votes| over all ordered pairs of actors, the normalisation of
  the port github.com/jmckib/bdm-scholz-expected-utility-model, whose
  comments say it follows Scholz et al.'s own code; with it the first-round
  median of the emission-standards case is 8.43 against the published 8.4.
  ``"pairwise"`` divides by the |votes| of that dyad only (eq. 31 as printed;
  then P^i + P^j = 1), which leaves that median at 7.0.
* The scale width W is the issue's scale (``high - low``), fixed over the
  run; Scholz et al. use x_max - x_min, which is the same on the default
  scale at the start. Positions never leave the scale (every move is towards
  another actor).
* Two actors at the same position (within 1e-12 of W) have nothing to gain
  from challenging each other: their expected utilities are set to 0.

Cost per round: O(n^2 log n) time and O(n^2) memory (the third-party vote
sums use prefix sums instead of the n^3 tensor).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ._compromise import weighted_mean
from ._pairwise import support
from .errors import ForecastError
from .inputs import FloatArray, Positions, keyword, normalised, require_weight
from .median import weighted_median_of

PROBABILITIES = ("pooled", "pairwise")
OFFERS = ("scholz", "least")
SAME = 1e-12
EU_TOL = 1e-9


@dataclass(frozen=True, eq=False)
class ChallengeResult:
    """Outcome of :func:`challenge`.

    ``position`` is the median after the last round; ``rounds`` lists the
    median and weighted mean per round (entry 0 is the initial positions);
    ``positions`` is the (rounds + 1) x actors trace; ``converged`` tells
    whether the run stopped because nothing moved any more.
    """

    position: float
    rounds: list[dict[str, float]]
    positions: FloatArray
    converged: bool
    actors: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "rounds": [dict(r) for r in self.rounds], "converged": self.converged}


def win_probabilities(z: FloatArray, w: FloatArray, probability: str) -> FloatArray:
    """P[i, j]: probability that i prevails when it challenges j (step 3)."""
    n = support(z, w, z)  # n[i, j] = sum_k w_k max(|z_k - z_j| - |z_k - z_i|, 0)
    if probability == "pooled":
        total = 2.0 * n.sum()  # sum over ordered pairs (i, j) of sum_k w_k |vote_k(i:j)|
        return n / total if total > 0 else np.zeros_like(n)
    both = n + n.T
    p: FloatArray = np.divide(n, both, out=np.zeros_like(n), where=both > 0)
    return p


def _expected(dist: FloatArray, prob: FloatArray, s_resp: FloatArray, r: float | FloatArray, q: float,
              dm: FloatArray) -> FloatArray:
    """E(U) of challenging, all arrays broadcast to n x n (step 4)."""
    us = 2 - 4 * (0.5 - 0.5 * dist) ** r
    uf = 2 - 4 * (0.5 + 0.5 * dist) ** r
    usq = 2 - 4 * 0.5 ** r
    e = s_resp * (prob * us + (1 - prob) * uf) + (1 - s_resp) * us - q * usq
    if q < 1:
        spread = 0.25 * (dm + dist)
        ub = 2 - 4 * np.maximum(0.5 - spread, 0.0) ** r
        uw = 2 - 4 * (0.5 + spread) ** r
        e = e - (1 - q) * np.where(dm < dist, ub, uw)
    return e


def risk_exponents(security: FloatArray) -> FloatArray:
    """r_i = (1 - R_i/3) / (1 + R_i/3) with R_i scaled from the security levels (step 5)."""
    hi, lo = security.max(), security.min()
    if hi - lo <= 1e-12 * max(1.0, float(np.abs(security).max())):
        big_r = np.zeros_like(security)
    else:
        big_r = (2 * security - hi - lo) / (hi - lo)
    return (1 - big_r / 3) / (1 + big_r / 3)


def _round(z: FloatArray, w: FloatArray, s: FloatArray, q: float, probability: str,
           offers: str = "scholz") -> FloatArray:
    """One round of the model on normalised positions; returns the new positions."""
    mu = weighted_median_of(z, w)
    dist = np.abs(z[:, None] - z[None, :])
    same = dist <= SAME
    prob = win_probabilities(z, w, probability)
    dm = np.abs(z - mu)
    # first pass, r = 1 for everyone: E1[i, j] = E^i(U_ij)
    e1 = np.where(same, 0.0, _expected(dist, prob, s[None, :], 1.0, q, dm[:, None]))
    r = risk_exponents(e1.sum(axis=0))  # S_i = sum_j E^j(U_ji): column sums
    ri = r[:, None]
    # second pass, from the mover i's perspective (its own r_i for both sides)
    a = np.where(same, 0.0, _expected(dist, prob, s[None, :], ri, q, dm[:, None]))       # E^i(U_ij)
    b = np.where(same, 0.0, _expected(dist, prob.T, s[:, None], ri, q, dm[None, :]))     # E^j(U_ji)
    return accept(z, a, b, same, offers)


def accept(z: FloatArray, a: FloatArray, b: FloatArray, same: npt.NDArray[np.bool_],
           offers: str = "scholz") -> FloatArray:
    """Steps 7-8: the offers each actor receives and the one it accepts; returns the new positions.

    ``a[i, j]`` = E^i(U_ij) and ``b[i, j]`` = E^j(U_ji) as i sees them; ``same[i, j]`` marks actors at the
    same place (no offer between them).
    """
    confront = (a > EU_TOL) & (b > a + EU_TOL) & ~same
    yields = (a < -EU_TOL) & (b > EU_TOL) & ~same  # compromise or capitulation
    fraction = np.where(yields, np.minimum(np.abs(a) / np.where(yields, b, 1.0), 1.0), 1.0)
    offered = confront | yields
    target = np.where(confront, z[None, :], z[:, None] + (z[None, :] - z[:, None]) * fraction)
    key = np.abs(target - z[:, None])  # how far the offer moves i
    if offers == "scholz":
        compromise = yields & (fraction < 1.0)
        kind = np.where(confront, 0, np.where(compromise, 1, 2))
        first = np.where(offered, kind, 3).min(axis=1)  # per actor: confrontation, else compromise, else capitulation
        offered &= kind == first[:, None]
        pull = np.abs(a) + np.abs(b)
        midpoint = (np.abs(a) * z[:, None] + np.abs(b) * z[None, :]) / np.where(pull > 0, pull, 1.0)
        key = np.where(compromise, midpoint, key)
    move = np.where(offered, key, np.inf)
    least = move.min(axis=1)
    chosen = offered & (move <= least[:, None] + SAME)
    backing = np.where(chosen, b, -np.inf).max(axis=1)
    chosen &= b >= backing[:, None] - EU_TOL
    count = chosen.sum(axis=1)
    moved = count > 0
    new = z.copy()
    new[moved] = (np.where(chosen, target, 0.0).sum(axis=1)[moved]) / count[moved]
    return new


def _check(p: Positions, q: float, rounds: int, tolerance: float | None, probability: str, offers: str) -> FloatArray:
    w = require_weight(p)
    keyword("probability", probability, PROBABILITIES)
    keyword("offers", offers, OFFERS)
    if isinstance(q, bool) or not isinstance(q, numbers.Real) or not 0 <= q <= 1:
        raise ForecastError("q", "must be a number in [0, 1]", q)
    if isinstance(rounds, bool) or not isinstance(rounds, (int, np.integer)) or rounds < 0:
        raise ForecastError("rounds", "must be an integer >= 0", rounds)
    if tolerance is not None and (isinstance(tolerance, bool) or not isinstance(tolerance, numbers.Real)
                                  or not tolerance >= 0 or not np.isfinite(tolerance)):
        raise ForecastError("tolerance", "must be a number >= 0, or None to always run every round", tolerance)
    bad = np.flatnonzero(p.salience > 1)
    if bad.size:
        k = int(bad[0])
        raise ForecastError(f"salience[{k}] ({p.actors[k]!r})",
                            "must lie in [0, 1] for the challenge model (the probability of resisting a "
                            "challenge; divide 0-100 saliences by 100)", float(p.salience[k]))
    return w


def challenge(p: Positions, *, q: float = 1.0, rounds: int = 100, tolerance: float | None = 1e-9,
              probability: str = "pooled", offers: str = "scholz") -> ChallengeResult:
    """Run the expected-utility model (steps in the module docstring).

    >>> from accord.forecast import Positions
    >>> p = Positions(actors=("a", "b", "c"), position=[0, 4, 10], salience=[0.5, 0.9, 0.5],
    ...               capability=[1, 1, 1])
    >>> result = challenge(p)
    >>> result.rounds[0]
    {'median': 4.0, 'mean': 4.526315789473684}
    >>> result.positions.shape[1], result.converged
    (3, True)
    """
    w = _check(p, q, rounds, tolerance, probability, offers)
    # The model is defined on a set of actors: compute in a canonical order (by position, salience, capability)
    # so that no floating-point sum depends on the order the actors were given in. The dynamics amplify a
    # last-bit difference when two actors nearly meet (a position within 1e-12 of W of another's), so without
    # this a reordering of the input could change the trace.
    canon = np.lexsort((p.capability, p.salience, p.position))
    back = np.argsort(canon)
    w = w[canon]
    s = p.salience[canon]
    z = normalised(p)[canon]
    scale = p.width

    def point(values: FloatArray) -> FloatArray:
        return values * scale + p.low

    trace = [z]
    summary = [{"median": weighted_median_of(point(z), w), "mean": weighted_mean(point(z), w)}]
    converged = scale == 0
    for _ in range(0 if converged else int(rounds)):
        new = _round(z, w, s, float(q), probability, offers)
        step = float(np.max(np.abs(new - z)))
        z = new
        trace.append(z)
        summary.append({"median": weighted_median_of(point(z), w), "mean": weighted_mean(point(z), w)})
        if tolerance is not None and step <= tolerance \
                and abs(summary[-1]["median"] - summary[-2]["median"]) <= tolerance * scale:
            converged = True
            break
    positions = point(np.array(trace))[:, back]
    positions.flags.writeable = False
    return ChallengeResult(position=summary[-1]["median"], rounds=summary, positions=positions,
                           converged=converged, actors=p.actors)

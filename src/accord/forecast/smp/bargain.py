"""One SMP turn's challenges and bargains: who challenges whom, and the positions they propose.

After KTAB's ``SMPState::probEduChlg``, ``bestChallenge`` and
``SMPActor::interpolateBrgn`` (``examples/smp/libsrc/smpbcn.cpp``, ``smp.cpp``;
Wise, Lester & Efird, "Multidimensional Bargaining using KTAB", KAPSARC 2015).

**Expected gain from a challenge** (h's estimate of what i challenging j does
for k), with U = U^h, h's estimate of every actor's utility for every
position (``U[h, a, b]``), s_a the sum of a's saliences and c_a its capability:

1. the principals vote on their own contest with weight s c:
   v_i = w(s_i c_i, U[i, i] - U[i, j]), v_j = w(s_j c_j, U[j, i] - U[j, j]);
   C(i:j) = 1e-10 + the positive parts, C(j:i) = 1e-10 + the negative parts;
2. each third party n weighs in on the little contest (i:j) with only the
   principals and itself: p_n = (C(i:j) + v_n^+) / (C(i:j) + v_n^+ + C(j:i) + v_n^-)
   with v_n = w(s_n c_n, U[n, i] - U[n, j]) (``Actor::vProbLittle``), then
   votes w(s_n c_n, E_n[n joins i] - E_n[n joins j]) where, under semi
   commitment (``Actor::thirdPartyVoteSU``), joining i is worth
   p_n (2 U[n, i] + U[n, n]) + (1 - p_n) 3 U[n, j] and joining j
   p_n 3 U[n, i] + (1 - p_n)(2 U[n, j] + U[n, n]) (full commitment: 3 U[n, .]
   throughout; none: every outcome keeps U[n, n] once);
3. P(i beats j) = C(i:j) / (C(i:j) + C(j:i)) after adding those votes;
4. j resists with probability s_j: the challenge is worth
   (1 - s_j) 2 U[k, i] + s_j (P 2 U[k, i] + (1 - P) 2 U[k, j]) to k, less
   the status quo U[k, i] + U[k, j].

i's best target is the j of greatest expected gain to i (first of equals),
if that gain exceeds 1e-5.

**Bargain positions** (``interpBrgnSnPm``): on each dimension k, with t the
current positions, s the saliences and P the probability of i's victory,
weights w_i = s_ik^n P^m and w_j = s_jk^n (1 - P)^m (S1P1: n = m = 1; S2P2:
n = m = 2) give b_ik = ((w_i + 1e-6) t_ik + w_j t_jk) / (w_i + w_j + 1e-6) and
b_jk = (w_i t_ik + (w_j + 1e-6) t_jk) / (w_i + w_j + 1e-6), both rounded to 4
decimals on the [0, 1] scale, as KTAB rounds them. S2PMax moves i towards j
by d_i s_jk^2 / (d_i s_jk^2 + 1e-6 + (1 - d_i) s_ik^2) with
d_i = max(0, P_j - P_i), and j likewise.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..inputs import FloatArray
from .rules import MIN_CHALLENGE, vote

IntArray = npt.NDArray[np.intp]
MIN_GAIN = 1e-5  # SMPState::bestChallenge: smallest significant expected gain
CHUNK = 2_000_000  # numbers per array when evaluating challenges


def challenge_estimates(u: FloatArray, weight: FloatArray, salience_sum: FloatArray, rule: str, commit: str,
                        h: IntArray, k: IntArray, i: IntArray, j: IntArray) -> tuple[FloatArray, FloatArray]:
    """``probEduChlg(h, k, i, j)`` for arrays of quadruples: (P[i beats j], expected gain to k), h's estimates.

    ``u``: U[h, a, b]; ``weight``: s_a c_a; ``salience_sum``: s_a. Vectorised
    over the quadruples and the third parties (a [quadruple, actor] array).
    """
    na = u.shape[1]
    uii, uij, uji, ujj = u[h, i, i], u[h, i, j], u[h, j, i], u[h, j, j]
    vi = vote(rule, weight[i], uii, uij)
    vj = vote(rule, weight[j], uji, ujj)
    c_ij = MIN_CHALLENGE + np.maximum(vi, 0) + np.maximum(vj, 0)
    c_ji = MIN_CHALLENGE + np.maximum(-vi, 0) + np.maximum(-vj, 0)

    n = np.arange(na)[None, :]
    hh, ii, jj = h[:, None], i[:, None], j[:, None]
    uni, unj, unn = u[hh, n, ii], u[hh, n, jj], u[hh, n, n]
    wn = weight[None, :]
    vn = vote(rule, wn, uni, unj)
    cni = c_ij[:, None] + np.maximum(vn, 0)
    cnj = c_ji[:, None] + np.maximum(-vn, 0)
    pin = cni / (cni + cnj)
    pjn = 1.0 - pin
    if commit == "FullCommit":
        join_i = pin * 3 * uni + pjn * 3 * unj
        join_j = pin * 3 * uni + pjn * 3 * unj
    elif commit == "SemiCommit":
        join_i = pin * (2 * uni + unn) + pjn * 3 * unj
        join_j = pin * 3 * uni + pjn * (2 * unj + unn)
    else:  # NoCommit
        join_i = pin * (2 * uni + unn) + pjn * (2 * unj + unn)
        join_j = pin * (2 * uni + unn) + pjn * (2 * unj + unn)
    tp = vote(rule, wn, join_i, join_j)
    rows = np.arange(len(i))
    tp[rows, i] = 0.0  # the principals voted above
    tp[rows, j] = 0.0
    c_ij = c_ij + np.maximum(tp, 0.0).sum(axis=1)
    c_ji = c_ji - np.minimum(tp, 0.0).sum(axis=1)

    p = c_ij / (c_ij + c_ji)
    q = c_ji / (c_ij + c_ji)
    uki, ukj = u[h, k, i], u[h, k, j]
    sj = salience_sum[j]
    win = 2 * uki
    gain = (1 - sj) * win + sj * (p * win + q * 2 * ukj) - (uki + ukj)
    return np.asarray(p, dtype=float), np.asarray(gain, dtype=float)


def best_targets(u: FloatArray, weight: FloatArray, salience_sum: FloatArray, rule: str,
                 commit: str) -> tuple[IntArray, FloatArray, FloatArray]:
    """Each actor's best target j (-1: none), i's estimate of P[i beats j], and the expected gain to i.

    ``bestChallenge`` over ``probEduChlg(i, i, i, j)`` for every j != i, in
    blocks of initiators so that no array exceeds about 2 million numbers.
    """
    na = u.shape[0]
    gains = np.full((na, na), -np.inf)
    probs = np.zeros((na, na))
    block = max(1, CHUNK // (na * na))
    for start in range(0, na, block):
        ii, jj = np.meshgrid(np.arange(start, min(start + block, na)), np.arange(na), indexing="ij")
        off = ii != jj
        i, j = ii[off], jj[off]
        p, gain = challenge_estimates(u, weight, salience_sum, rule, commit, i, i, i, j)
        gains[i, j] = np.where(gain > MIN_GAIN, gain, -np.inf)
        probs[i, j] = p
    target = np.argmax(gains, axis=1)
    best = gains[np.arange(na), target]
    target = np.where(np.isfinite(best), target, -1)
    return target.astype(np.intp), probs[np.arange(na), target], best


def _round4(x: FloatArray) -> FloatArray:
    return np.asarray(np.trunc(0.5 + x * 10000.0) / 10000.0, dtype=float)


def interpolate(rule: str, t_i: FloatArray, s_i: FloatArray, p_i: FloatArray,
                t_j: FloatArray, s_j: FloatArray, p_j: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``SMPActor::interpolateBrgn``: the positions a bargain gives i and j, row by row (see the module).

    ``t``, ``s``: [bargain, dimension]; ``p``: [bargain] (i's and j's probability of winning).
    """
    p_i, p_j = p_i[:, None], p_j[:, None]
    if rule == "S2PMax":
        d_i = np.maximum(p_j - p_i, 0.0)
        d_j = np.maximum(p_i - p_j, 0.0)
        a_i = (d_i * s_j ** 2) / (d_i * s_j ** 2 + 1e-6 + (1 - d_i) * s_i ** 2)
        a_j = (d_j * s_i ** 2) / (d_j * s_i ** 2 + 1e-6 + (1 - d_j) * s_j ** 2)
        return t_i + a_i * (t_j - t_i), t_j + a_j * (t_i - t_j)
    n = 1 if rule == "S1P1" else 2
    w_i = s_i ** n * p_i ** n
    w_j = s_j ** n * p_j ** n
    total = w_i + 1e-6 + w_j
    return _round4(((w_i + 1e-6) * t_i + w_j * t_j) / total), _round4((w_i * t_i + (1e-6 + w_j) * t_j) / total)


__all__ = ["MIN_GAIN", "best_targets", "challenge_estimates", "interpolate"]

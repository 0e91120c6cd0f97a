"""Voting power of a decision rule: the Shapley–Shubik and (normalised) Banzhaf indices.

The rule alone decides who has power, whatever the parties want: a set ``C``
of accepting parties out of ``n`` is *winning* when (scenario format,
"Decision rules")

- unanimity: ``|C| = n``; majority: ``|C| > n/2``;
- qualified: ``|C|/n >= share`` and, when given,
  ``sum_{a in C} w_a / sum_all w >= weight_share`` (``w`` the vote weights),
  both with a tolerance of 1e-9;
- in every rule, each veto party is in ``C``.

The game is monotone (adding a party never turns a winning set into a losing
one, as weights are ``>= 0``), the grand coalition wins and the empty one
loses. Two indices of a party ``i`` (``S`` ranging over sets without ``i``,
``v(S) = 1`` when ``S`` wins, ``0`` otherwise):

- **Shapley–Shubik** (L. S. Shapley & M. Shubik, "A method for evaluating the
  distribution of power in a committee system", APSR 48, 1954): the share of
  the ``n!`` orderings of the parties in which ``i`` is *pivotal* (the first
  party whose arrival makes the set so far winning)::

      phi_i = sum_S |S|! (n - |S| - 1)! / n! * (v(S + i) - v(S))

- **Banzhaf**, normalised (L. S. Penrose, "The elementary statistics of
  majority voting", JRSS 109, 1946; J. F. Banzhaf, "Weighted voting doesn't
  work", Rutgers Law Review 19, 1965): a *swing* of ``i`` is a winning set
  containing ``i`` that loses without it; ``eta_i`` is the number of ``i``'s
  swings and ``beta_i = eta_i / sum_j eta_j``.

Both sum to 1 over the parties.

Exact computation (the generating-function method of Mann & Shapley, "Values
of large games VI", RAND RM-3158, 1962, and Brams & Affuso, "Power and size:
a new paradox", Theory and Decision 7, 1976). Let ``V`` be the veto parties
(``v`` of them, total weight ``w_V``), ``F`` the others (``f = n - v``),
``q`` the smallest count that meets the count condition, ``T = (weight_share
- 1e-9) * sum_all w`` the weight a winning set needs (``T = -inf`` without
``weight_share``) and ``tau = T - w_V``. A set that can win contains ``V``,
so ``S = V + R`` with ``R`` a subset of the free parties. For ``k >= 0`` and
a threshold ``theta`` let ``N_L(k, theta)`` be the number of subsets of ``L``
with ``k`` members and weight ``>= theta``. Then

- a free party ``i`` swings with ``R`` of size ``k`` (of ``F - i``) when
  ``k = q - v - 1`` and ``w(R) >= tau - w_i`` (its vote completes the count),
  or when ``k >= q - v`` and ``tau - w_i <= w(R) < tau`` (its weight completes
  the weight), so its swings of size ``k`` are ``s_k = A_k`` for
  ``k = q - v - 1``, ``s_k = A_k - B_k`` for ``k >= q - v`` and 0 otherwise,
  with ``A_k = N_{F-i}(k, tau - w_i)`` and ``B_k = N_{F-i}(k, tau)``;
- a veto party swings with every ``R`` (of ``F``) that makes ``V + R`` win:
  ``s_k = N_F(k, tau)`` for ``k >= q - v``; every veto party has the same power;
- ``eta_i = sum_k s_k`` and ``phi_i = sum_k s_k / (n * C(n - 1, |S|))``, where
  ``|S| = v + k`` for a free party and ``v - 1 + k`` for a veto party, since
  ``|S|! (n - |S| - 1)! / n! = 1 / (n * C(n - 1, |S|))``.

Counts are exact integers and the sums are taken as fractions, so the
indices are exact up to the final rounding to floats. ``N`` is computed by
one of three methods, the cheapest that fits (free parties of equal weight
have equal power and are computed once):

1. *closed form*, without ``weight_share`` (weights then play no part): all
   free parties are alike and so are all veto parties; with ``N_L(k, .) =
   C(|L|, k)`` a free party swings only at ``k = q - v - 1``, so ``eta =
   C(f - 1, q - v - 1)`` and ``phi = eta / (n C(n - 1, q - 1))``; a veto party
   has ``eta = sum_{k >= q - v} C(f, k)`` and ``phi = (1 - f phi_free) / v``.
   Work of order ``n``, for up to :data:`MAX_PARTIES` parties.
2. *generating function*: when every weight is a decimal of at most
   :data:`MAX_DECIMALS` places (within a relative 1e-9, e.g. 83.2, or 4 and
   2 and 1), the weights are scaled to integers ``m`` (and divided by their
   greatest common divisor) and the table ``P[k, s]`` = the
   number of subsets of ``F`` with ``k`` members and weight ``s`` (the
   coefficients of ``prod_j (1 + x y^{m_j})``) is built one party at a time,
   ``P[k, s] += P[k-1, s - m_j]``. A party ``i`` is removed by the inverse
   step (deconvolution) ``Q[k, s] = P[k, s] - Q[k-1, s - m_i]``, exact in
   integers, and ``N(k, theta) = sum_{s >= theta} Q[k, s]``. The table has
   ``(f + 1) (M + 1)`` cells (``M`` the total scaled weight of ``F``), at most
   :data:`MAX_TABLE_CELLS`; counts are 64-bit, so ``f <= 62``. The integer
   threshold is the smallest integer ``t`` with ``t / M_all >= weight_share -
   1e-9``, so the game is exactly that of the decimal weights. Large totals
   (populations in persons: ``M`` near 4.5e8) do not fit the table.
3. *split enumeration* (meet in the middle), for any weights: ``L`` is split
   in two halves; each half's subset sums are enumerated with their sizes
   (``2^{|L|/2}`` each) and the second half's sorted by size, so that
   ``N_L(k, theta) = sum_{a + b = k} #{(x, y): x + y >= theta}`` is counted
   with one binary search per sum of the first half. Work about
   ``f^2 2^{f/2}``; halves of at most 2^:data:`MAX_HALF` subsets. Sums are
   floats compared with ``T``: exact up to their rounding (about 1e-16 of the
   total), which the 1e-9 tolerance covers. This makes 27 members with
   populations in persons exact in a fraction of a second.

``exact_limit`` bounds the work an exact method may take, in estimated
elementary operations (the closed form counts ``n``, the table ``(f + 1) (M +
1) (f + 2 c)`` with ``c`` the distinct free weights, the split ``c f 2^{f/2}
f/2``). The default, :data:`DEFAULT_EXACT_LIMIT` = 3 10^9, is about 1 s on
a 2-core machine (``benchmarks/power_bench.py``): 34 parties of arbitrary
real weights are exact, 35 are sampled (exact, they take about 2 s). Beyond
the limit, or beyond the methods' own limits, the indices are **estimated by
sampling**, with ``seed`` (``exact_limit=0`` always samples):

- Shapley–Shubik: ``samples`` uniformly random orderings; the pivotal party
  of each is found vectorised (the first position where the count, the
  weight and the vetoes are all met); ``phi_i`` is estimated by the share of
  orderings where ``i`` is pivotal (unbiased), with a Wilson interval
  (:func:`accord.stats.wilson`).
- Banzhaf: ``samples`` uniformly random sets ``S`` of the parties (each in
  or out with probability 1/2); for every party ``i`` the sample tells
  whether ``S + i`` wins and ``S - i`` loses, an unbiased estimate of ``i``'s
  swing probability ``eta_i / 2^{n-1}`` (Penrose's absolute power). The
  normalised index is the ratio of those estimates to their sum (a ratio
  estimator: consistent, with a bias of order ``1 / samples``), with the
  delta-method interval of a ratio (W. G. Cochran, *Sampling Techniques*,
  3rd ed., 1977, section 6.4)::

      beta_i ± z * sqrt(sum_r (X_ri - beta_i Y_r)^2 / (R (R - 1))) / mean(Y)

  where ``X_ri`` is 1 when sample ``r`` is a swing of ``i`` and ``Y_r =
  sum_i X_ri``.

>>> eec = power_indices(["fr", "de", "it", "be", "nl", "lu"], "qualified", share=1 / 6,
...                     weight_share=12 / 17, vote_weights=[4, 4, 4, 2, 2, 1])
>>> eec.exact, round(eec.shapley_shubik["fr"], 4), eec.banzhaf["lu"]
(True, 0.2333, 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import InvalidInput
from ..stats import wilson, z_value

RULES = ("unanimity", "majority", "qualified")
TOLERANCE = 1e-9           # the format's tolerance on the shares
MAX_PARTIES = 1_000        # parties accepted at all
MAX_DECIMALS = 6           # decimal places a weight may have to be scaled to an integer
MAX_TABLE_CELLS = 10**7    # cells of the generating-function table (80 MB of 64-bit counts)
MAX_TABLE_PARTIES = 62     # 64-bit counts of subsets of at most this many parties
MAX_HALF = 20              # the split enumeration's halves hold at most 2^20 subsets (about 100 MB)
MAX_SAMPLES = 10**7        # samples per index
MAX_SAMPLED = 2 * 10**8    # samples times parties (about 10 s of sampling)
DEFAULT_EXACT_LIMIT = 3 * 10**9  # estimated operations of an exact method: about 1 s (benchmarks/power_bench.py)
DEFAULT_SAMPLES = 100_000
_BATCH_ELEMENTS = 1 << 20  # numbers per sampling batch


@dataclass(frozen=True)
class PowerIndices:
    """Shapley–Shubik and normalised Banzhaf indices of each party under one decision rule.

    ``exact`` tells whether they were computed exactly (``method`` is then
    ``"closed form"``, ``"generating function"`` or ``"split enumeration"``)
    or estimated (``"sampling"``, with ``samples`` draws per index and
    ``intervals[index][party] = (low, high)`` at ``level``).
    """

    shapley_shubik: dict[str, float]
    banzhaf: dict[str, float]
    exact: bool
    method: str
    samples: int | None = None
    level: float | None = None
    intervals: dict[str, dict[str, tuple[float, float]]] | None = None

    def to_json(self) -> dict[str, object]:
        """``{"shapley_shubik": {party: x}, "banzhaf": {party: x}}``; when estimated, also
        ``"intervals": {"shapley_shubik": {party: [low, high]}, "banzhaf": {...}}``, ``"samples"`` and
        ``"level"``."""
        data: dict[str, object] = {"shapley_shubik": dict(self.shapley_shubik), "banzhaf": dict(self.banzhaf)}
        if not self.exact and self.intervals is not None:
            data["intervals"] = {index: {party: [low, high] for party, (low, high) in bounds.items()}
                                 for index, bounds in self.intervals.items()}
            data["samples"] = self.samples
            data["level"] = self.level
        return data


@dataclass(frozen=True)
class _Game:
    """A checked game: ``q`` the count needed, ``threshold`` the weight needed (None: no weight condition)."""

    n: int
    q: int
    weights: np.ndarray            # float, >= 0
    threshold: float | None        # absolute weight a winning set needs: (weight_share - 1e-9) * total
    veto: np.ndarray               # bool mask
    weight_share: float | None


def power_indices(
    parties: Sequence[str],
    rule: str,
    *,
    share: float | None = None,
    weight_share: float | None = None,
    vote_weights: Sequence[float] | None = None,
    veto: Sequence[str] = (),
    exact_limit: float = DEFAULT_EXACT_LIMIT,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    level: float = 0.95,
) -> PowerIndices:
    """Shapley–Shubik and normalised Banzhaf indices of ``parties`` under ``rule`` (see the module docstring).

    ``share`` (qualified only) is the minimum share of the parties, ``weight_share`` (qualified only) the
    minimum share of ``vote_weights`` (one per party, ``>= 0``, default 1); at least one of them is given
    under ``qualified``. ``veto`` names parties that every winning set contains. The indices are exact
    when an exact method fits in ``exact_limit`` (roughly, elementary operations; 0 forces sampling);
    otherwise they are estimated from ``samples`` random orderings and ``samples`` random sets drawn
    with ``seed``, with intervals at ``level``. Bad input raises :class:`accord.errors.InvalidInput`
    naming the parameter.
    """
    game = _check(parties, rule, share, weight_share, vote_weights, veto)
    if isinstance(exact_limit, bool) or not isinstance(exact_limit, int | float) or not exact_limit >= 0:
        raise InvalidInput("exact_limit", "a number >= 0", exact_limit)
    if isinstance(samples, bool) or not isinstance(samples, int) or not 1 <= samples <= MAX_SAMPLES:
        raise InvalidInput("samples", f"an integer in [1, {MAX_SAMPLES}]", samples)
    if samples * game.n > MAX_SAMPLED:
        raise InvalidInput("samples", f"at most {MAX_SAMPLED // game.n} for {game.n} parties", samples)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidInput("seed", "an integer >= 0", seed)
    if not isinstance(level, float | int) or not 0 < level < 1:
        raise InvalidInput("level", "a number in (0, 1)", level)
    names = list(parties)
    plan = _plan(game, exact_limit)
    if plan is None:
        return _sample(game, names, samples, seed, float(level))
    swings, pivotal = _exact(game, plan)
    total_swings = sum(swings)
    return PowerIndices(
        shapley_shubik={name: float(p) for name, p in zip(names, pivotal)},
        banzhaf={name: s / total_swings for name, s in zip(names, swings)},   # int / int: correctly rounded
        exact=True,
        method=plan.name,
    )


# -- input --------------------------------------------------------------------------------------------------------

def _share(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, float | int) or not 0 < value <= 1:
        raise InvalidInput(name, "a number in (0, 1]", value)
    return float(value)


def _check(parties: Sequence[str], rule: str, share: float | None, weight_share: float | None,
           vote_weights: Sequence[float] | None, veto: Sequence[str]) -> _Game:
    if isinstance(parties, str) or not isinstance(parties, Sequence):
        raise InvalidInput("parties", "a sequence of party names", parties)
    n = len(parties)
    if not 1 <= n <= MAX_PARTIES:
        raise InvalidInput("parties", f"between 1 and {MAX_PARTIES} names", f"{n} names")
    if not all(isinstance(p, str) for p in parties) or len(set(parties)) != n:
        raise InvalidInput("parties", "distinct names (strings)", list(parties)[:10])
    if rule not in RULES:
        raise InvalidInput("rule", "one of " + ", ".join(RULES), rule)
    share = _share("share", share)
    weight_share = _share("weight_share", weight_share)
    if rule != "qualified":
        if share is not None:
            raise InvalidInput("share", "given only with the qualified rule", share)
        if weight_share is not None:
            raise InvalidInput("weight_share", "given only with the qualified rule", weight_share)
    elif share is None and weight_share is None:
        raise InvalidInput("share", "given (or weight_share) with the qualified rule", None)
    if vote_weights is None:
        weights = np.ones(n)
    else:
        if isinstance(vote_weights, str) or not isinstance(vote_weights, Sequence | np.ndarray):
            raise InvalidInput("vote_weights", "a sequence of numbers, one per party", vote_weights)
        if len(vote_weights) != n:
            raise InvalidInput("vote_weights", f"one number per party ({n})", f"{len(vote_weights)} numbers")
        try:
            weights = np.array([float(w) for w in vote_weights if not isinstance(w, bool | str)], dtype=float)
        except (TypeError, ValueError):
            raise InvalidInput("vote_weights", "finite numbers >= 0", list(vote_weights)[:10]) from None
        if weights.size != n or not np.all(np.isfinite(weights)) or np.any(weights < 0):
            raise InvalidInput("vote_weights", "finite numbers >= 0", list(vote_weights)[:10])
        if not math.isfinite(float(weights.sum())):
            raise InvalidInput("vote_weights", "numbers with a finite total", list(vote_weights)[:10])
    if isinstance(veto, str) or not isinstance(veto, Sequence | set | frozenset | tuple):
        raise InvalidInput("veto", "a sequence of party names", veto)
    index = {p: i for i, p in enumerate(parties)}
    mask = np.zeros(n, dtype=bool)
    for name in veto:
        if name not in index:
            raise InvalidInput("veto", "names of parties", name)
        mask[index[name]] = True
    if rule == "unanimity":
        q = n
    elif rule == "majority":
        q = n // 2 + 1
    elif share is None:
        q = 0
    else:
        q = next(k for k in range(n + 1) if k / n >= share - TOLERANCE)
    threshold = None
    if weight_share is not None:
        total = float(weights.sum())
        if total <= 0:
            raise InvalidInput("vote_weights", "not all 0 when weight_share is given", list(vote_weights or [])[:10])
        threshold = (weight_share - TOLERANCE) * total
    if q == 0 and not mask.any() and (threshold is None or threshold <= 0):
        raise InvalidInput("weight_share", "large enough that the empty set does not win", weight_share)
    return _Game(n=n, q=q, weights=weights, threshold=threshold, veto=mask, weight_share=weight_share)


# -- exact ---------------------------------------------------------------------------------------------------------

# counter(excluded, thresholds) -> counts[k][j] = number of subsets R of the free parties other than
# `excluded` (an index into the free parties, or None) with k members and weight >= thresholds[j]
_Counter = Callable[[int | None, Sequence[float]], list[list[int]]]


@dataclass(frozen=True)
class _Method:
    """An exact method: its name, its counter (None: the closed form), the weights it counts in and ``tau``."""

    name: str
    counter: _Counter | None
    weights: np.ndarray
    tau: float


def _plan(game: _Game, exact_limit: float) -> _Method | None:
    """The cheapest exact method within ``exact_limit``, or None (sample)."""
    free = game.weights[~game.veto]
    f = free.size
    veto_weight = float(game.weights[game.veto].sum())
    if game.threshold is None:
        return _Method("closed form", None, game.weights, -math.inf) if game.n <= exact_limit else None
    tau = game.threshold - veto_weight
    classes = len(np.unique(free)) + 1
    options: list[tuple[float, Callable[[], _Method]]] = []
    scaled = _scaled(game)
    if scaled is not None and f <= MAX_TABLE_PARTIES:
        m, t = scaled
        cells = (f + 1) * (int(m[~game.veto].sum()) + 1)
        if cells <= MAX_TABLE_CELLS:
            options.append((cells * (f + 2 * classes), lambda: _Method(
                "generating function", _table_counter(m[~game.veto]), m.astype(float), float(t - int(m[game.veto].sum())))))
    half = (f + 1) // 2
    if half <= MAX_HALF:
        work = classes * 2 * (f - f // 2 + 1) * 2.0 ** half * max(1, half) + 2.0 ** half * f
        options.append((work, lambda: _Method(
            "split enumeration", _split_counter(free), game.weights, tau)))
    options = [option for option in options if option[0] <= exact_limit]
    if not options:
        return None
    return min(options, key=lambda option: option[0])[1]()


def _exact(game: _Game, method: _Method) -> tuple[list[int], list[Fraction]]:
    """Swings and Shapley–Shubik values of every party from the subset counts (module docstring)."""
    counter, weights, tau = method.counter, method.weights, method.tau
    if counter is None:
        return _count_only(game)
    n, q = game.n, game.q
    v = int(game.veto.sum())
    need = q - v                      # free members a winning set needs (may be <= 0)
    free_index = np.flatnonzero(~game.veto)
    total_orderings = [n * math.comb(n - 1, size) for size in range(n)]
    swings = [0] * n
    pivotal = [Fraction(0)] * n
    cache: dict[float, tuple[int, Fraction]] = {}
    for position, i in enumerate(free_index):
        w = float(weights[i])
        if w not in cache:
            counts = counter(position, (tau - w, tau))
            eta, phi = 0, Fraction(0)
            for k, (a, b) in enumerate(counts):
                s = a if k == need - 1 else (a - b if k >= need else 0)
                if s:
                    eta += s
                    phi += Fraction(s, total_orderings[v + k])
            cache[w] = (eta, phi)
        swings[i], pivotal[i] = cache[w]
    if v:
        counts = counter(None, (tau,))
        eta, phi = 0, Fraction(0)
        for k, (d,) in enumerate(counts):
            if k >= need and d:
                eta += d
                phi += Fraction(d, total_orderings[v - 1 + k])
        for i in np.flatnonzero(game.veto):
            swings[i], pivotal[i] = eta, phi
    return swings, pivotal


def _count_only(game: _Game) -> tuple[list[int], list[Fraction]]:
    """No weight condition: free parties are alike and so are veto parties. With ``N_L(k) = C(|L|, k)``, a free
    party swings only at ``k = q - v - 1``: ``eta = C(f - 1, q - v - 1)``, ``phi = eta / (n C(n - 1, q - 1))``; a
    veto party has ``eta = sum_{k >= q - v} C(f, k)`` and ``phi = (1 - f phi_free) / v`` (the values sum to 1)."""
    n, q = game.n, game.q
    v = int(game.veto.sum())
    f = n - v
    k = q - v - 1
    free_eta = math.comb(f - 1, k) if f and 0 <= k <= f - 1 else 0
    free_phi = Fraction(free_eta, n * math.comb(n - 1, q - 1)) if free_eta else Fraction(0)
    veto_eta = 0
    if v:
        term = 1                                     # C(f, j), j = 0, 1, ...
        for j in range(f + 1):
            if j >= q - v:
                veto_eta += term
            term = term * (f - j) // (j + 1)
    veto_phi = (1 - f * free_phi) / v if v else Fraction(0)
    swings = [veto_eta if is_veto else free_eta for is_veto in game.veto]
    pivotal = [veto_phi if is_veto else free_phi for is_veto in game.veto]
    return swings, pivotal


def _scaled(game: _Game) -> tuple[np.ndarray, int] | None:
    """Integer weights (decimal places removed, divided by their gcd) and the integer weight threshold, or None."""
    if game.threshold is None or game.weight_share is None:
        return None
    for places in range(MAX_DECIMALS + 1):
        x = game.weights * 10.0**places
        rounded = np.rint(x)
        if rounded.sum() > 2.0**53:
            return None
        if np.all(np.abs(x - rounded) <= TOLERANCE * np.maximum(1.0, x)):
            break
    else:
        return None
    m = rounded.astype(np.int64)
    total = int(m.sum())
    target = game.weight_share - TOLERANCE
    t = max(0, math.ceil(target * total))
    while t > 0 and (t - 1) / total >= target:
        t -= 1
    while t / total < target:
        t += 1
    g = math.gcd(*(int(x) for x in m)) or 1
    return m // g, -(-t // g)


def _table_counter(m: np.ndarray) -> _Counter:
    """Generating function ``prod_j (1 + x y^{m_j})`` over the free parties' integer weights, with deconvolution."""
    f = m.size
    size = int(m.sum())
    table = np.zeros((f + 1, size + 1), dtype=np.int64)
    table[0, 0] = 1
    for j, w in enumerate(int(x) for x in m):
        table[1:j + 2, w:] += table[0:j + 1, :size + 1 - w]

    def count(excluded: int | None, thresholds: Sequence[float]) -> list[list[int]]:
        if excluded is None:
            rows = table
        else:
            w = int(m[excluded])
            rows = np.empty((f, size + 1), dtype=np.int64)
            rows[0] = table[0]
            for k in range(1, f):
                rows[k] = table[k]
                rows[k, w:] -= rows[k - 1, :size + 1 - w]
        columns = []
        for theta in thresholds:
            start = min(max(0, math.ceil(theta)), size + 1)
            columns.append(rows[:, start:].sum(axis=1))
        return [[int(c[k]) for c in columns] for k in range(rows.shape[0])]

    return count


def _subset_sums(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weight and size of every subset of ``weights`` (``2^len`` of each)."""
    sums = np.zeros(1)
    sizes = np.zeros(1, dtype=np.int64)
    for w in weights:
        sums = np.concatenate((sums, sums + w))
        sizes = np.concatenate((sizes, sizes + 1))
    return sums, sizes


def _split_counter(free: np.ndarray) -> _Counter:
    """Meet in the middle: subset sums of two halves, the second sorted by size, joined by binary search."""
    def count(excluded: int | None, thresholds: Sequence[float]) -> list[list[int]]:
        weights = free if excluded is None else np.delete(free, excluded)
        size = weights.size
        h = size // 2
        first_sums, first_sizes = _subset_sums(weights[:h])
        descending = np.argsort(-first_sums, kind="stable")     # queries theta - x ascending: faster searches
        first_sums, first_sizes = first_sums[descending], first_sizes[descending]
        second_sums, second_sizes = _subset_sums(weights[h:])
        counts = np.zeros((size + 1, len(thresholds)), dtype=np.int64)
        for b in range(size - h + 1):
            ordered = np.sort(second_sums[second_sizes == b])
            for j, theta in enumerate(thresholds):
                above = ordered.size - np.searchsorted(ordered, theta - first_sums, side="left")
                by_size = np.bincount(first_sizes, weights=above, minlength=h + 1)
                counts[b:b + h + 1, j] += np.rint(by_size).astype(np.int64)
        return [[int(x) for x in row] for row in counts]
    return count


# -- sampling ------------------------------------------------------------------------------------------------------

def _sample(game: _Game, names: list[str], samples: int, seed: int, level: float) -> PowerIndices:
    """Monte Carlo estimates with intervals (module docstring)."""
    n = game.n
    ss_stream, bz_stream = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    batch = max(1, _BATCH_ELEMENTS // n)
    weights = game.weights
    threshold = game.threshold
    veto = np.flatnonzero(game.veto)

    pivots = np.zeros(n, dtype=np.int64)
    done = 0
    while done < samples:
        r = min(batch, samples - done)
        order = np.argsort(ss_stream.random((r, n)), axis=1)
        position = np.full(r, max(game.q, 1))
        if threshold is not None:
            reached = np.cumsum(weights[order], axis=1) >= threshold
            reached[:, -1] = True
            position = np.maximum(position, reached.argmax(axis=1) + 1)
        if veto.size:
            place = np.empty_like(order)
            place[np.arange(r)[:, None], order] = np.arange(n)
            position = np.maximum(position, place[:, veto].max(axis=1) + 1)
        pivots += np.bincount(order[np.arange(r), position - 1], minlength=n)
        done += r

    x_total = np.zeros(n)
    xy_total = np.zeros(n)
    y_total = 0.0
    yy_total = 0.0
    done = 0
    while done < samples:
        r = min(batch, samples - done)
        inside = bz_stream.random((r, n)) < 0.5
        others = inside.sum(axis=1)[:, None] - inside                     # members of S other than i
        missing = (~inside[:, veto]).sum(axis=1)[:, None] - (game.veto & ~inside)   # vetoes missing from S - i
        wins_with = (missing == 0) & (others + 1 >= game.q)
        wins_without = (missing == 0) & ~game.veto & (others >= game.q)
        if threshold is not None:
            weight_others = (inside @ weights)[:, None] - inside * weights
            wins_with &= weight_others + weights >= threshold
            wins_without &= weight_others >= threshold
        swing = wins_with & ~wins_without
        y = swing.sum(axis=1).astype(float)
        x_total += swing.sum(axis=0)
        xy_total += y @ swing
        y_total += float(y.sum())
        yy_total += float(y @ y)
        done += r

    z = z_value(level)
    ss_bounds = {name: wilson(int(c), samples, level) for name, c in zip(names, pivots)}
    if y_total > 0:
        ratio = x_total / y_total
        squares = x_total - 2 * ratio * xy_total + ratio**2 * yy_total      # sum_r (X_ri - ratio_i Y_r)^2
        half = z * np.sqrt(np.maximum(squares, 0) / (samples * max(samples - 1, 1))) / (y_total / samples)
        bz_bounds = {name: (max(0.0, float(p - h)), min(1.0, float(p + h))) for name, p, h in zip(names, ratio, half)}
    else:
        ratio = np.zeros(n)
        bz_bounds = {name: (0.0, 1.0) for name in names}
    return PowerIndices(
        shapley_shubik={name: int(c) / samples for name, c in zip(names, pivots)},
        banzhaf={name: float(p) for name, p in zip(names, ratio)},
        exact=False,
        method="sampling",
        samples=samples,
        level=level,
        intervals={"shapley_shubik": ss_bounds, "banzhaf": bz_bounds},
    )


__all__ = ["DEFAULT_EXACT_LIMIT", "DEFAULT_SAMPLES", "MAX_PARTIES", "PowerIndices", "power_indices"]

"""KTAB's random numbers (``KBase::PRNG``), so that a stochastic SMP run can follow KTAB's draws.

KTAB draws from C++'s ``std::mt19937_64`` (the 64-bit Mersenne Twister,
Matsumoto & Nishimura 1998; Nishimura 2000) seeded with the scenario's seed,
passes every 64-bit word n through the bijection q(n) = (n + a)(2n + 3) mod
2^64, a = 0xE08C1D668B756F83 (``KBase::qTrans``), and reads a uniform number
on [0, 1] as q(n) / (2^64 - 1). ``probSel`` picks the first option whose
cumulative probability reaches the draw.

>>> g = KtabRandom(5489)  # the C++ standard's check: the 10000th output of a default mt19937_64
>>> [g.mt_next() for _ in range(10000)][-1]
9981545732273789042
"""

from __future__ import annotations

import numpy as np

from ..inputs import FloatArray

_MASK = (1 << 64) - 1
_N, _M = 312, 156
_MATRIX_A = 0xB5026F5AA96619E9
_UPPER, _LOWER = 0xFFFFFFFF80000000, 0x7FFFFFFF
_Q64C = 0xE08C1D668B756F83
DEFAULT_SEED = 0xD67CC16FE69C185C  # KBase::dSeed, the seed of KTAB's CSV runs


class KtabRandom:
    """``std::mt19937_64`` with KTAB's output transformation; ``uniform()`` and ``choose(p)`` as KTAB draws."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        mt = [seed & _MASK]
        for i in range(1, _N):
            mt.append((6364136223846793005 * (mt[-1] ^ (mt[-1] >> 62)) + i) & _MASK)
        self._mt = mt
        self._index = _N

    def _twist(self) -> None:
        mt = self._mt
        for i in range(_N):
            x = (mt[i] & _UPPER) | (mt[(i + 1) % _N] & _LOWER)
            xa = x >> 1
            if x & 1:
                xa ^= _MATRIX_A
            mt[i] = mt[(i + _M) % _N] ^ xa
        self._index = 0

    def mt_next(self) -> int:
        """The next raw ``mt19937_64`` output."""
        if self._index >= _N:
            self._twist()
        y = self._mt[self._index]
        self._index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & _MASK

    def uniform(self) -> float:
        """``PRNG::uniform(0, 1)``: q(n) / (2^64 - 1) in double precision."""
        n = self.mt_next()
        q = ((n + _Q64C) * (2 * n + 3)) & _MASK
        return float(q) / float(_MASK)

    def choose(self, p: FloatArray) -> int:
        """``PRNG::probSel``: the first index whose cumulative probability reaches a uniform draw."""
        x = self.uniform()
        total = 0.0
        for k, pk in enumerate(np.asarray(p, dtype=float).tolist()):
            total += pk
            if x <= total:
                return k
        return len(p) - 1


__all__ = ["DEFAULT_SEED", "KtabRandom"]

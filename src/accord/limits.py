"""Limits on the work accord accepts, each one named once and imported by every user.

Two different limits on outcome spaces, not to be confused:

- ``MAX_ENUMERATED_OUTCOMES``: analysis enumerates at most this many outcomes
  (after red lines), which it needs only to count the ZOPA when some
  reservation is above that party's worst outcome (scenario format,
  "Analysis beyond the definitions"); larger spaces are refused with a
  clear message. The frontier and the solutions never enumerate.
- ``MAX_FRONTIER_PACKAGES``: the Pareto frontier is listed package by
  package, and ties multiply the packages (twelve zero-sum issues of ten
  options give 10^12 of them); analysis refuses, before allocating them, a
  frontier of more packages, naming the memory they would take.
- ``MAX_REQUEST_OUTCOMES``: the web service refuses a request whose outcome
  space (each variant's too) is larger, to bound the work one request may
  cause.

Work estimated before it starts (refused with :class:`WorkTooLarge`, exit 1,
naming the estimate and the option that lowers it):

- ``DEFAULT_MEMORY``: the memory budget of a Monte Carlo with simulation
  (``accord montecarlo --simulate --memory``): the negotiations in flight
  (one per worker, a chunk per worker on the vectorised bilateral path) and
  the per-draw records must fit in it.
- ``MAX_TOURNAMENT_NEGOTIATIONS``: a tournament whose full design (every
  assignment of strategies to seats, times the repetitions) has more
  negotiations than this is sampled with a balanced design (each strategy in
  each seat equally often) or refused, see :mod:`accord.tournament._plan`.
"""

from __future__ import annotations

from .errors import InvalidInput

MAX_ENUMERATED_OUTCOMES = 10**8
MAX_FRONTIER_PACKAGES = 10**7
MAX_REQUEST_OUTCOMES = 10**7
DEFAULT_MEMORY = 2**30  # 1 GiB
MAX_TOURNAMENT_NEGOTIATIONS = 100_000


# Bytes per outcome of one simulated negotiation, fitted (and rounded up) on tracemalloc peaks of the climate-summit
# scenarios at 12, 20 and 30 parties (benchmarks/many_parties_bench.py): per actor, its utilities and the tables
# derived from them; per ordered pair of parties, an opponent model over the outcomes.
BYTES_PER_OUTCOME_ACTOR = 40
BYTES_PER_OUTCOME_PAIR = 8
BYTES_PER_NEGOTIATION_FIXED = 2**20


def negotiation_bytes(outcomes: int, actors: int, parties: int) -> int:
    """Estimated peak bytes of one simulated negotiation: ``outcomes x (40 actors + 8 parties²) + 1 MiB``."""
    return outcomes * (BYTES_PER_OUTCOME_ACTOR * actors + BYTES_PER_OUTCOME_PAIR * parties * parties) \
        + BYTES_PER_NEGOTIATION_FIXED


def format_bytes(size: float) -> str:
    """``1288490188`` -> ``"1.2 GiB"`` (binary units, two significant figures or more)."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(size) < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.3g} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


class WorkTooLarge(InvalidInput):
    """Work refused before it starts: the message gives the estimate and the option that lowers it (exit 1)."""

__all__ = ["DEFAULT_MEMORY", "MAX_ENUMERATED_OUTCOMES", "MAX_FRONTIER_PACKAGES", "MAX_REQUEST_OUTCOMES",
           "MAX_TOURNAMENT_NEGOTIATIONS", "WorkTooLarge", "format_bytes", "negotiation_bytes"]

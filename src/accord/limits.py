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
"""

from __future__ import annotations

MAX_ENUMERATED_OUTCOMES = 10**8
MAX_FRONTIER_PACKAGES = 10**7
MAX_REQUEST_OUTCOMES = 10**7

__all__ = ["MAX_ENUMERATED_OUTCOMES", "MAX_FRONTIER_PACKAGES", "MAX_REQUEST_OUTCOMES"]

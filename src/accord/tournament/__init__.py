"""ANAC-style tournaments: strategies x scenarios x repetitions, scored with confidence intervals.

Pure computation: :func:`plan` lists the negotiations, :func:`play_chunk`
plays any subset of them (the same records whatever the subset), and
:func:`summarise` ranks the strategies. Running chunks across processes or
a cluster and storing records as they arrive are the edges' business
(``accord.backends``, ``accord.store.results``).

>>> from accord import load
>>> from accord.tournament import Tournament, plan, play_chunk, summarise
>>> t = Tournament(("boulware", "conceder"), (load(),), reps=2, rounds=20, events=False)
>>> len(plan(t))  # 4 ordered pairings x 2 repetitions
8
>>> records = play_chunk(payload(t), plan(t))
>>> [row["strategy"] for row in summarise(records, t.describe(), t.strategies).ranking]
['boulware', 'conceder']
"""

from __future__ import annotations

from typing import Any

from ..scenario import Scenario
from ._plan import Design, Negotiation, Plan, Tournament, TournamentError, chunked, negotiation_seed, plan
from .play import play_chunk, score
from .stats import TournamentResult, mean_interval, summarise, t_quantile, wilson


def payload(tournament: Tournament) -> tuple[tuple[Scenario, ...], dict[str, Any]]:
    """What every chunk needs besides its negotiations: the scenarios, the simulation options and the
    strategies (``players``: label -> resolved strategy, pickled to workers as they are)."""
    return tournament.scenarios, {"rounds": tournament.rounds, "protocol": tournament.protocol,
                                  "events": tournament.events, "full_information": tournament.full_information,
                                  "labels": tournament.labels,
                                  "players": dict(zip(tournament.strategies, tournament.players))}


def run(tournament: Tournament) -> TournamentResult:
    """Play the whole tournament in this process and summarise it."""
    records = play_chunk(payload(tournament), plan(tournament))
    return summarise(records, tournament.describe(), tournament.strategies)


__all__ = ["Design", "Negotiation", "Plan", "Tournament", "TournamentError", "TournamentResult", "chunked", "mean_interval",
           "negotiation_seed", "payload", "plan", "play_chunk", "run", "score", "summarise", "t_quantile", "wilson"]

from .._callable import make_callable  # noqa: E402  (accord.tournament(...) is the entry point of accord._api)

make_callable(__name__)

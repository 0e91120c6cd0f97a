"""Playing a chunk of tournament negotiations (pure: the same chunk always gives the same records).

A record scores a negotiation the ANAC way: each party gets the utility of
the agreement, or its reservation value when there is none (deadline or
walkout). The final point (that vector of utilities) is also measured against
the scenario's Pareto frontier and Nash point, and its sum is the social
welfare, so a failed negotiation is penalised on every measure rather than
left out.

Strategies and mediators that declare ``stochastic = False`` play the same
negotiation whatever the seed (the rule of
:func:`accord.simulation.engine.identical_runs`, shared with batches):
within a chunk such a pairing is simulated once and its result reused for
the other repetitions, which is exact.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Sequence
from typing import Any, TypedDict

import numpy as np
import numpy.typing as npt

from ..analysis._analyze import rounded
from ..scenario import Scenario
from ..scenario.model import Option
from ..simulation import make_strategy, simulate
from ..simulation.engine import final_analysis, identical_runs
from ._plan import Negotiation


class Score(TypedDict):
    """How a negotiation ended for its parties (:func:`score`)."""

    utilities: dict[str, float]  # party -> utility of the agreement, else its reservation value
    welfare: float
    distance_to_pareto: float | None  # None when the scenario has no frontier
    distance_to_nash: float | None  # None when it has no Nash point


class NegotiationRecord(Score):
    """One played negotiation (:func:`play_chunk`): what results stores keep and :func:`~accord.tournament.summarise`
    reads (as JSON, in the same layout)."""

    index: int
    scenario: str  # the scenario's label
    rep: int
    seed: int
    strategies: dict[str, str]  # party -> strategy label
    status: str  # agreement | deadline | walkout
    round: int
    walkout_by: str | None
    outcome: dict[str, Option] | None  # issue -> option of the agreement


_REFERENCES: weakref.WeakKeyDictionary[Scenario, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64] | None]] = (
    weakref.WeakKeyDictionary())


def references(scenario: Scenario) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64] | None]:
    """The scenario's Pareto frontier (k, n_parties) and Nash utilities, from the analysis the simulation's
    deal metrics already hold for it (computed once per live scenario)."""
    found = _REFERENCES.get(scenario)
    if found is None:
        parties = scenario.parties
        result = final_analysis(scenario)
        nash = result.solutions.get("nash")
        found = _REFERENCES[scenario] = (result.pareto.utilities(parties),
                                         np.array([nash.utilities[p] for p in parties]) if nash else None)
    return found


def score(scenario: Scenario, status: str, agreement: dict[str, Any] | None) -> Score:
    """Utilities (agreement, else reservations), welfare and distances to the frontier and the Nash point.

    distance_to_pareto = min_f ||u - f||_2 over frontier points f;
    distance_to_nash = ||u - u_nash||_2.
    """
    parties = scenario.parties
    if agreement is not None:
        point = np.array([agreement["utilities"][p] for p in parties], dtype=float)
    else:
        point = np.array([scenario.actors[p].reservation for p in parties], dtype=float)
    frontier, nash = references(scenario)
    return {
        "utilities": {p: rounded(u) for p, u in zip(parties, point)},
        "welfare": rounded(point.sum()),
        "distance_to_pareto": (rounded(float(np.min(np.linalg.norm(frontier - point, axis=1)))) if frontier.size
                               else None),
        "distance_to_nash": rounded(float(np.linalg.norm(nash - point))) if nash is not None else None,
    }


def play_chunk(payload: tuple[tuple[Scenario, ...], dict[str, Any]],
               chunk: Sequence[Negotiation]) -> list[NegotiationRecord]:
    """Records of the negotiations of ``chunk``, in its order.

    ``payload`` is (scenarios, options) where options hold ``rounds``,
    ``protocol``, ``events`` and ``full_information`` (passed to :func:`accord.simulation.simulate`),
    ``labels`` (the scenarios' labels in the records) and ``players`` (strategy label -> strategy; a
    label missing there is read as a spec). Each negotiation plays fresh copies of the strategies.
    """
    scenarios, options = payload
    labels = options["labels"]
    players = options.get("players") or {}
    sim = {key: options[key] for key in ("rounds", "protocol", "events", "full_information")}
    reused: dict[tuple[int, tuple[str, ...]], tuple[str, int, dict[str, Any] | None, str | None]] = {}
    records: list[NegotiationRecord] = []
    for unit in chunk:
        scenario = scenarios[unit.scenario]
        key = (unit.scenario, unit.assignment)
        outcome = reused.get(key)
        if outcome is None:
            chosen = {party: players.get(label) or make_strategy(label)
                      for party, label in zip(scenario.parties, unit.assignment)}
            # a copy per party: in self-play both parties hold the same strategy object, and one deepcopy of the
            # mapping would keep them one object, sharing its state (concessions made, opponent model)
            fresh = {party: copy.deepcopy(strategy) for party, strategy in chosen.items()}
            result = simulate(scenario, strategies=fresh, seed=unit.seed, trace=False, **sim)
            outcome = (result.status, result.round, result.agreement, result.walkout_by)
            if identical_runs(scenario.parties, chosen, protocol=sim["protocol"]) is not None:
                reused[key] = outcome
        status, round_, agreement, walkout_by = outcome
        records.append({
            "index": unit.index, "scenario": labels[unit.scenario], "rep": unit.rep, "seed": unit.seed,
            "strategies": dict(zip(scenario.parties, unit.assignment)), "status": status, "round": round_,
            "walkout_by": walkout_by, "outcome": agreement["outcome"] if agreement else None,
            **score(scenario, status, agreement),
        })
    return records


__all__ = ["NegotiationRecord", "Score", "play_chunk", "references", "score"]

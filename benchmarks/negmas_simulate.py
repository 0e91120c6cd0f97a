"""negmas negotiation-simulation throughput, for comparison with accord.

Run with the *benchmark* virtualenv, never with accord's own environment:

    .bench-venv/bin/python benchmarks/negmas_simulate.py DOMAIN.json \\
        --strategy boulware|aspiration --rounds N --runs K [--warmup W] [--seed S]

negmas is AGPL and is only ever imported here, in a separate process, so it
never becomes a dependency of accord.

The accord JSON scenario (exactly two ``party`` actors; see ``domains.py`` and
``accord.importers.genius``) becomes a negmas outcome space (one issue per accord
issue: categorical options as strings, a numeric issue as its grid of points)
and one ``LinearAdditiveUtilityFunction`` per party, with the weights
normalised to sum to 1, the per-option values as given (numeric issues: the
piecewise-linear function evaluated at each grid point) and
``reserved_value = reservation``.  So ``u(o) = sum_i w_i v_i(o_i) / sum_i w_i``
exactly as accord defines it.  Red lines and distributions are not supported
(the script stops with an error).

Each of the K negotiations is a fresh
``negmas.sao.SAOMechanism(n_steps=N, one_offer_per_step=True)`` (one offer
per step, like one of accord's rounds)
between two negotiators of the chosen kind (party order as in the file; the
first proposes first):

* ``boulware``   -- ``negmas.sao.BoulwareTBNegotiator`` (time-based,
  ``PolyAspiration(1.0, "boulware")``, deterministic: offers the worst outcome
  still above its aspiration);
* ``aspiration`` -- ``negmas.sao.AspirationNegotiator`` (defaults:
  ``aspiration_type="boulware"``, ``max_aspiration=1``, non-stochastic).

Timing (``time.perf_counter``): reading the file and building the outcome
space and utility functions are excluded; fresh utility functions are built
(untimed) for every run so that no negmas cache carries over from one
negotiation to the next.  The timed part of a run is creating the mechanism
and the two negotiators, adding them and ``mechanism.run()``;
``seconds_run_only`` is the ``run()`` calls alone.  ``--warmup W`` (default 1)
untimed negotiations run first, so that one-off costs of the process (negmas's
lazy imports, first-use initialisation) are not charged to the first run.  ``rounds_per_second`` is
the sum of the steps actually run (``mechanism.state.step``) divided by
``seconds_total``.

Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from negmas import __version__ as NEGMAS_VERSION
from negmas.outcomes import make_issue, make_os
from negmas.preferences import LinearAdditiveUtilityFunction
from negmas.sao import AspirationNegotiator, BoulwareTBNegotiator, SAOMechanism

STRATEGIES = {
    "boulware": BoulwareTBNegotiator,
    "aspiration": AspirationNegotiator,
}


class UnsupportedScenario(ValueError):
    """The scenario uses something this comparison does not model."""


def _grid(body: dict[str, Any]) -> list[int | float]:
    """The points of an accord numeric issue (both ends when hi - lo is a multiple of step)."""
    lo, hi = float(body["range"][0]), float(body["range"][1])
    step = float(body.get("step", 1))
    count = math.floor((hi - lo) / step + 1e-9) + 1
    points = []
    for k in range(count):
        x = round(lo + k * step, 9)
        points.append(int(x) if x == int(x) else x)
    return points


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UnsupportedScenario(f"{where}: expected a plain number, got {value!r} (distributions are not supported)")
    return float(value)


def load_problem(doc: dict[str, Any]) -> dict[str, Any]:
    """Everything needed to build the negmas objects, as plain data.

    Returns ``{"name", "issues": [(id, values)], "parties": [(id, weights, value_maps, reservation)]}``.
    """
    issues: list[tuple[str, list]] = []
    for iid, body in doc["issues"].items():
        if "options" in body:
            issues.append((iid, [str(o) for o in body["options"]]))
        else:
            issues.append((iid, _grid(body)))
    parties = [aid for aid, body in doc["actors"].items() if body.get("role", "party") == "party"]
    if len(parties) != 2:
        raise UnsupportedScenario(f"expected exactly two parties, got {len(parties)}: {', '.join(parties)}")
    result = []
    for aid in parties:
        actor = doc["actors"][aid]
        prefs = actor.get("preferences") or {}
        unknown = set(prefs) - {iid for iid, _ in issues}
        if unknown:
            raise UnsupportedScenario(f"actor {aid}: preferences on unknown issue(s) {sorted(unknown)}")
        raw_weights, value_maps = [], []
        for iid, values in issues:
            pref = prefs.get(iid)
            if pref is None:
                raw_weights.append(0.0)
                value_maps.append({v: 0.0 for v in values})
                continue
            for key in ("reject", "accept", "min", "max"):
                if key in pref:
                    raise UnsupportedScenario(f"actor {aid}, issue {iid}: red lines ({key}:) are not supported")
            raw_weights.append(_number(pref.get("weight", 1), f"actor {aid}, issue {iid}, weight"))
            given = pref.get("values") or {}
            if "options" in doc["issues"][iid]:
                vmap = {v: _number(given.get(v, 0.0), f"actor {aid}, issue {iid}, value {v}") for v in values}
            else:
                pts = sorted((float(x), _number(y, f"actor {aid}, issue {iid}, point {x}")) for x, y in given.items())
                if pts:
                    xs, ys = zip(*pts)
                    evaluated = np.interp(np.asarray(values, dtype=float), xs, ys)
                    vmap = {v: float(u) for v, u in zip(values, evaluated)}
                else:
                    vmap = {v: 0.0 for v in values}
            value_maps.append(vmap)
        total = sum(raw_weights)
        if total <= 0:
            raise UnsupportedScenario(f"actor {aid}: no issue with weight > 0")
        weights = [w / total for w in raw_weights]
        reservation = _number(actor.get("reservation", 0.0), f"actor {aid}, reservation")
        result.append((aid, weights, value_maps, reservation))
    return {"name": doc.get("name", "scenario"), "issues": issues, "parties": result}


def build_outcome_space(problem: dict[str, Any]):
    issues = []
    for iid, values in problem["issues"]:
        integral = all(isinstance(v, int) for v in values)
        if integral and len(values) > 1 and values == list(range(values[0], values[-1] + 1)):
            issues.append(make_issue(values=(values[0], values[-1]), name=iid))  # contiguous integers
        else:
            issues.append(make_issue(values=list(values), name=iid))
    return make_os(issues, name=str(problem["name"]))


def build_ufuns(problem: dict[str, Any], outcome_space) -> list[LinearAdditiveUtilityFunction]:
    ufuns = []
    for aid, weights, value_maps, reservation in problem["parties"]:
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=[dict(m) for m in value_maps],
                weights=list(weights),
                outcome_space=outcome_space,
                reserved_value=reservation,
                name=aid,
            )
        )
    return ufuns


def _negotiate(outcome_space, party_ids, ufuns, negotiator_type, rounds: int):
    """One negotiation; returns (final state, seconds to set up, seconds in run())."""
    t0 = time.perf_counter()
    # one offer per step, as accord's rounds: negmas's default lets every negotiator offer in each step (up to 2N
    # offers in N steps), which would compare N accord offers with up to 2N of negmas's
    mechanism = SAOMechanism(outcome_space=outcome_space, n_steps=rounds, one_offer_per_step=True)
    for aid, ufun in zip(party_ids, ufuns):
        mechanism.add(negotiator_type(name=aid), ufun=ufun)
    t1 = time.perf_counter()
    state = mechanism.run()
    t2 = time.perf_counter()
    return state, t1 - t0, t2 - t1


def simulate(
    problem: dict[str, Any], strategy: str, rounds: int, runs: int, warmup: int = 1
) -> dict[str, Any]:
    negotiator_type = STRATEGIES[strategy]
    outcome_space = build_outcome_space(problem)
    n_outcomes = int(outcome_space.cardinality)
    party_ids = [p[0] for p in problem["parties"]]

    seconds_total = seconds_run = 0.0
    per_run: list[float] = []
    steps_total = agreements = 0
    utilities_sum = [0.0, 0.0]
    # Untimed warm-up: the first negotiation in a process pays one-off costs
    # (negmas's lazy imports and first-use initialisation, ~40 ms here).
    for _ in range(warmup):
        _negotiate(outcome_space, party_ids, build_ufuns(problem, outcome_space), negotiator_type, rounds)
    for _ in range(runs):
        ufuns = build_ufuns(problem, outcome_space)  # untimed, fresh per run (no cache carry-over)
        state, setup, run = _negotiate(outcome_space, party_ids, ufuns, negotiator_type, rounds)
        seconds_total += setup + run
        seconds_run += run
        per_run.append(setup + run)
        steps_total += int(state.step)
        if state.agreement is not None:
            agreements += 1
            for k, ufun in enumerate(ufuns):
                utilities_sum[k] += float(ufun(state.agreement))

    return {
        "tool": "negmas",
        "negmas_version": NEGMAS_VERSION,
        "scenario": problem["name"],
        "strategy": strategy,
        "negotiator": f"{negotiator_type.__module__}.{negotiator_type.__qualname__}",
        "rounds": rounds,
        "runs": runs,
        "warmup": warmup,
        "outcomes": n_outcomes,
        "seconds_total": seconds_total,
        "seconds_run_only": seconds_run,
        "seconds_per_negotiation_min": min(per_run) if per_run else None,
        "seconds_per_negotiation_max": max(per_run) if per_run else None,
        "negotiations_per_second": runs / seconds_total if seconds_total > 0 else None,
        "rounds_per_second": steps_total / seconds_total if seconds_total > 0 else None,
        "agreements": agreements,
        "mean_steps": steps_total / runs if runs else None,
        "mean_agreement_utilities": (
            {aid: utilities_sum[k] / agreements for k, aid in enumerate(party_ids)} if agreements else None
        ),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time negmas SAO negotiations on an accord JSON scenario.")
    ap.add_argument("domain", type=Path, help="accord scenario (JSON), two parties")
    ap.add_argument("--strategy", choices=sorted(STRATEGIES), required=True)
    ap.add_argument("--rounds", type=int, required=True, help="n_steps of each SAOMechanism")
    ap.add_argument("--runs", type=int, default=1, help="number of negotiations (K)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed negotiations run first (default 1)")
    ap.add_argument("--seed", type=int, default=0, help="seed for Python's and numpy's global generators")
    ap.add_argument("--show-warnings", action="store_true", help="do not silence negmas warnings")
    args = ap.parse_args(argv)
    if args.rounds < 1 or args.runs < 1 or args.warmup < 0:
        ap.error("--rounds and --runs must be positive, --warmup >= 0")
    if not args.show_warnings:
        warnings.filterwarnings("ignore")
    random.seed(args.seed)
    np.random.seed(args.seed)
    with args.domain.open(encoding="utf-8") as fh:
        doc = json.load(fh)
    try:
        problem = load_problem(doc)
    except UnsupportedScenario as exc:
        print(f"negmas_simulate: {args.domain}: {exc}", file=sys.stderr)
        return 2
    result = simulate(problem, args.strategy, args.rounds, args.runs, warmup=args.warmup)
    result["seed"] = args.seed
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

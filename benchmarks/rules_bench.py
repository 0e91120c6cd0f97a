"""Analysis under decision rules with too many minimal winning sets to list (accord.analysis.enumerated).

    PYTHONPATH=src .venv/bin/python benchmarks/rules_bench.py

Times are ``analyze(unlock=False)`` in process (loading excluded), the best of 3 after a warm-up. Cases: the
example eu-nature-restoration-2024 (27 members, 16 outcomes, 55% of the members and 65% of the
population) and its variant; synthetic councils of n parties (two stances drawn at random, vote weights
1..80, reservations 0 or 0.3, three categorical issues of 4 options, qualified majority 55% / 65% of the
weight), seeded.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from accord.analysis import analyze  # noqa: E402
from accord.scenario import from_document, load  # noqa: E402


def council(n: int, seed: int) -> dict:
    rng = random.Random(seed)
    issues = {f"i{j}": {"options": [f"o{k}" for k in range(4)]} for j in range(3)}

    def stance() -> dict:
        return {iid: {"weight": rng.randint(1, 3), "values": {o: rng.choice([0, 0.5, 1, rng.random()])
                                                            for o in issue["options"]}}
                for iid, issue in issues.items()}

    stances = [stance(), stance()]
    actors = {f"p{k}": {"preferences": rng.choice(stances), "reservation": rng.choice([0, 0.3]),
                        "vote_weight": rng.randint(1, 80)} for k in range(n)}
    return {"accord": 1.1, "name": f"council {n}", "issues": issues, "actors": actors,
            "decision": {"rule": "qualified", "share": 0.55, "weight_share": 0.65}}


def best(scenario) -> tuple[float, object]:
    analyze(scenario, unlock=False)
    times, found = [], None
    for _ in range(3):
        start = time.perf_counter()
        found = analyze(scenario, unlock=False)
        times.append(time.perf_counter() - start)
    return min(times), found


def main() -> None:
    eu = load(ROOT / "src" / "accord" / "examples" / "eu-nature-restoration-2024" / "scenario.yaml")
    cases = {"eu-council": eu, "eu-council federal-states-split": eu.with_variant("federal-states-split")}
    for n in (27, 40, 60):
        for seed in (1, 2):
            cases[f"council n={n} seed={seed}"] = from_document(council(n, seed))
    rows = {}
    for name, scenario in cases.items():
        seconds, found = best(scenario)
        rows[name] = {"parties": len(scenario.parties), "outcomes": scenario.outcome_count,
                      "acceptable": found.acceptable, "pareto": len(found.pareto), "seconds": round(seconds, 4),
                      "not_computed": found.solutions_not_computed}
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()

"""negmas side of the tournament benchmark: ``cartesian_tournament`` on accord JSON scenarios.

Run with the *benchmark* virtualenv, never with accord's own environment:

    .bench-venv/bin/python benchmarks/negmas_tournament.py DIR [--reps 10] [--rounds 100]
        [--njobs -1] [--rotate-ufuns | --no-rotate-ufuns] [--competitors boulware,conceder,linear,tit-for-tat]

negmas is AGPL and is only ever imported here, in a separate process, so it
never becomes a dependency of accord.

Every ``*.json`` file of DIR (name order) is an accord scenario with two
parties; it becomes a negmas ``Scenario`` through the conversion of
``negmas_simulate.py`` (``load_problem``, ``build_outcome_space``,
``build_ufuns``: one ``LinearAdditiveUtilityFunction`` per party, so that
``u(o) = sum_i w_i v_i(o_i) / sum_i w_i`` exactly as accord defines it, with
the party's reservation as ``reserved_value``).

The tournament is ``negmas.tournaments.neg.cartesian_tournament`` with
``BoulwareTBNegotiator``, ``ConcederTBNegotiator``, ``LinearTBNegotiator``
and ``NaiveTitForTatNegotiator`` (``--competitors`` chooses among these and
``MiCRONegotiator``, by the names of the accord strategies they stand for:
boulware, conceder, linear, tit-for-tat, micro), ``n_repetitions``, ``n_steps``,
``self_play=True``, ``path=None`` (nothing written to disk), no plots
(``plot_fraction=0``, ``save_scenario_figs=False``), ``verbosity=0`` and
``normalize_ufuns=False`` (negmas would otherwise rescale every utility
function to [0, 1], reservation included, and the games would no longer be
accord's). Everything else keeps negmas's defaults (``save_stats=True``:
Pareto frontier, Nash and Kalai points of every scenario, as accord computes
the frontier and Nash point for its distances).

``njobs``, as negmas documents and implements it (``cartesian_tournament``
docstring; ``run_serially`` in ``tournaments/neg/simple/cartesian.py``):
``-1`` runs serially in this process, ``0`` uses every core (process pool),
``N > 0`` uses N processes.

Size: with self-play, negmas plays every ordered pair of competitors
(``itertools.product``, 16 for 4 strategies) on every scenario, and
``rotate_ufuns=True`` adds, for two parties, the scenario with the utility
functions swapped (the second party then proposes first): 32 x scenarios x
reps negotiations. ``--no-rotate-ufuns`` gives 16 x scenarios x reps, the
same negotiations as accord's tournament (every ordered assignment of
strategies to the parties, the first party proposing first).

Timed with ``time.perf_counter``: the ``cartesian_tournament`` call only
(reading the files and building the negmas scenarios are reported apart as
``load_seconds``). Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

T_IMPORT = time.perf_counter()
from negmas import __version__ as NEGMAS_VERSION  # noqa: E402
from negmas.inout import Scenario  # noqa: E402
from negmas.sao import (  # noqa: E402
    BoulwareTBNegotiator,
    ConcederTBNegotiator,
    LinearTBNegotiator,
    MiCRONegotiator,
    NaiveTitForTatNegotiator,
)
from negmas.tournaments.neg import cartesian_tournament  # noqa: E402
from negmas_simulate import build_outcome_space, build_ufuns, load_problem  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - T_IMPORT

# negmas competitor -> the accord strategy it stands for
COMPETITORS = {
    BoulwareTBNegotiator: "boulware",
    ConcederTBNegotiator: "conceder",
    LinearTBNegotiator: "linear",
    NaiveTitForTatNegotiator: "tit-for-tat",
    MiCRONegotiator: "micro",
}
DEFAULT = ("boulware", "conceder", "linear", "tit-for-tat")


def scenarios_from(folder: Path) -> list[Scenario]:
    scenarios = []
    for path in sorted(folder.glob("*.json")):
        with path.open(encoding="utf-8") as fh:
            problem = load_problem(json.load(fh))
        outcome_space = build_outcome_space(problem)
        scenarios.append(Scenario(outcome_space=outcome_space, ufuns=tuple(build_ufuns(problem, outcome_space)),
                                  name=path.stem))
    if not scenarios:
        raise SystemExit(f"negmas_tournament: {folder}: no .json scenario")
    return scenarios


def per_strategy(scores) -> dict[str, dict[str, float | int]]:
    """Agreement rate and mean utility per strategy, over every (negotiation, negotiator) row."""
    names = {cls.__name__: name for cls, name in COMPETITORS.items()}
    out = {}
    for strategy, rows in scores.groupby("strategy"):
        out[names.get(strategy, strategy)] = {
            "observations": int(len(rows)),
            "agreement_rate": float(rows["session_agreement_reached"].astype(float).mean()),
            "utility": float(rows["utility"].astype(float).mean()),
        }
    return out


def per_pairing(scores) -> dict[str, dict[str, float | int]]:
    """The same per (strategy, the other side's strategy), keyed ``"strategy vs other"``."""
    names = {cls.__name__: name for cls, name in COMPETITORS.items()}
    out = {}
    for (strategy, partner), rows in scores.groupby(["strategy", "partners"]):
        out[f"{names.get(strategy, strategy)} vs {names.get(partner, partner)}"] = {
            "observations": int(len(rows)),
            "agreement_rate": float(rows["session_agreement_reached"].astype(float).mean()),
            "utility": float(rows["utility"].astype(float).mean()),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time negmas's cartesian_tournament on accord JSON scenarios.")
    ap.add_argument("folder", type=Path, help="folder of accord scenarios (JSON, two parties each)")
    ap.add_argument("--reps", type=int, default=10, help="n_repetitions (default 10)")
    ap.add_argument("--rounds", type=int, default=100, help="n_steps (default 100)")
    ap.add_argument("--njobs", type=int, default=-1, help="-1 serial in this process, 0 every core, N processes")
    ap.add_argument("--rotate-ufuns", action=argparse.BooleanOptionalAction, default=True,
                    help="rotate_ufuns (default on)")
    ap.add_argument("--competitors", default=",".join(DEFAULT),
                    help=f"comma-separated, among {', '.join(COMPETITORS.values())} (default {','.join(DEFAULT)})")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    by_name = {name: cls for cls, name in COMPETITORS.items()}
    wanted = [c.strip() for c in args.competitors.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in by_name]
    if unknown or not wanted:
        ap.error(f"--competitors: unknown {', '.join(unknown) or '(none given)'}; known: {', '.join(by_name)}")
    competitors = [by_name[c] for c in wanted]

    start = time.perf_counter()
    scenarios = scenarios_from(args.folder)
    load_seconds = time.perf_counter() - start

    start = time.perf_counter()
    # negmas draws a progress bar on stdout even at verbosity 0: keep stdout for the JSON result
    with contextlib.redirect_stdout(sys.stderr):
        results = cartesian_tournament(
            competitors, scenarios, n_repetitions=args.reps, n_steps=args.rounds, self_play=True,
            rotate_ufuns=args.rotate_ufuns, njobs=args.njobs, path=None, verbosity=0, plot_fraction=0.0,
            save_scenario_figs=False, normalize_ufuns=False,
            # one offer per step, as accord's rounds (negmas's default lets both sides offer in each step)
            mechanism_params={"one_offer_per_step": True})
    seconds = time.perf_counter() - start

    details = results.details
    agreements = int(details["agreement"].notna().sum())
    print(json.dumps({
        "tool": "negmas",
        "negmas_version": NEGMAS_VERSION,
        "scenarios": [s.name for s in scenarios],
        "reps": args.reps,
        "rounds": args.rounds,
        "njobs": args.njobs,
        "rotate_ufuns": args.rotate_ufuns,
        "competitors": wanted,
        "negotiations": int(len(details)),
        "errors": int(details["has_error"].astype(bool).sum()),
        "agreements": agreements,
        "agreement_rate": agreements / len(details) if len(details) else None,
        "mean_steps": float(details["step"].astype(float).mean()) if len(details) else None,
        "strategies": per_strategy(results.scores),
        "pairings": per_pairing(results.scores),
        "seconds": seconds,
        "load_seconds": load_seconds,
        "import_seconds": IMPORT_SECONDS,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

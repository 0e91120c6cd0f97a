"""Agreement rate of the BOA agents on the bilateral ANAC domains (``make bench``).

    .venv/bin/python benchmarks/agreement_rate.py [--corpus ../shared/data] [--rounds 100] [--seeds 3]
        [--deadlines 2,5,10,20] [--max-outcomes 20000] [--workers 2] [--markdown OUT] [--json OUT]

Domains: every folder of ``genius-anac/*/*`` with one domain file and
exactly two profiles (bilateral), imported with
``accord.importers.read_genius(..., normalise_weights=True)``. Folders with
three or more profiles (ANAC 2015-2016, multilateral), utility spaces accord
cannot import exactly (the non-linear ANAC 2014 domains) and spaces above
``--max-outcomes`` outcomes are listed as skipped with the reason. Of the
rest, those whose ZOPA (``analyze(scenario).acceptable``: red lines and
reservations) is non-empty are kept. Discount factors of the profiles are not
used (the runs are undiscounted).

Agents: the time-dependent BOA agents ``boulware``, ``linear`` and
``conceder`` with their defaults (opponent model ``auto``, which without full
information is the frequency model of HardHeaded, and AC_next), and the ANAC
classics ``hardheaded``, ``agentk``, ``nice-tit-for-tat``, ``cuhkagent``,
``atlas3``, ``micro`` and ``gahboninho``. Every unordered pairing of these
ten (self-play included) plays every kept domain, ``--rounds`` rounds,
without full information:

- a pairing of two different agents plays both ways round (X as the
  domain's first profile and Y as the second, and the reverse), each with
  either profile proposing first: four configurations; self-play plays two
  (either profile first);
- a configuration in which some agent draws random numbers (``agentk``,
  ``micro``: ``Traits.stochastic``) plays ``--seeds`` seeds; one in which
  none does gives the same negotiation for every seed
  (``accord.simulation.engine.identical_runs``), so it is played once, which
  is exact.

A configuration's agreement rate is its share of seeds ending in agreement;
a domain's or a pairing's rate is the mean over its configurations (each
configuration counts once, whatever its number of seeds). The headline
(target: at least 90%) is the rate of the six pairings of the time-dependent
BOA agents at ``--rounds``; those six pairings also play every kept domain
at each of the shorter ``--deadlines``, where the frequency model has fewer
offers to learn from. For the BOA runs that end without agreement, the last
offer of the talks is classified: below the responder's reservation or
across its red lines (the proposer, at its own floor, offered what its
frequency model rated best for the other side, but the other side cannot
accept it), or acceptable to the responder (refused by its acceptance
condition).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from crosscheck_negmas import classify  # noqa: E402

from accord.analysis import analyze  # noqa: E402
from accord.importers import ConversionError, read_genius  # noqa: E402
from accord.scenario import Scenario, from_document  # noqa: E402
from accord.simulation import simulate  # noqa: E402
from accord.simulation.engine import identical_runs  # noqa: E402
from accord.simulation.table import build_table  # noqa: E402

CORPUS = HERE.parent.parent / "shared" / "data"
BOA = ("boulware", "linear", "conceder")
CLASSICS = ("hardheaded", "agentk", "nice-tit-for-tat", "cuhkagent", "atlas3", "micro", "gahboninho")
AGENTS = BOA + CLASSICS


def pairings() -> list[tuple[str, str]]:
    """Every unordered pairing of AGENTS, self-play included, in a fixed order."""
    return [(x, y) for i, x in enumerate(AGENTS) for y in AGENTS[i:]]


def configurations(x: str, y: str, parties: tuple[str, ...]) -> list[tuple[dict[str, str], str]]:
    """(strategies, first proposer) of a pairing: both ways round when x != y, either profile first."""
    a, b = parties
    ways = [{a: x, b: y}] if x == y else [{a: x, b: y}, {a: y, b: x}]
    return [(way, first) for way in ways for first in (a, b)]


def load_domains(corpus: Path, max_outcomes: int) -> tuple[list[tuple[str, dict]], list[tuple[str, str, str]]]:
    """(label, document) of the kept domains, and (label, reason, detail) of the skipped ones."""
    kept, skipped = [], []
    for folder in sorted(p for p in (corpus / "genius-anac").glob("*/*") if p.is_dir()):
        label = f"{folder.parent.name}/{folder.name}"
        domains, profiles, _ = classify(folder)
        if len(domains) != 1 or len(profiles) != 2:
            skipped.append((label, "not bilateral", f"{len(profiles)} profiles"))
            continue
        try:
            doc = read_genius(domains[0], profiles, normalise_weights=True)
        except ConversionError as exc:
            skipped.append((label, f"not imported exactly: {exc.reason.split('(')[0].strip()}", ""))
            continue
        scenario = from_document(doc)
        if scenario.outcome_count > max_outcomes:
            skipped.append((label, f"above {max_outcomes:,} outcomes", f"{scenario.outcome_count:,}"))
            continue
        if analyze(scenario, unlock=False).acceptable == 0:
            skipped.append((label, "empty ZOPA", ""))
            continue
        kept.append((label, doc))
    return kept, skipped


def last_offer_kind(scenario: Scenario, strategies: dict[str, str], first: str, rounds: int, seed: int) -> str:
    """Why a run without agreement failed, read from its last offer: 'unacceptable to the responder' (below its
    reservation or across its red lines) or 'refused' (acceptable, but its acceptance condition said no)."""
    result = simulate(scenario, strategies=strategies, rounds=rounds, seed=seed, first=first)
    last = [row for row in result.trace if row.offer is not None][-1]
    table = build_table(scenario)
    offer = table.index_of(last.offer)
    responder = next(p for p in scenario.parties if p != last.proposer)
    return "refused" if table.acceptable[table.party_index(responder), offer] else "unacceptable to the responder"


def play(scenario: Scenario, pairs: list[tuple[str, str]], rounds: int, seeds: int) -> tuple[dict[str, list[float]], dict[str, int], int]:
    """Every configuration of ``pairs`` at one deadline: per pairing, each configuration's share of seeds agreed;
    the BOA runs without agreement by their last offer's kind; the number of negotiations played."""
    parties = scenario.parties
    rates: dict[str, list[float]] = {}
    failures: dict[str, int] = defaultdict(int)
    runs = 0
    for x, y in pairs:
        per_config = []
        for strategies, first in configurations(x, y, parties):
            played = [0] if identical_runs(parties, strategies) else list(range(seeds))
            agreed = 0
            for seed in played:
                result = simulate(scenario, strategies=strategies, rounds=rounds, seed=seed, first=first, trace=False)
                runs += 1
                if result.status == "agreement":
                    agreed += 1
                elif x in BOA and y in BOA:
                    failures[last_offer_kind(scenario, strategies, first, rounds, seed)] += 1
            per_config.append(agreed / len(played))
        rates[f"{x} vs {y}"] = per_config
    return rates, dict(failures), runs


def play_domain(job: tuple[str, dict, int, int, tuple[int, ...]]) -> dict[str, Any]:
    """One domain: every pairing at ``rounds``; the BOA pairings alone at each shorter deadline."""
    label, doc, rounds, seeds, deadlines = job
    scenario = from_document(doc)
    start = time.perf_counter()
    rates, failures, runs = play(scenario, pairings(), rounds, seeds)
    boa_pairs = [(x, y) for x, y in pairings() if x in BOA and y in BOA]
    by_deadline = {}
    for deadline in deadlines:
        short, short_failures, n = play(scenario, boa_pairs, deadline, seeds)
        by_deadline[deadline] = {"rates": short, "failures": short_failures}
        runs += n
    table = build_table(scenario)
    return {"domain": label, "outcomes": scenario.outcome_count,
            "reservations": [float(r) for r in table.reservations],
            "zopa": analyze(scenario, unlock=False).acceptable, "rates": rates, "failures": failures,
            "by_deadline": by_deadline, "runs": runs, "seconds": time.perf_counter() - start}


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def is_boa(pairing: str) -> bool:
    x, _, y = pairing.partition(" vs ")
    return x in BOA and y in BOA


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Rates per domain (BOA pairings, all pairings), per pairing, overall, and of the BOA pairings by deadline."""
    per_domain = []
    by_pairing: dict[str, list[float]] = defaultdict(list)
    boa_all: list[float] = []
    everything: list[float] = []
    failures: dict[str, int] = defaultdict(int)
    deadlines: dict[int, list[float]] = defaultdict(list)
    deadline_failures: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    short_domains: dict[int, dict[str, float]] = defaultdict(dict)
    for r in results:
        boa = [v for p, vs in r["rates"].items() if is_boa(p) for v in vs]
        every = [v for vs in r["rates"].values() for v in vs]
        per_domain.append({"domain": r["domain"], "outcomes": r["outcomes"], "reservations": r["reservations"],
                           "zopa": r["zopa"], "boa": mean(boa), "all": mean(every), "boa_failures": r["failures"]})
        boa_all += boa
        everything += every
        for p, vs in r["rates"].items():
            by_pairing[p] += vs
        for kind, n in r["failures"].items():
            failures[kind] += n
        for deadline, found in r["by_deadline"].items():
            values = [v for vs in found["rates"].values() for v in vs]
            deadlines[deadline] += values
            short_domains[deadline][r["domain"]] = mean(values)
            for kind, n in found["failures"].items():
                deadline_failures[deadline][kind] += n
    return {"domains": per_domain, "pairings": {p: mean(v) for p, v in by_pairing.items()},
            "boa": mean(boa_all), "all": mean(everything), "boa_failures": dict(failures),
            "by_deadline": {d: {"boa": mean(v), "failures": dict(deadline_failures[d]),
                                "below_90": {k: x for k, x in short_domains[d].items() if x < 0.9}}
                            for d, v in sorted(deadlines.items())},
            "runs": sum(r["runs"] for r in results)}


def render(summary: dict[str, Any], skipped: list[tuple[str, str, str]], args: argparse.Namespace, seconds: float) -> str:
    pct = "{:.1%}".format
    lines = [f"{len(summary['domains'])} domains with a non-empty ZOPA, {len(pairings())} pairings at {args.rounds} "
             f"rounds and the 6 BOA pairings at {', '.join(map(str, args.deadlines))} rounds: "
             f"{summary['runs']:,} negotiations in {seconds:.0f} s ({args.workers} worker processes).", "",
             f"**Time-dependent BOA agents (boulware, linear, conceder; frequency model; AC_next), {args.rounds} "
             f"rounds: {pct(summary['boa'])}** (target 90%: {'met' if summary['boa'] >= 0.9 else 'not met'}). "
             f"All pairings, classics included: {pct(summary['all'])}.", ""]
    failures = summary["boa_failures"]
    if failures:
        lines += ["BOA runs without agreement, by their last offer: "
                  + ", ".join(f"{kind}: {n}" for kind, n in sorted(failures.items())) + ".", ""]
    if summary["by_deadline"]:
        lines += ["| deadline (rounds) | BOA agreement rate | runs without agreement, by last offer | domains below 90% |",
                  "|---:|---:|---|---|"]
        for deadline, found in summary["by_deadline"].items():
            kinds = ", ".join(f"{k}: {n}" for k, n in sorted(found["failures"].items()))
            low = ", ".join(f"{k} {pct(x)}" for k, x in sorted(found["below_90"].items()))
            lines.append(f"| {deadline} | {pct(found['boa'])} | {kinds} | {low} |")
        lines.append("")
    lines += ["| pairing | agreement rate |", "|---|---:|"]
    for p, rate in sorted(summary["pairings"].items(), key=lambda item: (not is_boa(item[0]), -item[1], item[0])):
        lines.append(f"| {p} | {pct(rate)} |")
    lines += ["", "| domain | outcomes | reservations | ZOPA | BOA pairings | all pairings | BOA failures |",
              "|---|---:|---|---:|---:|---:|---|"]
    for d in summary["domains"]:
        fails = ", ".join(f"{k}: {n}" for k, n in sorted(d["boa_failures"].items())) or ""
        reservations = " / ".join(f"{r:g}" for r in d["reservations"])
        lines.append(f"| {d['domain']} | {d['outcomes']:,} | {reservations} | {d['zopa']:,} | {pct(d['boa'])} | "
                     f"{pct(d['all'])} | {fails} |")
    groups: dict[str, list[str]] = defaultdict(list)
    for label, why, detail in skipped:
        groups[why].append(f"{label} ({detail})" if detail else label)
    lines += ["", "Skipped:"] + [f"- {why}: {', '.join(labels)}" for why, labels in groups.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder holding genius-anac/")
    ap.add_argument("--rounds", type=int, default=100, help="deadline in rounds (default 100)")
    ap.add_argument("--deadlines", type=lambda text: tuple(int(x) for x in text.split(",") if x), default=(2, 5, 10, 20),
                    help="shorter deadlines at which the BOA pairings also play (default 2,5,10,20; '' for none)")
    ap.add_argument("--seeds", type=int, default=3, help="seeds of a configuration with a stochastic agent (default 3)")
    ap.add_argument("--max-outcomes", type=int, default=20_000, help="skip larger domains (default 20,000)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--markdown", type=Path, help="also write the report here")
    ap.add_argument("--json", type=Path, help="write the per-domain results here")
    args = ap.parse_args(argv)
    if not (args.corpus / "genius-anac").is_dir():
        print(f"no corpus at {args.corpus / 'genius-anac'}; pass --corpus", file=sys.stderr)
        return 2
    start = time.perf_counter()
    kept, skipped = load_domains(args.corpus, args.max_outcomes)
    jobs = [(label, doc, args.rounds, args.seeds, args.deadlines) for label, doc in kept]
    jobs.sort(key=lambda job: -from_document(job[1]).outcome_count)  # largest first: better balance
    if args.workers > 1:
        with ProcessPoolExecutor(args.workers) as pool:
            results = list(pool.map(play_domain, jobs))
    else:
        results = [play_domain(job) for job in jobs]
    results.sort(key=lambda r: r["domain"])
    seconds = time.perf_counter() - start
    summary = summarise(results)
    report = render(summary, skipped, args, seconds)
    print(report)
    if args.markdown:
        args.markdown.write_text(report + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "domains": results, "skipped": skipped}, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

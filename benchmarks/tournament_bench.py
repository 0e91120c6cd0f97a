"""Tournament benchmark: accord's tournaments against negmas's ``cartesian_tournament``, in one run.

    .venv/bin/python benchmarks/tournament_bench.py --peer .bench-venv/bin/python
        [--reps 10] [--rounds 100] [--repeat 3] [--skip-ray] [--skip-rotated] [--profile] [--json OUT]
    .venv/bin/python benchmarks/tournament_bench.py --peer .bench-venv/bin/python --cross-check [--json OUT]

Ten bilateral, linear-additive ANAC domains of ``../shared/data/genius-anac``
(``DOMAINS``: 180 to 12,000 outcomes) are imported with
``accord.importers.read_genius`` (the domain file and the first two profiles
in name order) into accord JSON scenarios in a temporary folder; both tools
read those same files.

The tournament: boulware, conceder, linear and tit-for-tat, self-play on,
every ordered assignment of strategies to the two parties (both role
orders), 10 repetitions, 100 rounds: 4 x 4 x 10 domains x 10 = 1,600
negotiations. accord runs it with ``accord.backends.tournament.run_tournament``
on the local backend (1 and 2 worker processes) and on Ray (1 and 2 CPUs):

* "Ray, private instance": ``backend="ray", address=None``, the instance
  started and stopped inside the timed call, as a one-off command does;
* "Ray, running instance": a local Ray instance with 1 or 2 CPUs held open by
  a helper process; one untimed run first, then the timed runs connect to it
  (``address=``), so Ray's start-up is not in the time. The difference between
  the two is Ray's start-up and shut-down.

accord plays the repetitions of a deterministic pairing (these four
strategies draw no random numbers) once per chunk and reuses the result,
which is exact. Chunks hold ``--chunk`` negotiations (default 20, two
pairings); ``chunk=1`` switches the reuse off, every negotiation being
simulated: those rows are marked "no reuse".

negmas (``negmas_tournament.py`` in the peer's environment) runs serially
(``njobs=-1``) and on every core (``njobs=0``: 2 processes here). negmas with
``rotate_ufuns=True`` also plays every scenario with the utility functions
swapped, so that the second party proposes first: twice as many
negotiations. The main table compares equal work: negmas with
``rotate_ufuns=False`` plays exactly accord's 1,600 negotiations. A second
table ("rotated") runs negmas with ``rotate_ufuns=True`` (3,200) against
accord on the ten domains plus the same ten with the parties' order swapped
(3,200, the same games).

``--cross-check`` runs only the comparison of results (issue 15): the
agents both tools have, boulware, conceder, linear, tit-for-tat and MiCRO
(accord ``micro``, negmas ``MiCRONegotiator``), in the same tournament on
the same ten domains (self-play, both role orders, ``--reps`` repetitions,
``--rounds`` rounds, negmas with ``rotate_ufuns=False`` and one offer per
step), and prints per agent the agreement rate, the mean utility and the
rank by mean utility (ties: agreement rate, then name, accord's rule,
applied to both) side by side. Times are not compared there.

Every measurement runs in a fresh process (the accord side is this script
with ``--side``); times are wall clock of the tournament call, reading the
scenario files excluded, the minimum of ``--repeat`` runs for accord (1 run
for negmas, whose runs take minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CORPUS = HERE.parent.parent / "shared" / "data" / "genius-anac"
STRATEGIES = ("boulware", "conceder", "linear", "tit-for-tat")
CROSS_CHECK = (*STRATEGIES, "micro")  # the agents both tools have (issue 15)
# Scaling with workers needs work that outweighs starting them: 8 time-dependent strategies (64 distinct pairings
# per domain, nothing to reuse across repetitions), one repetition, 1,000 rounds.
SCALING_STRATEGIES = tuple(f"time-dependent:exponent={e}" for e in (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10))

# Bilateral linear-additive ANAC domains, 180 to 12,000 outcomes, one per domain family.
DOMAINS = (
    "y2010/ItexvsCypress",        # 180 outcomes
    "y2011/IS_BT_Acquisition",    # 384
    "y2010/EnglandZimbabwe",      # 576
    "y2013/Icecream",             # 720
    "y2011/Grocery",              # 1,600
    "y2011/Amsterdam",            # 3,024
    "y2012/FitnessB",             # 3,520 (reservations 0.25)
    "y2011/Camera",               # 3,600
    "y2012/MusicCollectionC",     # 4,320
    "y2013/SmartPhone",           # 12,000 (reservations 0.6)
)

# Keeps a private local Ray instance open until its stdin closes (the "running instance" rows).
HOLD_RAY = """
import sys, ray
context = ray.init(num_cpus=int(sys.argv[1]), include_dashboard=False, log_to_driver=False)
print(context.address_info["address"], flush=True)
sys.stdin.read()
ray.shutdown()
"""


# -- preparing the scenarios -------------------------------------------------------------------------------

def import_domains(folder: Path) -> tuple[Path, Path, list[dict[str, Any]]]:
    """Write the ten scenarios to ``folder/plain`` and, with each also in swapped party order, to ``folder/both``."""
    from crosscheck_negmas import classify
    from domains import write_domain

    from accord.importers import read_genius
    from accord.scenario import from_document

    plain, both = folder / "plain", folder / "both"
    info = []
    for name in DOMAINS:
        domains, profiles, _ = classify(CORPUS / name)
        if len(domains) != 1 or len(profiles) < 2:
            raise SystemExit(f"{CORPUS / name}: expected one domain file and two profiles")
        doc = read_genius(domains[0], profiles[:2])
        stem = name.replace("/", "-")
        write_domain(plain / f"{stem}.json", doc)
        write_domain(both / f"{stem}.json", doc)
        swapped = {**doc, "actors": dict(reversed(list(doc["actors"].items())))}
        write_domain(both / f"{stem}~swapped.json", swapped)
        model = from_document(doc)
        info.append({"domain": name, "outcomes": model.outcome_count, "profiles": [p.name for p in profiles[:2]],
                     "reservations": [model.actors[p].reservation for p in model.parties]})
    return plain, both, info


# -- the accord side (run in a fresh process: ``--side``) ---------------------------------------------------

def pairings(records: tuple[dict[str, Any], ...]) -> dict[str, dict[str, float | int]]:
    """Per (strategy, the other party's strategy), keyed ``"strategy vs other"``: observations, agreement rate
    and mean utility (of the deal, or the reservation), every (negotiation, party) one observation."""
    seen: dict[str, list[tuple[bool, float]]] = {}
    for r in records:
        (a, sa), (b, sb) = r["strategies"].items()
        for party, mine, theirs in ((a, sa, sb), (b, sb, sa)):
            seen.setdefault(f"{mine} vs {theirs}", []).append((r["status"] == "agreement", r["utilities"][party]))
    return {key: {"observations": len(rows), "agreement_rate": sum(d for d, _ in rows) / len(rows),
                  "utility": sum(u for _, u in rows) / len(rows)} for key, rows in sorted(seen.items())}


def accord_side(args: argparse.Namespace) -> None:
    start = time.perf_counter()
    from accord import load
    from accord.backends.tournament import run_tournament
    from accord.tournament import Tournament, chunked, plan
    import_seconds = time.perf_counter() - start

    start = time.perf_counter()
    files = sorted(Path(args.side).glob("*.json"))
    scenarios = tuple(load(f) for f in files)
    load_seconds = time.perf_counter() - start
    tournament = Tournament(tuple(args.strategies.split(";")), scenarios, reps=args.reps, rounds=args.rounds, seed=0, self_play=True,
                            labels=tuple(f.stem for f in files))
    options = {"backend": args.backend, "workers": args.workers, "address": args.address, "chunk": args.chunk}
    warmup = None
    if args.address:  # a running instance: one untimed run first
        start = time.perf_counter()
        run_tournament(tournament, **options)
        warmup = time.perf_counter() - start
    runs = []
    profiler = None
    for _ in range(args.side_repeat):
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        start = time.perf_counter()
        run = run_tournament(tournament, **options)
        runs.append(time.perf_counter() - start)
        if profiler:
            profiler.disable()
    # pairings simulated: one per (chunk, scenario, assignment) when every strategy is deterministic
    simulated = sum(len({(u.scenario, u.assignment) for u in c}) for c in chunked(plan(tournament), args.chunk))
    agreements = sum(r["status"] == "agreement" for r in run.records)
    print(json.dumps({
        "tool": "accord", **options, "reps": args.reps, "rounds": args.rounds, "scenarios": len(scenarios),
        "negotiations": run.result.negotiations, "simulated": simulated, "agreements": agreements,
        "agreement_rate": agreements / len(run.records),
        "strategies": {row["strategy"]: {"observations": row["observations"],
                                         "agreement_rate": row["agreement_rate"]["mean"],
                                         "utility": row["utility"]["mean"]} for row in run.result.ranking},
        "pairings": pairings(run.records),
        "seconds": min(runs), "runs": runs, "warmup_seconds": warmup, "load_seconds": load_seconds,
        "import_seconds": import_seconds,
    }))
    if profiler:
        import io
        import pstats

        for order in ("tottime", "cumulative"):
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).strip_dirs().sort_stats(order).print_stats(args.profile)
            print(f"--- profile, sorted by {order} ---\n{text.getvalue()}", file=sys.stderr)


# -- the driver ----------------------------------------------------------------------------------------------

def run_json(command: list[str], env: dict[str, str] | None = None, show_stderr: bool = False) -> dict[str, Any]:
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    if proc.returncode:
        tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
        raise SystemExit(f"failed: {' '.join(command)}\n{tail}")
    if show_stderr:
        print(proc.stderr, file=sys.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def accord(folder: Path, args: argparse.Namespace, *, backend: str = "local", workers: int = 1, chunk: int = 20,
           address: str | None = None, repeat: int | None = None, profile: int = 0,
           strategies: tuple[str, ...] = STRATEGIES, reps: int | None = None,
           rounds: int | None = None) -> dict[str, Any]:
    """The best of ``repeat`` runs, each in a fresh process (a running Ray instance: one process, warmed first)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--side", str(folder), "--backend", backend,
               "--workers", str(workers), "--chunk", str(chunk), "--reps", str(reps or args.reps),
               "--rounds", str(rounds or args.rounds), "--strategies", ";".join(strategies)]
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    if address:
        env.pop("RAY_ADDRESS", None)
        env["RAY_AUTH_MODE"] = "token"  # Ray 2.60 local instances require their token (in ~/.ray) to join
        return run_json([*command, "--address", address, "--side-repeat", str(repeat or args.repeat)], env)
    # address=None: Ray would join a cluster that ``ray start`` left running on this machine (or RAY_ADDRESS);
    # "local" makes it start a private instance, as it does on a machine without one
    env["RAY_ADDRESS"] = "local"
    if profile:
        return run_json([*command, "--profile", str(profile)], env, show_stderr=True)
    results = [run_json(command, env) for _ in range(repeat or args.repeat)]
    best = min(results, key=lambda r: r["seconds"])
    best["runs"] = [r["seconds"] for r in results]
    return best


class RunningRay:
    """A local Ray instance with ``cpus`` CPUs, held open by a helper process until ``close``."""

    def __init__(self, cpus: int):
        env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_ADDRESS": "local"}
        self.proc = subprocess.Popen([sys.executable, "-c", HOLD_RAY, str(cpus)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        self.address = self.proc.stdout.readline().strip()
        if not self.address:
            self.close()
            raise SystemExit("could not start a local Ray instance")

    def close(self) -> None:
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def negmas(peer: str, folder: Path, args: argparse.Namespace, *, njobs: int, rotate: bool,
           competitors: tuple[str, ...] = STRATEGIES) -> dict[str, Any]:
    return run_json([peer, str(HERE / "negmas_tournament.py"), str(folder), "--reps", str(args.reps),
                     "--rounds", str(args.rounds), "--njobs", str(njobs),
                     "--rotate-ufuns" if rotate else "--no-rotate-ufuns", "--competitors", ",".join(competitors)])


def ranks(scores: dict[str, dict[str, Any]]) -> dict[str, int]:
    """1-based rank by mean utility; ties by agreement rate, then name (accord's ranking rule)."""
    order = sorted(scores, key=lambda name: (-scores[name]["utility"], -scores[name]["agreement_rate"], name))
    return {name: k + 1 for k, name in enumerate(order)}


def cross_check(folder: Path, args: argparse.Namespace, measured: dict[str, Any]) -> None:
    """The agents both tools have, in the same tournament: results side by side (no timing)."""
    mine = accord(folder, args, strategies=CROSS_CHECK, repeat=1)
    theirs = negmas(args.peer, folder, args, njobs=-1, rotate=False, competitors=CROSS_CHECK) if args.peer else None
    measured["cross_check"] = {"accord": mine, "negmas": theirs}
    print(f"Cross-check: {', '.join(CROSS_CHECK)}; {len(DOMAINS)} domains x {args.reps} repetitions, "
          f"{args.rounds} rounds, self-play, both role orders: accord {mine['negotiations']:,} negotiations, "
          f"negmas {theirs['negotiations']:,}" if theirs else "negmas not run (no --peer)")
    print()
    print("| agent | accord agreement rate | negmas agreement rate | accord mean utility | negmas mean utility "
          "| accord rank | negmas rank |")
    print("|---|---|---|---|---|---|---|")
    mine_rank = ranks(mine["strategies"])
    their_rank = ranks(theirs["strategies"]) if theirs else {}
    for name in sorted(CROSS_CHECK, key=lambda n: mine_rank[n]):
        a = mine["strategies"][name]
        b = theirs["strategies"].get(name) if theirs else None
        print(f"| {name} | {a['agreement_rate']:.3f} | {b['agreement_rate']:.3f} | {a['utility']:.3f} | "
              f"{b['utility']:.3f} | {mine_rank[name]} | {their_rank[name]} |" if b else
              f"| {name} | {a['agreement_rate']:.3f} | | {a['utility']:.3f} | | {mine_rank[name]} | |")
    overall = f"{theirs['agreement_rate']:.3f}" if theirs else ""
    print(f"| all negotiations | {mine['agreement_rate']:.3f} | {overall} | | | | |")
    print()
    print("Per pairing (the first agent's agreement rate and mean utility against the second):")
    print()
    print("| pairing | accord agreement rate | negmas agreement rate | accord mean utility | negmas mean utility |")
    print("|---|---|---|---|---|")
    for key, a in mine["pairings"].items():
        b = theirs["pairings"].get(key) if theirs else None
        print(f"| {key} | {a['agreement_rate']:.3f} | {b['agreement_rate']:.3f} | {a['utility']:.3f} | "
              f"{b['utility']:.3f} |" if b else f"| {key} | {a['agreement_rate']:.3f} | | {a['utility']:.3f} | |")


def negmas_pair(args: argparse.Namespace, folder: Path, rows: list, *, rotate: bool) -> dict[int, dict | None]:
    """negmas serial and on every core (when --peer is given), appended to ``rows``; keyed by process count."""
    if not args.peer:
        return {1: None, 2: None}
    peers = {1: negmas(args.peer, folder, args, njobs=-1, rotate=rotate),
             2: negmas(args.peer, folder, args, njobs=0, rotate=rotate)}
    rows.append((f"negmas, serial (njobs=-1), rotate_ufuns={rotate}", 1, peers[1]))
    rows.append((f"negmas, every core (njobs=0), rotate_ufuns={rotate}", 2, peers[2]))
    return peers


def fmt_seconds(s: float) -> str:
    return f"{s:.2f}" if s < 10 else f"{s:.1f}"


def ratio(theirs: dict | None, mine: dict) -> str:
    return f"{theirs['seconds'] / mine['seconds']:,.0f}x" if theirs else ""


def table(rows: list[tuple[str, int, dict]], peers: dict[int, dict | None]) -> None:
    print("| run | processes | negotiations | simulated | wall seconds | speed-up vs negmas, same processes |")
    print("|---|---|---|---|---|---|")
    for label, processes, r in rows:
        simulated = f"{r['simulated']:,}" if "simulated" in r else f"{r['negotiations']:,}"
        extra = ""
        if r.get("warmup_seconds") is not None:
            extra = f" (warm-up run {fmt_seconds(r['warmup_seconds'])})"
        speed = "1x" if r["tool"] == "negmas" else ratio(peers.get(processes), r)
        print(f"| {label} | {processes} | {r['negotiations']:,} | {simulated} | {fmt_seconds(r['seconds'])}{extra} "
              f"| {speed} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peer", help="python of the environment where negmas is installed")
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3, help="accord runs per measurement (the minimum is reported)")
    ap.add_argument("--skip-ray", action="store_true", help="no Ray rows")
    ap.add_argument("--skip-rotated", action="store_true", help="no 'rotated' table (3,200 negotiations)")
    ap.add_argument("--profile", type=int, nargs="?", const=25, default=0,
                    help="also profile accord's 1-worker run (cProfile, top N functions on stderr)")
    ap.add_argument("--json", type=Path, help="write every measurement here")
    ap.add_argument("--cross-check", action="store_true",
                    help="only compare results of the agents both tools have (adds MiCRO); no timing")
    # the accord side, in its own process
    ap.add_argument("--side", help=argparse.SUPPRESS)
    ap.add_argument("--backend", default="local", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--chunk", type=int, default=20, help=argparse.SUPPRESS)
    ap.add_argument("--address", help=argparse.SUPPRESS)
    ap.add_argument("--side-repeat", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--strategies", default=";".join(STRATEGIES), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.side:
        accord_side(args)
        return 0

    load_before = os.getloadavg()
    measured: dict[str, Any] = {"cpus": os.cpu_count(), "reps": args.reps, "rounds": args.rounds}
    with tempfile.TemporaryDirectory() as tmp:
        plain, both, measured["domains"] = import_domains(Path(tmp))
        print("Domains: " + ", ".join(f"{d['domain']} ({d['outcomes']:,})" for d in measured["domains"]))
        print()
        if args.cross_check:
            cross_check(plain, args, measured)
            if args.json:
                args.json.write_text(json.dumps(measured, indent=1) + "\n", encoding="utf-8")
            return 0

        rows: list[tuple[str, int, dict]] = []
        for workers in (1, 2):
            rows.append((f"accord, local, {workers} worker{'s' * (workers > 1)}", workers,
                         accord(plain, args, workers=workers)))
            rows.append((f"accord, local, {workers} worker{'s' * (workers > 1)}, no reuse (chunk 1)", workers,
                         accord(plain, args, workers=workers, chunk=1)))
        if not args.skip_ray:
            for workers in (1, 2):
                rows.append((f"accord, Ray private instance, {workers} CPU{'s' * (workers > 1)}",
                             workers, accord(plain, args, backend="ray", workers=workers, repeat=1)))
                rows.append((f"accord, Ray private instance, {workers} CPU{'s' * (workers > 1)}, no reuse (chunk 1)",
                             workers, accord(plain, args, backend="ray", workers=workers, chunk=1, repeat=1)))
            for workers in (1, 2):
                cluster = RunningRay(workers)
                try:
                    rows.append((f"accord, Ray running instance, {workers} CPU{'s' * (workers > 1)}", workers,
                                 accord(plain, args, backend="ray", workers=workers, address=cluster.address)))
                    rows.append((f"accord, Ray running instance, {workers} CPU{'s' * (workers > 1)}, "
                                 "no reuse (chunk 1)", workers,
                                 accord(plain, args, backend="ray", workers=workers, chunk=1, address=cluster.address,
                                        repeat=1)))
                finally:
                    cluster.close()
        peers = negmas_pair(args, plain, rows, rotate=False)
        measured["main"] = [{"label": label, "processes": p, **r} for label, p, r in rows]

        rotated: list[tuple[str, int, dict]] = []
        rotated_peers: dict[int, dict | None] = {1: None, 2: None}
        if not args.skip_rotated:
            for workers in (1, 2):
                rotated.append((f"accord, local, {workers} worker{'s' * (workers > 1)}, both party orders", workers,
                                accord(both, args, workers=workers)))
                rotated.append((f"accord, local, {workers} worker{'s' * (workers > 1)}, both party orders, "
                                "no reuse (chunk 1)", workers, accord(both, args, workers=workers, chunk=1)))
            rotated_peers = negmas_pair(args, plain, rotated, rotate=True)
            measured["rotated"] = [{"label": label, "processes": p, **r} for label, p, r in rotated]

        scaling: list[tuple[str, int, dict]] = []
        options = {"strategies": SCALING_STRATEGIES, "reps": 1, "rounds": 1000, "repeat": 2}
        for workers in (1, 2):
            scaling.append((f"local, {workers} worker{'s' * (workers > 1)}", workers,
                            accord(plain, args, workers=workers, **options)))
        if not args.skip_ray:
            for workers in (1, 2):
                cluster = RunningRay(workers)
                try:
                    scaling.append((f"Ray running instance, {workers} CPU{'s' * (workers > 1)}", workers,
                                    accord(plain, args, backend="ray", workers=workers, address=cluster.address,
                                           **options)))
                finally:
                    cluster.close()
        measured["scaling"] = [{"label": label, "processes": p, **r} for label, p, r in scaling]

        if args.profile:
            print(f"(profile of accord, local, 1 worker, chunk 20 then chunk 1: top {args.profile} on stderr)",
                  file=sys.stderr)
            accord(plain, args, profile=args.profile)
            accord(plain, args, chunk=1, profile=args.profile)

    measured["load_average"] = {"before": load_before, "after": os.getloadavg()}
    print(f"Tournament: {len(STRATEGIES)} strategies x {len(DOMAINS)} domains x {args.reps} repetitions, "
          f"{args.rounds} rounds, self-play, both role orders; {os.cpu_count()} CPUs; load average "
          f"{load_before[0]:.1f} before, {measured['load_average']['after'][0]:.1f} after.")
    print()
    table(rows, peers)
    print()
    print("Ray private instance: started and stopped within the timed call; running instance: joined by address.")
    print()
    print("Scaling with workers: 8 time-dependent strategies (exponents 0.05 to 10) x 10 domains, 1 repetition, "
          "1,000 rounds, 640 negotiations (all distinct pairings):")
    print()
    print("| run | processes | wall seconds | speed-up over 1 |")
    print("|---|---|---|---|")
    for k, (label, processes, r) in enumerate(scaling):
        one = scaling[k - 1][2] if processes == 2 else r
        print(f"| {label} | {processes} | {fmt_seconds(r['seconds'])} | {one['seconds'] / r['seconds']:.2f}x |")
    print()
    if rotated:
        print("Rotated: negmas rotate_ufuns=True; accord on the ten domains plus each with the parties swapped.")
        print()
        table(rotated, rotated_peers)
        print()

    first = rows[0][2]
    print(f"Per strategy, {first['negotiations']:,}-negotiation tournament "
          "(every negotiation a party plays is one observation):")
    print()
    print("| strategy | accord agreement rate | negmas agreement rate | accord mean utility | negmas mean utility |")
    print("|---|---|---|---|---|")
    for name in STRATEGIES:
        mine = first["strategies"][name]
        theirs = peers[1]["strategies"].get(name) if peers[1] else None
        print(f"| {name} | {mine['agreement_rate']:.3f} | {theirs['agreement_rate']:.3f} | {mine['utility']:.3f} | "
              f"{theirs['utility']:.3f} |" if theirs else
              f"| {name} | {mine['agreement_rate']:.3f} | | {mine['utility']:.3f} | |")
    overall = f"{peers[1]['agreement_rate']:.3f}" if peers[1] else ""
    print(f"| all negotiations | {first['agreement_rate']:.3f} | {overall} | | |")

    ray = {r["label"]: r for r in measured["main"]}
    if not args.skip_ray:
        print()
        for kind in ("Ray private instance", "Ray running instance"):
            one = ray[f"accord, {kind}, 1 CPU"]["seconds"]
            two = ray[f"accord, {kind}, 2 CPUs"]["seconds"]
            print(f"{kind}: 1 -> 2 CPUs speed-up {one / two:.2f}x")
        for kind in ("", ", no reuse (chunk 1)"):
            for workers, cpu in ((1, "1 CPU"), (2, "2 CPUs")):
                cold = ray[f"accord, Ray private instance, {cpu}{kind}"]
                warm = ray[f"accord, Ray running instance, {cpu}{kind}"]
                print(f"Ray start-up and shut-down, {cpu}{kind}: {cold['seconds'] - warm['seconds']:.1f} s "
                      f"({fmt_seconds(cold['seconds'])} private instance - {fmt_seconds(warm['seconds'])} running)")
    if args.json:
        args.json.write_text(json.dumps(measured, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

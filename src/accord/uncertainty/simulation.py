"""Monte Carlo over simulated negotiations: the parameters drawn per run, then a negotiation per run.

Run ``r`` of :func:`monte_carlo_simulation`:

1. draws every uncertain parameter from the run's uniforms (the same draws as
   :func:`~accord.uncertainty.montecarlo.monte_carlo` for that seed and run);
   distributions written in the scenario's variants are drawn from the same
   per-path uniforms, so that a scripted event applying a variant applies
   sampled numbers;
2. builds that run's scenario with :func:`~accord.uncertainty.model.realise`
   (no validation: the numbers are in range by construction); a red line
   that may not bind (format 1.1 ``holds``) is drawn as in the analysis
   Monte Carlo (U < holds, U from the stream of its ``holds`` path) and, in a
   run where it does not bind, removed from that run's scenario (and its
   ``holds`` from the variants a scripted event may apply:
   :func:`~accord.uncertainty.model.without_holds`);
3. runs :func:`accord.simulation.simulate` with the run's own seed,
   :func:`simulation_seed` ``(seed, r)``, so the strategies' randomness is
   also reproducible per run.

A per-run loop (one negotiation per run), split across processes by blocks
like the analysis Monte Carlo, on the backend in effect
(:func:`accord.backends.using`); results are identical for any backend,
``chunk`` and ``workers``. Strategies are resolved once (specs parsed,
instances kept) and each run plays fresh copies of them. When nothing is
drawn (no uncertain number) and the strategies declare no randomness (the
rule of :func:`accord.simulation.engine.identical_runs`), every run is the
same negotiation: it is played once and counted ``runs`` times.

Memory is estimated before any draw is made (:func:`simulation_memory`) and
bounded by a budget (``memory``, default :data:`accord.limits.DEFAULT_MEMORY`):
a negotiation holds its outcome-space arrays (utilities per actor, what each
party may offer, each party's ranking and opponent models) only while it is
played, so the draws in flight are one per worker, or on the vectorised
bilateral path a chunk per worker, whose size the budget sets. Work that
would not fit even with one draw in flight is refused (:class:`~accord.limits.WorkTooLarge`).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from ..errors import InvalidInput
from ..limits import DEFAULT_MEMORY, WorkTooLarge, format_bytes, negotiation_bytes
from ..scenario import Issue, Scenario
from ..simulation.mediator import DEFAULT_MEDIATOR
from ..stats import summary, wilson
from .model import compile_model, realise, resolve_variants, variant_distributions, without_holds
from .parallel import Progress, check, drive
from .sampling import FloatArray, draw_key, uniforms

STATUSES = ("agreement", "deadline", "walkout")
_SIMULATION_KEY = 0x51_4D_55_4C  # "SIMUL"-ish tag that keeps simulation seeds apart from parameter streams

# A chunk's per-run outcomes by name: status, round, walkout, deal, utilities (first axis: the run).
_Part: TypeAlias = dict[str, npt.NDArray[Any]]


def simulation_seed(seed: int, run: int) -> int:
    """The seed handed to ``simulate`` for run ``run`` (a 63-bit integer)."""
    state = np.random.SeedSequence(entropy=int(seed), spawn_key=(_SIMULATION_KEY, int(run))).generate_state(2, np.uint32)
    return int(state[0]) << 31 ^ int(state[1])


BYTES_PER_RECORD_NUMBER = 8  # one number of a draw's record (status, round, walkout, deal per issue, utility per actor)


@dataclass(frozen=True)
class MemoryEstimate:
    """What a Monte Carlo with simulation will hold at once, estimated before it starts (bytes).

    ``per_draw``: one negotiation's outcome-space arrays,
    ``outcomes x (40 actors + 8 parties²) + 1 MiB``; ``in_flight``: the draws
    held at once (workers x ``chunk`` on the vectorised bilateral path, else
    one per worker); ``records``: the per-draw results kept for the report.
    """

    per_draw: int
    in_flight: int
    records: int
    chunk: int
    budget: int

    @property
    def total(self) -> int:
        return self.per_draw * self.in_flight + self.records

    def to_json(self) -> dict[str, int]:
        return {"per_draw": self.per_draw, "in_flight": self.in_flight, "records": self.records,
                "total": self.total, "chunk": self.chunk, "budget": self.budget}


def draw_bytes(scenario: Scenario) -> int:
    """Estimated peak bytes of one simulated negotiation of ``scenario`` (:class:`MemoryEstimate`)."""
    return negotiation_bytes(scenario.outcome_count, len(scenario.actors), len(scenario.parties))


def simulation_memory(scenario: Scenario, runs: int, *, workers: int = 1, chunk: int = 256,
                      memory: int | None = None, stacked: bool = False, copies: int = 1) -> MemoryEstimate:
    """Size the work of :func:`monte_carlo_simulation` within ``memory`` bytes, or refuse it.

    1. ``per_draw`` = :func:`draw_bytes`; ``records`` = ``copies`` x ``runs``
       x (3 + issues + actors) numbers (``copies``: the scenario and each
       variant simulated on the same draws);
    2. one draw per worker must fit: ``workers x per_draw + records <= memory``,
       else :class:`~accord.limits.WorkTooLarge` names the estimate and what
       lowers it (``--memory``, ``--workers``, ``--runs``);
    3. on the vectorised bilateral path (``stacked``) a chunk's draws are held
       together: ``chunk`` is lowered to what fits,
       ``(memory - records) // (workers x per_draw)``.

    The chunk never changes the results (draws depend on the seed and the run
    index only), so sizing it by memory is free.
    """
    budget = DEFAULT_MEMORY if memory is None else memory
    if not isinstance(budget, int) or isinstance(budget, bool) or budget < 1:
        raise InvalidInput("memory", "an int >= 1 (bytes)", memory)
    per_draw = draw_bytes(scenario)
    numbers = 3 + len(scenario.issues) + len(scenario.actors)
    records = copies * runs * numbers * BYTES_PER_RECORD_NUMBER
    need = workers * per_draw + records
    if need > budget:
        parts = [f"{workers} worker{'s' if workers > 1 else ''} x {format_bytes(per_draw)} per draw:"
                 f" {scenario.outcome_count:,} outcomes x {len(scenario.actors)} actors, {len(scenario.parties)} parties"]
        if records > 2**20:
            parts.append(f"{format_bytes(records)} of results for {copies * runs:,} draws")
        held = "; ".join(parts)
        fixes = [f"raise --memory to at least {format_bytes(need)}"]
        fitting = (budget - records) // per_draw
        if workers > 1 and fitting >= 1:
            fixes.append(f"use --workers {fitting}")
        if records > budget // 2:
            fixes.append("lower --runs")
        raise WorkTooLarge("memory", message=(
            f"the simulation would hold about {format_bytes(need)} ({held}), "
            f"more than the memory budget of {format_bytes(budget)}: {' or '.join(fixes)}"))
    if stacked:
        chunk = max(1, min(chunk, (budget - records) // (workers * per_draw)))
    return MemoryEstimate(per_draw, workers * chunk if stacked else workers, records, chunk, budget)


@dataclass(frozen=True)
class _Job:
    scenario: Scenario
    issues: tuple[Issue, ...]
    actors: tuple[str, ...]
    parties: tuple[str, ...]
    options: dict[str, Any]  # the keyword arguments of accord.simulation.simulate


def _simulation_task(job: _Job, start: int, stop: int, seed: int) -> _Part:
    from ..simulation import simulate

    scenario = job.scenario
    n = stop - start
    model = compile_model(scenario)
    extra = [u for items in variant_distributions(scenario).values() for u in items]
    paths = list(dict.fromkeys(list(model.streams) + [draw_key(u.path) for u in extra]))
    u = uniforms(paths, n, seed, start)
    drawn = model.values_from_uniforms(u)
    binding = model.binding(drawn, n)
    values = {item.path: drawn[item.path] for item in scenario.uncertain}
    I, A = len(job.issues), len(job.actors)
    status = np.zeros(n, dtype=np.int8)
    round_ = np.zeros(n, dtype=np.int64)
    walkout = np.full(n, -1, dtype=np.int64)
    deal = np.full((n, I), -1, dtype=np.int64)
    utilities = np.full((n, A), np.nan)

    def realised(r: int) -> Scenario:
        """Run ``start + r``'s scenario (its outcome-space arrays live as long as it does)."""
        variants = resolve_variants(scenario, {path: float(u[path][r]) for path in paths}) if extra else None
        not_binding = model.not_binding(binding, r)
        if not_binding and scenario.variants:
            variants = without_holds(variants if variants is not None else scenario.variants, not_binding)
        return realise(scenario, {path: float(v[r]) for path, v in values.items()}, variants=variants,
                       not_binding=not_binding)

    form = _stacked_form(job)
    if form is not None:  # the vectorised engine takes the whole chunk at once (its size bounded by the budget)
        runs = [realised(r) for r in range(n)]
        if not (job.options["events"] and any(run.events for run in runs)):
            return _stacked_task(job, runs, *form)
        del runs
    for r in range(n):  # one run's scenario alive at a time: memory does not grow with the chunk
        options = copy.deepcopy(job.options)  # fresh strategy instances: no state carries over between runs
        result = simulate(realised(r), seed=simulation_seed(seed, start + r), trace=False, **options)
        status[r] = STATUSES.index(result.status)
        round_[r] = result.round
        if result.walkout_by is not None:
            walkout[r] = job.parties.index(result.walkout_by)
        if result.agreement is not None:
            outcome = result.agreement["outcome"]
            deal[r] = [issue.index_of(outcome[issue.id]) for issue in job.issues]
            got = result.agreement["utilities"]
            utilities[r] = [got.get(a, np.nan) for a in job.actors]
    return {"status": status, "round": round_, "walkout": walkout, "deal": deal, "utilities": utilities}


def _stacked_form(job: _Job) -> tuple[FloatArray, tuple[str, str]] | None:
    """The parties' exponents and opponent models when the runs can go through the vectorised engine, else None.

    That engine covers bilateral alternating offers between time-dependent
    strategies with AC_next, no walkout rule and an opponent model it plays
    (:func:`~accord.simulation.vectorised.vectorised_form`), without
    discounting or scripted events (the caller checks the realised runs' events),
    on spaces of at most STACKED_OUTCOMES outcomes.
    """
    from ..simulation.engine import DEFAULT_STRATEGY
    from ..simulation.strategies import make_strategy
    from ..simulation.vectorised import STACKED_OUTCOMES, vectorised_form

    options = job.options
    if (options["protocol"] != "alternating" or len(job.parties) != 2 or options["discounts"]
            or job.scenario.outcome_count > STACKED_OUTCOMES):
        return None
    exponents, models = [], []
    for party in job.parties:
        strategy = options["strategies"].get(party) or make_strategy(DEFAULT_STRATEGY)
        form = vectorised_form(strategy, bool(options["full_information"]))
        if form is None:
            return None
        exponents.append(form[0])
        models.append(form[1])
    return np.array(exponents), (models[0], models[1])


def _stacked_task(job: _Job, runs: list[Scenario], exponents: FloatArray, models: tuple[str, str]) -> _Part:
    """All runs of a chunk at once through ``run_time_dependent_stacked`` (same results as one by one)."""
    from ..simulation.table import build_table
    from ..simulation.vectorised import run_time_dependent_stacked

    tables = [build_table(run) for run in runs]
    order = [job.parties.index(p) for p in tables[0].parties]
    first = options_first(job, tables[0].parties)
    utilities = np.stack([t.utilities[: len(order)] for t in tables])
    allowed = np.stack([t.allowed for t in tables])
    reservations = np.stack([t.reservations for t in tables])
    found = run_time_dependent_stacked(utilities, allowed, reservations, tables[0].digits,
                                       np.tile(exponents[order], (len(runs), 1)), job.options["rounds"], first,
                                       (models[order[0]], models[order[1]]))
    n, I, A = len(runs), len(job.issues), len(job.actors)
    deal = np.full((n, I), -1, dtype=np.int64)
    values = np.full((n, A), np.nan)
    for r in np.flatnonzero(found.agreed):
        k = int(found.deal[r])
        deal[r] = np.unravel_index(k, tables[r].shape)
        got = tables[r].utilities_of(k)
        values[r] = [round(got[a], 10) if a in got else np.nan for a in job.actors]
    status = np.where(found.agreed, STATUSES.index("agreement"), STATUSES.index("deadline")).astype(np.int8)
    return {"status": status, "round": found.round.astype(np.int64), "walkout": np.full(n, -1, dtype=np.int64),
            "deal": deal, "utilities": values}


def options_first(job: _Job, parties: tuple[str, ...]) -> int:
    first = job.options.get("first")
    return 0 if first is None else parties.index(first)


@dataclass(frozen=True, eq=False)
class SimulationMonteCarlo:
    """Per-run outcomes of simulated negotiations under parameter uncertainty.

    Per-run arrays: ``status`` (0 agreement, 1 deadline, 2 walkout),
    ``round`` (the round the negotiation ended in), ``walkout_by`` (party
    index, -1), ``deal_options`` (runs, issues; -1 without agreement),
    ``utilities`` (runs, actors) at the agreement.
    """

    scenario: str
    variant: str | None
    seed: int
    requested: int
    protocol: str
    strategies: dict[str, str]  # party -> strategy spec, as asked
    rounds: int
    parties: tuple[str, ...]
    actors: tuple[str, ...]
    issues: tuple[Issue, ...]
    status: np.ndarray
    round: np.ndarray
    walkout_by: np.ndarray
    deal_options: np.ndarray
    utilities: np.ndarray
    interrupted: bool = False

    def __repr__(self) -> str:
        lo, hi = self.p_agreement_ci
        return (f"SimulationMonteCarlo(scenario={self.scenario!r}, variant={self.variant!r}, runs={self.runs}, "
                f"seed={self.seed}, p_agreement={self.p_agreement:.4f}, p_agreement_ci=({lo:.4f}, {hi:.4f})"
                f"{', interrupted=True' if self.interrupted else ''})")

    @property
    def runs(self) -> int:
        return int(self.status.size)

    @property
    def agreements(self) -> int:
        return int(np.count_nonzero(self.status == 0))

    @property
    def p_agreement(self) -> float:
        return self.agreements / self.runs if self.runs else float("nan")

    @property
    def p_agreement_ci(self) -> tuple[float, float]:
        """95% Wilson score interval."""
        return wilson(self.agreements, self.runs)

    @property
    def p_deadline(self) -> float:
        return float(np.count_nonzero(self.status == 1)) / self.runs if self.runs else float("nan")

    def p_walkout(self) -> dict[str, dict[str, Any]]:
        """Per party: share of runs it ended by walking out, with a 95% Wilson interval."""
        result: dict[str, dict[str, Any]] = {}
        for j, party in enumerate(self.parties):
            k = int(np.count_nonzero(self.walkout_by == j))
            result[party] = {"p": k / self.runs if self.runs else None, "ci": list(wilson(k, self.runs))}
        return result

    def rounds_to_deal(self) -> dict[str, float] | None:
        """Mean, quantiles, min and max of the round of agreement (runs with an agreement)."""
        rounds = self.round[self.status == 0]
        found = summary(rounds)
        if found is not None:
            found.update({"min": int(rounds.min()), "max": int(rounds.max())})
        return found

    def deals(self, top: int | None = None) -> list[dict[str, Any]]:
        """Agreed packages, most frequent first: outcome, count, share of all runs, share of agreements."""
        rows = [tuple(r) for r in self.deal_options[self.status == 0].tolist()]
        return [{"outcome": {issue.id: issue.options[k] for issue, k in zip(self.issues, key)}, "count": count,
                 "share": count / self.runs, "share_of_agreements": count / len(rows)}
                for key, count in Counter(rows).most_common(top)]

    def to_rows(self) -> Iterator[dict[str, Any]]:
        fixed = {"run", "variant", "status", "round", "walkout_by"}
        columns = [i.id if i.id not in fixed else f"deal_{i.id}" for i in self.issues]
        for r in range(self.runs):
            agreed = self.status[r] == 0
            row: dict[str, Any] = {"run": r, "variant": self.variant, "status": STATUSES[int(self.status[r])],
                                   "round": int(self.round[r]),
                                   "walkout_by": self.parties[int(self.walkout_by[r])] if self.walkout_by[r] >= 0 else None}
            for name, issue, k in zip(columns, self.issues, self.deal_options[r]):
                row[name] = issue.options[int(k)] if agreed else None
            for j, actor in enumerate(self.actors):
                row[f"u_{actor}"] = float(self.utilities[r, j]) if agreed and np.isfinite(self.utilities[r, j]) else None
            yield row

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per draw: :meth:`to_rows` (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "variant": self.variant, "runs": self.runs, "requested_runs": self.requested,
            "seed": self.seed, "interrupted": self.interrupted, "protocol": self.protocol,
            "strategies": dict(self.strategies), "rounds": self.rounds,
            "p_agreement": self.p_agreement if self.runs else None, "p_agreement_ci": list(self.p_agreement_ci),
            "p_deadline": self.p_deadline if self.runs else None, "p_walkout": self.p_walkout(),
            "rounds_to_deal": self.rounds_to_deal(), "deals": self.deals(10),
            "utilities": {a: summary(self.utilities[self.status == 0, j]) for j, a in enumerate(self.actors)},
        }


def monte_carlo_simulation(scenario: Scenario, runs: int, seed: int, *, protocol: str = "alternating",
                           strategies: Mapping[str, Any] | None = None, rounds: int = 100,
                           mediator: str = DEFAULT_MEDIATOR, discounts: Mapping[str, float] | None = None,
                           first: str | None = None, full_information: bool = False, events: bool = True,
                           chunk: int = 256, workers: int = 1, memory: int | None = None,
                           progress: Progress = None) -> SimulationMonteCarlo:
    """Simulate ``runs`` negotiations of ``scenario``, each with its own parameter draw and seed.

    The keyword arguments after ``seed`` up to ``events`` are those of
    :func:`accord.simulation.simulate`; strategies may be names, specs or
    instances (copied per run: their state does not carry over). ``chunk``,
    ``workers`` and ``progress`` behave as in ``monte_carlo``; ``memory`` is the
    budget in bytes (default :data:`accord.limits.DEFAULT_MEMORY`), checked
    before anything runs (:func:`simulation_memory`). Chunks are streamed into
    the per-draw arrays as they finish, in run order.
    """
    from ..simulation.engine import identical_runs
    from ..simulation.strategies import resolve_strategies

    model = compile_model(scenario)
    options: dict[str, Any] = {"protocol": protocol, "strategies": resolve_strategies(strategies), "rounds": rounds, "mediator": mediator,
               "discounts": dict(discounts or {}), "first": first, "full_information": full_information,
               "events": events}
    job = _Job(scenario, model.issues, model.actors, model.parties, options)
    drawn = bool(scenario.uncertain) or bool(model.holds_lines) or any(variant_distributions(scenario).values())
    once = runs > 0 and not drawn and identical_runs(model.parties, options["strategies"], protocol=protocol,
                                                     mediator=mediator) is not None
    if not once:
        check(runs, chunk, workers)
    estimate = simulation_memory(scenario, runs, workers=1 if once else workers, chunk=chunk, memory=memory,
                                 stacked=_stacked_form(job) is not None)
    # fail fast on bad options (unknown party, protocol...) before any worker starts
    if runs:
        from ..simulation import simulate

        simulate(realise(scenario, {}), seed=0, trace=False, **{**copy.deepcopy(options), "rounds": 1})
    data: _Part = {"status": np.zeros(runs, np.int8), "round": np.zeros(runs, np.int64),
                   "walkout": np.full(runs, -1, np.int64), "deal": np.full((runs, len(model.issues)), -1, np.int64),
                   "utilities": np.full((runs, len(model.actors)), np.nan)}

    def sink(part: _Part, start: int, stop: int) -> None:
        for key, target in data.items():
            target[start:stop] = part[key]

    _, done, interrupted = drive(_simulation_task, job, 1 if once else runs, seed, chunk=estimate.chunk,
                                 workers=1 if once else workers, progress=None if once else progress, align=False,
                                 sink=sink)
    if once and done:  # nothing drawn, nothing random: every run is this one negotiation
        for target in data.values():
            target[1:] = target[0]
        done = runs
        if progress is not None:
            progress(runs, runs)
    data = {key: target[:done] for key, target in data.items()}
    shown = {p: (s if isinstance(s, str) else s.spec()) for p, s in (strategies or {}).items()}
    return SimulationMonteCarlo(scenario.name, scenario.variant, seed, runs, protocol, shown, rounds, model.parties,
                                model.actors, model.issues, data["status"], data["round"], data["walkout"],
                                data["deal"], data["utilities"], interrupted)


__all__ = ["STATUSES", "MemoryEstimate", "SimulationMonteCarlo", "draw_bytes", "monte_carlo_simulation",
           "simulation_memory", "simulation_seed"]

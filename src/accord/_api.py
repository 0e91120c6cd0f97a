"""The entry points importable from ``accord``: one per command, one calling convention.

The first argument is the scenario: a :class:`~accord.scenario.Scenario`, a
path to a scenario file, the name of a packaged example
(``"eu-nature-restoration-2024"``), a parsed document (a ``dict``) or None
for the embedded Cairo talks. Keyword options carry the command line's
option names (``--variant`` is ``variant=``, ``--no-events`` is
``no_events=``, ``--strategy israel=boulware`` is
``strategy={"israel": "boulware"}``); each function returns the result
object the command prints (:mod:`accord.jobs`), which displays itself in a
notebook and has ``to_json()`` and ``to_frame()``.

``accord.forecast``, ``accord.tournament`` and ``accord.extract`` are also
the packages of those computations: calling the package calls the entry
point here (:mod:`accord._callable`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InvalidInput
from .limits import MAX_ENUMERATED_OUTCOMES
from .scenario import Scenario
from .scenario import load as _load

if TYPE_CHECKING:
    from .analysis import Analysis, Comparison, Evaluation
    from .backends.tournament import TournamentRun
    from .extract import Extraction
    from .forecast.result import Forecast
    from .simulation.batch import BatchSummary
    from .simulation.engine import SimulationResult
    from .store.diff import Diff
    from .uncertainty.report import MonteCarloReport

ScenarioLike = Scenario | str | os.PathLike[str] | Mapping[str, Any] | None


def _example(name: str) -> Path | None:
    from .scenario._load import example_path

    if not name or any(c in name for c in "/\\.") or Path(name).exists():
        return None
    path = example_path(name)
    return path if path.is_file() else None


def load(scenario: ScenarioLike = None, variant: str | None = None) -> Scenario:
    """A validated scenario from a file, a packaged example's name, a document, or (None) the Cairo talks,
    with ``variant`` applied.

    >>> import accord
    >>> accord.load().name
    'Cairo ceasefire and hostage talks'
    >>> len(accord.load("eu-nature-restoration-2024").parties)  # a packaged example, by name
    27
    """
    if isinstance(scenario, Scenario):
        return scenario.with_variant(variant) if variant is not None else scenario
    if isinstance(scenario, str):
        scenario = _example(scenario) or scenario
    if isinstance(scenario, Mapping):
        scenario = dict(scenario)
    return _load(scenario, variant)


def _assignments(value: Mapping[str, Any] | Sequence[str] | str | None, option: str) -> dict[str, Any]:
    """``{"israel": "boulware"}``, or the command line's ``["israel=boulware", ...]`` / ``"israel=boulware,..."``."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    texts = value.split(",") if isinstance(value, str) else list(value)
    found: dict[str, Any] = {}
    for text in texts:
        key, sep, got = str(text).partition("=")
        if not sep or not key.strip() or not got.strip():
            raise InvalidInput(option, "KEY=VALUE pairs", text)
        found[key.strip()] = got.strip()
    return found


def analyze(scenario: ScenarioLike = None, *, variant: str | None = None, unlock: bool = True,
            limit: int | None = MAX_ENUMERATED_OUTCOMES) -> Analysis:
    """Is there a zone of agreement, what blocks it, what would open it, which deals are best
    (``accord analyze``).

    >>> import accord
    >>> accord.analyze().acceptable, accord.analyze(variant="phased-ceasefire").acceptable > 0
    (0, True)
    """
    from . import jobs

    return jobs.analyze(load(scenario, variant), unlock=unlock, limit=limit)


def evaluate(scenario: ScenarioLike = None, proposal: Mapping[str, Any] | str | None = None, *,
             variant: str | None = None, top: int = 10, limit: int | None = MAX_ENUMERATED_OUTCOMES) -> Evaluation:
    """Score ``proposal`` (``{issue: option}`` or ``"issue=option,..."``): each party's verdict and up to
    ``top`` Pareto improvements (``accord evaluate``).

    >>> import accord
    >>> accord.evaluate(proposal="ceasefire=phased,rafah=limited,hostages=phased").accepted
    False
    """
    from . import jobs

    if proposal is None:
        raise InvalidInput("proposal", "one option per issue, as a dict or 'issue=option,...'", None)
    return jobs.evaluate(load(scenario, variant), proposal=_assignments(proposal, "proposal"), top=top, limit=limit)


def compare(scenario: ScenarioLike = None, variants: Sequence[str] | None = None, *,
            limit: int | None = MAX_ENUMERATED_OUTCOMES) -> Comparison:
    """The base scenario and each variant (default: all) side by side (``accord compare``).

    >>> import accord
    >>> [row[0] for row in accord.compare(variants=["phased-ceasefire"]).rows]
    [None, 'phased-ceasefire']
    """
    from . import jobs

    return jobs.compare(load(scenario), variants=variants, limit=limit)


def simulate(scenario: ScenarioLike = None, *, variant: str | None = None, protocol: str = "alternating",
             strategy: Mapping[str, Any] | Sequence[str] | str | None = None, rounds: int = 100, seed: int = 0,
             discount: Mapping[str, float] | Sequence[str] | str | None = None, first: str | None = None,
             full_information: bool = False, no_events: bool = False, runs: int = 1, workers: int = 1,
             summary: bool = False) -> SimulationResult | BatchSummary:
    """One simulated negotiation, or with ``runs > 1`` a batch over seeds ``seed .. seed+runs-1``
    (``accord simulate``); ``summary`` leaves the round-by-round trace out.

    >>> import accord
    >>> accord.simulate(variant="talks-resume", seed=1).status
    'agreement'
    """
    from . import jobs

    discounts = {p: float(v) for p, v in _assignments(discount, "discount").items()}
    return jobs.simulate(load(scenario, variant), protocol=protocol, strategies=_assignments(strategy, "strategy"),
                         rounds=rounds, seed=seed, discounts=discounts, first=first,
                         full_information=full_information, events=not no_events, trace=not summary, runs=runs,
                         workers=workers)


def forecast(scenario: ScenarioLike = None, *, variant: str | None = None, issue: str | None = None,
             model: str | Sequence[str] = "all", rounds: int = 100, runs: int = 0, seed: int = 0,
             within_red_lines: bool = False) -> Forecast:
    """Each forecasting model's position per issue (``accord forecast``); ``runs``: also over that many
    seeded draws of the uncertain numbers.

    >>> import accord
    >>> accord.forecast(model="median").to_json()["issues"]["rafah"]["median"]
    100.0
    """
    from . import jobs

    models = None if model == "all" else ([model] if isinstance(model, str) else list(model))
    return jobs.forecast(load(scenario, variant), issue=issue, models=models, rounds=rounds, samples=runs, seed=seed,
                         within_red_lines=within_red_lines)


def montecarlo(scenario: ScenarioLike = None, *, variant: str | None = None, runs: int = 10000, seed: int = 0,
               all_variants: bool = False, simulate: bool = False, protocol: str = "alternating",
               strategy: Mapping[str, Any] | Sequence[str] | str | None = None, rounds: int = 100,
               discount: Mapping[str, float] | Sequence[str] | str | None = None, first: str | None = None,
               full_information: bool = False, no_events: bool = False, sensitivity_runs: int | None = None,
               workers: int = 1) -> MonteCarloReport:
    """P(a zone of agreement) over ``runs`` seeded draws, what drives it and (``simulate``) P(a deal)
    (``accord montecarlo``).

    >>> import accord
    >>> report = accord.montecarlo(variant="phased-ceasefire", runs=200, sensitivity_runs=0)
    >>> report.to_frame().shape[0]
    200
    """
    from . import jobs

    discounts = {p: float(v) for p, v in _assignments(discount, "discount").items()}
    return jobs.montecarlo(load(scenario, variant), runs=runs, seed=seed, all_variants=all_variants,
                           simulate=simulate, protocol=protocol, strategies=_assignments(strategy, "strategy"),
                           rounds=rounds, discounts=discounts, first=first, full_information=full_information,
                           events=not no_events, sensitivity_runs=sensitivity_runs, workers=workers)


def report(scenario: ScenarioLike = None, *, variant: str | None = None, runs: int = 0, seed: int = 0) -> str:
    """The analyst's briefing, one self-contained HTML page (``accord report``); ``runs``: add a Monte
    Carlo section over that many draws.

    >>> import accord
    >>> accord.report().startswith("<!DOCTYPE html>")
    True
    """
    from . import jobs

    return jobs.report(load(scenario, variant), seed=seed, montecarlo=runs)


def tournament(scenarios: ScenarioLike | Sequence[ScenarioLike] = None, *,
               strategies: str | Sequence[Any] = "boulware,conceder,linear,tit-for-tat", reps: int = 10,
               rounds: int = 100, protocol: str = "alternating", seed: int = 0, no_self_play: bool = False,
               no_events: bool = False, full_information: bool = False, workers: int = 1,
               backend: str = "local") -> TournamentRun:
    """Play an ANAC-style tournament and rank the strategies (``accord tournament``). ``scenarios``: one or
    several (default: the Cairo talks and each of its variants).

    >>> import accord
    >>> run = accord.tournament(strategies="boulware,conceder", reps=1, rounds=20, no_events=True)
    >>> [row["strategy"] for row in run.result.ranking]
    ['boulware', 'conceder']
    """
    from . import jobs
    from .tournament import Tournament

    if scenarios is None:
        base = load()
        models: tuple[Scenario, ...] = (base, *(base.with_variant(v) for v in base.variants))
        labels: tuple[str, ...] = ("base", *base.variants)
    else:
        items = (list(scenarios) if isinstance(scenarios, Sequence) and not isinstance(scenarios, str)
                 else [scenarios])
        models = tuple(load(s) for s in items)
        labels = tuple(m.name + (f"/{m.variant}" if m.variant else "") for m in models)
        if len(set(labels)) != len(labels):
            labels = tuple(f"{i}:{label}" for i, label in enumerate(labels))
    names = (tuple(s.strip() for s in strategies.replace(";", ",").split(",") if s.strip())
             if isinstance(strategies, str) else tuple(strategies))
    spec = Tournament(names, models, reps=reps, rounds=rounds, protocol=protocol, seed=seed,
                      self_play=not no_self_play, events=not no_events, full_information=full_information,
                      labels=labels)
    found: TournamentRun = jobs.tournament(spec, backend=backend, workers=workers)
    return found


def extract(article: str | os.PathLike[str], *, engine: str = "rules", title: str | None = None) -> Extraction:
    """Attributions, positions, claims, talk status per source and a draft scenario from one news article
    (``accord extract``): its text, or a path to a text file.

    >>> import accord
    >>> found = accord.extract("Talks\\n\\nThe minister said that the ceasefire must be permanent.")
    >>> found.attributions[0].speaker
    'The minister'
    """
    from .extract import extract as _extract

    name = "article.txt"
    if isinstance(article, os.PathLike) or ("\n" not in article and len(article) < 4096 and Path(article).is_file()):
        path = Path(article)
        name, article = path.name, path.read_text(encoding="utf-8")
    return _extract(str(article), engine=engine, source_file=name, title=title)


def diff(old: ScenarioLike, new: ScenarioLike) -> Diff:
    """The semantic difference of two scenarios: red lines, weights, values, evidence (``accord diff``).

    >>> import accord
    >>> accord.diff(None, accord.load(variant="phased-ceasefire")).empty
    False
    """
    from .store.diff import semantic_diff

    return semantic_diff(load(old), load(new))


__all__ = ["analyze", "compare", "diff", "evaluate", "extract", "forecast", "load", "montecarlo", "report",
           "simulate", "tournament"]

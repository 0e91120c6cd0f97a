"""What each web endpoint computes, without the web framework.

Each function takes a validated request model and :class:`Limits`, and
returns plain JSON data (the same documents as the CLI's ``--json``) or raises
:class:`WebError` with the HTTP status and JSON body to answer. Nothing here is
shared between requests: every request loads its own scenario object, so
concurrent requests cannot see each other's work.

Safety: scenario text is parsed with accord's safe reader and ``base_dir=None``
(no file the request names is ever read: evidence quotes are not checked);
built-ins are looked up by name among the packaged examples only; the outcome
space is bounded before any computation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from .. import __version__, jobs
from ..analysis import OutcomeSpaceTooLarge, ProposalError
from ..errors import AccordError, InvalidInput, MissingExtra
from ..forecast import ForecastError
from ..report import words
from ..scenario import Scenario, ScenarioError, example_path, loads, read_file
from ..scenario._load import DEFAULT_EXAMPLE
from ..scenario.edit import REMOVE, Edit, edit_text, file_name, form_fields
from ..scenario.reader import parse
from ..simulation import PROTOCOLS, STRATEGIES, SimulationError, make_strategy
from . import models as m


@dataclass(frozen=True)
class Limits:
    """Per-request bounds (immutable; one per app)."""

    max_body_bytes: int = m.MAX_BODY_BYTES
    max_outcomes: int = m.MAX_REQUEST_OUTCOMES
    time_limit: float = m.TIME_LIMIT

    def to_json(self) -> dict:
        return {"max_body_bytes": self.max_body_bytes, "max_rounds": m.MAX_ROUNDS,
                "max_montecarlo_runs": m.MAX_MONTECARLO_RUNS, "max_outcomes": self.max_outcomes,
                "time_limit_seconds": self.time_limit}


class WebError(AccordError):
    """An answer other than 200: ``status`` and the JSON ``body``."""

    def __init__(self, status: int, body: dict, headers: dict | None = None):
        super().__init__(body.get("error") or body)
        self.status = status
        self.body = body
        self.headers = headers or {}


def error(status: int, message: str) -> WebError:
    return WebError(status, {"error": message})


def problems(exc: ScenarioError) -> WebError:
    """A scenario's problems, as ``accord validate --json`` lists them."""
    return WebError(422, {"errors": [{"path": p.path, "line": p.line, "message": p.message} for p in exc.problems]})


class Abandoned(Exception):
    """Raised inside a computation whose request has timed out, to stop it early."""


def guarded(compute: Callable[[], Any], also: tuple[type[BaseException], ...] = ()) -> Any:
    """Run ``compute``; turn every failure the input can cause into a WebError (a 4xx).

    ``also``: further exception types that mean "this input cannot be computed" (422).
    A missing optional extra is a 501 naming it; anything else propagates (a bug: the app answers 500).
    """
    refused: tuple[type[BaseException], ...] = (ProposalError, OutcomeSpaceTooLarge, SimulationError, InvalidInput,
                                                *also)
    try:
        return compute()
    except WebError:
        raise
    except MissingExtra as exc:
        raise error(501, str(exc)) from None
    except ScenarioError as exc:
        raise problems(exc) from None
    except yaml.YAMLError as exc:  # the reader lets a few YAML errors through (control characters)
        mark = getattr(exc, "problem_mark", None)  # a MarkedYAMLError's place
        line = mark.line + 1 if mark else None
        message = " ".join(str(exc).split())
        raise WebError(422, {"errors": [{"path": "", "line": line, "message": f"invalid YAML: {message}"}]}) from None
    except refused as exc:
        raise error(422, str(exc)) from None
    except RecursionError:
        raise error(422, "the input is nested too deeply to process") from None
    except MemoryError:
        raise error(503, "the server ran out of memory for this request; try a smaller scenario") from None


# -- built-in scenarios --------------------------------------------------------------------------------------------

def builtin_names() -> list[str]:
    """Packaged examples (a folder with a scenario.yaml), the default first."""
    root = resources.files("accord") / "examples"
    names = sorted(entry.name for entry in root.iterdir()
                   if entry.is_dir() and (entry / "scenario.yaml").is_file())
    return sorted(names, key=lambda n: n != DEFAULT_EXAMPLE)


def _builtin(name: str) -> Scenario:
    known = builtin_names()
    if name not in known:
        raise error(422, f"no built-in scenario {name!r}; known: {', '.join(known)}")
    return read_file(example_path(name))


def builtins_json() -> dict:
    items = []
    for name in builtin_names():
        scenario = read_file(example_path(name))
        items.append({"name": name, "title": scenario.name, "description": scenario.description,
                      "default": name == DEFAULT_EXAMPLE,
                      "variants": [{"name": v.id, "description": v.description} for v in scenario.variants.values()]})
    return {"builtins": items}


def builtin_text(name: str) -> dict:
    if name not in builtin_names():
        raise error(404, f"no built-in scenario {name!r}; known: {', '.join(builtin_names())}")
    return {"name": name, "text": example_path(name).read_text(encoding="utf-8")}


# -- loading the request's scenario --------------------------------------------------------------------------------

def load_source(req: m.SourceBase, limits: Limits, *, variant: bool = True) -> Scenario:
    """The request's scenario (text, built-in or default), bounded, with its variant applied."""
    if req.scenario is not None and req.builtin is not None:
        raise error(422, "give either `scenario` (the text) or `builtin` (a name), not both")
    text = req.scenario
    if text is not None:
        size = len(text.encode("utf-8"))
        if size > limits.max_body_bytes:
            raise error(413, f"the scenario text has {size:,} bytes; the limit is {limits.max_body_bytes:,}")
        base = _validated(lambda: loads(text, base_dir=None, fmt=req.format))  # no server file is read
    else:
        base = _builtin(req.builtin or DEFAULT_EXAMPLE)
    check_size(base, limits)
    name = getattr(req, "variant", None) if variant else None
    scenario = _validated(lambda: base.with_variant(name))
    if scenario is not base:
        check_size(scenario, limits, name)
    return scenario


def _validated(build: Callable[[], Scenario]) -> Scenario:
    """Build a scenario; a crash of the validator on odd input is still the input's problem (422), reported as such."""
    try:
        return build()
    except (ScenarioError, yaml.YAMLError, RecursionError, MemoryError):
        raise
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError) as exc:
        message = (f"the scenario could not be validated ({type(exc).__name__}: {exc}); "
                   "accord's validator should have named the problem: please report this scenario")
        raise WebError(422, {"errors": [{"path": "", "line": None, "message": message}]}) from None


def check_size(scenario: Scenario, limits: Limits, variant: str | None = None) -> None:
    count = scenario.outcome_count
    if count > limits.max_outcomes:
        where = f"variant {variant!r} of the scenario" if variant else "the scenario"
        raise error(422, f"{where} has {count:.3g} outcomes; this server handles at most {limits.max_outcomes:.0e} "
                         "per request (run accord locally for larger spaces, or narrow the issues)")


# -- the computations ----------------------------------------------------------------------------------------------

def summary(scenario: Scenario) -> dict:
    issues = []
    for issue in scenario.issues.values():
        entry: dict[str, Any] = {"id": issue.id, "name": issue.name, "kind": issue.kind, "unit": issue.unit}
        if issue.kind == "numeric":
            assert issue.range is not None  # a numeric issue has a range (validated)
            entry.update(options=None, range=list(issue.range), step=issue.step)
        else:
            entry.update(options=list(issue.options), range=None, step=None, scale=list(issue.scale))
        issues.append(entry)
    return {
        "name": scenario.name, "description": scenario.description,
        "date": scenario.date.isoformat() if scenario.date else None, "variant": scenario.variant,
        "parties": list(scenario.parties), "evaluated": list(scenario.evaluated_actors),
        "actors": [{"id": a.id, "name": a.name, "role": a.role, "reservation": a.reservation, "of": a.of}
                   for a in scenario.actors.values()],
        "issues": issues,
        "variants": [{"name": v.id, "description": v.description} for v in scenario.variants.values()],
        "events": len(scenario.events), "outcomes": scenario.outcome_count, "uncertain": len(scenario.uncertain),
        "decision": None if scenario.decision is None else {
            "rule": scenario.decision.rule, "share": scenario.decision.share,
            "weight_share": scenario.decision.weight_share, "veto": list(dict.fromkeys(scenario.decision.veto)),
            "description": scenario.decision.description, "text": words.scenario_rule_text(scenario)},
        "constituencies": {p: list(c) for p, c in scenario.constituencies.items() if c},
        "red_lines": words.red_lines(scenario),
    }


def validate_json(req: m.Source, limits: Limits) -> dict:
    return guarded(lambda: {"valid": True, "scenario": summary(load_source(req, limits))})


def analyze_json(req: m.AnalyzeRequest, limits: Limits) -> dict:
    """``accord analyze --json``."""
    def compute():
        scenario = load_source(req, limits)
        return jobs.analyze(scenario, unlock=req.unlock, limit=limits.max_outcomes).to_json()
    return guarded(compute)


def evaluate_json(req: m.EvaluateRequest, limits: Limits) -> dict:
    """``accord evaluate --json``."""
    def compute():
        scenario = load_source(req, limits)
        return jobs.evaluate(scenario, proposal=dict(req.proposal), top=req.top, limit=limits.max_outcomes).to_json()
    return guarded(compute)


def compare_json(req: m.CompareRequest, limits: Limits) -> dict:
    """``accord compare --json`` (of the named variants; default all)."""
    def compute():
        scenario = load_source(req, limits, variant=False)
        names = list(scenario.variants) if req.variants is None else list(req.variants)
        for name in names:  # unknown names fail here, and every variant's space is bounded
            check_size(scenario.with_variant(name), limits, name)
        return jobs.compare(scenario, variants=names, limit=limits.max_outcomes).to_json()
    return guarded(compute)


def _strategies(scenario: Scenario, specs: dict[str, str]) -> dict[str, str]:
    """Check each strategy spec first, so a malformed number is a clear 422 (not a crash)."""
    for party, spec in specs.items():
        try:
            make_strategy(spec)
        except (SimulationError, ValueError) as exc:
            raise error(422, f"strategy for {party!r} ({spec!r}): {exc}") from None
    return dict(specs)


def simulate_json(req: m.SimulateRequest, limits: Limits) -> dict:
    """``accord simulate --json`` (one negotiation; ``trace: false`` leaves the trace empty)."""
    def compute():
        scenario = load_source(req, limits)
        return jobs.simulate(scenario, protocol=req.protocol, strategies=_strategies(scenario, req.strategies),
                             rounds=req.rounds, seed=req.seed, discounts=dict(req.discounts), first=req.first,
                             full_information=req.full_information, events=req.events, trace=req.trace).to_json()
    return guarded(compute)


def features(track: bool = False) -> dict[str, bool]:
    """Which optional features this server offers; ``track``: a negotiation store is attached.

    Forecasts, Monte Carlo and reports are part of every installation (a report
    without plotly shows its tables and says how to get the figures)."""
    return {"forecast": True, "montecarlo": True, "report": True, "track": bool(track)}


def forecast_json(req: m.ForecastRequest, limits: Limits) -> dict:
    """``accord forecast --json``: each model's forecast position per issue, and the nearest options."""
    def compute():
        scenario = load_source(req, limits)
        return jobs.forecast(scenario, issue=req.issue, models=req.models, rounds=req.rounds,
                             within_red_lines=req.within_red_lines).to_json()

    return guarded(compute, also=(ForecastError, ValueError))


def montecarlo_json(req: m.MonteCarloRequest, limits: Limits, cancelled: Callable[[], bool] = lambda: False) -> dict:
    """``accord montecarlo --json`` (``--simulate`` with ``simulate``); stops between chunks of draws once the
    request is abandoned."""
    def progress(_phase: str) -> Callable[[int, int], None]:
        def check(_done: int, _total: int) -> None:
            if cancelled():
                raise Abandoned()
        return check

    def compute() -> dict:
        scenario = load_source(req, limits)
        simulated: dict[str, Any] = {}
        if req.simulate:
            simulated = {"simulate": True, "protocol": req.protocol, "rounds": req.rounds, "events": req.events,
                         "strategies": _strategies(scenario, req.strategies)}
        return jobs.montecarlo(scenario, runs=req.runs, seed=req.seed, all_variants=req.all_variants,
                               sensitivity_runs=req.sensitivity_runs, chunk=1024, progress=progress,
                               **simulated).to_json()

    return guarded(compute, also=(ValueError,))


def _edit(change: m.ScenarioEdit) -> Edit:
    """One requested change as an :class:`accord.scenario.edit.Edit` (its YAML text parsed by the safe reader)."""
    where = ".".join(change.path)
    given = [name for name, there in (("value", change.value is not None), ("text", change.text is not None),
                                      ("remove", change.remove)) if there]
    if len(given) != 1:
        raise error(422, f"edit of {where}: give exactly one of value, text or remove (got "
                         f"{', '.join(given) or 'none'})")
    if change.remove:
        return Edit(tuple(change.path), REMOVE)
    if change.text is None:
        return Edit(tuple(change.path), change.value)
    if not change.text.strip():
        return Edit(tuple(change.path), REMOVE)
    try:
        value, _ = parse(change.text, fmt="yaml")
    except ScenarioError as exc:
        raise error(422, f"{where}: {exc.problems[0].message}") from None
    return Edit(tuple(change.path), value)


def edit_json(req: m.EditRequest, limits: Limits) -> dict:
    """Apply the form's edits to the scenario text; the edited text (valid), a file name, and the form's fields.

    The text comes from the request or the built-in; comments are kept where the text can be edited in place
    (:func:`accord.scenario.edit.edit_text`). The edited text is validated like any request's scenario: an
    invalid result is a 422 with every problem's path and line.
    """
    def compute():
        if req.scenario is not None and req.builtin is not None:
            raise error(422, "give either `scenario` (the text) or `builtin` (a name), not both")
        if req.scenario is not None:
            text = req.scenario
        else:
            name = req.builtin or DEFAULT_EXAMPLE
            if name not in builtin_names():
                raise error(422, f"no built-in scenario {name!r}; known: {', '.join(builtin_names())}")
            text = example_path(name).read_text(encoding="utf-8")
        edits = [_edit(change) for change in req.edits]
        edited = edit_text(text, edits, fmt=req.format)
        size = len(edited.text.encode("utf-8"))
        if size > limits.max_body_bytes:
            raise error(413, f"the edited scenario has {size:,} bytes; the limit is {limits.max_body_bytes:,}")
        scenario = _validated(lambda: loads(edited.text, base_dir=None, fmt=edited.format))
        check_size(scenario, limits)
        document, _ = parse(edited.text, fmt=edited.format)
        return {"text": edited.text, "format": edited.format, "file_name": file_name(scenario.name, edited.format),
                "comments_kept": edited.comments_kept, "form": form_fields(document)}

    return guarded(compute)


def report_html(req: m.ReportRequest, limits: Limits) -> str:
    """``accord report``'s briefing (HTML)."""
    return guarded(lambda: jobs.report(load_source(req, limits), seed=req.seed))


def meta_json(limits: Limits, store: Any = None) -> dict:
    return {"version": __version__, "protocols": list(PROTOCOLS), "strategies": sorted(STRATEGIES),
            "limits": limits.to_json(), "features": features(track=store is not None)}


# -- the negotiation store (accord track), when the server is started with one --------------------------------------

NO_STORE = ("no negotiation store is attached to this server; start it with accord serve --db PATH "
            "(a store written by accord track add)")


def open_track_store(target: str) -> Any:
    """Open the store ``accord serve --db`` names; a missing file is refused rather than created empty.

    Raises :class:`accord.store.StoreError` with one line when it cannot be used.
    """
    from pathlib import Path

    from ..store import StoreError, open_store

    if "://" not in target and not Path(target).expanduser().is_file():
        raise StoreError(f"{target}: no such store file (create one with: accord track add SCENARIO --db {target})")
    return open_store(target)


def _store_failure(exc: Exception) -> WebError:
    return error(503, f"the negotiation store could not be read: {exc}")


def track_list_json(store: Any) -> dict:
    """``accord track list --json``: the negotiations in the attached store."""
    from ..store import StoreError

    if store is None:
        raise error(404, NO_STORE)
    try:
        return {"negotiations": store.negotiations()}
    except StoreError as exc:
        raise _store_failure(exc) from None


def track_timeline_json(store: Any, name: str, limits: Limits) -> dict:
    """``accord track timeline NAME --json``, computed by the same function as the command line."""
    from ..store import StoreError, UnknownReference

    if store is None:
        raise error(404, NO_STORE)

    def compute():
        try:
            versions = store.versions(name)
        except UnknownReference:
            known = ", ".join(n["name"] for n in store.negotiations()) or "none"
            raise error(404, f"no negotiation {name!r} in the attached store (known: {known})") from None
        for version in versions:  # every version's outcome space is bounded like any request's
            check_size(version.scenario(), limits, None)
        return jobs.timeline(store, name).to_json()

    try:
        return guarded(compute)
    except StoreError as exc:
        raise _store_failure(exc) from None


_STORES: dict[str, Any] = {}


def _store_at(target: str) -> Any:
    """The store at ``target``, opened once per worker process (workers receive the name, not the open store)."""
    from ..store import StoreError

    if target not in _STORES:
        try:
            _STORES[target] = open_track_store(target)
        except StoreError as exc:
            raise _store_failure(exc) from None
    return _STORES[target]


def track_list_at(target: str) -> dict:
    """:func:`track_list_json` of the store at ``target`` (what a worker process runs)."""
    return track_list_json(_store_at(target))


def track_timeline_at(target: str, name: str, limits: Limits) -> dict:
    """:func:`track_timeline_json` of the store at ``target`` (what a worker process runs)."""
    return track_timeline_json(_store_at(target), name, limits)


__all__ = ["Abandoned", "Limits", "NO_STORE", "WebError", "analyze_json", "builtin_names", "builtin_text", "builtins_json",
           "compare_json", "edit_json", "evaluate_json", "features", "forecast_json", "load_source", "meta_json", "montecarlo_json",
           "open_track_store", "report_html", "simulate_json", "summary", "track_list_at", "track_list_json",
           "track_timeline_at", "track_timeline_json",
           "validate_json"]

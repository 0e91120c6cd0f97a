"""Computing, storing and re-computing runs, and the timeline of a negotiation (no SQL here)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..scenario import Scenario, ScenarioError
from ._canonical import canonical, first_difference, sha256_text
from .errors import StoreError

RUN_KINDS = ("analysis", "simulation", "montecarlo", "forecast")  # what `accord track run --kind` records


def _analysis(model: Scenario, seed: int | None, unlock: bool = True) -> dict:
    from .. import jobs

    return jobs.analyze(model, unlock=unlock).to_json()


def _montecarlo(model: Scenario, seed: int | None, runs: int = 1000, simulate: dict | None = None,
                sensitivity_runs: int = 0) -> dict:
    """The ``accord montecarlo --json`` document of ``runs`` draws; with ``simulate`` (the options of a
    simulation), also a negotiation simulated in every draw. A stored run does the Sobol analysis only when
    its parameters ask for it (``sensitivity_runs``): a timeline needs P(ZOPA) and P(deal)."""
    from .. import jobs

    return jobs.montecarlo(model, runs=runs, seed=seed or 0, simulate=simulate is not None, **(simulate or {}),
                           sensitivity_runs=sensitivity_runs).to_json()


def _simulation(model: Scenario, seed: int | None, **options: Any) -> dict:
    """The ``accord simulate --json`` document; ``options`` are those of :func:`accord.jobs.simulate`."""
    from .. import jobs

    return jobs.simulate(model, seed=seed or 0, **options).to_json()


def _forecast(model: Scenario, seed: int | None, models: list | None = None, rounds: int = 100) -> dict:
    from .. import jobs

    return jobs.forecast(model, models=models, rounds=rounds).to_json()


COMPUTE: dict[str, Callable[..., dict[str, Any]]] = {"analysis": _analysis, "montecarlo": _montecarlo,
                                                     "simulation": _simulation, "forecast": _forecast}


def compute(kind: str, scenario: Scenario, parameters: dict, seed: int | None) -> dict:
    """The JSON result of a run of ``kind`` with ``parameters`` (``variant`` is applied first)."""
    if kind not in COMPUTE:
        raise StoreError(f"unknown run kind {kind!r}: accord {__version__} knows {', '.join(RUN_KINDS)}")
    params = dict(parameters)
    variant = params.pop("variant", None)
    return COMPUTE[kind](scenario.with_variant(variant), seed, **params)


def record(store, version, kind: str, parameters: dict, seed: int | None):
    """Compute a run on a stored version and store it; returns the stored run."""
    result = compute(kind, version.scenario(), parameters, seed)
    return store.add_run(version, kind, parameters, seed, result)


@dataclass(frozen=True)
class Rerun:
    """What re-running a stored run found. ``reproduced`` is None when it could not be recomputed."""

    run_id: int
    kind: str
    reproduced: bool | None
    reasons: tuple[str, ...] = field(default=())
    stored_sha256: str | None = None
    new_sha256: str | None = None

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self) -> dict:
        return {"run": self.run_id, "kind": self.kind, "reproduced": self.reproduced, "reasons": list(self.reasons),
                "stored_sha256": self.stored_sha256, "new_sha256": self.new_sha256}

    def message(self) -> str:
        if self.reproduced:
            head = f"run {self.run_id} ({self.kind}) reproduces bit for bit (sha256 {(self.new_sha256 or '')[:12]})"
        elif self.reproduced is False:
            head = f"run {self.run_id} ({self.kind}) does NOT reproduce"
        else:
            head = f"run {self.run_id} ({self.kind}) cannot be recomputed"
        return head + ("".join(f"\n  - {r}" for r in self.reasons))


def rerun(store, run_id: int) -> Rerun:
    """Recompute a stored run and compare canonical JSON byte for byte, or say exactly why it cannot."""
    from .db import document_hash, environment

    run = store.run(run_id)
    base = dict(run_id=run.id, kind=run.kind, stored_sha256=run.result_sha256)
    if run.kind not in COMPUTE:
        return Rerun(**base, reproduced=None, reasons=(
            f"kind {run.kind!r} is not known to accord {__version__} (it knows {', '.join(RUN_KINDS)}); "
            f"the run was stored by accord {run.accord_version}",))
    stored = canonical(json.loads(run.result_text))
    if sha256_text(stored) != run.result_sha256:
        return Rerun(**base, reproduced=None, reasons=("the stored result does not match its stored sha256: "
                                                       "the store was altered or is damaged",))
    version = store.version_by_id(run.version_id)
    if document_hash(version.document, version.sources) != version.sha256:
        return Rerun(**base, reproduced=None, reasons=(f"version {version.ref}'s document does not match its sha256: "
                                                       "the store was altered or is damaged",))
    notes = []
    if run.accord_version != __version__:
        notes.append(f"stored by accord {run.accord_version}, this is accord {__version__}")
    now_env = environment()
    for key in sorted(set(run.environment) | set(now_env)):
        if run.environment.get(key) != now_env.get(key):
            notes.append(f"{key} was {run.environment.get(key)}, now {now_env.get(key)}")
    try:
        result = compute(run.kind, version.scenario(), run.parameters, run.seed)
    except ScenarioError as exc:
        return Rerun(**base, reproduced=None, reasons=tuple(notes) + (
            f"accord {__version__} no longer accepts the stored scenario: {exc.problems[0]}",))
    except TypeError as exc:
        return Rerun(**base, reproduced=None, reasons=tuple(notes) + (
            f"the stored parameters {canonical(run.parameters)} are not understood by accord {__version__}: {exc}",))
    except StoreError as exc:
        return Rerun(**base, reproduced=None, reasons=tuple(notes) + (str(exc),))
    text = canonical(result)
    new_sha = sha256_text(text)
    if text == stored:
        return Rerun(**base, reproduced=True, reasons=tuple(notes), new_sha256=new_sha)
    where = first_difference(json.loads(run.result_text), json.loads(text)) or "same values, different bytes"
    return Rerun(**base, reproduced=False, reasons=tuple(notes) + (f"first difference at {where}",), new_sha256=new_sha)


def timeline(store, name: str) -> list[dict]:
    """Per version (by as-of date): ZOPA size, blockers, Nash deal, P(ZOPA) from the latest stored Monte Carlo,
    and P(deal) from the latest one that also simulated the negotiation."""
    from ..analysis import analyze

    rows = []
    for version in store.versions(name):
        model = version.scenario()
        found = analyze(model, unlock=False)
        nash = found.solutions.get("nash")
        mc = [r for r in store.runs(version_id=version.id)
              if r.kind == "montecarlo" and r.parameters.get("variant") is None]
        latest = mc[-1] if mc else None
        simulated = [r for r in mc if r.result.get("p_agreement") is not None]
        deal = simulated[-1] if simulated else None
        rows.append({
            "version": version.number, "ref": version.ref, "as_of": version.as_of.isoformat(), "note": version.note,
            "sha256": version.sha256, "outcomes": found.outcomes, "zopa": found.acceptable,
            "blockers": [b.to_json() for b in found.blockers],
            "nash": nash.to_json() if nash else None,
            "p_zopa": latest.result.get("p_zopa") if latest else None,
            "p_zopa_ci": latest.result.get("p_zopa_ci") if latest else None,
            "montecarlo_run": latest.id if latest else None,
            "p_deal": deal.result["p_agreement"] if deal else None,
            "p_deal_ci": deal.result["p_agreement_ci"] if deal else None,
            "simulation_montecarlo_run": deal.id if deal else None,
        })
    return rows


@dataclass(frozen=True)
class Timeline:
    """A negotiation's stored versions, one row each (:func:`timeline`); owns the timeline document."""

    negotiation: str
    versions: tuple[dict, ...]

    @classmethod
    def of(cls, store, name: str) -> Timeline:
        return cls(name, tuple(timeline(store, name)))

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per stored version (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self) -> dict:
        """``accord track timeline NAME --json`` and ``GET /api/track/{name}/timeline``:
        ``{"negotiation", "versions": [...]}``."""
        return {"negotiation": self.negotiation, "versions": [dict(row) for row in self.versions]}


def timeline_json(store, name: str) -> dict:
    """``Timeline.of(store, name).to_json()``."""
    return Timeline.of(store, name).to_json()

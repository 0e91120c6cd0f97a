"""The result of forecasting a scenario (or a table): one object, one JSON contract.

``accord forecast --json``, ``POST /api/forecast`` and the store's forecast
runs all print or keep :meth:`Forecast.to_json`; nothing else builds that
document. The contract (``docs/scenario-format.md``)::

    {"issues": {ISSUE: {MODEL: position, ..., "challenge": {"position", "rounds"}}},
     "options": {ISSUE: {MODEL: nearest option}},                  # scenarios only
     "red_lines_crossed": {ISSUE: {MODEL: [party, ...]}},          # scenarios only
     "within_red_lines": {ISSUE: true | false},                    # with within_red_lines
     "samples": N, "seed": S, "distribution": {ISSUE: {MODEL: {"mean", "q05", ..., "q95"}}},
     "uncertain_inputs": {ISSUE: true | false},                    # with samples
     "smp": {"states": N, "positions": {ACTOR: {DIMENSION: [...]}}, "prob": {ACTOR: [...]}}}  # with SMP

``issues`` is left out when only SMP ran (a KTAB file, or ``--model smp``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..scenario import Scenario


@dataclass(frozen=True)
class Forecast:
    """Each model's forecast per issue, and optionally its spread over seeded draws.

    ``found`` is what :func:`accord.forecast.scenario.forecast_scenario` (or
    :func:`accord.forecast.forecast_positions` on a table) returns:
    ``{issue: {model: {"position", "option", "label", ...}}}``; ``distribution``
    is :func:`accord.forecast.sampled.forecast_distribution`'s
    ``{issue: {model: quantiles}}`` over ``samples`` draws from ``seed``;
    ``uncertain_inputs`` says per issue whether any uncertain number changed
    the models' inputs over those draws (if not, every quantile is the
    forecast itself).
    """

    found: dict[str, dict[str, dict[str, Any]]]
    distribution: dict[str, dict[str, dict[str, float]]] | None = None
    samples: int = 0
    seed: int = 0
    scenario: str | None = field(default=None, compare=False)
    uncertain_inputs: dict[str, bool] | None = None
    smp: dict[str, Any] | None = None
    scenario_model: Scenario | None = field(default=None, compare=False, repr=False)
    """The scenario forecast (not serialised): figures label panels with its issues' names and options."""

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self, part: str | None = None) -> Any:
        """A tidy pandas DataFrame: one row per issue and model (``part="issues"``, the default when issues
        were forecast) or per SMP state, actor and dimension (``part="smp"``) (docs/notebooks.md)."""
        from ..notebook import frame

        return frame(self, part=part)

    def to_json(self) -> dict[str, Any]:
        """The ``accord forecast --json`` document: per issue, each model's value as its registry entry
        writes it (a number, or the position with its detail: the challenge model's rounds)."""
        from .registry import MODELS

        issues: dict[str, dict[str, Any]] = {}
        options: dict[str, dict[str, Any]] = {}
        crossed: dict[str, dict[str, list[str]]] = {}
        within: dict[str, bool] = {}
        for issue_id, models in self.found.items():
            issues[issue_id] = {name: MODELS[name].to_json(entry) for name, entry in models.items()}
            if any("option" in entry for entry in models.values()):
                options[issue_id] = {name: entry["option"] for name, entry in models.items()}
            if any("red_lines_crossed" in entry for entry in models.values()):
                crossed[issue_id] = {name: list(entry["red_lines_crossed"]) for name, entry in models.items()}
            if any("within_red_lines" in entry for entry in models.values()):
                within[issue_id] = all(entry["within_red_lines"] for entry in models.values())
        data: dict[str, Any] = {"issues": issues} if self.found or self.smp is None else {}
        if options:
            data["options"] = options
        if crossed:
            data["red_lines_crossed"] = crossed
        if within:
            data["within_red_lines"] = within
        if self.distribution:
            data.update(distribution=self.distribution, samples=self.samples, seed=self.seed)
            if self.uncertain_inputs is not None:
                data["uncertain_inputs"] = self.uncertain_inputs
        if self.smp is not None:
            data["smp"] = self.smp
        return data


__all__ = ["Forecast"]

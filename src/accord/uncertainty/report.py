"""The result of ``accord montecarlo``: one object that owns the JSON document and the per-draw table.

A :class:`MonteCarloReport` gathers the phases of one Monte Carlo request
(computed by :func:`accord.jobs.montecarlo`):

- the analysis of every draw (:class:`~accord.uncertainty.montecarlo.MonteCarloResult`),
  or of the base and every variant on the same draws
  (:class:`~accord.uncertainty.montecarlo.VariantComparison`, ``--all-variants``);
- optionally a simulated negotiation per draw
  (:class:`~accord.uncertainty.simulation.SimulationMonteCarlo`, ``--simulate``),
  and with ``--all-variants`` of every variant on the same draws;
- optionally the Sobol analysis and the tornado
  (:class:`~accord.uncertainty.sobol.Sensitivity`).

:meth:`MonteCarloReport.to_json` is the ``accord montecarlo --json``
document of ``docs/scenario-format.md``; ``POST /api/montecarlo`` and the
store's Monte Carlo runs return the same document. :meth:`to_rows` is the
per-draw table of ``--out``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..stats import paired_difference
from .montecarlo import MonteCarloResult, VariantComparison
from .simulation import STATUSES, SimulationMonteCarlo
from .sobol import Sensitivity

_SUMMARY_KEYS = ("runs", "seed", "p_zopa", "p_zopa_ci", "interrupted", "nash_deals", "deal_gap", "blockers")
_SIMULATION_KEYS = ("p_agreement", "p_agreement_ci", "p_walkout", "rounds_to_deal", "deals")


def _summary(result: MonteCarloResult) -> dict[str, Any]:
    data = result.to_json()
    return {k: data[k] for k in _SUMMARY_KEYS if k in data}


def _simulation_columns(sim: SimulationMonteCarlo) -> list[str]:
    return (["sim_status", "sim_agreement", "sim_round", "sim_agreement_round", "sim_walkout_by"]
            + [f"deal_{issue.id}" for issue in sim.issues] + [f"deal_u_{actor}" for actor in sim.actors])


def _simulation_row(sim: SimulationMonteCarlo, r: int) -> dict[str, Any]:
    """What the simulated talks of draw ``r`` found (the columns of :func:`_simulation_columns`)."""
    status = STATUSES[int(sim.status[r])]
    agreed = status == "agreement"
    walkout = int(sim.walkout_by[r])
    row: dict[str, Any] = {"sim_status": status, "sim_agreement": agreed, "sim_round": int(sim.round[r]),
                           "sim_agreement_round": int(sim.round[r]) if agreed else None,
                           "sim_walkout_by": sim.parties[walkout] if walkout >= 0 else None}
    for issue, k in zip(sim.issues, sim.deal_options[r]):
        row[f"deal_{issue.id}"] = issue.options[int(k)] if agreed else None
    for j, actor in enumerate(sim.actors):
        value = float(sim.utilities[r, j])
        row[f"deal_u_{actor}"] = value if agreed and np.isfinite(value) else None
    return row


@dataclass(frozen=True, eq=False)
class MonteCarloReport:
    """Everything one Monte Carlo request computed, on the same seeded draws.

    ``analysis``: the scenario's per-draw analysis; ``comparison``: set
    instead when every variant was run on the same draws (its ``base`` is the
    scenario's analysis); ``simulation``: the per-draw simulated
    negotiations; ``variant_simulations``: those of each variant (with
    ``comparison``), on the same draws and negotiation seeds;
    ``sensitivity``: the Sobol analysis and tornado.
    """

    scenario: str
    variant: str | None
    analysis: MonteCarloResult
    comparison: VariantComparison | None = None
    simulation: SimulationMonteCarlo | None = None
    sensitivity: Sensitivity | None = None
    variant_simulations: dict[str, SimulationMonteCarlo] = field(default_factory=dict)

    @property
    def interrupted(self) -> bool:
        """Ctrl-C stopped one of the phases (the later ones were then skipped)."""
        parts = (self.analysis, self.simulation, self.sensitivity, *self.variant_simulations.values())
        return any(part is not None and part.interrupted for part in parts)

    @property
    def outcome_constant(self) -> bool:
        """Every draw analysed gives the same answer to "is there a zone of agreement?" (the scenario's, and
        each variant's within itself): no uncertain number, nor any red line's ``holds``, changed it."""
        results = [self.analysis] + ([row.result for row in self.comparison.rows] if self.comparison else [])
        return all(result.zopa_count in (0, result.runs) for result in results)

    def _simulated(self, name: str) -> dict[str, Any]:
        """P(agreement) of variant ``name``'s simulated talks and the paired difference from the scenario's."""
        sim = self.variant_simulations[name]
        data: dict[str, Any] = {"p_agreement": sim.p_agreement if sim.runs else None,
                                "p_agreement_ci": list(sim.p_agreement_ci)}
        if self.simulation is not None:
            n = min(sim.runs, self.simulation.runs)
            difference, ci = paired_difference(sim.status[:n] == 0, self.simulation.status[:n] == 0)
            data.update({"agreement_difference": _finite(difference),
                         "agreement_difference_ci": [_finite(x) for x in ci]})
        return data

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per draw (and variant): :meth:`to_rows` (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self) -> dict[str, Any]:
        """The ``accord montecarlo --json`` document (``docs/scenario-format.md``).

        ``scenario``, ``variant``, ``runs``, ``seed``, ``p_zopa`` with its 95%
        Wilson interval ``p_zopa_ci``, ``nash_deals``, ``deal_gap``,
        ``blockers``; ``variants`` with every variant (and, with the
        simulation, each variant's ``p_agreement``, ``p_agreement_ci`` and the
        paired ``agreement_difference`` from the scenario's); ``p_agreement``,
        ``p_agreement_ci``, ``p_walkout``, ``rounds_to_deal``, ``deals`` with the
        simulation; ``sensitivity_output``, ``sensitivity`` (by total index,
        largest first, each with the bootstrap intervals ``index_ci`` and ``first_ci``),
        ``sensitivity_meaningful`` and ``sensitivity_reason`` (false, and why, when the output barely
        varies: :func:`accord.uncertainty.sobol.meaningful`), ``tornado`` and ``credibility`` (the red line whose
        ``holds`` matters most, or null) with the sensitivity analysis;
        ``outcome_constant`` (every draw gives the same ZOPA answer);
        ``interrupted``.
        """
        data: dict[str, Any] = {"scenario": self.scenario, "variant": self.variant}
        data.update(_summary(self.analysis))
        if self.comparison is not None:
            data["variants"] = {row.variant: {**_summary(row.result), "difference": row.difference,
                                              "difference_ci": list(row.difference_ci),
                                              **(self._simulated(row.variant)
                                                 if row.variant in self.variant_simulations else {})}
                                for row in self.comparison.rows}
        if self.simulation is not None:
            simulated = self.simulation.to_json()
            data.update({k: simulated[k] for k in _SIMULATION_KEYS})
        if self.sensitivity is not None:
            found = self.sensitivity
            # P(ZOPA)'s indicator may not vary at all (red lines block every draw): then the deal gap speaks
            data["sensitivity_output"] = found.headline_output
            data["sensitivity"] = sorted(({"parameter": r["parameter"], "index": r["index"], "first": r["first"],
                                           "index_ci": r["index_ci"], "first_ci": r["first_ci"]}
                                          for r in found.indices()), key=lambda r: -r["index"])
            ok, reason = found.meaningful()
            data["sensitivity_meaningful"], data["sensitivity_reason"] = ok, reason
            data["tornado"] = list(found.tornado)
            credibility = found.credibility
            data["credibility"] = None if credibility is None else {
                "parameter": credibility["parameter"], "index": credibility["index"], "first": credibility["first"]}
        data["outcome_constant"] = self.outcome_constant
        data["interrupted"] = self.interrupted
        return data

    def to_rows(self) -> Iterator[dict[str, Any]]:
        """One row per draw (and per variant with ``comparison``): the analysis columns of
        :meth:`MonteCarloResult.to_rows`, then, with a simulation, what it found in that draw:

        ``sim_status`` (agreement, deadline, walkout), ``sim_agreement`` (bool),
        ``sim_round`` (the round the talks ended in), ``sim_agreement_round``
        (that round when they agreed, else None), ``sim_walkout_by``, the deal's
        option per issue (``deal_<issue>``) and each actor's utility of it
        (``deal_u_<actor>``), None without an agreement. Each variant's rows
        carry its own simulated talks (None where it was not simulated).
        """
        analysis = self.comparison.to_rows() if self.comparison is not None else self.analysis.to_rows()
        if self.simulation is None:
            yield from analysis
            return
        sims: dict[str | None, SimulationMonteCarlo] = {self.simulation.variant: self.simulation}
        sims.update(self.variant_simulations)
        empty = dict.fromkeys(_simulation_columns(self.simulation))
        for row in analysis:
            r = row["run"]
            sim = sims.get(row["variant"])
            if sim is not None and r < sim.runs:
                yield {**row, **_simulation_row(sim, r)}
            else:
                yield {**row, **empty}

def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


__all__ = ["MonteCarloReport"]

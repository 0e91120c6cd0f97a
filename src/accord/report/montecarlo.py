"""The Monte Carlo part of a report: the runs ``accord.uncertainty`` computes, and their figures.

Shared by the HTML briefing (and so its PDF) and the PNG figures so that both show
the same numbers. What is run for ``accord report --montecarlo N --seed S``:

- the scenario and, when no variant is applied, every variant on the same N
  draws (``compare_variants``: paired), else the scenario alone;
- the Sobol analysis and the tornado (``sensitivity``, min(N, 1024) base
  draws) of one *subject*: the scenario itself, unless no draw of it has a
  zone of agreement (its red lines decide every draw, so nothing varies);
  then the what-if whose P(ZOPA) is nearest 50% among those that open a zone
  in some draw (where the uncertain numbers matter most). The Nash-utility
  histograms are of the same subject.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..scenario import Scenario
from ..uncertainty.sobol import SENSITIVITY_RUNS  # base draws: min(N, this), as accord montecarlo
from .uncertainty_figures import (
    montecarlo_histogram_figure,
    nash_utilities_figure,
    probability_figure,
    sensitivity_figure,
    tornado_figure,
)

SIMULATED_DRAWS = 250  # the most draws simulated per scenario and variant in a report (one negotiation each)


@dataclass
class MonteCarloSection:
    """The runs behind a report's Monte Carlo section and the figures drawn from them."""

    runs: int
    seed: int
    base: Any                         # MonteCarloResult of the scenario
    comparison: Any = None            # VariantComparison, when the variants were run too
    subject: str | None = None        # the variant the sensitivity and Nash utilities are about (None: the scenario)
    sensitivity: Any = None           # Sensitivity of the subject (None without uncertain numbers)
    figures: dict[str, dict] = field(default_factory=dict)
    simulations: dict[str | None, Any] = field(default_factory=dict)  # SimulationMonteCarlo by variant (None: base)

    def p_deal(self, variant: str | None) -> tuple[float, float, float, int] | None:
        """P(a deal in simulated talks) of ``variant`` (None: the scenario): (p, low, high, draws), or None."""
        sim = self.simulations.get(variant)
        if sim is None or not sim.runs:
            return None
        low, high = sim.p_agreement_ci
        return sim.p_agreement, low, high, sim.runs


def _subject(base: Any, comparison: Any) -> tuple[str | None, Any]:
    if base.zopa_count or comparison is None:
        return None, base
    opening = [row for row in comparison.rows if row.result.zopa_count]
    if not opening:
        return None, base
    row = min(opening, key=lambda r: abs(r.result.p_zopa - 0.5))
    return row.variant, row.result


def montecarlo_report(scenario: Scenario, runs: int, seed: int,
                      sensitivity_runs: int = SENSITIVITY_RUNS, simulate: bool = False) -> MonteCarloSection:
    """Run the Monte Carlo, the variants on the same draws and the sensitivity analysis; draw the figures.

    With ``simulate``, also simulate the talks of the scenario and of each variant on the first
    min(``runs``, ``SIMULATED_DRAWS``) draws (P(a deal) per what-if).
    """
    from ..uncertainty import compare_variants, monte_carlo, monte_carlo_simulation, sensitivity

    comparison = None
    if scenario.variant is None and scenario.variants:
        comparison = compare_variants(scenario, None, runs, seed)
        base = comparison.base
    else:
        base = monte_carlo(scenario, runs, seed)
    found = MonteCarloSection(runs=base.runs, seed=seed, base=base, comparison=comparison)
    if comparison is not None:
        found.figures["probability"] = probability_figure(comparison)
    found.figures["histogram"] = montecarlo_histogram_figure(comparison if comparison is not None else base)
    found.subject, result = _subject(base, comparison)
    if result.zopa_count:
        found.figures["nash-utilities"] = nash_utilities_figure(result)
    if simulate:
        draws = min(runs, SIMULATED_DRAWS)
        found.simulations[None] = monte_carlo_simulation(scenario, draws, seed)
        for row in comparison.rows if comparison is not None else ():
            found.simulations[row.variant] = monte_carlo_simulation(scenario.with_variant(row.variant), draws, seed)
    if (scenario.uncertain or scenario.holds_paths) and sensitivity_runs > 0:
        target = scenario if found.subject is None else scenario.with_variant(found.subject)
        found.sensitivity = sensitivity(target, min(runs, sensitivity_runs), seed)
        found.figures["tornado"] = tornado_figure(found.sensitivity)
        found.figures["sensitivity"] = sensitivity_figure(found.sensitivity)
    return found


__all__ = ["MonteCarloSection", "SENSITIVITY_RUNS", "SIMULATED_DRAWS", "montecarlo_report"]

"""Static output (the briefing's figures as PNG files) with matplotlib, an optional extra. The PDF is the HTML
briefing printed by Chromium: :mod:`.pdf`."""

from __future__ import annotations

from pathlib import Path

from ..analysis import analyze, compare
from ..scenario import Scenario
from .figures import outcome_space_figure, red_line_figure, save_png, variants_figure
from .forecast_figures import forecast_rounds_figure, scenario_smp, smp_positions_figure


def _figures(scenario: Scenario, montecarlo: int = 0, seed: int = 0) -> dict[str, dict]:
    """The briefing's figures by name (``smp`` when the scenario can be an SMP input); with ``montecarlo`` N, also
    those of :func:`.montecarlo.montecarlo_report` (``montecarlo-probability``, ``montecarlo-histogram``, ``montecarlo-nash-utilities``, ``montecarlo-tornado``,
    ``montecarlo-sensitivity``, as far as they apply)."""
    analysis = analyze(scenario)
    figures = {"outcome-space": outcome_space_figure(scenario, analysis), "red-lines": red_line_figure(scenario)}
    if scenario.variants and scenario.variant is None:
        figures["variants"] = variants_figure(compare(scenario), scenario.parties)
    try:
        from ..forecast.scenario import forecast_scenario
    except ImportError:  # forecasting is not part of this installation
        pass
    else:
        figures["forecast"] = forecast_rounds_figure(forecast_scenario(scenario), scenario)
        smp = scenario_smp(scenario)
        if smp is not None:
            figures["smp"] = smp_positions_figure(smp, scenario)
    if montecarlo:
        from .montecarlo import montecarlo_report

        found = montecarlo_report(scenario, montecarlo, seed)
        figures.update({f"montecarlo-{name}": figure for name, figure in found.figures.items()})
    return figures


def write_pngs(scenario: Scenario, path: Path, *, montecarlo: int = 0, seed: int = 0) -> list[Path]:
    """The briefing's figures as PNG files: ``path`` itself (outcome space) and ``STEM-NAME.png`` for the others
    (``montecarlo`` N adds the Monte Carlo figures)."""
    written = []
    for name, figure in _figures(scenario, montecarlo, seed).items():
        target = path if name == "outcome-space" else path.with_name(f"{path.stem}-{name}{path.suffix or '.png'}")
        save_png(figure, str(target))
        written.append(target)
    return written

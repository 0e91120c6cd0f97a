"""Static output (PNG figures, a PDF briefing) with matplotlib, an optional extra."""

from __future__ import annotations

from pathlib import Path

from ..analysis import analyze, compare
from ..scenario import Scenario
from .figures import outcome_space_figure, red_line_figure, save_png, variants_figure
from .forecast_figures import forecast_rounds_figure, scenario_smp, smp_positions_figure


def _figures(scenario: Scenario, montecarlo: int = 0, seed: int = 0, found=None) -> dict[str, dict]:
    """The briefing's figures by name (``smp`` when the scenario can be an SMP input); with ``montecarlo`` N, also
    those of :func:`.montecarlo.montecarlo_report` (``montecarlo-probability``, ``montecarlo-histogram``, ``montecarlo-nash-utilities``, ``montecarlo-tornado``,
    ``montecarlo-sensitivity``, as far as they apply); ``found``: that report, when already run."""
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
        if found is None:
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


def write_pdf(scenario: Scenario, path: Path, *, montecarlo: int = 0, seed: int = 0) -> Path:
    """A short PDF briefing: the bottom line as text, then the figures, one per page (``montecarlo`` N adds
    P(ZOPA) to the text and the Monte Carlo figures)."""
    from ..errors import require

    matplotlib = require("matplotlib", "report", "PDF output")  # an optional extra: MissingExtra if absent
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    found = analyze(scenario)
    lines = [scenario.name + (f" (variant {scenario.variant})" if scenario.variant else ""), ""]
    if found.acceptable:
        nash = found.solutions["nash"]
        assert nash is not None  # a non-empty ZOPA always has a Nash deal
        lines += [f"A deal is possible: {found.acceptable} of {found.outcomes} packages are acceptable to every party.",
                  "Nash deal: " + ", ".join(f"{k}={v}" for k, v in nash.outcome.items())]
    else:
        lines += ["No deal is possible as things stand.", *("Blocked: " + b.describe() for b in found.blockers)]
        lines += ["What would open it:", *(f"  {u.description} (opens {u.acceptable})" for u in found.unlock[:5])]
    report = None
    if montecarlo:
        from .montecarlo import montecarlo_report

        report = montecarlo_report(scenario, montecarlo, seed)
        low, high = report.base.p_zopa_ci
        lines += ["", f"Monte Carlo ({report.base.runs:,} draws, seed {seed}): P(a zone of agreement) = "
                      f"{report.base.p_zopa:.1%} (95% interval {low:.1%} to {high:.1%})."]
        if report.comparison is not None:
            lines += [f"  {row.variant}: {row.result.p_zopa:.1%} ({row.difference:+.1%} vs base, paired)"
                      for row in report.comparison.rows]
        if report.subject:
            lines.append(f"Nash utilities and sensitivity figures: the what-if {report.subject}.")
    pngs = []
    with PdfPages(path) as pdf:
        page = plt.figure(figsize=(8.27, 11.69))
        page.text(0.08, 0.95, "\n".join(lines), va="top", family="sans-serif", fontsize=10, wrap=True)
        pdf.savefig(page)
        plt.close(page)
        for name, figure in _figures(scenario, montecarlo, seed, report).items():
            png = path.with_name(f".{path.stem}-{name}.png")
            save_png(figure, str(png))
            pngs.append(png)
            image = plt.imread(png)
            fig = plt.figure(figsize=(8.27, 6))
            fig.figimage(image, resize=True)
            pdf.savefig(fig)
            plt.close(fig)
    for png in pngs:
        png.unlink(missing_ok=True)
    return path

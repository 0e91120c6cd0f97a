"""Static output (PNG figures, a PDF briefing) with matplotlib, an optional extra."""

from __future__ import annotations

from pathlib import Path

from ..analysis import analyze, compare
from ..scenario import Scenario
from .figures import outcome_space_figure, red_line_figure, save_png, variants_figure


def _figures(scenario: Scenario) -> dict[str, dict]:
    found = analyze(scenario)
    figures = {"outcome-space": outcome_space_figure(scenario, found), "red-lines": red_line_figure(scenario)}
    if scenario.variants and scenario.variant is None:
        figures["variants"] = variants_figure(compare(scenario), scenario.parties)
    return figures


def write_pngs(scenario: Scenario, path: Path) -> list[Path]:
    """The briefing's figures as PNG files: ``path`` itself (outcome space) and ``STEM-NAME.png`` for the others."""
    written = []
    for name, figure in _figures(scenario).items():
        target = path if name == "outcome-space" else path.with_name(f"{path.stem}-{name}{path.suffix or '.png'}")
        save_png(figure, str(target))
        written.append(target)
    return written


def write_pdf(scenario: Scenario, path: Path) -> Path:
    """A short PDF briefing: the bottom line as text, then the figures, one per page."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.backends.backend_pdf import PdfPages
    except ImportError as exc:
        raise RuntimeError("PDF output needs matplotlib: pip install 'accord[report]'") from exc
    found = analyze(scenario)
    lines = [scenario.name + (f" (variant {scenario.variant})" if scenario.variant else ""), ""]
    if found.acceptable:
        nash = found.solutions["nash"]
        lines += [f"A deal is possible: {found.acceptable} of {found.outcomes} packages are acceptable to every party.",
                  "Nash deal: " + ", ".join(f"{k}={v}" for k, v in nash.outcome.items())]
    else:
        lines += ["No deal is possible as things stand.", *("Blocked: " + b.describe() for b in found.blockers)]
        lines += ["What would open it:", *(f"  {u.description} (opens {u.acceptable})" for u in found.unlock[:5])]
    pngs = []
    with PdfPages(path) as pdf:
        page = plt.figure(figsize=(8.27, 11.69))
        page.text(0.08, 0.95, "\n".join(lines), va="top", family="sans-serif", fontsize=10, wrap=True)
        pdf.savefig(page)
        plt.close(page)
        for name, figure in _figures(scenario).items():
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

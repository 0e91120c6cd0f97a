"""Reports: figures (plotly dictionaries, matplotlib PNGs) and the HTML briefing (an edge layer)."""

from ._briefing import briefing, smp_briefing
from .figures import concession_figure, outcome_space_figure, red_line_figure, save_png, variants_figure
from .forecast_figures import challenge_positions_figure, forecast_rounds_figure, smp_positions_figure
from .timeline import timeline_figure, timeline_html
from .uncertainty_figures import (
                                  montecarlo_histogram_figure,
                                  nash_utilities_figure,
                                  probability_figure,
                                  sensitivity_figure,
                                  tornado_figure,
)

__all__ = ["briefing", "challenge_positions_figure", "concession_figure", "forecast_rounds_figure",
           "montecarlo_histogram_figure", "nash_utilities_figure", "outcome_space_figure", "probability_figure",
           "red_line_figure", "save_png", "sensitivity_figure", "smp_briefing", "smp_positions_figure", "timeline_figure",
           "timeline_html", "tornado_figure", "variants_figure"]

from .._callable import make_callable  # noqa: E402  (accord.report(...) is the entry point of accord._api)

make_callable(__name__)

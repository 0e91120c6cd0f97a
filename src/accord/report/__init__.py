"""Reports: figures (plotly dictionaries, matplotlib PNGs) and the HTML briefing (an edge layer)."""

from .briefing import briefing
from .figures import concession_figure, outcome_space_figure, red_line_figure, save_png, variants_figure

__all__ = ["briefing", "concession_figure", "outcome_space_figure", "red_line_figure", "save_png", "variants_figure"]
